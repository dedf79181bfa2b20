// Package bot is planbot's Slack adapter: it routes Socket Mode envelopes
// to handlers, renders Block Kit views in English and French, and talks to
// Slack only through slack-go.
//
// Several processes may serve one Slack app on one database, each with its
// own Socket Mode connection. What a process keeps in memory allows it:
// every plan, decision and list is read from the database for each
// request, never cached; the user cache holds Slack's profile data only
// (locale and zone), refetched within an hour; events are claimed in the
// database (events.go); and the Home last published to each user is
// recorded there, with Slack's hash of it, so that no process skips a Home
// or publishes over a newer one because of what it alone remembers
// (home.go). The per-user Home lock only orders this process's publishes.
package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/planbot/planbot/bot/slackcall"
	"github.com/planbot/planbot/plan"
)

// Bot serves Slack over Socket Mode. Set the exported fields, then call Run.
type Bot struct {
	API    *slack.Client
	Socket *socketmode.Client
	Events EventClaimer

	// The services of the plan and of each step, in the order of the
	// method.
	Plans       plan.PlanService
	Goals       plan.GoalService
	Personas    plan.PersonaService
	Strategy    plan.StrategyService
	Content     plan.ContentService
	CTAs        plan.CTAService
	Channels    plan.ChannelService
	Experiments plan.ExperimentService
	Engagement  plan.EngagementService
	Reminders   plan.ReminderService
	Metrics     plan.MetricService
	Adapt       plan.AdaptService
	// Snapshots read a plan, or a user's plans, at once: for /plan status,
	// the App Home and the review of step 9.
	Snapshots plan.SnapshotService
	// Imports store the results imported from files dropped in Slack, and
	// the mappings they were made with (issue 16).
	Imports plan.ImportService
	// Approvals hold each plan's approval policy and its items' review
	// histories; CheckIns the goal check-ins and their schedule (issue 17).
	Approvals plan.ApprovalService
	CheckIns  CheckInStore
	// Reports render the monthly report (report.Renderer), and Charts
	// draw its KPI charts; without Charts the report has none.
	Reports ReportRenderer
	Charts  ChartRenderer

	Logger *slog.Logger
	Now    func() time.Time

	// DefaultLang is used when a user's Slack locale is unknown.
	DefaultLang Lang
	// DefaultTZ is the IANA zone of new plans when the user's is unknown.
	DefaultTZ string
	// AckTimeout bounds a single ack; Slack's deadline is 3 s end to end.
	AckTimeout time.Duration
	// TriggerLife is how long a trigger ID lets the bot open a modal:
	// Slack's 3 s, which the waits before a form opens share. Tests on a
	// fake Slack whose triggers live longer (a loaded machine) set it to
	// match.
	TriggerLife time.Duration
	// HandlerTimeout bounds the work done for one envelope.
	HandlerTimeout time.Duration
	// MaxInFlight bounds the envelopes handled at once.
	MaxInFlight int

	// Calls is the Slack call policy every Web API call of the bot goes
	// through (bot/slackcall); built from API when nil. cmd/planbot shares
	// one with the Notifier, so that notes and reminders pace each
	// channel together.
	Calls *slackcall.Client
	// Outbox keeps decision notes from the ack until they are in Slack, so
	// that a process killed in between does not lose them; nil: they are
	// posted from memory only.
	Outbox plan.OutboxService
	// Stash keeps the modals Slack did not let the bot open in time, for
	// the button that opens them again; nil: kept in this process only.
	Stash ViewStash
	// BackgroundTimeout bounds an effect done after the ack, in the
	// background (a note, a message update, a Home publish, an upload):
	// default 5 minutes, however long Slack rate-limits.
	BackgroundTimeout time.Duration
	// DrainTimeout bounds how long Run waits at shutdown for the effects
	// still in the background; default 10 s. Notes are in the outbox
	// anyway: the next process posts what is left.
	DrainTimeout time.Duration
	// OutboxInterval is how often posts left in the outbox (by a process
	// that stopped, or by Slack failing for minutes) are taken over and
	// posted; default 10 s, negative: never (tests call FlushOutbox).
	OutboxInterval time.Duration
	// MemberTTL is how long the channels a user is in are cached for the
	// membership checks of Home and its modals; default one minute.
	MemberTTL time.Duration
	// ID names this process in the claims of events (see EventClaimer)
	// and of the outbox; a random one by default. Processes that share a
	// database must have different IDs.
	ID string
	// EventLease is how long an event this process claimed stays its
	// own: should the process die before it has handled the event,
	// another takes it over once the lease ends. Default
	// DefaultEventLease.
	EventLease time.Duration
	// SweepInterval is how often Run looks for events to take over and
	// forgets old ones (SweepEvents); default EventLease / 4, negative
	// for never (tests call SweepEvents themselves).
	SweepInterval time.Duration
	// Homes, when set, records the Home published to each user for every
	// process on the database: an identical Home is not published again,
	// and none is published over a newer one. Without it Home is
	// published every time.
	Homes HomeRecorder
	// Observer, when set, is told what becomes of every envelope, for
	// metrics.
	Observer Observer

	routes    *router
	users     *userCache
	homeLocks userLocks // one Home publish at a time per user
	inflight  sync.WaitGroup
	sem       chan struct{}

	bg        background   // effects after the ack, tracked for shutdown
	members   *memberCache // channels of each user, for membership checks
	stashed   memoryStash  // the modals to open again when Stash is nil
	connected atomic.Bool  // the Socket Mode connection is up
}

// init sets the defaults of the fields left empty and builds the routes.
func (b *Bot) init() error {
	routes, err := newRouter(routes())
	if err != nil {
		return err
	}
	b.routes = routes
	if b.Logger == nil {
		b.Logger = slog.New(slog.DiscardHandler)
	}
	if b.Now == nil {
		b.Now = time.Now
	}
	if b.DefaultLang == "" {
		b.DefaultLang = EN
	}
	if b.DefaultTZ == "" {
		b.DefaultTZ = "UTC"
	}
	if b.AckTimeout == 0 {
		b.AckTimeout = 2 * time.Second
	}
	if b.TriggerLife == 0 {
		b.TriggerLife = 3 * time.Second
	}
	if b.HandlerTimeout == 0 {
		b.HandlerTimeout = 15 * time.Second
	}
	if b.MaxInFlight == 0 {
		b.MaxInFlight = 256
	}
	if b.Calls == nil {
		b.Calls = slackcall.New(b.API, b.Logger.With("component", "slackcall"))
	}
	if b.BackgroundTimeout == 0 {
		b.BackgroundTimeout = 5 * time.Minute
	}
	if b.DrainTimeout == 0 {
		b.DrainTimeout = 10 * time.Second
	}
	if b.OutboxInterval == 0 {
		b.OutboxInterval = 10 * time.Second
	}
	if b.MemberTTL == 0 {
		b.MemberTTL = time.Minute
	}
	if b.ID == "" {
		b.ID = randomID("bot-")
	}
	if b.EventLease <= 0 {
		b.EventLease = DefaultEventLease
	}
	if b.SweepInterval == 0 {
		b.SweepInterval = b.EventLease / 4
	}
	b.users = newUserCache(b.Calls.UserInfo, time.Hour, maxCachedUsers, b.Now)
	b.members = newMemberCache(b.Calls.UserChannels, b.MemberTTL, b.Now)
	b.sem = make(chan struct{}, b.MaxInFlight)
	b.bg.start()
	return nil
}

// Connected reports whether the Socket Mode connection is up: for a
// readiness probe.
func (b *Bot) Connected() bool {
	return b.connected.Load()
}

// Run connects to Slack and serves envelopes until ctx is done. Then it
// stops taking new envelopes, waits for the handlers in flight (they can
// still ack and call Slack), and closes the socket. It returns nil after a
// clean shutdown, or the error that ended the Socket Mode connection.
func (b *Bot) Run(ctx context.Context) error {
	if err := b.init(); err != nil {
		return err
	}
	sockCtx, stopSocket := context.WithCancel(context.Background())
	defer stopSocket()
	sockErr := make(chan error, 1)
	go func() { sockErr <- b.Socket.RunContext(sockCtx) }()
	stopOutbox := b.runOutbox()
	// The sweeper stops with the intake, before the handlers are waited
	// for: an event it took over is handled to the end, as they are.
	sweepCtx, stopSweep := context.WithCancel(context.Background())
	swept := make(chan struct{})
	go func() {
		defer close(swept)
		b.sweepLoop(sweepCtx)
	}()

	// stop stops the intake and waits for what the envelopes started.
	stop := func() {
		stopSweep()
		<-swept
		b.inflight.Wait()
		stopOutbox()
		b.bg.drain(b.DrainTimeout, b.Logger)
		b.connected.Store(false)
	}
	for {
		select {
		case <-ctx.Done():
			b.Logger.Info("shutting down: waiting for handlers in flight")
			stop()
			stopSocket()
			<-sockErr
			return nil
		case err := <-sockErr:
			stop()
			if errors.Is(err, context.Canceled) {
				return nil
			}
			return fmt.Errorf("socket mode: %w", err)
		case evt, ok := <-b.Socket.Events:
			if !ok {
				stop()
				return errors.New("socket mode: events channel closed")
			}
			b.dispatch(evt)
		}
	}
}

// dispatch routes one Socket Mode event. It never blocks on Slack: the
// envelopes are handled in their own goroutines, which ack first.
func (b *Bot) dispatch(evt socketmode.Event) {
	switch evt.Type {
	case socketmode.EventTypeConnecting:
		b.connected.Store(false)
		b.Logger.Debug("socket mode connecting")
	case socketmode.EventTypeConnected:
		b.connected.Store(true)
		b.Logger.Info("socket mode connected")
	case socketmode.EventTypeHello:
		b.Logger.Debug("socket mode hello")
	case socketmode.EventTypeConnectionError:
		b.connected.Store(false)
		b.Logger.Warn("socket mode connection error", "error", evt.Data)
	case socketmode.EventTypeIncomingError:
		b.connected.Store(false)
		b.Logger.Warn("socket mode incoming error", "error", evt.Data)
	case socketmode.EventTypeDisconnect, socketmode.EventTypeInvalidAuth:
		b.connected.Store(false)
		b.Logger.Info("socket mode disconnected", "reason", string(evt.Type))
	case socketmode.EventTypeErrorBadMessage:
		b.handleBadMessage(evt)
	case socketmode.EventTypeSlashCommand, socketmode.EventTypeInteractive, socketmode.EventTypeEventsAPI:
		b.spawn(evt)
	default:
		if evt.Request != nil && evt.Request.EnvelopeID != "" {
			env := b.envelope(evt.Request)
			env.ack(nil)
		}
		b.Logger.Debug("socket mode event ignored", "type", string(evt.Type))
	}
}

// spawn handles evt in a goroutine tracked for shutdown, bounded by
// MaxInFlight. A panic in a handler is logged; the bot keeps serving.
func (b *Bot) spawn(evt socketmode.Event) {
	if evt.Request == nil {
		b.Logger.Warn("socket mode event without request", "type", string(evt.Type))
		return
	}
	env := b.envelope(evt.Request)
	env.kind = string(evt.Type)
	b.inflight.Add(1)
	b.sem <- struct{}{}
	go func() {
		defer b.inflight.Done()
		defer func() { <-b.sem }()
		defer func() {
			if r := recover(); r != nil {
				b.Logger.Error("handler panic", "envelope_type", string(evt.Type), "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
				env.outcome = outcomePanic
				env.ack(nil)
			}
			b.observe(env)
		}()
		ctx, cancel := context.WithTimeout(context.Background(), b.HandlerTimeout)
		defer cancel()
		switch evt.Type {
		case socketmode.EventTypeSlashCommand:
			cmd, ok := evt.Data.(slack.SlashCommand)
			if !ok {
				b.Logger.Warn("slash command of unexpected type", "envelope_id", env.id)
				env.ack(nil)
				return
			}
			b.handleCommand(ctx, env, cmd)
		case socketmode.EventTypeInteractive:
			cb, ok := evt.Data.(slack.InteractionCallback)
			if !ok {
				b.Logger.Warn("interaction of unexpected type", "envelope_id", env.id)
				env.ack(nil)
				return
			}
			b.handleInteraction(ctx, env, &cb)
		case socketmode.EventTypeEventsAPI:
			b.handleEvent(ctx, env, evt) // acks once the event is claimed: see events.go
		}
	}()
}

// handleBadMessage acks an envelope slack-go could not parse, so Slack
// does not redeliver it, and logs it without its payload.
func (b *Bot) handleBadMessage(evt socketmode.Event) {
	bad, ok := evt.Data.(*socketmode.ErrorBadMessage)
	if !ok {
		b.Logger.Warn("socket mode bad message")
		return
	}
	var head struct {
		EnvelopeID string `json:"envelope_id"`
		Type       string `json:"type"`
	}
	_ = json.Unmarshal(bad.Message, &head) // best effort: the message is malformed
	b.Logger.Warn("malformed envelope", "envelope_id", head.EnvelopeID, "envelope_type", head.Type, "error", bad.Cause)
	if head.EnvelopeID != "" {
		b.envelope(&socketmode.Request{EnvelopeID: head.EnvelopeID}).ack(nil)
	}
}

// envelope is one Socket Mode request being handled. Its ack is sent once.
type envelope struct {
	b        *Bot
	id       string
	retry    int       // Slack's retry_attempt: 0 for a first delivery
	kind     string    // its Socket Mode type, for the Observer
	received time.Time // on the real clock, for the Observer
	once     sync.Once

	// What became of it, for the Observer: set by the handler's
	// goroutine, read once the handler returned.
	outcome string // outcomePanic, outcomeDuplicate; "" until known
	acked   atomic.Bool
	ackErr  atomic.Bool
	refused atomic.Bool // a form acked with field errors
}

func (b *Bot) envelope(req *socketmode.Request) *envelope {
	return &envelope{b: b, id: req.EnvelopeID, retry: req.RetryAttempt, received: time.Now()}
}

// ack acknowledges the envelope with an optional payload (help text, modal
// errors). Later calls do nothing. It gives up after AckTimeout.
func (e *envelope) ack(payload any) {
	e.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), e.b.AckTimeout)
		defer cancel()
		e.acked.Store(true)
		if r, ok := payload.(*slack.ViewSubmissionResponse); ok && r.ResponseAction == slack.RAErrors {
			e.refused.Store(true)
		}
		if err := e.b.Socket.AckCtx(ctx, e.id, payload); err != nil {
			e.ackErr.Store(true)
			e.b.Logger.Error("ack failed", "envelope_id", e.id, "error", err)
			return
		}
		if e.b.Observer != nil && e.kind != "" {
			e.b.Observer.Acked(e.kind, time.Since(e.received))
		}
	})
}

package bot

import (
	"context"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"github.com/planbot/planbot/plan"
)

// Events API events are handled once across every process on the
// database, and none is lost when a process dies after acking one: the
// event is claimed, with the payload Slack sent, before its envelope is
// acked, and marked done once handled. A copy Slack redelivers (to this
// socket or another process's) finds the claim and is acked and dropped.
// An event whose process died before it was done is taken over by another
// once the claim's lease ends (SweepEvents), handled from its payload.
// Handling may then run twice for one event: once in the process that died
// before it could mark the event done, once in the one that took it over;
// the App Home it publishes is the same either way.

// Defaults of the event inbox.
const (
	// DefaultEventLease outlasts a handler (HandlerTimeout, 15 s by
	// default): the lease of a live process never ends while it works.
	DefaultEventLease = 30 * time.Second
	// maxEventAttempts bounds how many processes hold one event: one that
	// kills every process that handles it ends as failed.
	maxEventAttempts = 3
	// sweepBatch is how many events one sweep takes over at most.
	sweepBatch = 100
	// eventHistory is how long a handled event's ID is kept: Slack stops
	// redelivering within minutes.
	eventHistory = 24 * time.Hour
	// pruneEvery is how often the sweeper forgets old events.
	pruneEvery = time.Hour
)

// EventClaimer records Events API events so that each is handled once
// across processes, and none is lost by one that dies after acking it.
// Implemented by storage.EventService.
type EventClaimer interface {
	// BeginEvent claims event id for holder until leaseUntil, with its
	// payload; it reports false when the event was claimed before.
	BeginEvent(ctx context.Context, id, holder string, payload []byte, leaseUntil time.Time) (bool, error)
	// FinishEvent records that event id was handled.
	FinishEvent(ctx context.Context, id string) error
	// TakeOverEvents hands holder, until leaseUntil, up to limit events
	// whose holder's lease ended at or before now, and counts those
	// failed after maxAttempts holders.
	TakeOverEvents(ctx context.Context, holder string, now, leaseUntil time.Time, limit, maxAttempts int) ([]plan.PendingEvent, int, error)
	// PruneEvents forgets the events received before before.
	PruneEvents(ctx context.Context, before time.Time) (int64, error)
}

// handleEvent claims an Events API event, acks it, and handles it unless
// it was claimed before.
func (b *Bot) handleEvent(ctx context.Context, env *envelope, evt socketmode.Event) {
	ev, ok := evt.Data.(slackevents.EventsAPIEvent)
	if !ok {
		env.ack(nil)
		b.Logger.Warn("events api event of unexpected type", "envelope_id", env.id)
		return
	}
	id := ""
	if cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent); ok {
		id = cb.EventID
	}
	if id == "" || b.Events == nil {
		env.ack(nil)
		b.routeEvent(ctx, ev)
		return
	}
	var payload []byte
	if evt.Request != nil {
		payload = evt.Request.Payload
	}
	first, err := b.Events.BeginEvent(ctx, id, b.ID, payload, b.Now().Add(b.EventLease))
	env.ack(nil)
	switch {
	case err != nil:
		// Handling twice beats dropping: Home publishing is idempotent.
		b.Logger.Error("claim event", "event_id", id, "error", err)
		b.routeEvent(ctx, ev)
		return
	case !first:
		env.outcome = outcomeDuplicate
		b.Logger.Info("duplicate event ignored", "event_id", id, "retry_attempt", env.retry)
		return
	}
	defer b.finishEvent(ctx, id) // a handler that panics is done too: it would panic again
	b.routeEvent(ctx, ev)
}

// routeEvent hands ev to the handler of its type.
func (b *Bot) routeEvent(ctx context.Context, ev slackevents.EventsAPIEvent) {
	handle, ok := b.routes.events[ev.InnerEvent.Type]
	if !ok {
		b.Logger.Debug("event ignored", "event_type", ev.InnerEvent.Type)
		return
	}
	handle(b, ctx, ev)
}

// finishEvent marks event id handled, even after the handler's deadline.
func (b *Bot) finishEvent(ctx context.Context, id string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), b.AckTimeout)
	defer cancel()
	if err := b.Events.FinishEvent(ctx, id); err != nil {
		// Another process will handle it again once the lease ends.
		b.Logger.Error("finish event", "event_id", id, "error", err)
	}
}

// SweepEvents takes over the events that a process claimed and did not
// finish handling before its lease ended (it died, most likely), and
// handles each from its payload, one after the other; it returns how many
// it handled. Run calls it every SweepInterval.
func (b *Bot) SweepEvents(ctx context.Context) (int, error) {
	if b.Events == nil {
		return 0, nil
	}
	now := b.Now()
	taken, failed, err := b.Events.TakeOverEvents(ctx, b.ID, now, now.Add(b.EventLease), sweepBatch, maxEventAttempts)
	if failed > 0 {
		b.Logger.Error("events dropped: every process that took them over stopped before it was done", "count", failed)
	}
	if err != nil {
		return 0, err
	}
	n := 0
	for _, pe := range taken {
		if ctx.Err() != nil {
			break // the rest goes to whoever sweeps once this lease ends
		}
		ev, err := slackevents.ParseEvent(pe.Payload, slackevents.OptionNoVerifyToken())
		if err != nil {
			b.Logger.Error("taken over event: parse payload", "event_id", pe.ID, "error", err)
			b.finishEvent(ctx, pe.ID)
			continue
		}
		b.Logger.Info("handling an event another process left", "event_id", pe.ID, "attempts", pe.Attempts)
		b.handleTakenOver(pe.ID, ev)
		n++
	}
	return n, nil
}

// handleTakenOver handles an event taken over, as spawn handles an
// envelope: tracked for shutdown, within HandlerTimeout, a panic logged.
func (b *Bot) handleTakenOver(id string, ev slackevents.EventsAPIEvent) {
	b.inflight.Add(1)
	defer b.inflight.Done()
	b.sem <- struct{}{}
	defer func() { <-b.sem }()
	ctx, cancel := context.WithTimeout(context.Background(), b.HandlerTimeout)
	defer cancel()
	defer b.finishEvent(ctx, id)
	defer func() {
		if r := recover(); r != nil {
			b.Logger.Error("handler panic", "envelope_type", string(socketmode.EventTypeEventsAPI), "event_id", id,
				"panic", fmt.Sprint(r), "stack", string(debug.Stack()))
		}
		if b.Observer != nil {
			b.Observer.Envelope(string(socketmode.EventTypeEventsAPI), OutcomeTakenOver)
		}
	}()
	b.routeEvent(ctx, ev)
}

// sweepLoop calls SweepEvents every SweepInterval, and forgets the events
// handled long ago every pruneEvery, until ctx is done.
func (b *Bot) sweepLoop(ctx context.Context) {
	if b.Events == nil || b.SweepInterval < 0 {
		return
	}
	t := time.NewTicker(b.SweepInterval)
	defer t.Stop()
	var pruned time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if _, err := b.SweepEvents(ctx); err != nil && ctx.Err() == nil {
			b.Logger.Error("sweep events", "error", err)
		}
		if now := b.Now(); now.Sub(pruned) >= pruneEvery {
			pruned = now
			if n, err := b.Events.PruneEvents(ctx, now.Add(-eventHistory)); err != nil && ctx.Err() == nil {
				b.Logger.Error("prune events", "error", err)
			} else if n > 0 {
				b.Logger.Debug("old events forgotten", "count", n)
			}
		}
	}
}

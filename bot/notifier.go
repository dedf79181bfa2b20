package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// Notifier posts reminders to Slack for remind.Scheduler. It keeps to about
// one message per second per channel, counted from Slack's answer to the
// previous post so that no jitter on the way makes two posts arrive closer
// than that, and tells the scheduler how long a channel must still wait
// (remind.Pacer), so that the scheduler delivers to other channels meanwhile.
// It classifies every failure by whether a message may have been posted:
//
//   - HTTP 429: nothing was posted. The channel is kept quiet for
//     Retry-After, and the delivery goes back to the scheduler, which sends
//     it again once the channel may post: no worker waits for it. A
//     direct message to an owner, which has no scheduler behind it, waits
//     Retry-After in place (when no longer than MaxRetryAfter) and is sent
//     once more.
//   - an error answer from Slack ({"ok":false}): nothing was posted.
//     not_in_channel, channel_not_found and is_archived make the channel
//     unreachable: no retry, the scheduler tells the owner. Others fail.
//   - HTTP 5xx, a timeout, a dropped connection: chat.postMessage may have
//     posted (it has no idempotency key), so it is never retried: the
//     delivery is recorded as uncertain rather than risk a duplicate.
//   - a connection refused before anything was sent: nothing was posted;
//     the scheduler retries later.
//
// It implements remind.Notifier and remind.Pacer; cmd/planbot checks both
// at compile time, since bot does not import remind. Set the exported
// fields before the scheduler starts.
type Notifier struct {
	API         *slack.Client
	Plans       plan.PlanService
	Experiments plan.ExperimentService
	Engagement  plan.EngagementService
	CheckIns    CheckInStore // the goal check-ins' asks (issue 17)
	// Snapshots and Approvals read what the weekly digest says (issue 17).
	Snapshots plan.SnapshotService
	Approvals plan.ApprovalService
	Logger    *slog.Logger
	// Now is the clock of the plans, for what messages say ("overdue by 2
	// h"); tests inject theirs.
	Now func() time.Time
	// PaceNow and Sleep measure and wait the time between posts: real time
	// even when Now is a test's fixed clock. Tests replace both with a fake
	// clock that Sleep moves, so that nothing sleeps for real.
	PaceNow func() time.Time
	Sleep   func(ctx context.Context, d time.Duration) error
	// ChannelInterval is the least time between Slack's answer to a post
	// in a channel and the next post there; default one second, Slack's
	// rate for chat.postMessage.
	ChannelInterval time.Duration
	// MaxRetryAfter is the longest Retry-After a direct message waits in
	// place; default 30 s. Reminders never wait in place: the scheduler
	// sends them again.
	MaxRetryAfter time.Duration

	once sync.Once
	mu   sync.Mutex
	next map[string]time.Time // channel -> earliest time of its next post
}

func (n *Notifier) init() {
	n.once.Do(func() {
		if n.Logger == nil {
			n.Logger = slog.New(slog.DiscardHandler)
		}
		if n.Now == nil {
			n.Now = time.Now
		}
		if n.PaceNow == nil {
			n.PaceNow = time.Now
		}
		if n.Sleep == nil {
			n.Sleep = sleepContext
		}
		if n.ChannelInterval <= 0 {
			n.ChannelInterval = time.Second
		}
		if n.MaxRetryAfter <= 0 {
			n.MaxRetryAfter = 30 * time.Second
		}
		n.next = map[string]time.Time{}
	})
}

// sleepContext waits d or until ctx is done.
func sleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// reminderPost is a rendered reminder.
type reminderPost struct {
	Text     string // notification fallback
	Blocks   []slack.Block
	ThreadTS string
	Skip     string // when set, nothing is posted, for this reason
}

// reminderRenderer renders the reminder r of plan p for its firing d.
type reminderRenderer func(n *Notifier, ctx context.Context, p *plan.Plan, r *plan.Reminder, d *plan.Delivery) (reminderPost, error)

// The renderer of each kind of reminder is in routes.go.

// Notify renders the firing of nt and posts it in the reminder's channel.
func (n *Notifier) Notify(ctx context.Context, nt plan.Notice) (plan.Receipt, error) {
	n.init()
	r := nt.Reminder
	render, ok := reminderRenderers[r.Kind]
	if !ok {
		return plan.Receipt{}, &plan.DeliveryError{Reason: "unknown reminder kind " + string(r.Kind)}
	}
	p, err := n.Plans.FindPlanByID(ctx, r.PlanID)
	if err != nil {
		return plan.Receipt{}, fmt.Errorf("find plan: %w", err)
	}
	msg, err := render(n, ctx, p, r, nt.Delivery)
	if err != nil {
		return plan.Receipt{}, fmt.Errorf("render %s: %w", r.Kind, err)
	}
	if msg.Skip != "" {
		return plan.Receipt{Skipped: true, Reason: msg.Skip}, nil
	}
	opts := []slack.MsgOption{slack.MsgOptionText(msg.Text, false), slack.MsgOptionBlocks(msg.Blocks...)}
	if msg.ThreadTS != "" {
		opts = append(opts, slack.MsgOptionTS(msg.ThreadTS))
	}
	channel, ts, err := n.post(ctx, r.ChannelID, nt.Log, opts...)
	if err != nil {
		return plan.Receipt{}, err
	}
	return plan.Receipt{ChannelID: channel, TS: ts}, nil
}

// ChannelUnreachable tells the reminder's owner and the plan's owners, by
// direct message, that the plan's channel cannot be posted to and what to
// do. The message offers to try again at once.
func (n *Notifier) ChannelUnreachable(ctx context.Context, r *plan.Reminder, reason string) error {
	n.init()
	p, err := n.Plans.FindPlanByID(ctx, r.PlanID)
	if err != nil {
		return fmt.Errorf("find plan: %w", err)
	}
	lang := planLang(p)
	var users []string
	for _, u := range append([]string{r.OwnerID}, p.Owners...) {
		if u != "" && !slices.Contains(users, u) {
			users = append(users, u)
		}
	}
	if len(users) == 0 {
		n.Logger.Warn("channel unreachable and nobody to tell", "plan_id", p.ID, "channel_id", p.ChannelID, "reason", reason)
		return nil
	}
	text, blocks := unreachableMessage(lang, p, reason)
	var errs []error
	for _, u := range users {
		if _, _, err := n.post(ctx, u, nil, slack.MsgOptionText(text, false), slack.MsgOptionBlocks(blocks...)); err != nil {
			errs = append(errs, fmt.Errorf("dm %s: %w", u, err))
		}
	}
	return errors.Join(errs...)
}

// post sends one message to channel, paced. log, when not nil, is that of
// a scheduler's delivery: it is told before each request and after one
// that certainly posted nothing, and a 429 goes back to the scheduler.
// Without a log (a direct message), a 429 is waited out in place once.
func (n *Notifier) post(ctx context.Context, channel string, log plan.AttemptLog, opts ...slack.MsgOption) (string, string, error) {
	for attempt := 0; ; attempt++ {
		if err := n.pace(ctx, channel); err != nil {
			return "", "", err
		}
		if log != nil {
			if err := log.Posting(ctx); err != nil {
				return "", "", err
			}
		}
		ch, ts, err := n.API.PostMessageContext(ctx, channel, opts...)
		n.answered(channel)
		if err == nil {
			return ch, ts, nil
		}
		de, posted := classifyPostError(err)
		if !posted && log != nil {
			if err := log.NotPosted(ctx); err != nil {
				return "", "", err
			}
		}
		if de.RetryAfter > 0 && !de.Unreachable {
			n.hold(channel, de.RetryAfter)
			if log == nil && attempt == 0 && de.Reason == "ratelimited" && de.RetryAfter <= n.MaxRetryAfter {
				n.Logger.Info("rate limited; waiting", "channel_id", channel, "retry_after", de.RetryAfter.String())
				continue
			}
		}
		if de.Reason == "ratelimited" {
			n.Logger.Info("rate limited", "channel_id", channel, "retry_after", de.RetryAfter.String())
		}
		return "", "", de
	}
}

// PostDelay implements remind.Pacer: how long a post to channel would wait
// now for its pace or a Retry-After.
func (n *Notifier) PostDelay(channel string) time.Duration {
	n.init()
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.next[channel].Sub(n.PaceNow())
}

// answered records that Slack answered a post in channel now: the next
// one waits ChannelInterval from here. Pacing from the answer rather than
// from the request means that however the requests are delayed on the way
// (a durable write before each, a busy network), two never reach Slack
// closer than ChannelInterval.
func (n *Notifier) answered(channel string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if t := n.PaceNow().Add(n.ChannelInterval); t.After(n.next[channel]) {
		n.next[channel] = t
	}
}

// pace waits for channel's next slot and books the one after it.
func (n *Notifier) pace(ctx context.Context, channel string) error {
	n.mu.Lock()
	now := n.PaceNow()
	slot := n.next[channel]
	if slot.Before(now) {
		slot = now
	}
	n.next[channel] = slot.Add(n.ChannelInterval)
	if len(n.next) > 10_000 { // forget channels idle for a while
		for ch, t := range n.next {
			if t.Before(now.Add(-time.Minute)) {
				delete(n.next, ch)
			}
		}
	}
	n.mu.Unlock()
	if wait := slot.Sub(now); wait > 0 {
		return n.Sleep(ctx, wait)
	}
	return nil
}

// hold keeps channel quiet for d, as Slack asked with Retry-After.
func (n *Notifier) hold(channel string, d time.Duration) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if t := n.PaceNow().Add(d); t.After(n.next[channel]) {
		n.next[channel] = t
	}
}

// Slack error codes that mean the channel cannot be posted to until a
// person acts.
var unreachableCodes = []string{"not_in_channel", "channel_not_found", "is_archived"}

// classifyPostError turns a chat.postMessage error into a DeliveryError,
// and reports whether the message may have been posted.
func classifyPostError(err error) (*plan.DeliveryError, bool) {
	var rl *slack.RateLimitedError
	var se slack.SlackErrorResponse
	var sc slack.StatusCodeError
	var op *net.OpError
	switch {
	case errors.As(err, &rl):
		return &plan.DeliveryError{Reason: "ratelimited", RetryAfter: max(rl.RetryAfter, time.Second), Err: err}, false
	case errors.As(err, &se):
		de := &plan.DeliveryError{Reason: se.Err, Err: err}
		switch {
		case slices.Contains(unreachableCodes, se.Err):
			de.Unreachable = true
		case se.Err == "ratelimited":
			de.RetryAfter = time.Second
		}
		return de, false
	case errors.As(err, &sc):
		de := &plan.DeliveryError{Reason: fmt.Sprintf("http_%d", sc.Code), Err: err}
		switch {
		case sc.Code == http.StatusTooManyRequests: // a 429 without Retry-After
			de.Reason, de.RetryAfter = "ratelimited", time.Second
			return de, false
		case sc.Code >= 500:
			return de, true // Slack may have posted before failing
		}
		return de, false
	case errors.As(err, &op) && op.Op == "dial":
		return &plan.DeliveryError{Reason: "connection refused", RetryAfter: 30 * time.Second, Err: err}, false
	}
	return &plan.DeliveryError{Reason: "no answer", Err: err}, true
}

package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/bot/slackcall"
	"github.com/planbot/planbot/plan"
)

// Notifier posts reminders to Slack for remind.Scheduler, through the
// Slack call policy (bot/slackcall), which it shares with the Bot:
//
//   - every post carries its delivery key in message metadata ("reminder:"
//     the reminder's ID and the occurrence's key), so that a post that got
//     no answer (HTTP 5xx, a timeout) is looked for in the channel's
//     history before it is made again, and a delivery taken over from a
//     process that died while sending is looked for first too: posted
//     once, never lost;
//   - posts are paced per channel, about one a second, through the
//     policy's Pace, which replicas share; the scheduler asks PostDelay
//     (remind.Pacer) and delivers to other channels while one waits;
//   - an HTTP 429 posted nothing: the channel is held for Retry-After (for
//     every replica) and the delivery goes back to the scheduler, which
//     sends it again once the channel may post, at no cost in attempts. A
//     direct message to an owner, which has no scheduler behind it, waits
//     in place, up to MaxRetryAfter;
//   - not_in_channel, channel_not_found and is_archived make the channel
//     unreachable: no retry, the scheduler tells the owner. Other error
//     answers fail.
//
// It implements remind.Notifier and remind.Pacer; cmd/planbot checks both
// at compile time, since bot does not import remind. Set the exported
// fields before the scheduler starts.
type Notifier struct {
	// Calls is the Slack call policy; built from API when nil.
	Calls       *slackcall.Client
	API         *slack.Client
	Plans       plan.PlanService
	Experiments plan.ExperimentService
	Engagement  plan.EngagementService
	CheckIns    CheckInStore // the goal check-ins' asks (issue 17)
	// Snapshots and Approvals read what the weekly digest says (issue 17).
	Snapshots plan.SnapshotService
	Approvals plan.ApprovalService
	// Reports builds the scheduled monthly report (issue 17); nil skips
	// its firings.
	Reports MonthlyReports
	Logger  *slog.Logger
	// Now is the clock of the plans, for what messages say ("overdue by 2
	// h"); tests inject theirs. Pacing runs on the policy's clock.
	Now func() time.Time
	// MaxRetryAfter is the longest a direct message waits in place for a
	// Retry-After; default 30 s. Reminders never wait in place longer than
	// MaxPaceWait: the scheduler sends them again.
	MaxRetryAfter time.Duration

	once sync.Once
}

// MaxPaceWait is the longest a reminder waits in place for its channel's
// pace (booked by another replica, or a few milliseconds of jitter);
// longer, and it goes back to the scheduler.
const MaxPaceWait = 2 * time.Second

func (n *Notifier) init() {
	n.once.Do(func() {
		if n.Logger == nil {
			n.Logger = slog.New(slog.DiscardHandler)
		}
		if n.Now == nil {
			n.Now = time.Now
		}
		if n.MaxRetryAfter <= 0 {
			n.MaxRetryAfter = 30 * time.Second
		}
		if n.Calls == nil {
			n.Calls = slackcall.New(n.API, n.Logger)
		}
	})
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
	if r.Kind == plan.ReminderMonthlyReport {
		return n.notifyMonthlyReport(ctx, nt)
	}
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
	channel, ts, err := n.postReminder(ctx, nt, msg.ThreadTS, opts...)
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
		_, _, err := n.Calls.PostMessage(ctx, slackcall.Post{Channel: u, MaxWait: n.MaxRetryAfter,
			Options: []slack.MsgOption{slack.MsgOptionText(text, false), slack.MsgOptionBlocks(blocks...)}})
		if err != nil {
			errs = append(errs, fmt.Errorf("dm %s: %w", u, deliveryError(err)))
		}
	}
	return errors.Join(errs...)
}

// postReminder posts the firing of nt in its reminder's channel (in the
// thread threadTS when set), exactly once: its key goes in the message
// metadata, a delivery that may have been posted already is looked for in
// the channel's history first, and nt.Log is told around every request.
// A failure is returned as a *plan.DeliveryError.
func (n *Notifier) postReminder(ctx context.Context, nt plan.Notice, threadTS string, opts ...slack.MsgOption) (string, string, error) {
	r, d := nt.Reminder, nt.Delivery
	var log slackcall.Log
	if nt.Log != nil {
		log = nt.Log
	}
	ch, ts, err := n.Calls.PostMessage(ctx, slackcall.Post{
		Channel: r.ChannelID, ThreadTS: threadTS, Key: DeliveryKey(r, d), Options: opts,
		MaxWait: MaxPaceWait, MayHavePosted: d.State == plan.DeliverySending, Log: log,
	})
	if err != nil {
		var se *slackcall.Error
		if !errors.As(err, &se) {
			return "", "", err // the log refused: another scheduler holds the delivery
		}
		return "", "", deliveryError(err)
	}
	return ch, ts, nil
}

// DeliveryKey is the key of the post of delivery d of reminder r, in its
// message metadata: unique per occurrence, the same whichever process
// posts it.
func DeliveryKey(r *plan.Reminder, d *plan.Delivery) string {
	return fmt.Sprintf("reminder:%d:%s", r.ID, d.Key)
}

// PostDelay implements remind.Pacer: how long a post to channel would wait
// now for its pace or a Retry-After, as far as this process knows.
func (n *Notifier) PostDelay(channel string) time.Duration {
	n.init()
	return n.Calls.PostDelay(channel)
}

// deliveryError turns the policy's error into a DeliveryError for the
// scheduler.
func deliveryError(err error) *plan.DeliveryError {
	var e *slackcall.Error
	if !errors.As(err, &e) {
		return &plan.DeliveryError{Reason: reasonText(err), Err: err}
	}
	de := &plan.DeliveryError{Reason: e.Code, Err: err}
	switch e.Reason {
	case slackcall.RateLimited:
		// Nothing was posted: the channel must wait.
		de.Reason, de.RetryAfter = "ratelimited", max(e.RetryAfter, time.Second)
	case slackcall.Unreachable:
		de.Unreachable = true
	case slackcall.SlackDown, slackcall.Canceled:
		if !e.MayHaveTakenEffect {
			// Nothing left: Slack was unreachable. It goes out when Slack
			// is back, at no cost in attempts.
			de.RetryAfter = 30 * time.Second
		}
	}
	if de.Reason == "" {
		de.Reason = string(e.Reason)
	}
	return de
}

// reasonText is err in a few words.
func reasonText(err error) string {
	s := err.Error()
	if len(s) > 200 {
		s = s[:200]
	}
	return s
}

// Package remind runs planbot's reminders: a Scheduler polls storage for
// due reminders, claims each firing and hands it to a Notifier (the bot),
// at most once per occurrence across restarts and processes. It is the
// runtime of the reminder rules in plan (goroutines, tickers, the clock),
// kept out of the domain so that plan stays pure; it imports only plan and
// the standard library.
package remind

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/planbot/planbot/plan"
)

// Scheduler defaults.
const (
	// DefaultLease is how long a claim stays with its scheduler.
	// It outlasts one Slack request (30 s client timeout) plus a short
	// Retry-After; a claimed delivery of a process that died is sent by the
	// next tick after it ends.
	DefaultLease = 2 * time.Minute
	// DefaultUnreachableRetry is how long the reminders of a plan whose
	// channel cannot be posted to wait before one of them tries again.
	DefaultUnreachableRetry = time.Hour
	// DefaultMaxAttempts bounds how many times one delivery is handed to
	// the notifier, so a firing that keeps failing (or crashing the
	// process) ends as failed instead of looping.
	DefaultMaxAttempts = 5
	// DefaultDeliveryTimeout bounds one delivery, waits for rate limits
	// included.
	DefaultDeliveryTimeout = 2 * time.Minute
	// DefaultRetryInTick is the longest Retry-After a tick waits for in
	// place of a later tick: well within a claim's lease.
	DefaultRetryInTick = 10 * time.Second
)

// Notifier posts the reminders a Scheduler hands it. Implemented by
// bot.MeasureNotifier (and the bot.Notifier it wraps). It is defined here,
// where it is used: nothing else in planbot calls it.
type Notifier interface {
	// Notify renders and posts the firing of n. It returns a Receipt, or a
	// *plan.DeliveryError, or any error: the scheduler knows from n.Log
	// whether a request that may have posted was made.
	Notify(ctx context.Context, n plan.Notice) (plan.Receipt, error)

	// ChannelUnreachable tells r's owner, by direct message, that the
	// plan's channel cannot be posted to, and why.
	ChannelUnreachable(ctx context.Context, r *plan.Reminder, reason string) error
}

// Pacer is implemented by a Notifier that spaces its posts to each channel
// and keeps a channel quiet for Retry-After after a 429 (bot.Notifier
// does). The scheduler asks it before each delivery and delivers to other
// plans while a channel waits, so that a paced channel never holds a
// worker another plan could use.
type Pacer interface {
	// PostDelay returns how long a post to channelID would wait now;
	// zero or less when it may go at once.
	PostDelay(channelID string) time.Duration
}

// Scheduler fires due reminders through a Notifier. Each firing is claimed
// in storage before it is sent, under a unique (reminder, occurrence) key,
// so restarts, retries and several processes on one database never post
// it twice:
//
//   - a delivery is claimed with a lease; its state turns to sending right
//     before a request that may post (plan.Notice.Log), and back to claimed
//     when Slack certainly posted nothing (HTTP 429, an error answer);
//   - after a crash, a claimed delivery is known not to be in Slack: any
//     scheduler takes it over once its lease ends and sends it, at most
//     MaxAttempts times in all;
//   - a delivery left sending may be in Slack: each post carries its key in
//     Slack's message metadata, and whoever takes it over looks for that key
//     in the channel's history before posting again; only when Slack cannot
//     tell after every attempt is it marked uncertain, logged and not
//     re-sent, since a duplicate is worse than a reminder missed.
//
// A channel the bot cannot post to (plan.DeliveryError.Unreachable) marks
// the plan: its reminders wait, its owner is told once, and every
// UnreachableRetry one delivery tries again; the first success clears the
// mark and what waited goes out, marked late.
//
// Set the exported fields, then call Open (or Run); tests leave Interval at
// 0 and call Tick with the time they want.
type Scheduler struct {
	Reminders plan.ReminderService
	Notifier  Notifier
	Logger    *slog.Logger
	Now       func() time.Time

	// Interval is how often Run polls for due work. Polling every few
	// seconds, rather than sleeping until the next reminder, copes with a
	// wall clock that jumps. 0: Open starts no loop.
	Interval         time.Duration
	Lease            time.Duration // default DefaultLease
	UnreachableRetry time.Duration // default DefaultUnreachableRetry
	MaxAttempts      int           // default DefaultMaxAttempts
	// BatchSize is how many deliveries whose lease ended are taken over at
	// once; default 100.
	BatchSize int
	// A Tick reads the due reminders in windows of BatchSize × MaxBatches
	// (default 50: 5,000), so a backlog (10,000 reminders due the same
	// minute) goes out in one tick, its plans in parallel, rather than a
	// batch per Interval.
	MaxBatches int
	// Workers is how many deliveries run at once, across plans. Each plan's
	// reminders go out in order, one at a time. When the Notifier is a
	// Pacer, a plan whose channel must wait holds no worker meanwhile, so
	// Workers bounds the requests in flight to Slack and the work waiting
	// for the database, not the channels served. Default 32: with about
	// 100 ms to Slack, some 300 posts a second.
	Workers int
	// RetryInTick is the longest Retry-After (HTTP 429) a tick waits for
	// before sending a delivery again, in the plan's queue, when the
	// Notifier is a Pacer; a longer one goes back to storage for a later
	// tick. Default DefaultRetryInTick.
	RetryInTick time.Duration
	// After waits between paced deliveries; default time.After. Tests
	// replace it along with the Pacer's clock, so nothing sleeps.
	After           func(time.Duration) <-chan time.Time
	DeliveryTimeout time.Duration // default DefaultDeliveryTimeout
	// ID names this scheduler in claims; a random one by default. Two
	// processes on one database must have different IDs.
	ID string
	// Observe, when set, is told what happens, for metrics: "due" with
	// the number of due reminders a window read, then each delivery's
	// final state (sent, skipped, failed, uncertain) or "retry" when it
	// goes back for a later attempt, with 1.
	Observe func(outcome string, n int)

	// Elapsed is a clock that never jumps, such as Monotonic(): the time
	// since a fixed start. With it, a tick whose wall clock jumped more
	// than MaxClockJump from the time elapsed since the last tick runs at
	// the earlier of the two, and is logged (see clock.go). nil: ticks
	// believe Now; tests that drive Now by hand leave it nil.
	Elapsed      func() time.Duration
	MaxClockJump time.Duration // default DefaultMaxClockJump
	// ClockSettle is how long a jumped wall clock must keep its new time
	// before it is believed; default DefaultClockSettle.
	ClockSettle time.Duration

	initOnce sync.Once
	clock    saneClock
	cancel   context.CancelFunc
	done     chan struct{}
}

func (s *Scheduler) init() {
	s.initOnce.Do(func() {
		if s.Logger == nil {
			s.Logger = slog.New(slog.DiscardHandler)
		}
		if s.Now == nil {
			s.Now = time.Now
		}
		if s.Lease <= 0 {
			s.Lease = DefaultLease
		}
		if s.UnreachableRetry <= 0 {
			s.UnreachableRetry = DefaultUnreachableRetry
		}
		if s.MaxAttempts <= 0 {
			s.MaxAttempts = DefaultMaxAttempts
		}
		if s.BatchSize <= 0 {
			s.BatchSize = 100
		}
		if s.MaxBatches <= 0 {
			s.MaxBatches = 50
		}
		if s.Workers <= 0 {
			s.Workers = 32
		}
		if s.RetryInTick <= 0 {
			s.RetryInTick = DefaultRetryInTick
		}
		if s.After == nil {
			s.After = time.After
		}
		if s.DeliveryTimeout <= 0 {
			s.DeliveryTimeout = DefaultDeliveryTimeout
		}
		if s.MaxClockJump <= 0 {
			s.MaxClockJump = DefaultMaxClockJump
		}
		if s.ClockSettle <= 0 {
			s.ClockSettle = DefaultClockSettle
		}
		if s.ID == "" {
			b := make([]byte, 8)
			_, _ = rand.Read(b) // crypto/rand.Read never fails
			s.ID = "sched-" + hex.EncodeToString(b)
		}
	})
}

// Open starts the polling loop in the background when Interval is set.
func (s *Scheduler) Open() error {
	s.init()
	if s.Reminders == nil || s.Notifier == nil {
		return errors.New("scheduler: Reminders and Notifier are required")
	}
	if s.Interval <= 0 || s.cancel != nil {
		return nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel, s.done = cancel, make(chan struct{})
	go func() {
		defer close(s.done)
		s.Run(ctx)
	}()
	return nil
}

// Close stops the loop started by Open and waits for it: a delivery in
// progress finishes first, so nothing is left sending.
func (s *Scheduler) Close() error {
	if s.cancel == nil {
		return nil
	}
	s.cancel()
	<-s.done
	s.cancel = nil
	return nil
}

// Run ticks every Interval until ctx is done. Errors are logged; the loop
// goes on, since a database that is busy now may not be at the next tick.
func (s *Scheduler) Run(ctx context.Context) {
	s.init()
	if s.Interval <= 0 {
		return
	}
	t := time.NewTicker(s.Interval)
	defer t.Stop()
	s.Logger.Info("scheduler started", "scheduler_id", s.ID, "interval", s.Interval.String())
	for {
		if err := s.Tick(ctx, s.Now()); err != nil && ctx.Err() == nil {
			s.Logger.Error("scheduler tick", "error", err)
		}
		select {
		case <-ctx.Done():
			s.Logger.Info("scheduler stopped", "scheduler_id", s.ID)
			return
		case <-t.C:
		}
	}
}

// Tick sends what is due at now: first the deliveries whose lease ended
// (a retry that is due, or the claim of a process that died), then the
// reminders that came due. It reads them in windows of BatchSize ×
// MaxBatches reminders, and reads the next window while one comes back
// full, up to maxWindows. It stops between deliveries when ctx is done; a
// delivery already started runs to its end, bounded by DeliveryTimeout.
func (s *Scheduler) Tick(ctx context.Context, now time.Time) error {
	s.init()
	now = s.tickTime(ctx, now).UTC()
	unreachable := &planSet{} // plans found unreachable during this tick
	for range maxWindows {
		full, progress, err := s.window(ctx, now, unreachable)
		if err != nil || !full || progress == 0 || ctx.Err() != nil {
			return err
		}
	}
	return nil
}

// maxWindows bounds the windows of due reminders one Tick reads: 10 of
// 5,000 by default. More waits for the next tick.
const maxWindows = 10

// window sends one window of due work. full reports whether a query came
// back with as many rows as asked, so more may be waiting; progress counts
// the deliveries made, so a window of reminders that cannot be claimed
// does not loop.
func (s *Scheduler) window(ctx context.Context, now time.Time, unreachable *planSet) (full bool, progress int, err error) {
	q := s.newDispatch(now, unreachable)

	taken, uncertain, err := s.Reminders.ReclaimDeliveries(ctx, s.ID, now, q.lease(), s.BatchSize, s.MaxAttempts)
	if err != nil {
		return false, 0, fmt.Errorf("reclaim deliveries: %w", err)
	}
	if uncertain > 0 {
		s.Logger.Error("reminders may or may not have been posted: Slack's history could not tell after every attempt; not re-sent to avoid duplicates",
			"count", uncertain)
	}
	for i, d := range taken {
		if ctx.Err() != nil {
			// Stopping: hand back what was taken over, unsent.
			for _, d := range taken[i:] {
				s.wait(context.WithoutCancel(ctx), d, "scheduler stopped", 0)
			}
			return false, q.run(ctx), nil
		}
		r, err := s.Reminders.FindReminderByID(ctx, d.ReminderID)
		if err != nil {
			s.Logger.Error("reclaimed delivery: find reminder", "delivery_id", d.ID, "reminder_id", d.ReminderID, "error", err)
			s.finish(ctx, d, plan.DeliveryResult{State: plan.DeliveryFailed, Reason: "reminder not found"})
			continue
		}
		s.Logger.Info("retrying reminder", "reminder_id", r.ID, "delivery_id", d.ID, "attempts", d.Attempts,
			"may_have_posted", d.State == plan.DeliverySending)
		q.add(r, d)
	}

	size := s.BatchSize * s.MaxBatches
	due, err := s.Reminders.DueReminders(ctx, now, size)
	if err != nil {
		// The reclaimed deliveries still go out.
		return false, q.run(ctx), fmt.Errorf("due reminders: %w", err)
	}
	s.observe("due", len(due))
	for _, r := range due {
		q.add(r, nil)
	}
	full = len(due) >= size || len(taken) >= s.BatchSize
	return full, q.run(ctx), nil
}

// deliver hands d to the notifier and records the outcome. With inTick, a
// Retry-After of at most RetryInTick is left to the caller, which sends d
// again once the channel may post (the Pacer knows when): again is true,
// and d stays claimed meanwhile.
func (s *Scheduler) deliver(ctx context.Context, r *plan.Reminder, d *plan.Delivery, unreachable *planSet, inTick bool) (again bool) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.DeliveryTimeout)
	defer cancel()
	logger := s.Logger.With("reminder_id", r.ID, "delivery_id", d.ID, "plan_id", r.PlanID, "kind", string(r.Kind))
	if unreachable.has(r.PlanID) {
		// Found unreachable earlier in this tick: wait with the rest.
		s.wait(ctx, d, "channel unreachable", 0)
		return false
	}

	// A retried delivery may go out long after it was claimed on time.
	d.Late = d.Late || s.now().Sub(d.Due) > plan.MisfireGrace
	// A delivery taken over while sending may be in Slack already: the
	// notifier looks for it first, and until it says it is not there, an
	// error leaves it sending.
	log := &attemptLog{s: s, d: d, inFlight: d.State == plan.DeliverySending}
	rc, err := s.Notifier.Notify(ctx, plan.Notice{Reminder: r, Delivery: d, Log: log})
	if log.takenOver {
		logger.Info("delivery taken over by another scheduler")
		return false
	}
	var res plan.DeliveryResult
	de, isDE := asDeliveryError(err)
	switch {
	case err == nil && rc.Skipped:
		res = plan.DeliveryResult{State: plan.DeliverySkipped, Reason: rc.Reason}
	case err == nil:
		res = plan.DeliveryResult{State: plan.DeliverySent, ChannelID: rc.ChannelID, MessageTS: rc.TS}
		logger.Info("reminder posted", "channel_id", rc.ChannelID, "ts", rc.TS, "late", d.Late, "missed", d.Missed)
	case log.inFlight && d.Attempts < s.MaxAttempts:
		// A request got no answer and Slack's history could not tell (the
		// notifier looks for the delivery's key there): it stays sending,
		// and whoever takes it over looks again before posting.
		logger.Warn("reminder may have been posted; will look for it in Slack before sending again", "error", err)
		s.retry(ctx, d, reason(err), backoff(d.Attempts))
		return false
	case log.inFlight:
		res = plan.DeliveryResult{State: plan.DeliveryUncertain, Reason: reason(err)}
		logger.Error("reminder may or may not have been posted, and Slack could not tell; not retried to avoid a duplicate", "error", err)
	case isDE && de.Unreachable:
		unreachable.add(r.PlanID)
		logger.Warn("reminder channel unreachable", "channel_id", r.ChannelID, "reason", de.Reason)
		s.markUnreachable(ctx, r, de.Reason)
		if d.Attempts < s.MaxAttempts {
			// Claimed and not posted: it goes out once the channel is
			// fixed. The plan's mark, not the lease, holds it back.
			s.retry(ctx, d, de.Reason, 0)
			return false
		}
		res = plan.DeliveryResult{State: plan.DeliveryFailed, Reason: de.Reason}
	case isDE && de.RetryAfter > 0 && inTick && de.RetryAfter <= s.RetryInTick:
		logger.Info("reminder not posted; retrying in this tick", "reason", de.Reason, "retry_after", de.RetryAfter.String())
		return true
	case isDE && de.RetryAfter > 0:
		// The channel must wait: no attempt is spent, however long.
		logger.Info("reminder not posted; its channel waits", "reason", de.Reason, "retry_after", de.RetryAfter.String())
		s.wait(ctx, d, de.Reason, de.RetryAfter)
		return false
	case plan.ErrorCode(err) == plan.ENOTFOUND:
		res = plan.DeliveryResult{State: plan.DeliverySkipped, Reason: "subject not found"}
	case !isDE && d.Attempts < s.MaxAttempts:
		// Nothing was sent (no request was in flight): an error of ours,
		// perhaps a busy database. Try again with backoff.
		logger.Warn("reminder not posted; will retry", "error", err)
		s.retry(ctx, d, reason(err), backoff(d.Attempts))
		return false
	default:
		res = plan.DeliveryResult{State: plan.DeliveryFailed, Reason: reason(err)}
		logger.Error("reminder not posted", "error", err)
	}
	s.finish(ctx, d, res)
	return false
}

func (s *Scheduler) finish(ctx context.Context, d *plan.Delivery, res plan.DeliveryResult) {
	s.observe(string(res.State), 1)
	if err := s.Reminders.FinishDelivery(ctx, d.ID, s.ID, res); err != nil {
		s.Logger.Error("record delivery", "delivery_id", d.ID, "state", string(res.State), "error", err)
	}
}

func (s *Scheduler) retry(ctx context.Context, d *plan.Delivery, why string, after time.Duration) {
	s.observe("retry", 1)
	if err := s.Reminders.RetryDelivery(ctx, d.ID, s.ID, why, s.now().Add(after)); err != nil {
		s.Logger.Error("record delivery retry", "delivery_id", d.ID, "error", err)
	}
}

// wait hands d back, not posted, for after: its channel must wait, which
// costs no attempt.
func (s *Scheduler) wait(ctx context.Context, d *plan.Delivery, why string, after time.Duration) {
	if d.State == plan.DeliverySending {
		s.retry(ctx, d, why, after) // it may be in Slack: it stays sending
		return
	}
	if err := s.Reminders.WaitDelivery(ctx, d.ID, s.ID, why, s.now().Add(after)); err != nil {
		s.Logger.Error("record delivery wait", "delivery_id", d.ID, "error", err)
	}
}

// observe tells Observe what happened, for metrics.
func (s *Scheduler) observe(outcome string, n int) {
	if s.Observe != nil && n > 0 {
		s.Observe(outcome, n)
	}
}

// markUnreachable marks the plan's channel and, the first time, tells the
// reminder's owner.
func (s *Scheduler) markUnreachable(ctx context.Context, r *plan.Reminder, why string) {
	first, err := s.Reminders.MarkChannelUnreachable(ctx, r.PlanID, r.ChannelID, why, s.now().Add(s.UnreachableRetry))
	if err != nil {
		s.Logger.Error("mark channel unreachable", "plan_id", r.PlanID, "error", err)
		return
	}
	if !first {
		return
	}
	if err := s.Notifier.ChannelUnreachable(ctx, r, why); err != nil {
		s.Logger.Error("tell owner of unreachable channel", "plan_id", r.PlanID, "user_id", r.OwnerID, "error", err)
	}
}

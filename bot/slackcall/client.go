package slackcall

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/slack-go/slack"
)

// Client defaults.
const (
	// DefaultChannelInterval is the least time between two posts to one
	// channel: Slack allows about one message a second per channel.
	DefaultChannelInterval = time.Second
	// DefaultAttemptTimeout bounds one request; a call may make several.
	DefaultAttemptTimeout = 20 * time.Second
	// DefaultMaxBackoff bounds the wait between two tries after a 5xx.
	DefaultMaxBackoff = 30 * time.Second
	// DefaultHistoryPages bounds how many pages of a channel's recent
	// history (100 messages each) are read to find a delivery key.
	DefaultHistoryPages = 5
)

// EventType is the message metadata event type of every post the bot may
// retry; its payload's "key" is the post's delivery key.
const EventType = "planbot_delivery"

// Client is the policy over a slack-go client. Set the exported fields,
// then use it from any goroutine. Every method takes a context whose
// deadline is the call's: a modal gets its trigger's 3 s, a background
// post minutes.
type Client struct {
	API *slack.Client
	// Pace is shared by every process that posts as the bot; default a
	// MemoryPace of this Client.
	Pace   Pace
	Logger *slog.Logger
	// Now and Sleep measure and wait Retry-After, backoff and the pace of
	// channels: real time by default, a test's fake clock otherwise. A
	// call's deadline is its context's, in real time.
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error

	ChannelInterval time.Duration // default DefaultChannelInterval
	AttemptTimeout  time.Duration // default DefaultAttemptTimeout
	MaxBackoff      time.Duration // default DefaultMaxBackoff
	HistoryPages    int           // default DefaultHistoryPages

	once     sync.Once
	mu       sync.Mutex
	answered map[string]time.Time // channel -> when Slack answered the last post there
	known    map[string]time.Time // channel -> the latest booking or hold seen, for PostDelay
}

// New returns a Client over api with the defaults.
func New(api *slack.Client, logger *slog.Logger) *Client {
	c := &Client{API: api, Logger: logger}
	c.init()
	return c
}

func (c *Client) init() {
	c.once.Do(func() {
		if c.Logger == nil {
			c.Logger = slog.New(slog.DiscardHandler)
		}
		if c.Now == nil {
			c.Now = time.Now
		}
		if c.Sleep == nil {
			c.Sleep = SleepContext
		}
		if c.Pace == nil {
			c.Pace = &MemoryPace{}
		}
		if c.ChannelInterval <= 0 {
			c.ChannelInterval = DefaultChannelInterval
		}
		if c.AttemptTimeout <= 0 {
			c.AttemptTimeout = DefaultAttemptTimeout
		}
		if c.MaxBackoff <= 0 {
			c.MaxBackoff = DefaultMaxBackoff
		}
		if c.HistoryPages <= 0 {
			c.HistoryPages = DefaultHistoryPages
		}
		c.answered = map[string]time.Time{}
		c.known = map[string]time.Time{}
	})
}

// SleepContext waits d or until ctx is done.
func SleepContext(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// fits reports whether waiting d leaves the call within its deadline.
func fits(ctx context.Context, d time.Duration) bool {
	deadline, ok := ctx.Deadline()
	return !ok || time.Until(deadline) > d
}

// remaining is the time left before ctx's deadline, or an hour without
// one.
func remaining(ctx context.Context) time.Duration {
	if deadline, ok := ctx.Deadline(); ok {
		return time.Until(deadline)
	}
	return time.Hour
}

// backoff is the wait before try n+1 after a 5xx or a timeout: 500 ms,
// 1 s, 2 s... at most MaxBackoff.
func (c *Client) backoff(n int) time.Duration {
	d := 500 * time.Millisecond
	for i := 0; i < n && d < c.MaxBackoff; i++ {
		d *= 2
	}
	return min(d, c.MaxBackoff)
}

// call makes the call fn to method name under the policy: it waits out
// the method's Retry-After, and tries again as the method allows, until
// fn succeeds, the call gives up (an *Error), or ctx ends.
func (c *Client) call(ctx context.Context, name string, fn func(ctx context.Context) error) error {
	c.init()
	m := method(name)
	for try := 0; ; try++ {
		actx, cancel := context.WithTimeout(ctx, c.AttemptTimeout)
		err := fn(actx)
		cancel()
		o, wait, code := classify(m, err)
		switch o {
		case ok:
			return nil
		case limited:
			if !fits(ctx, wait) {
				return &Error{Method: m.Name, Reason: RateLimited, Code: code, RetryAfter: wait, Err: err}
			}
			c.Logger.Info("slack rate limited; waiting", "method", m.Name, "retry_after", wait.String())
			if err := c.Sleep(ctx, wait); err != nil {
				return &Error{Method: m.Name, Reason: endReason(ctx), Code: "canceled", Err: err}
			}
		case notSent, unanswered:
			if ctx.Err() != nil {
				return &Error{Method: m.Name, Reason: endReason(ctx), Code: code, MayHaveTakenEffect: o == unanswered && m.Retry != Idempotent, Err: err}
			}
			if o == unanswered && m.Retry != Idempotent {
				return &Error{Method: m.Name, Reason: SlackDown, Code: code, MayHaveTakenEffect: true, Err: err}
			}
			wait := c.backoff(try)
			if !fits(ctx, wait) {
				return &Error{Method: m.Name, Reason: SlackDown, Code: code, MayHaveTakenEffect: o == unanswered && m.Retry != Idempotent, Err: err}
			}
			c.Logger.Info("slack failed; trying again", "method", m.Name, "code", code, "backoff", wait.String())
			if err := c.Sleep(ctx, wait); err != nil {
				return &Error{Method: m.Name, Reason: endReason(ctx), Code: "canceled", Err: err}
			}
		case refusedCall:
			reason := Refused
			if slices.Contains(UnreachableCodes, code) {
				reason = Unreachable
			}
			return &Error{Method: m.Name, Reason: reason, Code: code, Err: err}
		default: // canceled
			return &Error{Method: m.Name, Reason: endReason(ctx), Code: code, MayHaveTakenEffect: m.Retry != Idempotent, Err: err}
		}
	}
}

// PostDelay returns how long a post to channel would wait now, as far as
// this process knows: for its pace or a Retry-After. Zero or less when it
// may go at once. remind.Scheduler asks it (remind.Pacer) so that a channel
// that must wait holds no worker.
func (c *Client) PostDelay(channel string) time.Duration {
	c.init()
	c.mu.Lock()
	defer c.mu.Unlock()
	return latest(c.known[channel], c.answered[channel].Add(c.ChannelInterval)).Sub(c.Now())
}

// learn records that channel is booked or held until t.
func (c *Client) learn(channel string, t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.After(c.known[channel]) {
		c.known[channel] = t
	}
	if len(c.known) > 10_000 {
		now := c.Now()
		for ch, k := range c.known {
			if k.Before(now.Add(-time.Minute)) {
				delete(c.known, ch)
				delete(c.answered, ch)
			}
		}
	}
}

// answer records that Slack answered a post to channel now: in this
// process the next post there waits ChannelInterval from here, however
// late the request left, so that two never reach Slack closer than that.
func (c *Client) answer(channel string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.answered[channel] = c.Now()
}

// pace waits for the next slot of channel, booked in the Pace. When the
// wait would be longer than maxWait (or the deadline) it books nothing and
// returns a RateLimited error with the wait as RetryAfter. When the Pace
// fails (the database is down), the post goes on, paced in this process
// only.
func (c *Client) pace(ctx context.Context, channel string, maxWait time.Duration) error {
	now := c.Now()
	c.mu.Lock()
	earliest := latest(now, c.answered[channel].Add(c.ChannelInterval))
	c.mu.Unlock()
	limit := remaining(ctx)
	if maxWait > 0 && maxWait < limit {
		limit = maxWait
	}
	limit -= earliest.Sub(now)
	if limit < 0 {
		return &Error{Method: "chat.postMessage", Reason: RateLimited, Code: "paced", RetryAfter: earliest.Sub(now)}
	}
	at, booked, err := c.Pace.Reserve(ctx, channel, earliest, c.ChannelInterval, limit)
	if err != nil {
		if ctx.Err() != nil {
			return &Error{Method: "chat.postMessage", Reason: endReason(ctx), Code: "canceled", Err: err}
		}
		c.Logger.Warn("channel pace unavailable; pacing in this process only", "channel_id", channel, "error", err)
		at, booked = earliest, true
	}
	c.learn(channel, at)
	wait := at.Sub(now)
	if !booked {
		return &Error{Method: "chat.postMessage", Reason: RateLimited, Code: "paced", RetryAfter: wait}
	}
	if wait > 0 {
		if err := c.Sleep(ctx, wait); err != nil {
			return &Error{Method: "chat.postMessage", Reason: endReason(ctx), Code: "canceled", Err: err}
		}
	}
	return nil
}

// holdChannel records a channel's Retry-After in the Pace, for every
// process.
func (c *Client) holdChannel(ctx context.Context, channel string, d time.Duration) {
	until := c.Now().Add(d)
	c.learn(channel, until)
	if err := c.Pace.Hold(context.WithoutCancel(ctx), channel, until); err != nil {
		c.Logger.Warn("record channel retry-after", "channel_id", channel, "error", err)
	}
}

// endReason is why a call whose context ended gave up: its deadline
// passed while Slack did not answer or asked to wait (SlackDown), or the
// caller canceled it (Canceled: shutdown).
func endReason(ctx context.Context) Reason {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return SlackDown
	}
	return Canceled
}

// Package testclock is the clock tests inject in place of time.Now: it
// stands still until the test sets or advances it, so a test decides what
// "now" is and never sleeps to let time pass. It is safe for concurrent
// use, since the code under test reads it from its own goroutines.
package testclock

import (
	"context"
	"sync"
	"time"
)

// Clock is a settable, advanceable clock. Pass its Now method where the
// code under test takes a func() time.Time.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// New returns a clock that reads t until it is moved.
func New(t time.Time) *Clock {
	return &Clock{now: t}
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set moves the clock to t, forward or back.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// Advance moves the clock forward by d (back when d is negative) and
// returns the new time.
func (c *Clock) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	return c.now
}

// Sleep is a sleep on the clock for code that takes a
// func(ctx, d) error: it moves the clock forward by d and returns at once,
// so whoever waits has waited at least d by the clock. Concurrent sleepers
// add up, which only makes time pass faster. It returns ctx's error if ctx
// is done.
func (c *Clock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if d > 0 {
		c.Advance(d)
	}
	return nil
}

// After is Sleep for code that waits on a channel, such as time.After:
// the clock moves by d and the channel holds the new time at once.
func (c *Clock) After(d time.Duration) <-chan time.Time {
	_ = c.Sleep(context.Background(), d)
	ch := make(chan time.Time, 1)
	ch <- c.Now()
	return ch
}

// Package testclock is the clock tests inject in place of time.Now: it
// stands still until the test sets or advances it, so a test decides what
// "now" is and never sleeps to let time pass. It is safe for concurrent
// use, since the code under test reads it from its own goroutines.
package testclock

import (
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

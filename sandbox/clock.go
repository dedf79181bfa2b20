package sandbox

import (
	"sync"
	"time"
)

// Clock is the sandbox's clock: the wall clock plus an offset that the
// page's time control moves forward. The bot runs on it (Main.Now), so a
// week can pass in a click while the sandbox keeps ticking in real time.
type Clock struct {
	wall func() time.Time

	mu     sync.Mutex
	offset time.Duration
}

// NewClock returns a clock that reads wall (time.Now when nil) and has not
// been advanced.
func NewClock(wall func() time.Time) *Clock {
	if wall == nil {
		wall = time.Now
	}
	return &Clock{wall: wall}
}

// Now returns the sandbox time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.wall().Add(c.offset)
}

// Advance moves the sandbox time forward by d; a negative d is ignored,
// because the bot's schedule assumes time does not run backwards.
func (c *Clock) Advance(d time.Duration) {
	if d <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset += d
}

// Offset returns how far the sandbox time is ahead of the wall clock.
func (c *Clock) Offset() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.offset
}

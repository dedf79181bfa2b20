package sandbox

import (
	"sync"
	"time"

	"github.com/planbot/planbot/plan"
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

// advanceBy moves the sandbox time forward by what move returns for it,
// reading and moving under one lock.
func (c *Clock) advanceBy(move func(now time.Time) time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if d := move(c.wall().Add(c.offset)); d > 0 {
		c.offset += d
	}
}

// Offset returns how far the sandbox time is ahead of the wall clock.
func (c *Clock) Offset() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.offset
}

// AddMonths returns the instant n calendar months after t with the same
// wall-clock reading in loc: a monthly review due on the 5th at 09:00
// comes in one step, whatever the month's length or a change to summer
// time between. A day the target month lacks becomes its last day (31
// January plus one month is 28 or 29 February), and a reading skipped by
// a clock change moves forward out of the gap, as plan.LocalTime does.
func AddMonths(t time.Time, n int, loc *time.Location) time.Time {
	local := t.In(loc)
	y, m, d := local.Date()
	first := time.Date(y, m+time.Month(n), 1, 12, 0, 0, 0, time.UTC) // normalises the month
	ty, tm := first.Year(), first.Month()
	last := time.Date(ty, tm+1, 0, 12, 0, 0, 0, time.UTC).Day()
	at := plan.LocalTime(loc, ty, tm, min(d, last), local.Hour(), local.Minute())
	return at.Add(time.Duration(local.Second())*time.Second + time.Duration(local.Nanosecond()))
}

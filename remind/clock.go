package remind

import (
	"context"
	"sync"
	"time"
)

// Clock sanity. The wall clock can jump: an operator sets it, NTP steps
// it, a VM resumes. A tick a year ahead used to claim the next occurrence
// of every recurring reminder a year ahead, and the daily digest went
// silent until then. Elapsed, a clock that never jumps (Go's monotonic
// clock), tells a jump from time passing: when the wall clock moved more
// than MaxClockJump away from the time that elapsed since the last tick,
// the tick is logged and runs at the earlier of the wall clock and the
// time Elapsed says it is, so nothing fires early by either reading.
// A wall clock that keeps its new time for ClockSettle is believed: it
// was the old one that was wrong. After a jump back, the recurring
// reminders that a clock ahead claimed in the future are rewound to fire
// at their real next occurrence.

// Clock sanity defaults.
const (
	DefaultMaxClockJump = time.Minute
	DefaultClockSettle  = time.Minute
)

// saneClock is the scheduler's reading of time across ticks.
type saneClock struct {
	mu       sync.Mutex
	last     time.Time     // the time the last tick ran at
	lastMono time.Duration // Elapsed at the last tick
	// suspect is a wall clock that disagreed with Elapsed: the wall time
	// and Elapsed when it was first seen.
	suspect     time.Time
	suspectMono time.Duration
}

// tickTime returns the time a tick at wall clock wall runs at, and
// whether the clock jumped back (so reminders claimed ahead need a
// rewind).
func (s *Scheduler) tickTime(ctx context.Context, wall time.Time) time.Time {
	if s.Elapsed == nil {
		return wall
	}
	c := &s.clock
	mono := s.Elapsed()
	c.mu.Lock()
	if c.last.IsZero() {
		c.last, c.lastMono = wall, mono
		c.mu.Unlock()
		return wall
	}
	expected := c.last.Add(mono - c.lastMono)
	skew := wall.Sub(expected)
	if skew.Abs() <= s.MaxClockJump {
		c.last, c.lastMono, c.suspect = wall, mono, time.Time{}
		c.mu.Unlock()
		return wall
	}
	// A jump. Has this wall clock kept its time since it was first seen?
	settled := false
	if !c.suspect.IsZero() && wall.Sub(c.suspect.Add(mono-c.suspectMono)).Abs() <= s.MaxClockJump {
		settled = mono-c.suspectMono >= s.ClockSettle
	} else {
		c.suspect, c.suspectMono = wall, mono
	}
	at := expected
	if wall.Before(at) {
		at = wall
	}
	if settled {
		at, c.suspect = wall, time.Time{}
	}
	c.last, c.lastMono = at, mono
	c.mu.Unlock()

	if settled {
		s.Logger.Warn("clock jump confirmed: the wall clock kept its new time; ticking on it",
			"clock", wall, "expected", expected, "jump", skew.String())
	} else {
		s.Logger.Warn("clock jumped: this tick runs at the earlier of the wall clock and the time elapsed since the last tick",
			"clock", wall, "expected", expected, "jump", skew.String(), "tick_at", at)
	}
	if skew < 0 || settled {
		// Recurring reminders claimed at a time now in the future fire at
		// their real next occurrence.
		n, err := s.Reminders.RewindReminders(ctx, at)
		if err != nil {
			s.Logger.Error("rewind reminders after a clock jump", "error", err)
		} else if n > 0 {
			s.Logger.Warn("reminders claimed ahead by a clock that jumped were rewound", "count", n, "tick_at", at)
		}
	}
	return at
}

// now is the scheduler's current time: the time of its last tick plus
// what Elapsed says passed since, so that a clock that jumps in the middle
// of a tick does not move leases and retries with it.
func (s *Scheduler) now() time.Time {
	if s.Elapsed == nil {
		return s.Now().UTC()
	}
	c := &s.clock
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.last.IsZero() {
		return s.Now().UTC()
	}
	return c.last.Add(s.Elapsed() - c.lastMono).UTC()
}

// Monotonic returns an Elapsed for Scheduler: the time since it was
// called, read on Go's monotonic clock, which never jumps.
func Monotonic() func() time.Duration {
	start := time.Now()
	return func() time.Duration { return time.Since(start) }
}

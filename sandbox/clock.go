package sandbox

import (
	"context"
	"fmt"
	"net/http"
	"strings"
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

// handleClock tells the page the sandbox time, and in next_ms how long
// until its label changes: the page asks again then, so the clock in the
// top bar ticks minute by minute without a stream of requests.
func (s *Server) handleClock(w http.ResponseWriter, r *http.Request) {
	u := s.user(r.URL.Query().Get("user"))
	now, offset := s.cfg.Clock.Now(), s.cfg.Clock.Offset()
	next := now.Truncate(time.Minute).Add(time.Minute).Sub(now)
	writeJSON(w, http.StatusOK, map[string]any{
		"now":     now.Format(time.RFC3339Nano),
		"label":   formatTime(now, u.TZ, true),
		"offset":  OffsetLabel(offset),
		"advance": offset > 0,
		"next_ms": next.Milliseconds(),
		"zone":    s.cfg.Workspace.TZ,
	})
}

// handleAdvance moves the clock by a duration ({"duration":"168h"}) or by
// calendar months in the workspace's zone ({"months":1}).
func (s *Server) handleAdvance(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Duration string `json:"duration"`
		Months   int    `json:"months"`
	}
	if !decode(w, r, &req) {
		return
	}
	var move func(now time.Time) time.Duration
	if req.Months != 0 && req.Duration != "" {
		writeJSON(w, http.StatusBadRequest, map[string]any{"ok": false, "error": "give a duration or a number of months, not both"})
		return
	}
	if req.Months != 0 {
		if req.Months < 0 || req.Months > 12 {
			writeJSON(w, http.StatusBadRequest, map[string]any{"ok": false, "error": "months must be between 1 and 12"})
			return
		}
		move = s.monthsLater(req.Months)
	} else {
		d, err := time.ParseDuration(req.Duration)
		if err != nil || d <= 0 || d > 400*24*time.Hour {
			writeJSON(w, http.StatusBadRequest, map[string]any{"ok": false, "error": "give a duration, positive and at most 9600h, like 1h or 168h, or a number of months"})
			return
		}
		move = func(time.Time) time.Duration { return d }
	}
	ctx, cancel := context.WithTimeout(r.Context(), 30*time.Second)
	defer cancel()
	if err := s.advance(ctx, move); err != nil {
		s.fail(w, "scheduler tick", err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"ok": true, "now": s.cfg.Clock.Now().Format(time.RFC3339), "ticked": s.cfg.Tick != nil})
}

// Advance moves the sandbox clock forward by d and, when a Tick is set,
// runs the scheduler once, as the page's time control does.
func (s *Server) Advance(ctx context.Context, d time.Duration) error {
	return s.advance(ctx, func(time.Time) time.Duration { return d })
}

// AdvanceMonths moves the sandbox clock to the same wall time n calendar
// months later in the workspace's zone (see AddMonths), then ticks as
// Advance does.
func (s *Server) AdvanceMonths(ctx context.Context, n int) error {
	return s.advance(ctx, s.monthsLater(n))
}

// monthsLater returns how far n calendar months in the workspace's zone
// take a sandbox time.
func (s *Server) monthsLater(n int) func(now time.Time) time.Duration {
	loc, _ := time.LoadLocation(s.cfg.Workspace.TZ) // checked by New
	return func(now time.Time) time.Duration { return AddMonths(now, n, loc).Sub(now) }
}

// advance moves the clock by what move returns for the sandbox time, then
// ticks. It waits for a tick in progress first: a delivery that began
// before the jump would otherwise be stamped with the time after it.
func (s *Server) advance(ctx context.Context, move func(now time.Time) time.Duration) error {
	select {
	case s.turn <- struct{}{}:
	case <-ctx.Done():
		return fmt.Errorf("wait for the scheduler tick in progress: %w", ctx.Err())
	}
	defer func() { <-s.turn }()
	s.cfg.Clock.advanceBy(move)
	s.hub.publish(event{Kind: "clock"})
	s.changed()
	if s.cfg.Tick == nil {
		return nil
	}
	return s.cfg.Tick(ctx)
}

// ticker runs Tick every TickInterval, taking turns with advance.
func (s *Server) ticker() {
	defer s.wg.Done()
	t := time.NewTicker(s.cfg.TickInterval)
	defer t.Stop()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-s.done
		cancel()
	}()
	for {
		var err error
		select {
		case s.turn <- struct{}{}:
			err = s.cfg.Tick(ctx)
			<-s.turn
		case <-s.done:
			return
		}
		if err != nil && ctx.Err() == nil {
			s.log.Error("sandbox: scheduler tick", "error", err)
		}
		select {
		case <-s.done:
			return
		case <-t.C:
		}
	}
}

// OffsetLabel says how far the sandbox clock is ahead: "7 d", "1 d 2 h", "45 min".
func OffsetLabel(d time.Duration) string {
	days, rest := d/(24*time.Hour), d%(24*time.Hour)
	hours, mins := rest/time.Hour, (rest%time.Hour)/time.Minute
	var parts []string
	if days > 0 {
		parts = append(parts, fmt.Sprintf("%d d", days))
	}
	if hours > 0 {
		parts = append(parts, fmt.Sprintf("%d h", hours))
	}
	if mins > 0 || len(parts) == 0 {
		parts = append(parts, fmt.Sprintf("%d min", mins))
	}
	return strings.Join(parts, " ")
}

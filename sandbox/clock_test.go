package sandbox

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// TestAddMonths checks "+1 month" against the calendar: month lengths,
// leap years, and the 2026 clock changes (Europe/London 29 March and 25
// October, America/New_York 8 March).
func TestAddMonths(t *testing.T) {
	london, newYork := mustZone(t, "Europe/London"), mustZone(t, "America/New_York")
	utc := func(s string) time.Time {
		t.Helper()
		v, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, tt := range []struct {
		name   string
		from   string
		n      int
		loc    *time.Location
		want   string
		length time.Duration // want - from
	}{
		{"OK", "2026-05-05T09:00:00Z", 1, time.UTC, "2026-06-05T09:00:00Z", 31 * 24 * time.Hour},
		{"ShorterMonth", "2026-01-31T10:00:00Z", 1, london, "2026-02-28T10:00:00Z", 28 * 24 * time.Hour},
		{"LeapYear", "2024-01-31T10:00:00Z", 1, london, "2024-02-29T10:00:00Z", 29 * 24 * time.Hour},
		{"IntoSummerTime", "2026-03-15T10:00:00Z", 1, london, "2026-04-15T09:00:00Z", 31*24*time.Hour - time.Hour},
		{"OutOfSummerTime", "2026-10-20T08:30:00Z", 1, london, "2026-11-20T09:30:00Z", 31*24*time.Hour + time.Hour},
		{"NewYear", "2026-12-15T08:00:00Z", 1, london, "2027-01-15T08:00:00Z", 31 * 24 * time.Hour},
		{"SecondsKept", "2026-06-01T12:34:56.789Z", 1, london, "2026-07-01T12:34:56.789Z", 30 * 24 * time.Hour},
		{"Year", "2026-02-28T07:00:00Z", 12, london, "2027-02-28T07:00:00Z", 365 * 24 * time.Hour},
		// 02:30 on 8 March 2026 does not exist in New York: 03:30 EDT.
		{"SkippedHour", "2026-02-08T07:30:00Z", 1, newYork, "2026-03-08T07:30:00Z", 28 * 24 * time.Hour},
		// 23:30 on 30 January in London is 00:30 on the 31st in Paris, and
		// 31 February is 28 February: the zone decides the day (in London
		// it would be the 28th at 23:30, a day later).
		{"ZoneDecidesTheDay", "2026-01-30T23:30:00Z", 1, mustZone(t, "Europe/Paris"), "2026-02-27T23:30:00Z", 28 * 24 * time.Hour},
		{"ZoneDecidesTheDayLondon", "2026-01-30T23:30:00Z", 1, london, "2026-02-28T23:30:00Z", 29 * 24 * time.Hour},
	} {
		t.Run(tt.name, func(t *testing.T) {
			from, want := utc(tt.from), utc(tt.want)
			got := AddMonths(from, tt.n, tt.loc)
			if !got.Equal(want) {
				t.Errorf("AddMonths(%s, %d, %s) = %s, want %s", tt.from, tt.n, tt.loc, got.UTC().Format(time.RFC3339Nano), tt.want)
			}
			if got.Sub(from) != tt.length {
				t.Errorf("moved %s, want %s", got.Sub(from), tt.length)
			}
		})
	}
}

// TestClockEndpointTicks checks what the page's ticking clock relies on:
// next_ms is the time left until the label's minute turns, and asking
// again then gives the next minute.
func TestClockEndpointTicks(t *testing.T) {
	var mu sync.Mutex
	now := time.Date(2026, 11, 25, 9, 0, 59, 500_000_000, time.UTC)
	e := newEnvWith(t, func(c *Config) {
		c.Clock = NewClock(func() time.Time { mu.Lock(); defer mu.Unlock(); return now })
	})
	var c struct {
		Now, Label, Offset, Zone string
		NextMS                   int64 `json:"next_ms"`
	}
	read := func() {
		t.Helper()
		if err := json.Unmarshal([]byte(e.get("/api/clock?user=UANA")), &c); err != nil {
			t.Fatal(err)
		}
	}
	read()
	if c.Label != "Wed 25 Nov 2026, 09:00 GMT" || c.NextMS != 500 || c.Zone != "Europe/London" {
		t.Errorf("clock at 09:00:59.5 = %+v, want 09:00 and 500 ms to the next minute", c)
	}
	mu.Lock()
	now = now.Add(time.Duration(c.NextMS) * time.Millisecond)
	mu.Unlock()
	read()
	if c.Label != "Wed 25 Nov 2026, 09:01 GMT" || c.NextMS != 60_000 {
		t.Errorf("clock at 09:01:00 = %+v, want 09:01 and a minute to the next", c)
	}
}

// TestAdvanceMonths moves the clock a calendar month in the workspace's
// zone (Europe/London): from 31 January to 28 February, same wall time.
func TestAdvanceMonths(t *testing.T) {
	start := time.Date(2026, 1, 31, 10, 0, 0, 0, time.UTC)
	e := newEnvWith(t, func(c *Config) { c.Clock = NewClock(func() time.Time { return start }) })
	e.post("/api/advance", `{"months":1}`)
	if got, want := e.clock.Now(), time.Date(2026, 2, 28, 10, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("after +1 month: %s, want %s", got, want)
	}
	check(t, e.get("/api/clock?user=UCAMI"), []string{`"label":"Sat 28 Feb 2026, 11:00 CET"`, `"offset":"28 d"`}, nil)
	for _, body := range []string{`{"months":-1}`, `{"months":13}`, `{"months":1,"duration":"1h"}`, `{}`} {
		if res, out := e.do("POST", "/api/advance", "application/json", body, nil); res.StatusCode != http.StatusBadRequest {
			t.Errorf("advance %s: %s %s, want 400", body, res.Status, out)
		}
	}
	if e.clock.Offset() != 28*24*time.Hour {
		t.Errorf("a refused advance moved the clock: offset %s", e.clock.Offset())
	}
}

// TestAdvanceWaitsForTick checks that the clock never moves while a
// scheduler tick runs: a reminder delivered during the tick must be
// stamped with the time the tick was asked for, not a later one. In a
// synctest bubble, "Advance is waiting" is observable without sleeping.
func TestAdvanceWaitsForTick(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		wall := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
		clock := NewClock(func() time.Time { return wall })
		started := make(chan time.Duration) // a tick began, at this offset
		release := make(chan struct{})      // lets the tick end
		ended := make(chan time.Duration)   // the offset the tick's delivery saw when it ended
		s := &Server{
			cfg: Config{Clock: clock, TickInterval: time.Minute, Tick: func(ctx context.Context) error {
				started <- clock.Offset()
				<-release
				ended <- clock.Offset()
				return nil
			}},
			log: slog.New(slog.DiscardHandler), hub: newHub(), done: make(chan struct{}),
			dirty: make(chan struct{}, 1), turn: make(chan struct{}, 1),
		}
		s.wg.Add(1)
		go s.ticker()

		if off := <-started; off != 0 { // the poll's first tick, holding its turn
			t.Fatalf("first tick at offset %s", off)
		}
		advanced := make(chan error, 1)
		go func() { advanced <- s.Advance(context.Background(), time.Hour) }()
		synctest.Wait() // Advance blocks: it waits for the tick's turn
		if clock.Offset() != 0 {
			t.Fatalf("the clock moved by %s while a tick was running", clock.Offset())
		}
		release <- struct{}{}
		if off := <-ended; off != 0 {
			t.Errorf("the tick's delivery saw offset %s, want 0", off)
		}
		if off := <-started; off != time.Hour { // Advance's own tick
			t.Errorf("Advance's tick at offset %s, want 1h", off)
		}
		release <- struct{}{}
		<-ended
		if err := <-advanced; err != nil {
			t.Fatal(err)
		}

		// A canceled Advance gives up waiting rather than hanging the page.
		<-started // the next poll, a minute later in the bubble's time
		ctx, cancel := context.WithCancel(context.Background())
		go func() { advanced <- s.Advance(ctx, time.Hour) }()
		synctest.Wait()
		cancel()
		if err := <-advanced; err == nil {
			t.Error("a canceled Advance returned no error")
		}
		if clock.Offset() != time.Hour {
			t.Errorf("a canceled Advance moved the clock: offset %s", clock.Offset())
		}
		release <- struct{}{}
		<-ended
		close(s.done)
		s.wg.Wait()
	})
}

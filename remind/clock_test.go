package remind_test

import (
	"bytes"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/planbot/planbot/internal/testclock"
	"github.com/planbot/planbot/plan"
)

// monotonic is a fake Elapsed: the time a clock that never jumps says
// passed, moved by the test alongside the wall clock.
type monotonic struct {
	mu sync.Mutex
	d  time.Duration
}

func (m *monotonic) Elapsed() time.Duration {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.d
}

func (m *monotonic) advance(d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.d += d
}

// TestScheduler_ClockJump: a tick whose wall clock jumped is logged and
// runs at the earlier of the wall clock and the time elapsed since the
// last tick, so a year-ahead tick fires nothing early and does not move a
// daily digest past its real next occurrence; a process that started with
// a clock ahead and then jumped back has its reminders rewound; a new wall
// clock that keeps its time is believed after ClockSettle.
func TestScheduler_ClockJump(t *testing.T) {
	day := mustTime(t, "2026-06-01T09:59:00Z")
	daily := plan.Rule{Frequency: plan.FrequencyDaily, Hour: 10, TimeZone: "UTC"}

	type fixture struct {
		clock *testclock.Clock
		mono  *monotonic
		n     *fakeNotifier
		logs  *bytes.Buffer
		tick  func(wall time.Time, elapsed time.Duration)
		posts func() []post
	}
	setup := func(t *testing.T, start time.Time) (*fixture, int64, int64) {
		clock := testclock.New(start.Add(-time.Hour))
		db := mustOpenClockDB(t, filepath.Join(t.TempDir(), "planbot.db"), clock)
		p := mustPlanIn(t, db, "C1", "UTC")
		digest := mustSchedule(t, db, p, 1, daily)
		once := mustSchedule(t, db, p, 2, plan.Rule{Frequency: plan.FrequencyOnce, At: day.Add(31 * time.Minute)})
		f := &fixture{clock: clock, mono: &monotonic{}, n: &fakeNotifier{}, logs: &bytes.Buffer{}}
		s := newScheduler(db, f.n, clock, "A")
		s.Elapsed = f.mono.Elapsed
		s.Logger = slog.New(slog.NewTextHandler(f.logs, nil))
		f.tick = func(wall time.Time, elapsed time.Duration) {
			f.mono.advance(elapsed)
			mustTick(t, s, clock, wall)
		}
		f.posts = func() []post { _, posts, _ := f.n.snapshot(); return posts }
		return f, digest.ID, once.ID
	}
	count := func(posts []post, id int64) int {
		n := 0
		for _, p := range posts {
			if p.ReminderID == id {
				n++
			}
		}
		return n
	}

	t.Run("ForwardThenBack", func(t *testing.T) {
		f, digest, once := setup(t, day)
		f.tick(day, 0)
		f.tick(day.Add(65*time.Second), 65*time.Second) // 10:00:05: today's digest
		ahead := day.AddDate(1, 0, 0).Add(70 * time.Second)
		f.tick(ahead, 5*time.Second) // one tick a year ahead
		if got := f.posts(); len(got) != 1 || count(got, once) != 0 {
			t.Fatalf("after the jump: %+v; want today's digest only, the one-off not early", got)
		}
		if !strings.Contains(f.logs.String(), "clock jumped") {
			t.Errorf("the jump was not logged:\n%s", f.logs)
		}
		f.tick(day.Add(75*time.Second), 5*time.Second) // back
		f.tick(day.Add(32*time.Minute), 31*time.Minute)
		f.tick(day.Add(24*time.Hour+time.Minute), 24*time.Hour-31*time.Minute)
		got := f.posts()
		if count(got, digest) != 2 || count(got, once) != 1 || len(got) != 3 {
			t.Fatalf("posts %+v; want the digest today and tomorrow, the one-off at its time", got)
		}
	})

	t.Run("StartedAheadThenBack", func(t *testing.T) {
		ahead := day.AddDate(0, 1, 0)
		f, digest, _ := setup(t, ahead)
		// The process starts with a clock a month ahead: nothing to compare
		// its first ticks with, so the digest of a month ahead fires.
		f.tick(ahead, 0)
		f.tick(ahead.Add(65*time.Second), 65*time.Second)
		if n := count(f.posts(), digest); n != 1 {
			t.Fatalf("%d digests a month ahead, want 1", n)
		}
		// NTP steps the clock back: a jump back, logged, and the digest is
		// rewound to its real next occurrence.
		f.tick(day.Add(70*time.Second), 5*time.Second)
		if !strings.Contains(f.logs.String(), "rewound") {
			t.Errorf("no rewind logged:\n%s", f.logs)
		}
		f.tick(day.Add(24*time.Hour+time.Minute), 24*time.Hour)
		if n := count(f.posts(), digest); n != 2 {
			t.Fatalf("%d digests; want the next one the day after the clock came back, not a month later", n)
		}
	})

	t.Run("NewClockBelievedAfterSettle", func(t *testing.T) {
		f, digest, _ := setup(t, day)
		f.tick(day.Add(-24*time.Hour), 0) // the clock was a day behind
		f.tick(day.Add(-24*time.Hour+5*time.Second), 5*time.Second)
		// It is set right: a day forward, and it stays right.
		f.tick(day.Add(65*time.Second), 5*time.Second)
		if n := count(f.posts(), digest); n != 0 {
			t.Fatalf("%d digests at the jump; want none until the new clock settles", n)
		}
		for i := 1; i <= 15; i++ {
			f.tick(day.Add(65*time.Second+time.Duration(i)*5*time.Second), 5*time.Second)
		}
		if n := count(f.posts(), digest); n != 1 {
			t.Fatalf("%d digests a minute after the clock was set right, want 1", n)
		}
		if !strings.Contains(f.logs.String(), "clock jump confirmed") {
			t.Errorf("the settled clock was not logged:\n%s", f.logs)
		}
	})
}

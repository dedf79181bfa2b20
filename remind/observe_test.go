package remind_test

import (
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/planbot/planbot/internal/testclock"
	"github.com/planbot/planbot/plan"
)

// TestScheduler_Observe checks what the metrics hook is told: the due
// reminders a tick read, each delivery's final state, and the retries.
func TestScheduler_Observe(t *testing.T) {
	c := testclock.New(mustTime(t, "2026-03-10T09:00:00Z"))
	db := mustOpenClockDB(t, filepath.Join(t.TempDir(), "planbot.db"), c)
	p := mustPlanIn(t, db, "C1", "UTC")
	at := c.Now().Add(time.Hour)
	ok := mustSchedule(t, db, p, 1, plan.Rule{Frequency: plan.FrequencyOnce, At: at})
	mustSchedule(t, db, p, 2, plan.Rule{Frequency: plan.FrequencyOnce, At: at})
	n := &fakeNotifier{outcome: func(nt plan.Notice) (error, bool) {
		if nt.Reminder.ID == ok.ID {
			return nil, false
		}
		return errors.New("database busy"), false // nothing posted: retried later
	}}
	s := newScheduler(db, n, c, "A")
	var mu sync.Mutex
	seen := map[string]int{}
	s.Observe = func(outcome string, k int) {
		mu.Lock()
		defer mu.Unlock()
		seen[outcome] += k
	}
	mustTick(t, s, c, at)
	mu.Lock()
	defer mu.Unlock()
	want := map[string]int{"due": 2, "sent": 1, "retry": 1}
	if len(seen) != len(want) {
		t.Fatalf("observed %v, want %v", seen, want)
	}
	for k, v := range want {
		if seen[k] != v {
			t.Errorf("observed %v, want %v", seen, want)
			break
		}
	}
}

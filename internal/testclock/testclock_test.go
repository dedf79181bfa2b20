package testclock_test

import (
	"sync"
	"testing"
	"time"

	"github.com/planbot/planbot/internal/testclock"
)

func TestClock(t *testing.T) {
	start := time.Date(2026, 3, 29, 0, 30, 0, 0, time.UTC)
	c := testclock.New(start)
	if got := c.Now(); !got.Equal(start) {
		t.Fatalf("Now() = %s, want %s", got, start)
	}
	if got := c.Now(); !got.Equal(start) {
		t.Fatalf("Now() moved by itself: %s", got)
	}
	if got := c.Advance(90 * time.Minute); !got.Equal(start.Add(90*time.Minute)) || !c.Now().Equal(got) {
		t.Fatalf("Advance(90m) = %s, Now() = %s, want %s", got, c.Now(), start.Add(90*time.Minute))
	}
	c.Set(start.Add(-time.Hour))
	if got := c.Now(); !got.Equal(start.Add(-time.Hour)) {
		t.Fatalf("after Set, Now() = %s", got)
	}
}

// TestClock_Concurrent advances the clock from many goroutines while
// others read it: under -race this catches an unguarded field, and the
// total shows that no advance was lost.
func TestClock_Concurrent(t *testing.T) {
	start := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	c := testclock.New(start)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 100 {
				c.Advance(time.Second)
				_ = c.Now()
			}
		})
	}
	wg.Wait()
	if got, want := c.Now(), start.Add(800*time.Second); !got.Equal(want) {
		t.Fatalf("after 800 advances of 1s: %s, want %s", got, want)
	}
}

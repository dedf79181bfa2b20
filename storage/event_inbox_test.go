package storage_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/storage"
	"github.com/planbot/planbot/storage/storagetest"
)

// The event inbox: an event claimed with its payload before its ack, done
// once handled, taken over when its holder's lease ends.

func TestEventService_BeginEvent(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()
		lease := fixedNow.Add(time.Minute)

		t.Run("OK", func(t *testing.T) {
			s := storage.NewEventService(MustOpenDB(t, backend))
			for i, want := range []bool{true, false} {
				got, err := s.BeginEvent(ctx, "Ev1", "a", []byte(`{"n":1}`), lease)
				if err != nil || got != want {
					t.Fatalf("begin %d: got %v, %v; want %v", i+1, got, err, want)
				}
			}
			// A finished event stays claimed: a late retry is a duplicate.
			if err := s.FinishEvent(ctx, "Ev1"); err != nil {
				t.Fatal(err)
			}
			if got, err := s.BeginEvent(ctx, "Ev1", "b", nil, lease); err != nil || got {
				t.Fatalf("begin after finish: got %v, %v; want false", got, err)
			}
			// ClaimEvent and BeginEvent share the IDs.
			if got, err := s.ClaimEvent(ctx, "Ev1"); err != nil || got {
				t.Fatalf("ClaimEvent after BeginEvent: got %v, %v; want false", got, err)
			}
		})

		t.Run("ErrEmpty", func(t *testing.T) {
			s := storage.NewEventService(MustOpenDB(t, backend))
			_, err := s.BeginEvent(ctx, "", "a", nil, lease)
			assertCode(t, err, plan.EINVALID)
			_, err = s.BeginEvent(ctx, "Ev1", "", nil, lease)
			assertCode(t, err, plan.EINVALID)
		})
	})
}

func TestEventService_TakeOverEvents(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()
		lease := fixedNow.Add(30 * time.Second)

		t.Run("OK", func(t *testing.T) {
			s := storage.NewEventService(MustOpenDB(t, backend))
			for _, id := range []string{"Ev1", "Ev2", "Ev3"} {
				if _, err := s.BeginEvent(ctx, id, "dead", []byte(`{"event_id":"`+id+`"}`), lease); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.FinishEvent(ctx, "Ev2"); err != nil {
				t.Fatal(err)
			}

			// Before the lease ends nothing is taken over.
			taken, failed, err := s.TakeOverEvents(ctx, "live", lease.Add(-time.Nanosecond), lease.Add(time.Minute), 10, 3)
			if err != nil || len(taken) != 0 || failed != 0 {
				t.Fatalf("before the lease ends: %v, %d, %v; want nothing", taken, failed, err)
			}
			// At its end, the unfinished ones, with their payloads.
			taken, failed, err = s.TakeOverEvents(ctx, "live", lease, lease.Add(time.Minute), 10, 3)
			if err != nil || failed != 0 {
				t.Fatal(failed, err)
			}
			got := map[string]string{}
			for _, ev := range taken {
				got[ev.ID] = string(ev.Payload)
				if ev.Attempts != 2 {
					t.Errorf("%s: attempts %d, want 2", ev.ID, ev.Attempts)
				}
			}
			want := map[string]string{"Ev1": `{"event_id":"Ev1"}`, "Ev3": `{"event_id":"Ev3"}`}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("taken over %v, want %v", got, want)
			}
			// Now held by "live" until its own lease: not taken again.
			if taken, _, err := s.TakeOverEvents(ctx, "other", lease.Add(time.Second), lease.Add(2*time.Minute), 10, 3); err != nil || len(taken) != 0 {
				t.Fatalf("taken twice: %v, %v", taken, err)
			}
		})

		t.Run("Limit", func(t *testing.T) {
			s := storage.NewEventService(MustOpenDB(t, backend))
			for i := range 5 {
				if _, err := s.BeginEvent(ctx, fmt.Sprintf("Ev%d", i), "dead", nil, lease); err != nil {
					t.Fatal(err)
				}
			}
			seen := map[string]bool{}
			for round := 0; round < 3; round++ {
				taken, _, err := s.TakeOverEvents(ctx, "live", lease, lease.Add(time.Minute), 2, 3)
				if err != nil {
					t.Fatal(err)
				}
				if want := min(2, 5-2*round); len(taken) != want {
					t.Fatalf("round %d: %d taken, want %d", round, len(taken), want)
				}
				for _, ev := range taken {
					if seen[ev.ID] {
						t.Fatalf("%s taken twice", ev.ID)
					}
					seen[ev.ID] = true
				}
			}
		})

		// An event whose handling kills every process that takes it ends
		// as failed after maxAttempts holders.
		t.Run("Exhausted", func(t *testing.T) {
			s := storage.NewEventService(MustOpenDB(t, backend))
			if _, err := s.BeginEvent(ctx, "Poison", "p1", []byte(`{}`), lease); err != nil {
				t.Fatal(err)
			}
			at := lease
			for holder := 2; holder <= 3; holder++ {
				taken, failed, err := s.TakeOverEvents(ctx, fmt.Sprintf("p%d", holder), at, at.Add(time.Minute), 10, 3)
				if err != nil || len(taken) != 1 || failed != 0 || taken[0].Attempts != holder {
					t.Fatalf("holder %d: %v, %d, %v", holder, taken, failed, err)
				}
				at = at.Add(time.Minute)
			}
			taken, failed, err := s.TakeOverEvents(ctx, "p4", at, at.Add(time.Minute), 10, 3)
			if err != nil || len(taken) != 0 || failed != 1 {
				t.Fatalf("after 3 holders: %v, %d failed, %v; want none taken, 1 failed", taken, failed, err)
			}
			// Failed is final; a late retry of it is still a duplicate.
			if got, err := s.BeginEvent(ctx, "Poison", "p5", nil, at); err != nil || got {
				t.Fatalf("begin a failed event: %v, %v", got, err)
			}
		})

		// Two processes take over at once: each event goes to one.
		t.Run("TwoProcesses", func(t *testing.T) {
			dsn := backend.DSN(t)
			a := storage.NewEventService(MustOpenDBAt(t, dsn))
			b := storage.NewEventService(MustOpenDBAt(t, dsn))
			const n = 40
			for i := range n {
				if _, err := a.BeginEvent(ctx, fmt.Sprintf("Ev%02d", i), "dead", nil, lease); err != nil {
					t.Fatal(err)
				}
			}
			var (
				wg    sync.WaitGroup
				mu    sync.Mutex
				count = map[string]int{}
				start = make(chan struct{})
			)
			for i, s := range []*storage.EventService{a, b, a, b} {
				wg.Go(func() {
					<-start
					for {
						taken, _, err := s.TakeOverEvents(ctx, fmt.Sprintf("live%d", i), lease, lease.Add(time.Minute), 3, 5)
						if err != nil {
							if plan.ErrorCode(err) == plan.ECONFLICT {
								continue // SQLite's writer or a PostgreSQL conflict: try again
							}
							t.Error(err)
							return
						}
						if len(taken) == 0 {
							return
						}
						mu.Lock()
						for _, ev := range taken {
							count[ev.ID]++
						}
						mu.Unlock()
					}
				})
			}
			close(start)
			wg.Wait()
			if len(count) != n {
				t.Errorf("%d events taken over, want %d", len(count), n)
			}
			for id, c := range count {
				if c != 1 {
					t.Errorf("%s taken over %d times", id, c)
				}
			}
		})
	})
}

// PruneEvents keeps an event still being handled, however old.
func TestEventService_PruneEventsKeepsHandling(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()
		s := storage.NewEventService(MustOpenDB(t, backend))
		for _, id := range []string{"Done", "Handling"} {
			if _, err := s.BeginEvent(ctx, id, "a", []byte(`{}`), fixedNow.Add(time.Minute)); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.FinishEvent(ctx, "Done"); err != nil {
			t.Fatal(err)
		}
		n, err := s.PruneEvents(ctx, fixedNow.Add(24*time.Hour))
		if err != nil || n != 1 {
			t.Fatalf("pruned %d, %v; want 1", n, err)
		}
		taken, _, err := s.TakeOverEvents(ctx, "b", fixedNow.Add(time.Minute), fixedNow.Add(2*time.Minute), 10, 3)
		if err != nil || len(taken) != 1 || taken[0].ID != "Handling" {
			t.Fatalf("after prune: %v, %v; want Handling still pending", taken, err)
		}
	})
}

func TestHomeService(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()
		dsn := backend.DSN(t)
		a := storage.NewHomeService(MustOpenDBAt(t, dsn))
		b := storage.NewHomeService(MustOpenDBAt(t, dsn))

		if h, sha, err := a.LastHome(ctx, "U1"); err != nil || h != "" || sha != "" {
			t.Fatalf("unknown user: %q %q %v", h, sha, err)
		}
		if err := a.RecordHome(ctx, "U1", "h1", "sha1"); err != nil {
			t.Fatal(err)
		}
		// Another process sees it, and records over it.
		if h, sha, err := b.LastHome(ctx, "U1"); err != nil || h != "h1" || sha != "sha1" {
			t.Fatalf("seen by another process: %q %q %v", h, sha, err)
		}
		if err := b.RecordHome(ctx, "U1", "h2", "sha2"); err != nil {
			t.Fatal(err)
		}
		if h, sha, err := a.LastHome(ctx, "U1"); err != nil || h != "h2" || sha != "sha2" {
			t.Fatalf("after the other's publish: %q %q %v", h, sha, err)
		}
		if h, _, err := a.LastHome(ctx, "U2"); err != nil || h != "" {
			t.Fatalf("other user: %q %v", h, err)
		}
	})
}

package storage_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/storage"
	"github.com/planbot/planbot/storage/storagetest"
)

func TestEventService_ClaimEvent(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()

		t.Run("OK", func(t *testing.T) {
			s := storage.NewEventService(MustOpenDB(t, backend))
			for i, want := range []bool{true, false, false} {
				got, err := s.ClaimEvent(ctx, "Ev1")
				if err != nil {
					t.Fatal(err)
				}
				if got != want {
					t.Fatalf("claim %d: got %v, want %v", i+1, got, want)
				}
			}
			if got, err := s.ClaimEvent(ctx, "Ev2"); err != nil || !got {
				t.Fatalf("other event: got %v, %v; want true", got, err)
			}
		})

		t.Run("ErrEmptyID", func(t *testing.T) {
			s := storage.NewEventService(MustOpenDB(t, backend))
			_, err := s.ClaimEvent(ctx, "")
			assertCode(t, err, plan.EINVALID)
		})

		// Two processes on one database, as during a rolling restart or
		// with replicas: each copy of an event is handled once in all.
		t.Run("TwoHandles", func(t *testing.T) {
			dsn := backend.DSN(t)
			a := storage.NewEventService(MustOpenDBAt(t, dsn))
			b := storage.NewEventService(MustOpenDBAt(t, dsn))

			if got, err := a.ClaimEvent(ctx, "Ev1"); err != nil || !got {
				t.Fatalf("first handle: got %v, %v; want true", got, err)
			}
			if got, err := b.ClaimEvent(ctx, "Ev1"); err != nil || got {
				t.Fatalf("second handle: got %v, %v; want false", got, err)
			}

			const n = 20
			var wg sync.WaitGroup
			start := make(chan struct{})
			claims := make(chan bool, n)
			errs := make(chan error, n)
			for i := range n {
				s := a
				if i%2 == 1 {
					s = b
				}
				wg.Go(func() {
					<-start
					ok, err := s.ClaimEvent(ctx, "Ev2")
					if err != nil {
						errs <- err
						return
					}
					claims <- ok
				})
			}
			close(start)
			wg.Wait()
			close(claims)
			close(errs)
			for err := range errs {
				t.Error(err)
			}
			won := 0
			for ok := range claims {
				if ok {
					won++
				}
			}
			if won != 1 {
				t.Fatalf("%d claims won, want 1", won)
			}
		})
	})
}

func TestEventService_PruneEvents(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()
		db := MustOpenDB(t, backend)
		s := storage.NewEventService(db)

		// Times with and without a fraction: the stored text must sort as time.
		for i, at := range []time.Time{
			fixedNow,
			fixedNow.Add(500 * time.Millisecond),
			fixedNow.Add(time.Second),
		} {
			db.Now = func() time.Time { return at }
			if _, err := s.ClaimEvent(ctx, string(rune('A'+i))); err != nil {
				t.Fatal(err)
			}
		}

		n, err := s.PruneEvents(ctx, fixedNow.Add(750*time.Millisecond))
		if err != nil {
			t.Fatal(err)
		}
		if n != 2 {
			t.Fatalf("pruned %d, want 2", n)
		}
		// Pruned IDs can be claimed again; the kept one cannot.
		for id, want := range map[string]bool{"A": true, "B": true, "C": false} {
			got, err := s.ClaimEvent(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("claim %s after prune: got %v, want %v", id, got, want)
			}
		}
	})
}

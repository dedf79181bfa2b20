package storage_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/planbot/planbot/internal/testclock"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/storage"
	"github.com/planbot/planbot/storage/storagetest"
)

func TestOutboxService(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()
		at := mustTime(t, "2026-06-01T09:00:00Z")
		lease := at.Add(2 * time.Minute)
		setup := func(t *testing.T) (*storage.OutboxService, *plan.OutboxPost) {
			db := MustOpenClockDB(t, backend, testclock.New(at))
			s := storage.NewOutboxService(db)
			p := &plan.OutboxPost{Key: "note:abc", PlanID: 7, ChannelID: "C1", Text: "Goal added", Blocks: `[{"type":"divider"}]`, UserID: "UANA", Lang: "fr"}
			if err := s.AddPost(ctx, p, "A", lease); err != nil {
				t.Fatal(err)
			}
			return s, p
		}

		t.Run("SentOnce", func(t *testing.T) {
			s, p := setup(t)
			if p.ID == 0 || p.State != plan.OutboxPending || p.Attempts != 1 {
				t.Fatalf("added %+v", p)
			}
			if err := s.AddPost(ctx, &plan.OutboxPost{Key: "note:abc", ChannelID: "C1", Text: "again"}, "B", lease); plan.ErrorCode(err) != plan.ECONFLICT {
				t.Fatalf("second post with the key: %v, want ECONFLICT", err)
			}
			if taken, _, err := s.ClaimPosts(ctx, "B", lease.Add(-time.Second), lease.Add(time.Hour), 10, 5); err != nil || len(taken) != 0 {
				t.Fatalf("claimed during the lease: %d, %v", len(taken), err)
			}
			if err := s.FinishPost(ctx, p.ID, "A", plan.OutboxSent, "1.2", ""); err != nil {
				t.Fatal(err)
			}
			if taken, _, err := s.ClaimPosts(ctx, "B", lease.Add(time.Hour), lease.Add(2*time.Hour), 10, 5); err != nil || len(taken) != 0 {
				t.Fatalf("claimed a sent post: %d, %v", len(taken), err)
			}
			got, _ := s.FindPosts(ctx, "C1")
			if len(got) != 1 || got[0].State != plan.OutboxSent || got[0].MessageTS != "1.2" || got[0].Blocks != p.Blocks || got[0].Lang != "fr" {
				t.Fatalf("posts %+v", got)
			}
		})

		t.Run("TakenOverAfterLease", func(t *testing.T) {
			s, p := setup(t)
			taken, _, err := s.ClaimPosts(ctx, "B", lease, lease.Add(time.Hour), 10, 5)
			if err != nil || len(taken) != 1 || taken[0].ID != p.ID || taken[0].ClaimedBy != "B" || taken[0].Attempts != 2 || taken[0].Text != "Goal added" {
				t.Fatalf("claim = %+v, %v", taken, err)
			}
			if err := s.FinishPost(ctx, p.ID, "A", plan.OutboxSent, "1.2", ""); plan.ErrorCode(err) != plan.ECONFLICT {
				t.Fatalf("A finishing after the takeover: %v, want ECONFLICT", err)
			}
			if err := s.RetryPost(ctx, p.ID, "B", "ratelimited", lease.Add(30*time.Minute)); err != nil {
				t.Fatal(err)
			}
			if taken, _, _ := s.ClaimPosts(ctx, "C", lease.Add(29*time.Minute), lease.Add(time.Hour), 10, 5); len(taken) != 0 {
				t.Fatal("taken before its retry time")
			}
			if taken, _, _ := s.ClaimPosts(ctx, "C", lease.Add(30*time.Minute), lease.Add(time.Hour), 10, 5); len(taken) != 1 || taken[0].Reason != "ratelimited" {
				t.Fatalf("retry not taken at its time: %+v", taken)
			}
		})

		t.Run("ExhaustedFails", func(t *testing.T) {
			s, p := setup(t)
			taken, failed, err := s.ClaimPosts(ctx, "B", lease, lease.Add(time.Hour), 10, 1)
			if err != nil || len(taken) != 0 || len(failed) != 1 || failed[0].ID != p.ID || failed[0].UserID != "UANA" {
				t.Fatalf("claim past max attempts: taken %d, failed %+v, %v", len(taken), failed, err)
			}
			got, _ := s.FindPosts(ctx, "C1")
			if got[0].State != plan.OutboxFailed {
				t.Fatalf("post %+v, want failed", got[0])
			}
		})

		t.Run("OneClaimerEach", func(t *testing.T) {
			db := MustOpenClockDB(t, backend, testclock.New(at))
			s := storage.NewOutboxService(db)
			for i := range 20 {
				if err := s.AddPost(ctx, &plan.OutboxPost{Key: fmt.Sprintf("k%d", i), ChannelID: "C1", Text: "x"}, "dead", at); err != nil {
					t.Fatal(err)
				}
			}
			var mu sync.Mutex
			seen := map[int64]int{}
			var wg sync.WaitGroup
			for w := range 4 {
				wg.Go(func() {
					for range 10 {
						taken, _, err := s.ClaimPosts(ctx, fmt.Sprintf("W%d", w), at, lease, 3, 5)
						if err != nil {
							t.Error(err)
							return
						}
						mu.Lock()
						for _, p := range taken {
							seen[p.ID]++
						}
						mu.Unlock()
					}
				})
			}
			wg.Wait()
			if len(seen) != 20 {
				t.Errorf("%d posts taken over, want 20", len(seen))
			}
			for id, n := range seen {
				if n != 1 {
					t.Errorf("post %d taken over %d times", id, n)
				}
			}
		})
	})
}

func TestChannelPaceService(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()
		at := mustTime(t, "2026-06-01T09:00:00Z")
		dsn := backend.DSN(t)
		clock := func() time.Time { return at }
		s := storage.NewChannelPaceService(storagetest.OpenDSN(t, dsn, clock))

		// Three posts asked at once go a second apart.
		for i := range 3 {
			got, booked, err := s.Reserve(ctx, "C1", at, time.Second, time.Minute)
			if want := at.Add(time.Duration(i) * time.Second); err != nil || !booked || !got.Equal(want) {
				t.Fatalf("reserve %d = %s, %v, %v; want %s", i, got, booked, err, want)
			}
		}
		if got, booked, _ := s.Reserve(ctx, "C2", at, time.Second, time.Minute); !booked || !got.Equal(at) {
			t.Fatalf("another channel waits: %s", got)
		}
		// A Retry-After holds the channel; a shorter one does not shorten it.
		if err := s.Hold(ctx, "C1", at.Add(30*time.Second)); err != nil {
			t.Fatal(err)
		}
		if err := s.Hold(ctx, "C1", at.Add(5*time.Second)); err != nil {
			t.Fatal(err)
		}
		if held, err := s.HeldUntil(ctx, "C1"); err != nil || !held.Equal(at.Add(30*time.Second)) {
			t.Fatalf("held until %s, %v", held, err)
		}
		got, booked, err := s.Reserve(ctx, "C1", at.Add(3*time.Second), time.Second, 2*time.Second)
		if err != nil || booked || !got.Equal(at.Add(30*time.Second)) {
			t.Fatalf("reserve during the hold = %s, %v, %v; want nothing booked, free at +30s", got, booked, err)
		}
		// Nothing was booked: the first post after the hold goes at its end.
		if got, booked, _ := s.Reserve(ctx, "C1", at.Add(3*time.Second), time.Second, time.Minute); !booked || !got.Equal(at.Add(30*time.Second)) {
			t.Fatalf("reserve after the hold = %s", got)
		}
		if err := s.Hold(ctx, "CNEW", at.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if got, booked, _ := s.Reserve(ctx, "CNEW", at, time.Second, time.Hour); !booked || !got.Equal(at.Add(time.Minute)) {
			t.Fatalf("a channel first seen held: %s", got)
		}

		// Replicas on one database: 30 reservations of one channel from 3
		// connections at once get 30 distinct slots a second apart.
		var mu sync.Mutex
		slots := map[time.Time]bool{}
		var wg sync.WaitGroup
		replicas := []*storage.ChannelPaceService{s}
		for range 2 {
			replicas = append(replicas, storage.NewChannelPaceService(storagetest.OpenDSN(t, dsn, clock)))
		}
		for i := range 30 {
			svc := replicas[i%len(replicas)]
			wg.Go(func() {
				got, booked, err := svc.Reserve(ctx, "CBUSY", at, time.Second, time.Hour)
				if err != nil || !booked {
					t.Errorf("reserve %d: %v %v", i, booked, err)
					return
				}
				mu.Lock()
				slots[got] = true
				mu.Unlock()
			})
		}
		wg.Wait()
		for i := range 30 {
			if !slots[at.Add(time.Duration(i)*time.Second)] {
				t.Errorf("slot +%ds not booked: two posts share a slot", i)
			}
		}
	})
}

func TestViewStashService(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()
		clock := testclock.New(mustTime(t, "2026-06-01T09:00:00Z"))
		db := MustOpenClockDB(t, backend, clock)
		s := storage.NewViewStashService(db)
		if err := s.StashView(ctx, "tok1", "UANA", `{"type":"modal"}`, clock.Now().Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if _, err := s.TakeView(ctx, "tok1", "UBOB"); plan.ErrorCode(err) != plan.ENOTFOUND {
			t.Fatalf("another user took the view: %v", err)
		}
		if v, err := s.TakeView(ctx, "tok1", "UANA"); err != nil || v != `{"type":"modal"}` {
			t.Fatalf("take = %q, %v", v, err)
		}
		if _, err := s.TakeView(ctx, "tok1", "UANA"); plan.ErrorCode(err) != plan.ENOTFOUND {
			t.Fatalf("taken twice: %v", err)
		}
		if err := s.StashView(ctx, "tok2", "UANA", `{}`, clock.Now().Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		clock.Advance(2 * time.Minute)
		if _, err := s.TakeView(ctx, "tok2", "UANA"); plan.ErrorCode(err) != plan.ENOTFOUND {
			t.Fatalf("expired view taken: %v", err)
		}
	})
}

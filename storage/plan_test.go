package storage_test

import (
	"context"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/storage"
	"github.com/planbot/planbot/storage/storagetest"
)

// defaultPlan returns valid EnsurePlan defaults for a channel.
func defaultPlan(teamID, channelID string) plan.Plan {
	return plan.Plan{TeamID: teamID, ChannelID: channelID, Name: "Bakery", TimeZone: "Europe/Paris", Language: "fr"}
}

// MustEnsurePlan ensures the plan of a channel or fails the test.
func MustEnsurePlan(tb testing.TB, db *storage.DB, teamID, channelID string) *plan.Plan {
	tb.Helper()
	p, err := storage.NewPlanService(db).EnsurePlan(context.Background(), defaultPlan(teamID, channelID))
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

func TestPlanService_EnsurePlan(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()

		t.Run("OK", func(t *testing.T) {
			db := MustOpenDB(t, backend)
			s := storage.NewPlanService(db)

			p, err := s.EnsurePlan(ctx, defaultPlan("T1", "C1"))
			if err != nil {
				t.Fatal(err)
			}
			want := plan.Plan{
				ID: p.ID, TeamID: "T1", ChannelID: "C1", Name: "Bakery", TimeZone: "Europe/Paris",
				Language: "fr", CreatedAt: fixedNow, UpdatedAt: fixedNow,
			}
			if p.ID == 0 || !reflect.DeepEqual(*p, want) {
				t.Fatalf("got %+v, want %+v", *p, want)
			}

			// A second call returns the stored plan, whatever the defaults say.
			other := defaultPlan("T1", "C1")
			other.Name, other.Language = "Other", "en"
			again, err := s.EnsurePlan(ctx, other)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(*again, *p) {
				t.Fatalf("second call got %+v, want %+v", *again, *p)
			}

			// Another channel gets its own plan.
			p2, err := s.EnsurePlan(ctx, defaultPlan("T1", "C2"))
			if err != nil {
				t.Fatal(err)
			}
			if p2.ID == p.ID {
				t.Fatalf("two channels share plan %d", p.ID)
			}
		})

		t.Run("ErrInvalidDefaults", func(t *testing.T) {
			db := MustOpenDB(t, backend)
			s := storage.NewPlanService(db)
			_, err := s.EnsurePlan(ctx, plan.Plan{TeamID: "T1", ChannelID: "C1", TimeZone: "Mars/Olympus", Language: "de"})
			assertCode(t, err, plan.EINVALID)
			assertFields(t, err, "time_zone", "language")
			if _, err := s.FindPlanByChannel(ctx, "T1", "C1"); plan.ErrorCode(err) != plan.ENOTFOUND {
				t.Fatalf("invalid plan was stored: err=%v", err)
			}
		})

		t.Run("Concurrent", func(t *testing.T) {
			db := MustOpenDB(t, backend)
			s := storage.NewPlanService(db)

			const n = 20
			var wg sync.WaitGroup
			start := make(chan struct{})
			ids := make(chan int64, n)
			errs := make(chan error, n)
			for range n {
				wg.Go(func() {
					<-start
					p, err := s.EnsurePlan(ctx, defaultPlan("T1", "C1"))
					if err != nil {
						errs <- err
						return
					}
					ids <- p.ID
				})
			}
			close(start)
			wg.Wait()
			close(ids)
			close(errs)
			for err := range errs {
				t.Error(err)
			}
			var first int64
			for id := range ids {
				if first == 0 {
					first = id
				} else if id != first {
					t.Fatalf("got plans %d and %d for one channel", first, id)
				}
			}
			plans, err := s.ListPlans(ctx, "T1")
			if err != nil {
				t.Fatal(err)
			}
			if len(plans) != 1 {
				t.Fatalf("%d plans stored, want 1", len(plans))
			}
		})
	})
}

func TestPlanService_Find(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()
		db := MustOpenDB(t, backend)
		s := storage.NewPlanService(db)
		p := MustEnsurePlan(t, db, "T1", "C1")

		t.Run("ByID", func(t *testing.T) {
			got, err := s.FindPlanByID(ctx, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(*got, *p) {
				t.Fatalf("got %+v, want %+v", *got, *p)
			}
		})
		t.Run("ByChannel", func(t *testing.T) {
			got, err := s.FindPlanByChannel(ctx, "T1", "C1")
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(*got, *p) {
				t.Fatalf("got %+v, want %+v", *got, *p)
			}
		})
		t.Run("ErrNotFound", func(t *testing.T) {
			_, err := s.FindPlanByID(ctx, p.ID+1)
			assertCode(t, err, plan.ENOTFOUND)
			// Same channel ID in another workspace is another plan.
			_, err = s.FindPlanByChannel(ctx, "T2", "C1")
			assertCode(t, err, plan.ENOTFOUND)
		})
	})
}

func TestPlanService_UpdatePlan(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()

		t.Run("OK", func(t *testing.T) {
			db := MustOpenDB(t, backend)
			s := storage.NewPlanService(db)
			p := MustEnsurePlan(t, db, "T1", "C1")

			later := fixedNow.Add(time.Hour)
			db.Now = func() time.Time { return later }
			upd := &plan.Plan{ID: p.ID, Name: "  Bakery NYC ", TimeZone: "America/New_York", Language: "en"}
			if err := s.UpdatePlan(ctx, upd); err != nil {
				t.Fatal(err)
			}
			want := plan.Plan{
				ID: p.ID, TeamID: "T1", ChannelID: "C1", Name: "Bakery NYC", TimeZone: "America/New_York",
				Language: "en", CreatedAt: fixedNow, UpdatedAt: later,
			}
			if !reflect.DeepEqual(*upd, want) {
				t.Fatalf("refreshed plan %+v, want %+v", *upd, want)
			}
			got, err := s.FindPlanByID(ctx, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(*got, want) {
				t.Fatalf("stored %+v, want %+v", *got, want)
			}
		})

		t.Run("ErrInvalid", func(t *testing.T) {
			db := MustOpenDB(t, backend)
			s := storage.NewPlanService(db)
			p := MustEnsurePlan(t, db, "T1", "C1")

			upd := *p
			upd.TimeZone = "Nowhere/Town"
			err := s.UpdatePlan(ctx, &upd)
			assertCode(t, err, plan.EINVALID)
			assertFields(t, err, "time_zone")
			got, err := s.FindPlanByID(ctx, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.TimeZone != "Europe/Paris" {
				t.Fatalf("invalid zone stored: %q", got.TimeZone)
			}
		})

		t.Run("ErrNotFound", func(t *testing.T) {
			db := MustOpenDB(t, backend)
			s := storage.NewPlanService(db)
			p := defaultPlan("T1", "C1")
			p.ID = 42
			assertCode(t, s.UpdatePlan(ctx, &p), plan.ENOTFOUND)
		})
	})
}

func TestPlanService_ListPlans(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()
		db := MustOpenDB(t, backend)
		s := storage.NewPlanService(db)
		a := MustEnsurePlan(t, db, "T1", "C1")
		MustEnsurePlan(t, db, "T2", "C1")
		b := MustEnsurePlan(t, db, "T1", "C2")

		plans, err := s.ListPlans(ctx, "T1")
		if err != nil {
			t.Fatal(err)
		}
		if len(plans) != 2 || plans[0].ID != a.ID || plans[1].ID != b.ID {
			t.Fatalf("T1 plans %+v, want %d and %d", plans, a.ID, b.ID)
		}

		all, err := s.ListPlans(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 3 {
			t.Fatalf("%d plans in all teams, want 3", len(all))
		}

		none, err := s.ListPlans(ctx, "T9")
		if err != nil {
			t.Fatal(err)
		}
		if len(none) != 0 {
			t.Fatalf("T9 plans %+v, want none", none)
		}
	})
}

// assertFields fails the test unless err carries field errors for exactly
// fields, in order.
func assertFields(t *testing.T, err error, fields ...string) {
	t.Helper()
	got := plan.ErrorFields(err)
	if len(got) != len(fields) {
		t.Fatalf("field errors %v, want fields %v", err, fields)
	}
	for i, e := range got {
		if e.Field != fields[i] {
			t.Fatalf("field errors %v, want fields %v", err, fields)
		}
	}
}

func TestPlanService_ReplyTarget(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		db := MustOpenDB(t, backend)
		s := storage.NewPlanService(db)
		ctx := context.Background()
		p, err := s.EnsurePlan(ctx, plan.Plan{TeamID: "T1", ChannelID: "C9", TimeZone: "UTC", Language: "en"})
		if err != nil {
			t.Fatal(err)
		}
		if got := p.ReplyTargetOrDefault(); got != plan.DefaultReplyTarget {
			t.Fatalf("new plan reply target = %v, want the default", got)
		}
		p.ReplyTarget = 45 * time.Minute
		if err := s.UpdatePlan(ctx, p); err != nil {
			t.Fatal(err)
		}
		got, err := s.FindPlanByID(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.ReplyTarget != 45*time.Minute {
			t.Errorf("reply target = %v, want 45m", got.ReplyTarget)
		}
		p.ReplyTarget = -time.Minute
		if err := s.UpdatePlan(ctx, p); plan.ErrorCode(err) != plan.EINVALID {
			t.Errorf("negative reply target: err = %v, want EINVALID", err)
		}
	})
}

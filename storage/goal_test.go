package storage_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/storage"
	"github.com/planbot/planbot/storage/storagetest"
)

// day returns a calendar date at 00:00 UTC, the form of Goal.Deadline.
func day(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// validGoal returns a SMART goal of plan planID, due after fixedNow.
func validGoal(planID int64) *plan.Goal {
	return &plan.Goal{
		PlanID:    planID,
		Kind:      plan.GoalLeads,
		Title:     "Grow the newsletter from Instagram",
		Metric:    "newsletter signups",
		Baseline:  120,
		Target:    300,
		Unit:      "signups",
		Deadline:  day(2026, 6, 30),
		OwnerID:   "U1",
		Learn:     "which posts bring signups",
		CreatedBy: "U2",
	}
}

// MustCreateGoal creates a valid goal in plan planID or fails the test.
func MustCreateGoal(tb testing.TB, db *storage.DB, planID int64) *plan.Goal {
	tb.Helper()
	g := validGoal(planID)
	if err := storage.NewGoalService(db).CreateGoal(context.Background(), g); err != nil {
		tb.Fatal(err)
	}
	return g
}

func TestGoalService_CreateGoal(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()

		t.Run("OK", func(t *testing.T) {
			db := MustOpenDB(t, backend)
			s := storage.NewGoalService(db)
			p := MustEnsurePlan(t, db, "T1", "C1")

			g := validGoal(p.ID)
			g.Title = "  Grow the newsletter from Instagram \n"
			if err := s.CreateGoal(ctx, g); err != nil {
				t.Fatal(err)
			}
			if g.ID == 0 || !g.CreatedAt.Equal(fixedNow) || !g.UpdatedAt.Equal(fixedNow) {
				t.Fatalf("ID and timestamps not set: %+v", g)
			}
			if g.Title != "Grow the newsletter from Instagram" {
				t.Fatalf("title not trimmed: %q", g.Title)
			}
			got, err := s.FindGoalByID(ctx, g.ID)
			if err != nil {
				t.Fatal(err)
			}
			if *got != *g {
				t.Fatalf("stored %+v\nwant   %+v", *got, *g)
			}
			if got.Deadline.Location() != time.UTC || got.CreatedAt.Location() != time.UTC {
				t.Fatalf("times not read back in UTC: %v, %v", got.Deadline, got.CreatedAt)
			}
		})

		t.Run("DeadlineStoredAsDate", func(t *testing.T) {
			db := MustOpenDB(t, backend)
			s := storage.NewGoalService(db)
			p := MustEnsurePlan(t, db, "T1", "C1")

			g := validGoal(p.ID)
			paris, err := time.LoadLocation("Europe/Paris")
			if err != nil {
				t.Fatal(err)
			}
			g.Deadline = time.Date(2026, 6, 30, 23, 30, 0, 0, paris) // 21:30 UTC
			if err := s.CreateGoal(ctx, g); err != nil {
				t.Fatal(err)
			}
			got, err := s.FindGoalByID(ctx, g.ID)
			if err != nil {
				t.Fatal(err)
			}
			if want := day(2026, 6, 30); !got.Deadline.Equal(want) || !g.Deadline.Equal(want) {
				t.Fatalf("deadline stored %v, returned %v, want %v", got.Deadline, g.Deadline, want)
			}
		})

		// Verbatim storage: escaping is the bot's job when it renders mrkdwn.
		t.Run("SlackMarkupStoredVerbatim", func(t *testing.T) {
			db := MustOpenDB(t, backend)
			s := storage.NewGoalService(db)
			p := MustEnsurePlan(t, db, "T1", "C1")

			const title = "<!channel> & <https://evil.example|bank>"
			g := validGoal(p.ID)
			g.Title = title
			if err := s.CreateGoal(ctx, g); err != nil {
				t.Fatal(err)
			}
			got, err := s.FindGoalByID(ctx, g.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Title != title {
				t.Fatalf("title %q, want %q", got.Title, title)
			}
		})

		t.Run("ErrPlanNotFound", func(t *testing.T) {
			db := MustOpenDB(t, backend)
			s := storage.NewGoalService(db)
			g := validGoal(404)
			err := s.CreateGoal(ctx, g)
			assertCode(t, err, plan.ENOTFOUND)
			var e *plan.Error
			if !errors.As(err, &e) || e.Message != "plan not found" {
				t.Fatalf("err=%v, want plan not found", err)
			}
			if g.ID != 0 {
				t.Fatalf("ID set on failure: %d", g.ID)
			}
		})

		for _, tt := range []struct {
			name  string
			edit  func(g *plan.Goal)
			field string
		}{
			{"ErrKindInvalid", func(g *plan.Goal) { g.Kind = "fame" }, "kind"},
			{"ErrTitleRequired", func(g *plan.Goal) { g.Title = "   " }, "title"},
			{"ErrMetricRequired", func(g *plan.Goal) { g.Metric = "" }, "metric"},
			{"ErrTargetSameAsBaseline", func(g *plan.Goal) { g.Target = g.Baseline }, "target"},
			{"ErrDeadlinePast", func(g *plan.Goal) { g.Deadline = day(2026, 3, 1) }, "deadline"},
			{"ErrDeadlineToday", func(g *plan.Goal) { g.Deadline = day(2026, 3, 10) }, "deadline"},
			{"ErrDeadlineRequired", func(g *plan.Goal) { g.Deadline = time.Time{} }, "deadline"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				db := MustOpenDB(t, backend)
				s := storage.NewGoalService(db)
				p := MustEnsurePlan(t, db, "T1", "C1")

				g := validGoal(p.ID)
				tt.edit(g)
				err := s.CreateGoal(ctx, g)
				assertCode(t, err, plan.EINVALID)
				var fe plan.FieldErrors
				if !errors.As(err, &fe) {
					t.Fatalf("err=%T %v, want plan.FieldErrors", err, err)
				}
				assertFields(t, err, tt.field)
				assertNoGoals(t, s)
			})
		}

		t.Run("ErrAllFieldsAtOnce", func(t *testing.T) {
			db := MustOpenDB(t, backend)
			s := storage.NewGoalService(db)
			p := MustEnsurePlan(t, db, "T1", "C1")

			err := s.CreateGoal(ctx, &plan.Goal{PlanID: p.ID})
			assertFields(t, err, "kind", "title", "metric", "target", "deadline")
			assertNoGoals(t, s)
		})

		// Today is the plan's date: at 12:00 UTC on 10 March it is already
		// 11 March in Auckland, so a deadline of 11 March is past there only.
		t.Run("TodayInPlanZone", func(t *testing.T) {
			db := MustOpenDB(t, backend)
			s := storage.NewGoalService(db)
			ps := storage.NewPlanService(db)

			utc := defaultPlan("T1", "CUTC")
			utc.TimeZone = "UTC"
			pu, err := ps.EnsurePlan(ctx, utc)
			if err != nil {
				t.Fatal(err)
			}
			akl := defaultPlan("T1", "CAKL")
			akl.TimeZone = "Pacific/Auckland"
			pa, err := ps.EnsurePlan(ctx, akl)
			if err != nil {
				t.Fatal(err)
			}

			g := validGoal(pu.ID)
			g.Deadline = day(2026, 3, 11)
			if err := s.CreateGoal(ctx, g); err != nil {
				t.Fatalf("UTC plan: %v", err)
			}
			g = validGoal(pa.ID)
			g.Deadline = day(2026, 3, 11)
			assertFields(t, s.CreateGoal(ctx, g), "deadline")
		})
	})
}

func TestGoalService_UpdateGoal(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()

		t.Run("OK", func(t *testing.T) {
			db := MustOpenDB(t, backend)
			s := storage.NewGoalService(db)
			p := MustEnsurePlan(t, db, "T1", "C1")
			g := MustCreateGoal(t, db, p.ID)

			later := fixedNow.Add(time.Hour)
			db.Now = func() time.Time { return later }
			title, target := "  Double the newsletter ", 500.0
			got, err := s.UpdateGoal(ctx, g.ID, plan.GoalUpdate{Title: &title, Target: &target})
			if err != nil {
				t.Fatal(err)
			}
			want := *g
			want.Title, want.Target, want.UpdatedAt = "Double the newsletter", 500, later
			if *got != want {
				t.Fatalf("returned %+v\nwant     %+v", *got, want)
			}
			stored, err := s.FindGoalByID(ctx, g.ID)
			if err != nil {
				t.Fatal(err)
			}
			if *stored != want {
				t.Fatalf("stored %+v\nwant   %+v", *stored, want)
			}
		})

		// A goal whose deadline has passed can still be corrected, but its
		// deadline cannot be moved to another past date.
		t.Run("PastDeadline", func(t *testing.T) {
			db := MustOpenDB(t, backend)
			s := storage.NewGoalService(db)
			p := MustEnsurePlan(t, db, "T1", "C1")
			g := validGoal(p.ID)
			g.Deadline = day(2026, 4, 1)
			if err := s.CreateGoal(ctx, g); err != nil {
				t.Fatal(err)
			}
			db.Now = func() time.Time { return time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC) }

			title := "Corrected title"
			if _, err := s.UpdateGoal(ctx, g.ID, plan.GoalUpdate{Title: &title}); err != nil {
				t.Fatalf("edit keeping past deadline: %v", err)
			}
			same := day(2026, 4, 1)
			if _, err := s.UpdateGoal(ctx, g.ID, plan.GoalUpdate{Deadline: &same}); err != nil {
				t.Fatalf("resubmitting the stored deadline: %v", err)
			}

			past := day(2026, 4, 15)
			title2 := "Not saved"
			_, err := s.UpdateGoal(ctx, g.ID, plan.GoalUpdate{Title: &title2, Deadline: &past})
			assertCode(t, err, plan.EINVALID)
			assertFields(t, err, "deadline")

			stored, err := s.FindGoalByID(ctx, g.ID)
			if err != nil {
				t.Fatal(err)
			}
			if stored.Title != "Corrected title" || !stored.Deadline.Equal(day(2026, 4, 1)) {
				t.Fatalf("rejected update was stored: %+v", stored)
			}

			future := day(2026, 6, 1)
			got, err := s.UpdateGoal(ctx, g.ID, plan.GoalUpdate{Deadline: &future})
			if err != nil {
				t.Fatal(err)
			}
			if !got.Deadline.Equal(future) {
				t.Fatalf("deadline %v, want %v", got.Deadline, future)
			}
		})

		t.Run("ErrInvalid", func(t *testing.T) {
			db := MustOpenDB(t, backend)
			s := storage.NewGoalService(db)
			p := MustEnsurePlan(t, db, "T1", "C1")
			g := MustCreateGoal(t, db, p.ID)

			empty := ""
			_, err := s.UpdateGoal(ctx, g.ID, plan.GoalUpdate{Metric: &empty, Target: &g.Baseline})
			assertFields(t, err, "metric", "target")
		})

		t.Run("ErrNotFound", func(t *testing.T) {
			db := MustOpenDB(t, backend)
			s := storage.NewGoalService(db)
			title := "x"
			got, err := s.UpdateGoal(ctx, 7, plan.GoalUpdate{Title: &title})
			assertCode(t, err, plan.ENOTFOUND)
			if got != nil {
				t.Fatalf("got %+v with an error", got)
			}
		})
	})
}

func TestGoalService_DeleteGoal(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()
		db := MustOpenDB(t, backend)
		s := storage.NewGoalService(db)
		p := MustEnsurePlan(t, db, "T1", "C1")
		g := MustCreateGoal(t, db, p.ID)

		if err := s.DeleteGoal(ctx, g.ID); err != nil {
			t.Fatal(err)
		}
		_, err := s.FindGoalByID(ctx, g.ID)
		assertCode(t, err, plan.ENOTFOUND)
		assertCode(t, s.DeleteGoal(ctx, g.ID), plan.ENOTFOUND)

		// IDs are never reused, so a stale button for the deleted goal cannot
		// reach the next one.
		next := MustCreateGoal(t, db, p.ID)
		if next.ID == g.ID {
			t.Fatalf("goal ID %d reused after delete", g.ID)
		}
	})
}

func TestGoalService_FindGoals(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()
		db := MustOpenDB(t, backend)
		s := storage.NewGoalService(db)
		p1 := MustEnsurePlan(t, db, "T1", "C1")
		p2 := MustEnsurePlan(t, db, "T1", "C2")

		var ids []int64
		for range 5 {
			ids = append(ids, MustCreateGoal(t, db, p1.ID).ID)
		}
		other := MustCreateGoal(t, db, p2.ID).ID

		for _, tt := range []struct {
			name   string
			filter plan.GoalFilter
			want   []int64
			total  int
		}{
			{"Plan", plan.GoalFilter{PlanID: &p1.ID}, ids, 5},
			{"FirstPage", plan.GoalFilter{PlanID: &p1.ID, Limit: 2}, ids[:2], 5},
			{"SecondPage", plan.GoalFilter{PlanID: &p1.ID, Offset: 2, Limit: 2}, ids[2:4], 5},
			{"LastPage", plan.GoalFilter{PlanID: &p1.ID, Offset: 4, Limit: 2}, ids[4:], 5},
			{"OffsetNoLimit", plan.GoalFilter{PlanID: &p1.ID, Offset: 3}, ids[3:], 5},
			{"PastTheEnd", plan.GoalFilter{PlanID: &p1.ID, Offset: 10, Limit: 2}, nil, 5},
			{"ID", plan.GoalFilter{ID: &ids[1]}, ids[1:2], 1},
			{"IDInOtherPlan", plan.GoalFilter{ID: &ids[1], PlanID: &p2.ID}, nil, 0},
			{"All", plan.GoalFilter{}, append(ids[:5:5], other), 6},
		} {
			t.Run(tt.name, func(t *testing.T) {
				goals, total, err := s.FindGoals(ctx, tt.filter)
				if err != nil {
					t.Fatal(err)
				}
				if total != tt.total {
					t.Errorf("total %d, want %d", total, tt.total)
				}
				got := make([]int64, len(goals))
				for i, g := range goals {
					got[i] = g.ID
				}
				if !equalIDs(got, tt.want) {
					t.Fatalf("IDs %v, want %v", got, tt.want)
				}
			})
		}
	})
}

func equalIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// assertNoGoals fails the test if any goal is stored.
func assertNoGoals(t *testing.T, s *storage.GoalService) {
	t.Helper()
	goals, total, err := s.FindGoals(context.Background(), plan.GoalFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if total != 0 || len(goals) != 0 {
		t.Fatalf("%d goals stored, want none", total)
	}
}

// TestGoalService_Owners checks that goals are owner-only in the service
// itself, not only in the bot: the check runs in the write transaction.
func TestGoalService_Owners(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		db := MustOpenDB(t, backend)
		ctx := context.Background()
		plans := storage.NewPlanService(db)
		goals := storage.NewGoalService(db)
		p, err := plans.EnsurePlan(ctx, plan.Plan{TeamID: "T1", ChannelID: "COWN", TimeZone: "UTC", Language: "en"})
		if err != nil {
			t.Fatal(err)
		}
		g := &plan.Goal{PlanID: p.ID, Kind: plan.GoalSales, Title: "Sell", Metric: "orders", Target: 10,
			Deadline: db.Now().AddDate(1, 0, 0)}
		if err := goals.CreateGoal(plan.NewContextWithUser(ctx, "UANYONE"), g); err != nil {
			t.Fatalf("a plan without owners refused a goal: %v", err)
		}
		owners := []string{"UOWNER"}
		if _, err := plans.UpdatePlanSettings(plan.NewContextWithUser(ctx, "UANYONE"), p.ID, plan.PlanUpdate{Owners: &owners}); err != nil {
			t.Fatal(err)
		}

		title := "Changed by a non-owner"
		if _, err := goals.UpdateGoal(plan.NewContextWithUser(ctx, "UOTHER"), g.ID, plan.GoalUpdate{Title: &title}); plan.ErrorCode(err) != plan.EFORBIDDEN {
			t.Errorf("update by a non-owner: err = %v, want EFORBIDDEN", err)
		}
		if err := goals.DeleteGoal(plan.NewContextWithUser(ctx, "UOTHER"), g.ID); plan.ErrorCode(err) != plan.EFORBIDDEN {
			t.Errorf("delete by a non-owner: err = %v, want EFORBIDDEN", err)
		}
		g2 := *g
		g2.ID = 0
		if err := goals.CreateGoal(plan.NewContextWithUser(ctx, "UOTHER"), &g2); plan.ErrorCode(err) != plan.EFORBIDDEN {
			t.Errorf("create by a non-owner: err = %v, want EFORBIDDEN", err)
		}
		if _, err := goals.UpdateGoal(plan.NewContextWithUser(ctx, "UOWNER"), g.ID, plan.GoalUpdate{Title: &title}); err != nil {
			t.Errorf("update by the owner: %v", err)
		}
		if err := goals.DeleteGoal(plan.NewContextWithUser(ctx, "UOWNER"), g.ID); err != nil {
			t.Errorf("delete by the owner: %v", err)
		}
	})
}

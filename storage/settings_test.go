package storage_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/storage"
	"github.com/planbot/planbot/storage/storagetest"
)

// TestPlanService_SettingsInOneTransaction reproduces issue 12's bug: an
// owner who hands the plan over and sets a review schedule in one submit
// was told "only the plan owners can change this" while the owners and
// name were saved and the schedule dropped. Now all of it is saved, or
// none of it.
func TestPlanService_SettingsInOneTransaction(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()
		weekly := plan.ReviewSchedule{Frequency: plan.FrequencyWeekly, Weekday: time.Monday, MonthDay: 1, Hour: 9, Minute: 30}
		hours := plan.WorkingHours{
			Days:  []time.Weekday{time.Friday, time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Monday},
			Start: 8*60 + 30, End: 17 * 60,
			Holidays: []time.Time{
				time.Date(2026, 12, 25, 0, 0, 0, 0, time.UTC), time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC),
				time.Date(2026, 12, 25, 0, 0, 0, 0, time.UTC),
			},
		}

		t.Run("HandOverAndSchedule", func(t *testing.T) {
			db := MustOpenDB(t, backend)
			s := storage.NewPlanService(db)
			p := MustEnsurePlan(t, db, "T1", "C1")
			MustSetOwners(t, db, p.ID, "UANA")

			name, owners := "Handed over", []string{"UBOB"}
			got, err := s.UpdatePlanSettings(as("UANA"), p.ID, plan.PlanUpdate{
				Name: &name, Owners: &owners, ReviewSchedule: &weekly, WorkingHours: &hours,
			})
			if err != nil {
				t.Fatalf("hand over with a schedule: %v", err)
			}
			wantHours := plan.WorkingHours{
				Days:  []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday},
				Start: 510, End: 1020,
				Holidays: []time.Time{time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 25, 0, 0, 0, 0, time.UTC)},
			}
			stored, err := s.FindPlanByID(ctx, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range []*plan.Plan{got, stored} {
				if p.Name != name || !reflect.DeepEqual(p.Owners, owners) || !reflect.DeepEqual(p.WorkingHours, wantHours) {
					t.Fatalf("plan %+v\nwant name %q, owners %v, hours %+v", p, name, owners, wantHours)
				}
			}
			sched, r, err := storage.NewMetricService(db).ReviewSchedule(ctx, p.ID)
			if err != nil || sched != weekly || r == nil || r.OwnerID != "UANA" || r.State != plan.ReminderActive {
				t.Fatalf("review schedule %+v (reminder %+v), %v; want %+v set by UANA", sched, r, err, weekly)
			}

			// UANA handed the plan over: her next change is refused whole.
			off, renamed := plan.ReviewSchedule{}, "Taken back"
			_, err = s.UpdatePlanSettings(as("UANA"), p.ID, plan.PlanUpdate{Name: &renamed, ReviewSchedule: &off})
			assertCode(t, err, plan.EFORBIDDEN)
			if sched, _, _ := storage.NewMetricService(db).ReviewSchedule(ctx, p.ID); sched != weekly {
				t.Fatalf("schedule after a refused change: %+v", sched)
			}
		})

		t.Run("ErrInvalidSavesNothing", func(t *testing.T) {
			db := MustOpenDB(t, backend)
			s := storage.NewPlanService(db)
			p := MustEnsurePlan(t, db, "T1", "C1")

			name, owners := strings.Repeat("n", plan.MaxPlanNameLen+1), []string{"UBOB"}
			badHours := plan.WorkingHours{Days: []time.Weekday{time.Monday}, Start: 18 * 60, End: 9 * 60}
			badSched := plan.ReviewSchedule{Frequency: plan.FrequencyWeekly, Weekday: 9, Hour: 9}
			_, err := s.UpdatePlanSettings(as("UANA"), p.ID, plan.PlanUpdate{
				Name: &name, Owners: &owners, WorkingHours: &badHours, ReviewSchedule: &badSched,
			})
			assertFields(t, err, "name", "working_hours", "review_weekday")
			stored, err := s.FindPlanByID(ctx, p.ID)
			if err != nil || stored.Name != p.Name || stored.Owners != nil || !stored.WorkingHours.IsZero() {
				t.Fatalf("refused settings stored: %+v, %v", stored, err)
			}
			if _, r, err := storage.NewMetricService(db).ReviewSchedule(ctx, p.ID); r != nil || err != nil {
				t.Fatalf("refused schedule stored: %+v, %v", r, err)
			}
		})

		t.Run("AlwaysWorking", func(t *testing.T) {
			db := MustOpenDB(t, backend)
			s := storage.NewPlanService(db)
			p := MustEnsurePlan(t, db, "T1", "C1")
			if _, err := s.UpdatePlanSettings(as("U1"), p.ID, plan.PlanUpdate{WorkingHours: &hours}); err != nil {
				t.Fatal(err)
			}
			always := plan.WorkingHours{}
			got, err := s.UpdatePlanSettings(as("U1"), p.ID, plan.PlanUpdate{WorkingHours: &always})
			if err != nil || !reflect.DeepEqual(got.WorkingHours, always) {
				t.Fatalf("back to always: %+v, %v", got, err)
			}
			if stored, _ := s.FindPlanByID(ctx, p.ID); !reflect.DeepEqual(stored.WorkingHours, always) {
				t.Fatalf("stored hours %+v, want the zero value", stored.WorkingHours)
			}
		})
	})
}

func TestPlanService_Visits(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()
		db := MustOpenDB(t, backend)
		s := storage.NewPlanService(db)
		p1, p2 := MustEnsurePlan(t, db, "T1", "C1"), MustEnsurePlan(t, db, "T1", "C2")
		if _, err := s.LastPlanVisited(ctx, "T1", "UANA"); plan.ErrorCode(err) != plan.ENOTFOUND {
			t.Fatalf("no visit yet: %v, want ENOTFOUND", err)
		}
		for _, step := range []struct {
			user string
			plan int64
		}{{"UANA", p1.ID}, {"UANA", p1.ID}, {"UBOB", p1.ID}, {"UANA", p2.ID}} {
			if err := s.RecordPlanVisit(ctx, "T1", step.user, step.plan); err != nil {
				t.Fatal(err)
			}
		}
		if id, err := s.LastPlanVisited(ctx, "T1", "UANA"); err != nil || id != p2.ID {
			t.Fatalf("Ana's last plan %d, %v; want %d", id, err, p2.ID)
		}
		if id, err := s.LastPlanVisited(ctx, "T1", "UBOB"); err != nil || id != p1.ID {
			t.Fatalf("Bob's last plan %d, %v; want %d", id, err, p1.ID)
		}
		if _, err := s.LastPlanVisited(ctx, "T2", "UANA"); plan.ErrorCode(err) != plan.ENOTFOUND {
			t.Fatalf("another workspace: %v, want ENOTFOUND", err)
		}
	})
}

package storage_test

import (
	"context"
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/storage"
	"github.com/planbot/planbot/storage/storagetest"
)

func TestCheckInService(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()
		db := MustOpenDB(t, backend)
		s := storage.NewCheckInService(db)
		p := MustEnsurePlan(t, db, "T1", "C1")
		g := MustCreateGoal(t, db, p.ID)
		g2 := MustCreateGoal(t, db, p.ID)
		MustSetOwners(t, db, p.ID, "UOWNER")

		t.Run("CreateAndFind", func(t *testing.T) {
			c := &plan.CheckIn{GoalID: g.ID, Status: plan.CheckInAtRisk, Note: "  Fewer leads than hoped  "}
			if err := s.CreateCheckIn(as("UOWNER"), c); err != nil {
				t.Fatal(err)
			}
			if c.ID == 0 || c.PlanID != p.ID || c.By != "UOWNER" || !c.At.Equal(fixedNow) || c.Note != "Fewer leads than hoped" {
				t.Fatalf("created %+v", c)
			}
			later := fixedNow.Add(time.Hour)
			db.Now = func() time.Time { return later }
			defer func() { db.Now = func() time.Time { return fixedNow } }()
			if err := s.CreateCheckIn(as("UOWNER"), &plan.CheckIn{GoalID: g2.ID, Status: plan.CheckInOnTrack}); err != nil {
				t.Fatal(err)
			}
			got, total, err := s.FindCheckIns(ctx, plan.CheckInFilter{PlanID: &p.ID, Limit: 1})
			if err != nil || total != 2 || len(got) != 1 || got[0].GoalID != g2.ID {
				t.Fatalf("found %v (%d), %v; want the newest of 2", got, total, err)
			}
			got, total, err = s.FindCheckIns(ctx, plan.CheckInFilter{GoalID: &g.ID})
			if err != nil || total != 1 || got[0].ID != c.ID || got[0].Status != plan.CheckInAtRisk {
				t.Fatalf("found %v (%d), %v", got, total, err)
			}
		})
		t.Run("ErrForbidden", func(t *testing.T) {
			assertCode(t, s.CreateCheckIn(as("USOMEONE"), &plan.CheckIn{GoalID: g.ID, Status: plan.CheckInOnTrack}), plan.EFORBIDDEN)
		})
		t.Run("ErrStatus", func(t *testing.T) {
			assertFields(t, s.CreateCheckIn(as("UOWNER"), &plan.CheckIn{GoalID: g.ID, Status: "fine"}), "status")
		})
		t.Run("ErrGoalNotFound", func(t *testing.T) {
			assertCode(t, s.CreateCheckIn(as("UOWNER"), &plan.CheckIn{GoalID: 404, Status: plan.CheckInOnTrack}), plan.ENOTFOUND)
		})

		t.Run("Schedule", func(t *testing.T) {
			got, err := s.CheckInSchedule(ctx, p.ID)
			if err != nil || got != plan.DefaultCheckInSchedule {
				t.Fatalf("default %+v, %v", got, err)
			}
			want := plan.CheckInSchedule{Frequency: plan.FrequencyWeekly, Weekday: time.Thursday, Hour: 15, Minute: 30, Recent: 48 * time.Hour}
			if err := s.SetCheckInSchedule(as("UOWNER"), p.ID, want); err != nil {
				t.Fatal(err)
			}
			if got, err = s.CheckInSchedule(ctx, p.ID); err != nil || got != want {
				t.Fatalf("stored %+v, %v; want %+v", got, err, want)
			}
			assertCode(t, s.SetCheckInSchedule(as("USOMEONE"), p.ID, want), plan.EFORBIDDEN)
			assertFields(t, s.SetCheckInSchedule(as("UOWNER"), p.ID, plan.CheckInSchedule{Frequency: plan.FrequencyWeekly, Hour: 25}), "checkin_time")
		})

		t.Run("AskOnce", func(t *testing.T) {
			slot := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
			for i, want := range []bool{true, false} {
				ok, err := s.ClaimCheckInAsk(ctx, g.ID, slot)
				if err != nil || ok != want {
					t.Fatalf("claim %d: %v, %v; want %v", i, ok, err, want)
				}
			}
			states, _, err := s.CheckInStates(ctx, p.ID)
			if err != nil || len(states) != 2 {
				t.Fatalf("states %v, %v", states, err)
			}
			for _, st := range states {
				if st.Goal.ID == g.ID && (!st.LastAsked.Equal(slot) || st.Last == nil || st.Last.Status != plan.CheckInAtRisk) {
					t.Fatalf("state of the goal asked: %+v", st)
				}
			}
		})
	})
}

package storage_test

import (
	"context"
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/storage"
	"github.com/planbot/planbot/storage/storagetest"
)

// TestMonthlyReportSetting: the plan setting is stored, and the reminder
// of kind monthly_report follows it: scheduled on the working days at
// 09:00 in the plan's zone, moved with the working days, cancelled when the
// setting is turned off.
func TestMonthlyReportSetting(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()
		db := MustOpenDB(t, backend)
		plans, reminders := storage.NewPlanService(db), storage.NewReminderService(db)
		p := MustEnsurePlan(t, db, "T1", "C1")
		kind := plan.ReminderMonthlyReport
		find := func() *plan.Reminder {
			t.Helper()
			rs, err := reminders.FindReminders(ctx, plan.ReminderFilter{PlanID: &p.ID, Kind: &kind})
			if err != nil || len(rs) > 1 {
				t.Fatalf("reminders %v, %v", rs, err)
			}
			if len(rs) == 0 {
				return nil
			}
			return rs[0]
		}
		if r := find(); r != nil {
			t.Fatalf("a monthly report reminder before the setting: %+v", r)
		}

		on, off, tz := true, false, "Europe/Paris"
		hours := plan.WorkingHours{Days: []time.Weekday{time.Tuesday, time.Wednesday}, Start: 540, End: 1080}
		got, err := plans.UpdatePlanSettings(ctx, p.ID, plan.PlanUpdate{MonthlyReport: &on, TimeZone: &tz, WorkingHours: &hours})
		if err != nil || !got.MonthlyReport {
			t.Fatalf("update: %+v, %v", got, err)
		}
		if again, err := plans.FindPlanByID(ctx, p.ID); err != nil || !again.MonthlyReport {
			t.Fatalf("stored setting %+v, %v", again, err)
		}
		r := find()
		if r == nil || r.State != plan.ReminderActive || r.SubjectID != p.ID || r.ChannelID != "C1" ||
			r.Rule.Hour != 9 || r.Rule.TimeZone != tz || len(r.Rule.Weekdays) != 2 || r.Rule.Weekdays[0] != time.Tuesday {
			t.Fatalf("reminder %+v, want Tuesdays and Wednesdays at 09:00 in Paris", r)
		}

		// Another setting saved keeps it; new working days move it.
		hours.Days = []time.Weekday{time.Monday}
		if _, err := plans.UpdatePlanSettings(ctx, p.ID, plan.PlanUpdate{WorkingHours: &hours}); err != nil {
			t.Fatal(err)
		}
		if r := find(); r.State != plan.ReminderActive || len(r.Rule.Weekdays) != 1 || r.Rule.Weekdays[0] != time.Monday {
			t.Fatalf("after new working days: %+v", r)
		}

		if _, err := plans.UpdatePlanSettings(ctx, p.ID, plan.PlanUpdate{MonthlyReport: &off}); err != nil {
			t.Fatal(err)
		}
		if r := find(); r.State != plan.ReminderCancelled {
			t.Fatalf("after turning it off: %+v", r)
		}
		if again, _ := plans.FindPlanByID(ctx, p.ID); again.MonthlyReport {
			t.Fatal("setting still on")
		}
	})
}

package storage_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/planbot/planbot/internal/testclock"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/storage"
	"github.com/planbot/planbot/storage/storagetest"
)

func TestReminderService_Claims(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()
		at := mustTime(t, "2026-06-01T09:00:00Z")
		lease := at.Add(2 * time.Minute)

		setup := func(t *testing.T) (*storage.ReminderService, *plan.Reminder, *testclock.Clock) {
			clock := testclock.New(at.Add(-time.Hour))
			db := MustOpenClockDB(t, backend, clock)
			r := mustSchedule(t, db, mustPlanIn(t, db, "C1", "UTC"), 1, plan.Rule{Frequency: plan.FrequencyOnce, At: at})
			clock.Set(at)
			return storage.NewReminderService(db), r, clock
		}

		t.Run("ClaimedOnce", func(t *testing.T) {
			rs, r, _ := setup(t)
			if _, ok, err := rs.ClaimDelivery(ctx, r.ID, "A", at.Add(-time.Second), lease); err != nil || ok {
				t.Fatalf("claim before due: %v, %v", ok, err)
			}
			d, ok, err := rs.ClaimDelivery(ctx, r.ID, "A", at, lease)
			if err != nil || !ok || d.ReminderID != r.ID || d.State != plan.DeliveryClaimed || d.ClaimedBy != "A" || d.PlanID != r.PlanID {
				t.Fatalf("claim = %+v, %v, %v", d, ok, err)
			}
			if _, ok, err := rs.ClaimDelivery(ctx, r.ID, "B", at, lease); err != nil || ok {
				t.Fatalf("second claim: %v, %v; want none", ok, err)
			}
			got, _ := rs.FindReminderByID(ctx, r.ID)
			if got.State != plan.ReminderDone || !got.LastDue.Equal(at) || !got.NextAt.IsZero() {
				t.Errorf("reminder after claim: %+v", got)
			}
			if due, err := rs.DueReminders(ctx, at.Add(time.Hour), 10); err != nil || len(due) != 0 {
				t.Errorf("DueReminders after the claim: %d, %v", len(due), err)
			}
		})

		t.Run("TakenOverAfterLease", func(t *testing.T) {
			rs, r, _ := setup(t)
			d, _, err := rs.ClaimDelivery(ctx, r.ID, "A", at, lease)
			if err != nil {
				t.Fatal(err)
			}
			if taken, _, err := rs.ReclaimDeliveries(ctx, "B", lease.Add(-time.Second), lease.Add(time.Hour), 10, 5); err != nil || len(taken) != 0 {
				t.Fatalf("reclaimed during the lease: %d, %v", len(taken), err)
			}
			taken, _, err := rs.ReclaimDeliveries(ctx, "B", lease, lease.Add(time.Hour), 10, 5)
			if err != nil || len(taken) != 1 || taken[0].ClaimedBy != "B" || taken[0].Attempts != 2 {
				t.Fatalf("reclaim = %+v, %v", taken, err)
			}
			if err := rs.MarkPosting(ctx, d.ID, "A", lease.Add(time.Hour)); plan.ErrorCode(err) != plan.ECONFLICT {
				t.Fatalf("A posting after the takeover: %v, want ECONFLICT", err)
			}
			if err := rs.FinishDelivery(ctx, d.ID, "A", plan.DeliveryResult{State: plan.DeliverySent}); plan.ErrorCode(err) != plan.ECONFLICT {
				t.Fatalf("A finishing after the takeover: %v, want ECONFLICT", err)
			}
			if err := rs.MarkPosting(ctx, d.ID, "B", lease.Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
			if err := rs.FinishDelivery(ctx, d.ID, "B", plan.DeliveryResult{State: plan.DeliverySent, ChannelID: "C1", MessageTS: "1.2"}); err != nil {
				t.Fatal(err)
			}
		})

		t.Run("ExhaustedFails", func(t *testing.T) {
			rs, r, _ := setup(t)
			d, _, _ := rs.ClaimDelivery(ctx, r.ID, "A", at, lease)
			if err := rs.RetryDelivery(ctx, d.ID, "A", "ratelimited", at); err != nil {
				t.Fatal(err)
			}
			if taken, _, err := rs.ReclaimDeliveries(ctx, "B", at, lease, 10, 1); err != nil || len(taken) != 0 {
				t.Fatalf("reclaim past max attempts: %d, %v", len(taken), err)
			}
			ds, _ := rs.FindDeliveries(ctx, r.ID)
			if ds[0].State != plan.DeliveryFailed || ds[0].Reason != "too many attempts: ratelimited" {
				t.Fatalf("delivery %+v, want failed", ds[0])
			}
		})

		t.Run("ErrFinishAsClaimed", func(t *testing.T) {
			rs, r, _ := setup(t)
			d, _, _ := rs.ClaimDelivery(ctx, r.ID, "A", at, lease)
			if err := rs.FinishDelivery(ctx, d.ID, "A", plan.DeliveryResult{State: plan.DeliveryClaimed}); plan.ErrorCode(err) != plan.EINVALID {
				t.Fatalf("finish as claimed: %v", err)
			}
		})

		t.Run("UnreachableMarkedOnce", func(t *testing.T) {
			rs, r, _ := setup(t)
			first, err := rs.MarkChannelUnreachable(ctx, r.PlanID, "C1", "not_in_channel", at.Add(time.Hour))
			if err != nil || !first {
				t.Fatalf("first mark: %v, %v", first, err)
			}
			if first, err := rs.MarkChannelUnreachable(ctx, r.PlanID, "C1", "is_archived", at.Add(2*time.Hour)); err != nil || first {
				t.Fatalf("second mark: first=%v, %v", first, err)
			}
			if due, _ := rs.DueReminders(ctx, at.Add(time.Hour), 10); len(due) != 0 {
				t.Fatalf("due while unreachable: %d", len(due))
			}
			if due, _ := rs.DueReminders(ctx, at.Add(2*time.Hour), 10); len(due) != 1 {
				t.Fatalf("due at retry_at: %d, want 1", len(due))
			}
			if reason, err := rs.UnreachableReason(ctx, r.PlanID); err != nil || reason != "is_archived" {
				t.Fatalf("UnreachableReason = %q, %v; want the last reason", reason, err)
			}
			if err := rs.ClearChannelUnreachable(ctx, r.PlanID); err != nil {
				t.Fatal(err)
			}
			if reason, _ := rs.UnreachableReason(ctx, r.PlanID); reason != "" {
				t.Fatalf("UnreachableReason after clear = %q", reason)
			}
			if first, _ := rs.MarkChannelUnreachable(ctx, r.PlanID, "C1", "not_in_channel", at); !first {
				t.Fatal("mark after clear is not first")
			}
		})
	})
}

func TestReminderService_FindAndRezone(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()
		clock := testclock.New(mustTime(t, "2026-06-01T00:00:00Z"))
		db := MustOpenClockDB(t, backend, clock)
		p := mustPlanIn(t, db, "C1", "Europe/Paris")
		daily := mustSchedule(t, db, p, 1, plan.Rule{Frequency: plan.FrequencyDaily, Hour: 9, TimeZone: "Europe/Paris"})
		weekly := mustSchedule(t, db, p, 2, plan.Rule{Frequency: plan.FrequencyWeekly, Weekdays: []time.Weekday{time.Monday, time.Thursday}, Hour: 8, TimeZone: "Europe/Paris"})
		once := mustSchedule(t, db, p, 3, plan.Rule{Frequency: plan.FrequencyOnce, At: mustTime(t, "2026-06-01T05:00:00Z")})
		rs := storage.NewReminderService(db)

		got, err := rs.FindReminders(ctx, plan.ReminderFilter{PlanID: &p.ID})
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, r := range got {
			ids = append(ids, r.ID)
		}
		// Soonest first: once at 05:00Z, weekly Monday 06:00Z (08:00 CEST), daily 07:00Z.
		if len(ids) != 3 || ids[0] != once.ID || ids[1] != weekly.ID || ids[2] != daily.ID {
			t.Fatalf("order %v, want %d %d %d", ids, once.ID, weekly.ID, daily.ID)
		}
		if got[1].Rule.Weekdays[1] != time.Thursday || got[1].Rule.Hour != 8 {
			t.Errorf("weekly rule read back as %+v", got[1].Rule)
		}

		if err := storage.RezoneReminders(ctx, db, p.ID, "America/New_York"); err != nil {
			t.Fatal(err)
		}
		r, _ := rs.FindReminderByID(ctx, daily.ID)
		if r.Rule.TimeZone != "America/New_York" || !r.NextAt.Equal(mustTime(t, "2026-06-01T13:00:00Z")) {
			t.Errorf("rezoned daily: %s next %s, want 09:00 New York", r.Rule.TimeZone, r.NextAt)
		}
		if r, _ := rs.FindReminderByID(ctx, once.ID); r.Rule.TimeZone != "" {
			t.Errorf("a one-shot reminder was rezoned: %+v", r.Rule)
		}
	})
}

// TestPlanSettings_ZoneChangeMovesReminders checks that changing a plan's
// time zone in its settings keeps its recurring reminders at the same
// local time in the new zone.
func TestPlanSettings_ZoneChangeMovesReminders(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()
		clock := testclock.New(mustTime(t, "2026-06-01T00:00:00Z"))
		db := MustOpenClockDB(t, backend, clock)
		p := mustPlanIn(t, db, "C1", "Europe/Paris")
		daily := mustSchedule(t, db, p, 1, plan.Rule{Frequency: plan.FrequencyDaily, Hour: 9, TimeZone: "Europe/Paris"})

		tz := "America/New_York"
		if _, err := storage.NewPlanService(db).UpdatePlanSettings(ctx, p.ID, plan.PlanUpdate{TimeZone: &tz}); err != nil {
			t.Fatal(err)
		}
		r, err := storage.NewReminderService(db).FindReminderByID(ctx, daily.ID)
		if err != nil {
			t.Fatal(err)
		}
		if r.Rule.TimeZone != tz || !r.NextAt.Equal(mustTime(t, "2026-06-01T13:00:00Z")) {
			t.Errorf("after the zone change: %s next %s, want 09:00 New York (13:00Z)", r.Rule.TimeZone, r.NextAt)
		}
	})
}

// mustSchedule creates a reminder of the plan with rule, or fails the test.
func mustSchedule(tb testing.TB, db *storage.DB, p *plan.Plan, subject int64, rule plan.Rule) *plan.Reminder {
	tb.Helper()
	r, err := storage.ScheduleReminder(context.Background(), db, plan.Reminder{
		PlanID: p.ID, Kind: plan.ReminderExperimentEnd, SubjectID: subject, Rule: rule, ChannelID: p.ChannelID, OwnerID: "UOWNER",
	})
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

// mustPlanIn ensures the plan of channel, in zone tz.
func mustPlanIn(tb testing.TB, db *storage.DB, channel, tz string) *plan.Plan {
	tb.Helper()
	p, err := storage.NewPlanService(db).EnsurePlan(context.Background(),
		plan.Plan{TeamID: "T1", ChannelID: channel, TimeZone: tz, Language: "en"})
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// mustTime parses an RFC 3339 time or fails the test.
func mustTime(tb testing.TB, s string) time.Time {
	tb.Helper()
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

// TestReminderService_Waits: a delivery left sending is taken over still
// sending (its new holder looks for it in Slack first), and becomes
// uncertain only after maxAttempts; a wait for the channel costs no
// attempt.
func TestReminderService_Waits(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()
		at := mustTime(t, "2026-06-01T09:00:00Z")
		lease := at.Add(2 * time.Minute)
		setup := func(t *testing.T) (*storage.ReminderService, *plan.Reminder) {
			clock := testclock.New(at)
			db := MustOpenClockDB(t, backend, clock)
			r := mustSchedule(t, db, mustPlanIn(t, db, "C1", "UTC"), 1, plan.Rule{Frequency: plan.FrequencyOnce, At: at})
			return storage.NewReminderService(db), r
		}

		t.Run("SendingTakenOverToCheck", func(t *testing.T) {
			rs, r := setup(t)
			d, _, _ := rs.ClaimDelivery(ctx, r.ID, "A", at, lease)
			if err := rs.MarkPosting(ctx, d.ID, "A", lease); err != nil {
				t.Fatal(err)
			}
			// A dies here. B takes it over, still sending.
			taken, uncertain, err := rs.ReclaimDeliveries(ctx, "B", lease, lease.Add(time.Hour), 10, 5)
			if err != nil || uncertain != 0 || len(taken) != 1 || taken[0].State != plan.DeliverySending || taken[0].ClaimedBy != "B" {
				t.Fatalf("reclaim = %+v, %d uncertain, %v; want it taken over, sending", taken, uncertain, err)
			}
			// B could not tell (Slack down): handed back, still sending.
			if err := rs.RetryDelivery(ctx, d.ID, "B", "history unavailable", lease.Add(time.Minute)); err != nil {
				t.Fatal(err)
			}
			if ds, _ := rs.FindDeliveries(ctx, r.ID); ds[0].State != plan.DeliverySending {
				t.Fatalf("after a retry: %+v, want still sending", ds[0])
			}
			// Exhausted while sending: uncertain, not failed.
			taken, uncertain, err = rs.ReclaimDeliveries(ctx, "C", lease.Add(time.Minute), lease.Add(time.Hour), 10, 2)
			if err != nil || uncertain != 1 || len(taken) != 0 {
				t.Fatalf("reclaim past max attempts = %d taken, %d uncertain, %v", len(taken), uncertain, err)
			}
			if ds, _ := rs.FindDeliveries(ctx, r.ID); ds[0].State != plan.DeliveryUncertain {
				t.Fatalf("delivery %+v, want uncertain", ds[0])
			}
		})

		t.Run("WaitCostsNoAttempt", func(t *testing.T) {
			rs, r := setup(t)
			d, _, _ := rs.ClaimDelivery(ctx, r.ID, "A", at, lease)
			next := at
			for i := range 10 { // ten Retry-Afters in a row, more than maxAttempts
				next = next.Add(30 * time.Second)
				if err := rs.WaitDelivery(ctx, d.ID, d.ClaimedBy, "ratelimited", next); err != nil {
					t.Fatalf("wait %d: %v", i, err)
				}
				taken, _, err := rs.ReclaimDeliveries(ctx, fmt.Sprintf("S%d", i), next, next.Add(time.Hour), 10, 5)
				if err != nil || len(taken) != 1 || taken[0].Attempts != 1 {
					t.Fatalf("reclaim %d = %+v, %v; want it back with 1 attempt", i, taken, err)
				}
				d = taken[0]
			}
		})

		t.Run("NeverBeforeTheDatabaseClock", func(t *testing.T) {
			db := MustOpenClockDB(t, backend, testclock.New(at)) // the database's clock reads at
			rs := storage.NewReminderService(db)
			r := mustSchedule(t, db, mustPlanIn(t, db, "C1", "UTC"), 1, plan.Rule{Frequency: plan.FrequencyOnce, At: at.Add(30 * time.Minute)})
			// A tick an hour ahead of the database does not claim the
			// one-off due in 30 minutes.
			if _, ok, err := rs.ClaimDelivery(ctx, r.ID, "A", at.Add(time.Hour), lease); err != nil || ok {
				t.Fatalf("claimed by a tick ahead of the database: %v, %v", ok, err)
			}
		})

		t.Run("Rewind", func(t *testing.T) {
			clock := testclock.New(at)
			db := MustOpenClockDB(t, backend, clock)
			rs := storage.NewReminderService(db)
			daily := mustSchedule(t, db, mustPlanIn(t, db, "C1", "UTC"), 2, plan.Rule{Frequency: plan.FrequencyDaily, Hour: 10, TimeZone: "UTC"})
			// Today's 10:00 is claimed on time, then a clock a year ahead
			// claims the digest of a year from now.
			clock.Set(at.Add(time.Hour))
			if _, ok, err := rs.ClaimDelivery(ctx, daily.ID, "A", at.Add(time.Hour), lease); err != nil || !ok {
				t.Fatalf("claim today: %v %v", ok, err)
			}
			ahead := at.AddDate(1, 0, 0).Add(2 * time.Hour)
			clock.Set(ahead)
			if _, ok, err := rs.ClaimDelivery(ctx, daily.ID, "A", ahead, ahead.Add(time.Minute)); err != nil || !ok {
				t.Fatalf("claim a year ahead: %v %v", ok, err)
			}
			clock.Set(at.Add(2 * time.Hour)) // the clock comes back
			n, err := rs.RewindReminders(ctx, at.Add(2*time.Hour))
			if err != nil || n != 1 {
				t.Fatalf("rewound %d, %v; want 1", n, err)
			}
			got, _ := rs.FindReminderByID(ctx, daily.ID)
			if want := mustTime(t, "2026-06-02T10:00:00Z"); !got.NextAt.Equal(want) || !got.LastDue.Equal(at.Add(time.Hour)) {
				t.Errorf("after the rewind: last %s, next %s; want last today 10:00, next %s", got.LastDue, got.NextAt, want)
			}
			if n, _ := rs.RewindReminders(ctx, at.Add(2*time.Hour)); n != 0 {
				t.Errorf("a second rewind repaired %d", n)
			}
		})
	})
}

// TestReminderService_ServerClock: on PostgreSQL with ServerClock, a
// replica whose own clock runs an hour ahead does not claim a one-off due
// in 30 minutes by the server's clock.
func TestReminderService_ServerClock(t *testing.T) {
	storagetest.Postgres.Require(t)
	ctx := context.Background()
	wall := time.Now().UTC()
	ahead := func() time.Time { return wall.Add(time.Hour) }
	db := storage.NewDB(storagetest.Postgres.DSN(t))
	db.Now, db.ServerClock = ahead, true
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	rs := storage.NewReminderService(db)
	r := mustSchedule(t, db, mustPlanIn(t, db, "C1", "UTC"), 1, plan.Rule{Frequency: plan.FrequencyOnce, At: wall.Add(30 * time.Minute)})
	if _, ok, err := rs.ClaimDelivery(ctx, r.ID, "A", ahead(), ahead().Add(time.Minute)); err != nil || ok {
		t.Fatalf("claimed by a replica an hour ahead: %v, %v", ok, err)
	}
	db.ServerClock = false
	if _, ok, err := rs.ClaimDelivery(ctx, r.ID, "A", ahead(), ahead().Add(time.Minute)); err != nil || !ok {
		t.Fatalf("without the server's clock the fast replica claims it: %v, %v (the test proves nothing otherwise)", ok, err)
	}
}

package storage_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/planbot/planbot/internal/testclock"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/storage"
	"github.com/planbot/planbot/storage/storagetest"
)

func newTestItem(planID int64, due time.Time) *plan.EngagementItem {
	return &plan.EngagementItem{
		PlanID: planID, Network: plan.NetworkInstagram, Link: "https://instagram.example/p/1",
		Author: "@ana", Excerpt: "  Do you ship to Canada? <!channel>  ", Kind: plan.EngagementQuestion,
		OwnerID: "U1", Due: due, SourceChannelID: "CFEED", SourceTS: "1.000001", CreatedBy: "U2",
	}
}

func reminderOf(tb testing.TB, db *storage.DB, kind plan.ReminderKind, subject int64) *plan.Reminder {
	tb.Helper()
	rs, err := storage.NewReminderService(db).FindReminders(context.Background(), plan.ReminderFilter{Kind: &kind, SubjectID: &subject})
	if err != nil || len(rs) != 1 {
		tb.Fatalf("%s reminders of %d: %d, %v", kind, subject, len(rs), err)
	}
	return rs[0]
}

func TestEngagementService(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()
		now := mustTime(t, "2026-06-01T10:00:00Z")
		setup := func(t *testing.T) (*storage.DB, *storage.EngagementService, *plan.Plan, *testclock.Clock) {
			clock := testclock.New(now)
			db := MustOpenClockDB(t, backend, clock)
			return db, storage.NewEngagementService(db), mustPlanIn(t, db, "C1", "Europe/Paris"), clock
		}

		t.Run("CreateSchedulesOverdueAndDigest", func(t *testing.T) {
			db, s, p, _ := setup(t)
			it := newTestItem(p.ID, now.Add(2*time.Hour))
			if err := s.CreateEngagementItem(ctx, it); err != nil {
				t.Fatal(err)
			}
			if it.Excerpt != "Do you ship to Canada? <!channel>" || it.Status != plan.EngagementOpen || !it.CreatedAt.Equal(now) {
				t.Fatalf("created %+v", it)
			}
			got, err := s.FindEngagementItemByID(ctx, it.ID)
			if err != nil || !reflect.DeepEqual(got, it) {
				t.Fatalf("stored %+v, %v\nwant   %+v", got, err, it)
			}
			r := reminderOf(t, db, plan.ReminderEngagementOverdue, it.ID)
			if !r.NextAt.Equal(it.Due) || r.OwnerID != "U1" || r.ChannelID != "C1" || r.ThreadTS != "" {
				t.Fatalf("overdue reminder %+v", r)
			}
			d := reminderOf(t, db, plan.ReminderEngagementDigest, p.ID)
			// Daily at 09:00 Paris: tomorrow 07:00Z.
			if d.Rule.Frequency != plan.FrequencyDaily || !d.NextAt.Equal(mustTime(t, "2026-06-02T07:00:00Z")) {
				t.Fatalf("digest %+v", d)
			}
		})

		t.Run("MessageThreadsReminder", func(t *testing.T) {
			db, s, p, _ := setup(t)
			it := newTestItem(p.ID, now.Add(2*time.Hour))
			if err := s.CreateEngagementItem(ctx, it); err != nil {
				t.Fatal(err)
			}
			if err := s.SetEngagementMessage(ctx, it.ID, "C1", "1717236000.000100"); err != nil {
				t.Fatal(err)
			}
			if r := reminderOf(t, db, plan.ReminderEngagementOverdue, it.ID); r.ThreadTS != "1717236000.000100" || !r.NextAt.Equal(it.Due) {
				t.Fatalf("reminder %+v, want threaded under the item's message", r)
			}
		})

		t.Run("MarkRepliedRecordsTimeAndCancels", func(t *testing.T) {
			db, s, p, clock := setup(t)
			it := newTestItem(p.ID, now.Add(2*time.Hour))
			if err := s.CreateEngagementItem(ctx, it); err != nil {
				t.Fatal(err)
			}
			clock.Set(now.Add(90 * time.Minute))
			got, err := s.MarkReplied(ctx, it.ID, "U3")
			if err != nil {
				t.Fatal(err)
			}
			if took, ok := got.ReplyTime(); !ok || took != 90*time.Minute || got.ClosedBy != "U3" {
				t.Fatalf("replied %+v: took %s", got, took)
			}
			if r := reminderOf(t, db, plan.ReminderEngagementOverdue, it.ID); r.State != plan.ReminderCancelled {
				t.Fatalf("reminder %s after reply", r.State)
			}
			if _, err := s.MarkReplied(ctx, it.ID, "U3"); plan.ErrorCode(err) != plan.ECONFLICT {
				t.Fatalf("reply twice: %v, want ECONFLICT", err)
			}
			if _, err := s.DismissEngagementItem(ctx, it.ID, "U3"); plan.ErrorCode(err) != plan.ECONFLICT {
				t.Fatalf("dismiss replied: %v, want ECONFLICT", err)
			}
			stats, err := s.ReplyStats(ctx, p.ID, now.Add(-24*time.Hour))
			want := []plan.NetworkReplyStats{{Network: plan.NetworkInstagram, Count: 1, Median: 90 * time.Minute, P90: 90 * time.Minute}}
			if err != nil || !reflect.DeepEqual(stats, want) {
				t.Fatalf("ReplyStats = %+v, %v", stats, err)
			}
			if stats, _ := s.ReplyStats(ctx, p.ID, now.Add(24*time.Hour)); len(stats) != 0 {
				t.Fatalf("ReplyStats since tomorrow = %+v", stats)
			}
		})

		t.Run("ReassignMovesReminder", func(t *testing.T) {
			db, s, p, _ := setup(t)
			it := newTestItem(p.ID, now.Add(2*time.Hour))
			if err := s.CreateEngagementItem(ctx, it); err != nil {
				t.Fatal(err)
			}
			if _, err := s.ReassignEngagementItem(ctx, it.ID, ""); plan.ErrorCode(err) != plan.EINVALID {
				t.Fatalf("reassign to nobody: %v", err)
			}
			if _, err := s.ReassignEngagementItem(ctx, it.ID, "U9"); err != nil {
				t.Fatal(err)
			}
			if r := reminderOf(t, db, plan.ReminderEngagementOverdue, it.ID); r.OwnerID != "U9" || r.State != plan.ReminderActive {
				t.Fatalf("reminder %+v after reassign", r)
			}
			mine, n, err := s.FindEngagementItems(ctx, plan.EngagementFilter{PlanID: &p.ID, OwnerID: "U9"})
			if err != nil || n != 1 || mine[0].ID != it.ID {
				t.Fatalf("items of U9: %d, %v", n, err)
			}
		})

		t.Run("DismissCancels", func(t *testing.T) {
			db, s, p, _ := setup(t)
			it := newTestItem(p.ID, now.Add(2*time.Hour))
			if err := s.CreateEngagementItem(ctx, it); err != nil {
				t.Fatal(err)
			}
			got, err := s.DismissEngagementItem(ctx, it.ID, "U1")
			if err != nil || got.Status != plan.EngagementDismissed {
				t.Fatalf("dismiss: %+v, %v", got, err)
			}
			if _, ok := got.ReplyTime(); ok {
				t.Error("a dismissed item has a reply time")
			}
			if r := reminderOf(t, db, plan.ReminderEngagementOverdue, it.ID); r.State != plan.ReminderCancelled {
				t.Fatalf("reminder %s after dismiss", r.State)
			}
			open := plan.EngagementOpen
			if _, n, _ := s.FindEngagementItems(ctx, plan.EngagementFilter{PlanID: &p.ID, Status: &open}); n != 0 {
				t.Fatalf("%d open items after dismiss", n)
			}
		})

		t.Run("DigestOffStaysOff", func(t *testing.T) {
			db, s, p, _ := setup(t)
			if _, err := s.SetDigest(ctx, p.ID, true, 25, 0, "U1"); plan.ErrorCode(err) != plan.EINVALID {
				t.Fatalf("digest at 25:00: %v", err)
			}
			r, err := s.SetDigest(ctx, p.ID, true, 17, 45, "U1")
			if err != nil || !r.NextAt.Equal(mustTime(t, "2026-06-01T15:45:00Z")) {
				t.Fatalf("digest at 17:45: %+v, %v", r, err)
			}
			if _, err := s.SetDigest(ctx, p.ID, false, 17, 45, "U1"); err != nil {
				t.Fatal(err)
			}
			if err := s.CreateEngagementItem(ctx, newTestItem(p.ID, now.Add(time.Hour))); err != nil {
				t.Fatal(err)
			}
			if d := reminderOf(t, db, plan.ReminderEngagementDigest, p.ID); d.State != plan.ReminderCancelled {
				t.Fatalf("digest %s after a new item, want it to stay off", d.State)
			}
			if d, err := s.SetDigest(ctx, p.ID, true, 8, 0, "U1"); err != nil || d.State != plan.ReminderActive {
				t.Fatalf("digest back on: %+v, %v", d, err)
			}
		})

		t.Run("ErrInvalid", func(t *testing.T) {
			_, s, p, _ := setup(t)
			it := newTestItem(p.ID, time.Time{})
			it.Kind = ""
			if err := s.CreateEngagementItem(ctx, it); plan.ErrorCode(err) != plan.EINVALID || len(plan.ErrorFields(err)) != 2 || it.ID != 0 {
				t.Fatalf("CreateEngagementItem = %v", err)
			}
		})
	})
}

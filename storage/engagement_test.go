package storage_test

import (
	"context"
	"fmt"
	"reflect"
	"sync/atomic"
	"testing"
	"time"

	"github.com/planbot/planbot/internal/testclock"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/storage"
	"github.com/planbot/planbot/storage/storagetest"
)

// testItemTS numbers the Slack messages test items come from: a message
// is queued once per plan.
var testItemTS atomic.Int64

func newTestItem(planID int64, due time.Time) *plan.EngagementItem {
	return &plan.EngagementItem{
		PlanID: planID, Network: plan.NetworkInstagram, Link: "https://instagram.example/p/1",
		Author: "@ana", Excerpt: "  Do you ship to Canada? <!channel>  ", Kind: plan.EngagementQuestion,
		OwnerID: "U1", Due: due, SourceChannelID: "CFEED", SourceTS: fmt.Sprintf("1.%06d", testItemTS.Add(1)), CreatedBy: "U2",
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
			it.Kind, it.ReceivedAt = "", now.Add(time.Hour)
			err := s.CreateEngagementItem(ctx, it)
			assertFields(t, err, "kind", "received")
			if it.ID != 0 {
				t.Fatalf("refused item got ID %d", it.ID)
			}
		})
	})
}

// setHours gives plan p working hours and a reply target, as its settings
// form does.
func setHours(tb testing.TB, db *storage.DB, p *plan.Plan, w plan.WorkingHours, target time.Duration) *plan.Plan {
	tb.Helper()
	p, err := storage.NewPlanService(db).UpdatePlanSettings(as("U1"), p.ID, plan.PlanUpdate{WorkingHours: &w, ReplyTarget: &target})
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// TestEngagementService_ReplyClock: an item's reply clock starts at the
// follower's message and counts the plan's working hours only.
func TestEngagementService_ReplyClock(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()
		// Friday 27 March 2026, 17:30 in Paris (CET, UTC+1): 16:30Z.
		received := mustTime(t, "2026-03-27T16:30:00Z")

		t.Run("DueInWorkingHours", func(t *testing.T) {
			clock := testclock.New(received.Add(40 * time.Minute)) // queued after 18:00, the close
			db := MustOpenClockDB(t, backend, clock)
			p := setHours(t, db, mustPlanIn(t, db, "C1", "Europe/Paris"), plan.DefaultWorkingHours, 2*time.Hour)
			it := newTestItem(p.ID, time.Time{})
			it.ReceivedAt = received
			if err := storage.NewEngagementService(db).CreateEngagementItem(ctx, it); err != nil {
				t.Fatal(err)
			}
			// Mon-Fri 09:00-18:00, 2 h: 30 min on Friday, then Monday 30
			// March (CEST since the 29th, UTC+2) from 09:00 for 1 h 30:
			// 10:30 CEST, 08:30Z.
			want := mustTime(t, "2026-03-30T08:30:00Z")
			got, err := storage.NewEngagementService(db).FindEngagementItemByID(ctx, it.ID)
			if err != nil || !got.Due.Equal(want) || !got.ReceivedAt.Equal(received) {
				t.Fatalf("stored %+v, %v; want due %s, received %s", got, err, want, received)
			}
			if r := reminderOf(t, db, plan.ReminderEngagementOverdue, it.ID); !r.NextAt.Equal(want) {
				t.Fatalf("overdue reminder at %s, want %s", r.NextAt, want)
			}
		})

		t.Run("ReceivedNowByDefault", func(t *testing.T) {
			clock := testclock.New(received)
			db := MustOpenClockDB(t, backend, clock)
			p := mustPlanIn(t, db, "C1", "Europe/Paris") // no working hours: plain time
			it := newTestItem(p.ID, time.Time{})
			if err := storage.NewEngagementService(db).CreateEngagementItem(ctx, it); err != nil {
				t.Fatal(err)
			}
			if !it.ReceivedAt.Equal(received) || !it.Due.Equal(received.Add(plan.DefaultReplyTarget)) {
				t.Fatalf("item received %s, due %s; want %s and 2 h later", it.ReceivedAt, it.Due, received)
			}
		})

		t.Run("QueuedOverdue", func(t *testing.T) {
			// Queued three days after the follower wrote: overdue at once,
			// reminded now; recording the item's message moves nothing.
			clock := testclock.New(received.Add(72 * time.Hour))
			db := MustOpenClockDB(t, backend, clock)
			p := mustPlanIn(t, db, "C1", "Europe/Paris")
			s := storage.NewEngagementService(db)
			it := newTestItem(p.ID, time.Time{})
			it.ReceivedAt = received
			if err := s.CreateEngagementItem(ctx, it); err != nil {
				t.Fatal(err)
			}
			queued := clock.Now()
			if r := reminderOf(t, db, plan.ReminderEngagementOverdue, it.ID); !it.Due.Equal(received.Add(2*time.Hour)) || !r.NextAt.Equal(queued) {
				t.Fatalf("due %s, reminder at %s; want due 2 h after the message, reminded at %s", it.Due, r.NextAt, queued)
			}
			clock.Advance(time.Minute)
			if err := s.SetEngagementMessage(ctx, it.ID, "C1", "1774636200.000100"); err != nil {
				t.Fatal(err)
			}
			if r := reminderOf(t, db, plan.ReminderEngagementOverdue, it.ID); !r.NextAt.Equal(queued) || r.ThreadTS != "1774636200.000100" {
				t.Fatalf("reminder %+v after the item's message, want it at %s in the thread", r, queued)
			}
		})

		t.Run("ReplyTimeInWorkingHours", func(t *testing.T) {
			clock := testclock.New(received.Add(30 * time.Minute))
			db := MustOpenClockDB(t, backend, clock)
			p := setHours(t, db, mustPlanIn(t, db, "C1", "Europe/Paris"), plan.DefaultWorkingHours, 2*time.Hour)
			s := storage.NewEngagementService(db)
			it := newTestItem(p.ID, time.Time{})
			it.ReceivedAt = received
			if err := s.CreateEngagementItem(ctx, it); err != nil {
				t.Fatal(err)
			}
			// Replied on Monday at 10:30 CEST: 64 h later on the clock, 2 h
			// of working time (30 min on Friday, 1 h 30 on Monday).
			clock.Set(mustTime(t, "2026-03-30T08:30:00Z"))
			if _, err := s.MarkReplied(ctx, it.ID, "U1"); err != nil {
				t.Fatal(err)
			}
			want := []plan.NetworkReplyStats{{Network: plan.NetworkInstagram, Count: 1, Median: 2 * time.Hour, P90: 2 * time.Hour}}
			if stats, err := s.ReplyStats(ctx, p.ID, received); err != nil || !reflect.DeepEqual(stats, want) {
				t.Fatalf("ReplyStats = %+v, %v; want %+v", stats, err, want)
			}
			snap, err := storage.NewSnapshotService(db).PlanSnapshot(ctx, p.ID)
			if err != nil || len(snap.Replies) != 1 || snap.Replies[0].Took != 2*time.Hour {
				t.Fatalf("snapshot replies %+v, %v; want one of 2 h", snap.Replies, err)
			}
		})
	})
}

// TestEngagementService_OneItemPerMessage: a Slack message is queued once
// per plan.
func TestEngagementService_OneItemPerMessage(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()
		db := MustOpenClockDB(t, backend, testclock.New(mustTime(t, "2026-06-01T10:00:00Z")))
		s := storage.NewEngagementService(db)
		p, other := mustPlanIn(t, db, "C1", "UTC"), mustPlanIn(t, db, "C2", "UTC")
		first := newTestItem(p.ID, time.Time{})
		if err := s.CreateEngagementItem(ctx, first); err != nil {
			t.Fatal(err)
		}
		again := newTestItem(p.ID, time.Time{})
		again.SourceTS = first.SourceTS
		if err := s.CreateEngagementItem(ctx, again); !plan.IsDuplicateItem(err) || again.ID != 0 {
			t.Fatalf("same message twice: %v (ID %d), want the duplicate conflict", err, again.ID)
		}
		elsewhere := newTestItem(other.ID, time.Time{})
		elsewhere.SourceTS = first.SourceTS
		if err := s.CreateEngagementItem(ctx, elsewhere); err != nil {
			t.Fatalf("same message in another plan: %v", err)
		}
		manual := []*plan.EngagementItem{newTestItem(p.ID, time.Time{}), newTestItem(p.ID, time.Time{})}
		for _, it := range manual { // items typed in, from no message
			it.SourceChannelID, it.SourceTS = "", ""
			if err := s.CreateEngagementItem(ctx, it); err != nil {
				t.Fatal(err)
			}
		}
		got, n, err := s.FindEngagementItems(ctx, plan.EngagementFilter{SourceChannelID: "CFEED", SourceTS: first.SourceTS})
		if err != nil || n != 2 || got[0].ID != first.ID || got[1].ID != elsewhere.ID {
			t.Fatalf("items of the message: %d, %v", n, err)
		}
	})
}

package storage_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/remind"
	"github.com/planbot/planbot/storage"
	"github.com/planbot/planbot/storage/storagetest"
)

// dueQuery is the WHERE clause of ReminderService.DueReminders, for
// EXPLAIN QUERY PLAN. Keep it in step with storage/reminder.go.
const dueQuery = `SELECT r.id FROM reminders r
	WHERE r.state = 'active' AND r.next_at != '' AND r.next_at <= ?
	  AND NOT EXISTS (SELECT 1 FROM unreachable_channels u WHERE u.plan_id = r.plan_id AND u.retry_at > ?)
	ORDER BY r.next_at, r.id LIMIT ?`

// seedReminders stores n active daily reminders spread over 1,000 plans,
// the i-th next due at next(i), with straight SQL in one transaction:
// through ReminderService it would take minutes.
func seedReminders(tb testing.TB, db *storage.DB, n int, next func(i int) time.Time) {
	tb.Helper()
	ctx := context.Background()
	plans := make([]int64, 1000)
	for i := range plans {
		plans[i] = MustEnsurePlan(tb, db, "T1", fmt.Sprintf("C%04d", i)).ID
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO reminders
		(plan_id, kind, subject_id, frequency, hour, minute, time_zone, channel_id, state, since, next_at, created_at, updated_at)
		VALUES (?, 'engagement_digest', ?, 'daily', ?, ?, 'UTC', ?, 'active', ?, ?, ?, ?)`)
	if err != nil {
		tb.Fatal(err)
	}
	defer stmt.Close()
	layout := "2006-01-02T15:04:05.000000000Z"
	since := fixedNow.Add(-48 * time.Hour).Format(layout)
	for i := range n {
		at := next(i).UTC()
		if _, err := stmt.ExecContext(ctx, plans[i%len(plans)], i, at.Hour(), at.Minute(), fmt.Sprintf("C%04d", i%len(plans)), since, at.Format(layout), since, since); err != nil {
			tb.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkSchedulerTickIdle is the cost of one scheduler tick with
// 1,000,000 stored reminders and none due: ReclaimDeliveries (a write
// transaction) and DueReminders (a read on the due index). It logs the
// query plan of the due query, which must search the index, not scan.
func BenchmarkSchedulerTickIdle(b *testing.B) {
	n := 1_000_000
	if testing.Short() {
		n = 100_000
	}
	db := MustOpenDB(b, storagetest.SQLite)
	start := time.Now()
	seedReminders(b, db, n, func(i int) time.Time { return fixedNow.Add(24*time.Hour + time.Duration(i%1440)*time.Minute) })
	b.Logf("seeded %d reminders in %v", n, time.Since(start).Round(time.Millisecond))

	tx, err := db.BeginTx(context.Background(), nil)
	if err != nil {
		b.Fatal(err)
	}
	rows, err := tx.Query(`EXPLAIN QUERY PLAN `+dueQuery, fixedNow, fixedNow, 100)
	if err != nil {
		b.Fatal(err)
	}
	var steps []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			b.Fatal(err)
		}
		steps = append(steps, detail)
	}
	rows.Close()
	tx.Rollback()
	b.Logf("query plan of DueReminders: %s", strings.Join(steps, "; "))
	if plan := strings.Join(steps, "; "); !strings.Contains(plan, "USING INDEX reminders_due_idx") || strings.Contains(plan, "SCAN r") {
		b.Errorf("DueReminders does not search reminders_due_idx: %s", plan)
	}

	s := &remind.Scheduler{Reminders: storage.NewReminderService(db), Now: func() time.Time { return fixedNow }}
	ctx := context.Background()
	for b.Loop() {
		if err := s.Tick(ctx, fixedNow); err != nil {
			b.Fatal(err)
		}
	}
}

// nopNotifier posts nothing and succeeds at once, so that a drain measures
// the scheduler and storage alone.
type nopNotifier struct{ n int }

func (n *nopNotifier) Notify(ctx context.Context, notice plan.Notice) (plan.Receipt, error) {
	if err := notice.Log.Posting(ctx); err != nil {
		return plan.Receipt{}, err
	}
	n.n++
	return plan.Receipt{ChannelID: notice.Reminder.ChannelID, TS: fmt.Sprintf("%d.000000", n.n)}, nil
}

func (n *nopNotifier) ChannelUnreachable(context.Context, *plan.Reminder, string) error { return nil }

// BenchmarkSchedulerDrain10k stores 10,000 reminders due at the same
// minute across 1,000 channels and ticks, as Run does every 5 s, until all
// are delivered to a notifier that posts at once. It reports the ticks
// needed and the lateness of the last one that this many ticks imply:
// a floor, before Slack's 1 message per second per channel.
func BenchmarkSchedulerDrain10k(b *testing.B) {
	const n, interval = 10_000, 5 * time.Second
	ctx := context.Background()
	var ticks int
	var took time.Duration
	for b.Loop() {
		b.StopTimer()
		db := MustOpenDB(b, storagetest.SQLite)
		seedReminders(b, db, n, func(int) time.Time { return fixedNow.Add(-30 * time.Second) })
		notifier := &nopNotifier{}
		clock := fixedNow
		s := &remind.Scheduler{Reminders: storage.NewReminderService(db), Notifier: notifier, Now: func() time.Time { return clock }}
		b.StartTimer()
		start := time.Now()
		for ticks = 0; notifier.n < n && ticks < 10*n; ticks++ {
			if err := s.Tick(ctx, clock); err != nil {
				b.Fatal(err)
			}
			clock = clock.Add(interval)
		}
		took = time.Since(start)
		b.StopTimer()
		MustClose(b, db)
		b.StartTimer()
	}
	b.ReportMetric(float64(ticks), "ticks")
	b.ReportMetric((time.Duration(ticks-1) * interval).Seconds(), "last-late-s")
	b.ReportMetric(float64(took.Microseconds())/n, "µs/delivery")
}

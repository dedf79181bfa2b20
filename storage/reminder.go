package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/planbot/planbot/plan"
)

// Ensure ReminderService implements plan.ReminderService.
var _ plan.ReminderService = (*ReminderService)(nil)

// ReminderService stores reminders and claims their firings in the
// database. It implements plan.ReminderService. Every claim and state
// change is one transaction, and a firing is claimed under the unique key
// of its reminder and occurrence, so schedulers in several processes on
// one database never both claim a firing.
type ReminderService struct {
	db *DB
}

// NewReminderService returns a ReminderService on db.
func NewReminderService(db *DB) *ReminderService {
	return &ReminderService{db: db}
}

// FindReminderByID returns the reminder with id. Returns ENOTFOUND.
func (s *ReminderService) FindReminderByID(ctx context.Context, id int64) (*plan.Reminder, error) {
	tx, err := s.db.BeginTx(ctx, readOnly)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findReminderByID(ctx, tx, id)
}

// FindReminders returns the reminders matching filter, soonest due first,
// then those with nothing due.
func (s *ReminderService) FindReminders(ctx context.Context, filter plan.ReminderFilter) ([]*plan.Reminder, error) {
	tx, err := s.db.BeginTx(ctx, readOnly)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	where, args := []string{"1 = 1"}, []any{}
	if v := filter.PlanID; v != nil {
		where, args = append(where, "r.plan_id = ?"), append(args, *v)
	}
	if v := filter.Kind; v != nil {
		where, args = append(where, "r.kind = ?"), append(args, string(*v))
	}
	if v := filter.SubjectID; v != nil {
		where, args = append(where, "r.subject_id = ?"), append(args, *v)
	}
	if v := filter.State; v != nil {
		where, args = append(where, "r.state = ?"), append(args, string(*v))
	}
	limit, _ := limitOffset(filter.Limit, 0)
	return findReminders(ctx, tx, "WHERE "+strings.Join(where, " AND ")+
		" ORDER BY r.next_at = '', r.next_at, r.id LIMIT ?", append(args, limit)...)
}

// SnoozeReminder asks for one more firing of reminder id at until.
// Returns ENOTFOUND, EINVALID or ECONFLICT (the reminder was cancelled).
func (s *ReminderService) SnoozeReminder(ctx context.Context, id int64, until time.Time) (*plan.Reminder, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	r, err := findReminderByID(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if err := r.Snooze(until, tx.now); err != nil {
		return nil, err
	}
	if err := saveReminder(ctx, tx, r); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("commit: %w", err)
	}
	return r, nil
}

// UnreachableReason returns why the plan's channel could not be posted
// to, or "" when it is not marked.
func (s *ReminderService) UnreachableReason(ctx context.Context, planID int64) (string, error) {
	tx, err := s.db.BeginTx(ctx, readOnly)
	if err != nil {
		return "", err
	}
	defer tx.Rollback()
	var reason string
	err = tx.QueryRowContext(ctx, `SELECT reason FROM unreachable_channels WHERE plan_id = ?`, planID).Scan(&reason)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	} else if err != nil {
		return "", fmt.Errorf("find unreachable channel: %w", err)
	}
	return reason, nil
}

// ClearChannelUnreachable forgets that a plan's channel was unreachable.
func (s *ReminderService) ClearChannelUnreachable(ctx context.Context, planID int64) error {
	return s.write(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM unreachable_channels WHERE plan_id = ?`, planID)
		return err
	})
}

// DueReminders returns up to limit active reminders due at now, oldest
// first, except those of plans whose channel waits until after now.
func (s *ReminderService) DueReminders(ctx context.Context, now time.Time, limit int) ([]*plan.Reminder, error) {
	tx, err := s.db.BeginTx(ctx, readOnly)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findReminders(ctx, tx, `
		WHERE r.state = 'active' AND r.next_at != '' AND r.next_at <= ?
		  AND NOT EXISTS (SELECT 1 FROM unreachable_channels u WHERE u.plan_id = r.plan_id AND u.retry_at > ?)
		ORDER BY r.next_at, r.id LIMIT ?`,
		utcTime(now), utcTime(now), limit)
}

// RewindReminders repairs the recurring reminders whose last claimed
// occurrence, or the start of whose rule, is after now: each is rewound to
// its latest delivery due at or before now (none: to the start of its
// rule, itself no later than now), so it fires next at its real next
// occurrence.
func (s *ReminderService) RewindReminders(ctx context.Context, now time.Time) (int, error) {
	n := 0
	err := s.write(ctx, func(tx *Tx) error {
		rs, err := findReminders(ctx, tx, "WHERE r.frequency != 'once' AND r.state != 'cancelled' AND (r.last_due > ? OR r.since > ?)",
			utcTime(now), utcTime(now))
		if err != nil {
			return err
		}
		for _, r := range rs {
			var last optTime
			if err := tx.QueryRowContext(ctx, `
				SELECT COALESCE(MAX(due_at), '') FROM reminder_deliveries
				WHERE reminder_id = ? AND occurrence NOT LIKE 'snooze:%' AND due_at <= ?`, r.ID, utcTime(now)).Scan(&last); err != nil {
				return fmt.Errorf("rewind reminder: %w", err)
			}
			r.Rewind(time.Time(last), now)
			if err := saveReminder(ctx, tx, r); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

// write runs fn in a write transaction of s and commits it.
func (s *ReminderService) write(ctx context.Context, fn func(tx *Tx) error) error {
	return inWriteTx(ctx, s.db, fn)
}

// inWriteTx runs fn in a write transaction and commits it: the shape of
// every storage method, for those whose body is one helper call.
func inWriteTx(ctx context.Context, db *DB, fn func(tx *Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// reminderSpec is what a subject says about its reminder.
type reminderSpec struct {
	PlanID    int64
	Kind      plan.ReminderKind
	SubjectID int64
	Rule      plan.Rule
	ChannelID string
	ThreadTS  string
	OwnerID   string
}

// scheduleReminder creates or reschedules the reminder of a subject, in the
// subject's transaction. An unchanged rule keeps what already fired.
func scheduleReminder(ctx context.Context, tx *Tx, spec reminderSpec) (*plan.Reminder, error) {
	r, err := findReminderBySubject(ctx, tx, spec.PlanID, spec.Kind, spec.SubjectID)
	isNew := plan.ErrorCode(err) == plan.ENOTFOUND
	if err != nil && !isNew {
		return nil, err
	}
	if isNew {
		r = &plan.Reminder{PlanID: spec.PlanID, Kind: spec.Kind, SubjectID: spec.SubjectID, CreatedAt: tx.now}
	}
	r.ChannelID, r.ThreadTS, r.OwnerID = spec.ChannelID, spec.ThreadTS, spec.OwnerID
	r.Reschedule(spec.Rule, tx.now)
	if err := r.Validate(); err != nil {
		return nil, err
	}
	if !isNew {
		return r, saveReminder(ctx, tx, r)
	}
	r.UpdatedAt = tx.now
	id, err := tx.insertID(ctx, `
		INSERT INTO reminders (plan_id, kind, subject_id, frequency, at, weekdays, month_day, hour, minute, time_zone,
		                       channel_id, thread_ts, owner_id, state, since, last_due, snoozed_until, next_at,
		                       created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		append([]any{r.PlanID, string(r.Kind), r.SubjectID}, reminderValues(r)...)...)
	if err != nil {
		return nil, fmt.Errorf("insert reminder: %w", err)
	}
	r.ID = id
	return r, nil
}

// cancelReminder cancels the reminder of a subject, if it has one.
func cancelReminder(ctx context.Context, tx *Tx, planID int64, kind plan.ReminderKind, subjectID int64) error {
	r, err := findReminderBySubject(ctx, tx, planID, kind, subjectID)
	if plan.ErrorCode(err) == plan.ENOTFOUND {
		return nil
	} else if err != nil {
		return err
	}
	r.Cancel()
	return saveReminder(ctx, tx, r)
}

// rezoneReminders moves the recurring reminders of a plan to zone tz, at
// the same wall-clock times. The plan's settings call it when its time
// zone changes.
func rezoneReminders(ctx context.Context, tx *Tx, planID int64, tz string) error {
	rs, err := findReminders(ctx, tx, "WHERE r.plan_id = ? AND r.frequency != 'once' AND r.state != 'cancelled'", planID)
	if err != nil {
		return err
	}
	for _, r := range rs {
		rule := r.Rule
		rule.TimeZone = tz
		r.Reschedule(rule, tx.now)
		if err := saveReminder(ctx, tx, r); err != nil {
			return err
		}
	}
	return nil
}

// saveReminder writes every mutable column of r.
func saveReminder(ctx context.Context, tx *Tx, r *plan.Reminder) error {
	r.UpdatedAt = tx.now
	vals := reminderValues(r)
	if _, err := tx.ExecContext(ctx, `
		UPDATE reminders SET frequency = ?, at = ?, weekdays = ?, month_day = ?, hour = ?, minute = ?, time_zone = ?,
		                     channel_id = ?, thread_ts = ?, owner_id = ?, state = ?, since = ?, last_due = ?,
		                     snoozed_until = ?, next_at = ?, created_at = ?, updated_at = ?
		WHERE id = ?`, append(vals, r.ID)...); err != nil {
		return fmt.Errorf("update reminder: %w", err)
	}
	return nil
}

// reminderValues are the column values of r from frequency to updated_at.
func reminderValues(r *plan.Reminder) []any {
	return []any{
		string(r.Rule.Frequency), optTime(r.Rule.At), weekdays(r.Rule.Weekdays), r.Rule.MonthDay,
		r.Rule.Hour, r.Rule.Minute, r.Rule.TimeZone,
		r.ChannelID, r.ThreadTS, r.OwnerID, string(r.State), utcTime(r.Since), optTime(r.LastDue),
		optTime(r.SnoozedUntil), optTime(r.NextAt), utcTime(r.CreatedAt), utcTime(r.UpdatedAt),
	}
}

const reminderColumns = `r.id, r.plan_id, r.kind, r.subject_id, r.frequency, r.at, r.weekdays, r.month_day,
	r.hour, r.minute, r.time_zone, r.channel_id, r.thread_ts, r.owner_id, r.state, r.since, r.last_due,
	r.snoozed_until, r.next_at, r.created_at, r.updated_at`

func findReminderByID(ctx context.Context, tx *Tx, id int64) (*plan.Reminder, error) {
	return findOneReminder(ctx, tx, "WHERE r.id = ?", id)
}

func findReminderBySubject(ctx context.Context, tx *Tx, planID int64, kind plan.ReminderKind, subjectID int64) (*plan.Reminder, error) {
	return findOneReminder(ctx, tx, "WHERE r.plan_id = ? AND r.kind = ? AND r.subject_id = ?", planID, string(kind), subjectID)
}

func findOneReminder(ctx context.Context, tx *Tx, where string, args ...any) (*plan.Reminder, error) {
	rs, err := findReminders(ctx, tx, where, args...)
	if err != nil {
		return nil, err
	}
	if len(rs) == 0 {
		return nil, plan.Errorf(plan.ENOTFOUND, "reminder not found")
	}
	return rs[0], nil
}

// findReminders returns the reminders that tail selects. In a transaction
// that writes, it locks them on PostgreSQL: the scheduler changes
// reminders without the lock of their plan (see lockPlan), and a change
// must not overwrite the one it did not read.
func findReminders(ctx context.Context, tx *Tx, tail string, args ...any) ([]*plan.Reminder, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+reminderColumns+` FROM reminders r `+tail+tx.forUpdate(), args...)
	if err != nil {
		return nil, fmt.Errorf("find reminders: %w", err)
	}
	defer rows.Close()
	var out []*plan.Reminder
	for rows.Next() {
		var r plan.Reminder
		if err := rows.Scan(
			&r.ID, &r.PlanID, &r.Kind, &r.SubjectID, &r.Rule.Frequency, (*optTime)(&r.Rule.At),
			(*weekdays)(&r.Rule.Weekdays), &r.Rule.MonthDay, &r.Rule.Hour, &r.Rule.Minute, &r.Rule.TimeZone,
			&r.ChannelID, &r.ThreadTS, &r.OwnerID, &r.State, (*utcTime)(&r.Since), (*optTime)(&r.LastDue),
			(*optTime)(&r.SnoozedUntil), (*optTime)(&r.NextAt), (*utcTime)(&r.CreatedAt), (*utcTime)(&r.UpdatedAt),
		); err != nil {
			return nil, fmt.Errorf("scan reminder: %w", err)
		}
		out = append(out, &r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find reminders: %w", err)
	}
	return out, nil
}

// optTime is a time stored as timeLayout text, or an empty string for the
// zero time.
type optTime time.Time

// Value implements driver.Valuer.
func (t optTime) Value() (driver.Value, error) {
	if time.Time(t).IsZero() {
		return "", nil
	}
	return utcTime(t).Value()
}

// Scan implements sql.Scanner.
func (t *optTime) Scan(v any) error {
	s, err := scanText(v)
	if err != nil {
		return err
	}
	if s == "" {
		*t = optTime{}
		return nil
	}
	return (*utcTime)(t).Scan(s)
}

// weekdays is a list of weekdays stored as '1,3'.
type weekdays []time.Weekday

// Value implements driver.Valuer.
func (w weekdays) Value() (driver.Value, error) {
	parts := make([]string, len(w))
	for i, d := range w {
		parts[i] = strconv.Itoa(int(d))
	}
	return strings.Join(parts, ","), nil
}

// Scan implements sql.Scanner.
func (w *weekdays) Scan(v any) error {
	s, err := scanText(v)
	if err != nil {
		return err
	}
	*w = nil
	if s == "" {
		return nil
	}
	for _, p := range strings.Split(s, ",") {
		n, err := strconv.Atoi(p)
		if err != nil {
			return fmt.Errorf("scan weekdays: %w", err)
		}
		*w = append(*w, time.Weekday(n))
	}
	return nil
}

// ScheduleReminder creates (or reschedules) a reminder with any rule, in a
// transaction of its own, as a subject's service does in its transaction.
// planbot's services schedule their own reminders; this is for the tests
// of packages that drive reminders through storage, such as remind's.
func ScheduleReminder(ctx context.Context, db *DB, r plan.Reminder) (*plan.Reminder, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	out, err := scheduleReminder(ctx, tx, reminderSpec{
		PlanID: r.PlanID, Kind: r.Kind, SubjectID: r.SubjectID, Rule: r.Rule,
		ChannelID: r.ChannelID, ThreadTS: r.ThreadTS, OwnerID: r.OwnerID,
	})
	if err != nil {
		return nil, err
	}
	return out, tx.Commit()
}

// ScheduleReminders is ScheduleReminder for many reminders, in one
// transaction: for tests and benchmarks that put thousands of reminders
// in place at once.
func ScheduleReminders(ctx context.Context, db *DB, rs []plan.Reminder) ([]*plan.Reminder, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	out := make([]*plan.Reminder, 0, len(rs))
	for _, r := range rs {
		got, err := scheduleReminder(ctx, tx, reminderSpec{
			PlanID: r.PlanID, Kind: r.Kind, SubjectID: r.SubjectID, Rule: r.Rule,
			ChannelID: r.ChannelID, ThreadTS: r.ThreadTS, OwnerID: r.OwnerID,
		})
		if err != nil {
			return nil, err
		}
		out = append(out, got)
	}
	return out, tx.Commit()
}

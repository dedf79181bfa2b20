package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/planbot/planbot/plan"
)

// Ensure CheckInService implements plan.CheckInService.
var _ plan.CheckInService = (*CheckInService)(nil)

// CheckInService stores goal check-ins, the schedule that asks for them
// and the asks made (issue 17).
type CheckInService struct {
	db *DB
}

// NewCheckInService returns a CheckInService on db.
func NewCheckInService(db *DB) *CheckInService {
	return &CheckInService{db: db}
}

// CreateCheckIn normalizes, validates and stores c on behalf of the user in
// ctx (see plan.MayCheckIn), setting its ID, PlanID, By and At. Returns
// ENOTFOUND for the goal, EFORBIDDEN, or FieldErrors (EINVALID).
func (s *CheckInService) CreateCheckIn(ctx context.Context, c *plan.CheckIn) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	created := *c
	created.Normalize()
	if err := created.Validate(); err != nil {
		return err
	}
	if err := lockPlanOf(ctx, tx, "goals", created.GoalID); err != nil {
		return err
	}
	g, err := findGoalByID(ctx, tx, created.GoalID)
	if err != nil {
		return err
	}
	p, err := lockPlan(ctx, tx, g.PlanID)
	if err != nil {
		return err
	}
	created.PlanID, created.By, created.At = g.PlanID, plan.UserIDFromContext(ctx), tx.now
	if err := plan.MayCheckIn(p, g, created.By); err != nil {
		return err
	}
	id, err := tx.insertID(ctx, `
		INSERT INTO goal_checkins (plan_id, goal_id, status, note, by_user, at) VALUES (?, ?, ?, ?, ?, ?)`,
		created.PlanID, created.GoalID, string(created.Status), created.Note, created.By, utcTime(created.At))
	if err != nil {
		return fmt.Errorf("insert check-in: %w", err)
	}
	created.ID = id
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	*c = created
	return nil
}

// FindCheckIns returns the check-ins matching filter, newest first, and the
// total count ignoring Offset and Limit.
func (s *CheckInService) FindCheckIns(ctx context.Context, filter plan.CheckInFilter) ([]*plan.CheckIn, int, error) {
	tx, err := s.db.BeginTx(ctx, readOnly)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	return findCheckIns(ctx, tx, filter)
}

func findCheckIns(ctx context.Context, tx *Tx, filter plan.CheckInFilter) ([]*plan.CheckIn, int, error) {
	where, args := []string{"1 = 1"}, []any{}
	if v := filter.PlanID; v != nil {
		where, args = append(where, "plan_id = ?"), append(args, *v)
	}
	if v := filter.GoalID; v != nil {
		where, args = append(where, "goal_id = ?"), append(args, *v)
	}
	if !filter.Since.IsZero() {
		where, args = append(where, "at >= ?"), append(args, utcTime(filter.Since))
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM goal_checkins WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count check-ins: %w", err)
	}
	limit, offset := limitOffset(filter.Limit, filter.Offset)
	rows, err := tx.QueryContext(ctx, `
		SELECT id, plan_id, goal_id, status, note, by_user, at FROM goal_checkins
		WHERE `+cond+` ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("find check-ins: %w", err)
	}
	defer rows.Close()
	var out []*plan.CheckIn
	for rows.Next() {
		var c plan.CheckIn
		if err := rows.Scan(&c.ID, &c.PlanID, &c.GoalID, &c.Status, &c.Note, &c.By, (*utcTime)(&c.At)); err != nil {
			return nil, 0, fmt.Errorf("scan check-in: %w", err)
		}
		out = append(out, &c)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("check-ins: %w", err)
	}
	return out, total, nil
}

// CheckInSchedule returns the plan's schedule; plan.DefaultCheckInSchedule
// when it never set one. Returns ENOTFOUND.
func (s *CheckInService) CheckInSchedule(ctx context.Context, planID int64) (plan.CheckInSchedule, error) {
	tx, err := s.db.BeginTx(ctx, readOnly)
	if err != nil {
		return plan.CheckInSchedule{}, err
	}
	defer tx.Rollback()
	if _, err := findPlanByID(ctx, tx, planID); err != nil {
		return plan.CheckInSchedule{}, err
	}
	return findCheckInSchedule(ctx, tx, planID)
}

func findCheckInSchedule(ctx context.Context, tx *Tx, planID int64) (plan.CheckInSchedule, error) {
	var sc plan.CheckInSchedule
	var weekday, minutes int
	err := tx.QueryRowContext(ctx, `
		SELECT frequency, weekday, month_day, hour, minute, recent_minutes FROM checkin_schedules WHERE plan_id = ?`, planID,
	).Scan(&sc.Frequency, &weekday, &sc.MonthDay, &sc.Hour, &sc.Minute, &minutes)
	if errors.Is(err, sql.ErrNoRows) {
		return plan.DefaultCheckInSchedule, nil
	} else if err != nil {
		return sc, fmt.Errorf("find check-in schedule: %w", err)
	}
	sc.Weekday, sc.Recent = time.Weekday(weekday), time.Duration(minutes)*time.Minute
	return sc, nil
}

// SetCheckInSchedule validates and stores the plan's schedule on behalf of
// the user in ctx (settings are reserved to the owners of a plan with
// owners). Returns ENOTFOUND, EFORBIDDEN or FieldErrors (EINVALID).
func (s *CheckInService) SetCheckInSchedule(ctx context.Context, planID int64, sc plan.CheckInSchedule) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	p, err := lockPlan(ctx, tx, planID)
	if err != nil {
		return err
	}
	if err := p.Authorize(plan.UserIDFromContext(ctx), plan.AreaSettings); err != nil {
		return err
	}
	if err := sc.Validate(); err != nil {
		return err
	}
	if err := scheduleCheckIns(ctx, tx, p, sc); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM checkin_schedules WHERE plan_id = ?`, planID); err != nil {
		return fmt.Errorf("clear check-in schedule: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO checkin_schedules (plan_id, frequency, weekday, month_day, hour, minute, recent_minutes, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		planID, string(sc.Frequency), int(sc.Weekday), sc.MonthDay, sc.Hour, sc.Minute, int(sc.Recent/time.Minute), utcTime(tx.now),
	); err != nil {
		return fmt.Errorf("insert check-in schedule: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// CheckInStates returns what the ask rules need to know about each goal of
// the plan (plan.CheckInState), in the goals' order, and the plan's
// schedule.
func (s *CheckInService) CheckInStates(ctx context.Context, planID int64) ([]plan.CheckInState, plan.CheckInSchedule, error) {
	tx, err := s.db.BeginTx(ctx, readOnly)
	if err != nil {
		return nil, plan.CheckInSchedule{}, err
	}
	defer tx.Rollback()
	sc, err := findCheckInSchedule(ctx, tx, planID)
	if err != nil {
		return nil, sc, err
	}
	goals, _, err := findGoals(ctx, tx, plan.GoalFilter{PlanID: &planID})
	if err != nil {
		return nil, sc, err
	}
	all, _, err := findCheckIns(ctx, tx, plan.CheckInFilter{PlanID: &planID})
	if err != nil {
		return nil, sc, err
	}
	latest := plan.LatestCheckIns(all)
	asked := map[int64]time.Time{}
	rows, err := tx.QueryContext(ctx, `
		SELECT a.goal_id, MAX(a.slot) FROM checkin_asks a JOIN goals g ON g.id = a.goal_id
		WHERE g.plan_id = ? GROUP BY a.goal_id`, planID)
	if err != nil {
		return nil, sc, fmt.Errorf("find check-in asks: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var slot time.Time
		if err := rows.Scan(&id, (*utcTime)(&slot)); err != nil {
			return nil, sc, fmt.Errorf("scan check-in ask: %w", err)
		}
		asked[id] = slot
	}
	if err := rows.Err(); err != nil {
		return nil, sc, fmt.Errorf("check-in asks: %w", err)
	}
	out := make([]plan.CheckInState, 0, len(goals))
	for _, g := range goals {
		out = append(out, plan.CheckInState{Goal: g, Last: latest[g.ID], LastAsked: asked[g.ID], LastUpdate: g.UpdatedAt})
	}
	return out, sc, nil
}

// ClaimCheckInAsk records that the owner of goalID is asked for the
// scheduled occurrence slot, and reports whether this call made the claim:
// false when the ask went out already (from this process or another).
func (s *CheckInService) ClaimCheckInAsk(ctx context.Context, goalID int64, slot time.Time) (bool, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `
		INSERT INTO checkin_asks (goal_id, slot, asked_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
		goalID, utcTime(slot), utcTime(tx.now))
	if err != nil {
		return false, fmt.Errorf("claim check-in ask: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("claim check-in ask: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("commit: %w", err)
	}
	return n == 1, nil
}

// startCheckIns starts the check-in asks of g's plan when g has an owner
// and the plan has no check-in reminder yet, on the plan's schedule.
func startCheckIns(ctx context.Context, tx *Tx, g *plan.Goal) error {
	if err := startDigest(ctx, tx, g.PlanID); err != nil {
		return err
	}
	if g.OwnerID == "" {
		return nil
	}
	if _, err := findReminderBySubject(ctx, tx, g.PlanID, plan.ReminderCheckIn, g.PlanID); plan.ErrorCode(err) != plan.ENOTFOUND {
		return err
	}
	p, err := findPlanByID(ctx, tx, g.PlanID)
	if err != nil {
		return err
	}
	sc, err := findCheckInSchedule(ctx, tx, p.ID)
	if err != nil {
		return err
	}
	return scheduleCheckIns(ctx, tx, p, sc)
}

// scheduleCheckIns sets the check-in reminder of p on schedule sc, in the
// plan's channel; a schedule that asks nobody cancels it.
func scheduleCheckIns(ctx context.Context, tx *Tx, p *plan.Plan, sc plan.CheckInSchedule) error {
	if sc.Frequency == "" {
		r, err := findReminderBySubject(ctx, tx, p.ID, plan.ReminderCheckIn, p.ID)
		if plan.ErrorCode(err) == plan.ENOTFOUND {
			return nil
		} else if err != nil {
			return err
		}
		r.Cancel()
		return saveReminder(ctx, tx, r)
	}
	_, err := scheduleReminder(ctx, tx, reminderSpec{
		PlanID: p.ID, Kind: plan.ReminderCheckIn, SubjectID: p.ID, Rule: sc.Rule(p.TimeZone), ChannelID: p.ChannelID,
	})
	return err
}

// snapshotCheckIns loads the latest check-in of each goal of the plans.
func snapshotCheckIns(ctx context.Context, tx *Tx, in string, ids []any, of map[int64]*plan.PlanSnapshot) error {
	all := map[int64][]*plan.CheckIn{}
	err := each(ctx, tx, "check-ins", `
		SELECT id, plan_id, goal_id, status, note, by_user, at FROM goal_checkins c
		WHERE plan_id IN (`+in+`) AND at = (SELECT MAX(at) FROM goal_checkins l WHERE l.goal_id = c.goal_id)
		ORDER BY plan_id, id`, ids, func(rows *sql.Rows) error {
		var c plan.CheckIn
		if err := rows.Scan(&c.ID, &c.PlanID, &c.GoalID, &c.Status, &c.Note, &c.By, (*utcTime)(&c.At)); err != nil {
			return err
		}
		all[c.PlanID] = append(all[c.PlanID], &c)
		return nil
	})
	for id, cs := range all {
		of[id].CheckIns = plan.LatestCheckIns(cs)
	}
	return err
}

// startDigest starts the weekly digest of the plan when it has none yet:
// its first goal or content item does.
func startDigest(ctx context.Context, tx *Tx, planID int64) error {
	if _, err := findReminderBySubject(ctx, tx, planID, plan.ReminderWeeklyDigest, planID); plan.ErrorCode(err) != plan.ENOTFOUND {
		return err
	}
	p, err := findPlanByID(ctx, tx, planID)
	if err != nil {
		return err
	}
	_, err = scheduleReminder(ctx, tx, reminderSpec{
		PlanID: p.ID, Kind: plan.ReminderWeeklyDigest, SubjectID: p.ID, Rule: plan.WeeklyDigestRule(p), ChannelID: p.ChannelID,
	})
	return err
}

// syncMonthlyReport makes the plan's monthly report reminder follow its
// setting (issue 17): scheduled on plan.MonthlyReportRule, which follows
// the working days and the zone just saved, or cancelled. An unchanged
// rule keeps what already fired.
func syncMonthlyReport(ctx context.Context, tx *Tx, p *plan.Plan) error {
	if !p.MonthlyReport {
		return cancelReminder(ctx, tx, p.ID, plan.ReminderMonthlyReport, p.ID)
	}
	_, err := scheduleReminder(ctx, tx, reminderSpec{
		PlanID: p.ID, Kind: plan.ReminderMonthlyReport, SubjectID: p.ID, Rule: plan.MonthlyReportRule(p), ChannelID: p.ChannelID,
	})
	return err
}

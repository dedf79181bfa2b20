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

// Ensure PlanService implements plan.PlanService.
var _ plan.PlanService = (*PlanService)(nil)

// PlanService stores plans in the database. It implements plan.PlanService.
type PlanService struct {
	db *DB
}

// NewPlanService returns a PlanService on db.
func NewPlanService(db *DB) *PlanService {
	return &PlanService{db: db}
}

// EnsurePlan returns the plan of defaults.TeamID and defaults.ChannelID,
// creating it from defaults when it does not exist. An existing plan is
// read without the write lock; otherwise the insert, which does nothing
// when the unique key of the team and channel is taken, and the read run
// in one write transaction, so concurrent calls for one channel yield one
// plan. An existing plan is returned as stored, not updated.
// Returns FieldErrors (EINVALID) when defaults are not valid.
func (s *PlanService) EnsurePlan(ctx context.Context, defaults plan.Plan) (*plan.Plan, error) {
	if err := defaults.Validate(); err != nil {
		return nil, err
	}
	// Most calls find the plan: read it without taking the write lock.
	p, err := s.FindPlanByChannel(ctx, defaults.TeamID, defaults.ChannelID)
	if err == nil {
		return p, nil
	} else if plan.ErrorCode(err) != plan.ENOTFOUND {
		return nil, err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	p, err = ensurePlan(ctx, tx, &defaults)
	if err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("commit: %w", err)
	}
	return p, nil
}

// FindPlanByID returns the plan with id. Returns ENOTFOUND.
func (s *PlanService) FindPlanByID(ctx context.Context, id int64) (*plan.Plan, error) {
	tx, err := s.db.BeginTx(ctx, readOnly)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findPlanByID(ctx, tx, id)
}

// FindPlanByChannel returns the plan of a channel. Returns ENOTFOUND.
func (s *PlanService) FindPlanByChannel(ctx context.Context, teamID, channelID string) (*plan.Plan, error) {
	tx, err := s.db.BeginTx(ctx, readOnly)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findPlanByChannel(ctx, tx, teamID, channelID)
}

// ListPlans returns the plans of a team, oldest first; every plan when
// teamID is empty (the scheduler walks them all).
func (s *PlanService) ListPlans(ctx context.Context, teamID string) ([]*plan.Plan, error) {
	tx, err := s.db.BeginTx(ctx, readOnly)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	if teamID == "" {
		return findPlans(ctx, tx, "")
	}
	return findPlans(ctx, tx, "WHERE team_id = ?", teamID)
}

// UpdatePlan saves the name, time zone, language, reply target and working
// hours of p, the plan with p.ID; the team and channel of a plan never
// change. On success p is
// refreshed from storage. Returns ENOTFOUND or FieldErrors (EINVALID).
func (s *PlanService) UpdatePlan(ctx context.Context, p *plan.Plan) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	updated, err := updatePlan(ctx, tx, p)
	if err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	*p = *updated
	return nil
}

// UpdatePlanSettings applies upd to the plan with id on behalf of the user
// in ctx, owners, working hours and review schedule included, in one write
// transaction, and returns the stored plan. When the plan has owners, only
// they may change it: the check is made against the owners before the
// change, so an owner may hand the plan over and set the rest in the same
// call. Every invalid field of upd comes back at once, with nothing saved.
// Returns ENOTFOUND, EFORBIDDEN or FieldErrors (EINVALID).
func (s *PlanService) UpdatePlanSettings(ctx context.Context, id int64, upd plan.PlanUpdate) (*plan.Plan, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	p, err := authorize(ctx, tx, id, plan.AreaSettings)
	if err != nil {
		return nil, err
	}
	upd.Apply(p)
	p.Name = strings.TrimSpace(p.Name)
	if fe := append(plan.ErrorFields(p.Validate()), plan.ErrorFields(upd.Validate())...); len(fe) > 0 {
		return nil, plan.FieldErrors(fe)
	}
	updated, err := updatePlan(ctx, tx, p)
	if err != nil {
		return nil, err
	}
	if err := setOwners(ctx, tx, id, p.Owners); err != nil {
		return nil, err
	}
	updated.Owners = p.Owners
	if upd.ReviewSchedule != nil {
		// In the zone just saved: the schedule follows the settings.
		if _, err := setReviewSchedule(ctx, tx, updated, *upd.ReviewSchedule, plan.UserIDFromContext(ctx)); err != nil {
			return nil, err
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("commit: %w", err)
	}
	return updated, nil
}

// ListPlansOfUser returns the plans of teamID that userID owns or took part
// in, oldest first: an owner, or the author, owner or reviewer of anything
// recorded in steps 1 to 7.
func (s *PlanService) ListPlansOfUser(ctx context.Context, teamID, userID string) ([]*plan.Plan, error) {
	tx, err := s.db.BeginTx(ctx, readOnly)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	// ?2 is the user in every subquery.
	return findPlans(ctx, tx, `WHERE team_id = ?1 AND (
		id IN (SELECT plan_id FROM plan_owners WHERE user_id = ?2)
		OR id IN (SELECT plan_id FROM goals WHERE created_by = ?2 OR owner_id = ?2)
		OR id IN (SELECT plan_id FROM personas WHERE created_by = ?2)
		OR id IN (SELECT plan_id FROM strategies WHERE updated_by = ?2)
		OR id IN (SELECT plan_id FROM pillars WHERE created_by = ?2)
		OR id IN (SELECT plan_id FROM ctas WHERE created_by = ?2)
		OR id IN (SELECT plan_id FROM plan_channels WHERE created_by = ?2)
		OR id IN (SELECT plan_id FROM content_items WHERE created_by = ?2 OR owner_id = ?2
			OR reviewer_id = ?2 OR review_requested_by = ?2 OR review_decided_by = ?2)
		OR id IN (SELECT plan_id FROM experiments WHERE created_by = ?2 OR owner_id = ?2)
		OR id IN (SELECT plan_id FROM engagement_items WHERE created_by = ?2 OR owner_id = ?2))`,
		teamID, userID)
}

// authorize returns the plan with id, locked (see lockPlan), when the user
// in ctx may change area of it. Run inside the write transaction, so that
// the check and the change see the same owners.
func authorize(ctx context.Context, tx *Tx, planID int64, area plan.Area) (*plan.Plan, error) {
	p, err := lockPlan(ctx, tx, planID)
	if err != nil {
		return nil, err
	}
	if err := p.Authorize(plan.UserIDFromContext(ctx), area); err != nil {
		return nil, err
	}
	return p, nil
}

// setOwners replaces the owners of a plan.
func setOwners(ctx context.Context, tx *Tx, planID int64, owners []string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM plan_owners WHERE plan_id = ?`, planID); err != nil {
		return fmt.Errorf("clear owners: %w", err)
	}
	for i, o := range owners {
		if _, err := tx.ExecContext(ctx, `INSERT INTO plan_owners (plan_id, user_id, position) VALUES (?, ?, ?)`, planID, o, i); err != nil {
			return fmt.Errorf("insert owner: %w", err)
		}
	}
	return nil
}

// findOwners returns the owners of a plan in the order they were given.
func findOwners(ctx context.Context, tx *Tx, planID int64) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT user_id FROM plan_owners WHERE plan_id = ? ORDER BY position`, planID)
	if err != nil {
		return nil, fmt.Errorf("find owners: %w", err)
	}
	defer rows.Close()
	var owners []string
	for rows.Next() {
		var o string
		if err := rows.Scan(&o); err != nil {
			return nil, fmt.Errorf("scan owner: %w", err)
		}
		owners = append(owners, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find owners: %w", err)
	}
	return owners, nil
}

// ensurePlan inserts a plan from defaults unless its channel has one, then
// reads the channel's plan.
func ensurePlan(ctx context.Context, tx *Tx, defaults *plan.Plan) (*plan.Plan, error) {
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO plans (team_id, channel_id, name, time_zone, language, reply_target_minutes, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (team_id, channel_id) DO NOTHING`,
		defaults.TeamID, defaults.ChannelID, strings.TrimSpace(defaults.Name),
		defaults.TimeZone, defaults.Language, int64(defaults.ReplyTarget/time.Minute), utcTime(tx.now), utcTime(tx.now),
	); err != nil {
		return nil, fmt.Errorf("insert plan: %w", err)
	}
	return findPlanByChannel(ctx, tx, defaults.TeamID, defaults.ChannelID)
}

// updatePlan validates and saves the editable fields of p; p's owners are
// validated, and saved by the caller with setOwners.
func updatePlan(ctx context.Context, tx *Tx, p *plan.Plan) (*plan.Plan, error) {
	stored, err := lockPlan(ctx, tx, p.ID)
	if err != nil {
		return nil, err
	}
	oldZone := stored.TimeZone
	stored.Name = strings.TrimSpace(p.Name)
	stored.TimeZone = p.TimeZone
	stored.Language = p.Language
	stored.ReplyTarget = p.ReplyTarget
	stored.WorkingHours = readHours(p.WorkingHours.Normalized())
	stored.MonthlyReport = p.MonthlyReport
	stored.UpdatedAt = tx.now
	// Validate the owners given too, though only UpdatePlanSettings saves them.
	check := *stored
	check.Owners = p.Owners
	if err := check.Validate(); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `
		UPDATE plans SET name = ?, time_zone = ?, language = ?, reply_target_minutes = ?, updated_at = ?,
			working_days = ?, work_start = ?, work_end = ?, holidays = ?, monthly_report = ?
		WHERE id = ?`,
		stored.Name, stored.TimeZone, stored.Language, int64(stored.ReplyTarget/time.Minute), utcTime(stored.UpdatedAt),
		weekdays(stored.WorkingHours.Days), stored.WorkingHours.Start, stored.WorkingHours.End, dates(stored.WorkingHours.Holidays),
		stored.MonthlyReport, stored.ID,
	); err != nil {
		return nil, fmt.Errorf("update plan: %w", err)
	}
	// Recurring reminders keep their wall-clock times in the new zone.
	if stored.TimeZone != oldZone {
		if err := rezoneReminders(ctx, tx, stored.ID, stored.TimeZone); err != nil {
			return nil, fmt.Errorf("rezone reminders: %w", err)
		}
	}
	if err := syncMonthlyReport(ctx, tx, stored); err != nil {
		return nil, fmt.Errorf("monthly report: %w", err)
	}
	return stored, nil
}

// lockPlan returns the plan with id and, on PostgreSQL, locks its row
// until the transaction ends. Every transaction that changes a plan's rows
// takes this lock before it reads what it bases the change on, so that the
// writes of one plan take turns, as every write does on SQLite: a check
// (an owner, a name taken, a state) still holds when the write lands.
// Concurrent transactions on other plans do not wait. The lock is FOR NO
// KEY UPDATE, which lets other transactions insert rows that reference
// the plan (their foreign-key check takes FOR KEY SHARE).
func lockPlan(ctx context.Context, tx *Tx, id int64) (*plan.Plan, error) {
	return findOnePlan(ctx, tx, "WHERE id = ?"+tx.forUpdate(), id)
}

// lockPlanOf locks the plan of the row with id in table, as lockPlan does,
// for the transactions that start from a row rather than from its plan.
// It must come before the row is read: the row read afterwards is the
// latest, since every writer of it holds the same lock. A missing row is
// left for the caller's own read to report. A row's plan never changes.
func lockPlanOf(ctx context.Context, tx *Tx, table string, id int64) error {
	if tx.forUpdate() == "" {
		return nil // SQLite: the transaction holds the database already
	}
	var planID int64
	err := tx.QueryRowContext(ctx, `SELECT plan_id FROM `+table+` WHERE id = ?`, id).Scan(&planID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	} else if err != nil {
		return fmt.Errorf("find plan of %s: %w", table, err)
	}
	if _, err := tx.ExecContext(ctx, `SELECT id FROM plans WHERE id = ?`+tx.forUpdate(), planID); err != nil {
		return fmt.Errorf("lock plan: %w", err)
	}
	return nil
}

func findPlanByID(ctx context.Context, tx *Tx, id int64) (*plan.Plan, error) {
	return findOnePlan(ctx, tx, "WHERE id = ?", id)
}

func findPlanByChannel(ctx context.Context, tx *Tx, teamID, channelID string) (*plan.Plan, error) {
	return findOnePlan(ctx, tx, "WHERE team_id = ? AND channel_id = ?", teamID, channelID)
}

// planColumns are the columns of a plan, in the order of planFields.
const planColumns = `id, team_id, channel_id, name, time_zone, language, reply_target_minutes, created_at, updated_at,
	working_days, work_start, work_end, holidays, monthly_report`

func findOnePlan(ctx context.Context, tx *Tx, where string, args ...any) (*plan.Plan, error) {
	var p plan.Plan
	err := tx.QueryRowContext(ctx, `SELECT `+planColumns+` FROM plans `+where, args...).Scan(planFields(&p)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, plan.Errorf(plan.ENOTFOUND, "plan not found")
	} else if err != nil {
		return nil, fmt.Errorf("find plan: %w", err)
	}
	p.WorkingHours = readHours(p.WorkingHours)
	if p.Owners, err = findOwners(ctx, tx, p.ID); err != nil {
		return nil, err
	}
	return &p, nil
}

func findPlans(ctx context.Context, tx *Tx, where string, args ...any) ([]*plan.Plan, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+planColumns+` FROM plans `+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("find plans: %w", err)
	}
	defer rows.Close()

	var plans []*plan.Plan
	for rows.Next() {
		var p plan.Plan
		if err := rows.Scan(planFields(&p)...); err != nil {
			return nil, fmt.Errorf("scan plan: %w", err)
		}
		p.WorkingHours = readHours(p.WorkingHours)
		plans = append(plans, &p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find plans: %w", err)
	}
	rows.Close() // before the owner queries: a read transaction has one connection
	for _, p := range plans {
		if p.Owners, err = findOwners(ctx, tx, p.ID); err != nil {
			return nil, err
		}
	}
	return plans, nil
}

// planFields returns the scan destinations of planColumns. Pass the
// plan's WorkingHours through readHours once scanned.
func planFields(p *plan.Plan) []any {
	w := &p.WorkingHours
	return []any{
		&p.ID, &p.TeamID, &p.ChannelID, &p.Name, &p.TimeZone, &p.Language,
		(*minutes)(&p.ReplyTarget), (*utcTime)(&p.CreatedAt), (*utcTime)(&p.UpdatedAt),
		(*weekdays)(&w.Days), &w.Start, &w.End, (*dates)(&w.Holidays), &p.MonthlyReport,
	}
}

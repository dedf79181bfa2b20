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

// PlanService stores plans in SQLite. It implements plan.PlanService.
type PlanService struct {
	db *DB
}

// NewPlanService returns a PlanService on db.
func NewPlanService(db *DB) *PlanService {
	return &PlanService{db: db}
}

// EnsurePlan returns the plan of defaults.TeamID and defaults.ChannelID,
// creating it from defaults when it does not exist. The insert and the read
// run in one immediate transaction, so concurrent calls for one channel
// yield one plan. An existing plan is returned as stored, not updated.
// Returns FieldErrors (EINVALID) when defaults are not valid.
func (s *PlanService) EnsurePlan(ctx context.Context, defaults plan.Plan) (*plan.Plan, error) {
	if err := defaults.Validate(); err != nil {
		return nil, err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	p, err := ensurePlan(ctx, tx, &defaults)
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

// UpdatePlan saves the name, time zone and language of p, the plan with
// p.ID; the team and channel of a plan never change. On success p is
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

// updatePlan validates and saves the editable fields of p.
func updatePlan(ctx context.Context, tx *Tx, p *plan.Plan) (*plan.Plan, error) {
	stored, err := findPlanByID(ctx, tx, p.ID)
	if err != nil {
		return nil, err
	}
	stored.Name = strings.TrimSpace(p.Name)
	stored.TimeZone = p.TimeZone
	stored.Language = p.Language
	stored.ReplyTarget = p.ReplyTarget
	stored.UpdatedAt = tx.now
	if err := stored.Validate(); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `
		UPDATE plans SET name = ?, time_zone = ?, language = ?, reply_target_minutes = ?, updated_at = ?
		WHERE id = ?`,
		stored.Name, stored.TimeZone, stored.Language, int64(stored.ReplyTarget/time.Minute), utcTime(stored.UpdatedAt), stored.ID,
	); err != nil {
		return nil, fmt.Errorf("update plan: %w", err)
	}
	return stored, nil
}

func findPlanByID(ctx context.Context, tx *Tx, id int64) (*plan.Plan, error) {
	return findOnePlan(ctx, tx, "WHERE id = ?", id)
}

func findPlanByChannel(ctx context.Context, tx *Tx, teamID, channelID string) (*plan.Plan, error) {
	return findOnePlan(ctx, tx, "WHERE team_id = ? AND channel_id = ?", teamID, channelID)
}

func findOnePlan(ctx context.Context, tx *Tx, where string, args ...any) (*plan.Plan, error) {
	var p plan.Plan
	err := tx.QueryRowContext(ctx, `
		SELECT id, team_id, channel_id, name, time_zone, language, reply_target_minutes, created_at, updated_at
		FROM plans `+where, args...,
	).Scan(planFields(&p)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, plan.Errorf(plan.ENOTFOUND, "plan not found")
	} else if err != nil {
		return nil, fmt.Errorf("find plan: %w", err)
	}
	return &p, nil
}

func findPlans(ctx context.Context, tx *Tx, where string, args ...any) ([]*plan.Plan, error) {
	rows, err := tx.QueryContext(ctx, `
		SELECT id, team_id, channel_id, name, time_zone, language, reply_target_minutes, created_at, updated_at
		FROM plans `+where+`
		ORDER BY id`, args...)
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
		plans = append(plans, &p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find plans: %w", err)
	}
	return plans, nil
}

// planFields returns the scan destinations of the plan columns, in the
// order the queries above select them.
func planFields(p *plan.Plan) []any {
	return []any{
		&p.ID, &p.TeamID, &p.ChannelID, &p.Name, &p.TimeZone, &p.Language,
		(*minutes)(&p.ReplyTarget), (*utcTime)(&p.CreatedAt), (*utcTime)(&p.UpdatedAt),
	}
}

// minutes scans an INTEGER count of minutes into a time.Duration.
type minutes time.Duration

// Scan implements sql.Scanner.
func (m *minutes) Scan(src any) error {
	n, ok := src.(int64)
	if !ok {
		return fmt.Errorf("scan minutes: unexpected %T", src)
	}
	*m = minutes(time.Duration(n) * time.Minute)
	return nil
}

package storage

import (
	"context"
	"fmt"
	"strings"

	"github.com/planbot/planbot/plan"
)

// Ensure GoalService implements plan.GoalService.
var _ plan.GoalService = (*GoalService)(nil)

// GoalService stores goals in the database. It implements plan.GoalService.
type GoalService struct {
	db *DB
}

// NewGoalService returns a GoalService on db.
func NewGoalService(db *DB) *GoalService {
	return &GoalService{db: db}
}

// FindGoalByID returns the goal with id. Returns ENOTFOUND.
func (s *GoalService) FindGoalByID(ctx context.Context, id int64) (*plan.Goal, error) {
	tx, err := s.db.BeginTx(ctx, readOnly)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findGoalByID(ctx, tx, id)
}

// FindGoals returns the goals matching filter, oldest first, and the total
// count of matches ignoring Offset and Limit. A Limit of 0 means no limit.
func (s *GoalService) FindGoals(ctx context.Context, filter plan.GoalFilter) ([]*plan.Goal, int, error) {
	tx, err := s.db.BeginTx(ctx, readOnly)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	return findGoals(ctx, tx, filter)
}

// CreateGoal normalizes, validates and stores g, setting its ID and
// timestamps. The deadline must come after today in the plan's time zone.
// Returns ENOTFOUND for the plan or FieldErrors (EINVALID); g keeps ID 0 on
// any error.
func (s *GoalService) CreateGoal(ctx context.Context, g *plan.Goal) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	created := *g
	if err := createGoal(ctx, tx, &created); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	*g = created
	return nil
}

// UpdateGoal applies upd to the goal with id, validates and stores it, and
// returns the stored goal. A deadline left as it was may be in the past; a
// changed one must come after today in the plan's time zone.
// Returns ENOTFOUND or FieldErrors (EINVALID).
func (s *GoalService) UpdateGoal(ctx context.Context, id int64, upd plan.GoalUpdate) (*plan.Goal, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	g, err := updateGoal(ctx, tx, id, upd)
	if err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("commit: %w", err)
	}
	return g, nil
}

// DeleteGoal removes the goal with id. Returns ENOTFOUND.
func (s *GoalService) DeleteGoal(ctx context.Context, id int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	if err := deleteGoal(ctx, tx, id); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

func findGoalByID(ctx context.Context, tx *Tx, id int64) (*plan.Goal, error) {
	goals, _, err := findGoals(ctx, tx, plan.GoalFilter{ID: &id})
	if err != nil {
		return nil, err
	}
	if len(goals) == 0 {
		return nil, plan.Errorf(plan.ENOTFOUND, "goal not found")
	}
	return goals[0], nil
}

func findGoals(ctx context.Context, tx *Tx, filter plan.GoalFilter) ([]*plan.Goal, int, error) {
	where, args := []string{"1 = 1"}, []any{}
	if v := filter.ID; v != nil {
		where, args = append(where, "id = ?"), append(args, *v)
	}
	if v := filter.PlanID; v != nil {
		where, args = append(where, "plan_id = ?"), append(args, *v)
	}
	cond := strings.Join(where, " AND ")

	// The count is a separate query: a window count in the page query says
	// nothing when Offset is past the last row.
	var total int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM goals WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count goals: %w", err)
	}

	limit, offset := limitOffset(filter.Limit, filter.Offset)
	rows, err := tx.QueryContext(ctx, `
		SELECT `+goalColumns+`
		FROM goals
		WHERE `+cond+`
		ORDER BY id
		LIMIT ? OFFSET ?`,
		append(args, limit, offset)...,
	)
	if err != nil {
		return nil, 0, fmt.Errorf("find goals: %w", err)
	}
	defer rows.Close()

	goals := make([]*plan.Goal, 0)
	for rows.Next() {
		var g plan.Goal
		if err := rows.Scan(goalFields(&g)...); err != nil {
			return nil, 0, fmt.Errorf("scan goal: %w", err)
		}
		goals = append(goals, &g)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("find goals: %w", err)
	}
	return goals, total, nil
}

func createGoal(ctx context.Context, tx *Tx, g *plan.Goal) error {
	g.Normalize()
	g.Deadline = calendarDate(g.Deadline)

	// Owners are checked in the write transaction, so a change of owners
	// cannot slip between the check and the insert.
	p, err := authorize(ctx, tx, g.PlanID, plan.AreaGoals)
	if err != nil {
		return err
	}
	if err := g.Validate(plan.Today(tx.now, p.Location()), true); err != nil {
		return err
	}
	if g.KPI.IsZero() {
		// A goal is stored with the type it is read with, as 0006 typed
		// the goals before it: a later count metric of its name does not
		// change how it is read.
		metrics, err := findMetrics(ctx, tx, g.PlanID)
		if err != nil {
			return err
		}
		g.KPI = plan.DefaultKPIType(g, plan.FindMetric(metrics, g.Metric))
	}

	g.CreatedAt, g.UpdatedAt = tx.now, tx.now
	t := g.KPI
	id, err := tx.insertID(ctx, `
		INSERT INTO goals (plan_id, kind, title, metric, baseline, target, unit,
		                   deadline, owner_id, learn, created_by, created_at, updated_at,
		                   kpi_direction, kpi_aggregation, kpi_count, kpi_period, kpi_low, kpi_high,
		                   kpi_weight_metric, baseline_date)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		g.PlanID, string(g.Kind), g.Title, g.Metric, g.Baseline, g.Target, g.Unit,
		date(g.Deadline), g.OwnerID, g.Learn, g.CreatedBy,
		utcTime(g.CreatedAt), utcTime(g.UpdatedAt),
		string(t.Direction), string(t.Aggregation), t.Count, string(t.Period), t.Low, t.High,
		t.WeightMetric, optDate(g.BaselineDate),
	)
	if err != nil {
		return fmt.Errorf("insert goal: %w", err)
	}
	g.ID = id
	return startCheckIns(ctx, tx, g) // issue 17: a goal with an owner is checked in on
}

func updateGoal(ctx context.Context, tx *Tx, id int64, upd plan.GoalUpdate) (*plan.Goal, error) {
	if err := lockPlanOf(ctx, tx, "goals", id); err != nil {
		return nil, err
	}
	g, err := findGoalByID(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	p, err := authorize(ctx, tx, g.PlanID, plan.AreaGoals)
	if err != nil {
		return nil, err
	}

	// Compare calendar dates rather than trust Apply's instant comparison,
	// so a deadline resubmitted in another zone or hour counts as unchanged.
	stored := g.Deadline
	upd.Apply(g)
	g.Normalize()
	g.Deadline = calendarDate(g.Deadline)
	deadlineChanged := !g.Deadline.Equal(stored)

	if err := g.Validate(plan.Today(tx.now, p.Location()), deadlineChanged); err != nil {
		return nil, err
	}

	g.UpdatedAt = tx.now
	t := g.KPI
	if _, err := tx.ExecContext(ctx, `
		UPDATE goals SET kind = ?, title = ?, metric = ?, baseline = ?, target = ?, unit = ?,
		                 deadline = ?, owner_id = ?, learn = ?, updated_at = ?,
		                 kpi_direction = ?, kpi_aggregation = ?, kpi_count = ?, kpi_period = ?,
		                 kpi_low = ?, kpi_high = ?, kpi_weight_metric = ?, baseline_date = ?
		WHERE id = ?`,
		string(g.Kind), g.Title, g.Metric, g.Baseline, g.Target, g.Unit,
		date(g.Deadline), g.OwnerID, g.Learn, utcTime(g.UpdatedAt),
		string(t.Direction), string(t.Aggregation), t.Count, string(t.Period), t.Low, t.High,
		t.WeightMetric, optDate(g.BaselineDate), g.ID,
	); err != nil {
		return nil, fmt.Errorf("update goal: %w", err)
	}
	return g, startCheckIns(ctx, tx, g) // issue 17: a goal with an owner is checked in on
}

func deleteGoal(ctx context.Context, tx *Tx, id int64) error {
	if err := lockPlanOf(ctx, tx, "goals", id); err != nil {
		return err
	}
	g, err := findGoalByID(ctx, tx, id)
	if err != nil {
		return err
	}
	if _, err := authorize(ctx, tx, g.PlanID, plan.AreaGoals); err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM goals WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("delete goal: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("delete goal: %w", err)
	}
	if n == 0 {
		return plan.Errorf(plan.ENOTFOUND, "goal not found")
	}
	return nil
}

// goalColumns are the columns of a goal, in the order goalFields scans
// them.
const goalColumns = `id, plan_id, kind, title, metric, baseline, target, unit,
	deadline, owner_id, learn, created_by, created_at, updated_at,
	kpi_direction, kpi_aggregation, kpi_count, kpi_period, kpi_low, kpi_high,
	kpi_weight_metric, baseline_date`

// goalFields are the scan destinations of goalColumns in g.
func goalFields(g *plan.Goal) []any {
	t := &g.KPI
	return []any{
		&g.ID, &g.PlanID, &g.Kind, &g.Title, &g.Metric, &g.Baseline, &g.Target, &g.Unit,
		(*date)(&g.Deadline), &g.OwnerID, &g.Learn, &g.CreatedBy,
		(*utcTime)(&g.CreatedAt), (*utcTime)(&g.UpdatedAt),
		&t.Direction, &t.Aggregation, &t.Count, &t.Period, &t.Low, &t.High,
		&t.WeightMetric, (*optDate)(&g.BaselineDate),
	}
}

package storage

import (
	"context"
	"fmt"
	"strings"

	"github.com/planbot/planbot/plan"
)

// Ensure CTAService implements plan.CTAService.
var _ plan.CTAService = (*CTAService)(nil)

// CTAService stores calls to action in the database. It implements
// plan.CTAService.
type CTAService struct {
	db *DB
}

// NewCTAService returns a CTAService on db.
func NewCTAService(db *DB) *CTAService {
	return &CTAService{db: db}
}

// FindCTAByID returns the call to action with id. Returns ENOTFOUND.
func (s *CTAService) FindCTAByID(ctx context.Context, id int64) (*plan.CTA, error) {
	tx, err := s.db.BeginTx(ctx, readOnly)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findCTAByID(ctx, tx, id)
}

// FindCTAs returns the calls to action matching filter, oldest first, and
// the total count of matches ignoring Offset and Limit. A Limit of 0 means
// no limit.
func (s *CTAService) FindCTAs(ctx context.Context, filter plan.CTAFilter) ([]*plan.CTA, int, error) {
	tx, err := s.db.BeginTx(ctx, readOnly)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	return findCTAs(ctx, tx, filter)
}

// CreateCTA normalizes, validates and stores c on behalf of the user in
// ctx, setting its ID and timestamps. Returns ENOTFOUND for the plan,
// EFORBIDDEN or FieldErrors (EINVALID); c keeps ID 0 on any error.
func (s *CTAService) CreateCTA(ctx context.Context, c *plan.CTA) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	created := *c
	if err := saveCTA(ctx, tx, &created); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	*c = created
	return nil
}

// UpdateCTA applies upd to the call to action with id on behalf of the
// user in ctx, validates and stores it. Returns ENOTFOUND, EFORBIDDEN or
// FieldErrors (EINVALID).
func (s *CTAService) UpdateCTA(ctx context.Context, id int64, upd plan.CTAUpdate) (*plan.CTA, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	if err := lockPlanOf(ctx, tx, "ctas", id); err != nil {
		return nil, err
	}
	c, err := findCTAByID(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	upd.Apply(c)
	if err := saveCTA(ctx, tx, c); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("commit: %w", err)
	}
	return c, nil
}

// DeleteCTA removes the call to action with id on behalf of the user in
// ctx. Returns ENOTFOUND or EFORBIDDEN.
func (s *CTAService) DeleteCTA(ctx context.Context, id int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	if err := lockPlanOf(ctx, tx, "ctas", id); err != nil {
		return err
	}
	c, err := findCTAByID(ctx, tx, id)
	if err != nil {
		return err
	}
	if _, err := authorize(ctx, tx, c.PlanID, plan.AreaCTAs); err != nil {
		return err
	}
	if err := deleteRow(ctx, tx, "ctas", id, "call to action"); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

func findCTAByID(ctx context.Context, tx *Tx, id int64) (*plan.CTA, error) {
	ctas, _, err := findCTAs(ctx, tx, plan.CTAFilter{ID: &id})
	if err != nil {
		return nil, err
	}
	if len(ctas) == 0 {
		return nil, plan.Errorf(plan.ENOTFOUND, "call to action not found")
	}
	return ctas[0], nil
}

func findCTAs(ctx context.Context, tx *Tx, filter plan.CTAFilter) ([]*plan.CTA, int, error) {
	where, args := []string{"1 = 1"}, []any{}
	if v := filter.ID; v != nil {
		where, args = append(where, "id = ?"), append(args, *v)
	}
	if v := filter.PlanID; v != nil {
		where, args = append(where, "plan_id = ?"), append(args, *v)
	}
	if v := filter.GoalID; v != nil {
		where, args = append(where, "goal_id = ?"), append(args, *v)
	}
	cond := strings.Join(where, " AND ")
	total, err := countRows(ctx, tx, "ctas", cond, args)
	if err != nil {
		return nil, 0, err
	}

	limit, offset := limitOffset(filter.Limit, filter.Offset)
	rows, err := tx.QueryContext(ctx, `
		SELECT id, plan_id, kind, text, url, goal_id, network, created_by, created_at, updated_at
		FROM ctas
		WHERE `+cond+`
		ORDER BY id
		LIMIT ? OFFSET ?`,
		append(args, limit, offset)...,
	)
	if err != nil {
		return nil, 0, fmt.Errorf("find ctas: %w", err)
	}
	defer rows.Close()

	ctas := make([]*plan.CTA, 0)
	for rows.Next() {
		var c plan.CTA
		if err := rows.Scan(&c.ID, &c.PlanID, &c.Kind, &c.Text, &c.URL, (*nullID)(&c.GoalID), &c.Network,
			&c.CreatedBy, (*utcTime)(&c.CreatedAt), (*utcTime)(&c.UpdatedAt)); err != nil {
			return nil, 0, fmt.Errorf("scan cta: %w", err)
		}
		ctas = append(ctas, &c)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("find ctas: %w", err)
	}
	return ctas, total, nil
}

// saveCTA normalizes, validates and inserts c (ID 0) or updates it on
// behalf of the user in ctx.
func saveCTA(ctx context.Context, tx *Tx, c *plan.CTA) error {
	c.Normalize()
	if _, err := authorize(ctx, tx, c.PlanID, plan.AreaCTAs); err != nil {
		return err
	}
	err := c.Validate()
	if c.GoalID > 0 {
		if ok, rerr := refsInPlan(ctx, tx, "goals", c.PlanID, []int64{c.GoalID}); rerr != nil {
			return rerr
		} else if !ok {
			err = withFieldError(err, plan.Invalid("goal", "cta.goal.required", "tie the call to action to a goal of this plan"))
		}
	}
	if err != nil {
		return err
	}

	c.UpdatedAt = tx.now
	if c.ID != 0 {
		if _, err := tx.ExecContext(ctx, `
			UPDATE ctas SET kind = ?, text = ?, url = ?, goal_id = ?, network = ?, updated_at = ?
			WHERE id = ?`,
			string(c.Kind), c.Text, c.URL, nullID(c.GoalID), string(c.Network), utcTime(c.UpdatedAt), c.ID,
		); err != nil {
			return fmt.Errorf("update cta: %w", err)
		}
		return nil
	}
	c.CreatedAt = tx.now
	id, err := tx.insertID(ctx, `
		INSERT INTO ctas (plan_id, kind, text, url, goal_id, network, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.PlanID, string(c.Kind), c.Text, c.URL, nullID(c.GoalID), string(c.Network),
		c.CreatedBy, utcTime(c.CreatedAt), utcTime(c.UpdatedAt),
	)
	if err != nil {
		return fmt.Errorf("insert cta: %w", err)
	}
	c.ID = id
	return nil
}

package storage

import (
	"context"
	"database/sql"
	"errors"
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
	// A link shown before this version is frozen from the names it was
	// built from, before the update changes its goal.
	if _, err := freezeCTA(ctx, tx, c); err != nil {
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

// FreezeLinks freezes the UTM values of the plan's calls to action that
// have none yet, from the plan's and their goals' names now, and reports
// how many it froze. Returns ENOTFOUND for the plan. It reads first and
// writes only when a link needs freezing, so that showing links costs a
// read once they all are.
func (s *CTAService) FreezeLinks(ctx context.Context, planID int64) (int, error) {
	if n, err := s.countUnfrozen(ctx, planID); err != nil || n == 0 {
		return 0, err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()

	if _, err := lockPlan(ctx, tx, planID); err != nil {
		return 0, err
	}
	ctas, _, err := findCTAs(ctx, tx, plan.CTAFilter{PlanID: &planID})
	if err != nil {
		return 0, err
	}
	n := 0
	for _, c := range ctas {
		froze, err := freezeCTA(ctx, tx, c)
		if err != nil {
			return 0, err
		}
		if froze {
			n++
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("commit: %w", err)
	}
	return n, nil
}

// countUnfrozen counts the plan's calls to action whose link is not
// frozen, and checks that the plan exists.
func (s *CTAService) countUnfrozen(ctx context.Context, planID int64) (int, error) {
	tx, err := s.db.BeginTx(ctx, readOnly)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	if _, err := findPlanByID(ctx, tx, planID); err != nil {
		return 0, err
	}
	return countRows(ctx, tx, "ctas", "plan_id = ? AND utm_frozen_at = ''", []any{planID})
}

// freezeCTA freezes c's UTM values from its plan's and goal's names, and
// stores them, unless they are frozen already; it reports whether it
// froze them.
func freezeCTA(ctx context.Context, tx *Tx, c *plan.CTA) (bool, error) {
	if c.UTM.Frozen() {
		return false, nil
	}
	p, err := findPlanByID(ctx, tx, c.PlanID)
	if err != nil {
		return false, err
	}
	goal := ""
	if c.GoalID != 0 {
		err := tx.QueryRowContext(ctx, `SELECT title FROM goals WHERE id = ?`, c.GoalID).Scan(&goal)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return false, fmt.Errorf("find goal of cta: %w", err)
		}
	}
	c.FreezeUTM(p.Name, goal, tx.now)
	if _, err := tx.ExecContext(ctx, `
		UPDATE ctas SET utm_source = ?, utm_medium = ?, utm_campaign = ?, utm_content = ?, utm_frozen_at = ?
		WHERE id = ?`,
		c.UTM.Source, c.UTM.Medium, c.UTM.Campaign, c.UTM.Content, optTime(c.UTM.FrozenAt), c.ID,
	); err != nil {
		return false, fmt.Errorf("freeze cta link: %w", err)
	}
	return true, nil
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
		SELECT `+ctaColumns+`
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
		if err := rows.Scan(ctaFields(&c)...); err != nil {
			return nil, 0, fmt.Errorf("scan cta: %w", err)
		}
		ctas = append(ctas, &c)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("find ctas: %w", err)
	}
	return ctas, total, nil
}

// ctaColumns are the columns of a call to action that ctaFields scans.
const ctaColumns = `id, plan_id, kind, text, url, goal_id, network,
		utm_source, utm_medium, utm_campaign, utm_content, utm_frozen_at,
		created_by, created_at, updated_at`

// ctaFields are the scan targets of ctaColumns for c.
func ctaFields(c *plan.CTA) []any {
	return []any{&c.ID, &c.PlanID, &c.Kind, &c.Text, &c.URL, (*nullID)(&c.GoalID), &c.Network,
		&c.UTM.Source, &c.UTM.Medium, &c.UTM.Campaign, &c.UTM.Content, (*optTime)(&c.UTM.FrozenAt),
		&c.CreatedBy, (*utcTime)(&c.CreatedAt), (*utcTime)(&c.UpdatedAt)}
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
			UPDATE ctas SET kind = ?, text = ?, url = ?, goal_id = ?, network = ?,
				utm_source = ?, utm_medium = ?, utm_campaign = ?, utm_content = ?, utm_frozen_at = ?, updated_at = ?
			WHERE id = ?`,
			string(c.Kind), c.Text, c.URL, nullID(c.GoalID), string(c.Network),
			c.UTM.Source, c.UTM.Medium, c.UTM.Campaign, c.UTM.Content, optTime(c.UTM.FrozenAt), utcTime(c.UpdatedAt), c.ID,
		); err != nil {
			return fmt.Errorf("update cta: %w", err)
		}
		return nil
	}
	c.CreatedAt = tx.now
	id, err := tx.insertID(ctx, `
		INSERT INTO ctas (plan_id, kind, text, url, goal_id, network,
			utm_source, utm_medium, utm_campaign, utm_content, utm_frozen_at, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.PlanID, string(c.Kind), c.Text, c.URL, nullID(c.GoalID), string(c.Network),
		c.UTM.Source, c.UTM.Medium, c.UTM.Campaign, c.UTM.Content, optTime(c.UTM.FrozenAt),
		c.CreatedBy, utcTime(c.CreatedAt), utcTime(c.UpdatedAt),
	)
	if err != nil {
		return fmt.Errorf("insert cta: %w", err)
	}
	c.ID = id
	// The decision note shows the new link at once: its values are frozen
	// now, from the names of the plan and of the goal it serves.
	_, err = freezeCTA(ctx, tx, c)
	return err
}

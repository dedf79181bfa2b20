package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/planbot/planbot/plan"
)

// Ensure StrategyService implements plan.StrategyService.
var _ plan.StrategyService = (*StrategyService)(nil)

// StrategyService stores the content strategy, voice, tone and pillars, in
// the database. It implements plan.StrategyService.
type StrategyService struct {
	db *DB
}

// NewStrategyService returns a StrategyService on db.
func NewStrategyService(db *DB) *StrategyService {
	return &StrategyService{db: db}
}

// FindStrategy returns the strategy of a plan, empty when none was
// recorded. Returns ENOTFOUND for the plan.
func (s *StrategyService) FindStrategy(ctx context.Context, planID int64) (*plan.Strategy, error) {
	tx, err := s.db.BeginTx(ctx, readOnly)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findStrategy(ctx, tx, planID)
}

// UpdateStrategy normalizes, validates and stores st on behalf of the user
// in ctx, who becomes its UpdatedBy. Returns ENOTFOUND for the plan,
// EFORBIDDEN or FieldErrors (EINVALID).
func (s *StrategyService) UpdateStrategy(ctx context.Context, st *plan.Strategy) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	saved := *st
	saved.Normalize()
	if _, err := authorize(ctx, tx, saved.PlanID, plan.AreaStrategy); err != nil {
		return err
	}
	if err := saved.Validate(); err != nil {
		return err
	}
	saved.UpdatedBy, saved.UpdatedAt = plan.UserIDFromContext(ctx), tx.now
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO strategies (plan_id, voice, tone, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (plan_id) DO UPDATE SET voice = excluded.voice, tone = excluded.tone,
			updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
		saved.PlanID, saved.Voice, saved.Tone, saved.UpdatedBy, utcTime(saved.UpdatedAt),
	); err != nil {
		return fmt.Errorf("save strategy: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	*st = saved
	return nil
}

// FindPillarByID returns the pillar with id. Returns ENOTFOUND.
func (s *StrategyService) FindPillarByID(ctx context.Context, id int64) (*plan.Pillar, error) {
	tx, err := s.db.BeginTx(ctx, readOnly)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findPillarByID(ctx, tx, id)
}

// FindPillars returns the pillars matching filter, oldest first, and the
// total count of matches ignoring Offset and Limit. A Limit of 0 means no
// limit.
func (s *StrategyService) FindPillars(ctx context.Context, filter plan.PillarFilter) ([]*plan.Pillar, int, error) {
	tx, err := s.db.BeginTx(ctx, readOnly)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	return findPillars(ctx, tx, filter)
}

// CreatePillar normalizes, validates and stores p on behalf of the user in
// ctx, setting its ID and timestamps. Returns ENOTFOUND for the plan,
// EFORBIDDEN or FieldErrors (EINVALID); p keeps ID 0 on any error.
func (s *StrategyService) CreatePillar(ctx context.Context, p *plan.Pillar) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	created := *p
	if err := savePillar(ctx, tx, &created); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	*p = created
	return nil
}

// UpdatePillar applies upd to the pillar with id on behalf of the user in
// ctx, validates and stores it. Returns ENOTFOUND, EFORBIDDEN or
// FieldErrors (EINVALID).
func (s *StrategyService) UpdatePillar(ctx context.Context, id int64, upd plan.PillarUpdate) (*plan.Pillar, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	if err := lockPlanOf(ctx, tx, "pillars", id); err != nil {
		return nil, err
	}
	p, err := findPillarByID(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	upd.Apply(p)
	if err := savePillar(ctx, tx, p); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("commit: %w", err)
	}
	return p, nil
}

// DeletePillar removes the pillar with id on behalf of the user in ctx.
// Returns ENOTFOUND or EFORBIDDEN.
func (s *StrategyService) DeletePillar(ctx context.Context, id int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	if err := lockPlanOf(ctx, tx, "pillars", id); err != nil {
		return err
	}
	p, err := findPillarByID(ctx, tx, id)
	if err != nil {
		return err
	}
	if _, err := authorize(ctx, tx, p.PlanID, plan.AreaStrategy); err != nil {
		return err
	}
	if err := deleteRow(ctx, tx, "pillars", id, "pillar"); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

func findStrategy(ctx context.Context, tx *Tx, planID int64) (*plan.Strategy, error) {
	if _, err := findPlanByID(ctx, tx, planID); err != nil {
		return nil, err
	}
	st := plan.Strategy{PlanID: planID}
	err := tx.QueryRowContext(ctx, `SELECT voice, tone, updated_by, updated_at FROM strategies WHERE plan_id = ?`, planID).
		Scan(&st.Voice, &st.Tone, &st.UpdatedBy, (*utcTime)(&st.UpdatedAt))
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("find strategy: %w", err)
	}
	return &st, nil
}

func findPillarByID(ctx context.Context, tx *Tx, id int64) (*plan.Pillar, error) {
	pillars, _, err := findPillars(ctx, tx, plan.PillarFilter{ID: &id})
	if err != nil {
		return nil, err
	}
	if len(pillars) == 0 {
		return nil, plan.Errorf(plan.ENOTFOUND, "pillar not found")
	}
	return pillars[0], nil
}

func findPillars(ctx context.Context, tx *Tx, filter plan.PillarFilter) ([]*plan.Pillar, int, error) {
	where, args := []string{"1 = 1"}, []any{}
	if v := filter.ID; v != nil {
		where, args = append(where, "id = ?"), append(args, *v)
	}
	if v := filter.PlanID; v != nil {
		where, args = append(where, "plan_id = ?"), append(args, *v)
	}
	cond := strings.Join(where, " AND ")
	total, err := countRows(ctx, tx, "pillars", cond, args)
	if err != nil {
		return nil, 0, err
	}

	limit, offset := limitOffset(filter.Limit, filter.Offset)
	rows, err := tx.QueryContext(ctx, `
		SELECT id, plan_id, name, description, created_by, created_at, updated_at
		FROM pillars
		WHERE `+cond+`
		ORDER BY id
		LIMIT ? OFFSET ?`,
		append(args, limit, offset)...,
	)
	if err != nil {
		return nil, 0, fmt.Errorf("find pillars: %w", err)
	}
	defer rows.Close()

	pillars := make([]*plan.Pillar, 0)
	var ids []int64
	for rows.Next() {
		var p plan.Pillar
		if err := rows.Scan(&p.ID, &p.PlanID, &p.Name, &p.Description, &p.CreatedBy,
			(*utcTime)(&p.CreatedAt), (*utcTime)(&p.UpdatedAt)); err != nil {
			return nil, 0, fmt.Errorf("scan pillar: %w", err)
		}
		pillars = append(pillars, &p)
		ids = append(ids, p.ID)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("find pillars: %w", err)
	}
	rows.Close()
	links, err := findLinks(ctx, tx, "pillar_personas", "pillar_id", "persona_id", ids)
	if err != nil {
		return nil, 0, err
	}
	for _, p := range pillars {
		p.PersonaIDs = links[p.ID]
	}
	return pillars, total, nil
}

// savePillar normalizes, validates and inserts p (ID 0) or updates it,
// with its persona links, on behalf of the user in ctx.
func savePillar(ctx context.Context, tx *Tx, p *plan.Pillar) error {
	p.Normalize()
	if _, err := authorize(ctx, tx, p.PlanID, plan.AreaStrategy); err != nil {
		return err
	}
	err := p.Validate()
	if p.Name != "" {
		taken, terr := nameTaken(ctx, tx, "pillars", p.PlanID, p.Name, p.ID)
		if terr != nil {
			return terr
		}
		if taken {
			err = withFieldError(err, plan.Invalid("name", "pillar.name.taken", "another pillar has this name"))
		}
	}
	if ok, rerr := refsInPlan(ctx, tx, "personas", p.PlanID, p.PersonaIDs); rerr != nil {
		return rerr
	} else if !ok && !hasField(err, "personas") {
		err = withFieldError(err, plan.Invalid("personas", "pillar.personas.invalid", "choose personas of this plan"))
	}
	if err != nil {
		return err
	}

	p.UpdatedAt = tx.now
	if p.ID == 0 {
		p.CreatedAt = tx.now
		id, err := tx.insertID(ctx, `
			INSERT INTO pillars (plan_id, name, description, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?)`,
			p.PlanID, p.Name, p.Description, p.CreatedBy, utcTime(p.CreatedAt), utcTime(p.UpdatedAt))
		if err != nil {
			return fmt.Errorf("insert pillar: %w", err)
		}
		p.ID = id
	} else if _, err := tx.ExecContext(ctx, `UPDATE pillars SET name = ?, description = ?, updated_at = ? WHERE id = ?`,
		p.Name, p.Description, utcTime(p.UpdatedAt), p.ID); err != nil {
		return fmt.Errorf("update pillar: %w", err)
	}
	return setLinks(ctx, tx, "pillar_personas", "pillar_id", "persona_id", p.ID, p.PersonaIDs)
}

// hasField reports whether err carries a field error on field.
func hasField(err error, field string) bool {
	for _, e := range plan.ErrorFields(err) {
		if e.Field == field {
			return true
		}
	}
	return false
}

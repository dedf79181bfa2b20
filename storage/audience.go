package storage

import (
	"context"
	"fmt"
	"strings"

	"github.com/planbot/planbot/plan"
)

// Ensure PersonaService implements plan.PersonaService.
var _ plan.PersonaService = (*PersonaService)(nil)

// PersonaService stores personas in the database. It implements
// plan.PersonaService.
type PersonaService struct {
	db *DB
}

// NewPersonaService returns a PersonaService on db.
func NewPersonaService(db *DB) *PersonaService {
	return &PersonaService{db: db}
}

// FindPersonaByID returns the persona with id. Returns ENOTFOUND.
func (s *PersonaService) FindPersonaByID(ctx context.Context, id int64) (*plan.Persona, error) {
	tx, err := s.db.BeginTx(ctx, readOnly)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findPersonaByID(ctx, tx, id)
}

// FindPersonas returns the personas matching filter, oldest first, and the
// total count of matches ignoring Offset and Limit. A Limit of 0 means no
// limit.
func (s *PersonaService) FindPersonas(ctx context.Context, filter plan.PersonaFilter) ([]*plan.Persona, int, error) {
	tx, err := s.db.BeginTx(ctx, readOnly)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	return findPersonas(ctx, tx, filter)
}

// CreatePersona normalizes, validates and stores p on behalf of the user in
// ctx, setting its ID and timestamps. Returns ENOTFOUND for the plan,
// EFORBIDDEN, or FieldErrors (EINVALID); p keeps ID 0 on any error.
func (s *PersonaService) CreatePersona(ctx context.Context, p *plan.Persona) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	created := *p
	if err := createPersona(ctx, tx, &created); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	*p = created
	return nil
}

// UpdatePersona applies upd to the persona with id on behalf of the user in
// ctx, validates and stores it. Returns ENOTFOUND, EFORBIDDEN or
// FieldErrors (EINVALID).
func (s *PersonaService) UpdatePersona(ctx context.Context, id int64, upd plan.PersonaUpdate) (*plan.Persona, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	p, err := updatePersona(ctx, tx, id, upd)
	if err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("commit: %w", err)
	}
	return p, nil
}

// DeletePersona removes the persona with id on behalf of the user in ctx,
// with its links to pillars and networks. Returns ENOTFOUND or EFORBIDDEN.
func (s *PersonaService) DeletePersona(ctx context.Context, id int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	if err := lockPlanOf(ctx, tx, "personas", id); err != nil {
		return err
	}
	p, err := findPersonaByID(ctx, tx, id)
	if err != nil {
		return err
	}
	if _, err := authorize(ctx, tx, p.PlanID, plan.AreaAudience); err != nil {
		return err
	}
	if err := deleteRow(ctx, tx, "personas", id, "persona"); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

func findPersonaByID(ctx context.Context, tx *Tx, id int64) (*plan.Persona, error) {
	personas, _, err := findPersonas(ctx, tx, plan.PersonaFilter{ID: &id})
	if err != nil {
		return nil, err
	}
	if len(personas) == 0 {
		return nil, plan.Errorf(plan.ENOTFOUND, "persona not found")
	}
	return personas[0], nil
}

func findPersonas(ctx context.Context, tx *Tx, filter plan.PersonaFilter) ([]*plan.Persona, int, error) {
	where, args := []string{"1 = 1"}, []any{}
	if v := filter.ID; v != nil {
		where, args = append(where, "id = ?"), append(args, *v)
	}
	if v := filter.PlanID; v != nil {
		where, args = append(where, "plan_id = ?"), append(args, *v)
	}
	cond := strings.Join(where, " AND ")
	total, err := countRows(ctx, tx, "personas", cond, args)
	if err != nil {
		return nil, 0, err
	}

	limit, offset := limitOffset(filter.Limit, filter.Offset)
	rows, err := tx.QueryContext(ctx, `
		SELECT id, plan_id, name, who, interests, excites, networks, notes,
		       created_by, created_at, updated_at
		FROM personas
		WHERE `+cond+`
		ORDER BY id
		LIMIT ? OFFSET ?`,
		append(args, limit, offset)...,
	)
	if err != nil {
		return nil, 0, fmt.Errorf("find personas: %w", err)
	}
	defer rows.Close()

	personas := make([]*plan.Persona, 0)
	for rows.Next() {
		var p plan.Persona
		if err := rows.Scan(
			&p.ID, &p.PlanID, &p.Name, &p.Who, &p.Interests, &p.Excites, (*networkList)(&p.Networks), &p.Notes,
			&p.CreatedBy, (*utcTime)(&p.CreatedAt), (*utcTime)(&p.UpdatedAt),
		); err != nil {
			return nil, 0, fmt.Errorf("scan persona: %w", err)
		}
		personas = append(personas, &p)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("find personas: %w", err)
	}
	return personas, total, nil
}

// validatePersona validates p and checks its name is free in its plan.
func validatePersona(ctx context.Context, tx *Tx, p *plan.Persona) error {
	err := p.Validate()
	if p.Name != "" {
		taken, terr := nameTaken(ctx, tx, "personas", p.PlanID, p.Name, p.ID)
		if terr != nil {
			return terr
		}
		if taken {
			err = withFieldError(err, plan.Invalid("name", "persona.name.taken", "another persona has this name"))
		}
	}
	return err
}

func createPersona(ctx context.Context, tx *Tx, p *plan.Persona) error {
	p.Normalize()
	if _, err := authorize(ctx, tx, p.PlanID, plan.AreaAudience); err != nil {
		return err
	}
	if err := validatePersona(ctx, tx, p); err != nil {
		return err
	}

	p.CreatedAt, p.UpdatedAt = tx.now, tx.now
	id, err := tx.insertID(ctx, `
		INSERT INTO personas (plan_id, name, who, interests, excites, networks, notes,
		                      created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.PlanID, p.Name, p.Who, p.Interests, p.Excites, networkList(p.Networks), p.Notes,
		p.CreatedBy, utcTime(p.CreatedAt), utcTime(p.UpdatedAt),
	)
	if err != nil {
		return fmt.Errorf("insert persona: %w", err)
	}
	p.ID = id
	return nil
}

func updatePersona(ctx context.Context, tx *Tx, id int64, upd plan.PersonaUpdate) (*plan.Persona, error) {
	if err := lockPlanOf(ctx, tx, "personas", id); err != nil {
		return nil, err
	}
	p, err := findPersonaByID(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if _, err := authorize(ctx, tx, p.PlanID, plan.AreaAudience); err != nil {
		return nil, err
	}
	upd.Apply(p)
	p.Normalize()
	if err := validatePersona(ctx, tx, p); err != nil {
		return nil, err
	}

	p.UpdatedAt = tx.now
	if _, err := tx.ExecContext(ctx, `
		UPDATE personas SET name = ?, who = ?, interests = ?, excites = ?, networks = ?, notes = ?, updated_at = ?
		WHERE id = ?`,
		p.Name, p.Who, p.Interests, p.Excites, networkList(p.Networks), p.Notes, utcTime(p.UpdatedAt), p.ID,
	); err != nil {
		return nil, fmt.Errorf("update persona: %w", err)
	}
	return p, nil
}

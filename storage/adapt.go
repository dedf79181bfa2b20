package storage

import (
	"context"
	"fmt"
	"strings"

	"github.com/planbot/planbot/plan"
)

// Ensure AdaptService implements plan.AdaptService.
var _ plan.AdaptService = (*AdaptService)(nil)

// AdaptService stores the decisions of reviews (step 9) in the database, and
// applies their changes to the networks of step 5 in the same
// transaction. It implements plan.AdaptService.
type AdaptService struct {
	db *DB
}

// NewAdaptService returns an AdaptService on db.
func NewAdaptService(db *DB) *AdaptService {
	return &AdaptService{db: db}
}

// RecordDecisions stores the decisions of a and applies their changes to
// step 5, all or nothing, on behalf of the user in ctx. Returns ENOTFOUND,
// FieldErrors (EINVALID) or EFORBIDDEN. a is updated only on success.
func (s *AdaptService) RecordDecisions(ctx context.Context, a *plan.Adaptation) error {
	return inWriteTx(ctx, s.db, func(tx *Tx) error {
		saved := *a
		saved.Decisions = make([]*plan.Decision, len(a.Decisions))
		for i, d := range a.Decisions {
			c := *d
			saved.Decisions[i] = &c
		}
		if err := recordDecisions(ctx, tx, &saved); err != nil {
			return err
		}
		*a = saved
		return nil
	})
}

// FindDecisions returns the decisions matching filter, newest first (those
// of one adaptation in the order they were taken), and the total count
// ignoring Offset and Limit.
func (s *AdaptService) FindDecisions(ctx context.Context, filter plan.DecisionFilter) ([]*plan.Decision, int, error) {
	tx, err := s.db.BeginTx(ctx, readOnly)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	return findDecisions(ctx, tx, filter)
}

// FindAdaptations returns the plan's adaptations, newest first, with their
// decisions, and the total count ignoring offset and limit.
func (s *AdaptService) FindAdaptations(ctx context.Context, planID int64, offset, limit int) ([]*plan.Adaptation, int, error) {
	tx, err := s.db.BeginTx(ctx, readOnly)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	total, err := countRows(ctx, tx, "adaptations", "plan_id = ?", []any{planID})
	if err != nil {
		return nil, 0, err
	}
	lim, off := limitOffset(limit, offset)
	rows, err := tx.QueryContext(ctx, `
		SELECT id, plan_id, created_by, created_at FROM adaptations
		WHERE plan_id = ? ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`, planID, lim, off)
	if err != nil {
		return nil, 0, fmt.Errorf("find adaptations: %w", err)
	}
	defer rows.Close()
	out := make([]*plan.Adaptation, 0)
	for rows.Next() {
		var a plan.Adaptation
		if err := rows.Scan(&a.ID, &a.PlanID, &a.CreatedBy, (*utcTime)(&a.CreatedAt)); err != nil {
			return nil, 0, fmt.Errorf("scan adaptation: %w", err)
		}
		out = append(out, &a)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("find adaptations: %w", err)
	}
	rows.Close()
	for _, a := range out {
		if a.Decisions, _, err = findDecisions(ctx, tx, plan.DecisionFilter{AdaptationID: &a.ID}); err != nil {
			return nil, 0, err
		}
	}
	return out, total, nil
}

// subjectTables are the tables of the subjects of decisions.
var subjectTables = map[plan.SubjectKind]string{
	plan.SubjectNetwork: "plan_channels",
	plan.SubjectPillar:  "pillars",
	plan.SubjectCTA:     "ctas",
}

func recordDecisions(ctx context.Context, tx *Tx, a *plan.Adaptation) error {
	if _, err := lockPlan(ctx, tx, a.PlanID); err != nil {
		return err
	}
	if a.ID == 0 {
		a.CreatedAt = tx.now
		id, err := tx.insertID(ctx, `INSERT INTO adaptations (plan_id, created_by, created_at) VALUES (?, ?, ?)`,
			a.PlanID, a.CreatedBy, utcTime(a.CreatedAt))
		if err != nil {
			return fmt.Errorf("insert adaptation: %w", err)
		}
		a.ID = id
	} else {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM adaptations WHERE id = ? AND plan_id = ?`, a.ID, a.PlanID).Scan(&n); err != nil {
			return fmt.Errorf("find adaptation: %w", err)
		}
		if n == 0 {
			return plan.Errorf(plan.ENOTFOUND, "adaptation %d not in plan %d", a.ID, a.PlanID)
		}
	}
	for _, d := range a.Decisions {
		if err := recordDecision(ctx, tx, a, d); err != nil {
			return err
		}
	}
	return nil
}

// recordDecision checks d's subject, applies its change to step 5, where
// the status it sets is stamped with this transaction's time and the user
// in ctx, and inserts it.
func recordDecision(ctx context.Context, tx *Tx, a *plan.Adaptation, d *plan.Decision) error {
	d.AdaptationID, d.PlanID, d.DecidedAt = a.ID, a.PlanID, tx.now
	if d.DecidedBy == "" {
		d.DecidedBy = a.CreatedBy
	}
	d.Normalize()
	if err := d.Validate(); err != nil {
		return err
	}
	table := subjectTables[d.Subject]
	if ok, err := refsInPlan(ctx, tx, table, d.PlanID, []int64{d.SubjectID}); err != nil {
		return err
	} else if !ok {
		return plan.Errorf(plan.ENOTFOUND, "%s %d not in plan %d", d.Subject, d.SubjectID, d.PlanID)
	}
	d.NewStatus = ""
	if d.Subject == plan.SubjectNetwork {
		c, err := findChannelByID(ctx, tx, d.SubjectID)
		if err != nil {
			return err
		}
		if upd, ok := d.ChannelUpdate(c.Status); ok {
			upd.Apply(c)
			if err := saveChannel(ctx, tx, c); err != nil {
				return err
			}
			if upd.Status != nil {
				d.NewStatus = c.Status
			}
		}
	}
	id, err := tx.insertID(ctx, `
		INSERT INTO decisions (adaptation_id, plan_id, subject_kind, subject_id, subject_name, decision, rationale,
		                       evidence, new_role, new_cadence, new_status, decided_by, decided_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		d.AdaptationID, d.PlanID, string(d.Subject), d.SubjectID, d.SubjectName, string(d.Decision), d.Rationale,
		d.Evidence, string(d.NewRole), d.NewCadence, string(d.NewStatus), d.DecidedBy, utcTime(d.DecidedAt))
	if err != nil {
		return fmt.Errorf("insert decision: %w", err)
	}
	d.ID = id
	return nil
}

func findDecisions(ctx context.Context, tx *Tx, filter plan.DecisionFilter) ([]*plan.Decision, int, error) {
	where, args := []string{"1 = 1"}, []any{}
	if v := filter.PlanID; v != nil {
		where, args = append(where, "plan_id = ?"), append(args, *v)
	}
	if v := filter.AdaptationID; v != nil {
		where, args = append(where, "adaptation_id = ?"), append(args, *v)
	}
	if filter.Subject != "" {
		where, args = append(where, "subject_kind = ?"), append(args, string(filter.Subject))
	}
	if v := filter.SubjectID; v != nil {
		where, args = append(where, "subject_id = ?"), append(args, *v)
	}
	cond := strings.Join(where, " AND ")
	total, err := countRows(ctx, tx, "decisions", cond, args)
	if err != nil {
		return nil, 0, err
	}
	// The decisions of one sitting read in the order they were taken.
	order := "decided_at DESC, id DESC"
	if filter.AdaptationID != nil {
		order = "id"
	}
	limit, offset := limitOffset(filter.Limit, filter.Offset)
	rows, err := tx.QueryContext(ctx, `
		SELECT id, adaptation_id, plan_id, subject_kind, subject_id, subject_name, decision, rationale, evidence,
		       new_role, new_cadence, new_status, decided_by, decided_at
		FROM decisions WHERE `+cond+` ORDER BY `+order+` LIMIT ? OFFSET ?`,
		append(args, limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("find decisions: %w", err)
	}
	defer rows.Close()
	out := make([]*plan.Decision, 0)
	for rows.Next() {
		var d plan.Decision
		if err := rows.Scan(&d.ID, &d.AdaptationID, &d.PlanID, &d.Subject, &d.SubjectID, &d.SubjectName, &d.Decision,
			&d.Rationale, &d.Evidence, &d.NewRole, &d.NewCadence, &d.NewStatus, &d.DecidedBy, (*utcTime)(&d.DecidedAt)); err != nil {
			return nil, 0, fmt.Errorf("scan decision: %w", err)
		}
		out = append(out, &d)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("find decisions: %w", err)
	}
	return out, total, nil
}

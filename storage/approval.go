package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/planbot/planbot/plan"
)

// Ensure ApprovalService implements plan.ApprovalService.
var _ plan.ApprovalService = (*ApprovalService)(nil)

// ApprovalService stores a plan's approval policy and its items' review
// histories. ContentService applies the policy itself, inside its own
// transactions (see ContentService.review and UpdateContentItem).
type ApprovalService struct {
	db *DB
}

// NewApprovalService returns an ApprovalService on db.
func NewApprovalService(db *DB) *ApprovalService {
	return &ApprovalService{db: db}
}

// ApprovalPolicy returns the policy of the plan with id, the zero policy
// when it never set one. Returns ENOTFOUND.
func (s *ApprovalService) ApprovalPolicy(ctx context.Context, planID int64) (plan.ApprovalPolicy, error) {
	tx, err := s.db.BeginTx(ctx, readOnly)
	if err != nil {
		return plan.ApprovalPolicy{}, err
	}
	defer tx.Rollback()
	if _, err := findPlanByID(ctx, tx, planID); err != nil {
		return plan.ApprovalPolicy{}, err
	}
	return findApprovalPolicy(ctx, tx, planID)
}

// SetApprovalPolicy normalizes, validates and stores p for the plan, on
// behalf of the user in ctx: the owners of a plan with owners, anyone in
// an open plan. Returns ENOTFOUND, EFORBIDDEN or FieldErrors.
func (s *ApprovalService) SetApprovalPolicy(ctx context.Context, planID int64, p plan.ApprovalPolicy) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	pl, err := lockPlan(ctx, tx, planID)
	if err != nil {
		return err
	}
	user := plan.UserIDFromContext(ctx)
	if err := pl.Authorize(user, plan.AreaSettings); err != nil {
		return err
	}
	p.Normalize()
	if err := p.Validate(); err != nil {
		return err
	}
	approvers, err := json.Marshal(approverRows(p.Approvers))
	if err != nil {
		return fmt.Errorf("approvers: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM approval_policies WHERE plan_id = ?`, planID); err != nil {
		return fmt.Errorf("clear approval policy: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO approval_policies (plan_id, allow_self, two_approvers, client_approval, publish_unapproved,
			approvers, updated_by, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		planID, p.AllowSelfApproval, p.TwoApprovers, p.ClientApproval, p.PublishUnapproved,
		string(approvers), user, utcTime(tx.now),
	); err != nil {
		return fmt.Errorf("insert approval policy: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// FindReviewEvents returns the review history of the item with id, oldest
// first. Returns ENOTFOUND.
func (s *ApprovalService) FindReviewEvents(ctx context.Context, itemID int64) ([]*plan.ReviewEvent, error) {
	tx, err := s.db.BeginTx(ctx, readOnly)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if _, err := findContentItemByID(ctx, tx, itemID); err != nil {
		return nil, err
	}
	return findReviewEvents(ctx, tx, itemID)
}

// approverRow is an approver as the approvers column holds it.
type approverRow struct {
	UserID string `json:"user_id"`
	Client bool   `json:"client,omitempty"`
}

func approverRows(as []plan.Approver) []approverRow {
	out := make([]approverRow, 0, len(as))
	for _, a := range as {
		out = append(out, approverRow{UserID: a.UserID, Client: a.Client})
	}
	return out
}

// findApprovalPolicy returns the plan's policy, the zero policy when none
// is stored.
func findApprovalPolicy(ctx context.Context, tx *Tx, planID int64) (plan.ApprovalPolicy, error) {
	var p plan.ApprovalPolicy
	var approvers string
	err := tx.QueryRowContext(ctx, `
		SELECT allow_self, two_approvers, client_approval, publish_unapproved, approvers
		FROM approval_policies WHERE plan_id = ?`, planID,
	).Scan(&p.AllowSelfApproval, &p.TwoApprovers, &p.ClientApproval, &p.PublishUnapproved, &approvers)
	if errors.Is(err, sql.ErrNoRows) {
		return plan.ApprovalPolicy{}, nil
	} else if err != nil {
		return p, fmt.Errorf("find approval policy: %w", err)
	}
	var rows []approverRow
	if err := json.Unmarshal([]byte(approvers), &rows); err != nil {
		return p, fmt.Errorf("approvers: %w", err)
	}
	for _, r := range rows {
		p.Approvers = append(p.Approvers, plan.Approver{UserID: r.UserID, Client: r.Client})
	}
	return p, nil
}

// changeRow is a field change as the changes column holds it.
type changeRow struct {
	Field string `json:"field"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// FindPlanReviewEvents returns the review events of every item of the plan
// at or after since, oldest first.
func (s *ApprovalService) FindPlanReviewEvents(ctx context.Context, planID int64, since time.Time) ([]*plan.ReviewEvent, error) {
	tx, err := s.db.BeginTx(ctx, readOnly)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return queryReviewEvents(ctx, tx, `plan_id = ? AND at >= ?`, planID, utcTime(since))
}

func findReviewEvents(ctx context.Context, tx *Tx, itemID int64) ([]*plan.ReviewEvent, error) {
	return queryReviewEvents(ctx, tx, `item_id = ?`, itemID)
}

func queryReviewEvents(ctx context.Context, tx *Tx, where string, args ...any) ([]*plan.ReviewEvent, error) {
	rows, err := tx.QueryContext(ctx, `
		SELECT id, item_id, plan_id, action, by_user, client, at, from_status, to_status, changes, comment
		FROM review_events WHERE `+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("find review events: %w", err)
	}
	defer rows.Close()
	var out []*plan.ReviewEvent
	for rows.Next() {
		var e plan.ReviewEvent
		var changes string
		if err := rows.Scan(&e.ID, &e.ItemID, &e.PlanID, &e.Action, &e.By, &e.Client, (*utcTime)(&e.At),
			&e.From, &e.To, &changes, &e.Comment); err != nil {
			return nil, fmt.Errorf("scan review event: %w", err)
		}
		var cs []changeRow
		if err := json.Unmarshal([]byte(changes), &cs); err != nil {
			return nil, fmt.Errorf("review event changes: %w", err)
		}
		for _, c := range cs {
			e.Changes = append(e.Changes, plan.FieldChange{Field: c.Field, Old: c.Old, New: c.New})
		}
		out = append(out, &e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("review events: %w", err)
	}
	return out, nil
}

// insertReviewEvent appends e to its item's history, setting its ID.
func insertReviewEvent(ctx context.Context, tx *Tx, e *plan.ReviewEvent) error {
	cs := make([]changeRow, 0, len(e.Changes))
	for _, c := range e.Changes {
		cs = append(cs, changeRow{Field: c.Field, Old: c.Old, New: c.New})
	}
	changes, err := json.Marshal(cs)
	if err != nil {
		return fmt.Errorf("review event changes: %w", err)
	}
	id, err := tx.insertID(ctx, `
		INSERT INTO review_events (item_id, plan_id, action, by_user, client, at, from_status, to_status, changes, comment)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.ItemID, e.PlanID, string(e.Action), e.By, e.Client, utcTime(e.At), string(e.From), string(e.To),
		string(changes), e.Comment)
	if err != nil {
		return fmt.Errorf("insert review event: %w", err)
	}
	e.ID = id
	return nil
}

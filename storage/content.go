package storage

import (
	"context"
	"fmt"
	"strings"

	"github.com/planbot/planbot/plan"
)

// Ensure ContentService implements plan.ContentService.
var _ plan.ContentService = (*ContentService)(nil)

// ContentService stores the content plan's items and their reviews in
// the database. It implements plan.ContentService.
type ContentService struct {
	db *DB
}

// NewContentService returns a ContentService on db.
func NewContentService(db *DB) *ContentService {
	return &ContentService{db: db}
}

// FindContentItemByID returns the item with id. Returns ENOTFOUND.
func (s *ContentService) FindContentItemByID(ctx context.Context, id int64) (*plan.ContentItem, error) {
	tx, err := s.db.BeginTx(ctx, readOnly)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findContentItemByID(ctx, tx, id)
}

// FindContentItems returns the items matching filter by publication time,
// undated ones last, and the total count of matches ignoring Offset and
// Limit. A Limit of 0 means no limit.
func (s *ContentService) FindContentItems(ctx context.Context, filter plan.ContentFilter) ([]*plan.ContentItem, int, error) {
	tx, err := s.db.BeginTx(ctx, readOnly)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	return findContentItems(ctx, tx, filter)
}

// CreateContentItem normalizes, validates and stores c, setting its ID and
// timestamps; an empty status is an idea. Anyone in the channel may add
// items. Returns ENOTFOUND for the plan or FieldErrors (EINVALID); c keeps
// ID 0 on any error.
func (s *ContentService) CreateContentItem(ctx context.Context, c *plan.ContentItem) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	created := *c
	if created.Status == "" {
		created.Status = plan.ContentIdea
	}
	created.Review = plan.Review{}
	if err := saveContentItem(ctx, tx, &created, ""); err != nil {
		return err
	}
	if err := startDigest(ctx, tx, created.PlanID); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	*c = created
	return nil
}

// UpdateContentItem applies upd to the item with id, validates and stores
// it, under the plan's approval policy: an edit of an approved item's
// copy, link, date or network sends it back to review, a status set by
// hand to scheduled or published needs an approval first (unless the
// policy allows it), and both are kept in the item's review history.
// Returns ENOTFOUND or FieldErrors (EINVALID).
func (s *ContentService) UpdateContentItem(ctx context.Context, id int64, upd plan.ContentItemUpdate) (*plan.ContentItem, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	if err := lockPlanOf(ctx, tx, "content_items", id); err != nil {
		return nil, err
	}
	c, err := findContentItemByID(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	policy, history, err := approvalOf(ctx, tx, c)
	if err != nil {
		return nil, err
	}
	user := plan.UserIDFromContext(ctx)
	before := *c
	stored := c.Status
	upd.Apply(c)
	c.Normalize()
	c.PublishAt = c.PublishAt.UTC()
	statusEvent, serr := policy.ChangeStatus(c, stored, user, tx.now)
	if serr != nil && plan.ErrorCode(serr) == plan.EINVALID && c.ValidateStatusChange(stored) == nil {
		// Needs an approval: report it with the form's other errors.
		if verr := c.Validate(); verr != nil {
			return nil, withFieldError(verr, plan.ErrorFields(serr)[0])
		}
		return nil, serr
	}
	editEvent, edited := policy.ApplyEdit(&before, c, history, user, tx.now)
	reopened := edited && editEvent.Action == plan.ActionReopened
	if reopened {
		stored, statusEvent = c.Status, nil
	}
	if err := saveContentItem(ctx, tx, c, stored); err != nil {
		return nil, err
	}
	if reopened {
		if err := saveReview(ctx, tx, c); err != nil {
			return nil, err
		}
	}
	for _, e := range []*plan.ReviewEvent{editEvent, statusEvent} {
		if e == nil {
			continue
		}
		e.To = c.Status
		if err := insertReviewEvent(ctx, tx, e); err != nil {
			return nil, err
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("commit: %w", err)
	}
	return c, nil
}

// DeleteContentItem removes the item with id. Returns ENOTFOUND.
func (s *ContentService) DeleteContentItem(ctx context.Context, id int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	if err := deleteRow(ctx, tx, "content_items", id, "content item"); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// RequestReview moves the item with id into review on behalf of the user in
// ctx, recording the Slack message that asks for it and the request in the
// item's history. Returns ENOTFOUND or ECONFLICT when the item is in
// review already or published.
func (s *ContentService) RequestReview(ctx context.Context, id int64, channelID, messageTS string) (*plan.ContentItem, error) {
	return s.review(ctx, id, func(_ *plan.Plan, c *plan.ContentItem, _ plan.ApprovalPolicy, _ []*plan.ReviewEvent, tx *Tx) (*plan.ReviewEvent, error) {
		return plan.RequestReview(c, plan.UserIDFromContext(ctx), channelID, messageTS, tx.now)
	})
}

// DecideReview records the decision of the user in ctx on the item's
// pending review under the plan's approval policy (plan.ApprovalPolicy
// .Decide), and keeps it in the item's history. An approval leaves the item
// in review while the policy asks for more. Returns ENOTFOUND, ECONFLICT
// when no review is pending or the user approved already, EFORBIDDEN (not
// an approver, or their own item), or FieldErrors (EINVALID) on "comment".
func (s *ContentService) DecideReview(ctx context.Context, id int64, approve bool, comment string) (*plan.ContentItem, error) {
	return s.review(ctx, id, func(p *plan.Plan, c *plan.ContentItem, policy plan.ApprovalPolicy, history []*plan.ReviewEvent, tx *Tx) (*plan.ReviewEvent, error) {
		return policy.Decide(p, c, history, plan.UserIDFromContext(ctx), approve, comment, tx.now)
	})
}

// reviewStep changes an item's review and returns the event to keep.
type reviewStep func(*plan.Plan, *plan.ContentItem, plan.ApprovalPolicy, []*plan.ReviewEvent, *Tx) (*plan.ReviewEvent, error)

// review applies a review step to the item with id, stores it and appends
// the step's event to its history.
func (s *ContentService) review(ctx context.Context, id int64, step reviewStep) (*plan.ContentItem, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	if err := lockPlanOf(ctx, tx, "content_items", id); err != nil {
		return nil, err
	}
	c, err := findContentItemByID(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	p, err := lockPlan(ctx, tx, c.PlanID)
	if err != nil {
		return nil, err
	}
	policy, history, err := approvalOf(ctx, tx, c)
	if err != nil {
		return nil, err
	}
	e, err := step(p, c, policy, history, tx)
	if err != nil {
		return nil, err
	}
	c.UpdatedAt = tx.now
	if err := saveReview(ctx, tx, c); err != nil {
		return nil, err
	}
	if e != nil {
		if err := insertReviewEvent(ctx, tx, e); err != nil {
			return nil, err
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("commit: %w", err)
	}
	return c, nil
}

// approvalOf returns the approval policy of c's plan and c's history.
func approvalOf(ctx context.Context, tx *Tx, c *plan.ContentItem) (plan.ApprovalPolicy, []*plan.ReviewEvent, error) {
	policy, err := findApprovalPolicy(ctx, tx, c.PlanID)
	if err != nil {
		return policy, nil, err
	}
	history, err := findReviewEvents(ctx, tx, c.ID)
	return policy, history, err
}

// saveReview writes c's status and review fields.
func saveReview(ctx context.Context, tx *Tx, c *plan.ContentItem) error {
	r := c.Review
	if _, err := tx.ExecContext(ctx, `
		UPDATE content_items SET status = ?, review_channel_id = ?, review_ts = ?,
			review_requested_by = ?, review_requested_at = ?, review_decision = ?,
			review_decided_by = ?, review_decided_at = ?, review_comment = ?, updated_at = ?
		WHERE id = ?`,
		string(c.Status), r.ChannelID, r.MessageTS, r.RequestedBy, nullTime(r.RequestedAt), string(r.Decision),
		r.DecidedBy, nullTime(r.DecidedAt), r.Comment, utcTime(tx.now), c.ID,
	); err != nil {
		return fmt.Errorf("update review: %w", err)
	}
	return nil
}

func findContentItemByID(ctx context.Context, tx *Tx, id int64) (*plan.ContentItem, error) {
	items, _, err := findContentItems(ctx, tx, plan.ContentFilter{ID: &id})
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, plan.Errorf(plan.ENOTFOUND, "content item not found")
	}
	return items[0], nil
}

func findContentItems(ctx context.Context, tx *Tx, filter plan.ContentFilter) ([]*plan.ContentItem, int, error) {
	where, args := []string{"1 = 1"}, []any{}
	if v := filter.ID; v != nil {
		where, args = append(where, "id = ?"), append(args, *v)
	}
	if v := filter.PlanID; v != nil {
		where, args = append(where, "plan_id = ?"), append(args, *v)
	}
	if len(filter.Statuses) > 0 {
		where = append(where, "status IN ("+placeholders(len(filter.Statuses))+")")
		for _, st := range filter.Statuses {
			args = append(args, string(st))
		}
	}
	if !filter.From.IsZero() {
		where, args = append(where, "publish_at >= ?"), append(args, utcTime(filter.From))
	}
	if !filter.To.IsZero() {
		where, args = append(where, "publish_at < ?"), append(args, utcTime(filter.To))
	}
	if !filter.LateAt.IsZero() {
		where, args = append(where, "publish_at < ? AND status <> ?"), append(args, utcTime(filter.LateAt), string(plan.ContentPublished))
	}
	if v := filter.OwnerID; v != "" {
		where, args = append(where, "owner_id = ?"), append(args, v)
	}
	if v := filter.ReviewerID; v != "" {
		where, args = append(where, "reviewer_id = ?"), append(args, v)
	}
	cond := strings.Join(where, " AND ")
	total, err := countRows(ctx, tx, "content_items", cond, args)
	if err != nil {
		return nil, 0, err
	}

	limit, offset := limitOffset(filter.Limit, filter.Offset)
	rows, err := tx.QueryContext(ctx, `
		SELECT id, plan_id, title, network, format, copy, link, post_link, persona_id, pillar_id, cta_id,
		       publish_at, owner_id, reviewer_id, status,
		       review_channel_id, review_ts, review_requested_by, review_requested_at,
		       review_decision, review_decided_by, review_decided_at, review_comment,
		       created_by, created_at, updated_at
		FROM content_items
		WHERE `+cond+`
		ORDER BY publish_at IS NULL, publish_at, id
		LIMIT ? OFFSET ?`,
		append(args, limit, offset)...,
	)
	if err != nil {
		return nil, 0, fmt.Errorf("find content items: %w", err)
	}
	defer rows.Close()

	items := make([]*plan.ContentItem, 0)
	for rows.Next() {
		var c plan.ContentItem
		r := &c.Review
		if err := rows.Scan(
			&c.ID, &c.PlanID, &c.Title, &c.Network, &c.Format, &c.Copy, &c.Link, &c.PostLink,
			(*nullID)(&c.PersonaID), (*nullID)(&c.PillarID), (*nullID)(&c.CTAID),
			(*nullTime)(&c.PublishAt), &c.OwnerID, &c.ReviewerID, &c.Status,
			&r.ChannelID, &r.MessageTS, &r.RequestedBy, (*nullTime)(&r.RequestedAt),
			&r.Decision, &r.DecidedBy, (*nullTime)(&r.DecidedAt), &r.Comment,
			&c.CreatedBy, (*utcTime)(&c.CreatedAt), (*utcTime)(&c.UpdatedAt),
		); err != nil {
			return nil, 0, fmt.Errorf("scan content item: %w", err)
		}
		items = append(items, &c)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("find content items: %w", err)
	}
	return items, total, nil
}

// saveContentItem normalizes, validates and inserts c (ID 0) or updates
// its editable fields; stored is its status before the change ("" for a
// new item). The review fields are written by review only.
func saveContentItem(ctx context.Context, tx *Tx, c *plan.ContentItem, stored plan.ContentStatus) error {
	c.Normalize()
	c.PublishAt = c.PublishAt.UTC()
	if _, err := lockPlan(ctx, tx, c.PlanID); err != nil {
		return err
	}
	err := c.Validate()
	if serr := c.ValidateStatusChange(stored); serr != nil && !hasField(err, "status") {
		err = withFieldError(err, plan.ErrorFields(serr)[0])
	}
	refs := []struct {
		table, field, key string
		id                int64
	}{
		{"personas", "persona", "content.persona.invalid", c.PersonaID},
		{"pillars", "pillar", "content.pillar.invalid", c.PillarID},
		{"ctas", "cta", "content.cta.invalid", c.CTAID},
	}
	for _, ref := range refs {
		if ref.id <= 0 {
			continue
		}
		ok, rerr := refsInPlan(ctx, tx, ref.table, c.PlanID, []int64{ref.id})
		if rerr != nil {
			return rerr
		}
		if !ok {
			err = withFieldError(err, plan.Invalid(ref.field, ref.key, "choose from the list"))
		}
	}
	if err != nil {
		return err
	}

	c.UpdatedAt = tx.now
	if c.ID != 0 {
		if _, err := tx.ExecContext(ctx, `
			UPDATE content_items SET title = ?, network = ?, format = ?, copy = ?, link = ?, post_link = ?,
				persona_id = ?, pillar_id = ?, cta_id = ?, publish_at = ?, owner_id = ?,
				reviewer_id = ?, status = ?, updated_at = ?
			WHERE id = ?`,
			c.Title, string(c.Network), string(c.Format), c.Copy, c.Link, c.PostLink,
			nullID(c.PersonaID), nullID(c.PillarID), nullID(c.CTAID), nullTime(c.PublishAt), c.OwnerID,
			c.ReviewerID, string(c.Status), utcTime(c.UpdatedAt), c.ID,
		); err != nil {
			return fmt.Errorf("update content item: %w", err)
		}
		return nil
	}
	c.CreatedAt = tx.now
	id, err := tx.insertID(ctx, `
		INSERT INTO content_items (plan_id, title, network, format, copy, link, post_link, persona_id, pillar_id, cta_id,
			publish_at, owner_id, reviewer_id, status, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.PlanID, c.Title, string(c.Network), string(c.Format), c.Copy, c.Link, c.PostLink,
		nullID(c.PersonaID), nullID(c.PillarID), nullID(c.CTAID), nullTime(c.PublishAt), c.OwnerID,
		c.ReviewerID, string(c.Status), c.CreatedBy, utcTime(c.CreatedAt), utcTime(c.UpdatedAt),
	)
	if err != nil {
		return fmt.Errorf("insert content item: %w", err)
	}
	c.ID = id
	return nil
}

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

// Ensure EngagementService implements plan.EngagementService.
var _ plan.EngagementService = (*EngagementService)(nil)

// EngagementService stores the engagement queue in the database, with each
// item's overdue reminder and the plan's daily digest changed in the same
// transaction as the items. It implements plan.EngagementService.
type EngagementService struct {
	db *DB
}

// NewEngagementService returns an EngagementService on db.
func NewEngagementService(db *DB) *EngagementService {
	return &EngagementService{db: db}
}

// FindEngagementItemByID returns the item with id. Returns ENOTFOUND.
func (s *EngagementService) FindEngagementItemByID(ctx context.Context, id int64) (*plan.EngagementItem, error) {
	tx, err := s.db.BeginTx(ctx, readOnly)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findEngagementItemByID(ctx, tx, id)
}

// FindEngagementItems returns the items matching filter, open ones first,
// soonest due first, and the total count ignoring Offset and Limit.
func (s *EngagementService) FindEngagementItems(ctx context.Context, filter plan.EngagementFilter) ([]*plan.EngagementItem, int, error) {
	tx, err := s.db.BeginTx(ctx, readOnly)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	return findEngagementItems(ctx, tx, filter)
}

// CreateEngagementItem validates and stores it as open, schedules its
// overdue reminder, and creates the plan's daily digest unless it has one.
// Returns ENOTFOUND for the plan or FieldErrors; it keeps ID 0 on error.
func (s *EngagementService) CreateEngagementItem(ctx context.Context, it *plan.EngagementItem) error {
	return s.write(ctx, func(tx *Tx) error {
		created := *it
		if err := createEngagementItem(ctx, tx, &created); err != nil {
			return err
		}
		*it = created
		return nil
	})
}

// SetEngagementMessage records the item's message in the plan's channel;
// its overdue reminder is then posted in that thread. Returns ENOTFOUND.
func (s *EngagementService) SetEngagementMessage(ctx context.Context, id int64, channelID, ts string) error {
	return s.write(ctx, func(tx *Tx) error {
		if err := lockPlanOf(ctx, tx, "engagement_items", id); err != nil {
			return err
		}
		it, err := findEngagementItemByID(ctx, tx, id)
		if err != nil {
			return err
		}
		it.ChannelID, it.MessageTS, it.UpdatedAt = channelID, ts, tx.now
		if _, err := tx.ExecContext(ctx, `UPDATE engagement_items SET channel_id = ?, message_ts = ?, updated_at = ? WHERE id = ?`,
			it.ChannelID, it.MessageTS, utcTime(it.UpdatedAt), it.ID); err != nil {
			return fmt.Errorf("update engagement item: %w", err)
		}
		if !it.Open() {
			return nil
		}
		return scheduleOverdue(ctx, tx, it, true)
	})
}

// MarkReplied closes item id as replied to by userID, now, and cancels its
// reminder. Returns ENOTFOUND, or ECONFLICT when it is closed already.
func (s *EngagementService) MarkReplied(ctx context.Context, id int64, userID string) (*plan.EngagementItem, error) {
	return s.close(ctx, id, userID, plan.EngagementReplied)
}

// DismissEngagementItem closes item id without a reply. Returns ENOTFOUND
// or ECONFLICT.
func (s *EngagementService) DismissEngagementItem(ctx context.Context, id int64, userID string) (*plan.EngagementItem, error) {
	return s.close(ctx, id, userID, plan.EngagementDismissed)
}

// ReassignEngagementItem gives open item id to ownerID, whom its reminder
// now names. Returns ENOTFOUND, EINVALID or ECONFLICT.
func (s *EngagementService) ReassignEngagementItem(ctx context.Context, id int64, ownerID string) (*plan.EngagementItem, error) {
	var it *plan.EngagementItem
	err := s.write(ctx, func(tx *Tx) error {
		var err error
		if it, err = findOpenItem(ctx, tx, id); err != nil {
			return err
		}
		if ownerID == "" {
			return plan.Invalid("owner", "engagement.owner.required", "choose who replies")
		}
		it.OwnerID, it.UpdatedAt = ownerID, tx.now
		if _, err := tx.ExecContext(ctx, `UPDATE engagement_items SET owner_id = ?, updated_at = ? WHERE id = ?`,
			it.OwnerID, utcTime(it.UpdatedAt), it.ID); err != nil {
			return fmt.Errorf("update engagement item: %w", err)
		}
		return scheduleOverdue(ctx, tx, it, false)
	})
	return it, err
}

// ReplyStats returns the reply times, per network, of the plan's items
// replied to since since, each counted from the follower's message in the
// plan's working hours.
func (s *EngagementService) ReplyStats(ctx context.Context, planID int64, since time.Time) ([]plan.NetworkReplyStats, error) {
	tx, err := s.db.BeginTx(ctx, readOnly)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	p, err := findPlanByID(ctx, tx, planID)
	if err != nil {
		return nil, err
	}
	var samples []plan.ReplySample
	err = each(ctx, tx, "reply times", `
		SELECT plan_id, network, received_at, created_at, closed_at FROM engagement_items
		WHERE plan_id = ? AND status = 'replied' AND closed_at >= ?`, []any{planID, utcTime(since)},
		func(rows *sql.Rows) error {
			r, _, err := scanReply(rows, func(int64) *plan.Plan { return p })
			samples = append(samples, plan.ReplySample{Network: r.Network, Took: r.Took})
			return err
		})
	if err != nil {
		return nil, err
	}
	return plan.ReplyStatsByNetwork(samples), nil
}

// scanReply scans the plan_id, network, received_at, created_at and
// closed_at of an item replied to, and returns the reply with how long it
// took in the working hours of its plan, which planOf returns.
func scanReply(rows *sql.Rows, planOf func(id int64) *plan.Plan) (plan.Reply, int64, error) {
	var it plan.EngagementItem
	if err := rows.Scan(&it.PlanID, &it.Network, (*optTime)(&it.ReceivedAt), (*utcTime)(&it.CreatedAt), (*utcTime)(&it.ClosedAt)); err != nil {
		return plan.Reply{}, 0, err
	}
	p := planOf(it.PlanID)
	it.Status = plan.EngagementReplied
	took, _ := it.WorkingReplyTime(p.WorkingHours, p.Location())
	return plan.Reply{Network: it.Network, RepliedAt: it.ClosedAt, Took: took}, it.PlanID, nil
}

// SetDigest sets the local time of the plan's daily digest, or turns it
// off; an off digest stays off when items are added later. Returns
// ENOTFOUND or FieldErrors.
func (s *EngagementService) SetDigest(ctx context.Context, planID int64, enabled bool, hour, minute int, ownerID string) (*plan.Reminder, error) {
	var r *plan.Reminder
	err := s.write(ctx, func(tx *Tx) error {
		p, err := lockPlan(ctx, tx, planID)
		if err != nil {
			return err
		}
		rule := plan.DigestRule(p, hour, minute)
		if err := rule.Validate(); err != nil {
			return err
		}
		if r, err = scheduleReminder(ctx, tx, reminderSpec{
			PlanID: p.ID, Kind: plan.ReminderEngagementDigest, SubjectID: p.ID,
			Rule: rule, ChannelID: p.ChannelID, OwnerID: ownerID,
		}); err != nil {
			return err
		}
		if enabled {
			return nil
		}
		r.Cancel()
		return saveReminder(ctx, tx, r)
	})
	return r, err
}

func (s *EngagementService) close(ctx context.Context, id int64, userID string, status plan.EngagementStatus) (*plan.EngagementItem, error) {
	var it *plan.EngagementItem
	err := s.write(ctx, func(tx *Tx) error {
		var err error
		if it, err = findOpenItem(ctx, tx, id); err != nil {
			return err
		}
		it.Status, it.ClosedAt, it.ClosedBy, it.UpdatedAt = status, tx.now, userID, tx.now
		if _, err := tx.ExecContext(ctx, `
			UPDATE engagement_items SET status = ?, closed_at = ?, closed_by = ?, updated_at = ? WHERE id = ?`,
			string(it.Status), utcTime(it.ClosedAt), it.ClosedBy, utcTime(it.UpdatedAt), it.ID); err != nil {
			return fmt.Errorf("close engagement item: %w", err)
		}
		return cancelReminder(ctx, tx, it.PlanID, plan.ReminderEngagementOverdue, it.ID)
	})
	return it, err
}

// write runs fn in a write transaction of s and commits it.
func (s *EngagementService) write(ctx context.Context, fn func(tx *Tx) error) error {
	return inWriteTx(ctx, s.db, fn)
}

func createEngagementItem(ctx context.Context, tx *Tx, it *plan.EngagementItem) error {
	it.Normalize()
	it.Status, it.ClosedAt, it.ClosedBy = plan.EngagementOpen, time.Time{}, ""
	p, err := lockPlan(ctx, tx, it.PlanID)
	if err != nil {
		return err
	}
	if it.ReceivedAt.IsZero() {
		it.ReceivedAt = tx.now
	}
	it.ReceivedAt = it.ReceivedAt.UTC()
	if it.Due.IsZero() {
		it.Due = plan.ReplyDue(it.ReceivedAt, p.ReplyTargetOrDefault(), p.WorkingHours, p.Location())
	}
	fe := append(plan.ErrorFields(it.Validate()), plan.ErrorFields(it.ValidateReceived(tx.now))...)
	if len(fe) > 0 {
		return plan.FieldErrors(fe)
	}
	if it.SourceTS != "" {
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM engagement_items WHERE source_channel_id = ? AND source_ts = ? AND plan_id = ?`,
			it.SourceChannelID, it.SourceTS, it.PlanID).Scan(&id)
		if err == nil {
			return plan.DuplicateItem()
		} else if !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("find item of the message: %w", err)
		}
	}
	it.Due = it.Due.UTC()
	it.CreatedAt, it.UpdatedAt = tx.now, tx.now
	id, err := tx.insertID(ctx, `
		INSERT INTO engagement_items (plan_id, network, link, author, excerpt, kind, owner_id, due_at, status,
		                              source_channel_id, source_ts, channel_id, message_ts, created_by,
		                              created_at, updated_at, received_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		it.PlanID, it.Network, it.Link, it.Author, it.Excerpt, string(it.Kind), it.OwnerID, utcTime(it.Due),
		string(it.Status), it.SourceChannelID, it.SourceTS, it.ChannelID, it.MessageTS, it.CreatedBy,
		utcTime(it.CreatedAt), utcTime(it.UpdatedAt), utcTime(it.ReceivedAt),
	)
	if plan.ErrorCode(err) == plan.ECONFLICT && it.SourceTS != "" {
		return plan.DuplicateItem() // the unique key of the message, should the check above miss
	} else if err != nil {
		return fmt.Errorf("insert engagement item: %w", err)
	}
	it.ID = id
	if err := scheduleOverdue(ctx, tx, it, false); err != nil {
		return err
	}
	// The first item of a plan starts its daily digest, at the default
	// time; a digest the team turned off (cancelled) stays off.
	if _, err := findReminderBySubject(ctx, tx, p.ID, plan.ReminderEngagementDigest, p.ID); plan.ErrorCode(err) != plan.ENOTFOUND {
		return err
	}
	_, err = scheduleReminder(ctx, tx, reminderSpec{
		PlanID: p.ID, Kind: plan.ReminderEngagementDigest, SubjectID: p.ID,
		Rule: plan.DigestRule(p, plan.DefaultDigestHour, 0), ChannelID: p.ChannelID, OwnerID: it.CreatedBy,
	})
	return err
}

// scheduleOverdue sets the reminder that tells the item's owner its reply
// is overdue, in the thread of the item's message when there is one. A new
// owner (reassign) is reminded at the due time, or at once when it is past;
// keep is set when only the thread changes: the reminder keeps its time,
// so that one that fired already does not fire again.
func scheduleOverdue(ctx context.Context, tx *Tx, it *plan.EngagementItem, keep bool) error {
	p, err := findPlanByID(ctx, tx, it.PlanID)
	if err != nil {
		return err
	}
	thread := ""
	if it.ChannelID == p.ChannelID {
		thread = it.MessageTS
	}
	rule := it.OverdueRule(tx.now)
	if keep {
		r, err := findReminderBySubject(ctx, tx, it.PlanID, plan.ReminderEngagementOverdue, it.ID)
		if err == nil {
			rule = r.Rule
		} else if plan.ErrorCode(err) != plan.ENOTFOUND {
			return err
		}
	}
	_, err = scheduleReminder(ctx, tx, reminderSpec{
		PlanID: it.PlanID, Kind: plan.ReminderEngagementOverdue, SubjectID: it.ID,
		Rule: rule, ChannelID: p.ChannelID, ThreadTS: thread, OwnerID: it.OwnerID,
	})
	return err
}

// findOpenItem returns the open item with id, its plan locked first.
func findOpenItem(ctx context.Context, tx *Tx, id int64) (*plan.EngagementItem, error) {
	if err := lockPlanOf(ctx, tx, "engagement_items", id); err != nil {
		return nil, err
	}
	it, err := findEngagementItemByID(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if !it.Open() {
		return nil, &plan.Error{Code: plan.ECONFLICT, Key: "engagement.closed", Message: "the item is closed already"}
	}
	return it, nil
}

func findEngagementItemByID(ctx context.Context, tx *Tx, id int64) (*plan.EngagementItem, error) {
	items, _, err := findEngagementItems(ctx, tx, plan.EngagementFilter{ID: &id})
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, plan.Errorf(plan.ENOTFOUND, "engagement item not found")
	}
	return items[0], nil
}

// engagementColumns are the columns of an engagement item, in the order
// of engagementFields.
const engagementColumns = `id, plan_id, network, link, author, excerpt, kind, owner_id, due_at, status, source_channel_id,
	source_ts, channel_id, message_ts, created_by, closed_at, closed_by, created_at, updated_at, received_at`

// engagementFields returns the scan destinations of engagementColumns.
func engagementFields(it *plan.EngagementItem) []any {
	return []any{
		&it.ID, &it.PlanID, &it.Network, &it.Link, &it.Author, &it.Excerpt, &it.Kind, &it.OwnerID,
		(*utcTime)(&it.Due), &it.Status, &it.SourceChannelID, &it.SourceTS, &it.ChannelID, &it.MessageTS,
		&it.CreatedBy, (*optTime)(&it.ClosedAt), &it.ClosedBy, (*utcTime)(&it.CreatedAt), (*utcTime)(&it.UpdatedAt),
		(*optTime)(&it.ReceivedAt),
	}
}

func findEngagementItems(ctx context.Context, tx *Tx, filter plan.EngagementFilter) ([]*plan.EngagementItem, int, error) {
	where, args := []string{"1 = 1"}, []any{}
	if v := filter.ID; v != nil {
		where, args = append(where, "id = ?"), append(args, *v)
	}
	if v := filter.PlanID; v != nil {
		where, args = append(where, "plan_id = ?"), append(args, *v)
	}
	if v := filter.Status; v != nil {
		where, args = append(where, "status = ?"), append(args, string(*v))
	}
	if v := filter.OwnerID; v != "" {
		where, args = append(where, "owner_id = ?"), append(args, v)
	}
	if filter.SourceTS != "" {
		where, args = append(where, "source_channel_id = ? AND source_ts = ?"), append(args, filter.SourceChannelID, filter.SourceTS)
	}
	cond := strings.Join(where, " AND ")

	var total int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM engagement_items WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count engagement items: %w", err)
	}
	limit, offset := limitOffset(filter.Limit, filter.Offset)
	rows, err := tx.QueryContext(ctx, `
		SELECT `+engagementColumns+`
		FROM engagement_items
		WHERE `+cond+`
		ORDER BY status != 'open', due_at, id
		LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("find engagement items: %w", err)
	}
	defer rows.Close()
	items := make([]*plan.EngagementItem, 0)
	for rows.Next() {
		var it plan.EngagementItem
		if err := rows.Scan(engagementFields(&it)...); err != nil {
			return nil, 0, fmt.Errorf("scan engagement item: %w", err)
		}
		items = append(items, &it)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("find engagement items: %w", err)
	}
	return items, total, nil
}

package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/planbot/planbot/plan"
)

// Ensure OutboxService implements plan.OutboxService.
var _ plan.OutboxService = (*OutboxService)(nil)

// OutboxService keeps the messages the bot owes Slack (decision notes)
// until they are posted. It implements plan.OutboxService. Posts are
// claimed with a lease like reminder deliveries, so processes on one
// database take each over once.
type OutboxService struct {
	db *DB
}

// NewOutboxService returns an OutboxService on db.
func NewOutboxService(db *DB) *OutboxService {
	return &OutboxService{db: db}
}

// AddPost stores p as pending, held by owner until leaseUntil.
func (s *OutboxService) AddPost(ctx context.Context, p *plan.OutboxPost, owner string, leaseUntil time.Time) error {
	if p.Key == "" || p.ChannelID == "" {
		return plan.Errorf(plan.EINVALID, "an outbox post needs a key and a channel")
	}
	return inWriteTx(ctx, s.db, func(tx *Tx) error {
		id, err := tx.insertID(ctx, `
			INSERT INTO outbox (delivery_key, plan_id, channel_id, thread_ts, text, blocks, user_id, lang,
			                    state, attempts, claimed_by, lease_until, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', 1, ?, ?, ?, ?)`,
			p.Key, p.PlanID, p.ChannelID, p.ThreadTS, p.Text, p.Blocks, p.UserID, p.Lang,
			owner, utcTime(leaseUntil), utcTime(tx.now), utcTime(tx.now))
		if err != nil {
			return fmt.Errorf("add outbox post: %w", err)
		}
		p.ID, p.State, p.Attempts, p.ClaimedBy, p.LeaseUntil = id, plan.OutboxPending, 1, owner, leaseUntil
		p.CreatedAt, p.UpdatedAt = tx.now, tx.now
		return nil
	})
}

// ClaimPosts fails the pending posts handed out maxAttempts times whose
// lease ended, then takes over up to limit pending posts whose lease ended
// and whose channel is not waiting out a Retry-After. On PostgreSQL two
// processes claiming at once pass over each other's rows (SKIP LOCKED).
func (s *OutboxService) ClaimPosts(ctx context.Context, owner string, now, leaseUntil time.Time, limit, maxAttempts int) ([]*plan.OutboxPost, []*plan.OutboxPost, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, nil, err
	}
	defer tx.Rollback()

	failed, err := findOutbox(ctx, tx, `WHERE o.state = 'pending' AND o.lease_until <= ? AND o.attempts >= ?
		ORDER BY o.id LIMIT ?`+tx.skipLocked("o"), utcTime(now), maxAttempts, limit)
	if err != nil {
		return nil, nil, err
	}
	for _, p := range failed {
		if _, err := tx.ExecContext(ctx, `UPDATE outbox SET state = 'failed', reason = 'too many attempts: ' || reason, updated_at = ? WHERE id = ?`,
			utcTime(tx.now), p.ID); err != nil {
			return nil, nil, fmt.Errorf("fail outbox post: %w", err)
		}
		p.State = plan.OutboxFailed
	}
	taken, err := findOutbox(ctx, tx, `WHERE o.state = 'pending' AND o.lease_until <= ? AND o.attempts < ?
		  AND NOT EXISTS (SELECT 1 FROM channel_pace c WHERE c.channel_id = o.channel_id AND c.held_until > ?)
		ORDER BY o.lease_until, o.id LIMIT ?`+tx.skipLocked("o"), utcTime(now), maxAttempts, utcTime(now), limit)
	if err != nil {
		return nil, nil, err
	}
	for _, p := range taken {
		if _, err := tx.ExecContext(ctx, `UPDATE outbox SET claimed_by = ?, lease_until = ?, attempts = attempts + 1, updated_at = ? WHERE id = ?`,
			owner, utcTime(leaseUntil), utcTime(tx.now), p.ID); err != nil {
			return nil, nil, fmt.Errorf("take over outbox post: %w", err)
		}
		p.ClaimedBy, p.LeaseUntil, p.Attempts, p.UpdatedAt = owner, leaseUntil, p.Attempts+1, tx.now
	}
	if err := tx.Commit(); err != nil {
		return nil, nil, fmt.Errorf("commit: %w", err)
	}
	return taken, failed, nil
}

// RetryPost hands post id back, pending, to be taken over at at.
func (s *OutboxService) RetryPost(ctx context.Context, id int64, owner, reason string, at time.Time) error {
	return s.update(ctx, id, owner, "lease_until = ?, reason = ?", utcTime(at), reason)
}

// FinishPost records that post id was sent or failed.
func (s *OutboxService) FinishPost(ctx context.Context, id int64, owner string, state plan.OutboxState, messageTS, reason string) error {
	if state != plan.OutboxSent && state != plan.OutboxFailed {
		return plan.Errorf(plan.EINVALID, "an outbox post cannot finish as %q", state)
	}
	return s.update(ctx, id, owner, "state = ?, message_ts = ?, reason = ?", string(state), messageTS, reason)
}

// FindPosts returns the outbox posts of a channel, oldest first. The bot
// does not need it; tests and operators do.
func (s *OutboxService) FindPosts(ctx context.Context, channelID string) ([]*plan.OutboxPost, error) {
	tx, err := s.db.BeginTx(ctx, readOnly)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findOutbox(ctx, tx, "WHERE o.channel_id = ? ORDER BY o.id", channelID)
}

// update applies set to pending post id when owner holds it. Returns
// ECONFLICT otherwise.
func (s *OutboxService) update(ctx context.Context, id int64, owner, set string, args ...any) error {
	return inWriteTx(ctx, s.db, func(tx *Tx) error {
		args = append(args, utcTime(tx.now), id, owner)
		res, err := tx.ExecContext(ctx, `UPDATE outbox SET `+set+`, updated_at = ? WHERE id = ? AND claimed_by = ? AND state = 'pending'`, args...)
		if err != nil {
			return fmt.Errorf("update outbox post: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("update outbox post: %w", err)
		} else if n == 0 {
			return plan.Errorf(plan.ECONFLICT, "outbox post %d is not held by %s", id, owner)
		}
		return nil
	})
}

func findOutbox(ctx context.Context, tx *Tx, tail string, args ...any) ([]*plan.OutboxPost, error) {
	rows, err := tx.QueryContext(ctx, `
		SELECT o.id, o.delivery_key, o.plan_id, o.channel_id, o.thread_ts, o.text, o.blocks, o.user_id, o.lang,
		       o.state, o.attempts, o.claimed_by, o.lease_until, o.message_ts, o.reason, o.created_at, o.updated_at
		FROM outbox o `+tail, args...)
	if err != nil {
		return nil, fmt.Errorf("find outbox posts: %w", err)
	}
	defer rows.Close()
	var out []*plan.OutboxPost
	for rows.Next() {
		var p plan.OutboxPost
		if err := rows.Scan(&p.ID, &p.Key, &p.PlanID, &p.ChannelID, &p.ThreadTS, &p.Text, &p.Blocks, &p.UserID, &p.Lang,
			&p.State, &p.Attempts, &p.ClaimedBy, (*utcTime)(&p.LeaseUntil), &p.MessageTS, &p.Reason,
			(*utcTime)(&p.CreatedAt), (*utcTime)(&p.UpdatedAt)); err != nil {
			return nil, fmt.Errorf("scan outbox post: %w", err)
		}
		out = append(out, &p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find outbox posts: %w", err)
	}
	return out, nil
}

package storage

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/planbot/planbot/plan"
)

// The claims of reminder firings: the half of ReminderService that only
// the scheduler calls.

// ClaimDelivery claims the occurrence of reminder id due at now and
// advances the reminder past it, in one transaction. ok is false when
// nothing is due or the occurrence was claimed before. Returns ENOTFOUND.
//
// Two schedulers claiming one reminder at once take turns on its row lock
// (PostgreSQL) or the single writer (SQLite): the second reads the
// reminder as the first advanced it. The unique key of (reminder,
// occurrence) is the last word either way: an occurrence is claimed once.
func (s *ReminderService) ClaimDelivery(ctx context.Context, id int64, owner string, now, leaseUntil time.Time) (*plan.Delivery, bool, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, false, err
	}
	defer tx.Rollback()

	r, err := findReminderByID(ctx, tx, id)
	if err != nil {
		return nil, false, err
	}
	// Nothing fires before its time by the database's own clock, whatever
	// the scheduler's tick says: a tick of a clock that jumped ahead, or of
	// a replica whose clock runs fast, cannot fire a one-off early.
	clock, err := tx.clock(ctx)
	if err != nil {
		return nil, false, err
	}
	if clock.Before(now) {
		now = clock
	}
	occ, due := r.Due(now)
	if !due {
		// next_at was stale: store what the rule says now.
		if next := r.Next(); !next.Equal(r.NextAt) {
			r.NextAt = next
			if err := saveReminder(ctx, tx, r); err != nil {
				return nil, false, err
			}
		}
		return nil, false, tx.Commit()
	}
	did, claimed, err := tx.insert(ctx, `
		INSERT INTO reminder_deliveries (reminder_id, occurrence, due_at, late, missed, snoozed,
		                                 state, attempts, claimed_by, lease_until, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, 'claimed', 1, ?, ?, ?, ?)
		ON CONFLICT (reminder_id, occurrence) DO NOTHING`,
		r.ID, occ.Key, utcTime(occ.Due), occ.Late, occ.Missed, occ.Snoozed,
		owner, utcTime(leaseUntil), utcTime(tx.now), utcTime(tx.now),
	)
	if err != nil {
		return nil, false, fmt.Errorf("claim delivery: %w", err)
	}
	// Advance even when the occurrence was claimed before, so a reminder
	// whose state lags its deliveries cannot keep coming up as due.
	r.Advance(occ)
	if err := saveReminder(ctx, tx, r); err != nil {
		return nil, false, err
	}
	var d *plan.Delivery
	if claimed {
		if d, err = findDeliveryByID(ctx, tx, did); err != nil {
			return nil, false, err
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, false, fmt.Errorf("commit: %w", err)
	}
	return d, d != nil, nil
}

// ReclaimDeliveries ends the deliveries handed out maxAttempts times whose
// lease ended (claimed ones as failed, those left sending as uncertain),
// then takes over up to limit claimed or sending deliveries whose lease
// ended. A delivery taken over while sending keeps that state: it may be
// in Slack, and its new holder looks for its key in the channel's history
// before posting it.
//
// Several schedulers may reclaim at once. On PostgreSQL each passes over
// the deliveries another is taking (SKIP LOCKED), and the takeover
// re-checks the lease in its UPDATE, so a delivery is taken over by one of
// them only.
func (s *ReminderService) ReclaimDeliveries(ctx context.Context, owner string, now, leaseUntil time.Time, limit, maxAttempts int) ([]*plan.Delivery, int, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()

	res, err := tx.ExecContext(ctx, `
		UPDATE reminder_deliveries SET state = 'uncertain', reason = 'too many attempts, may have been posted: ' || reason, updated_at = ?
		WHERE state = 'sending' AND lease_until <= ? AND attempts >= ?`, utcTime(tx.now), utcTime(now), maxAttempts)
	if err != nil {
		return nil, 0, fmt.Errorf("mark stale deliveries: %w", err)
	}
	uncertain, err := res.RowsAffected()
	if err != nil {
		return nil, 0, fmt.Errorf("mark stale deliveries: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `
		UPDATE reminder_deliveries SET state = 'failed', reason = 'too many attempts: ' || reason, updated_at = ?
		WHERE state = 'claimed' AND lease_until <= ? AND attempts >= ?`,
		utcTime(tx.now), utcTime(now), maxAttempts); err != nil {
		return nil, 0, fmt.Errorf("fail exhausted deliveries: %w", err)
	}

	rows, err := tx.QueryContext(ctx, `
		SELECT d.id FROM reminder_deliveries d JOIN reminders r ON r.id = d.reminder_id
		WHERE d.state IN ('claimed', 'sending') AND d.lease_until <= ?
		  AND NOT EXISTS (SELECT 1 FROM unreachable_channels u WHERE u.plan_id = r.plan_id AND u.retry_at > ?)
		ORDER BY d.lease_until, d.id LIMIT ?`+tx.skipLocked("d"), utcTime(now), utcTime(now), limit)
	if err != nil {
		return nil, 0, fmt.Errorf("find stale deliveries: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, 0, fmt.Errorf("scan delivery: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("find stale deliveries: %w", err)
	}

	var taken []*plan.Delivery
	for _, id := range ids {
		res, err := tx.ExecContext(ctx, `
			UPDATE reminder_deliveries SET claimed_by = ?, lease_until = ?, attempts = attempts + 1, updated_at = ?
			WHERE id = ? AND state IN ('claimed', 'sending') AND lease_until <= ?`, owner, utcTime(leaseUntil), utcTime(tx.now), id, utcTime(now))
		if err != nil {
			return nil, 0, fmt.Errorf("take over delivery: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return nil, 0, fmt.Errorf("take over delivery: %w", err)
		} else if n == 0 {
			continue // another scheduler took it first
		}
		d, err := findDeliveryByID(ctx, tx, id)
		if err != nil {
			return nil, 0, err
		}
		taken = append(taken, d)
	}
	if err := tx.Commit(); err != nil {
		return nil, 0, fmt.Errorf("commit: %w", err)
	}
	return taken, int(uncertain), nil
}

// MarkPosting records that a request that may post delivery id is about
// to be sent. Returns ECONFLICT when owner no longer holds it.
func (s *ReminderService) MarkPosting(ctx context.Context, id int64, owner string, leaseUntil time.Time) error {
	return s.updateDelivery(ctx, id, owner, []string{"claimed", "sending"},
		"state = 'sending', lease_until = ?", utcTime(leaseUntil))
}

// MarkNotPosted records that the last request of delivery id posted
// nothing. Returns ECONFLICT when owner no longer holds it.
func (s *ReminderService) MarkNotPosted(ctx context.Context, id int64, owner string, leaseUntil time.Time) error {
	return s.updateDelivery(ctx, id, owner, []string{"claimed", "sending", "uncertain"},
		"state = 'claimed', lease_until = ?", utcTime(leaseUntil))
}

// RetryDelivery hands delivery id back to be taken over at at. A delivery
// left sending (it may be in Slack) stays so, for its next holder to look
// for it before posting. Returns ECONFLICT when owner no longer holds it.
func (s *ReminderService) RetryDelivery(ctx context.Context, id int64, owner, reason string, at time.Time) error {
	return s.updateDelivery(ctx, id, owner, []string{"claimed", "sending", "uncertain"},
		"state = CASE state WHEN 'sending' THEN 'sending' ELSE 'claimed' END, lease_until = ?, reason = ?", utcTime(at), reason)
}

// WaitDelivery hands delivery id back, not posted, to be taken over at at,
// without costing an attempt: its channel must wait (Slack's Retry-After,
// the pace of the channel), which is no failure. Returns ECONFLICT when
// owner no longer holds it.
func (s *ReminderService) WaitDelivery(ctx context.Context, id int64, owner, reason string, at time.Time) error {
	// The takeover adds the attempt back.
	return s.updateDelivery(ctx, id, owner, []string{"claimed"},
		"lease_until = ?, reason = ?, attempts = attempts - 1", utcTime(at), reason)
}

// FinishDelivery records the final state of delivery id. A sent delivery
// also clears the unreachable mark of its plan. Returns ECONFLICT when
// owner no longer holds it.
func (s *ReminderService) FinishDelivery(ctx context.Context, id int64, owner string, res plan.DeliveryResult) error {
	switch res.State {
	case plan.DeliverySent, plan.DeliverySkipped, plan.DeliveryFailed, plan.DeliveryUncertain:
	default:
		return plan.Errorf(plan.EINVALID, "delivery cannot finish as %q", res.State)
	}
	return s.write(ctx, func(tx *Tx) error {
		if err := updateDelivery(ctx, tx, id, owner, []string{"claimed", "sending", "uncertain"},
			"state = ?, channel_id = ?, message_ts = ?, reason = ?",
			string(res.State), res.ChannelID, res.MessageTS, res.Reason); err != nil {
			return err
		}
		if res.State != plan.DeliverySent {
			return nil
		}
		_, err := tx.ExecContext(ctx, `
			DELETE FROM unreachable_channels
			WHERE plan_id = (SELECT r.plan_id FROM reminder_deliveries d JOIN reminders r ON r.id = d.reminder_id WHERE d.id = ?)`, id)
		return err
	})
}

// MarkChannelUnreachable records that a plan's channel cannot be posted to
// until retryAt. first is true when it was not marked before: of two
// schedulers marking it at once, one only, as the insert that creates the
// row is the one that reports first.
func (s *ReminderService) MarkChannelUnreachable(ctx context.Context, planID int64, channelID, reason string, retryAt time.Time) (bool, error) {
	var first bool
	err := s.write(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `
			INSERT INTO unreachable_channels (plan_id, channel_id, reason, since, retry_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (plan_id) DO NOTHING`,
			planID, channelID, reason, utcTime(tx.now), utcTime(retryAt))
		if err != nil {
			return fmt.Errorf("mark channel unreachable: %w", err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return fmt.Errorf("mark channel unreachable: %w", err)
		}
		if first = n == 1; first {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE unreachable_channels SET channel_id = ?, reason = ?, retry_at = ? WHERE plan_id = ?`,
			channelID, reason, utcTime(retryAt), planID); err != nil {
			return fmt.Errorf("mark channel unreachable: %w", err)
		}
		return nil
	})
	return first, err
}

// FindDeliveries returns the deliveries of reminder id, oldest first. The
// bot does not need them; tests and operators do.
func (s *ReminderService) FindDeliveries(ctx context.Context, reminderID int64) ([]*plan.Delivery, error) {
	tx, err := s.db.BeginTx(ctx, readOnly)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findDeliveries(ctx, tx, "WHERE d.reminder_id = ? ORDER BY d.id", reminderID)
}

func (s *ReminderService) updateDelivery(ctx context.Context, id int64, owner string, from []string, set string, args ...any) error {
	return s.write(ctx, func(tx *Tx) error {
		return updateDelivery(ctx, tx, id, owner, from, set, args...)
	})
}

// updateDelivery applies set to delivery id when owner holds it in one of
// the states from. Returns ECONFLICT otherwise.
func updateDelivery(ctx context.Context, tx *Tx, id int64, owner string, from []string, set string, args ...any) error {
	states := "'" + strings.Join(from, "','") + "'"
	args = append(args, utcTime(tx.now), id, owner)
	res, err := tx.ExecContext(ctx, `UPDATE reminder_deliveries SET `+set+`, updated_at = ?
		WHERE id = ? AND claimed_by = ? AND state IN (`+states+`)`, args...)
	if err != nil {
		return fmt.Errorf("update delivery: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("update delivery: %w", err)
	}
	if n == 0 {
		return plan.Errorf(plan.ECONFLICT, "delivery %d is not held by %s", id, owner)
	}
	return nil
}

func findDeliveryByID(ctx context.Context, tx *Tx, id int64) (*plan.Delivery, error) {
	ds, err := findDeliveries(ctx, tx, "WHERE d.id = ?", id)
	if err != nil {
		return nil, err
	}
	if len(ds) == 0 {
		return nil, plan.Errorf(plan.ENOTFOUND, "delivery not found")
	}
	return ds[0], nil
}

func findDeliveries(ctx context.Context, tx *Tx, tail string, args ...any) ([]*plan.Delivery, error) {
	rows, err := tx.QueryContext(ctx, `
		SELECT d.id, d.reminder_id, r.plan_id, d.occurrence, d.due_at, d.late, d.missed, d.snoozed, d.state,
		       d.attempts, d.claimed_by, d.lease_until, d.channel_id, d.message_ts, d.reason, d.created_at, d.updated_at
		FROM reminder_deliveries d JOIN reminders r ON r.id = d.reminder_id `+tail, args...)
	if err != nil {
		return nil, fmt.Errorf("find deliveries: %w", err)
	}
	defer rows.Close()
	var out []*plan.Delivery
	for rows.Next() {
		var d plan.Delivery
		if err := rows.Scan(
			&d.ID, &d.ReminderID, &d.PlanID, &d.Key, (*utcTime)(&d.Due), &d.Late, &d.Missed, &d.Snoozed, &d.State,
			&d.Attempts, &d.ClaimedBy, (*utcTime)(&d.LeaseUntil), &d.ChannelID, &d.MessageTS, &d.Reason,
			(*utcTime)(&d.CreatedAt), (*utcTime)(&d.UpdatedAt),
		); err != nil {
			return nil, fmt.Errorf("scan delivery: %w", err)
		}
		out = append(out, &d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find deliveries: %w", err)
	}
	return out, nil
}

package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/planbot/planbot/plan"
)

// EventService records which Events API deliveries have been handled.
// Slack redelivers an event it thinks was not acknowledged, and any of up
// to ten sockets may receive each copy; claiming the event ID in the
// database makes exactly one handler act on it, across processes too.
//
// It is also an inbox, so that a process killed after it acked an event
// loses nothing: BeginEvent claims an event with its payload before the
// ack, FinishEvent marks it done, and TakeOverEvents hands the events of a
// process whose lease ended to another.
type EventService struct {
	db *DB
}

// NewEventService returns an EventService on db.
func NewEventService(db *DB) *EventService {
	return &EventService{db: db}
}

// ClaimEvent records eventID as processed. It reports true when this call
// claimed it, false when it was claimed before (a retry or a duplicate).
// Returns EINVALID for an empty ID.
func (s *EventService) ClaimEvent(ctx context.Context, eventID string) (bool, error) {
	if eventID == "" {
		return false, plan.Errorf(plan.EINVALID, "event ID required")
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()

	claimed, err := claimEvent(ctx, tx, eventID)
	if err != nil {
		return false, err
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("commit: %w", err)
	}
	return claimed, nil
}

// BeginEvent claims event id for holder until leaseUntil, with payload,
// the JSON Slack sent, so that another process can handle the event
// should holder die before FinishEvent. It reports true when this call
// claimed it, false when it was claimed before, whatever its state: a
// retry, or a copy that reached another socket. Returns EINVALID for an
// empty ID or holder.
func (s *EventService) BeginEvent(ctx context.Context, id, holder string, payload []byte, leaseUntil time.Time) (bool, error) {
	if id == "" || holder == "" {
		return false, plan.Errorf(plan.EINVALID, "event ID and holder required")
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()

	res, err := tx.ExecContext(ctx, `
		INSERT INTO processed_events (event_id, received_at, state, holder, lease_until, attempts, payload)
		VALUES (?, ?, 'handling', ?, ?, 1, ?)
		ON CONFLICT (event_id) DO NOTHING`,
		id, utcTime(tx.now), holder, utcTime(leaseUntil), string(payload),
	)
	if err != nil {
		return false, fmt.Errorf("begin event: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("begin event: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("commit: %w", err)
	}
	return n == 1, nil
}

// FinishEvent records that event id was handled, by whichever process,
// and forgets its payload. An event finished already, or unknown, is left
// as it is.
func (s *EventService) FinishEvent(ctx context.Context, id string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	if _, err := tx.ExecContext(ctx, `
		UPDATE processed_events SET state = 'done', payload = '' WHERE event_id = ? AND state = 'handling'`, id); err != nil {
		return fmt.Errorf("finish event: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// TakeOverEvents hands holder, until leaseUntil, up to limit events left
// handling by a process whose lease ended at or before now, oldest lease
// first, each with its payload and its Attempts counting this one. An
// event held maxAttempts times already is marked failed instead, and
// counted in failed: one that keeps killing its process must not kill
// them all.
//
// Several processes may take over at once: on PostgreSQL each passes over
// the rows another is taking (SKIP LOCKED), and the takeover re-checks the
// lease, so an event goes to one of them only.
func (s *EventService) TakeOverEvents(ctx context.Context, holder string, now, leaseUntil time.Time, limit, maxAttempts int) (taken []plan.PendingEvent, failed int, err error) {
	if holder == "" {
		return nil, 0, plan.Errorf(plan.EINVALID, "holder required")
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()

	res, err := tx.ExecContext(ctx, `
		UPDATE processed_events SET state = 'failed', payload = ''
		WHERE state = 'handling' AND lease_until <= ? AND attempts >= ?`, utcTime(now), maxAttempts)
	if err != nil {
		return nil, 0, fmt.Errorf("fail exhausted events: %w", err)
	}
	nfailed, err := res.RowsAffected()
	if err != nil {
		return nil, 0, fmt.Errorf("fail exhausted events: %w", err)
	}

	rows, err := tx.QueryContext(ctx, `
		SELECT event_id FROM processed_events
		WHERE state = 'handling' AND lease_until <= ?
		ORDER BY lease_until, event_id LIMIT ?`+tx.skipLocked(), utcTime(now), limit)
	if err != nil {
		return nil, 0, fmt.Errorf("find pending events: %w", err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, 0, fmt.Errorf("scan event: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("find pending events: %w", err)
	}

	for _, id := range ids {
		var ev plan.PendingEvent
		var payload string
		err := tx.QueryRowContext(ctx, `
			UPDATE processed_events SET holder = ?, lease_until = ?, attempts = attempts + 1
			WHERE event_id = ? AND state = 'handling' AND lease_until <= ?
			RETURNING event_id, payload, attempts`,
			holder, utcTime(leaseUntil), id, utcTime(now)).Scan(&ev.ID, &payload, &ev.Attempts)
		if errors.Is(err, sql.ErrNoRows) {
			continue // another process took it first
		} else if err != nil {
			return nil, 0, fmt.Errorf("take over event: %w", err)
		}
		ev.Payload = []byte(payload)
		taken = append(taken, ev)
	}
	if err := tx.Commit(); err != nil {
		return nil, 0, fmt.Errorf("commit: %w", err)
	}
	return taken, int(nfailed), nil
}

// PruneEvents forgets the events received before before and returns how
// many it removed. Slack stops retrying within minutes, so a day's history
// is ample. An event still being handled is kept.
func (s *EventService) PruneEvents(ctx context.Context, before time.Time) (int64, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()

	n, err := pruneEvents(ctx, tx, before)
	if err != nil {
		return 0, err
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("commit: %w", err)
	}
	return n, nil
}

// claimEvent inserts the event unless present. ON CONFLICT DO NOTHING,
// unlike INSERT OR IGNORE, ignores only the duplicate key.
func claimEvent(ctx context.Context, tx *Tx, eventID string) (bool, error) {
	res, err := tx.ExecContext(ctx, `
		INSERT INTO processed_events (event_id, received_at) VALUES (?, ?)
		ON CONFLICT (event_id) DO NOTHING`,
		eventID, utcTime(tx.now),
	)
	if err != nil {
		return false, fmt.Errorf("claim event: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("claim event: %w", err)
	}
	return n == 1, nil
}

func pruneEvents(ctx context.Context, tx *Tx, before time.Time) (int64, error) {
	res, err := tx.ExecContext(ctx, `DELETE FROM processed_events WHERE received_at < ? AND state <> 'handling'`, utcTime(before))
	if err != nil {
		return 0, fmt.Errorf("prune events: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("prune events: %w", err)
	}
	return n, nil
}

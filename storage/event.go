package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/planbot/planbot/plan"
)

// EventService records which Events API deliveries have been handled.
// Slack redelivers an event it thinks was not acknowledged, and any of up
// to ten sockets may receive each copy; claiming the event ID in the
// database makes exactly one handler act on it, across processes too.
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

// PruneEvents forgets the events received before before and returns how
// many it removed. Slack stops retrying within minutes, so a day's history
// is ample.
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
	res, err := tx.ExecContext(ctx, `DELETE FROM processed_events WHERE received_at < ?`, utcTime(before))
	if err != nil {
		return 0, fmt.Errorf("prune events: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("prune events: %w", err)
	}
	return n, nil
}

package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/planbot/planbot/plan"
)

// ChannelPaceService keeps the pace of the bot's posts to each channel in
// the database, so that every process posting as the bot on one database
// shares it: two replicas never post to a channel faster than Slack
// allows, and a Retry-After one of them got holds the channel for all.
// It implements slackcall.Pace (storage does not import the bot: the
// method set is what matters).
type ChannelPaceService struct {
	db *DB
}

// NewChannelPaceService returns a ChannelPaceService on db.
func NewChannelPaceService(db *DB) *ChannelPaceService {
	return &ChannelPaceService{db: db}
}

// Reserve books the next post to channel at the earliest time, at or
// after earliest, that is interval after the last booking and after the
// channel's hold, unless that is more than maxWait after earliest: then it
// books nothing and returns that time with booked false. The channel's
// row is locked while it is read and written (PostgreSQL) or the single
// writer holds the database (SQLite), so two processes never book one
// slot.
func (s *ChannelPaceService) Reserve(ctx context.Context, channel string, earliest time.Time, interval, maxWait time.Duration) (time.Time, bool, error) {
	var at time.Time
	var booked bool
	err := inWriteTx(ctx, s.db, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO channel_pace (channel_id, updated_at) VALUES (?, ?) ON CONFLICT (channel_id) DO NOTHING`,
			channel, utcTime(tx.now)); err != nil {
			return fmt.Errorf("reserve post: %w", err)
		}
		var next, held optTime
		if err := tx.QueryRowContext(ctx, `SELECT next_at, held_until FROM channel_pace WHERE channel_id = ?`+tx.forUpdate(), channel).Scan(&next, &held); err != nil {
			return fmt.Errorf("reserve post: %w", err)
		}
		at = earliest
		for _, t := range []time.Time{time.Time(next), time.Time(held)} {
			if t.After(at) {
				at = t
			}
		}
		if booked = at.Sub(earliest) <= maxWait; !booked {
			return nil
		}
		_, err := tx.ExecContext(ctx, `UPDATE channel_pace SET next_at = ?, updated_at = ? WHERE channel_id = ?`,
			utcTime(at.Add(interval)), utcTime(tx.now), channel)
		return err
	})
	return at, booked, err
}

// Hold keeps channel quiet until until, unless a longer hold is there.
func (s *ChannelPaceService) Hold(ctx context.Context, channel string, until time.Time) error {
	return inWriteTx(ctx, s.db, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `
			INSERT INTO channel_pace (channel_id, held_until, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (channel_id) DO UPDATE SET
				held_until = CASE WHEN excluded.held_until > channel_pace.held_until THEN excluded.held_until ELSE channel_pace.held_until END,
				updated_at = excluded.updated_at`,
			channel, utcTime(until), utcTime(tx.now))
		if err != nil {
			return fmt.Errorf("hold channel: %w", err)
		}
		return nil
	})
}

// HeldUntil returns the end of channel's hold, zero when it has none.
func (s *ChannelPaceService) HeldUntil(ctx context.Context, channel string) (time.Time, error) {
	tx, err := s.db.BeginTx(ctx, readOnly)
	if err != nil {
		return time.Time{}, err
	}
	defer tx.Rollback()
	var held optTime
	err = tx.QueryRowContext(ctx, `SELECT held_until FROM channel_pace WHERE channel_id = ?`, channel).Scan(&held)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, nil
	} else if err != nil {
		return time.Time{}, fmt.Errorf("find channel hold: %w", err)
	}
	return time.Time(held), nil
}

// ViewStashService keeps the modals Slack did not let the bot open in
// time, for the button that opens them again, whichever process the click
// reaches. It implements bot.ViewStash.
type ViewStashService struct {
	db *DB
}

// NewViewStashService returns a ViewStashService on db.
func NewViewStashService(db *DB) *ViewStashService {
	return &ViewStashService{db: db}
}

// StashView keeps view (a modal's JSON) for userID under token until
// expires, and forgets the stashed views that expired.
func (s *ViewStashService) StashView(ctx context.Context, token, userID, view string, expires time.Time) error {
	return inWriteTx(ctx, s.db, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM stashed_views WHERE expires_at <= ?`, utcTime(tx.now)); err != nil {
			return fmt.Errorf("forget stashed views: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO stashed_views (token, user_id, view, expires_at) VALUES (?, ?, ?, ?)`,
			token, userID, view, utcTime(expires)); err != nil {
			return fmt.Errorf("stash view: %w", err)
		}
		return nil
	})
}

// TakeView returns the view stashed under token for userID and forgets
// it. Returns ENOTFOUND when there is none, it expired, or it is another
// user's.
func (s *ViewStashService) TakeView(ctx context.Context, token, userID string) (string, error) {
	var view string
	err := inWriteTx(ctx, s.db, func(tx *Tx) error {
		var expires utcTime
		err := tx.QueryRowContext(ctx, `SELECT view, expires_at FROM stashed_views WHERE token = ? AND user_id = ?`+tx.forUpdate(),
			token, userID).Scan(&view, &expires)
		if errors.Is(err, sql.ErrNoRows) {
			return plan.Errorf(plan.ENOTFOUND, "no stashed view %q", token)
		} else if err != nil {
			return fmt.Errorf("take stashed view: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM stashed_views WHERE token = ?`, token); err != nil {
			return fmt.Errorf("take stashed view: %w", err)
		}
		if !time.Time(expires).After(tx.now) {
			return plan.Errorf(plan.ENOTFOUND, "stashed view %q expired", token)
		}
		return nil
	})
	return view, err
}

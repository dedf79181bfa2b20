package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// HomeService remembers the App Home last published to each user, for
// every process on the database: Slack's hash of the view and the SHA-256
// of its JSON. The bot skips publishing a Home identical to the one the
// user has, and passes the hash with the next publish, so that Slack
// refuses it when another process published since (see bot.HomeRecorder).
type HomeService struct {
	db *DB
}

// NewHomeService returns a HomeService on db.
func NewHomeService(db *DB) *HomeService {
	return &HomeService{db: db}
}

// LastHome returns the hash Slack gave the Home last published to userID,
// and the SHA-256 of its JSON; both are "" when none was recorded.
func (s *HomeService) LastHome(ctx context.Context, userID string) (viewHash, contentSHA string, err error) {
	tx, err := s.db.BeginTx(ctx, readOnly)
	if err != nil {
		return "", "", err
	}
	defer tx.Rollback()
	err = tx.QueryRowContext(ctx, `SELECT view_hash, content_sha FROM home_views WHERE user_id = ?`, userID).Scan(&viewHash, &contentSHA)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", nil
	} else if err != nil {
		return "", "", fmt.Errorf("find home view: %w", err)
	}
	return viewHash, contentSHA, nil
}

// RecordHome records the Home just published to userID: the hash Slack
// gave it and the SHA-256 of its JSON.
func (s *HomeService) RecordHome(ctx context.Context, userID, viewHash, contentSHA string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO home_views (user_id, view_hash, content_sha, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET view_hash = excluded.view_hash, content_sha = excluded.content_sha, updated_at = excluded.updated_at`,
		userID, viewHash, contentSHA, utcTime(tx.now)); err != nil {
		return fmt.Errorf("record home view: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

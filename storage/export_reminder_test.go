package storage

import "context"

// RezoneReminders lets tests call rezoneReminders in its own transaction.
func RezoneReminders(ctx context.Context, db *DB, planID int64, tz string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := rezoneReminders(ctx, tx, planID, tz); err != nil {
		return err
	}
	return tx.Commit()
}

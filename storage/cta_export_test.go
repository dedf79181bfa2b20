package storage

import "context"

// ClearCTALink empties the UTM values of the call to action id, as rows
// written before migration 0008 have them: for the tests of their
// freezing at first show.
func ClearCTALink(ctx context.Context, db *DB, id int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `
		UPDATE ctas SET utm_source = '', utm_medium = '', utm_campaign = '', utm_content = '', utm_frozen_at = ''
		WHERE id = ?`, id); err != nil {
		return err
	}
	return tx.Commit()
}

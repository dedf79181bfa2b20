package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// copyTables are the tables of a plan database in the order their foreign
// keys allow inserting them: the order the migrations create them in. The
// migrations table is not copied: the target records its own. A test
// checks that the list names every table of both schemas.
var copyTables = []string{
	"plans", "goals", "processed_events",
	"plan_owners", "personas", "strategies", "pillars", "pillar_personas", "ctas", "content_items",
	"plan_channels", "channel_personas",
	"reminders", "reminder_deliveries", "unreachable_channels", "experiments", "experiment_variants", "engagement_items",
	"metrics", "observations", "adaptations", "decisions",
	"experiment_runs", "experiment_results", "experiment_result_variants", "experiment_result_posts",
	"plan_visits",
	"outbox", "channel_pace", "stashed_views",
	"home_views",
	"import_mappings",
	"approval_policies", "review_events", "goal_checkins", "checkin_schedules", "checkin_asks",
}

// CopyTables returns the tables Copy copies, in the order it copies them.
func CopyTables() []string {
	return append([]string(nil), copyTables...)
}

// copyBatch is how many rows one INSERT of Copy carries, far below
// PostgreSQL's 65,535 parameters for the widest table.
const copyBatch = 200

// TableCount is the number of rows of one table in the source of a copy
// and in its target.
type TableCount struct {
	Table  string
	Source int64
	Target int64
}

// Copy copies every row of src, a database at the current migration, into
// dst, an empty PostgreSQL database, in one transaction of dst, keeping
// every ID. Afterwards each identity of dst hands out IDs above any that
// src ever handed out, deleted rows' included, as SQLite's AUTOINCREMENT
// did. src is read in one snapshot; stop the processes that write to it
// first, or what they write afterwards is not copied.
//
// Copy refuses a dst where any table has a row, and a src or dst whose
// migrations differ from this version's. It counts the rows of every
// table in dst before it commits and returns the counts; a count that
// differs from src's is an error, and nothing is committed.
func Copy(ctx context.Context, src, dst *DB) ([]TableCount, error) {
	if !dst.d().postgres() {
		return nil, errors.New("copy: the target must be a PostgreSQL database")
	}
	for _, db := range []*DB{src, dst} {
		if err := db.checkMigrated(ctx); err != nil {
			return nil, err
		}
	}

	sopts := &sql.TxOptions{ReadOnly: true}
	if src.d().postgres() {
		sopts.Isolation = sql.LevelRepeatableRead // one snapshot for every table
	}
	stx, err := src.BeginTx(ctx, sopts)
	if err != nil {
		return nil, fmt.Errorf("source: %w", err)
	}
	defer stx.Rollback()
	dtx, err := dst.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("target: %w", err)
	}
	defer dtx.Rollback()

	// One copy at a time, and none while a process migrates the target;
	// no statement timeout for a large plan database.
	if _, err := dtx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(?)`, int64(migrationLock)); err != nil {
		return nil, fmt.Errorf("target: %w", err)
	}
	if _, err := dtx.ExecContext(ctx, `SET LOCAL statement_timeout = 0`); err != nil {
		return nil, fmt.Errorf("target: %w", err)
	}
	for _, t := range copyTables {
		var found bool
		if err := dtx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM `+t+`)`).Scan(&found); err != nil {
			return nil, fmt.Errorf("target: check %s: %w", t, err)
		}
		if found {
			return nil, fmt.Errorf("target is not empty: table %s has rows; copy into a new database", t)
		}
	}

	counts := make([]TableCount, len(copyTables))
	for i, t := range copyTables {
		n, err := copyTable(ctx, stx, dtx, t)
		if err != nil {
			return nil, fmt.Errorf("copy %s: %w", t, err)
		}
		counts[i] = TableCount{Table: t, Source: n}
	}
	if err := resetIdentities(ctx, stx, dtx); err != nil {
		return nil, err
	}

	var mismatch []string
	for i := range counts {
		c := &counts[i]
		if err := stx.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+c.Table).Scan(&c.Source); err != nil {
			return nil, fmt.Errorf("count source %s: %w", c.Table, err)
		}
		if err := dtx.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+c.Table).Scan(&c.Target); err != nil {
			return nil, fmt.Errorf("count target %s: %w", c.Table, err)
		}
		if c.Source != c.Target {
			mismatch = append(mismatch, fmt.Sprintf("%s: %d rows in the source, %d in the target", c.Table, c.Source, c.Target))
		}
	}
	if len(mismatch) > 0 {
		return counts, fmt.Errorf("row counts differ, nothing copied: %s", strings.Join(mismatch, "; "))
	}
	if err := dtx.Commit(); err != nil {
		return counts, fmt.Errorf("commit: %w", err)
	}
	return counts, nil
}

// checkMigrated returns an error unless db records exactly the migrations
// of this version.
func (db *DB) checkMigrated(ctx context.Context) error {
	tx, err := db.BeginTx(ctx, readOnly)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM migrations`).Scan(&n); err != nil {
		return fmt.Errorf("%s database: read migrations: %w", db.Backend(), err)
	}
	names, err := migrationNames(db.Backend())
	if err != nil {
		return err
	}
	if n != len(names) {
		return fmt.Errorf("%s database records %d migrations, this planbot has %d: use the same version on both", db.Backend(), n, len(names))
	}
	return nil
}

// copyTable copies the rows of table from stx to dtx, in the columns of
// the target, and returns how many it copied.
func copyTable(ctx context.Context, stx, dtx *Tx, table string) (int64, error) {
	cols, types, err := targetColumns(ctx, dtx, table)
	if err != nil {
		return 0, err
	}
	rows, err := stx.QueryContext(ctx, `SELECT `+strings.Join(cols, ", ")+` FROM `+table)
	if err != nil {
		return 0, err
	}
	defer rows.Close()

	var n int64
	batch := make([]any, 0, copyBatch*len(cols))
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		row := "(" + placeholders(len(cols)) + ")"
		values := strings.TrimSuffix(strings.Repeat(row+", ", len(batch)/len(cols)), ", ")
		_, err := dtx.ExecContext(ctx, `INSERT INTO `+table+` (`+strings.Join(cols, ", ")+`) VALUES `+values, batch...)
		batch = batch[:0]
		return err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, err
		}
		for i, v := range vals {
			cv, err := convertValue(v, types[i])
			if err != nil {
				return n, fmt.Errorf("column %s: %w", cols[i], err)
			}
			batch = append(batch, cv)
		}
		n++
		if len(batch) == cap(batch) {
			if err := flush(); err != nil {
				return n, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return n, err
	}
	return n, flush()
}

// targetColumns returns the columns of table in the target and their
// PostgreSQL types.
func targetColumns(ctx context.Context, dtx *Tx, table string) (cols, types []string, err error) {
	rows, err := dtx.QueryContext(ctx, `
		SELECT column_name, data_type FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position`, table)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var c, t string
		if err := rows.Scan(&c, &t); err != nil {
			return nil, nil, err
		}
		cols, types = append(cols, c), append(types, t)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	if len(cols) == 0 {
		return nil, nil, fmt.Errorf("no table %s in the target", table)
	}
	return cols, types, nil
}

// convertValue converts a value as the source's driver returns it into
// one of the target column's type: SQLite keeps flags as 0 and 1 and may
// return text as bytes.
func convertValue(v any, pgType string) (any, error) {
	switch v := v.(type) {
	case nil:
		return nil, nil
	case []byte:
		return string(v), nil
	case int64:
		switch pgType {
		case "boolean":
			if v != 0 && v != 1 {
				return nil, fmt.Errorf("%d is not a flag", v)
			}
			return v == 1, nil
		case "double precision":
			return float64(v), nil
		}
	}
	return v, nil
}

// resetIdentities moves the identity of every table of the target past
// the highest ID the source handed out: its largest row, or, on SQLite,
// the AUTOINCREMENT counter, which remembers deleted rows too.
func resetIdentities(ctx context.Context, stx, dtx *Tx) error {
	seqs := map[string]int64{}
	if !stx.db.d().postgres() {
		rows, err := stx.QueryContext(ctx, `SELECT name, seq FROM sqlite_sequence`)
		if err != nil {
			return fmt.Errorf("read sqlite_sequence: %w", err)
		}
		for rows.Next() {
			var name string
			var seq int64
			if err := rows.Scan(&name, &seq); err != nil {
				rows.Close()
				return err
			}
			seqs[name] = seq
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	for _, t := range copyTables {
		var seq sql.NullString
		if err := dtx.QueryRowContext(ctx, `
			SELECT pg_get_serial_sequence(?, column_name) FROM information_schema.columns
			WHERE table_schema = current_schema() AND table_name = ? AND is_identity = 'YES'`, t, t).Scan(&seq); errors.Is(err, sql.ErrNoRows) {
			continue
		} else if err != nil {
			return fmt.Errorf("find identity of %s: %w", t, err)
		}
		var high int64
		if err := dtx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM `+t).Scan(&high); err != nil {
			return fmt.Errorf("reset identity of %s: %w", t, err)
		}
		high = max(high, seqs[t])
		if high == 0 {
			continue
		}
		if _, err := dtx.ExecContext(ctx, `SELECT setval(?, ?)`, seq.String, high); err != nil {
			return fmt.Errorf("reset identity of %s: %w", t, err)
		}
	}
	return nil
}

package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"github.com/mattn/go-sqlite3"      // registers the "sqlite3" driver
)

// migrate applies the embedded migrations of the backend in name order,
// each in its own transaction, and records each name so it is never
// applied twice. Both backends number their files alike and record the
// same names. On PostgreSQL an advisory lock, held on the connection that
// migrates, keeps a second process from migrating at the same time; on
// SQLite the immediate transactions do.
func (db *DB) migrate(ctx context.Context) error {
	conn, err := db.firstConn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if db.d().postgres() {
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, int64(migrationLock)); err != nil {
			return fmt.Errorf("lock: %w", err)
		}
		defer conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock($1)`, int64(migrationLock))
	}
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS migrations (
		name       TEXT PRIMARY KEY,
		applied_at TEXT NOT NULL
	)`); err != nil {
		return fmt.Errorf("create migrations table: %w", err)
	}

	names, err := migrationNames(db.Backend())
	if err != nil {
		return err
	}
	for _, name := range names {
		if err := db.migrateFile(ctx, conn, name); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	return nil
}

// firstConn returns a connection of the writer pool. On SQLite, opening
// one switches a new file to WAL, which needs the file to itself: when
// several processes open a new database at once, SQLite answers
// SQLITE_BUSY at once, without waiting for its busy timeout. The open is
// tried again for as long as that timeout (5 s), as SQLite would wait.
func (db *DB) firstConn(ctx context.Context) (*sql.Conn, error) {
	deadline := time.Now().Add(5 * time.Second)
	for wait := 10 * time.Millisecond; ; wait = min(2*wait, 250*time.Millisecond) {
		conn, err := db.db.Conn(ctx)
		var se sqlite3.Error
		if err == nil || db.d().postgres() || !errors.As(err, &se) || se.Code != sqlite3.ErrBusy || time.Now().After(deadline) {
			return conn, err
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(wait):
		}
	}
}

// migrationNames returns the names of the migrations of backend, in the
// order they apply.
func migrationNames(backend string) ([]string, error) {
	names, err := fs.Glob(Migrations(backend), "*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	return names, nil
}

// migrateFile applies one migration unless it is recorded already. On
// SQLite the check is inside the immediate transaction, so two processes
// opening the same file at once cannot both apply it.
func (db *DB) migrateFile(ctx context.Context, conn *sql.Conn, name string) error {
	stx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer stx.Rollback()
	tx := &Tx{Tx: stx, db: db, now: db.Now().UTC()}

	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM migrations WHERE name = ?`, name).Scan(&n); err != nil {
		return fmt.Errorf("check applied: %w", err)
	}
	if n != 0 {
		return nil
	}

	buf, err := fs.ReadFile(Migrations(db.Backend()), name)
	if err != nil {
		return err
	}
	if db.d().postgres() {
		// A migration may rewrite a large table: no statement timeout.
		if _, err := tx.ExecContext(ctx, `SET LOCAL statement_timeout = 0`); err != nil {
			return err
		}
	}
	// Not rebound: a migration is written in its backend's own SQL.
	if _, err := tx.Tx.ExecContext(ctx, string(buf)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO migrations (name, applied_at) VALUES (?, ?)`, name, utcTime(tx.now)); err != nil {
		return fmt.Errorf("record: %w", err)
	}
	return tx.Commit()
}

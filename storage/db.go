// Package storage implements the plan services on SQLite
// (github.com/mattn/go-sqlite3, so cgo is required).
//
// Writes go through one connection with BEGIN IMMEDIATE transactions, so
// they queue on busy_timeout instead of failing with SQLITE_BUSY; reads go
// through a separate read-only pool and never wait for a writer (WAL).
package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"

	_ "github.com/mattn/go-sqlite3" // registers the "sqlite3" driver
)

//go:embed migration/*.sql
var migrationFS embed.FS

// maxReaders caps the read-only pool. A handful is plenty for a chat bot;
// each connection keeps its own page cache.
const maxReaders = 4

// DB is a handle on one SQLite database file: a writing pool of exactly one
// connection and an optional read-only pool.
type DB struct {
	db  *sql.DB // writer: one connection
	rdb *sql.DB // readers, or nil when ReadDSN is empty

	// DSN is the data source name of the writing pool. The pragmas must be in
	// the DSN because database/sql pools connections and a PRAGMA run with
	// Exec reaches only one of them.
	DSN string

	// ReadDSN is the data source name of the read-only pool. When empty,
	// reads share the writing connection.
	ReadDSN string

	// Now returns the current time. Every transaction captures it once, in
	// UTC; tests replace it with a fixed clock.
	Now func() time.Time
}

// NewDB returns a DB for the database file at path, with the DSNs the
// platform requires: WAL, synchronous=FULL so a commit survives power loss,
// a 5 s busy timeout, immediate write transactions and foreign keys on.
func NewDB(path string) *DB {
	p := escapePath(path)
	return &DB{
		DSN:     "file:" + p + "?_journal_mode=WAL&_synchronous=FULL&_busy_timeout=5000&_txlock=immediate&_foreign_keys=on",
		ReadDSN: "file:" + p + "?mode=ro&_busy_timeout=5000&_txlock=deferred&_foreign_keys=on",
		Now:     time.Now,
	}
}

// escapePath escapes the characters that SQLite's URI parser would take as
// the start of a query, a fragment or an escape.
func escapePath(path string) string {
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
}

// Open opens the database and applies the migrations not applied yet.
func (db *DB) Open() (err error) {
	if db.DSN == "" {
		return errors.New("open database: dsn required")
	}
	if db.Now == nil {
		db.Now = time.Now
	}
	defer func() {
		if err != nil {
			db.Close()
		}
	}()

	if db.db, err = sql.Open("sqlite3", db.DSN); err != nil {
		return fmt.Errorf("open database: %w", err)
	}
	// One writer: SQLite allows one write transaction at a time anyway, and
	// queueing in database/sql is cheaper than spinning on busy_timeout.
	db.db.SetMaxOpenConns(1)
	db.db.SetMaxIdleConns(1)

	if err := db.migrate(context.Background()); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}

	// The read pool opens after the migrations: a read-only connection cannot
	// switch the file to WAL.
	if db.ReadDSN != "" {
		if db.rdb, err = sql.Open("sqlite3", db.ReadDSN); err != nil {
			return fmt.Errorf("open read pool: %w", err)
		}
		db.rdb.SetMaxOpenConns(maxReaders)
		db.rdb.SetMaxIdleConns(maxReaders)
		if err := db.rdb.Ping(); err != nil {
			return fmt.Errorf("open read pool: %w", err)
		}
	}
	return nil
}

// Close closes the read pool, then the writer, which checkpoints the WAL as
// the last connection to the file.
func (db *DB) Close() error {
	var errs []error
	if db.rdb != nil {
		if err := db.rdb.Close(); err != nil {
			errs = append(errs, fmt.Errorf("close read pool: %w", err))
		}
		db.rdb = nil
	}
	if db.db != nil {
		if err := db.db.Close(); err != nil {
			errs = append(errs, fmt.Errorf("close database: %w", err))
		}
		db.db = nil
	}
	return errors.Join(errs...)
}

// migrate applies the embedded migrations in name order, each in its own
// transaction, and records each name so it is never applied twice.
func (db *DB) migrate(ctx context.Context) error {
	if _, err := db.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS migrations (
		name       TEXT PRIMARY KEY,
		applied_at TEXT NOT NULL
	)`); err != nil {
		return fmt.Errorf("create migrations table: %w", err)
	}

	names, err := fs.Glob(migrationFS, "migration/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		if err := db.migrateFile(ctx, name); err != nil {
			return fmt.Errorf("%s: %w", path.Base(name), err)
		}
	}
	return nil
}

// migrateFile applies one migration unless it is recorded already. The check
// is inside the immediate transaction, so two processes opening the same
// file at once cannot both apply it.
func (db *DB) migrateFile(ctx context.Context, name string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	base := path.Base(name)
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM migrations WHERE name = ?`, base).Scan(&n); err != nil {
		return fmt.Errorf("check applied: %w", err)
	}
	if n != 0 {
		return nil
	}

	buf, err := fs.ReadFile(migrationFS, name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, string(buf)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO migrations (name, applied_at) VALUES (?, ?)`, base, utcTime(tx.now)); err != nil {
		return fmt.Errorf("record: %w", err)
	}
	return tx.Commit()
}

// Backup writes a consistent copy of the database to path, which must not
// exist yet. VACUUM INTO copies one read snapshot; it runs on the read pool
// so writes go on meanwhile. Copying the live file instead could capture a
// torn state.
func (db *DB) Backup(ctx context.Context, path string) error {
	pool := db.rdb
	if pool == nil {
		pool = db.db
	}
	if pool == nil {
		return errors.New("backup: database not open")
	}
	if _, err := pool.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// Tx wraps an SQL transaction with the time it started, so every row
// written by one transaction carries the same timestamp.
type Tx struct {
	*sql.Tx
	db  *DB
	now time.Time
}

// BeginTx starts a transaction. A transaction with opts.ReadOnly set runs on
// the read pool, when there is one; any other runs on the writing
// connection as BEGIN IMMEDIATE.
func (db *DB) BeginTx(ctx context.Context, opts *sql.TxOptions) (*Tx, error) {
	pool := db.db
	if opts != nil && opts.ReadOnly && db.rdb != nil {
		pool = db.rdb
	}
	if pool == nil {
		return nil, errors.New("begin: database not open")
	}
	tx, err := pool.BeginTx(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	return &Tx{Tx: tx, db: db, now: db.Now().UTC()}, nil
}

// readOnly is the option for transactions that only read.
var readOnly = &sql.TxOptions{ReadOnly: true}

// timeLayout is RFC 3339 in UTC with a fixed nine-digit fraction: unlike
// time.RFC3339Nano, which trims trailing zeros, its text order is time
// order, so range queries can compare strings. time.RFC3339Nano parses it.
const timeLayout = "2006-01-02T15:04:05.000000000Z"

// dateLayout is how calendar dates such as Goal.Deadline are stored.
const dateLayout = "2006-01-02"

// utcTime reads and writes a time.Time as timeLayout text.
type utcTime time.Time

// Value implements driver.Valuer.
func (t utcTime) Value() (driver.Value, error) {
	return time.Time(t).UTC().Format(timeLayout), nil
}

// Scan implements sql.Scanner.
func (t *utcTime) Scan(v any) error {
	s, err := scanText(v)
	if err != nil {
		return err
	}
	tt, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return fmt.Errorf("scan time: %w", err)
	}
	*t = utcTime(tt.UTC())
	return nil
}

// date reads and writes a calendar date as 'YYYY-MM-DD' text, read back at
// 00:00 UTC.
type date time.Time

// Value implements driver.Valuer.
func (d date) Value() (driver.Value, error) {
	return time.Time(d).Format(dateLayout), nil
}

// Scan implements sql.Scanner.
func (d *date) Scan(v any) error {
	s, err := scanText(v)
	if err != nil {
		return err
	}
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return fmt.Errorf("scan date: %w", err)
	}
	*d = date(t)
	return nil
}

func scanText(v any) (string, error) {
	switch v := v.(type) {
	case string:
		return v, nil
	case []byte:
		return string(v), nil
	default:
		return "", fmt.Errorf("scan: want text, got %T", v)
	}
}

// calendarDate returns the date of t, as written on t's own calendar, at
// 00:00 UTC: the form in which plan stores and compares dates. The zero
// time stays zero so that validation still reports a missing date.
func calendarDate(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// limitOffset returns the LIMIT and OFFSET arguments for a filter, where a
// limit of 0 (or less) means no limit.
func limitOffset(limit, offset int) (int, int) {
	if limit <= 0 {
		limit = -1
	}
	if offset < 0 {
		offset = 0
	}
	return limit, offset
}

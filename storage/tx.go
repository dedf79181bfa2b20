package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Tx wraps an SQL transaction with the time it started, so every row
// written by one transaction carries the same timestamp. Its Exec and
// Query methods take the services' SQL and rebind it for the backend.
type Tx struct {
	*sql.Tx
	db       *DB
	now      time.Time
	readOnly bool
	start    time.Time // on the real clock, for DB.Observe
	ended    bool      // committed or rolled back: observed once
}

// BeginTx starts a transaction. A transaction with opts.ReadOnly set runs
// on SQLite's read pool, when there is one; any other runs on the writing
// connection as BEGIN IMMEDIATE.
//
// On PostgreSQL, unless opts asks for a level, a transaction that writes
// runs at READ COMMITTED, locking what it reads to change (see lockPlan),
// and a read-only one at REPEATABLE READ: its queries see one snapshot, as
// a SQLite read transaction does, so a plan is never read with owners from
// after a change and goals from before it. Read-only transactions cannot
// fail to serialize.
func (db *DB) BeginTx(ctx context.Context, opts *sql.TxOptions) (*Tx, error) {
	pool := db.db
	if opts != nil && opts.ReadOnly && db.rdb != nil {
		pool = db.rdb
	}
	if pool == nil {
		return nil, errors.New("begin: database not open")
	}
	if db.d().postgres() && (opts == nil || opts.Isolation == sql.LevelDefault) {
		o := sql.TxOptions{Isolation: sql.LevelReadCommitted}
		if opts != nil && opts.ReadOnly {
			o = sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
		}
		opts = &o
	}
	start := time.Now()
	tx, err := pool.BeginTx(ctx, opts)
	if err != nil {
		if db.Observe != nil {
			db.Observe(opts != nil && opts.ReadOnly, "error", time.Since(start))
		}
		return nil, fmt.Errorf("begin: %w", err)
	}
	return &Tx{Tx: tx, db: db, now: db.Now().UTC(), readOnly: opts != nil && opts.ReadOnly, start: start}, nil
}

// ExecContext executes query, written with '?' placeholders.
func (tx *Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	d := tx.db.d()
	res, err := tx.Tx.ExecContext(ctx, d.rebind(query), args...)
	return res, d.mapError(err)
}

// QueryContext runs query, written with '?' placeholders.
func (tx *Tx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	d := tx.db.d()
	rows, err := tx.Tx.QueryContext(ctx, d.rebind(query), args...)
	return rows, d.mapError(err)
}

// QueryRowContext runs query, written with '?' placeholders, for one row.
func (tx *Tx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return tx.Tx.QueryRowContext(ctx, tx.db.d().rebind(query), args...)
}

// Commit commits the transaction. A PostgreSQL commit can fail with a
// serialization failure, which is reported as ECONFLICT.
func (tx *Tx) Commit() error {
	err := tx.Tx.Commit()
	if err == nil {
		tx.observe("commit")
	} else {
		tx.observe("error")
	}
	return tx.db.d().mapError(err)
}

// Rollback aborts the transaction; after Commit it does nothing and
// returns sql.ErrTxDone, so that services may defer it.
func (tx *Tx) Rollback() error {
	err := tx.Tx.Rollback()
	tx.observe("rollback")
	return err
}

// observe tells DB.Observe how the transaction ended, once.
func (tx *Tx) observe(outcome string) {
	if tx.ended {
		return
	}
	tx.ended = true
	if tx.db.Observe != nil && !tx.start.IsZero() {
		tx.db.Observe(tx.readOnly, outcome, time.Since(tx.start))
	}
}

// insert runs an INSERT statement, with RETURNING id added, and returns
// the id of the new row: both backends support RETURNING, where
// database/sql's LastInsertId works on SQLite only. ok is false when the
// statement inserted nothing (ON CONFLICT DO NOTHING).
func (tx *Tx) insert(ctx context.Context, query string, args ...any) (id int64, ok bool, err error) {
	err = tx.QueryRowContext(ctx, query+` RETURNING id`, args...).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	} else if err != nil {
		return 0, false, tx.db.d().mapError(err)
	}
	return id, true, nil
}

// insertID is insert for statements that always insert a row.
func (tx *Tx) insertID(ctx context.Context, query string, args ...any) (int64, error) {
	id, ok, err := tx.insert(ctx, query, args...)
	if err == nil && !ok {
		err = errors.New("no row inserted")
	}
	return id, err
}

// forUpdate is the clause that locks the rows a SELECT returns until the
// transaction ends, on PostgreSQL and in a transaction that writes; empty
// otherwise. See dialect.forUpdate.
func (tx *Tx) forUpdate(tables ...string) string {
	if tx.readOnly {
		return ""
	}
	return tx.db.d().forUpdate(tables...)
}

// skipLocked is forUpdate passing over rows that others hold.
func (tx *Tx) skipLocked(tables ...string) string {
	if tx.readOnly {
		return ""
	}
	return tx.db.d().skipLocked(tables...)
}

// clock returns the transaction's time by the database's own clock: the
// time it started (DB.Now), and, on PostgreSQL with DB.ServerClock, no
// later than the server's clock, which replicas share whatever their own
// clocks say.
func (tx *Tx) clock(ctx context.Context) (time.Time, error) {
	if !tx.db.ServerClock || !tx.db.d().postgres() {
		return tx.now, nil
	}
	var server time.Time
	if err := tx.QueryRowContext(ctx, `SELECT statement_timestamp()`).Scan(&server); err != nil {
		return time.Time{}, fmt.Errorf("read the server's clock: %w", err)
	}
	return earlier(tx.now, server.UTC()), nil
}

// earlier returns the earlier of a and b.
func earlier(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

// readOnly is the option for transactions that only read.
var readOnly = &sql.TxOptions{ReadOnly: true}

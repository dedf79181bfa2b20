// Package storage implements the plan services on SQLite
// (github.com/mattn/go-sqlite3, so cgo is required) or on PostgreSQL
// (github.com/jackc/pgx/v5 under database/sql), with the same SQL: see
// dialect.go for the little that differs.
//
// On SQLite, writes go through one connection with BEGIN IMMEDIATE
// transactions, so they queue on busy_timeout instead of failing with
// SQLITE_BUSY; reads go through a separate read-only pool and never wait
// for a writer (WAL).
//
// On PostgreSQL, transactions run concurrently at READ COMMITTED, from
// several processes too. A write transaction locks the plan it changes
// before it reads what it bases the change on (lockPlan), so the writes of
// one plan take turns as they do on SQLite while different plans proceed
// in parallel; reminders, which the scheduler changes outside any plan
// lock, are locked row by row; claims of events and reminder firings rest
// on unique keys.
package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"net/url"
	"os"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	// registers the "sqlite3" driver
)

//go:embed migration/sqlite/*.sql migration/postgres/*.sql
var migrationFS embed.FS

// Migrations returns the embedded migrations of backend (SQLite or
// Postgres): numbered .sql files, applied in name order.
func Migrations(backend string) fs.FS {
	sub, err := fs.Sub(migrationFS, "migration/"+backend)
	if err != nil {
		panic(err) // a constant path into an embedded tree
	}
	return sub
}

// maxReaders caps SQLite's read-only pool. A handful is plenty for a chat
// bot; each connection keeps its own page cache.
const maxReaders = 4

// DefaultMaxConns caps the PostgreSQL pool of one process unless
// DB.MaxConns says otherwise: a chat bot's handlers hold a connection for
// a few milliseconds, and every replica takes its share of the server's
// max_connections (100 by default).
const DefaultMaxConns = 10

// PostgreSQL session settings NewDB adds to a URL that does not set them:
// a name in pg_stat_activity, a bound on every statement (Slack waits 3 s
// for an ack; no statement of ours should take 15), and an end to a
// session left idle inside a transaction.
var postgresDefaults = [][2]string{
	{"application_name", "planbot"},
	{"statement_timeout", "15s"},
	{"idle_in_transaction_session_timeout", "60s"},
}

// migrationLock is the key of the PostgreSQL advisory lock that keeps two
// processes from migrating one database at once ("planbot" in ASCII).
const migrationLock = 0x706c616e626f74

// DB is a handle on one database. On SQLite: a writing pool of exactly
// one connection and an optional read-only pool. On PostgreSQL: one pool.
type DB struct {
	db      *sql.DB // SQLite: the writer, one connection; PostgreSQL: the pool
	rdb     *sql.DB // SQLite readers, or nil when ReadDSN is empty
	dialect *dialect
	path    string // the SQLite file NewDB was given, "" otherwise

	// DSN is the data source name of the writing pool. On SQLite the
	// pragmas must be in the DSN because database/sql pools connections
	// and a PRAGMA run with Exec reaches only one of them. On PostgreSQL
	// it is the connection URL.
	DSN string

	// ReadDSN is the data source name of SQLite's read-only pool. When
	// empty, reads share the writing connection. PostgreSQL ignores it.
	ReadDSN string

	// MaxConns caps the PostgreSQL pool; 0 means DefaultMaxConns.
	MaxConns int

	// Now returns the current time. Every transaction captures it once, in
	// UTC; tests replace it with a fixed clock.
	Now func() time.Time

	// ServerClock makes a claim of a reminder's firing on PostgreSQL check
	// its due time against the server's clock too, so a replica whose own
	// clock runs ahead never fires early. Tests that drive Now leave it off.
	ServerClock bool

	// Observe, when set before Open, is told how each transaction ended
	// and how long it took on the real clock, from BeginTx (its wait for
	// a connection included) to Commit or Rollback: for metrics. outcome
	// is "commit", "rollback" or "error" (a begin or a commit that
	// failed). It must be fast and safe for concurrent use.
	Observe func(readOnly bool, outcome string, d time.Duration)
}

// NewDB returns a DB for dsn, as PLANBOT_DB gives it: a postgres:// or
// postgresql:// URL selects PostgreSQL; anything else is a SQLite file,
// given as a path or as sqlite://path.
//
// A SQLite database gets the DSNs the platform requires: WAL,
// synchronous=FULL so a commit survives power loss, a 5 s busy timeout,
// immediate write transactions and foreign keys on. A PostgreSQL URL gets
// the session settings of postgresDefaults it does not set itself.
func NewDB(dsn string) *DB {
	if IsPostgres(dsn) {
		return &DB{DSN: withPostgresDefaults(dsn), dialect: postgresDialect, Now: time.Now}
	}
	path := strings.TrimPrefix(dsn, "sqlite://")
	p := escapePath(path)
	return &DB{
		path:    path,
		DSN:     "file:" + p + "?_journal_mode=WAL&_synchronous=FULL&_busy_timeout=5000&_txlock=immediate&_foreign_keys=on",
		ReadDSN: "file:" + p + "?mode=ro&_busy_timeout=5000&_txlock=deferred&_foreign_keys=on",
		dialect: sqliteDialect,
		Now:     time.Now,
	}
}

// IsPostgres reports whether dsn, as PLANBOT_DB gives it, names a
// PostgreSQL database rather than a SQLite file.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Redact returns dsn with the password of a PostgreSQL URL replaced, for
// logs and error messages.
func Redact(dsn string) string {
	if !IsPostgres(dsn) {
		return dsn
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return "postgres://(unparsable URL)"
	}
	return u.Redacted()
}

// withPostgresDefaults adds the settings of postgresDefaults that the URL
// does not set. pgx sends query parameters it does not know itself to the
// server as session settings. An unparsable URL is returned as it is, for
// Open to report.
func withPostgresDefaults(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return dsn
	}
	q := u.Query()
	for _, kv := range postgresDefaults {
		if !q.Has(kv[0]) {
			q.Set(kv[0], kv[1])
		}
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// escapePath escapes the characters that SQLite's URI parser would take as
// the start of a query, a fragment or an escape.
func escapePath(path string) string {
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
}

// Backend returns SQLite or Postgres.
func (db *DB) Backend() string {
	return db.d().name
}

// d returns the dialect, SQLite's for a DB built by hand with a DSN.
func (db *DB) d() *dialect {
	if db.dialect == nil {
		return sqliteDialect
	}
	return db.dialect
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

	if err := db.createPrivate(); err != nil {
		return err
	}
	if db.db, err = sql.Open(db.d().driver, db.DSN); err != nil {
		return fmt.Errorf("open database: %w", err)
	}
	if db.d().postgres() {
		n := db.MaxConns
		if n <= 0 {
			n = DefaultMaxConns
		}
		db.db.SetMaxOpenConns(n)
		db.db.SetMaxIdleConns(n)
		db.db.SetConnMaxIdleTime(5 * time.Minute)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := db.db.PingContext(ctx); err != nil {
			return fmt.Errorf("connect: %w", err)
		}
	} else {
		// One writer: SQLite allows one write transaction at a time anyway,
		// and queueing in database/sql is cheaper than spinning on
		// busy_timeout.
		db.db.SetMaxOpenConns(1)
		db.db.SetMaxIdleConns(1)
	}

	if err := db.migrate(context.Background()); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}

	// The read pool opens after the migrations: a read-only connection cannot
	// switch the file to WAL.
	if db.ReadDSN != "" && !db.d().postgres() {
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

// createPrivate creates a new SQLite file readable by its owner only
// (0600) before SQLite opens it: plans are a team's business, and SQLite
// would create it 0644 less the umask. SQLite gives the WAL and the
// shared-memory file the mode of the database file. An existing file is
// left as it is.
func (db *DB) createPrivate() error {
	if db.path == "" || db.d().postgres() || db.path == ":memory:" || strings.HasPrefix(db.path, "file:") {
		return nil
	}
	f, err := os.OpenFile(db.path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil
	} else if err != nil {
		return fmt.Errorf("create database file: %w", err)
	}
	return f.Close()
}

// Ping checks that the database answers, within ctx: for a readiness
// probe. On SQLite it pings the read pool, which a long write does not
// hold up, when there is one.
func (db *DB) Ping(ctx context.Context) error {
	pool := db.db
	if db.rdb != nil {
		pool = db.rdb
	}
	if pool == nil {
		return errors.New("ping: database not open")
	}
	if err := pool.PingContext(ctx); err != nil {
		return fmt.Errorf("ping: %w", err)
	}
	return nil
}

// Close closes the read pool, then the writer, which checkpoints the WAL as
// the last connection to a SQLite file.
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

// Backup writes a consistent copy of a SQLite database to path, which
// must not exist yet. VACUUM INTO copies one read snapshot; it runs on the
// read pool so writes go on meanwhile. Copying the live file instead could
// capture a torn state. A PostgreSQL database is backed up with pg_dump.
func (db *DB) Backup(ctx context.Context, path string) error {
	if db.d().postgres() {
		return errors.New("backup: back up a PostgreSQL database with pg_dump")
	}
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
		limit = math.MaxInt64 // PostgreSQL refuses SQLite's -1
	}
	if offset < 0 {
		offset = 0
	}
	return limit, offset
}

package storage_test

import (
	"context"
	"database/sql"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/storage"
	"github.com/planbot/planbot/storage/storagetest"
)

// fixedNow is the clock of every test DB: noon UTC on a Tuesday, which is
// already the next day in Auckland.
var fixedNow = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)

// MustOpenDB opens a new database of backend, with the clock fixed at
// fixedNow, and closes it when the test ends.
func MustOpenDB(tb testing.TB, backend storagetest.Backend) *storage.DB {
	tb.Helper()
	return backend.Open(tb, func() time.Time { return fixedNow })
}

// MustOpenDBAt opens the database dsn (a SQLite path or a PostgreSQL URL),
// with the clock fixed at fixedNow, and closes it when the test ends
// unless the test closed it.
func MustOpenDBAt(tb testing.TB, dsn string) *storage.DB {
	tb.Helper()
	return storagetest.OpenDSN(tb, dsn, func() time.Time { return fixedNow })
}

// MustOpenClockDB opens a new database of backend with the clock c, and
// closes it when the test ends.
func MustOpenClockDB(tb testing.TB, backend storagetest.Backend, c interface{ Now() time.Time }) *storage.DB {
	tb.Helper()
	return backend.Open(tb, c.Now)
}

// MustClose closes db or fails the test.
func MustClose(tb testing.TB, db *storage.DB) {
	tb.Helper()
	if err := db.Close(); err != nil {
		tb.Fatal(err)
	}
}

// TestDB_Pragmas checks the SQLite connection settings.
func TestDB_Pragmas(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t, storagetest.SQLite)

	t.Run("Writer", func(t *testing.T) {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		checkPragmas(t, func(q string) *sql.Row { return tx.QueryRowContext(ctx, q) })
	})

	t.Run("Reader", func(t *testing.T) {
		tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		var mode string
		if err := tx.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil {
			t.Fatal(err)
		} else if mode != "wal" {
			t.Fatalf("journal_mode=%q, want wal", mode)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO processed_events (event_id, received_at) VALUES ('x', 'y')`)
		if err == nil || !strings.Contains(err.Error(), "readonly") {
			t.Fatalf("write on read pool: err=%v, want a readonly error", err)
		}
	})

	// Every connection of a pool opened with the DSN gets the pragmas, not
	// just the one that happened to run a PRAGMA statement.
	t.Run("EveryPooledConnection", func(t *testing.T) {
		pool, err := sql.Open("sqlite3", db.DSN)
		if err != nil {
			t.Fatal(err)
		}
		defer pool.Close()
		var conns []*sql.Conn
		for range 3 {
			conn, err := pool.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			conns = append(conns, conn)
		}
		for _, conn := range conns {
			checkPragmas(t, func(q string) *sql.Row { return conn.QueryRowContext(ctx, q) })
		}
	})
}

// TestDB_PostgresSettings checks the PostgreSQL session and transaction
// settings that NewDB and BeginTx choose.
func TestDB_PostgresSettings(t *testing.T) {
	storagetest.Postgres.Require(t)
	ctx := context.Background()
	db := MustOpenDB(t, storagetest.Postgres)
	show := func(tx *storage.Tx, setting string) string {
		t.Helper()
		var v string
		if err := tx.QueryRowContext(ctx, `SHOW `+setting).Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, tt := range []struct {
		name string
		opts *sql.TxOptions
		want map[string]string
	}{
		{"Write", nil, map[string]string{
			"transaction_isolation": "read committed", "transaction_read_only": "off",
			"application_name": "planbot", "statement_timeout": "15s", "idle_in_transaction_session_timeout": "1min",
		}},
		{"ReadOnly", &sql.TxOptions{ReadOnly: true}, map[string]string{
			"transaction_isolation": "repeatable read", "transaction_read_only": "on",
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tx, err := db.BeginTx(ctx, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback()
			for setting, want := range tt.want {
				if got := show(tx, setting); got != want {
					t.Errorf("%s = %q, want %q", setting, got, want)
				}
			}
		})
	}
}

// checkPragmas asserts WAL, synchronous=FULL, foreign keys and the busy
// timeout on one connection.
func checkPragmas(t *testing.T, query func(string) *sql.Row) {
	t.Helper()
	for _, tt := range []struct {
		pragma string
		want   string
	}{
		{"journal_mode", "wal"},
		{"synchronous", "2"},
		{"foreign_keys", "1"},
		{"busy_timeout", "5000"},
	} {
		var got string
		if err := query("PRAGMA " + tt.pragma).Scan(&got); err != nil {
			t.Fatalf("PRAGMA %s: %v", tt.pragma, err)
		}
		if got != tt.want {
			t.Errorf("PRAGMA %s = %q, want %q", tt.pragma, got, tt.want)
		}
	}
}

func TestDB_ForeignKeys(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()
		db := MustOpenDB(t, backend)
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		_, err = tx.ExecContext(ctx, `
			INSERT INTO goals (plan_id, kind, title, metric, baseline, target, deadline, created_at, updated_at)
			VALUES (999, 'sales', 't', 'm', 0, 1, '2027-01-01', 'x', 'x')`)
		if err == nil || !strings.Contains(strings.ToLower(err.Error()), "foreign key") {
			t.Fatalf("err=%v, want a foreign key error", err)
		}
	})
}

func TestDB_Migrations(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		dsn := backend.EmptyDSN(t)
		db := MustOpenDBAt(t, dsn)
		first := appliedMigrations(t, db)
		if at, ok := first["0001_init.sql"]; !ok {
			t.Fatalf("applied=%v, want 0001_init.sql", first)
		} else if at != "2026-03-10T12:00:00.000000000Z" {
			t.Fatalf("applied_at=%q", at)
		}
		if want := migrationNames(t, backend); !slices.Equal(slices.Sorted(maps.Keys(first)), want) {
			t.Fatalf("applied %v, want %v", slices.Sorted(maps.Keys(first)), want)
		}
		MustClose(t, db)

		// 0001 creates its tables without IF NOT EXISTS: reopening would
		// fail if it ran again; the recorded time shows it did not.
		db = storage.NewDB(dsn)
		db.Now = func() time.Time { return fixedNow.Add(24 * time.Hour) }
		if err := db.Open(); err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if second := appliedMigrations(t, db); !maps.Equal(second, first) {
			t.Fatalf("after reopen applied=%v, want %v", second, first)
		}
	})
}

// TestDB_MigrationNames checks that the backends number their migrations
// alike: a database records the same names on either, and moving one from
// SQLite to PostgreSQL re-applies nothing.
func TestDB_MigrationNames(t *testing.T) {
	sqlite, postgres := migrationNames(t, storagetest.SQLite), migrationNames(t, storagetest.Postgres)
	if len(sqlite) == 0 || !slices.Equal(sqlite, postgres) {
		t.Fatalf("sqlite migrations %v, postgres migrations %v: want the same names", sqlite, postgres)
	}
}

// TestDB_ConcurrentOpen opens one new database from several processes at
// once, as replicas starting together do: each migration is applied once
// and every open succeeds.
func TestDB_ConcurrentOpen(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		dsn := backend.EmptyDSN(t)
		const n = 4
		dbs := make([]*storage.DB, n)
		errs := make(chan error, n)
		var wg sync.WaitGroup
		for i := range n {
			dbs[i] = storage.NewDB(dsn)
			dbs[i].Now = func() time.Time { return fixedNow }
			wg.Go(func() { errs <- dbs[i].Open() })
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Error(err)
			}
		}
		defer func() {
			for _, db := range dbs {
				db.Close()
			}
		}()
		if t.Failed() {
			return
		}
		got := slices.Sorted(maps.Keys(appliedMigrations(t, dbs[0])))
		if want := migrationNames(t, backend); !slices.Equal(got, want) {
			t.Fatalf("applied %v, want %v", got, want)
		}
	})
}

// appliedMigrations returns the recorded migrations of db and when each
// was applied.
func appliedMigrations(t *testing.T, db *storage.DB) map[string]string {
	t.Helper()
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT name, applied_at FROM migrations ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	m := map[string]string{}
	for rows.Next() {
		var name, at string
		if err := rows.Scan(&name, &at); err != nil {
			t.Fatal(err)
		}
		m[name] = at
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return m
}

// migrationNames returns the names of the embedded migrations of backend.
func migrationNames(t *testing.T, backend storagetest.Backend) []string {
	t.Helper()
	names, err := fs.Glob(storage.Migrations(string(backend)), "*.sql")
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(names)
	return names
}

// TestDB_MigrateChannelStatus opens a database made by the migrations
// before 0005, with a network and a decision in it: 0005 makes the network
// active and leaves its cadence as the old step 9 wrote it.
func TestDB_MigrateChannelStatus(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "planbot.db")
	old, err := sql.Open("sqlite3", "file:"+path+"?_foreign_keys=on")
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	const at = "2026-03-01T09:00:00.000000000Z"
	if _, err := old.ExecContext(ctx, `CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"0001_init.sql", "0002_steps.sql", "0003_reminders.sql", "0004_measure.sql"} {
		buf, err := os.ReadFile(filepath.Join("migration", "sqlite", name))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := old.ExecContext(ctx, string(buf)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if _, err := old.ExecContext(ctx, `INSERT INTO migrations (name, applied_at) VALUES (?, ?)`, name, at); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []string{
		`INSERT INTO plans (id, team_id, channel_id, time_zone, language, created_at, updated_at) VALUES (1, 'T1', 'C1', 'UTC', 'en', '` + at + `', '` + at + `')`,
		`INSERT INTO plan_channels (id, plan_id, network, role, why, cadence, created_by, created_at, updated_at)
		 VALUES (7, 1, 'x', 'awareness', 'Journalists', 'Stopped on Mar 1, 2026 (review)', 'U1', '` + at + `', '` + at + `')`,
		`INSERT INTO adaptations (id, plan_id, created_by, created_at) VALUES (1, 1, 'U1', '` + at + `')`,
		`INSERT INTO decisions (adaptation_id, plan_id, subject_kind, subject_id, subject_name, decision, rationale, new_cadence, decided_by, decided_at)
		 VALUES (1, 1, 'network', 7, 'X', 'stop', 'Noise', 'Stopped on Mar 1, 2026 (review)', 'U1', '` + at + `')`,
	} {
		if _, err := old.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}

	db := MustOpenDBAt(t, path)
	c, err := storage.NewChannelService(db).FindChannelByID(ctx, 7)
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != plan.ChannelActive || !c.StatusSince.IsZero() || c.StatusBy != "" || c.StatusNote != "" || c.Cadence != "Stopped on Mar 1, 2026 (review)" {
		t.Fatalf("network after 0005: %+v, want active with its cadence kept", c)
	}
	ds, _, err := storage.NewAdaptService(db).FindDecisions(ctx, plan.DecisionFilter{})
	if err != nil || len(ds) != 1 || ds[0].NewStatus != "" || ds[0].NewCadence != "Stopped on Mar 1, 2026 (review)" {
		t.Fatalf("decisions after 0005: %+v, %v", ds, err)
	}
}

func TestDB_Reopen(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()
		dsn := backend.DSN(t)

		db := MustOpenDBAt(t, dsn)
		p := MustEnsurePlan(t, db, "T1", "C1")
		g := MustCreateGoal(t, db, p.ID)
		MustClose(t, db)

		db = MustOpenDBAt(t, dsn)
		got, err := storage.NewGoalService(db).FindGoalByID(ctx, g.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != g.Title || !got.Deadline.Equal(g.Deadline) || got.PlanID != p.ID {
			t.Fatalf("after reopen got %+v, want %+v", got, g)
		}
	})
}

// TestDB_Backup checks SQLite's online backup.
func TestDB_Backup(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t, storagetest.SQLite)
	p := MustEnsurePlan(t, db, "T1", "C1")
	g := MustCreateGoal(t, db, p.ID)

	path := filepath.Join(t.TempDir(), "backup.db")
	if err := db.Backup(ctx, path); err != nil {
		t.Fatal(err)
	}
	// A second backup to the same file must not overwrite it.
	if err := db.Backup(ctx, path); err == nil {
		t.Fatal("backup over an existing file: want an error")
	}

	backup := MustOpenDBAt(t, path)
	got, err := storage.NewGoalService(backup).FindGoalByID(ctx, g.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != g.Title {
		t.Fatalf("title=%q, want %q", got.Title, g.Title)
	}
}

func TestDB_PathWithURIChars(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "a?b#c%d.db")
	db := MustOpenDBAt(t, path)
	MustEnsurePlan(t, db, "T1", "C1")
	MustClose(t, db)

	db = MustOpenDBAt(t, path)
	if _, err := storage.NewPlanService(db).FindPlanByChannel(ctx, "T1", "C1"); err != nil {
		t.Fatal(err)
	}
}

// assertCode fails the test unless err carries code.
func assertCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := plan.ErrorCode(err); got != code {
		t.Fatalf("ErrorCode(%v)=%q, want %q", err, got, code)
	}
}

// TestDB_FilesPrivate: a new SQLite database, its WAL and its
// shared-memory file are readable by their owner only, whatever the
// umask lets through.
func TestDB_FilesPrivate(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	path := filepath.Join(t.TempDir(), "planbot.db")
	db := storagetest.OpenDSN(t, path, func() time.Time { return fixedNow })
	MustEnsurePlan(t, db, "T1", "C1") // a write: the WAL and SHM exist now
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if mode := fi.Mode().Perm(); mode != 0o600 {
			t.Errorf("%s has mode %04o, want 0600", filepath.Base(p), mode)
		}
	}
}

package storage_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/storage"
)

// fixedNow is the clock of every test DB: noon UTC on a Tuesday, which is
// already the next day in Auckland.
var fixedNow = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)

// MustOpenDB opens a DB on a new file in a temporary directory, with the
// clock fixed at fixedNow, and closes it when the test ends.
func MustOpenDB(tb testing.TB) *storage.DB {
	tb.Helper()
	return MustOpenDBAt(tb, filepath.Join(tb.TempDir(), "planbot.db"))
}

// MustOpenDBAt opens a DB on the file at path, with the clock fixed at
// fixedNow, and closes it when the test ends unless the test closed it.
func MustOpenDBAt(tb testing.TB, path string) *storage.DB {
	tb.Helper()
	db := storage.NewDB(path)
	db.Now = func() time.Time { return fixedNow }
	if err := db.Open(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Error(err)
		}
	})
	return db
}

// MustClose closes db or fails the test.
func MustClose(tb testing.TB, db *storage.DB) {
	tb.Helper()
	if err := db.Close(); err != nil {
		tb.Fatal(err)
	}
}

func TestDB_Pragmas(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)

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
	ctx := context.Background()
	db := MustOpenDB(t)
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	_, err = tx.ExecContext(ctx, `
		INSERT INTO goals (plan_id, kind, title, metric, baseline, target, deadline, created_at, updated_at)
		VALUES (999, 'sales', 't', 'm', 0, 1, '2027-01-01', 'x', 'x')`)
	if err == nil || !strings.Contains(err.Error(), "FOREIGN KEY") {
		t.Fatalf("err=%v, want a FOREIGN KEY error", err)
	}
}

func TestDB_Migrations(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "planbot.db")

	applied := func(db *storage.DB) map[string]string {
		t.Helper()
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

	db := MustOpenDBAt(t, path)
	first := applied(db)
	if at, ok := first["0001_init.sql"]; !ok {
		t.Fatalf("applied=%v, want 0001_init.sql", first)
	} else if at != "2026-03-10T12:00:00.000000000Z" {
		t.Fatalf("applied_at=%q", at)
	}
	MustClose(t, db)

	// 0001 creates its tables without IF NOT EXISTS: reopening would fail
	// if it ran again; the recorded time shows it did not.
	db = storage.NewDB(path)
	db.Now = func() time.Time { return fixedNow.Add(24 * time.Hour) }
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	second := applied(db)
	if len(second) != len(first) || second["0001_init.sql"] != first["0001_init.sql"] {
		t.Fatalf("after reopen applied=%v, want %v", second, first)
	}
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
		buf, err := os.ReadFile(filepath.Join("migration", name))
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
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "planbot.db")

	db := MustOpenDBAt(t, path)
	p := MustEnsurePlan(t, db, "T1", "C1")
	g := MustCreateGoal(t, db, p.ID)
	MustClose(t, db)

	db = MustOpenDBAt(t, path)
	got, err := storage.NewGoalService(db).FindGoalByID(ctx, g.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != g.Title || !got.Deadline.Equal(g.Deadline) || got.PlanID != p.ID {
		t.Fatalf("after reopen got %+v, want %+v", got, g)
	}
}

func TestDB_Backup(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
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

// Package storagetest gives tests a fresh database of each backend, so
// that every test of the storage and the end-to-end tests run on SQLite
// and on PostgreSQL alike.
//
// SQLite databases are files in the test's temporary directory.
// PostgreSQL databases live on the server that PLANBOT_TEST_POSTGRES names
// (a URL such as postgres://postgres@127.0.0.1:55432/postgres?sslmode=disable;
// the repository's .ci/postgres starts a throw-away one). Creating a
// database there takes about half a second, so a test gets a migrated
// database from a pool that test processes share: it holds it, with an
// advisory lock, until it ends, and each new holder empties its tables
// first. Without PLANBOT_TEST_POSTGRES the PostgreSQL half of a test is
// skipped, saying why, except when CI=true, where it fails: CI must run it.
package storagetest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/planbot/planbot/storage"
)

// EnvPostgres names the environment variable with the URL of the
// PostgreSQL server the tests may create databases on.
const EnvPostgres = "PLANBOT_TEST_POSTGRES"

// Backend is a kind of database a test runs on.
type Backend string

// The backends, named as storage.DB.Backend names them.
const (
	SQLite   Backend = storage.SQLite
	Postgres Backend = storage.Postgres
)

// Backends are all the backends, in the order Run runs them.
var Backends = []Backend{SQLite, Postgres}

// Run runs fn as one subtest per backend, named after it. The PostgreSQL
// subtest is skipped, or fails under CI=true, when no server is given.
func Run(t *testing.T, fn func(t *testing.T, b Backend)) {
	t.Helper()
	for _, b := range Backends {
		t.Run(string(b), func(t *testing.T) {
			b.Require(t)
			fn(t, b)
		})
	}
}

// Require skips tb, or fails it under CI=true, when b cannot be tested
// here: PostgreSQL without PLANBOT_TEST_POSTGRES.
func (b Backend) Require(tb testing.TB) {
	tb.Helper()
	if b != Postgres || os.Getenv(EnvPostgres) != "" {
		return
	}
	if os.Getenv("CI") == "true" {
		tb.Fatalf("%s is not set, and CI must run the PostgreSQL tests: .ci/run starts a server with .ci/postgres", EnvPostgres)
	}
	tb.Skipf("%s is not set: the PostgreSQL half is skipped (eval \"$(.ci/postgres start)\" starts a throw-away server)", EnvPostgres)
}

// DSN returns the PLANBOT_DB of a database of backend b that is migrated
// and empty, for tb alone until it ends.
func (b Backend) DSN(tb testing.TB) string {
	tb.Helper()
	if b == SQLite {
		return filepath.Join(tb.TempDir(), "planbot.db")
	}
	return pooledDatabase(tb)
}

// EmptyDSN returns the PLANBOT_DB of a new database of backend b with no
// table at all, which is removed when tb ends.
func (b Backend) EmptyDSN(tb testing.TB) string {
	tb.Helper()
	if b == SQLite {
		return filepath.Join(tb.TempDir(), "planbot.db")
	}
	return newDatabase(tb, "")
}

// Open opens a new database of backend b, as DSN makes it, with the clock
// now, and closes it when tb ends unless the test closed it.
func (b Backend) Open(tb testing.TB, now func() time.Time) *storage.DB {
	tb.Helper()
	return OpenDSN(tb, b.DSN(tb), now)
}

// OpenDSN opens the database dsn with the clock now, and closes it when tb
// ends unless the test closed it.
func OpenDSN(tb testing.TB, dsn string, now func() time.Time) *storage.DB {
	tb.Helper()
	db := storage.NewDB(dsn)
	if now != nil {
		db.Now = now
	}
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

// server is the connection to the test server's maintenance database.
var server struct {
	once sync.Once
	db   *sql.DB
	err  error
}

// admin returns a pool on the server of PLANBOT_TEST_POSTGRES.
func admin(tb testing.TB) *sql.DB {
	tb.Helper()
	Postgres.Require(tb)
	server.once.Do(func() {
		server.db, server.err = sql.Open("pgx", os.Getenv(EnvPostgres))
		if server.err == nil {
			// No cap: each test holding a pooled database holds a
			// connection, whose advisory lock marks the database taken.
			server.db.SetMaxIdleConns(8)
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			server.err = server.db.PingContext(ctx)
		}
	})
	if server.err != nil {
		tb.Fatalf("%s: %v", EnvPostgres, server.err)
	}
	return server.db
}

// dbURL returns the URL of database name on the test server.
func dbURL(tb testing.TB, name string) string {
	tb.Helper()
	u, err := url.Parse(os.Getenv(EnvPostgres))
	if err != nil {
		tb.Fatalf("%s: %v", EnvPostgres, err)
	}
	u.Path = "/" + name
	return u.String()
}

// newDatabase creates a database, a copy of template or empty when
// template is "", drops it when tb ends, and returns its URL.
func newDatabase(tb testing.TB, template string) string {
	tb.Helper()
	db := admin(tb)
	var rnd [6]byte
	if _, err := rand.Read(rnd[:]); err != nil {
		tb.Fatal(err)
	}
	name := "planbot_test_" + hex.EncodeToString(rnd[:])
	q := `CREATE DATABASE ` + name
	if template != "" {
		q += ` TEMPLATE ` + template
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if _, err := db.ExecContext(ctx, q); err != nil {
		tb.Fatalf("create test database: %v", err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		if _, err := db.ExecContext(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`); err != nil {
			tb.Errorf("drop test database: %v", err)
		}
	})
	return dbURL(tb, name)
}

// pooledDatabase takes a free database of the pool, or adds one to it, and
// returns its URL once its tables are empty. The pool's databases are
// copies of the template, named after it with a number; the advisory lock
// numbered alike, held on a connection of this process until tb ends,
// marks one taken. A process that dies releases its locks with its
// connections, so a database is never lost to the pool.
//
// When tb ends, the database is emptied in the background, and its
// comment says "clean" once it is: the next holder then starts at once,
// and empties it itself otherwise, as after a process that died.
func pooledDatabase(tb testing.TB) string {
	tb.Helper()
	template := templateName(tb)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	conn, err := admin(tb).Conn(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	base := lockBase(template)
	for n := 0; ; n++ {
		var ok bool
		if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock($1)`, base+int64(n)).Scan(&ok); err != nil {
			conn.Close()
			tb.Fatal(err)
		}
		if !ok {
			continue
		}
		name := fmt.Sprintf("%s_%d", template, n)
		u := dbURL(tb, name)
		var comment sql.NullString
		err := conn.QueryRowContext(ctx, `SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = $1`, name).Scan(&comment)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			_, err = conn.ExecContext(ctx, `CREATE DATABASE `+name+` TEMPLATE `+template)
		case err == nil && comment.String != "clean":
			err = emptyTables(ctx, u)
		}
		if err == nil {
			_, err = conn.ExecContext(ctx, `COMMENT ON DATABASE `+name+` IS 'in use'`)
		}
		if err != nil {
			conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock_all()`)
			conn.Close()
			tb.Fatalf("test database %s: %v", name, err)
		}
		tb.Cleanup(func() { go release(conn, name, u) })
		return u
	}
}

// release empties a pooled database, marks it clean, and gives it back to
// the pool by unlocking it. Any failure leaves it unmarked, to be emptied
// by its next holder.
func release(conn *sql.Conn, name, u string) {
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if emptyTables(ctx, u) == nil {
		conn.ExecContext(ctx, `COMMENT ON DATABASE `+name+` IS 'clean'`)
	}
	// Closing returns the connection to the pool: unlock first.
	conn.ExecContext(ctx, `SELECT pg_advisory_unlock_all()`)
}

// lockBase is the first advisory lock number of the pool of template.
func lockBase(template string) int64 {
	h := sha256.Sum256([]byte(template))
	var n int64
	for _, c := range h[:6] {
		n = n<<8 | int64(c)
	}
	return n << 8 // room for 256 databases
}

// emptyTables removes every row of the database at u but the record of
// its migrations, and restarts its identities, as in a new database. DELETE
// rather than TRUNCATE: on a test's few rows it takes a third of the time.
// Every foreign key cascades or sets null, so the order does not matter.
func emptyTables(ctx context.Context, u string) error {
	db, err := sql.Open("pgx", u)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(ctx, `DO $$
		DECLARE r record;
		BEGIN
			FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations' LOOP
				EXECUTE 'DELETE FROM ' || quote_ident(r.tablename);
			END LOOP;
			FOR r IN SELECT sequencename FROM pg_sequences WHERE schemaname = 'public' LOOP
				EXECUTE 'ALTER SEQUENCE ' || quote_ident(r.sequencename) || ' RESTART';
			END LOOP;
		END $$`)
	return err
}

// templates remembers the templates this process has made sure of.
var templates struct {
	mu   sync.Mutex
	done map[string]bool
}

// templateName returns the name of a database with every PostgreSQL
// migration applied and nothing else, creating it unless a test process
// did before. Its name carries a hash of the migrations, so a changed
// migration gets a new template. An advisory lock keeps the test binaries
// of several packages, which go test runs at once, from building it
// twice; it is built under another name and renamed when complete, so a
// run killed halfway leaves no half-migrated template.
func templateName(tb testing.TB) string {
	tb.Helper()
	name := "planbot_tmpl_" + migrationsHash(tb)
	templates.mu.Lock()
	defer templates.mu.Unlock()
	if templates.done[name] {
		return name
	}

	db := admin(tb)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	conn, err := db.Conn(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	defer conn.Close()
	const lock = 0x706c616e74706c // "plantpl"
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, int64(lock)); err != nil {
		tb.Fatal(err)
	}
	defer conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock($1)`, int64(lock))

	var n int
	if err := conn.QueryRowContext(ctx, `SELECT COUNT(*) FROM pg_database WHERE datname = $1`, name).Scan(&n); err != nil {
		tb.Fatal(err)
	}
	if n == 0 {
		build := name + "_build"
		for _, q := range []string{`DROP DATABASE IF EXISTS ` + build + ` WITH (FORCE)`, `CREATE DATABASE ` + build} {
			if _, err := conn.ExecContext(ctx, q); err != nil {
				tb.Fatalf("template: %v", err)
			}
		}
		sdb := storage.NewDB(dbURL(tb, build))
		if err := sdb.Open(); err != nil {
			tb.Fatalf("migrate template: %v", err)
		}
		if err := sdb.Close(); err != nil {
			tb.Fatal(err)
		}
		if _, err := conn.ExecContext(ctx, `ALTER DATABASE `+build+` RENAME TO `+name); err != nil {
			tb.Fatalf("template: %v", err)
		}
	}
	if templates.done == nil {
		templates.done = map[string]bool{}
	}
	templates.done[name] = true
	return name
}

// migrationsHash returns a short hash of the PostgreSQL migrations.
func migrationsHash(tb testing.TB) string {
	tb.Helper()
	fsys := storage.Migrations(storage.Postgres)
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil || len(names) == 0 {
		tb.Fatalf("postgres migrations: %v (%d files)", err, len(names))
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		buf, err := fs.ReadFile(fsys, n)
		if err != nil {
			tb.Fatal(err)
		}
		fmt.Fprintf(h, "%s\x00%d\x00", n, len(buf))
		h.Write(buf)
	}
	return strings.ToLower(hex.EncodeToString(h.Sum(nil))[:12])
}

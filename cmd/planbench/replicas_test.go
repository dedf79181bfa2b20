package main

import (
	"context"
	"database/sql"
	"fmt"
	neturl "net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/storage/storagetest"
)

func TestRemSubjectOf(t *testing.T) {
	for _, tt := range []struct {
		name, pg string
		replicas int
		wantErr  string
	}{
		{name: "sqlite", replicas: 1},
		{name: "pg3", pg: "postgres://db/x", replicas: 3},
		{name: "pg3", wantErr: "needs a PostgreSQL server"},
		{name: "pg0", pg: "postgres://db/x", wantErr: "bad -rem-subjects"},
		{name: "pg11", pg: "postgres://db/x", wantErr: "bad -rem-subjects"},
		{name: "mysql", wantErr: "bad -rem-subjects"},
	} {
		s, err := remSubjectOf(tt.name, tt.pg, "/bin/planbot")
		switch {
		case tt.wantErr != "":
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%s: err %v, want %q", tt.name, err, tt.wantErr)
			}
		case err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case s.replicas() != tt.replicas || s.Postgres != tt.pg:
			t.Errorf("%s: %d replicas on %q", tt.name, s.replicas(), s.Postgres)
		}
	}
}

// TestServerCPU reads the CPU time of the test PostgreSQL server, which
// runs on this machine, and creates and drops a database on it.
func TestServerCPU(t *testing.T) {
	storagetest.Postgres.Require(t)
	url := storagetest.Postgres.DSN(t)
	if u, err := neturl.Parse(url); err != nil || (u.Hostname() != "127.0.0.1" && u.Hostname() != "localhost" && u.Hostname() != "::1") {
		t.Skipf("%s is not on this machine: serverCPU reads /proc (CI's server, from .ci/postgres, is)", storagetest.EnvPostgres)
	}
	before, ok := serverCPU(url)
	if !ok {
		t.Fatalf("no local PostgreSQL server found for %s", url)
	}
	dsn, drop, err := createDatabase(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	db, err := openStore(dsn)
	if err != nil {
		t.Fatal(err)
	}
	// A query that costs the server a few hundred milliseconds of CPU,
	// in a backend that exits before the second reading.
	var n int
	if err := db.QueryRow(`SELECT COUNT(*) FROM generate_series(1, 3000000)`).Scan(&n); err != nil || n != 3000000 {
		t.Fatal(n, err)
	}
	db.Close()
	drop()
	after, _ := serverCPU(url)
	if after <= before {
		t.Errorf("server CPU went from %v to %v over a query that used some", before, after)
	}
	if _, ok := serverCPU("postgres://127.0.0.1:1/none"); ok {
		t.Error("found a server on port 1")
	}
}

// TestStorePoller_OutOfOrder commits goal 4 before goal 3, as concurrent
// PostgreSQL transactions may: the poller sees both.
func TestStorePoller_OutOfOrder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "goals.db")
	w, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	exec := func(q string) {
		t.Helper()
		if _, err := w.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	exec(`CREATE TABLE goals (id INTEGER PRIMARY KEY, title TEXT NOT NULL)`)
	exec(`INSERT INTO goals VALUES (1, 'a'), (2, 'b'), (4, 'd')`)
	r, err := openStore(path)
	if err != nil {
		t.Fatal(err)
	}
	p := &storePoller{db: r, seen: map[string]time.Time{}, ids: map[int64]bool{}}
	defer r.Close()
	ctx := context.Background()
	if err := p.poll(ctx); err != nil {
		t.Fatal(err)
	}
	if p.low != 2 || p.high != 4 {
		t.Fatalf("watermark %d, highest %d; want 2 and 4", p.low, p.high)
	}
	exec(`INSERT INTO goals VALUES (3, 'c')`)
	if err := p.poll(ctx); err != nil {
		t.Fatal(err)
	}
	for _, title := range []string{"a", "b", "c", "d"} {
		if _, ok := p.storedAt(title); !ok {
			t.Errorf("%s not seen", title)
		}
	}
	if p.low != 4 || len(p.ids) != 0 {
		t.Errorf("watermark %d with %v above; want 4 and none", p.low, p.ids)
	}
	// A gap (a rolled back ID) is passed once the highest ID is far enough.
	exec(fmt.Sprintf(`INSERT INTO goals VALUES (6, 'f'), (%d, 'z')`, 6+maxBehind))
	if err := p.poll(ctx); err != nil {
		t.Fatal(err)
	}
	if p.low != 6 {
		t.Errorf("watermark %d after a gap, want 6", p.low)
	}
}

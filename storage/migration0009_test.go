package storage_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/storage"
	"github.com/planbot/planbot/storage/storagetest"
)

// TestDB_MigrateEngagementHours opens a database made by the migrations
// before 0009, where one Slack message was queued twice in a plan (the
// trap of issue 15): 0009 keeps both items, lets the first alone keep its
// message so that the unique key holds, reads both as received when they
// were queued, and leaves the plan counting plain time.
func TestDB_MigrateEngagementHours(t *testing.T) {
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
	for _, name := range migrationNames(t, storagetest.SQLite) {
		if name >= "0009" {
			break
		}
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
	item := func(id int, ts string) string {
		return `INSERT INTO engagement_items (id, plan_id, network, excerpt, kind, owner_id, due_at, status, source_channel_id, source_ts, created_at, updated_at)
			VALUES (` + string(rune('0'+id)) + `, 1, 'instagram', 'Late & torn', 'complaint', 'U1', '` + at + `', 'open', 'CFEED', '` + ts + `', '` + at + `', '` + at + `')`
	}
	for _, q := range []string{
		`INSERT INTO plans (id, team_id, channel_id, time_zone, language, created_at, updated_at) VALUES (1, 'T1', 'C1', 'UTC', 'en', '` + at + `', '` + at + `')`,
		item(1, "1700000000.000100"), item(2, "1700000000.000100"), item(3, "1700000000.000200"),
	} {
		if _, err := old.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}

	db := MustOpenDBAt(t, path)
	items, _, err := storage.NewEngagementService(db).FindEngagementItems(ctx, plan.EngagementFilter{})
	if err != nil || len(items) != 3 {
		t.Fatalf("items after 0009: %d, %v; want all 3 kept", len(items), err)
	}
	sources := map[int64]string{}
	for _, it := range items {
		sources[it.ID] = it.SourceTS
		if !it.ReceivedAt.IsZero() || !it.Received().Equal(it.CreatedAt) {
			t.Errorf("item %d received %s, want unset and read as queued", it.ID, it.ReceivedAt)
		}
	}
	if want := map[int64]string{1: "1700000000.000100", 2: "", 3: "1700000000.000200"}; len(sources) != 3 ||
		sources[1] != want[1] || sources[2] != want[2] || sources[3] != want[3] {
		t.Fatalf("source ts after 0009: %v, want %v", sources, want)
	}
	p, err := storage.NewPlanService(db).FindPlanByID(ctx, 1)
	if err != nil || !p.WorkingHours.IsZero() || p.WorkingHours.Start != 0 {
		t.Fatalf("plan after 0009: %+v, %v; want no working hours", p, err)
	}
}

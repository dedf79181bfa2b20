package storage

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
)

// TestObservations_IndexServesMetricsAndWindow checks on SQLite that a
// read of a plan's observations by metrics and window searches the index
// of 0006 rather than scanning the table.
func TestObservations_IndexServesMetricsAndWindow(t *testing.T) {
	ctx := context.Background()
	db := NewDB(filepath.Join(t.TempDir(), "planbot.db"))
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tx, err := db.BeginTx(ctx, readOnly)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	id := int64(1)
	cond, args := observationWhere(tx, plan.ObservationFilter{PlanID: &id, Metrics: []string{"Leads", "impressions"},
		From: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)})
	rows, err := tx.QueryContext(ctx, `EXPLAIN QUERY PLAN SELECT `+observationColumns+` FROM observations WHERE `+cond, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plans []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plans = append(plans, detail)
	}
	got := strings.Join(plans, "; ")
	if !strings.Contains(got, "USING INDEX observations_plan_metric_date_idx (plan_id=? AND metric=?") {
		t.Errorf("query plan %q, want a search of observations_plan_metric_date_idx on plan and metric", got)
	}
}

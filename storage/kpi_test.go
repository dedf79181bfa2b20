package storage_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the pgx driver, for a database at 0005
	_ "github.com/mattn/go-sqlite3"    // the sqlite3 driver, for a database at 0005

	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/storage"
	"github.com/planbot/planbot/storage/storagetest"
)

// TestGoalService_KPIType stores a goal's KPI type and baseline date, reads
// them back, and changes them.
func TestGoalService_KPIType(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()
		db := MustOpenDB(t, backend)
		s := storage.NewGoalService(db)
		p := MustEnsurePlan(t, db, "T1", "C1")

		g := validGoal(p.ID)
		g.Metric, g.Baseline, g.Target = "cost per lead", 40, 20
		g.KPI = plan.KPIType{Direction: plan.DirectionDecrease, Aggregation: plan.AggregateCost, WeightMetric: "leads",
			Count: true, Period: plan.PeriodMonth} // Count and Period: cleared, a cost uses neither
		g.BaselineDate = day(2026, 2, 1)
		if err := s.CreateGoal(ctx, g); err != nil {
			t.Fatal(err)
		}
		want := plan.KPIType{Direction: plan.DirectionDecrease, Aggregation: plan.AggregateCost, WeightMetric: "leads"}
		got, err := s.FindGoalByID(ctx, g.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.KPI != want || !got.BaselineDate.Equal(day(2026, 2, 1)) {
			t.Fatalf("read back %+v from %s, want %+v from 2026-02-01", got.KPI, got.BaselineDate, want)
		}

		within := plan.KPIType{Direction: plan.DirectionWithin, Aggregation: plan.AggregateFlow, Period: plan.PeriodWeek, Low: 3, High: 5}
		noDate := time.Time{}
		if _, err := s.UpdateGoal(ctx, g.ID, plan.GoalUpdate{KPI: &within, BaselineDate: &noDate}); err != nil {
			t.Fatal(err)
		}
		snap, err := storage.NewSnapshotService(db).PlanSnapshot(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if k := snap.Goals[0]; k.KPI != within || !k.BaselineDate.IsZero() {
			t.Fatalf("snapshot reads %+v from %s, want %+v from the creation day", k.KPI, k.BaselineDate, within)
		}

		bad := plan.KPIType{Direction: plan.DirectionWithin, Aggregation: plan.AggregateLevel, Low: 5, High: 3}
		_, err = s.UpdateGoal(ctx, g.ID, plan.GoalUpdate{KPI: &bad})
		assertField(t, err, "kpi_range", "kpi.range.invalid")
	})
}

// TestDB_MigrateKPITypes opens a database made by the migrations before
// 0006, with three goals: 0006 gives each the type plan.DefaultKPIType
// gives it, as its comment says.
func TestDB_MigrateKPITypes(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()
		dsn := backend.EmptyDSN(t)
		driver, source := "sqlite3", "file:"+dsn+"?_foreign_keys=on"
		if backend == storagetest.Postgres {
			driver, source = "pgx", dsn
		}
		old, err := sql.Open(driver, source)
		if err != nil {
			t.Fatal(err)
		}
		defer old.Close()
		exec := func(q string) {
			t.Helper()
			if _, err := old.ExecContext(ctx, q); err != nil {
				t.Fatalf("%v: %s", err, q)
			}
		}
		const at = "2026-03-01T09:00:00.000000000Z"
		exec(`CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`)
		for _, name := range []string{"0001_init.sql", "0002_steps.sql", "0003_reminders.sql", "0004_measure.sql", "0005_channel_status.sql"} {
			buf, err := os.ReadFile(filepath.Join("migration", string(backend), name))
			if err != nil {
				t.Fatal(err)
			}
			exec(string(buf))
			exec(`INSERT INTO migrations (name, applied_at) VALUES ('` + name + `', '` + at + `')`)
		}
		exec(`INSERT INTO plans (id, team_id, channel_id, time_zone, language, created_at, updated_at) VALUES (1, 'T1', 'C1', 'UTC', 'en', '` + at + `', '` + at + `')`)
		exec(`INSERT INTO metrics (plan_id, name, kind, created_at) VALUES (1, 'Press Articles', 'count', '` + at + `')`)
		for _, g := range []struct {
			id             int
			metric         string
			baseline, goal string
		}{
			{1, "followers", "200", "300"},     // a level, up
			{2, "reply time", "6", "1"},        // down
			{3, " press articles ", "0", "12"}, // the count metric: cumulative
		} {
			exec(`INSERT INTO goals (id, plan_id, kind, title, metric, baseline, target, deadline, created_at, updated_at)
				VALUES (` + itoa(g.id) + `, 1, 'awareness', 'G', '` + g.metric + `', ` + g.baseline + `, ` + g.goal + `, '2026-12-31', '` + at + `', '` + at + `')`)
		}
		if err := old.Close(); err != nil {
			t.Fatal(err)
		}

		db := MustOpenDBAt(t, dsn)
		goals, _, err := storage.NewGoalService(db).FindGoals(ctx, plan.GoalFilter{})
		if err != nil {
			t.Fatal(err)
		}
		metrics := []*plan.Metric{{Name: "Press Articles", Kind: plan.MetricCount}}
		want := []plan.KPIType{
			{Direction: plan.DirectionIncrease, Aggregation: plan.AggregateLevel, Count: true},
			{Direction: plan.DirectionDecrease, Aggregation: plan.AggregateLevel, Count: true},
			{Direction: plan.DirectionIncrease, Aggregation: plan.AggregateCumulative},
		}
		for i, g := range goals {
			if g.KPI != want[i] {
				t.Errorf("goal %d migrated to %+v, want %+v", g.ID, g.KPI, want[i])
			}
			// The rule of the migration is DefaultKPIType's.
			if def := plan.DefaultKPIType(g, plan.FindMetric(metrics, g.Metric)); def != g.KPI {
				t.Errorf("goal %d: DefaultKPIType says %+v", g.ID, def)
			}
		}
	})
}

// TestMetricService_FindByMetricsAndItems reads observations by metrics
// (whatever their case), networks, window and content item, and refuses an
// observation about another plan's post.
func TestMetricService_FindByMetricsAndItems(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()
		db := MustOpenDB(t, backend)
		s := storage.NewMetricService(db)
		p := MustEnsurePlan(t, db, "T1", "C1")
		MustCreateGoal(t, db, p.ID) // KPI "newsletter signups"
		if err := s.CreateMetric(ctx, &plan.Metric{PlanID: p.ID, Name: "Impressions", Kind: plan.MetricCount}); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateMetric(ctx, &plan.Metric{PlanID: p.ID, Name: "clicks", Kind: plan.MetricCount}); err != nil {
			t.Fatal(err)
		}
		post := MustCreateItem(t, db, p.ID, nil)
		other := MustEnsurePlan(t, db, "T1", "C2")
		theirs := MustCreateItem(t, db, other.ID, nil)

		o := func(metric string, n plan.Network, d int, item int64) *plan.Observation {
			return &plan.Observation{PlanID: p.ID, Metric: metric, Network: n, Value: 1, Date: day(2026, 3, d), ContentItemID: item}
		}
		err := s.CreateObservations(ctx, []*plan.Observation{o("clicks", "", 1, 0), o("clicks", "", 2, theirs.ID)})
		assertCode(t, err, plan.EINVALID)
		var re plan.RowErrors
		if !errors.As(err, &re) || len(re) != 1 || re[0].Row != 2 || re[0].Key != "observation.content_item.unknown" {
			t.Fatalf("err = %v, want row 2 refused: another plan's post", err)
		}

		all := []*plan.Observation{
			o("newsletter signups", plan.NetworkInstagram, 1, 0), // 0
			o("IMPRESSIONS", plan.NetworkInstagram, 2, 0),        // 1
			o("clicks", plan.NetworkInstagram, 3, post.ID),       // 2
			o("impressions", "", 4, 0),                           // 3
			o("newsletter  signups", plan.NetworkX, 5, 0),        // 4
		}
		if err := s.CreateObservations(ctx, all); err != nil {
			t.Fatal(err)
		}
		insta, none := plan.NetworkInstagram, plan.Network("")
		tests := []struct {
			name   string
			filter plan.ObservationFilter
			want   []int
		}{
			{"Metrics", plan.ObservationFilter{Metrics: []string{"Newsletter Signups", "impressions"}}, []int{0, 1, 3, 4}},
			{"MetricOrMetrics", plan.ObservationFilter{Metric: "clicks", Metrics: []string{"impressions"}}, []int{1, 2, 3}},
			{"Networks", plan.ObservationFilter{Networks: []plan.Network{none, plan.NetworkX}}, []int{3, 4}},
			{"Network", plan.ObservationFilter{Network: &insta, Metrics: []string{"impressions"}}, []int{1}},
			{"Window", plan.ObservationFilter{Metrics: []string{"impressions", "newsletter signups"}, From: day(2026, 3, 2), To: day(2026, 3, 4)}, []int{1, 3}},
			{"ContentItem", plan.ObservationFilter{ContentItemID: &post.ID}, []int{2}},
			{"Page", plan.ObservationFilter{Newest: true, Limit: 2, Offset: 1}, []int{3, 2}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				f := tt.filter
				f.PlanID = &p.ID
				got, total, err := s.FindObservations(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				var ids, want []int64
				for _, o := range got {
					ids = append(ids, o.ID)
				}
				for _, i := range tt.want {
					want = append(want, all[i].ID)
				}
				wantTotal := len(tt.want)
				if f.Limit > 0 {
					wantTotal = len(all)
				}
				if !reflect.DeepEqual(ids, want) || total != wantTotal {
					t.Errorf("found %v of %d, want %v of %d", ids, total, want, wantTotal)
				}
				for _, o := range got {
					if f.Match(o) != true {
						t.Errorf("observation %d found, but the filter's Match refuses it", o.ID)
					}
				}
			})
		}
		if got, _, _ := s.FindObservations(ctx, plan.ObservationFilter{ID: &all[2].ID}); len(got) != 1 || got[0].ContentItemID != post.ID {
			t.Fatalf("read back %+v, want content item %d", got, post.ID)
		}
		if err := storage.NewContentService(db).DeleteContentItem(as("U1"), post.ID); err != nil {
			t.Fatal(err)
		}
		if got, _, _ := s.FindObservations(ctx, plan.ObservationFilter{ID: &all[2].ID}); len(got) != 1 || got[0].ContentItemID != 0 {
			t.Fatalf("after the post is deleted: %+v, want the observation kept, about no post", got)
		}
	})
}

func itoa(i int) string { return strconv.Itoa(i) }

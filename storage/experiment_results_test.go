package storage_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/planbot/planbot/internal/testclock"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/storage"
	"github.com/planbot/planbot/storage/storagetest"
)

// Issue 11, "Peeking": once an experiment runs its design is locked, its
// results are recorded once, a correction keeps the record before, and a
// restart keeps the run before with its results.
func TestExperimentService_CannotBeFooled(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()
		setup := func(t *testing.T) (*storage.DB, *storage.ExperimentService, *plan.Experiment, *testclock.Clock) {
			clock := testclock.New(mustTime(t, "2026-05-20T10:00:00Z"))
			db := MustOpenClockDB(t, backend, clock)
			s := storage.NewExperimentService(db)
			e := newTestExperiment(mustPlanIn(t, db, "C1", "Europe/Paris").ID)
			if err := s.CreateExperiment(ctx, e); err != nil {
				t.Fatal(err)
			}
			return db, s, e, clock
		}
		ab := func(n1, x1, n2, x2 int64) []plan.VariantResult {
			return []plan.VariantResult{{Exposures: n1, Successes: x1}, {Exposures: n2, Successes: x2}}
		}

		t.Run("ErrEndMovedToTodayWhileRunning", func(t *testing.T) {
			db, s, e, clock := setup(t)
			clock.Set(mustTime(t, "2026-06-04T10:00:00Z")) // 3 days into the test
			peek := *e
			peek.End = day(2026, 6, 4)
			err := s.UpdateExperiment(ctx, &peek)
			if fe := plan.ErrorFields(err); len(fe) != 1 || fe[0].Field != "end" || fe[0].Key != "experiment.locked" {
				t.Fatalf("end moved to today: %v, want experiment.locked on end", err)
			}
			if got, _ := s.FindExperimentByID(ctx, e.ID); !got.End.Equal(day(2026, 6, 14)) {
				t.Fatalf("end stored %s after a refused change", got.End)
			}
			if r := endReminder(t, db, e); !r.NextAt.Equal(mustTime(t, "2026-06-14T07:00:00Z")) {
				t.Fatalf("reminder moved to %s", r.NextAt)
			}
		})

		t.Run("RecordOnceCorrectKeepsFirst", func(t *testing.T) {
			_, s, e, clock := setup(t)
			clock.Set(mustTime(t, "2026-06-14T08:00:00Z"))
			if _, err := s.CorrectResults(ctx, e.ID, ab(1000, 200, 1000, 250), nil, "U3", "nothing yet"); plan.ErrorCode(err) != plan.ECONFLICT {
				t.Fatalf("correction before any record: %v, want ECONFLICT", err)
			}
			if _, err := s.RecordResults(ctx, e.ID, ab(1000, 200, 1000, 250), nil, "U3"); err != nil {
				t.Fatal(err)
			}
			clock.Set(mustTime(t, "2026-06-15T08:00:00Z"))
			if _, err := s.RecordResults(ctx, e.ID, ab(1000, 200, 1000, 300), nil, "U4"); plan.ErrorCode(err) != plan.ECONFLICT {
				t.Fatalf("second recording: %v, want ECONFLICT", err)
			}
			if _, err := s.CorrectResults(ctx, e.ID, ab(1000, 200, 1000, 210), nil, "U4", " "); plan.ErrorCode(err) != plan.EINVALID {
				t.Fatalf("correction without a note: %v, want EINVALID", err)
			}
			got, err := s.CorrectResults(ctx, e.ID, ab(1000, 200, 1000, 210), nil, "U4", "B's clicks counted twice")
			if err != nil {
				t.Fatal(err)
			}
			stored, err := s.FindExperimentByID(ctx, e.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range []*plan.Experiment{got, stored} {
				if len(x.Results) != 2 || x.Results[0].Seq != 1 || x.Results[0].RecordedBy != "U3" ||
					!slices.Equal(x.Results[0].Variants, ab(1000, 200, 1000, 250)) ||
					x.Results[1].Seq != 2 || x.Results[1].RecordedBy != "U4" || x.Results[1].Note != "B's clicks counted twice" {
					t.Fatalf("records %+v", x.Results)
				}
				// Concluded when first recorded, by U3; the figures in force are the correction's.
				if !x.ResultsAt.Equal(mustTime(t, "2026-06-14T08:00:00Z")) || x.ResultsBy != "U3" || x.Variants[1].Successes != 210 {
					t.Fatalf("experiment after correction %+v", x)
				}
			}
			changes := stored.Results[1].Changes(stored.Results[0])
			if len(changes) != 1 || changes[0] != (plan.ResultChange{Variant: 1, Field: "successes", Old: 250, New: 210}) {
				t.Fatalf("changes %+v", changes)
			}
		})

		t.Run("ResultsAppendOnly", func(t *testing.T) {
			db, s, e, clock := setup(t)
			clock.Set(mustTime(t, "2026-06-14T08:00:00Z"))
			if _, err := s.RecordResults(ctx, e.ID, ab(1000, 200, 1000, 250), nil, "U3"); err != nil {
				t.Fatal(err)
			}
			for _, q := range []string{
				`UPDATE experiment_results SET recorded_by = 'U9'`,
				`UPDATE experiment_result_variants SET successes = 999`,
			} {
				tx, err := db.BeginTx(ctx, nil)
				if err != nil {
					t.Fatal(err)
				}
				_, err = tx.ExecContext(ctx, q)
				tx.Rollback()
				if err == nil || !strings.Contains(err.Error(), "append-only") {
					t.Errorf("%s: %v, want refused as append-only", q, err)
				}
			}
		})

		t.Run("PostsRoundTrip", func(t *testing.T) {
			_, s, e, clock := setup(t)
			clock.Set(mustTime(t, "2026-06-14T08:00:00Z"))
			posts := []plan.ExperimentPost{
				{Variant: 0, Label: "Mon <reel>", Exposures: 1000, Successes: 50}, {Variant: 0, Label: "Wed", Exposures: 1000, Successes: 10},
				{Variant: 1, Label: "Tue", Exposures: 1000, Successes: 30}, {Variant: 1, ContentItemID: 7, Exposures: 1000, Successes: 31},
			}
			if _, err := s.RecordResults(ctx, e.ID, nil, posts, "U3"); err != nil {
				t.Fatal(err)
			}
			stored, _ := s.FindExperimentByID(ctx, e.ID)
			if len(stored.Results) != 1 || !slices.Equal(stored.Results[0].Posts, posts) || !slices.Equal(stored.Results[0].Variants, ab(2000, 60, 2000, 61)) {
				t.Fatalf("records %+v", stored.Results)
			}
			if j, err := stored.Conclusion(); err != nil || j.Test != plan.TestWelchPosts {
				t.Fatalf("verdict %+v, %v: want Welch's test on the posts", j, err)
			}
		})

		t.Run("RestartKeepsRun", func(t *testing.T) {
			db, s, e, clock := setup(t)
			clock.Set(mustTime(t, "2026-06-14T08:00:00Z"))
			if _, err := s.RecordResults(ctx, e.ID, ab(100, 2, 100, 9), nil, "U3"); err != nil {
				t.Fatal(err)
			}
			changed := *e
			changed.End, changed.PlannedSample = day(2026, 7, 5), 4000
			if _, err := s.RestartExperiment(ctx, e.ID, e, "U4", "same"); plan.ErrorCode(err) != plan.ECONFLICT {
				t.Fatalf("restart without change: %v, want ECONFLICT", err)
			}
			got, err := s.RestartExperiment(ctx, e.ID, &changed, "U4", "Too small: <4,000> per variant")
			if err != nil {
				t.Fatal(err)
			}
			stored, _ := s.FindExperimentByID(ctx, e.ID)
			for _, x := range []*plan.Experiment{got, stored} {
				if x.RunNumber() != 2 || x.Concluded() || len(x.Results) != 0 || x.PlannedSample != 4000 ||
					!x.Start.Equal(day(2026, 6, 14)) || !x.End.Equal(day(2026, 7, 5)) || x.Variants[1].Successes != 0 {
					t.Fatalf("restarted %+v", x)
				}
			}
			if r := endReminder(t, db, e); r.State != plan.ReminderActive || !r.NextAt.Equal(mustTime(t, "2026-07-05T07:00:00Z")) {
				t.Fatalf("reminder %+v after restart", r)
			}
			runs, err := s.FindExperimentRuns(ctx, e.ID)
			if err != nil || len(runs) != 1 {
				t.Fatalf("runs %+v, %v", runs, err)
			}
			r := runs[0]
			if r.Number != 1 || r.EndedBy != "U4" || r.Reason != "Too small: <4,000> per variant" || r.Design.PlannedSample != 2000 ||
				!r.Design.End.Equal(day(2026, 6, 14)) || !slices.Equal(r.Design.Variants, []string{"Statement", "Question"}) ||
				len(r.Results) != 1 || r.Results[0].Variants[1].Successes != 9 {
				t.Fatalf("run 1 %+v", r)
			}
			// The new run records its own results.
			clock.Set(mustTime(t, "2026-07-05T08:00:00Z"))
			if got, err := s.RecordResults(ctx, e.ID, ab(4000, 80, 4000, 120), nil, "U3"); err != nil || len(got.Results) != 1 || got.Results[0].Run != 2 {
				t.Fatalf("run 2 results %+v, %v", got, err)
			}
		})

		t.Run("DeleteRemovesHistory", func(t *testing.T) {
			db, s, e, clock := setup(t)
			clock.Set(mustTime(t, "2026-06-14T08:00:00Z"))
			if _, err := s.RecordResults(ctx, e.ID, ab(100, 2, 100, 9), nil, "U3"); err != nil {
				t.Fatal(err)
			}
			if err := s.DeleteExperiment(ctx, e.ID); err != nil {
				t.Fatal(err)
			}
			tx, err := db.BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback()
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM experiment_results`).Scan(&n); err != nil || n != 0 {
				t.Fatalf("%d result records left, %v", n, err)
			}
		})
	})
}

// TestDB_MigrateExperimentRuns opens a database made by the migrations
// before 0007, with an experiment whose results were recorded: 0007 keeps
// them as the first record of its first run, and the verdict stands.
func TestDB_MigrateExperimentRuns(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()
		dsn := backend.EmptyDSN(t)
		driver, url := "sqlite3", "file:"+dsn+"?_foreign_keys=on"
		if backend == storagetest.Postgres {
			driver, url = "pgx", dsn
		}
		old, err := sql.Open(driver, url)
		if err != nil {
			t.Fatal(err)
		}
		defer old.Close()
		const at = "2026-06-14T08:00:00.000000000Z"
		if _, err := old.ExecContext(ctx, `CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
			t.Fatal(err)
		}
		for _, name := range migrationNames(t, backend) {
			if name >= "0007" {
				break
			}
			buf, err := os.ReadFile(filepath.Join("migration", string(backend), name))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := old.ExecContext(ctx, string(buf)); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if _, err := old.ExecContext(ctx, `INSERT INTO migrations (name, applied_at) VALUES ('`+name+`', '`+at+`')`); err != nil {
				t.Fatal(err)
			}
		}
		for _, q := range []string{
			`INSERT INTO plans (id, team_id, channel_id, time_zone, language, created_at, updated_at) VALUES (1, 'T1', 'C1', 'UTC', 'en', '` + at + `', '` + at + `')`,
			`INSERT INTO experiments (id, plan_id, name, hypothesis, variable, network, success_metric, exposure_metric, baseline_rate,
			 min_effect, planned_sample, start_date, end_date, owner_id, created_by, results_at, results_by, created_at, updated_at)
			 VALUES (4, 1, 'Question', 'More clicks', 'question', 'instagram', 'clicks', 'impressions', 20, 5, 1000,
			 '2026-06-01', '2026-06-14', 'U1', 'U1', '` + at + `', 'U2', '` + at + `', '` + at + `')`,
			`INSERT INTO experiment_variants (experiment_id, position, name, exposures, successes) VALUES (4, 0, 'Statement', 1000, 200), (4, 1, 'Question', 1000, 250)`,
			`INSERT INTO experiments (id, plan_id, name, hypothesis, variable, network, success_metric, exposure_metric, baseline_rate,
			 min_effect, planned_sample, start_date, end_date, created_at, updated_at)
			 VALUES (5, 1, 'Running', 'h', 'day', 'x', 'clicks', 'impressions', 2, 1, 0, '2026-06-01', '2026-07-14', '` + at + `', '` + at + `')`,
			`INSERT INTO experiment_variants (experiment_id, position, name) VALUES (5, 0, 'Mon'), (5, 1, 'Fri')`,
		} {
			if _, err := old.ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		if err := old.Close(); err != nil {
			t.Fatal(err)
		}

		db := MustOpenDBAt(t, dsn)
		s := storage.NewExperimentService(db)
		e, err := s.FindExperimentByID(ctx, 4)
		if err != nil {
			t.Fatal(err)
		}
		if e.RunNumber() != 1 || len(e.Results) != 1 || e.Results[0].RecordedBy != "U2" || e.Results[0].Seq != 1 ||
			!slices.Equal(e.Results[0].Variants, []plan.VariantResult{{Exposures: 1000, Successes: 200}, {Exposures: 1000, Successes: 250}}) {
			t.Fatalf("migrated %+v", e)
		}
		// Issue 11's reference: 200/1000 vs 250/1000, p ≈ 0.0074.
		if j, err := e.Conclusion(); err != nil || j.Winner != 1 || j.PValue < 0.0073 || j.PValue > 0.0075 {
			t.Fatalf("verdict %+v, %v", j, err)
		}
		if running, err := s.FindExperimentByID(ctx, 5); err != nil || running.Concluded() || len(running.Results) != 0 || running.RunNumber() != 1 {
			t.Fatalf("running experiment %+v, %v", running, err)
		}
	})
}

package storage_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/planbot/planbot/internal/testclock"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/storage"
	"github.com/planbot/planbot/storage/storagetest"
)

// newTestExperiment returns a valid experiment of plan planID ending on
// June 14, 2026.
func newTestExperiment(planID int64) *plan.Experiment {
	return &plan.Experiment{
		PlanID: planID, Name: "Question or statement", Hypothesis: "A question <b>gets</b> more clicks",
		Variable: plan.VariableQuestion, Network: plan.NetworkInstagram,
		Variants:      []plan.ExperimentVariant{{Name: "Statement"}, {Name: "Question"}},
		SuccessMetric: "clicks", ExposureMetric: "impressions",
		BaselineRate: 2, MinEffect: 0.5, PlannedSample: 2000,
		Start: day(2026, 6, 1), End: day(2026, 6, 14), OwnerID: "U1", CreatedBy: "U2",
	}
}

// endReminder returns the experiment_end reminder of e.
func endReminder(tb testing.TB, db *storage.DB, e *plan.Experiment) *plan.Reminder {
	tb.Helper()
	kind := plan.ReminderExperimentEnd
	rs, err := storage.NewReminderService(db).FindReminders(context.Background(), plan.ReminderFilter{Kind: &kind, SubjectID: &e.ID})
	if err != nil || len(rs) != 1 {
		tb.Fatalf("reminders of experiment %d: %d, %v", e.ID, len(rs), err)
	}
	return rs[0]
}

func TestExperimentService(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()
		setup := func(t *testing.T) (*storage.DB, *storage.ExperimentService, *plan.Plan, *testclock.Clock) {
			clock := testclock.New(mustTime(t, "2026-05-20T10:00:00Z"))
			db := MustOpenClockDB(t, backend, clock)
			return db, storage.NewExperimentService(db), mustPlanIn(t, db, "C1", "Europe/Paris"), clock
		}

		t.Run("CreateSchedulesEndReminder", func(t *testing.T) {
			db, s, p, _ := setup(t)
			e := newTestExperiment(p.ID)
			if err := s.CreateExperiment(ctx, e); err != nil {
				t.Fatal(err)
			}
			got, err := s.FindExperimentByID(ctx, e.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, e) {
				t.Fatalf("stored %+v\nwant   %+v", got, e)
			}
			r := endReminder(t, db, e)
			// June 14, 09:00 in Paris.
			if want := mustTime(t, "2026-06-14T07:00:00Z"); !r.NextAt.Equal(want) || r.ChannelID != "C1" || r.OwnerID != "U1" || r.State != plan.ReminderActive {
				t.Fatalf("reminder %+v, want active at %s in C1 for U1", r, want)
			}
		})

		t.Run("ErrInvalid", func(t *testing.T) {
			_, s, p, _ := setup(t)
			e := newTestExperiment(p.ID)
			e.Name, e.Variants = "", e.Variants[:1]
			err := s.CreateExperiment(ctx, e)
			if plan.ErrorCode(err) != plan.EINVALID || len(plan.ErrorFields(err)) != 2 || e.ID != 0 {
				t.Fatalf("CreateExperiment = %v, ID %d", err, e.ID)
			}
		})

		t.Run("UpdateReschedules", func(t *testing.T) {
			db, s, p, _ := setup(t)
			e := newTestExperiment(p.ID)
			if err := s.CreateExperiment(ctx, e); err != nil {
				t.Fatal(err)
			}
			e.End = day(2026, 6, 21)
			e.Variants = append(e.Variants, plan.ExperimentVariant{Name: "Emoji"})
			if err := s.UpdateExperiment(ctx, e); err != nil {
				t.Fatal(err)
			}
			got, _ := s.FindExperimentByID(ctx, e.ID)
			if len(got.Variants) != 3 || !got.End.Equal(day(2026, 6, 21)) {
				t.Fatalf("updated %+v", got)
			}
			if r := endReminder(t, db, e); !r.NextAt.Equal(mustTime(t, "2026-06-21T07:00:00Z")) {
				t.Fatalf("reminder at %s after the end date moved", r.NextAt)
			}
		})

		t.Run("ResultsCloseReminder", func(t *testing.T) {
			db, s, p, clock := setup(t)
			e := newTestExperiment(p.ID)
			if err := s.CreateExperiment(ctx, e); err != nil {
				t.Fatal(err)
			}
			res := []plan.VariantResult{{Exposures: 1200, Successes: 144}, {Exposures: 1200, Successes: 192}}
			if _, err := s.RecordResults(ctx, e.ID, res, nil, "U3"); plan.ErrorCode(err) != plan.EINVALID {
				t.Fatalf("results before the end: %v, want EINVALID", err)
			}
			clock.Set(mustTime(t, "2026-06-14T07:30:00Z"))
			got, err := s.RecordResults(ctx, e.ID, res, nil, "U3")
			if err != nil {
				t.Fatal(err)
			}
			// 144/1200 vs 192/1200 gives z = −2.824, p = 0.0047 (by hand and
			// with R's prop.test without continuity correction).
			j, err := got.Conclusion()
			if err != nil || j.Winner != 1 || j.PValue < 0.0046 || j.PValue > 0.0048 {
				t.Fatalf("verdict %+v, %v; want B, p = 0.0047", j, err)
			}
			stored, _ := s.FindExperimentByID(ctx, e.ID)
			if !stored.Concluded() || stored.ResultsBy != "U3" || stored.Variants[1].Successes != 192 || len(stored.Results) != 1 {
				t.Fatalf("stored %+v", stored)
			}
			if r := endReminder(t, db, e); r.State != plan.ReminderCancelled {
				t.Fatalf("reminder %s after results, want cancelled", r.State)
			}
			// The design is locked; the name is not.
			changed := *stored
			changed.PlannedSample = 500
			if err := s.UpdateExperiment(ctx, &changed); plan.ErrorCode(err) != plan.EINVALID || plan.ErrorFields(err)[0].Key != "experiment.locked" {
				t.Fatalf("design edit after results: %v, want experiment.locked", err)
			}
			renamed := *stored
			renamed.Name = "Question or statement, spring"
			if err := s.UpdateExperiment(ctx, &renamed); err != nil {
				t.Fatal(err)
			}
			if again, _ := s.FindExperimentByID(ctx, e.ID); again.Name != renamed.Name || again.Variants[1].Successes != 192 || !again.Concluded() {
				t.Fatalf("renamed %+v: results lost", again)
			}
			if r := endReminder(t, db, e); r.State != plan.ReminderCancelled {
				t.Fatalf("reminder %s after a rename, want still cancelled", r.State)
			}
			concluded := true
			if es, n, err := s.FindExperiments(ctx, plan.ExperimentFilter{PlanID: &p.ID, Concluded: &concluded}); err != nil || n != 1 || len(es) != 1 {
				t.Fatalf("concluded experiments: %d, %v", n, err)
			}
		})

		t.Run("DeleteCancelsReminder", func(t *testing.T) {
			db, s, p, _ := setup(t)
			e := newTestExperiment(p.ID)
			if err := s.CreateExperiment(ctx, e); err != nil {
				t.Fatal(err)
			}
			if err := s.DeleteExperiment(ctx, e.ID); err != nil {
				t.Fatal(err)
			}
			if r := endReminder(t, db, e); r.State != plan.ReminderCancelled || !r.NextAt.IsZero() {
				t.Fatalf("reminder %+v after delete", r)
			}
			if _, err := s.FindExperimentByID(ctx, e.ID); plan.ErrorCode(err) != plan.ENOTFOUND {
				t.Fatalf("find deleted: %v", err)
			}
			if err := s.DeleteExperiment(ctx, e.ID); plan.ErrorCode(err) != plan.ENOTFOUND {
				t.Fatalf("delete twice: %v", err)
			}
		})

		t.Run("ListRunningFirst", func(t *testing.T) {
			_, s, p, clock := setup(t)
			early, late := newTestExperiment(p.ID), newTestExperiment(p.ID)
			late.End = day(2026, 7, 1)
			for _, e := range []*plan.Experiment{early, late} {
				if err := s.CreateExperiment(ctx, e); err != nil {
					t.Fatal(err)
				}
			}
			clock.Set(mustTime(t, "2026-06-15T00:00:00Z"))
			if _, err := s.RecordResults(ctx, early.ID, []plan.VariantResult{{Exposures: 10, Successes: 1}, {Exposures: 10, Successes: 2}}, nil, "U1"); err != nil {
				t.Fatal(err)
			}
			es, total, err := s.FindExperiments(ctx, plan.ExperimentFilter{PlanID: &p.ID, Limit: 1})
			if err != nil || total != 2 || len(es) != 1 || es[0].ID != late.ID {
				t.Fatalf("first page: %v total %d, %v; want the running one", es, total, err)
			}
		})
	})
}

package bot

import (
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
)

func fixtureExperiment() *plan.Experiment {
	return &plan.Experiment{
		ID: 3, PlanID: 1, Name: "Question " + evil, Hypothesis: "A question gets more clicks " + evil,
		Variable: plan.VariableQuestion, Network: plan.NetworkInstagram,
		Variants:      []plan.ExperimentVariant{{Name: "Statement"}, {Name: "Question " + evil}},
		SuccessMetric: "clicks", ExposureMetric: "impressions",
		BaselineRate: 2, MinEffect: 0.5, PlannedSample: 2000,
		Start: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 6, 14, 0, 0, 0, 0, time.UTC),
		OwnerID: "U0ANA", CreatedBy: "U0ANA",
	}
}

// concluded returns fixtureExperiment with results: B wins 192/1200 over 144/1200.
func fixtureConcluded(tb testing.TB) *plan.Experiment {
	e := fixtureExperiment()
	res := []plan.VariantResult{{Exposures: 1200, Successes: 144}, {Exposures: 1200, Successes: 192}}
	if err := e.SetResults(res, "U0ANA", e.End, fixtureNow); err != nil {
		tb.Fatal(err)
	}
	return e
}

func TestExperimentViews(t *testing.T) {
	today := time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC)
	meta := viewMeta{PlanID: 1, ChannelID: "C1"}
	for _, lang := range []Lang{EN, FR} {
		l := string(lang)
		t.Run("Modal_"+l, func(t *testing.T) {
			v := experimentModal(lang, fixtureExperiment(), viewMeta{PlanID: 1, ChannelID: "C1", ID: 3, ParentID: "V1"})
			golden(t, "experiment_modal_edit_"+l, v)
			checkModalLimits(t, v)
		})
		t.Run("List_"+l, func(t *testing.T) {
			running := fixtureExperiment()
			running.ID, running.End = 4, today.AddDate(0, 0, 7)
			v := experimentsListModal(lang, []*plan.Experiment{running, fixtureExperiment(), fixtureConcluded(t)}, 3, meta, today)
			raw := golden(t, "experiments_list_"+l, v)
			checkModalLimits(t, v)
			checkEscaped(t, v)
			// Results open only for the ended experiment that has none.
			if n := strings.Count(string(raw), `"action_id": "`+ActionExperimentResults+`"`); n != 1 {
				t.Errorf("%d Record results buttons, want 1", n)
			}
		})
		t.Run("Verdict_"+l, func(t *testing.T) {
			e := fixtureConcluded(t)
			v, err := e.Verdict()
			if err != nil {
				t.Fatal(err)
			}
			text, blocks := experimentVerdictMessage(lang, "U0ANA", e, v)
			checkReminderMessage(t, text, blocks)
			golden(t, "experiment_verdict_"+l, blocks)
		})
	}
	t.Run("NewModal", func(t *testing.T) {
		v := experimentModal(EN, &plan.Experiment{OwnerID: "U0ANA", Start: today, End: today.AddDate(0, 0, 14), SuccessMetric: "clicks", ExposureMetric: "impressions"}, meta)
		golden(t, "experiment_modal_new_en", v)
		checkModalLimits(t, v)
	})
	t.Run("Results", func(t *testing.T) {
		v := experimentResultsModal(EN, fixtureExperiment(), viewMeta{PlanID: 1, ID: 3})
		raw := golden(t, "experiment_results_en", v)
		checkModalLimits(t, v)
		for _, b := range []string{BlockExperimentExposures + "a", BlockExperimentSuccesses + "b"} {
			if !strings.Contains(string(raw), b) {
				t.Errorf("results form lacks %s", b)
			}
		}
	})
	t.Run("Note", func(t *testing.T) {
		text, blocks := experimentNote(EN, "note.experiment.created", "U0ANA", fixtureExperiment())
		checkReminderMessage(t, text, blocks)
		raw := golden(t, "experiment_note_en", blocks)
		mustHave(t, string(raw), "13,8", "Too small to conclude", "Planned: 2,000")
	})
	t.Run("VerdictMoreNeeded", func(t *testing.T) {
		e := fixtureExperiment()
		if err := e.SetResults([]plan.VariantResult{{Exposures: 100, Successes: 5}, {Exposures: 100, Successes: 8}}, "U0ANA", e.End, fixtureNow); err != nil {
			t.Fatal(err)
		}
		v, _ := e.Verdict()
		text, blocks := experimentVerdictMessage(EN, "U0ANA", e, v)
		checkReminderMessage(t, text, blocks)
		mustHave(t, text, "No significant difference", "959 more impressions per variant")
	})
	t.Run("Reminder", func(t *testing.T) {
		d := &plan.Delivery{Occurrence: plan.Occurrence{Firing: plan.Firing{Due: fixtureNow.Add(-72 * time.Hour), Late: true, Missed: 0}}}
		text, blocks := experimentEndMessage(EN, fixtureExperiment(), fixtureReminder(plan.ReminderExperimentEnd), d, fixtureParis)
		checkReminderMessage(t, text, blocks)
		raw := golden(t, "experiment_reminder_en", blocks)
		mustHave(t, string(raw), ActionExperimentResults, ActionReminderSnoozeHour, ActionReminderSnoozeDay, ActionOpenStep, "Late: this reminder was due Jun 12, 2026 at 14:00")
	})
}

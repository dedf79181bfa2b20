package bot

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

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

// withResults returns e with the results first recorded by U0ANA, then
// each correction in fixes, by U0BOB.
func withResults(tb testing.TB, e *plan.Experiment, first []plan.VariantResult, posts []plan.ExperimentPost, fixes ...[]plan.VariantResult) *plan.Experiment {
	tb.Helper()
	rec, err := e.RecordResults(nil, first, posts, "U0ANA", e.End, fixtureNow)
	if err != nil {
		tb.Fatal(err)
	}
	e.Results = []plan.ResultRecord{rec}
	for _, f := range fixes {
		fix, err := e.CorrectResults(e.Results, f, nil, "U0BOB", "Counted twice "+evil, e.End, fixtureNow.Add(time.Hour))
		if err != nil {
			tb.Fatal(err)
		}
		e.Results = append(e.Results, fix)
	}
	e.ApplyResults(e.Results[len(e.Results)-1])
	return e
}

func ab(n1, x1, n2, x2 int64) []plan.VariantResult {
	return []plan.VariantResult{{Exposures: n1, Successes: x1}, {Exposures: n2, Successes: x2}}
}

// fixtureConcluded returns fixtureExperiment with results: B wins 192/1200
// over 144/1200.
func fixtureConcluded(tb testing.TB) *plan.Experiment {
	return withResults(tb, fixtureExperiment(), ab(1200, 144, 1200, 192), nil)
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
		t.Run("Locked_"+l, func(t *testing.T) {
			v := experimentLockedModal(lang, fixtureExperiment(), viewMeta{PlanID: 1, ChannelID: "C1", ID: 3, ParentID: "V1"})
			raw := golden(t, "experiment_modal_locked_"+l, v)
			checkModalLimits(t, v)
			checkEscaped(t, v)
			mustHave(t, string(raw), ActionExperimentRestart, BlockExperimentName, BlockExperimentOwner)
			for _, design := range []string{BlockExperimentEnd, BlockExperimentVariable, BlockExperimentPlanned} {
				if strings.Contains(string(raw), `"block_id": "`+design+`"`) {
					t.Errorf("locked form has the input %s", design)
				}
			}
		})
		t.Run("List_"+l, func(t *testing.T) {
			running := fixtureExperiment()
			running.ID, running.End = 4, today.AddDate(0, 0, 7)
			corrected := withResults(t, fixtureExperiment(), ab(1200, 144, 1200, 192), nil, ab(1200, 144, 1200, 150))
			corrected.ID = 5
			v := experimentsListModal(lang, []*plan.Experiment{running, fixtureExperiment(), fixtureConcluded(t), corrected}, 4, meta, today)
			raw := golden(t, "experiments_list_"+l, v)
			checkModalLimits(t, v)
			checkEscaped(t, v)
			// Results open only for the ended experiment that has none;
			// the two with results can be corrected.
			for action, want := range map[string]int{ActionExperimentResults: 1, ActionExperimentCorrect: 2, ActionExperimentDetail: 4} {
				if n := strings.Count(string(raw), `"action_id": "`+action+`"`); n != want {
					t.Errorf("%d %s buttons, want %d", n, action, want)
				}
			}
		})
		t.Run("Verdict_"+l, func(t *testing.T) {
			e := fixtureConcluded(t)
			j, err := e.Conclusion()
			if err != nil {
				t.Fatal(err)
			}
			rec, _ := e.InForce()
			text, blocks := experimentVerdictMessage(lang, "U0ANA", e, j, rec)
			checkReminderMessage(t, text, blocks)
			golden(t, "experiment_verdict_"+l, blocks)
		})
		t.Run("Correction_"+l, func(t *testing.T) {
			e := withResults(t, fixtureExperiment(), ab(1200, 144, 1200, 192), nil, ab(1200, 144, 1200, 150))
			j, _ := e.Conclusion()
			text, blocks := experimentCorrectionNote(lang, "U0BOB", e, j, e.Results[0], e.Results[1])
			checkReminderMessage(t, text, blocks)
			raw := golden(t, "experiment_correction_"+l, blocks)
			mustHave(t, string(raw), "B · clicks", "192 → 150")
		})
		t.Run("Detail_"+l, func(t *testing.T) {
			e := withResults(t, fixtureExperiment(), ab(1200, 144, 1200, 192), nil, ab(1200, 144, 1200, 150))
			e.Run = 2
			for i := range e.Results {
				e.Results[i].Run = 2
			}
			before := fixtureExperiment().Design()
			before.End, before.PlannedSample = time.Date(2026, 6, 7, 0, 0, 0, 0, time.UTC), 500
			runs := []plan.ExperimentRun{{ID: 1, ExperimentID: 3, Number: 1, Design: before, EndedBy: "U0BOB",
				EndedAt: time.Date(2026, 6, 3, 9, 0, 0, 0, time.UTC), Reason: "Too small " + evil}}
			v := experimentDetailModal(lang, e, runs, today, viewMeta{PlanID: 1, ChannelID: "C1", ID: 3, ParentID: "V1"})
			raw := golden(t, "experiment_detail_"+l, v)
			checkModalLimits(t, v)
			checkEscaped(t, v)
			mustHave(t, string(raw), "<@U0ANA>", "<@U0BOB>", "192 → 150")
		})
	}
	t.Run("NewModal", func(t *testing.T) {
		v := experimentModal(EN, &plan.Experiment{OwnerID: "U0ANA", Start: today, End: today.AddDate(0, 0, 14), SuccessMetric: "clicks", ExposureMetric: "impressions"}, meta)
		golden(t, "experiment_modal_new_en", v)
		checkModalLimits(t, v)
	})
	t.Run("Restart", func(t *testing.T) {
		v := experimentRestartModal(FR, fixtureExperiment(), viewMeta{PlanID: 1, ID: 3, ParentID: "V1"})
		raw := golden(t, "experiment_restart_fr", v)
		checkModalLimits(t, v)
		mustHave(t, string(raw), BlockExperimentReason, BlockExperimentEnd, "l'essai 1", "l'essai 2")
	})
	t.Run("Results", func(t *testing.T) {
		v := experimentResultsModal(EN, fixtureExperiment(), nil, viewMeta{PlanID: 1, ID: 3})
		raw := golden(t, "experiment_results_en", v)
		checkModalLimits(t, v)
		mustHave(t, string(raw), BlockExperimentExposures+"a", BlockExperimentSuccesses+"b", BlockExperimentPosts)
		if strings.Contains(string(raw), BlockExperimentNote) {
			t.Error("the results form asks for a correction note")
		}
	})
	t.Run("CorrectionForm", func(t *testing.T) {
		e := withResults(t, fixtureExperiment(), nil, []plan.ExperimentPost{
			{Variant: 0, Label: "Mon; reel", Exposures: 13250, Successes: 40}, {Variant: 1, Label: "Tue", Exposures: 1000, Successes: 30},
		})
		prev, _ := e.InForce()
		v := experimentResultsModal(FR, e, &prev, viewMeta{PlanID: 1, ID: 3, ParentID: "V1"})
		raw := golden(t, "experiment_correction_modal_fr", v)
		checkModalLimits(t, v)
		// The posts come back as the form reads them, in French.
		mustHave(t, string(raw), CallbackExperimentCorrection, BlockExperimentNote, "A; Mon, reel; 13\u202f250; 40")
	})
	t.Run("Note", func(t *testing.T) {
		text, blocks := experimentNote(EN, "note.experiment.created", "U0ANA", fixtureExperiment())
		checkReminderMessage(t, text, blocks)
		raw := golden(t, "experiment_note_en", blocks)
		mustHave(t, string(raw), "13,8", "Too small to conclude", "Planned: 2,000")
	})
	t.Run("Reminder", func(t *testing.T) {
		d := &plan.Delivery{Occurrence: plan.Occurrence{Firing: plan.Firing{Due: fixtureNow.Add(-72 * time.Hour), Late: true, Missed: 0}}}
		text, blocks := experimentEndMessage(EN, fixtureExperiment(), fixtureReminder(plan.ReminderExperimentEnd), d, fixtureParis)
		checkReminderMessage(t, text, blocks)
		raw := golden(t, "experiment_reminder_en", blocks)
		mustHave(t, string(raw), ActionExperimentResults, ActionReminderSnoozeHour, ActionReminderSnoozeDay, ActionOpenStep, "Late: this reminder was due Jun 12, 2026 at 14:00")
	})
}

// The verdict's words, with the reference values of issue 11 (checked
// with R's prop.test and fisher.test): the test used, the p-value in the reader's language, the
// plain sentence, never "confidence".
func TestVerdictText(t *testing.T) {
	three := fixtureExperiment()
	three.Variants = append(three.Variants, plan.ExperimentVariant{Name: "Emoji"})
	underpowered := fixtureExperiment() // 2,000 planned per variant
	tests := []struct {
		name     string
		e        *plan.Experiment
		results  []plan.VariantResult
		posts    []plan.ExperimentPost
		lang     Lang
		want     []string
		wantNot  []string
		planned0 bool
	}{
		// 200/1000 vs 250/1000: z ≈ 2.68, p ≈ 0.0074 (issue 11).
		{name: "ZWinner", e: fixtureExperiment(), results: ab(1000, 200, 1000, 250), planned0: true, lang: EN,
			want: []string{"*Variant B did better than variant A*: 25.0% against 20.0%.", "p = 0.0074 (two-proportion z-test, two-sided)", "0.7% of the time"}},
		{name: "ZWinnerFrench", e: fixtureExperiment(), results: ab(1000, 200, 1000, 250), planned0: true, lang: FR,
			want: []string{"*La variante B a fait mieux que la variante A*\u202f: 25,0", "p = 0,0074 (test z de deux proportions, bilatéral)"}},
		// 3/4 vs 0/4: Fisher's exact test, p = 1/7 ≈ 0.14 (issue 11).
		{name: "FisherNoWinner", e: underpowered, results: ab(4, 3, 4, 0), lang: EN,
			want:    []string{"*Underpowered: 4 of 2,000 planned* impressions per variant", "p = 0.14 (Fisher's exact test"},
			wantNot: []string{"did better"}},
		// 3 days into a 14-day test: 100 of 2,000 planned (issue 11).
		{name: "Underpowered", e: fixtureExperiment(), results: ab(100, 2, 100, 3), lang: EN,
			want: []string{"Underpowered: 100 of 2,000 planned", "that is not proof that there is none"}},
		// 150/1000 vs 140/1000 among three: the best, B, against the
		// runner-up, C: pooled p = 0.145, SE = sqrt(0.145·0.855·0.002) =
		// 0.015747, z = 0.635, two-sided p = 0.53.
		{name: "BestAgainstRunnerUp", e: three, results: []plan.VariantResult{{Exposures: 1000, Successes: 100}, {Exposures: 1000, Successes: 150}, {Exposures: 1000, Successes: 140}}, planned0: true, lang: EN,
			want:    []string{"*No clear difference* between variant B and variant C", "p = 0.53", "With 3 variants, the best (B) was tested against the runner-up (C)."},
			wantNot: []string{"did better"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := *tt.e
			e.Variants = append([]plan.ExperimentVariant(nil), tt.e.Variants...)
			if tt.planned0 {
				e.PlannedSample = 1
			}
			withResults(t, &e, tt.results, tt.posts)
			j, err := e.Conclusion()
			if err != nil {
				t.Fatal(err)
			}
			got := verdictText(tt.lang, &e, j)
			mustHave(t, got, tt.want...)
			for _, s := range append(tt.wantNot, "onfiance", "onfidence") {
				if strings.Contains(got, s) {
					t.Errorf("verdict says %q:\n%s", s, got)
				}
			}
		})
	}
}

func TestFormatPValue(t *testing.T) {
	for _, tt := range []struct {
		p      float64
		en, fr string
	}{
		{0.0074, "0.0074", "0,0074"}, {1.0 / 7, "0.14", "0,14"}, {0.0474, "0.047", "0,047"},
		{1, "1", "1"}, {0.001, "0.001", "0,001"}, {0.00004, "< 0.001", "< 0,001"},
	} {
		if en, fr := formatPValue(EN, tt.p), formatPValue(FR, tt.p); en != tt.en || fr != tt.fr {
			t.Errorf("formatPValue(%g) = %q, %q; want %q, %q", tt.p, en, fr, tt.en, tt.fr)
		}
	}
}

// Counts are read in the convention of the user's locale; what stays
// ambiguous is refused with both readings, and what was typed stays.
func TestReadResults(t *testing.T) {
	e := fixtureExperiment()
	state := func(values map[string]string) formState {
		s := &slack.ViewState{Values: map[string]map[string]slack.BlockAction{}}
		for block, v := range values {
			s.Values[block] = map[string]slack.BlockAction{ActionInput: {Value: v}}
		}
		return formState{s}
	}
	exp, succ := BlockExperimentExposures, BlockExperimentSuccesses
	t.Run("EnglishThousands", func(t *testing.T) {
		v, posts, errs := readResults(state(map[string]string{exp + "a": "13,250", succ + "a": "1,200", exp + "b": "13250", succ + "b": "9"}), e, EN, plan.NumberEnglish)
		if len(errs) != 0 || posts != nil || v[0] != (plan.VariantResult{Exposures: 13250, Successes: 1200}) {
			t.Fatalf("%+v %v %v", v, posts, errs)
		}
	})
	t.Run("FrenchSpaces", func(t *testing.T) {
		v, _, errs := readResults(state(map[string]string{exp + "a": "13 250", succ + "a": "1\u202f200", exp + "b": "13\u00a0250", succ + "b": "1,250"}), e, FR, plan.NumberFrench)
		if len(errs) != 0 || v[0] != (plan.VariantResult{Exposures: 13250, Successes: 1200}) || v[1].Successes != 1250 {
			t.Fatalf("%+v %v", v, errs)
		}
	})
	t.Run("ErrAmbiguousAndMissing", func(t *testing.T) {
		_, _, errs := readResults(state(map[string]string{exp + "a": "1.000", succ + "a": "lots", exp + "b": "12.5"}), e, EN, plan.NumberEnglish)
		mustHave(t, errs[exp+"a"], "1.000: did you mean 1,000 or 1?")
		mustHave(t, errs[succ+"a"], "not a number")
		mustHave(t, errs[exp+"b"], "whole number")
		mustHave(t, errs[succ+"b"], "paste results per post")
	})
	t.Run("Posts", func(t *testing.T) {
		_, posts, errs := readResults(state(map[string]string{BlockExperimentPosts: "A; lun; 1 000; 10\nB; mar; 1 000; 12\nA; mer; 500; 5", exp + "a": "1 500"}), e, FR, plan.NumberFrench)
		if len(errs) != 0 || len(posts) != 3 || posts[2].Exposures != 500 {
			t.Fatalf("%+v %v", posts, errs)
		}
		_, _, errs = readResults(state(map[string]string{BlockExperimentPosts: "A; lun; 1 000; 10\nB; mar; 1 000; 12\nZ; x; 1; 1"}), e, FR, plan.NumberFrench)
		mustHave(t, errs[BlockExperimentPosts], "Ligne 3\u202f: Variante inconnue «\u202fZ\u202f»")
		_, _, errs = readResults(state(map[string]string{BlockExperimentPosts: "A; lun; 1 000; 10\nB; mar; 1 000; 12", exp + "a": "1 200"}), e, FR, plan.NumberFrench)
		mustHave(t, errs[exp+"a"], "somme de ses publications (1\u202f000)")
	})
}

// TestExperimentDomainKeys checks that every catalogue key the step's
// domain code returns is in the catalogue: a key missing would show
// itself to users.
func TestExperimentDomainKeys(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "plan", "experiment*.go"))
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`"(experiment\.[a-z_.]+[a-z_])"`)
	found := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			found++
			if !Has(m[1]) {
				t.Errorf("%s: key %q is not in the catalogue", filepath.Base(f), m[1])
			}
		}
	}
	for _, k := range []string{"number.required", "number.invalid", "number.control", "number.too_large"} {
		if !Has(experimentNumberKey(k)) {
			t.Errorf("number key %q has no text", k)
		}
	}
	if found < 20 {
		t.Fatalf("found only %d keys: the scan is broken", found)
	}
}

package plan_test

import (
	"math"
	"slices"
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// validExperiment tests a question against a statement on Instagram, from a
// 2 % click rate, looking for half a point more.
func validExperiment() *plan.Experiment {
	return &plan.Experiment{
		PlanID: 1, Name: "Question or statement", Hypothesis: "A question gets more clicks",
		Variable: plan.VariableQuestion, Network: "instagram",
		Variants:      []plan.ExperimentVariant{{Name: "Statement"}, {Name: "Question"}},
		SuccessMetric: "clicks", ExposureMetric: "impressions",
		BaselineRate: 2, MinEffect: 0.5, PlannedSample: 2000,
		Start: date(2026, 6, 1), End: date(2026, 6, 14), OwnerID: "U1",
	}
}

func TestExperimentValidate(t *testing.T) {
	today := date(2026, 5, 20)
	tests := []struct {
		name       string
		edit       func(e *plan.Experiment)
		wantFields []string
	}{
		{name: "OK", edit: func(e *plan.Experiment) {}},
		{name: "OK/FourVariants", edit: func(e *plan.Experiment) {
			e.Variants = append(e.Variants, plan.ExperimentVariant{Name: "Emoji"}, plan.ExperimentVariant{Name: "Poll"})
		}},
		{name: "OK/EndsToday", edit: func(e *plan.Experiment) { e.Start, e.End = today, today }},
		{name: "ErrRequired", edit: func(e *plan.Experiment) {
			e.Name, e.Hypothesis, e.SuccessMetric, e.ExposureMetric = "", "", "", ""
		}, wantFields: []string{"name", "hypothesis", "success_metric", "exposure_metric"}},
		{name: "ErrVariableAndNetwork", edit: func(e *plan.Experiment) { e.Variable, e.Network = "colour", "myspace" },
			wantFields: []string{"variable", "network"}},
		{name: "ErrOneVariant", edit: func(e *plan.Experiment) { e.Variants = e.Variants[:1] }, wantFields: []string{"variants"}},
		{name: "ErrVariantEmptyAndDuplicate", edit: func(e *plan.Experiment) {
			e.Variants = []plan.ExperimentVariant{{Name: "Same"}, {Name: "same"}, {Name: ""}}
		}, wantFields: []string{"variant_b", "variant_c"}},
		{name: "ErrRates", edit: func(e *plan.Experiment) { e.BaselineRate, e.MinEffect = 0, -1 },
			wantFields: []string{"baseline_rate", "min_effect"}},
		{name: "ErrEffectTooLarge", edit: func(e *plan.Experiment) { e.BaselineRate, e.MinEffect = 90, 10 },
			wantFields: []string{"min_effect"}},
		{name: "ErrEndBeforeStart", edit: func(e *plan.Experiment) { e.End = e.Start.AddDate(0, 0, -1) }, wantFields: []string{"end"}},
		{name: "ErrEndPast", edit: func(e *plan.Experiment) { e.Start, e.End = date(2026, 5, 1), date(2026, 5, 19) }, wantFields: []string{"end"}},
		{name: "ErrNoDates", edit: func(e *plan.Experiment) { e.Start = time.Time{} }, wantFields: []string{"start"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := validExperiment()
			tt.edit(e)
			var fields []string
			for _, fe := range plan.ErrorFields(e.Validate(today, true)) {
				fields = append(fields, fe.Field)
			}
			if !slices.Equal(fields, tt.wantFields) {
				t.Errorf("fields = %v, want %v", fields, tt.wantFields)
			}
		})
	}
}

func TestExperimentSampleNeeded(t *testing.T) {
	e := validExperiment()
	n, err := e.SampleNeeded()
	if err != nil {
		t.Fatal(err)
	}
	// 2 % to 2.5 % at alpha 0.05 and 80 % power: Fleiss's formula by hand,
	// (1.960·√(2·0.0225·0.9775) + 0.8416·√(0.0196+0.024375))² / 0.005² = 13,808.6.
	if n < 13700 || n > 13900 {
		t.Errorf("SampleNeeded = %d, want about 13,800", n)
	}
	if !e.TooSmall() {
		t.Error("2,000 impressions planned for 13,800 needed: TooSmall = false")
	}
	e.PlannedSample = 14000
	if e.TooSmall() {
		t.Error("14,000 planned: TooSmall = true")
	}
	e.PlannedSample = 0
	if e.TooSmall() {
		t.Error("no plan: TooSmall = true")
	}
	// Three variants: two comparisons at alpha 0.025 each need more.
	e.Variants = append(e.Variants, plan.ExperimentVariant{Name: "Emoji"})
	if m, _ := e.SampleNeeded(); m <= n || e.Alpha() != 0.025 {
		t.Errorf("3 variants: alpha %v, %d needed, want 0.025 and more than %d", e.Alpha(), m, n)
	}
}

func TestExperimentEndRule(t *testing.T) {
	e := validExperiment()
	paris, _ := time.LoadLocation("Europe/Paris")
	r := e.EndRule(paris)
	// June 14, 09:00 CEST.
	if want := MustParseTime(t, "2026-06-14T07:00:00Z"); r.Frequency != plan.FrequencyOnce || !r.At.Equal(want) {
		t.Errorf("EndRule = %+v, want once at %s", r, want)
	}
}

func TestExperimentSetResults(t *testing.T) {
	now := MustParseTime(t, "2026-06-14T08:00:00Z")
	res := []plan.VariantResult{{Exposures: 100, Successes: 45}, {Exposures: 100, Successes: 30}}
	t.Run("ErrTooEarly", func(t *testing.T) {
		e := validExperiment()
		err := e.SetResults(res, "U1", date(2026, 6, 13), now)
		if fe := plan.ErrorFields(err); len(fe) != 1 || fe[0].Key != "experiment.results.too_early" {
			t.Fatalf("SetResults before the end = %v", err)
		}
		if e.Concluded() {
			t.Fatal("concluded after a refused result")
		}
	})
	t.Run("ErrCounts", func(t *testing.T) {
		e := validExperiment()
		err := e.SetResults([]plan.VariantResult{{Exposures: 0, Successes: 0}, {Exposures: 10, Successes: 11}}, "U1", date(2026, 6, 14), now)
		var fields []string
		for _, fe := range plan.ErrorFields(err) {
			fields = append(fields, fe.Field)
		}
		if want := []string{"exposures_a", "successes_b"}; !slices.Equal(fields, want) {
			t.Fatalf("fields = %v, want %v", fields, want)
		}
	})
	t.Run("OK", func(t *testing.T) {
		e := validExperiment()
		if err := e.SetResults(res, "U1", date(2026, 6, 14), now); err != nil {
			t.Fatal(err)
		}
		if !e.Concluded() || e.ResultsBy != "U1" || e.Variants[1].Successes != 30 {
			t.Fatalf("results not recorded: %+v", e)
		}
	})
}

func TestExperimentVerdict(t *testing.T) {
	tests := []struct {
		name           string
		results        [][2]int64 // exposures, successes
		wantWinner     int
		wantConfidence float64
		wantMore       int64
	}{
		// 45/100 vs 30/100, z = 2.191, p = 0.0285 (R's prop.test without
		// continuity correction): the control wins.
		{name: "ControlWins", results: [][2]int64{{100, 45}, {100, 30}}, wantWinner: 0, wantConfidence: 0.9715},
		// 144/1200 vs 192/1200, z = -2.824, p = 0.0047: B wins.
		{name: "VariantWins", results: [][2]int64{{1200, 144}, {1200, 192}}, wantWinner: 1, wantConfidence: 0.9953},
		// 5 % vs 8 % on 100 each: 1,059 needed per variant, 959 more.
		{name: "TooSmall", results: [][2]int64{{100, 5}, {100, 8}}, wantWinner: -1, wantConfidence: 0.6105, wantMore: 959},
		{name: "NoDifference", results: [][2]int64{{100, 10}, {100, 10}}, wantWinner: -1},
		// Three variants at alpha 0.025 each: C beats A clearly, B does not.
		{name: "BestOfThree", results: [][2]int64{{1000, 20}, {1000, 25}, {1000, 60}}, wantWinner: 2, wantConfidence: 0.99999, wantMore: -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := validExperiment()
			e.Variants = nil
			var res []plan.VariantResult
			for i, r := range tt.results {
				e.Variants = append(e.Variants, plan.ExperimentVariant{Name: string(rune('A' + i))})
				res = append(res, plan.VariantResult{Exposures: r[0], Successes: r[1]})
			}
			if err := e.SetResults(res, "U1", e.End, e.End); err != nil {
				t.Fatal(err)
			}
			v, err := e.Verdict()
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%+v", v)
			if v.Winner != tt.wantWinner {
				t.Errorf("Winner = %d, want %d", v.Winner, tt.wantWinner)
			}
			if tt.wantConfidence != 0 && math.Abs(v.Confidence-tt.wantConfidence) > 1e-3 {
				t.Errorf("Confidence = %.4f, want %.4f", v.Confidence, tt.wantConfidence)
			}
			if tt.wantMore >= 0 && v.MoreNeeded != tt.wantMore {
				t.Errorf("MoreNeeded = %d, want %d", v.MoreNeeded, tt.wantMore)
			}
			if len(v.Comparisons) != len(tt.results)-1 || len(v.Rates) != len(tt.results) {
				t.Errorf("%d comparisons, %d rates for %d variants", len(v.Comparisons), len(v.Rates), len(tt.results))
			}
		})
	}
	t.Run("ErrNoResults", func(t *testing.T) {
		if _, err := validExperiment().Verdict(); plan.ErrorCode(err) != plan.EINVALID {
			t.Fatalf("Verdict without results = %v, want EINVALID", err)
		}
	})
}

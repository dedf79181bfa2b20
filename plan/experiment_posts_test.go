package plan_test

import (
	"slices"
	"testing"

	"github.com/planbot/planbot/plan"
)

func TestParseCountLocale(t *testing.T) {
	tests := []struct {
		name string
		in   string
		loc  plan.NumberLocale
		want int64
		key  string // the error's catalogue key, "" for none
	}{
		{name: "Plain", in: "1200", loc: plan.NumberEnglish, want: 1200},
		{name: "EnglishComma", in: "13,250", loc: plan.NumberEnglish, want: 13250},
		{name: "FrenchSpace", in: "13 250", loc: plan.NumberFrench, want: 13250},
		{name: "FrenchNarrowSpace", in: "13\u202f250", loc: plan.NumberFrench, want: 13250},
		// 1,25 cannot be a count: the only count reading is 1 250.
		{name: "FrenchCommaIsGrouping", in: "1,250", loc: plan.NumberFrench, want: 1250},
		{name: "EnglishPointIsGrouping", in: "1.250", loc: plan.NumberEnglish, want: 1250},
		// 1.000 is 1 000 or 1: both are counts, so it stays ambiguous.
		{name: "ErrBothWhole", in: "1.000", loc: plan.NumberEnglish, key: "number.ambiguous"},
		{name: "ErrFraction", in: "12.5", loc: plan.NumberEnglish, key: "experiment.count.invalid"},
		{name: "ErrNegative", in: "-3", loc: plan.NumberEnglish, key: "experiment.count.invalid"},
		{name: "ErrPercent", in: "12 %", loc: plan.NumberFrench, key: "experiment.count.invalid"},
		{name: "ErrWord", in: "lots", loc: plan.NumberEnglish, key: "number.invalid"},
		{name: "ErrEmpty", in: " ", loc: plan.NumberFrench, key: "number.required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := plan.ParseCountLocale(tt.in, tt.loc)
			if key := plan.ErrorKey(err); key != tt.key || (err == nil && got != tt.want) {
				t.Errorf("ParseCountLocale(%q) = %d, %v (key %q); want %d, key %q", tt.in, got, err, key, tt.want, tt.key)
			}
		})
	}
}

func TestReadExperimentPosts(t *testing.T) {
	variants := []string{"Statement", "Question"}
	t.Run("OK", func(t *testing.T) {
		tests := []struct {
			name string
			text string
			loc  plan.NumberLocale
		}{
			{name: "Commas", text: "variant,post,exposures,successes\nA,Mon reel,\"1,200\",36\nb,Tue reel,800,40\n\nQuestion,,1500,60\n", loc: plan.NumberEnglish},
			{name: "SemicolonsFrench", text: "A; Mon reel; 1 200; 36\nB; Tue reel; 800; 40\nquestion; ; 1 500; 60", loc: plan.NumberFrench},
			{name: "SpreadsheetTabs", text: "\ufeffVariante\tPublication\tImpressions\tClics\r\nA\tMon reel\t1200\t36\r\nB\tTue reel\t800\t40\r\nB\t\t1500\t60\r\n", loc: plan.NumberFrench},
		}
		want := []plan.ExperimentPost{
			{Variant: 0, Label: "Mon reel", Exposures: 1200, Successes: 36},
			{Variant: 1, Label: "Tue reel", Exposures: 800, Successes: 40},
			{Variant: 1, Exposures: 1500, Successes: 60},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, errs := plan.ReadExperimentPosts(tt.text, variants, tt.loc)
				if errs != nil || !slices.Equal(got, want) {
					t.Errorf("got %+v, %v\nwant %+v", got, errs, want)
				}
			})
		}
	})
	t.Run("ThreeColumns", func(t *testing.T) {
		got, errs := plan.ReadExperimentPosts("A;100;3\nB;100;5", variants, plan.NumberFrench)
		if errs != nil || len(got) != 2 || got[1] != (plan.ExperimentPost{Variant: 1, Exposures: 100, Successes: 5}) {
			t.Errorf("got %+v, %v", got, errs)
		}
	})
	t.Run("Errors", func(t *testing.T) {
		text := "A;p1;12.5;10\nC;p2;100;1\nB;p3;1.000;3\nB;p4;0;0\nB;p5;10;11\nA;p6;10\u0007;1\nA;x;1;2;3"
		_, errs := plan.ReadExperimentPosts(text, variants, plan.NumberEnglish)
		type e struct {
			row        int
			field, key string
		}
		want := []e{
			{1, "exposures", "experiment.count.invalid"},
			{2, "variant", "experiment.post.variant"},
			{3, "exposures", "number.ambiguous"},
			{4, "exposures", "experiment.exposures.invalid"},
			{5, "successes", "experiment.successes.too_many"},
			{6, "exposures", "number.control"},
			{7, "columns", "experiment.posts.columns"},
		}
		var got []e
		for _, x := range errs {
			got = append(got, e{x.Row, x.Field, x.Key})
		}
		if !slices.Equal(got, want) {
			t.Errorf("errors %+v\nwant   %+v", got, want)
		}
		if errs[2].Grouped != 1000 || errs[2].Decimal != 1 {
			t.Errorf("ambiguous readings %v and %v, want 1000 and 1", errs[2].Grouped, errs[2].Decimal)
		}
	})
	t.Run("ErrEmpty", func(t *testing.T) {
		if _, errs := plan.ReadExperimentPosts("variant;post;exposures;successes\n", variants, plan.NumberFrench); len(errs) != 1 || errs[0].Key != "experiment.posts.empty" {
			t.Errorf("errors %+v", errs)
		}
	})
}

// Results stored before result records read as one record; the verdict
// comes from the record in force, the last correction.
func TestExperimentConclusion(t *testing.T) {
	e := validExperiment()
	if _, err := e.Conclusion(); plan.ErrorCode(err) != plan.EINVALID {
		t.Fatalf("conclusion without results: %v", err)
	}
	legacy := validExperiment()
	if err := legacy.SetResults([]plan.VariantResult{{Exposures: 1000, Successes: 200}, {Exposures: 1000, Successes: 250}}, "U1", legacy.End, legacy.End); err != nil {
		t.Fatal(err)
	}
	// Issue 11's reference: 200/1000 vs 250/1000, z ≈ 2.68, p ≈ 0.0074.
	j, err := legacy.Conclusion()
	if err != nil || j.Test != plan.TestTwoProportionZ || j.Winner != 1 || j.PValue < 0.0073 || j.PValue > 0.0075 {
		t.Fatalf("legacy conclusion %+v, %v", j, err)
	}

	first, err := e.RecordResults(nil, []plan.VariantResult{{Exposures: 1000, Successes: 200}, {Exposures: 1000, Successes: 250}}, nil, "U1", e.End, e.End)
	if err != nil {
		t.Fatal(err)
	}
	e.Results = []plan.ResultRecord{first}
	fix, err := e.CorrectResults(e.Results, []plan.VariantResult{{Exposures: 1000, Successes: 200}, {Exposures: 1000, Successes: 210}}, nil, "U2", "typo in B", e.End, e.End)
	if err != nil {
		t.Fatal(err)
	}
	e.Results = append(e.Results, fix)
	if !e.Corrected() {
		t.Error("not corrected")
	}
	// 200/1000 vs 210/1000: pooled p = 0.205, SE = sqrt(0.205·0.795·0.002)
	// = 0.018054, z = 0.01/0.018054 = 0.554, two-sided p = 0.580.
	j, err = e.Conclusion()
	if err != nil || j.Winner != -1 || j.PValue < 0.57 || j.PValue > 0.59 {
		t.Fatalf("corrected conclusion %+v, %v", j, err)
	}
}

// Issue 11, "Peeking": a restart cannot make a run that ends today, which
// would take the figures seen so far as its results at once.
func TestExperimentRestartEndsAfterToday(t *testing.T) {
	e := validExperiment()
	today := e.Start.AddDate(0, 0, 3)
	changed := *e
	changed.Variants = append([]plan.ExperimentVariant(nil), e.Variants...)
	changed.End = today
	_, err := e.Restart(&changed, nil, "U1", "peek", today, today)
	if fe := plan.ErrorFields(err); len(fe) != 1 || fe[0].Field != "end" || fe[0].Key != "experiment.end.restart_today" {
		t.Fatalf("restart ending today: %v", err)
	}
	changed.End = today.AddDate(0, 0, 1)
	if _, err := e.Restart(&changed, nil, "U1", "longer", today, today); err != nil {
		t.Fatal(err)
	}
}

package bot

import (
	"math"
	"slices"
	"testing"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

func TestFormatFigure(t *testing.T) {
	tests := []struct {
		name string
		lang Lang
		f    float64
		unit string
		want string
	}{
		{"Thousands", EN, 13250, "", "13,250"},
		{"ThousandsFR", FR, 13250, "", "13\u202f250"},
		{"Millions", EN, -1234567.891, "", "-1,234,567.89"},
		{"MillionsFR", FR, -1234567.891, "", "-1\u202f234\u202f567,89"},
		{"Small", EN, 0.034567, "", "0.0346"},
		{"Hundreds", FR, 999, "", "999"},
		{"NegativeZero", EN, -0.00001, "", "0"},
		{"Percent", EN, 2.1, "%", "2.1%"},
		{"PercentFR", FR, 2.1, "%", "2,1\u202f%"},
		{"Unit", EN, 1200, "followers", "1,200 followers"},
		{"UnitFR", FR, 1200, "abonnés", "1\u202f200\u00a0abonnés"},
		{"UnitEscaped", EN, 3, "<b>", "3 &lt;b&gt;"},
		{"NaN", EN, math.NaN(), "", "—"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := figureWithUnit(tt.lang, tt.f, tt.unit); got != tt.want {
				t.Errorf("figureWithUnit(%s, %v, %q) = %q, want %q", tt.lang, tt.f, tt.unit, got, tt.want)
			}
		})
	}
}

// TestReadFormNumber reads numbers as English and French users type them
// (issue 11: "13,250 followers" was stored as 13.25), and words the
// refusals in the user's language.
func TestReadFormNumber(t *testing.T) {
	en := userInfo{Lang: EN, Numbers: plan.NumberEnglish}
	fr := userInfo{Lang: FR, Numbers: plan.NumberFrench}
	de := userInfo{Lang: EN, Numbers: plan.NumberNeutral} // de-DE: English words, no number convention
	tests := []struct {
		name    string
		u       userInfo
		text    string
		empty   float64
		want    float64
		key     string
		message string
	}{
		{name: "EnglishThousands", u: en, text: "13,250", want: 13250},
		{name: "EnglishDecimal", u: en, text: "1,200.5", want: 1200.5},
		{name: "FrenchSpace", u: fr, text: "13 250", want: 13250},
		{name: "FrenchNoBreak", u: fr, text: "13\u00a0250", want: 13250},
		{name: "FrenchNarrowNoBreak", u: fr, text: "13\u202f250", want: 13250},
		{name: "FrenchDecimal", u: fr, text: "1 200,5", want: 1200.5},
		{name: "FrenchHalf", u: fr, text: "0,5", want: 0.5},
		{name: "Empty", u: en, text: " ", empty: 7, want: 7},
		{name: "Required", u: en, text: "", empty: math.NaN(), key: "number.required", message: "Type a number."},
		// "1,250" typed in French: 1 250 or 1,25? Both readings, in French.
		{name: "FrenchAmbiguous", u: fr, text: "1,250", key: "number.ambiguous",
			message: "«\u202f1,250\u202f» se lit de deux façons\u202f: vouliez-vous dire 1\u202f250 ou 1,25\u202f? Saisissez-le sans ambiguïté, par exemple sans le séparateur."},
		{name: "EnglishPointAmbiguous", u: en, text: "1.250", key: "number.ambiguous",
			message: "“1.250” can be read two ways: did you mean 1,250 or 1.25? Type it without the doubt, e.g. without the separator."},
		{name: "NeutralAmbiguous", u: de, text: "20,000", key: "number.ambiguous"},
		{name: "NeutralUnambiguous", u: de, text: "20 000", want: 20000},
		{name: "NaN", u: en, text: "NaN", key: "number.invalid", message: "This must be a number, e.g. 1,200.5."},
		{name: "Inf", u: en, text: "Inf", key: "number.invalid"},
		{name: "Exponent", u: en, text: "1e13", key: "number.invalid"},
		{name: "TooLarge", u: en, text: "2,000,000,000,000", key: "number.too_large"},
		{name: "Control", u: fr, text: "12\u200b50", key: "number.control"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readFormNumber(tt.u, "target", tt.text, tt.empty)
			if tt.key == "" {
				if err != nil || got != tt.want {
					t.Fatalf("read %q as %v, %v; want %v", tt.text, got, err, tt.want)
				}
				return
			}
			if err == nil || err.Key != tt.key || err.Field != "target" {
				t.Fatalf("read %q as %v, %+v; want error %s on target", tt.text, got, err, tt.key)
			}
			if msg := tt.u.Lang.T(err.Key, err.Args...); tt.message != "" && msg != tt.message {
				t.Errorf("message %q, want %q", msg, tt.message)
			}
		})
	}
}

// TestReadGoalForm reads the KPI type of the goal form: the direction
// told by baseline and target when left empty, a range with no target,
// and the numbers in the user's convention.
func TestReadGoalForm(t *testing.T) {
	form := func(values map[string]string, count bool) formState {
		s := &slack.ViewState{Values: map[string]map[string]slack.BlockAction{}}
		for block, v := range values {
			a := slack.BlockAction{Value: v}
			switch block {
			case BlockGoalAggregation, BlockGoalDirection, BlockGoalPeriod, BlockGoalKind:
				a = slack.BlockAction{SelectedOption: slack.OptionBlockObject{Value: v}}
			}
			s.Values[block] = map[string]slack.BlockAction{ActionInput: a}
		}
		if count {
			s.Values[BlockGoalCount] = map[string]slack.BlockAction{ActionInput: {SelectedOptions: []slack.OptionBlockObject{{Value: goalCountValue}}}}
		}
		return formState{s}
	}
	fr := userInfo{Lang: FR, Numbers: plan.NumberFrench}
	tests := []struct {
		name     string
		values   map[string]string
		count    bool
		baseline float64
		target   float64
		kpi      plan.KPIType
		errs     []string // fields
	}{
		{name: "DownByItself", values: map[string]string{BlockGoalAggregation: "rate", BlockGoalBaseline: "6", BlockGoalTarget: "1,5"},
			baseline: 6, target: 1.5, kpi: plan.KPIType{Direction: plan.DirectionDecrease, Aggregation: plan.AggregateRate}},
		{name: "UpCount", values: map[string]string{BlockGoalAggregation: "level", BlockGoalBaseline: "12 000", BlockGoalTarget: "13\u202f250"}, count: true,
			baseline: 12000, target: 13250, kpi: plan.KPIType{Direction: plan.DirectionIncrease, Aggregation: plan.AggregateLevel, Count: true}},
		// A range needs no target: its middle, (3+5)/2 = 4, stands for it.
		{name: "Range", values: map[string]string{BlockGoalAggregation: "flow", BlockGoalPeriod: "week", BlockGoalDirection: "within",
			BlockGoalLow: "3", BlockGoalHigh: "5"},
			target: 4, kpi: plan.KPIType{Direction: plan.DirectionWithin, Aggregation: plan.AggregateFlow, Period: plan.PeriodWeek, Low: 3, High: 5}},
		{name: "Errors", values: map[string]string{BlockGoalAggregation: "level", BlockGoalBaseline: "beaucoup", BlockGoalTarget: "1,250",
			BlockGoalDirection: "within", BlockGoalLow: "3"},
			errs: []string{"baseline", "high", "target"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			upd, errs := readGoalForm(form(tt.values, tt.count), fr)
			var fields []string
			for _, e := range errs {
				fields = append(fields, e.Field)
			}
			if len(tt.errs) > 0 || len(errs) > 0 {
				if !slices.Equal(fields, tt.errs) {
					t.Fatalf("errors on %v, want %v", fields, tt.errs)
				}
				return
			}
			if *upd.Baseline != tt.baseline || *upd.Target != tt.target || *upd.KPI != tt.kpi {
				t.Errorf("read %v → %v, %+v; want %v → %v, %+v", *upd.Baseline, *upd.Target, *upd.KPI, tt.baseline, tt.target, tt.kpi)
			}
		})
	}
}

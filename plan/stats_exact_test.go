package plan_test

import (
	"math"
	"testing"

	"github.com/planbot/planbot/plan"
)

// Reference p-values of Fisher's exact test: exact fractions summed by
// hand over the hypergeometric tables (Python's fractions and math.comb
// checked them), matching R's fisher.test where R's documentation prints
// them (TeaTasting: 0.4857; Convictions: 0.0005367).
func TestFisherExact(t *testing.T) {
	tests := []struct {
		name           string
		x1, n1, x2, n2 int64
		want           float64
	}{
		// Issue 11: 3/4 vs 0/4 was "A wins, 97 %". Tables with margins
		// (4, 4; 3, 5) have probabilities 4, 24, 24, 4 out of 56: 8/56.
		{name: "ThreeOfFourVsNone", x1: 3, n1: 4, x2: 0, n2: 4, want: 1.0 / 7},
		{name: "FourOfFourVsNone", x1: 4, n1: 4, x2: 0, n2: 4, want: 1.0 / 35},
		{name: "TeaTasting", x1: 3, n1: 4, x2: 1, n2: 4, want: 17.0 / 35},
		{name: "Convictions", x1: 2, n1: 17, x2: 10, n2: 13, want: 0.0005367241191434358},
		{name: "Swapped", x1: 10, n1: 13, x2: 2, n2: 17, want: 0.0005367241191434358},
		{name: "NoneVsAll", x1: 0, n1: 5, x2: 5, n2: 5, want: 1.0 / 126},
		{name: "TwelveVsThree", x1: 12, n1: 100, x2: 3, n2: 100, want: 4226275093.0 / 147404299278},
		{name: "Unbalanced", x1: 7, n1: 20, x2: 2, n2: 25, want: 528923.0 / 9328033},
		{name: "Same", x1: 2, n1: 10, x2: 2, n2: 10, want: 1},
		{name: "AllZero", x1: 0, n1: 10, x2: 0, n2: 7, want: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := plan.FisherExact(tt.x1, tt.n1, tt.x2, tt.n2)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(got-tt.want) > 1e-9*max(1, tt.want) {
				t.Errorf("FisherExact = %.12g, want %.12g", got, tt.want)
			}
		})
	}
	if _, err := plan.FisherExact(5, 4, 0, 4); plan.ErrorCode(err) != plan.EINVALID {
		t.Errorf("5/4: err %v, want EINVALID", err)
	}
}

// R's documented example, t.test(extra ~ group, data = sleep): Welch's
// t = -1.8608, df = 17.776, p-value = 0.07939.
func TestWelchTTest(t *testing.T) {
	a := []float64{0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0}
	b := []float64{1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4}
	got, err := plan.WelchTTest(a, b)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(got.T+1.8608) > 5e-5 || math.Abs(got.DF-17.776) > 5e-4 || math.Abs(got.PValue-0.07939) > 5e-6 {
		t.Errorf("t = %.5f df = %.4f p = %.6f, want -1.8608, 17.776, 0.07939", got.T, got.DF, got.PValue)
	}
	if !near(got.MeanA, 0.75) || !near(got.MeanB, 2.33) {
		t.Errorf("means %v %v, want 0.75 2.33", got.MeanA, got.MeanB)
	}
	flat, _ := plan.WelchTTest([]float64{1, 1}, []float64{2, 2})
	same, _ := plan.WelchTTest([]float64{1, 1}, []float64{1, 1})
	if flat.PValue != 0 || same.PValue != 1 {
		t.Errorf("no spread: p %v and %v, want 0 and 1", flat.PValue, same.PValue)
	}
	if _, err := plan.WelchTTest([]float64{1}, b); plan.ErrorCode(err) != plan.EINVALID {
		t.Errorf("one value: err %v, want EINVALID", err)
	}
}

// Reference values from mpmath 1.3 (betainc with regularized=True), and
// the textbook t table: t = 2.228 with 10 degrees of freedom is the 5 %
// two-sided critical value.
func TestStudentTAndBeta(t *testing.T) {
	tests := []struct {
		name string
		got  float64
		want float64
	}{
		{"T2.228DF10", plan.StudentTTwoSided(2.228, 10), 0.0500117718171114},
		{"T2DF5", plan.StudentTTwoSided(-2, 5), 0.101939478829858},
		{"T0.5DF3.5", plan.StudentTTwoSided(0.5, 3.5), 0.646850439322551},
		{"T10DF2", plan.StudentTTwoSided(10, 2), 0.00985245702332569},
		{"T1.96DF1000", plan.StudentTTwoSided(1.96, 1000), 0.0502731849557489},
		{"T0", plan.StudentTTwoSided(0, 7), 1},
		{"BetaA2B3", plan.RegIncBeta(2, 3, 0.3), 0.3483},
		{"BetaHalfHalf", plan.RegIncBeta(0.5, 0.5, 0.9), 0.795167235300867},
		{"BetaLarge", plan.RegIncBeta(50, 40, 0.6), 0.801153417974489},
	}
	for _, tt := range tests {
		if math.Abs(tt.got-tt.want) > 1e-9 {
			t.Errorf("%s = %.15g, want %.15g", tt.name, tt.got, tt.want)
		}
	}
	// With a huge df, t is normal: 2(1-Φ(1.96)) = 0.0499957902964409; the
	// log-gamma of 5e8 leaves about 1e-6 of relative precision.
	if got := plan.StudentTTwoSided(1.96, 1e9); math.Abs(got-0.0499957902964409) > 1e-7 {
		t.Errorf("df 1e9: %.15g, want the normal's 0.0499957902964409", got)
	}
	if !math.IsNaN(plan.StudentTTwoSided(1, 0)) || !math.IsNaN(plan.RegIncBeta(1, 1, 2)) {
		t.Error("out of domain: want NaN")
	}
}

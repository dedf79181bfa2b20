package plan_test

import (
	"math"
	"testing"

	"github.com/planbot/planbot/plan"
)

func TestTwoProportionZTest(t *testing.T) {
	tests := []struct {
		name           string
		x1, n1, x2, n2 int64
		wantP1, wantP2 float64
		wantZ, zTol    float64
		wantP, pTol    float64
	}{
		// Two-proportion z-tests worked by hand and checked with R:
		// 45/100 vs 30/100: pooled rate 0.375, SE = √(0.375·0.625·2/100) = 0.06847, z = 0.15/0.06847 = 2.191, two-sided p = 0.0285 (R: prop.test(c(45,30), c(100,100), correct = FALSE));
		// 144/1200 vs 192/1200: pooled rate 0.14, SE = √(0.14·0.86·2/1200) = 0.014166, z = −0.04/0.014166 = −2.824, p = 0.0047 (R: prop.test(c(144,192), c(1200,1200), correct = FALSE)).
		{name: "Platform45of100vs30of100", x1: 45, n1: 100, x2: 30, n2: 100, wantP1: 0.45, wantP2: 0.30, wantZ: 2.191, zTol: 0.0005, wantP: 0.0285, pTol: 0.0005},
		{name: "Platform144of1200vs192of1200", x1: 144, n1: 1200, x2: 192, n2: 1200, wantP1: 0.12, wantP2: 0.16, wantZ: -2.824, zTol: 0.0005, wantP: 0.0047, pTol: 0.0005},
		{name: "Equal", x1: 10, n1: 100, x2: 20, n2: 200, wantP1: 0.1, wantP2: 0.1, wantZ: 0, zTol: 1e-12, wantP: 1, pTol: 1e-12},
		{name: "BothZeroPercent", x1: 0, n1: 50, x2: 0, n2: 80, wantP1: 0, wantP2: 0, wantZ: 0, zTol: 0, wantP: 1, pTol: 0},
		{name: "BothHundredPercent", x1: 50, n1: 50, x2: 80, n2: 80, wantP1: 1, wantP2: 1, wantZ: 0, zTol: 0, wantP: 1, pTol: 0},
		// A p-value far below 1e-16 must not round to 0 via 1-Φ(|z|).
		{name: "TinyPValue", x1: 900, n1: 1000, x2: 100, n2: 1000, wantP1: 0.9, wantP2: 0.1, wantZ: 35.777, zTol: 0.001, wantP: 0, pTol: 1e-200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := plan.TwoProportionZTest(tt.x1, tt.n1, tt.x2, tt.n2)
			if err != nil {
				t.Fatalf("TwoProportionZTest: %v", err)
			}
			t.Logf("%+v", got)
			if got.P1 != tt.wantP1 || got.P2 != tt.wantP2 {
				t.Errorf("P1, P2 = %v, %v, want %v, %v", got.P1, got.P2, tt.wantP1, tt.wantP2)
			}
			if want := float64(tt.x1+tt.x2) / float64(tt.n1+tt.n2); got.Pooled != want {
				t.Errorf("Pooled = %v, want %v", got.Pooled, want)
			}
			if math.Abs(got.Z-tt.wantZ) > tt.zTol {
				t.Errorf("Z = %.4f, want %.4f ± %g", got.Z, tt.wantZ, tt.zTol)
			}
			if math.Abs(got.PValue-tt.wantP) > tt.pTol {
				t.Errorf("PValue = %.6g, want %.6g ± %g", got.PValue, tt.wantP, tt.pTol)
			}
			if tt.wantZ != 0 && !(got.PValue > 0) {
				t.Errorf("PValue = %g, want a positive number", got.PValue)
			}
		})
	}
}

func TestTwoProportionZTestInvalid(t *testing.T) {
	tests := []struct {
		name           string
		x1, n1, x2, n2 int64
	}{
		{name: "ErrN1Zero", x1: 0, n1: 0, x2: 1, n2: 10},
		{name: "ErrN2Negative", x1: 1, n1: 10, x2: 0, n2: -5},
		{name: "ErrX1Negative", x1: -1, n1: 10, x2: 1, n2: 10},
		{name: "ErrX2Negative", x1: 1, n1: 10, x2: -1, n2: 10},
		{name: "ErrX1AboveN1", x1: 11, n1: 10, x2: 1, n2: 10},
		{name: "ErrX2AboveN2", x1: 1, n1: 10, x2: 11, n2: 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := plan.TwoProportionZTest(tt.x1, tt.n1, tt.x2, tt.n2)
			assertInvalid(t, err)
		})
	}
}

// assertInvalid fails the test unless err is an EINVALID *plan.Error with a
// catalogue key.
func assertInvalid(tb testing.TB, err error) {
	tb.Helper()
	if err == nil {
		tb.Fatal("err = nil, want EINVALID")
	}
	if code := plan.ErrorCode(err); code != plan.EINVALID {
		tb.Fatalf("ErrorCode = %q, want %q (err %v)", code, plan.EINVALID, err)
	}
	if e, ok := err.(*plan.Error); !ok || e.Key == "" {
		tb.Fatalf("err = %#v, want a *plan.Error with a key", err)
	}
}

func TestNormalCDF(t *testing.T) {
	tests := []struct {
		name string
		z    float64
		want float64
	}{
		{name: "Zero", z: 0, want: 0.5},
		{name: "Z975", z: 1.959963984540054, want: 0.975},
		{name: "Z025", z: -1.959963984540054, want: 0.025},
		{name: "Z80", z: 0.8416212335729143, want: 0.8},
		{name: "One", z: 1, want: 0.8413447460685429},
		{name: "FarLeftTail", z: -10, want: 7.619853024160527e-24},
		{name: "PlusInf", z: math.Inf(1), want: 1},
		{name: "MinusInf", z: math.Inf(-1), want: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := plan.NormalCDF(tt.z)
			if got != tt.want && math.Abs(got-tt.want) > 1e-12*math.Abs(tt.want) {
				t.Errorf("NormalCDF(%v) = %.17g, want %.17g", tt.z, got, tt.want)
			}
		})
	}
}

func TestNormalQuantile(t *testing.T) {
	tests := []struct {
		name string
		p    float64
		want float64
	}{
		{name: "P975", p: 0.975, want: 1.959963985},
		{name: "P80", p: 0.8, want: 0.841621234},
		{name: "P025", p: 0.025, want: -1.959963985},
		{name: "P995", p: 0.995, want: 2.575829304},
		{name: "Median", p: 0.5, want: 0},
		{name: "FarTail", p: 1e-10, want: -6.361340902},
		{name: "BeyondSplit2", p: 1e-20, want: -9.262340089},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := plan.NormalQuantile(tt.p); math.Abs(got-tt.want) > 1e-9 {
				t.Errorf("NormalQuantile(%v) = %.12f, want %.9f ± 1e-9", tt.p, got, tt.want)
			}
		})
	}

	t.Run("Bounds", func(t *testing.T) {
		if got := plan.NormalQuantile(0); !math.IsInf(got, -1) {
			t.Errorf("NormalQuantile(0) = %v, want -Inf", got)
		}
		if got := plan.NormalQuantile(1); !math.IsInf(got, 1) {
			t.Errorf("NormalQuantile(1) = %v, want +Inf", got)
		}
		for _, p := range []float64{-0.1, 1.1, math.NaN()} {
			if got := plan.NormalQuantile(p); !math.IsNaN(got) {
				t.Errorf("NormalQuantile(%v) = %v, want NaN", p, got)
			}
		}
	})

	// A mistyped coefficient would break the round trip through the
	// erfc-based CDF somewhere on this grid, which crosses all three
	// regions of the algorithm.
	t.Run("InvertsNormalCDF", func(t *testing.T) {
		for _, p := range []float64{1e-300, 1e-50, 1e-12, 1e-6, 0.001, 0.01, 0.05, 0.075, 0.0751, 0.1, 0.2, 0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7, 0.8, 0.9, 0.925, 0.95, 0.99, 0.999, 0.999999} {
			z := plan.NormalQuantile(p)
			if got := plan.NormalCDF(z); math.Abs(got-p) > 1e-13*p {
				t.Errorf("NormalCDF(NormalQuantile(%g)) = %.17g", p, got)
			}
		}
	})
}

func TestSampleSizePerVariant(t *testing.T) {
	t.Run("Platform2To2_5Percent", func(t *testing.T) {
		n, err := plan.SampleSizePerVariant(0.02, 0.025, 0.05, 0.8)
		if err != nil {
			t.Fatalf("SampleSizePerVariant: %v", err)
		}
		t.Logf("2%% -> 2.5%%, alpha 0.05, power 0.8: %d per variant", n)
		if n < 13700 || n > 13900 {
			t.Errorf("n = %d, want about 13,800", n)
		}
	})

	tests := []struct {
		name                 string
		p1, p2, alpha, power float64
		wantMin, wantMax     int64
	}{
		{name: "Symmetric", p1: 0.025, p2: 0.02, alpha: 0.05, power: 0.8, wantMin: 13700, wantMax: 13900},
		// 50% -> 60%: ((1.96*sqrt(2*.55*.45) + .8416*sqrt(.25+.24))/.1)^2 = 387.3
		{name: "FiftyToSixty", p1: 0.5, p2: 0.6, alpha: 0.05, power: 0.8, wantMin: 388, wantMax: 388},
		{name: "MorePowerNeedsMore", p1: 0.5, p2: 0.6, alpha: 0.05, power: 0.9, wantMin: 500, wantMax: 530},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := plan.SampleSizePerVariant(tt.p1, tt.p2, tt.alpha, tt.power)
			if err != nil {
				t.Fatalf("SampleSizePerVariant: %v", err)
			}
			if n < tt.wantMin || n > tt.wantMax {
				t.Errorf("n = %d, want %d..%d", n, tt.wantMin, tt.wantMax)
			}
		})
	}

	invalid := []struct {
		name                 string
		p1, p2, alpha, power float64
	}{
		{name: "ErrP1Zero", p1: 0, p2: 0.5, alpha: 0.05, power: 0.8},
		{name: "ErrP2One", p1: 0.5, p2: 1, alpha: 0.05, power: 0.8},
		{name: "ErrP1NaN", p1: math.NaN(), p2: 0.5, alpha: 0.05, power: 0.8},
		{name: "ErrEqualRates", p1: 0.3, p2: 0.3, alpha: 0.05, power: 0.8},
		{name: "ErrAlphaZero", p1: 0.2, p2: 0.3, alpha: 0, power: 0.8},
		{name: "ErrAlphaOne", p1: 0.2, p2: 0.3, alpha: 1, power: 0.8},
		{name: "ErrPowerOne", p1: 0.2, p2: 0.3, alpha: 0.05, power: 1},
		{name: "ErrPowerNegative", p1: 0.2, p2: 0.3, alpha: 0.05, power: -0.8},
	}
	for _, tt := range invalid {
		t.Run(tt.name, func(t *testing.T) {
			_, err := plan.SampleSizePerVariant(tt.p1, tt.p2, tt.alpha, tt.power)
			assertInvalid(t, err)
		})
	}
}

func TestJudge(t *testing.T) {
	mustSampleSize := func(p1, p2 float64) int64 {
		t.Helper()
		n, err := plan.SampleSizePerVariant(p1, p2, 0.05, plan.JudgePower)
		if err != nil {
			t.Fatalf("SampleSizePerVariant(%v, %v): %v", p1, p2, err)
		}
		return n
	}
	tests := []struct {
		name           string
		x1, n1, x2, n2 int64
		alpha          float64
		want           plan.Verdict // Confidence compared to 1e-3
	}{
		{name: "Variant1Wins", x1: 45, n1: 100, x2: 30, n2: 100, alpha: 0.05,
			want: plan.Verdict{Significant: true, Winner: 1, Confidence: 0.9715}},
		{name: "Variant2Wins", x1: 144, n1: 1200, x2: 192, n2: 1200, alpha: 0.05,
			want: plan.Verdict{Significant: true, Winner: 2, Confidence: 0.9953}},
		// 5% vs 8% needs 1,059 per variant at alpha 0.05 and 80% power.
		{name: "SmallTestNeedsMore", x1: 5, n1: 100, x2: 8, n2: 100, alpha: 0.05,
			want: plan.Verdict{Confidence: 0.6105, MoreNeeded: mustSampleSize(0.05, 0.08) - 100, TooSmall: true}},
		{name: "UnequalSamplesCountFromSmaller", x1: 5, n1: 100, x2: 16, n2: 200, alpha: 0.05,
			want: plan.Verdict{Confidence: 0.6630, MoreNeeded: mustSampleSize(0.05, 0.08) - 100, TooSmall: true}},
		// 45% vs 30% at alpha 0.01 needs 242 per variant; 100 were run.
		{name: "StricterAlphaNotSignificant", x1: 45, n1: 100, x2: 30, n2: 100, alpha: 0.01,
			want: plan.Verdict{Confidence: 0.9715, MoreNeeded: 142, TooSmall: true}},
		{name: "EqualRatesNoDifference", x1: 10, n1: 100, x2: 10, n2: 100, alpha: 0.05,
			want: plan.Verdict{}},
		{name: "BothZero", x1: 0, n1: 40, x2: 0, n2: 40, alpha: 0.05,
			want: plan.Verdict{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := plan.Judge(tt.x1, tt.n1, tt.x2, tt.n2, tt.alpha)
			if err != nil {
				t.Fatalf("Judge: %v", err)
			}
			t.Logf("%+v", got)
			if got.Significant != tt.want.Significant || got.Winner != tt.want.Winner ||
				got.MoreNeeded != tt.want.MoreNeeded || got.TooSmall != tt.want.TooSmall ||
				math.Abs(got.Confidence-tt.want.Confidence) > 1e-3 {
				t.Errorf("Judge = %+v, want %+v", got, tt.want)
			}
		})
	}

	invalid := []struct {
		name           string
		x1, n1, x2, n2 int64
		alpha          float64
	}{
		{name: "ErrAlphaZero", x1: 1, n1: 10, x2: 2, n2: 10, alpha: 0},
		{name: "ErrAlphaOne", x1: 1, n1: 10, x2: 2, n2: 10, alpha: 1},
		{name: "ErrAlphaNaN", x1: 1, n1: 10, x2: 2, n2: 10, alpha: math.NaN()},
		{name: "ErrEmptySample", x1: 0, n1: 0, x2: 2, n2: 10, alpha: 0.05},
		{name: "ErrCountAboveSample", x1: 1, n1: 10, x2: 20, n2: 10, alpha: 0.05},
	}
	for _, tt := range invalid {
		t.Run(tt.name, func(t *testing.T) {
			_, err := plan.Judge(tt.x1, tt.n1, tt.x2, tt.n2, tt.alpha)
			assertInvalid(t, err)
		})
	}
}

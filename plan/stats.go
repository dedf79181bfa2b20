package plan

import (
	"math"
)

// ZTest is the result of a two-sided two-proportion z-test.
type ZTest struct {
	P1, P2 float64 // observed rates x1/n1 and x2/n2
	Pooled float64 // (x1+x2)/(n1+n2), the common rate if there is no difference
	SE     float64 // standard error of P1-P2 under the pooled rate
	Z      float64 // (P1-P2)/SE; positive when variant 1 does better
	PValue float64 // two-sided
}

// TwoProportionZTest compares the conversion rates x1/n1 and x2/n2 (clicks
// over impressions, say). It returns EINVALID when a sample is empty or a
// count is negative or larger than its sample. When SE is 0 (both rates 0%
// or both 100%) the samples show no difference: Z is 0 and PValue 1.
func TwoProportionZTest(x1, n1, x2, n2 int64) (ZTest, error) {
	if err := validateCounts(x1, n1, x2, n2); err != nil {
		return ZTest{}, err
	}
	fx1, fn1, fx2, fn2 := float64(x1), float64(n1), float64(x2), float64(n2)
	t := ZTest{
		P1:     fx1 / fn1,
		P2:     fx2 / fn2,
		Pooled: (fx1 + fx2) / (fn1 + fn2),
	}
	t.SE = math.Sqrt(t.Pooled * (1 - t.Pooled) * (1/fn1 + 1/fn2))
	if t.SE == 0 {
		t.PValue = 1
		return t, nil
	}
	t.Z = (t.P1 - t.P2) / t.SE
	// erfc keeps precision for small p-values, where 1-Φ(|z|) would cancel.
	t.PValue = math.Erfc(math.Abs(t.Z) / math.Sqrt2)
	return t, nil
}

func validateCounts(x1, n1, x2, n2 int64) error {
	switch {
	case n1 <= 0 || n2 <= 0:
		return &Error{Code: EINVALID, Key: "stats.sample.empty", Message: "each variant needs at least one exposure"}
	case x1 < 0 || x2 < 0:
		return &Error{Code: EINVALID, Key: "stats.count.negative", Message: "conversions cannot be negative"}
	case x1 > n1 || x2 > n2:
		return &Error{Code: EINVALID, Key: "stats.count.exceeds_sample", Message: "conversions cannot exceed exposures"}
	}
	return nil
}

// NormalCDF returns Φ(z), the standard normal cumulative distribution.
func NormalCDF(z float64) float64 {
	return 0.5 * math.Erfc(-z/math.Sqrt2)
}

// NormalQuantile returns the z for which Φ(z) = p, the inverse of
// NormalCDF, by Wichura's algorithm AS 241 (PPND16), accurate to about 1e-16
// relative. It returns -Inf for p = 0, +Inf for p = 1 and NaN outside [0, 1].
func NormalQuantile(p float64) float64 {
	switch {
	case math.IsNaN(p) || p < 0 || p > 1:
		return math.NaN()
	case p == 0:
		return math.Inf(-1)
	case p == 1:
		return math.Inf(1)
	}
	q := p - 0.5
	if math.Abs(q) <= 0.425 {
		r := 0.180625 - q*q
		return q * (((((((2.5090809287301226727e+3*r+3.3430575583588128105e+4)*r+
			6.7265770927008700853e+4)*r+4.5921953931549871457e+4)*r+
			1.3731693765509461125e+4)*r+1.9715909503065514427e+3)*r+
			1.3314166789178437745e+2)*r + 3.3871328727963666080e0) /
			(((((((5.2264952788528545610e+3*r+2.8729085735721942674e+4)*r+
				3.9307895800092710610e+4)*r+2.1213794301586595867e+4)*r+
				5.3941960214247511077e+3)*r+6.8718700749205790830e+2)*r+
				4.2313330701600911252e+1)*r + 1)
	}
	r := p
	if q > 0 {
		r = 1 - p
	}
	r = math.Sqrt(-math.Log(r))
	var z float64
	if r <= 5 {
		r -= 1.6
		z = (((((((7.74545014278341407640e-4*r+2.27238449892691845833e-2)*r+
			2.41780725177450611770e-1)*r+1.27045825245236838258e0)*r+
			3.64784832476320460504e0)*r+5.76949722146069140550e0)*r+
			4.63033784615654529590e0)*r + 1.42343711074968357734e0) /
			(((((((1.05075007164441684324e-9*r+5.47593808499534494600e-4)*r+
				1.51986665636164571966e-2)*r+1.48103976427480074590e-1)*r+
				6.89767334985100004550e-1)*r+1.67638483018380384940e0)*r+
				2.05319162663775882187e0)*r + 1)
	} else {
		r -= 5
		z = (((((((2.01033439929228813265e-7*r+2.71155556874348757815e-5)*r+
			1.24266094738807843860e-3)*r+2.65321895265761230930e-2)*r+
			2.96560571828504891230e-1)*r+1.78482653991729133580e0)*r+
			5.46378491116411436990e0)*r + 6.65790464350110377720e0) /
			(((((((2.04426310338993978564e-15*r+1.42151175831644588870e-7)*r+
				1.84631831751005468180e-5)*r+7.86869131145613259100e-4)*r+
				1.48753612908506148525e-2)*r+1.36929880922735805310e-1)*r+
				5.99832206555887937690e-1)*r + 1)
	}
	if q < 0 {
		return -z
	}
	return z
}

// SampleSizePerVariant returns how many exposures each variant needs for a
// two-sided test at significance alpha to detect a change from rate p1 to
// rate p2 with the given power (0.8 is customary). It returns EINVALID when
// a rate is not strictly between 0 and 1, the rates are equal, or alpha or
// power is not strictly between 0 and 1. The result saturates at
// math.MaxInt64 for differences too small to ever detect.
func SampleSizePerVariant(p1, p2, alpha, power float64) (int64, error) {
	if !(p1 > 0 && p1 < 1) || !(p2 > 0 && p2 < 1) {
		return 0, &Error{Code: EINVALID, Key: "stats.rate.invalid", Message: "rates must be strictly between 0 and 1"}
	}
	if p1 == p2 {
		return 0, &Error{Code: EINVALID, Key: "stats.rate.equal", Message: "the rates must differ"}
	}
	if err := validateAlphaPower(alpha, power); err != nil {
		return 0, err
	}
	return sampleSize(p1, p2, alpha, power), nil
}

func validateAlphaPower(alpha, power float64) error {
	if !(alpha > 0 && alpha < 1) {
		return &Error{Code: EINVALID, Key: "stats.alpha.invalid", Message: "alpha must be strictly between 0 and 1"}
	}
	if !(power > 0 && power < 1) {
		return &Error{Code: EINVALID, Key: "stats.power.invalid", Message: "power must be strictly between 0 and 1"}
	}
	return nil
}

// sampleSize is SampleSizePerVariant without validation. It accepts a rate
// of exactly 0 or 1 as long as the rates differ, as observed rates can be.
func sampleSize(p1, p2, alpha, power float64) int64 {
	zAlpha := NormalQuantile(1 - alpha/2)
	zPower := NormalQuantile(power)
	pbar := (p1 + p2) / 2
	num := zAlpha*math.Sqrt(2*pbar*(1-pbar)) + zPower*math.Sqrt(p1*(1-p1)+p2*(1-p2))
	d := p1 - p2
	n := math.Ceil(num * num / (d * d))
	if !(n < math.MaxInt64) { // also catches NaN and +Inf
		return math.MaxInt64
	}
	return int64(n)
}

// JudgePower is the power Judge plans for when it says how much more data a
// test needs.
const JudgePower = 0.8

// Verdict is what an A/B test's numbers say, in the terms the bot reports.
type Verdict struct {
	Significant bool    // the p-value is below alpha
	Winner      int     // 1 or 2 when Significant, else 0
	Confidence  float64 // 1 - p-value
	// MoreNeeded is how many more exposures each variant needs for a test
	// at alpha with JudgePower to detect the observed difference. It is 0
	// when the test is significant, when the samples are already that large,
	// and when the observed rates are equal (there is no difference to
	// detect, so no finite sample would be enough).
	MoreNeeded int64
	// TooSmall reports that the smaller sample is below what the observed
	// difference needs (MoreNeeded > 0): the test could not have told.
	TooSmall bool
}

// Judge computes the verdict of an A/B test where variant 1 converted x1 of
// n1 exposures and variant 2 x2 of n2, at significance alpha (0.05 is
// customary). Call it once, at the planned end of the test: stopping at the
// first significant look inflates false positives. It returns the errors of
// TwoProportionZTest, and EINVALID when alpha is not strictly between 0
// and 1.
func Judge(x1, n1, x2, n2 int64, alpha float64) (Verdict, error) {
	if err := validateAlphaPower(alpha, JudgePower); err != nil {
		return Verdict{}, err
	}
	t, err := TwoProportionZTest(x1, n1, x2, n2)
	if err != nil {
		return Verdict{}, err
	}
	v := Verdict{
		Significant: t.PValue < alpha,
		Confidence:  1 - t.PValue,
	}
	if v.Significant {
		v.Winner = 1
		if t.P2 > t.P1 {
			v.Winner = 2
		}
		return v, nil
	}
	if t.P1 == t.P2 {
		return v, nil
	}
	need := sampleSize(t.P1, t.P2, alpha, JudgePower)
	if have := min(n1, n2); need > have {
		v.MoreNeeded = need - have
		v.TooSmall = true
	}
	return v, nil
}

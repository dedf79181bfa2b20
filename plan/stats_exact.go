package plan

import "math"

// FisherExact returns the two-sided p-value of Fisher's exact test of the
// rates x1/n1 and x2/n2, as R's fisher.test computes it: the sum of the
// probabilities, under the hypergeometric distribution of the tables with
// the same margins, of every table no more likely than the one observed
// (up to a relative 1e-7, so that ties in exact arithmetic stay ties). It
// is exact at any sample size; the verdict uses it for small ones, where
// the z-test's normal approximation fails. It returns the errors of
// TwoProportionZTest.
func FisherExact(x1, n1, x2, n2 int64) (float64, error) {
	if err := validateCounts(x1, n1, x2, n2); err != nil {
		return 0, err
	}
	k, n := x1+x2, n1+n2
	lo, hi := max(0, k-n2), min(k, n1)
	logP := func(a int64) float64 {
		return lchoose(n1, a) + lchoose(n2, k-a) - lchoose(n, k)
	}
	observed := logP(x1) + math.Log1p(1e-7)
	p := 0.0
	for a := lo; a <= hi; a++ {
		if lp := logP(a); lp <= observed {
			p += math.Exp(lp)
		}
	}
	return min(p, 1), nil
}

// lchoose is the logarithm of the binomial coefficient n choose k.
func lchoose(n, k int64) float64 {
	a, _ := math.Lgamma(float64(n) + 1)
	b, _ := math.Lgamma(float64(k) + 1)
	c, _ := math.Lgamma(float64(n-k) + 1)
	return a - b - c
}

// WelchTest is the result of Welch's two-sample t-test.
type WelchTest struct {
	MeanA, MeanB float64
	T            float64 // (MeanA - MeanB) / SE; positive when A's mean is higher
	DF           float64 // Welch–Satterthwaite degrees of freedom
	PValue       float64 // two-sided
}

// WelchTTest compares the means of two samples without assuming equal
// variances (Welch's t-test, as R's t.test does by default). Each sample
// needs at least two values. When both samples have no spread, the means
// are equal (PValue 1) or differ beyond doubt (PValue 0).
func WelchTTest(a, b []float64) (WelchTest, error) {
	if len(a) < 2 || len(b) < 2 {
		return WelchTest{}, &Error{Code: EINVALID, Key: "stats.sample.too_small", Message: "each sample needs at least two values"}
	}
	ma, va := meanVar(a)
	mb, vb := meanVar(b)
	na, nb := float64(len(a)), float64(len(b))
	t := WelchTest{MeanA: ma, MeanB: mb}
	sa, sb := va/na, vb/nb
	se := math.Sqrt(sa + sb)
	if se == 0 {
		t.PValue = 1
		if ma != mb {
			t.PValue, t.T = 0, math.Copysign(math.Inf(1), ma-mb)
		}
		return t, nil
	}
	t.T = (ma - mb) / se
	t.DF = (sa + sb) * (sa + sb) / (sa*sa/(na-1) + sb*sb/(nb-1))
	t.PValue = StudentTTwoSided(t.T, t.DF)
	return t, nil
}

// meanVar returns the mean and the unbiased variance of xs (two or more).
func meanVar(xs []float64) (mean, variance float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	for _, x := range xs {
		variance += (x - mean) * (x - mean)
	}
	return mean, variance / float64(len(xs)-1)
}

// StudentTTwoSided returns the two-sided p-value of a t statistic with df
// degrees of freedom (df > 0, not necessarily whole): P(|T| >= |t|), from
// the regularized incomplete beta function, I(df/(df+t²); df/2, 1/2).
func StudentTTwoSided(t, df float64) float64 {
	if math.IsNaN(t) || !(df > 0) {
		return math.NaN()
	}
	if math.IsInf(t, 0) {
		return 0
	}
	return RegIncBeta(df/2, 0.5, df/(df+t*t))
}

// RegIncBeta returns the regularized incomplete beta function I_x(a, b)
// for a, b > 0 and x in [0, 1], by the continued fraction of Numerical
// Recipes (modified Lentz), accurate to about 1e-14.
func RegIncBeta(a, b, x float64) float64 {
	switch {
	case !(a > 0) || !(b > 0) || math.IsNaN(x) || x < 0 || x > 1:
		return math.NaN()
	case x == 0:
		return 0
	case x == 1:
		return 1
	}
	la, _ := math.Lgamma(a)
	lb, _ := math.Lgamma(b)
	lab, _ := math.Lgamma(a + b)
	front := math.Exp(lab - la - lb + a*math.Log(x) + b*math.Log1p(-x))
	// The fraction converges fast for x < (a+1)/(a+b+2); use the symmetry
	// I_x(a, b) = 1 - I_{1-x}(b, a) beyond.
	if x < (a+1)/(a+b+2) {
		return front * betaFraction(a, b, x) / a
	}
	return 1 - front*betaFraction(b, a, 1-x)/b
}

// betaFraction evaluates the continued fraction of the incomplete beta
// function.
func betaFraction(a, b, x float64) float64 {
	const (
		tiny    = 1e-300
		epsilon = 1e-15
	)
	qab, qap, qam := a+b, a+1, a-1
	c, d := 1.0, 1-qab*x/qap
	if math.Abs(d) < tiny {
		d = tiny
	}
	d = 1 / d
	h := d
	for m := 1; m <= 1000; m++ {
		fm := float64(m)
		m2 := 2 * fm
		aa := fm * (b - fm) * x / ((qam + m2) * (a + m2))
		d = 1 + aa*d
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = 1 + aa/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		h *= d * c
		aa = -(a + fm) * (qab + fm) * x / ((a + m2) * (qap + m2))
		d = 1 + aa*d
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = 1 + aa/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		del := d * c
		h *= del
		if math.Abs(del-1) < epsilon {
			break
		}
	}
	return h
}

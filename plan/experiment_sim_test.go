package plan_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/planbot/planbot/plan"
)

// binomial draws the successes of n trials at rate p by counting the
// geometric waits between successes: exact, and about n·p steps.
func binomial(r *rand.Rand, n int64, p float64) int64 {
	if p <= 0 {
		return 0
	}
	logq := math.Log1p(-p)
	var x, at int64
	for {
		at += int64(math.Floor(math.Log(1-r.Float64())/logq)) + 1
		if at > n {
			return x
		}
		x++
	}
}

// simulateOrganic runs experiments with no real difference between two
// variants, each on posts organic posts whose reach varies (300 to 5,000
// impressions) and whose own click rate varies around 4 % (a log-normal
// post effect with σ 0.35), as organic posts do. It returns how often the
// verdict names a winner, and how often the pooled z-test on impressions
// would have.
func simulateOrganic(r *rand.Rand, runs, posts int) (verdict, pooled float64) {
	e := validExperiment()
	e.PlannedSample = 1
	var winners, pooledWinners int
	for range runs {
		rec := plan.ResultRecord{Variants: make([]plan.VariantResult, 2)}
		for v := range 2 {
			for range posts {
				reach := int64(300 + r.IntN(4701))
				rate := 0.04 * math.Exp(0.35*r.NormFloat64())
				clicks := binomial(r, reach, min(rate, 1))
				rec.Posts = append(rec.Posts, plan.ExperimentPost{Variant: v, Exposures: reach, Successes: clicks})
				rec.Variants[v].Exposures += reach
				rec.Variants[v].Successes += clicks
			}
		}
		j, err := e.Judge(rec, e.End)
		if err != nil {
			panic(err)
		}
		if j.Test != plan.TestWelchPosts {
			panic("the posts were not the units")
		}
		if j.Winner >= 0 {
			winners++
		}
		a, b := rec.Variants[0], rec.Variants[1]
		if z, _ := plan.TwoProportionZTest(a.Successes, a.Exposures, b.Successes, b.Exposures); z.PValue < plan.ExperimentAlpha {
			pooledWinners++
		}
	}
	return float64(winners) / float64(runs), float64(pooledWinners) / float64(runs)
}

// With no real difference, a verdict must name a false winner about as
// often as alpha (5 %). Measured with this seed: 4.9 % with posts as the
// units (Welch's t-test on the posts' rates), against 64.4 % for the
// pooled z-test on impressions that issue 11 describes (12–38 % in the
// issue's simulation; more here, where reach and the post effect vary
// more).
func TestVerdictFalseWinnerRate(t *testing.T) {
	const runs = 2000
	r := rand.New(rand.NewPCG(11, 2026))
	verdict, pooled := simulateOrganic(r, runs, 5)
	t.Logf("false winners over %d experiments of 5 posts a variant: %.1f %% (posts as units), %.1f %% (pooled z-test)", runs, 100*verdict, 100*pooled)
	// Three standard errors of a 5 % rate over 2,000 runs: ±1.5 points.
	if verdict < 0.02 || verdict > 0.065 {
		t.Errorf("false winner rate %.3f, want near 0.05", verdict)
	}
	if pooled < 0.15 {
		t.Errorf("pooled z-test false winner rate %.3f: the simulation no longer shows clustering", pooled)
	}
}

// With three variants and no real difference, testing the best against
// the runner-up keeps false winners at or under alpha: the gap between the
// two best is smaller than between two variants taken at random. Measured
// with this seed: 0.9 % (the test is conservative).
func TestVerdictFalseWinnerRateThreeVariants(t *testing.T) {
	const runs = 2000
	r := rand.New(rand.NewPCG(3, 2026))
	e := validExperiment()
	e.PlannedSample = 1
	e.Variants = append(e.Variants, plan.ExperimentVariant{Name: "Emoji"})
	winners := 0
	for range runs {
		rec := plan.ResultRecord{Variants: make([]plan.VariantResult, 3)}
		for v := range rec.Variants {
			rec.Variants[v] = plan.VariantResult{Exposures: 2000, Successes: binomial(r, 2000, 0.05)}
		}
		j, err := e.Judge(rec, e.End)
		if err != nil {
			t.Fatal(err)
		}
		if j.Winner >= 0 {
			winners++
		}
	}
	rate := float64(winners) / runs
	t.Logf("false winners with three variants: %.1f %%", 100*rate)
	if rate > 0.065 {
		t.Errorf("false winner rate %.3f, want at most about 0.05", rate)
	}
}

func TestBinomialMean(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	var sum float64
	const draws = 2000
	for range draws {
		sum += float64(binomial(r, 1000, 0.04))
	}
	// Mean 40, standard error sqrt(1000·0.04·0.96/2000) ≈ 0.14.
	if m := sum / draws; math.Abs(m-40) > 0.6 {
		t.Errorf("mean of Binomial(1000, 0.04) draws = %.2f, want 40", m)
	}
}

package plan

import (
	"time"
)

// TestKind names the statistical test a verdict used; the bot says which.
type TestKind string

// Tests of a verdict.
const (
	// TestTwoProportionZ: the pooled two-proportion z-test on exposures,
	// for samples large enough for its normal approximation.
	TestTwoProportionZ TestKind = "two_proportion_z"
	// TestFisherExact: Fisher's exact test on exposures, for small samples
	// (an expected count under 5 in the 2×2 table).
	TestFisherExact TestKind = "fisher_exact"
	// TestWelchPosts: Welch's t-test on the posts' rates, when each of the
	// two variants compared ran on two posts or more. Posts are the units:
	// reach differs from post to post, so exposures of one post are not
	// independent, and a test on pooled exposures names false winners.
	TestWelchPosts TestKind = "welch_t_posts"
)

// Outcome is the plain-sentence kind of a verdict. The bot words it with
// the p-value; it never says "confidence = 1 - p", which is not what a
// p-value means.
type Outcome string

// Outcomes of a verdict.
const (
	// OutcomeWinner: the best variant did better than the runner-up by
	// more than chance would often give if they performed the same (the
	// p-value is below alpha).
	OutcomeWinner Outcome = "winner"
	// OutcomeNoDifference: the planned sample was reached and no variant
	// did better than chance would often give: keep what is simpler.
	OutcomeNoDifference Outcome = "no_difference"
	// OutcomeUnderpowered: no difference stood out, and the planned sample
	// was not reached ("underpowered: 100 of 2,000 planned"): the test
	// could not tell, which is not the same as no difference.
	OutcomeUnderpowered Outcome = "underpowered"
)

// Judgement is the verdict of an experiment's results.
type Judgement struct {
	Test      TestKind
	Alpha     float64 // ExperimentAlpha: one test, the best against the runner-up
	PValue    float64 // two-sided, of the best against the runner-up
	Statistic float64 // z or t, positive when the best does better; 0 for Fisher's test
	DF        float64 // Welch's degrees of freedom; 0 otherwise
	Outcome   Outcome
	// Best is the variant with the highest rate, the first of equals;
	// RunnerUp the next. With two variants they are both of them.
	Best, RunnerUp int
	Winner         int // Best when Outcome is OutcomeWinner, else -1
	// Rates are successes over exposures per variant, or with posts the
	// mean of the posts' rates (each post weighs the same: posts are the
	// units).
	Rates     []float64
	Exposures []int64
	Posts     []int // posts per variant; nil when not recorded per post
	// Planned is the exposures planned per variant: PlannedSample, or when
	// none was planned, what the design needs (SampleNeeded); 0 when
	// unknown. Reached is the smallest variant's exposures, and
	// Underpowered says Reached < Planned, which the verdict states
	// whatever the outcome.
	Planned      int64
	Reached      int64
	Underpowered bool
}

// Judge returns the verdict of rec, the results in force of e's current
// run, on today. The verdict comes only at the end date: before it, Judge
// returns ECONFLICT (experiment.verdict.too_early), as looking again and
// again and stopping at the first "significant" look inflates false
// winners. With three or more variants the best is tested against the
// runner-up, in one test at ExperimentAlpha: if it beats the runner-up it
// beats the others. Returns EINVALID when rec does not hold one result per
// variant.
func (e *Experiment) Judge(rec ResultRecord, today time.Time) (Judgement, error) {
	if today.Before(e.End) {
		return Judgement{}, &Error{Code: ECONFLICT, Key: "experiment.verdict.too_early", Message: "the verdict comes at the end date"}
	}
	if len(rec.Variants) != len(e.Variants) || len(rec.Variants) < MinVariants {
		return Judgement{}, &Error{Code: EINVALID, Key: "experiment.results.none", Message: "no results recorded"}
	}
	j := Judgement{Alpha: ExperimentAlpha, Winner: -1}
	posts := make([][]float64, len(rec.Variants))
	for _, p := range rec.Posts {
		if p.Variant >= 0 && p.Variant < len(posts) && p.Exposures > 0 {
			posts[p.Variant] = append(posts[p.Variant], float64(p.Successes)/float64(p.Exposures))
		}
	}
	for i, v := range rec.Variants {
		if v.Exposures <= 0 || v.Successes < 0 || v.Successes > v.Exposures {
			return Judgement{}, &Error{Code: EINVALID, Key: "experiment.results.none", Message: "no results recorded"}
		}
		rate := float64(v.Successes) / float64(v.Exposures)
		if len(rec.Posts) > 0 {
			j.Posts = append(j.Posts, len(posts[i]))
			if len(posts[i]) > 0 {
				rate = mean(posts[i])
			}
		}
		j.Rates = append(j.Rates, rate)
		j.Exposures = append(j.Exposures, v.Exposures)
		if i == 0 || v.Exposures < j.Reached {
			j.Reached = v.Exposures
		}
	}
	j.Best, j.RunnerUp = topTwo(j.Rates)
	b, r := rec.Variants[j.Best], rec.Variants[j.RunnerUp]
	switch {
	case len(posts[j.Best]) >= 2 && len(posts[j.RunnerUp]) >= 2:
		w, err := WelchTTest(posts[j.Best], posts[j.RunnerUp])
		if err != nil {
			return Judgement{}, err
		}
		j.Test, j.PValue, j.Statistic, j.DF = TestWelchPosts, w.PValue, w.T, w.DF
	case smallCounts(b, r):
		p, err := FisherExact(b.Successes, b.Exposures, r.Successes, r.Exposures)
		if err != nil {
			return Judgement{}, err
		}
		j.Test, j.PValue = TestFisherExact, p
	default:
		z, err := TwoProportionZTest(b.Successes, b.Exposures, r.Successes, r.Exposures)
		if err != nil {
			return Judgement{}, err
		}
		j.Test, j.PValue, j.Statistic = TestTwoProportionZ, z.PValue, z.Z
	}
	j.Planned = e.PlannedSample
	if j.Planned <= 0 {
		if need, err := e.SampleNeeded(); err == nil {
			j.Planned = need
		}
	}
	j.Underpowered = j.Reached < j.Planned
	switch {
	case j.PValue < j.Alpha && j.Rates[j.Best] > j.Rates[j.RunnerUp]:
		j.Outcome, j.Winner = OutcomeWinner, j.Best
	case j.Underpowered:
		j.Outcome = OutcomeUnderpowered
	default:
		j.Outcome = OutcomeNoDifference
	}
	return j, nil
}

// topTwo returns the indexes of the highest and the second highest of xs
// (two or more), the first of equals first.
func topTwo(xs []float64) (best, second int) {
	best, second = 0, 1
	if xs[1] > xs[0] {
		best, second = 1, 0
	}
	for i := 2; i < len(xs); i++ {
		switch {
		case xs[i] > xs[best]:
			best, second = i, best
		case xs[i] > xs[second]:
			second = i
		}
	}
	return best, second
}

// smallCounts reports whether the 2×2 table of a and b has an expected
// count under 5 (Cochran's rule), where the z-test's normal approximation
// is poor and Fisher's exact test is used instead.
func smallCounts(a, b VariantResult) bool {
	n := float64(a.Exposures + b.Exposures)
	succ := float64(a.Successes + b.Successes)
	fail := n - succ
	for _, row := range []float64{float64(a.Exposures), float64(b.Exposures)} {
		if row*succ/n < 5 || row*fail/n < 5 {
			return true
		}
	}
	return false
}

// mean of xs, not empty.
func mean(xs []float64) float64 {
	sum := 0.0
	for _, x := range xs {
		sum += x
	}
	return sum / float64(len(xs))
}

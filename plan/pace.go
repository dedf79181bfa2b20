package plan

import (
	"slices"
	"time"
)

// Pace says how a KPI stands against its deadline.
type Pace string

// Paces of a KPI.
const (
	PaceNoData  Pace = "no_data"  // no observation since the goal was set
	PaceOnTrack Pace = "on_track" // at or past the straight line from baseline to target
	PaceBehind  Pace = "behind"   // short of the straight line
	PaceReached Pace = "reached"  // the target is reached
	PaceMissed  Pace = "missed"   // the deadline passed short of the target
)

// paceEpsilon absorbs floating-point noise in percent comparisons.
const paceEpsilon = 1e-9

// Point is the value of a metric at a date.
type Point struct {
	Date  time.Time
	Value float64
}

// KPI is where a goal's KPI stands (step 8): its values over time from the
// observations of its metric, and its progress and pace toward the target.
type KPI struct {
	Goal   *Goal
	Metric *Metric
	Start  time.Time // the calendar date the goal was set: where its straight line starts
	// Series is the KPI's value at Start (the baseline) and after each
	// date with observations since, in date order.
	Series   []Point
	HasData  bool      // observations were recorded since Start
	Latest   float64   // the last value of Series
	LatestAt time.Time // its date
	// Progress is how far Latest is from the baseline toward the target,
	// in percent: 0 at the baseline, 100 at the target; negative when it
	// went the wrong way.
	Progress float64
	// Expected is the progress the straight line from baseline (at Start)
	// to target (at the deadline) asks for at LatestAt, in percent.
	Expected float64
	Pace     Pace
}

// ProgressPercent returns how far value has gone from baseline toward
// target, in percent. It works both ways: a reply time going from 6 h to a
// target of 1 h is 60 % of the way at 3 h. Baseline and target must differ
// (a SMART goal); when they do not, it returns 100 at or past the target.
func ProgressPercent(baseline, target, value float64) float64 {
	if target == baseline {
		if (target >= 0 && value >= target) || (target < 0 && value <= target) {
			return 100
		}
		return 0
	}
	return (value - baseline) / (target - baseline) * 100
}

// ExpectedPercent returns the progress, in percent, that the straight line
// from start to deadline asks for at the date at: 0 at start, 100 at the
// deadline and after. Dates are calendar dates; a deadline not after start
// asks for everything at once.
func ExpectedPercent(start, deadline, at time.Time) float64 {
	total := deadline.Sub(start)
	if total <= 0 {
		return 100
	}
	elapsed := at.Sub(start)
	switch {
	case elapsed <= 0:
		return 0
	case elapsed >= total:
		return 100
	}
	return float64(elapsed) / float64(total) * 100
}

// ExpectedValue returns the value the straight line from baseline at start
// to target at deadline gives at the date at.
func ExpectedValue(baseline, target float64, start, deadline, at time.Time) float64 {
	return baseline + (target-baseline)*ExpectedPercent(start, deadline, at)/100
}

// PaceOf judges a KPI's progress at the date at against the straight line
// from start to deadline, on today.
func PaceOf(progress float64, start, deadline, at, today time.Time) Pace {
	switch {
	case progress >= 100-paceEpsilon:
		return PaceReached
	case today.After(deadline):
		return PaceMissed
	case progress+paceEpsilon >= ExpectedPercent(start, deadline, at):
		return PaceOnTrack
	}
	return PaceBehind
}

// MetricSeries returns the value of a metric of kind after each date with
// observations from start on, beginning at start with base: for a count,
// base plus the running sum; for a level, the sum of each network's latest
// value (observations of no network count as one more network), or base
// until the first observation. Observations before start are left out.
//
// Deprecated: use EvaluateKPI, whose Chart follows the KPI's type.
func MetricSeries(kind MetricKind, base float64, start time.Time, obs []*Observation) []Point {
	var in []*Observation
	for _, o := range obs {
		if !o.At().Before(start) {
			in = append(in, o)
		}
	}
	slices.SortStableFunc(in, func(a, b *Observation) int { return a.At().Compare(b.At()) })
	out := []Point{{Date: start, Value: base}}
	total := base
	latest := map[Network]float64{}
	for i, o := range in {
		if kind == MetricCount {
			total += o.Value
		} else {
			latest[o.Network] = o.Value
		}
		if i+1 < len(in) && in[i+1].At().Equal(o.At()) {
			continue // one point a date
		}
		v := total
		if kind != MetricCount {
			v = 0
			for _, x := range latest {
				v += x
			}
		}
		if o.At().Equal(start) {
			out[0].Value = v
			continue
		}
		out = append(out, Point{Date: o.At(), Value: v})
	}
	return out
}

// ComputeKPI computes the KPI of goal g, measured by m (nil: a level
// metric), from the observations of its metric, on today in loc.
//
// Deprecated: use EvaluateKPI (or EvaluateKPIs), which reads the KPI by its
// type, counts back-filled results and judges the pace at today. Status,
// Home, the measurement review, export and charts use it.
func ComputeKPI(g *Goal, m *Metric, obs []*Observation, today time.Time, loc *time.Location) KPI {
	kind := MetricLevel
	if m != nil {
		kind = m.Kind
	}
	k := KPI{Goal: g, Metric: m, Start: Today(g.CreatedAt, loc)}
	var mine []*Observation
	for _, o := range obs {
		if MetricKey(o.Metric) == MetricKey(g.Metric) {
			mine = append(mine, o)
		}
	}
	k.Series = MetricSeries(kind, g.Baseline, k.Start, mine)
	last := k.Series[len(k.Series)-1]
	k.Latest, k.LatestAt = last.Value, last.Date
	for _, o := range mine {
		if !o.At().Before(k.Start) {
			k.HasData = true
			break
		}
	}
	k.Progress = ProgressPercent(g.Baseline, g.Target, k.Latest)
	k.Expected = ExpectedPercent(k.Start, g.Deadline, k.LatestAt)
	k.Pace = PaceNoData
	if k.HasData {
		k.Pace = PaceOf(k.Progress, k.Start, g.Deadline, k.LatestAt, today)
	}
	return k
}

// Stale reports whether the KPI has no observation on or after since: a
// goal the team no longer measures ("you only measure what you can see").
func (k KPI) Stale(since time.Time) bool {
	return !k.HasData || k.LatestAt.Before(dateOf(since))
}

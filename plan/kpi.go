package plan

import (
	"math"
	"slices"
	"time"
)

// Direction says which way a goal's KPI should go.
type Direction string

// Directions of a KPI. For the two "stay" directions the goal's Target is
// the threshold; for DirectionWithin the range is KPIType's Low to High.
const (
	DirectionIncrease  Direction = "increase"   // followers, leads: reach Target from below
	DirectionDecrease  Direction = "decrease"   // reply time, cost per lead: come down to Target
	DirectionStayAbove Direction = "stay_above" // a rating: keep at or above Target
	DirectionStayBelow Direction = "stay_below" // complaints a month: keep at or below Target
	DirectionWithin    Direction = "within"     // posting frequency: keep within [Low, High]
)

// Directions lists the directions in the order they are offered.
var Directions = []Direction{DirectionIncrease, DirectionDecrease, DirectionStayAbove, DirectionStayBelow, DirectionWithin}

// Valid reports whether d is a known direction.
func (d Direction) Valid() bool { return slices.Contains(Directions, d) }

// Holds reports whether d asks the KPI to hold a threshold or a range
// rather than to reach a target.
func (d Direction) Holds() bool {
	return d == DirectionStayAbove || d == DirectionStayBelow || d == DirectionWithin
}

// HigherIsBetter reports whether a higher value is better: +1 when it is
// (increase, stay above), -1 when a lower one is (decrease, stay below),
// and 0 for a range, where better means closer to it (see KPIType.Better).
func (d Direction) HigherIsBetter() float64 {
	switch d {
	case DirectionIncrease, DirectionStayAbove:
		return 1
	case DirectionDecrease, DirectionStayBelow:
		return -1
	}
	return 0
}

// Aggregation says how the observations of a KPI combine, over time and
// over networks.
type Aggregation string

// Aggregations of a KPI.
const (
	// AggregateLevel: an observation is the value at its date (followers).
	// Per network the latest counts; networks add up only when the KPI
	// Count is set. An observation of no network is the value for all
	// networks: a total, preferred for its date to the sum of networks.
	AggregateLevel Aggregation = "level"
	// AggregateRate: a rate or an average (engagement rate, reply time).
	// Never summed: networks combine into a mean weighted by WeightMetric
	// when every network has a weight, else they are shown one by one.
	AggregateRate Aggregation = "rate"
	// AggregateCost: a cost per result (cost per lead). Never summed;
	// combined as a rate, weighted by its denominator (WeightMetric: the
	// leads) when known, else shown per network.
	AggregateCost Aggregation = "cost"
	// AggregateFlow: a count per period (leads a month): each period's
	// sum is compared with the target, which is per period.
	AggregateFlow Aggregation = "flow"
	// AggregateCumulative: a running count (signups since the goal was
	// set): the baseline plus every observation from BaselineDate on.
	AggregateCumulative Aggregation = "cumulative"
)

// Aggregations lists the aggregations in the order they are offered.
var Aggregations = []Aggregation{AggregateLevel, AggregateRate, AggregateCost, AggregateFlow, AggregateCumulative}

// Valid reports whether a is a known aggregation.
func (a Aggregation) Valid() bool { return slices.Contains(Aggregations, a) }

// Period is the length of the periods a flow KPI is counted over.
type Period string

// Periods of a flow. Weeks start on Monday (ISO 8601).
const (
	PeriodWeek  Period = "week"
	PeriodMonth Period = "month"
)

// Valid reports whether p is a known period.
func (p Period) Valid() bool { return p == PeriodWeek || p == PeriodMonth }

// First returns the first day of the period holding the calendar date d.
func (p Period) First(d time.Time) time.Time {
	d = dateOf(d)
	if p == PeriodWeek {
		back := (int(d.Weekday()) + 6) % 7 // days since Monday
		return d.AddDate(0, 0, -back)
	}
	return time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// Last returns the last day of the period holding the calendar date d.
func (p Period) Last(d time.Time) time.Time {
	first := p.First(d)
	if p == PeriodWeek {
		return first.AddDate(0, 0, 6)
	}
	return first.AddDate(0, 1, -1)
}

// KPIType says how a goal's KPI is read: which way is good, and how its
// observations combine. The zero value means "not set": see
// Goal.EffectiveKPI.
type KPIType struct {
	Direction   Direction
	Aggregation Aggregation
	// Count is set for a level whose networks add up (followers,
	// subscribers); a level that is not a count (a rating) is shown per
	// network unless an "all networks" value exists.
	Count bool
	// Period is the period of a flow: the target is per Period.
	Period Period
	// Low and High bound the range of DirectionWithin.
	Low, High float64
	// WeightMetric names the metric whose value on the same network and
	// date weighs a rate or a cost: impressions for an engagement rate,
	// leads for a cost per lead. "" when there is none.
	WeightMetric string
}

// IsZero reports whether t was never set.
func (t KPIType) IsZero() bool { return t == KPIType{} }

// Normalize clears the fields that t's direction and aggregation do not
// use, so that storage keeps one form of each type.
func (t *KPIType) Normalize() {
	if t.Aggregation != AggregateLevel {
		t.Count = false
	}
	if t.Aggregation != AggregateFlow {
		t.Period = ""
	}
	if t.Direction != DirectionWithin {
		t.Low, t.High = 0, 0
	}
	if t.Aggregation != AggregateRate && t.Aggregation != AggregateCost {
		t.WeightMetric = ""
	}
}

// Validate returns FieldErrors for every field of t that is not valid.
func (t KPIType) Validate() error {
	var fe FieldErrors
	if !t.Direction.Valid() {
		fe = append(fe, Invalid("kpi_direction", "kpi.direction.invalid", "choose which way the KPI should go"))
	}
	if !t.Aggregation.Valid() {
		fe = append(fe, Invalid("kpi_aggregation", "kpi.aggregation.invalid", "choose how the values add up"))
	}
	if t.Aggregation == AggregateFlow && !t.Period.Valid() {
		fe = append(fe, Invalid("kpi_period", "kpi.period.invalid", "a count per period needs its period: week or month"))
	}
	if t.Direction == DirectionWithin && !(finite(t.Low) && finite(t.High) && t.Low < t.High) {
		fe = append(fe, Invalid("kpi_range", "kpi.range.invalid", "the range needs a low value below its high value"))
	}
	if len([]rune(t.WeightMetric)) > MaxMetricNameLen {
		fe = append(fe, Invalid("kpi_weight", "kpi.weight.too_long", "the weight metric name is too long"))
	}
	return fe.Err()
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

// Better returns how much better the KPI got going from one value to
// another: the change itself when higher is better, its opposite when
// lower is, and for a range how much closer to it the value came. Step 9
// signs its evidence with it.
func (t KPIType) Better(from, to float64) float64 {
	if t.Direction == DirectionWithin {
		return t.distance(from) - t.distance(to)
	}
	return t.Direction.HigherIsBetter() * (to - from)
}

// distance is how far v is outside the range of DirectionWithin.
func (t KPIType) distance(v float64) float64 {
	switch {
	case v < t.Low:
		return t.Low - v
	case v > t.High:
		return v - t.High
	}
	return 0
}

// summable reports whether the values of networks add up.
func (t KPIType) summable() bool {
	return (t.Aggregation == AggregateLevel && t.Count) || t.Aggregation == AggregateFlow || t.Aggregation == AggregateCumulative
}

// DefaultKPIType is the type of a goal that has none, which existing goals
// migrate to: increase when the target is above the baseline, else
// decrease; a cumulative count when its metric is a count metric (as
// ComputeKPI has counted it), else a level whose networks add up (as
// ComputeKPI has summed it). Goals whose KPI is a rate, a cost or a count
// per period need their type chosen: nothing in an existing goal tells.
func DefaultKPIType(g *Goal, m *Metric) KPIType {
	t := KPIType{Direction: DirectionIncrease, Aggregation: AggregateLevel, Count: true}
	if g != nil && g.Target < g.Baseline {
		t.Direction = DirectionDecrease
	}
	if m != nil && m.Kind == MetricCount {
		t.Aggregation, t.Count = AggregateCumulative, false
	}
	return t
}

// EffectiveKPI returns the type of g's KPI, measured by m (nil for a KPI
// with no metric record): g.KPI, or DefaultKPIType when it is not set.
func (g *Goal) EffectiveKPI(m *Metric) KPIType {
	if g.KPI.IsZero() {
		return DefaultKPIType(g, m)
	}
	t := g.KPI
	t.Normalize()
	return t
}

// validateKPI returns the errors of g's KPI type and of its target under
// it; a goal without a type keeps the rule it always had: a target
// different from the baseline.
func (g *Goal) validateKPI() []*Error {
	var fe []*Error
	if !g.KPI.IsZero() {
		fe = append(fe, ErrorFields(g.KPI.Validate())...)
	}
	switch g.KPI.Direction {
	case DirectionIncrease:
		if g.Target <= g.Baseline {
			fe = append(fe, Invalid("target", "goal.target.not_above_baseline", "to increase, the target must be above the baseline"))
		}
	case DirectionDecrease:
		if g.Target >= g.Baseline {
			fe = append(fe, Invalid("target", "goal.target.not_below_baseline", "to decrease, the target must be below the baseline"))
		}
	case DirectionStayAbove, DirectionStayBelow, DirectionWithin:
	default:
		if g.Target == g.Baseline {
			fe = append(fe, Invalid("target", "goal.target.same_as_baseline", "the target must differ from the baseline"))
		}
	}
	return fe
}

// KPIMetrics returns the names of the metrics the KPIs of goals read,
// each once whatever its case: every goal's metric and the weight metric
// of its type. It is the Metrics of the ObservationFilter that loads what
// EvaluateKPI needs.
func KPIMetrics(goals []*Goal) []string {
	var out []string
	seen := map[string]bool{}
	add := func(name string) {
		if key := MetricKey(name); key != "" && !seen[key] {
			seen[key] = true
			out = append(out, name)
		}
	}
	for _, g := range goals {
		add(g.Metric)
		add(g.KPI.WeightMetric)
	}
	return out
}

// EvaluateKPIs evaluates the KPI of each goal at today, in the order of
// goals: its observations and those of its weight metric come from ix,
// which indexes a plan's observations once for all its goals; metrics are
// the plan's (PlanMetrics), loc its zone.
func EvaluateKPIs(goals []*Goal, metrics []*Metric, ix *ObservationIndex, today time.Time, loc *time.Location) []KPIStatus {
	out := make([]KPIStatus, len(goals))
	for i, g := range goals {
		m := FindMetric(metrics, g.Metric)
		in := KPIInput{Goal: g, Metric: m, Observations: ix.Metric(g.Metric), Today: today, Loc: loc}
		if w := g.EffectiveKPI(m).WeightMetric; w != "" {
			in.Weights = ix.Metric(w)
		}
		out[i] = EvaluateKPI(in)
	}
	return out
}

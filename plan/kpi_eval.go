package plan

import (
	"slices"
	"time"
)

// PaceTooEarly says a flow KPI has no complete period yet and less than
// half of its first one has gone: too early to judge.
const PaceTooEarly Pace = "too_early"

// NetworkKPI is a KPI's value on one network.
type NetworkKPI struct {
	Network Network
	// Value is the network's latest value (levels, rates, costs), or its
	// sum from the KPI's start (cumulative), or in the current period
	// (flows).
	Value float64
	At    time.Time // the date of Value
	// Weight is the value of the type's WeightMetric on the network at At;
	// Weighted is false when there is none.
	Weight   float64
	Weighted bool
	// Judged is set when the target applies to the network on its own (a
	// rate, a cost, a level that is not a count): Progress, Gap and Pace
	// are then the network's, as KPIStatus defines them.
	Judged   bool
	Progress float64
	Gap      float64
	Pace     Pace
}

// PeriodValue is a flow KPI's count over one period.
type PeriodValue struct {
	First, Last time.Time // its first and last days
	Value       float64
	// Logged is set when some observation falls in the period: a period
	// with none is unknown, not zero.
	Logged bool
	// Complete is set when the period ended before today.
	Complete bool
	// Judged is set when the period ends on or after the KPI's start: it
	// has a target. Earlier periods are history (back-filled results).
	Judged bool
	// Expected is what the period should bring: the straight line from
	// baseline to target at its last day, or the threshold of a "stay"
	// direction.
	Expected float64
	Pace     Pace // PaceNoData when not logged or not judged
}

// KPIStatus is where a goal's KPI stands on a day, read by its type (see
// EvaluateKPI).
type KPIStatus struct {
	Goal  *Goal
	Type  KPIType
	Start time.Time // the calendar date the KPI counts from: BaselineDate, or the creation date
	Today time.Time
	// HasData is set when some observation bears on the KPI: any, whatever
	// its date, for levels, rates and costs (back-filled results count from
	// their date); one from Start on for a cumulative count; one in a
	// judged period for a flow.
	HasData bool
	// LatestAt is the date of the latest observation bearing on the KPI.
	LatestAt time.Time
	// Combined is set when the KPI has one value, Value at ValueAt. It is
	// false for rates and costs without every weight, and for levels that
	// are not counts, unless an "all networks" value exists for the latest
	// date: the KPI is then shown per network and judged by its Worst one.
	Combined bool
	Value    float64
	ValueAt  time.Time
	Networks []NetworkKPI // the networks with data, in catalogue order
	Worst    Network      // when not Combined: the network Progress and Pace are of
	// Progress is how far the KPI has come, in percent: from baseline (0)
	// to target (100) for increase and decrease, past 100 beyond it,
	// negative the wrong way; 100 inside the threshold or range of a "stay"
	// direction and 0 outside. For a flow, of the latest complete period.
	Progress float64
	// Expected is the progress the straight line from baseline at Start to
	// target at the deadline asks for at Today (not at the last
	// observation), in percent, and ExpectedValue its value; a "stay"
	// direction expects 100 and the threshold.
	Expected      float64
	ExpectedValue float64
	// Gap is how far the value is from the target in the good direction:
	// positive when short of it, negative beyond it; for a "stay" or a
	// range, the distance outside it (0 inside).
	Gap    float64
	Pace   Pace
	AtRisk bool // Pace is behind or missed
	// Projected is the value at the deadline if the KPI goes on at the pace
	// it has kept since Start; Projection is false when it cannot be told
	// (a "stay", a flow, no data, at or past the deadline).
	Projected  float64
	Projection bool
	// Periods are a flow's periods from the first with data or Start's,
	// whichever is earlier, to Today's; Current is Today's (in progress),
	// of which Elapsed (0 to 1) has gone.
	Periods []PeriodValue
	Current *PeriodValue
	Elapsed float64
	Chart   KPIChart
}

// KPIChart is what a chart of a KPI draws.
type KPIChart struct {
	// Lines are the KPI as a whole (Network "") when it has one value,
	// else one line a network. Points before Start are back-filled results.
	Lines []ChartLine
	// Bars are a flow's periods, each with its Expected value.
	Bars []PeriodValue
	// Guide is the line the KPI should follow: from baseline at Start to
	// target at the deadline, or the flat threshold of a "stay" direction.
	// Nil for flows (see Bars) and ranges (see Band).
	Guide []Point
	// Band is set for DirectionWithin: the range Low to High is shaded.
	Band      bool
	Low, High float64
}

// ChartLine is one line of a chart.
type ChartLine struct {
	Network Network // "" for the KPI as a whole
	Points  []Point
}

// KPIInput is what EvaluateKPI reads.
type KPIInput struct {
	Goal *Goal
	// Metric is the goal's metric (see PlanMetrics); nil for a KPI without
	// a metric record, read as a level.
	Metric *Metric
	// Observations are those of the goal's metric, whatever their date
	// (ObservationIndex.Metric gives them); others are ignored.
	Observations []*Observation
	// Weights are the observations of the type's WeightMetric, for a rate
	// or a cost; others are ignored.
	Weights []*Observation
	Today   time.Time      // the plan's calendar date (see Today)
	Loc     *time.Location // the plan's zone: the goal's creation date is taken there
}

// EvaluateKPI computes where a goal's KPI stands at in.Today, following its
// type (see Goal.EffectiveKPI): its value or its values per network,
// progress toward the target honouring the direction, the pace to the
// deadline judged at today, whether it is at risk, and the chart to draw.
func EvaluateKPI(in KPIInput) KPIStatus {
	g := in.Goal
	loc := in.Loc
	if loc == nil {
		loc = time.UTC
	}
	k := KPIStatus{Goal: g, Type: g.EffectiveKPI(in.Metric), Today: dateOf(in.Today), Start: dateOf(g.BaselineDate)}
	if k.Start.IsZero() && !g.CreatedAt.IsZero() {
		k.Start = Today(g.CreatedAt, loc)
	}
	key := MetricKey(g.Metric)
	var obs []*Observation
	// The results usually come from an index by metric: their names are
	// one spelling, keyed once rather than once a result.
	raw, same := "", false
	for i, o := range in.Observations {
		if i == 0 || o.Metric != raw {
			raw, same = o.Metric, MetricKey(o.Metric) == key
		}
		if same && !o.At().After(k.Today) {
			obs = append(obs, o)
		}
	}
	slices.SortStableFunc(obs, func(a, b *Observation) int { return a.At().Compare(b.At()) })
	switch k.Type.Aggregation {
	case AggregateFlow:
		k.evalFlow(groupByDate(obs))
		return k
	case AggregateCumulative:
		k.evalCumulative(groupByDate(obs))
	default:
		k.evalLevel(groupByDate(obs), weightsByNetwork(in.Weights, k.Type.WeightMetric))
	}
	k.judgeNetworks()
	switch {
	case !k.HasData:
		k.Pace = PaceNoData
		k.Progress, k.Expected, k.ExpectedValue, k.Gap, _ = k.judge(g.Baseline, k.Today)
	case k.Combined:
		k.Progress, k.Expected, k.ExpectedValue, k.Gap, k.Pace = k.judge(k.Value, k.Today)
		k.project()
	default:
		k.judgeByWorst()
	}
	k.AtRisk = k.Pace == PaceBehind || k.Pace == PaceMissed
	k.Chart.Guide = k.guide()
	return k
}

// dateGroup is the observations of one date.
type dateGroup struct {
	at   time.Time
	all  []*Observation // of no network: the value for all networks
	nets []*Observation // on a network
}

// count is what the date adds to a count: its "all networks" values when
// there are any, else the sum of its networks'.
func (d dateGroup) count() float64 {
	sum := 0.0
	src := d.nets
	if len(d.all) > 0 {
		src = d.all
	}
	for _, o := range src {
		sum += o.Value
	}
	return sum
}

// groupByDate groups observations in date order by date.
func groupByDate(obs []*Observation) []dateGroup {
	var out []dateGroup
	for _, o := range obs {
		if len(out) == 0 || !out[len(out)-1].at.Equal(o.At()) {
			out = append(out, dateGroup{at: o.At()})
		}
		d := &out[len(out)-1]
		if o.Network == "" {
			d.all = append(d.all, o)
		} else {
			d.nets = append(d.nets, o)
		}
	}
	return out
}

// weightsByNetwork returns the observations of the weight metric by
// network, in date order.
func weightsByNetwork(obs []*Observation, metric string) map[Network][]*Observation {
	if metric == "" {
		return nil
	}
	ix := IndexObservations(obs)
	out := map[Network][]*Observation{}
	for _, n := range ix.Networks(metric) {
		out[n] = ix.Network(metric, n)
	}
	return out
}

// evalLevel reads a level, a rate or a cost: per network the latest value;
// for the whole, the "all networks" value of a date when there is one,
// else the networks' sum (a count) or weighted mean (a rate or a cost with
// every weight).
func (k *KPIStatus) evalLevel(dates []dateGroup, weights map[Network][]*Observation) {
	latest := map[Network]*NetworkKPI{}
	lines := map[Network][]Point{}
	var whole []Point
	for _, d := range dates {
		for _, o := range d.nets {
			nk := &NetworkKPI{Network: o.Network, Value: o.Value, At: d.at}
			nk.Weight, nk.Weighted = valueAt(weights[o.Network], d.at)
			latest[o.Network] = nk
			if l := lines[o.Network]; len(l) > 0 && l[len(l)-1].Date.Equal(d.at) {
				l[len(l)-1].Value = o.Value
			} else {
				lines[o.Network] = append(l, Point{Date: d.at, Value: o.Value})
			}
		}
		if len(d.all) > 0 {
			whole = append(whole, Point{Date: d.at, Value: d.all[len(d.all)-1].Value})
			continue
		}
		if v, ok := k.combine(latest); ok {
			whole = append(whole, Point{Date: d.at, Value: v})
		}
	}
	k.HasData = len(dates) > 0
	k.Networks = networkValues(latest)
	last := time.Time{}
	if len(dates) > 0 {
		last = dates[len(dates)-1].at
		k.LatestAt = last
	}
	if n := len(whole); n > 0 && whole[n-1].Date.Equal(last) {
		k.Combined, k.Value, k.ValueAt = true, whole[n-1].Value, last
		k.Chart.Lines = []ChartLine{{Points: whole}}
		return
	}
	if !k.HasData {
		k.Combined, k.Value, k.ValueAt = true, k.Goal.Baseline, k.Start
		return
	}
	for _, nk := range k.Networks {
		k.Chart.Lines = append(k.Chart.Lines, ChartLine{Network: nk.Network, Points: lines[nk.Network]})
	}
}

// combine returns the networks' latest values combined, when the type
// combines them.
func (k *KPIStatus) combine(latest map[Network]*NetworkKPI) (float64, bool) {
	if len(latest) == 0 {
		return 0, false
	}
	switch {
	case k.Type.Aggregation == AggregateLevel && k.Type.Count:
		sum := 0.0
		for _, nk := range latest {
			sum += nk.Value
		}
		return sum, true
	case k.Type.Aggregation == AggregateRate || k.Type.Aggregation == AggregateCost:
		var sum, weights float64
		for _, nk := range latest {
			if !nk.Weighted || nk.Weight < 0 {
				return 0, false
			}
			sum += nk.Value * nk.Weight
			weights += nk.Weight
		}
		if weights > 0 {
			return sum / weights, true
		}
	}
	return 0, false
}

// networkValues returns the values of latest in catalogue order.
func networkValues(latest map[Network]*NetworkKPI) []NetworkKPI {
	ns := make([]Network, 0, len(latest))
	for n := range latest {
		ns = append(ns, n)
	}
	out := make([]NetworkKPI, 0, len(ns))
	for _, n := range SortNetworks(ns) {
		out = append(out, *latest[n])
	}
	return out
}

// evalCumulative reads a running count: the baseline plus what each date
// from Start on adds ("all networks" values preferred for their date).
func (k *KPIStatus) evalCumulative(dates []dateGroup) {
	total := k.Goal.Baseline
	whole := []Point{{Date: k.Start, Value: total}}
	sums := map[Network]*NetworkKPI{}
	for _, d := range dates {
		if d.at.Before(k.Start) {
			continue // the baseline stands for it
		}
		k.HasData, k.LatestAt = true, d.at
		total += d.count()
		for _, o := range d.nets {
			if sums[o.Network] == nil {
				sums[o.Network] = &NetworkKPI{Network: o.Network}
			}
			sums[o.Network].Value += o.Value
			sums[o.Network].At = d.at
		}
		if d.at.Equal(k.Start) {
			whole[0].Value = total
			continue
		}
		whole = append(whole, Point{Date: d.at, Value: total})
	}
	last := whole[len(whole)-1]
	k.Combined, k.Value, k.ValueAt = true, last.Value, last.Date
	k.Networks = networkValues(sums)
	k.Chart.Lines = []ChartLine{{Points: whole}}
}

// judge returns the progress, expected progress and value, gap and pace
// of value v on day at, by the KPI's direction.
func (k *KPIStatus) judge(v float64, at time.Time) (progress, expected, expectedValue, gap float64, pace Pace) {
	g := k.Goal
	if k.Type.Direction.Holds() {
		gap = k.outside(v)
		progress, pace = 0, PaceBehind
		if gap == 0 {
			progress, pace = 100, PaceOnTrack
			if !at.Before(g.Deadline) {
				pace = PaceReached // held to the deadline
			}
		} else if at.After(g.Deadline) {
			pace = PaceMissed
		}
		return progress, 100, g.Target, gap, pace
	}
	progress = ProgressPercent(g.Baseline, g.Target, v)
	expected = ExpectedPercent(k.Start, g.Deadline, at)
	expectedValue = ExpectedValue(g.Baseline, g.Target, k.Start, g.Deadline, at)
	gap = g.Target - v
	if k.Type.Direction == DirectionDecrease {
		gap = v - g.Target
	}
	return progress, expected, expectedValue, gap, PaceOf(progress, k.Start, g.Deadline, at, at)
}

// outside is how far v is outside the threshold or range of a "stay"
// direction; 0 inside.
func (k *KPIStatus) outside(v float64) float64 {
	switch k.Type.Direction {
	case DirectionStayAbove:
		return max(0, k.Goal.Target-v)
	case DirectionStayBelow:
		return max(0, v-k.Goal.Target)
	}
	return k.Type.distance(v)
}

// judgeNetworks judges each network on its own when the target applies to
// it: rates, costs, and levels that are not counts.
func (k *KPIStatus) judgeNetworks() {
	if k.Type.summable() {
		return
	}
	for i := range k.Networks {
		nk := &k.Networks[i]
		nk.Judged = true
		nk.Progress, _, _, nk.Gap, nk.Pace = k.judge(nk.Value, k.Today)
	}
}

// judgeByWorst judges a KPI shown per network by its worst network: the
// least progress, then the largest gap.
func (k *KPIStatus) judgeByWorst() {
	worst := -1
	for i, nk := range k.Networks {
		if worst < 0 || nk.Progress < k.Networks[worst].Progress ||
			(nk.Progress == k.Networks[worst].Progress && nk.Gap > k.Networks[worst].Gap) {
			worst = i
		}
	}
	nk := k.Networks[worst]
	k.Worst = nk.Network
	k.Progress, k.Expected, k.ExpectedValue, k.Gap, k.Pace = k.judge(nk.Value, k.Today)
}

// project extrapolates the pace kept from Start to Today to the deadline.
func (k *KPIStatus) project() {
	g := k.Goal
	if k.Type.Direction.Holds() {
		return
	}
	elapsed, total := k.Today.Sub(k.Start), g.Deadline.Sub(k.Start)
	if elapsed <= 0 || total <= elapsed {
		return
	}
	k.Projected = g.Baseline + (k.Value-g.Baseline)*float64(total)/float64(elapsed)
	k.Projection = true
}

// guide is the line a chart of the KPI shows it should follow.
func (k *KPIStatus) guide() []Point {
	g := k.Goal
	switch k.Type.Direction {
	case DirectionWithin:
		k.Chart.Band, k.Chart.Low, k.Chart.High = true, k.Type.Low, k.Type.High
		return nil
	case DirectionStayAbove, DirectionStayBelow:
		return []Point{{Date: k.Start, Value: g.Target}, {Date: g.Deadline, Value: g.Target}}
	}
	return []Point{{Date: k.Start, Value: g.Baseline}, {Date: g.Deadline, Value: g.Target}}
}

// Stale reports whether the KPI has no observation on or after since: a
// goal the team no longer measures.
func (k KPIStatus) Stale(since time.Time) bool {
	return !k.HasData || k.LatestAt.Before(dateOf(since))
}

// AtRiskByGoal returns, by goal ID, whether each KPI is at risk: the
// kpiAtRisk of GoalsAtRisk.
func AtRiskByGoal(ks []KPIStatus) map[int64]bool {
	out := make(map[int64]bool, len(ks))
	for i := range ks {
		if ks[i].Goal != nil {
			out[ks[i].Goal.ID] = ks[i].AtRisk
		}
	}
	return out
}

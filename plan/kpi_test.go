package plan_test

import (
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
)

// obsOn is an observation of metric on network n at date d.
func obsOn(metric string, n plan.Network, v float64, d time.Time) *plan.Observation {
	return &plan.Observation{Metric: metric, Network: n, Value: v, Date: d}
}

// kpiGoal is a goal set on 2026-01-01 with a deadline on 2026-01-11 (ten
// days, so that each day is 10 % of the straight line).
func kpiGoal(metric string, baseline, target float64, t plan.KPIType) *plan.Goal {
	return &plan.Goal{
		ID: 1, Kind: plan.GoalAwareness, Title: "g", Metric: metric, Baseline: baseline, Target: target,
		Deadline: day(2026, 1, 11), CreatedAt: time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC), KPI: t,
	}
}

func TestEvaluateKPI_Aggregations(t *testing.T) {
	const (
		ig = plan.NetworkInstagram
		fb = plan.NetworkFacebook
		li = plan.NetworkLinkedIn
	)
	level := plan.KPIType{Direction: plan.DirectionIncrease, Aggregation: plan.AggregateLevel, Count: true}
	rate := plan.KPIType{Direction: plan.DirectionIncrease, Aggregation: plan.AggregateRate, WeightMetric: "impressions"}
	cost := plan.KPIType{Direction: plan.DirectionDecrease, Aggregation: plan.AggregateCost, WeightMetric: "leads"}
	replyTime := plan.KPIType{Direction: plan.DirectionDecrease, Aggregation: plan.AggregateRate}
	tests := []struct {
		name     string
		goal     *plan.Goal
		obs      []*plan.Observation
		weights  []*plan.Observation
		today    time.Time
		combined bool
		value    float64
		networks map[plan.Network]float64
		worst    plan.Network
		progress float64
		pace     plan.Pace
	}{
		{
			// Issue 11: 2.1 % + 2.0 % showed 4.1 % "target reached". With
			// no weights the rate is shown per network and judged by the
			// worst: (2.0-1.5)/(3-1.5) = 33.3 %, expected 40 % on day 5.
			name: "RateWithoutWeightsPerNetwork",
			goal: kpiGoal("engagement rate", 1.5, 3, rate),
			obs:  []*plan.Observation{obsOn("engagement rate", ig, 2.1, day(2026, 1, 5)), obsOn("engagement rate", fb, 2.0, day(2026, 1, 5))},
			// no impressions logged
			today: day(2026, 1, 5), combined: false, networks: map[plan.Network]float64{ig: 2.1, fb: 2.0},
			worst: fb, progress: 100.0 / 3, pace: plan.PaceBehind,
		},
		{
			// Weighted by impressions: (2.1×1000 + 2.0×3000) / 4000 = 2.025;
			// (2.025-1.5)/1.5 = 35 %.
			name: "RateWeighted",
			goal: kpiGoal("engagement rate", 1.5, 3, rate),
			obs:  []*plan.Observation{obsOn("engagement rate", ig, 2.1, day(2026, 1, 5)), obsOn("Engagement Rate", fb, 2.0, day(2026, 1, 5))},
			weights: []*plan.Observation{
				obsOn("impressions", ig, 1000, day(2026, 1, 5)), obsOn("impressions", fb, 3000, day(2026, 1, 5)),
				obsOn("impressions", fb, 9999, day(2026, 1, 4)), // another date: not its weight
			},
			today: day(2026, 1, 5), combined: true, value: 2.025, networks: map[plan.Network]float64{ig: 2.1, fb: 2.0},
			progress: 35, pace: plan.PaceBehind,
		},
		{
			// Issue 11: 30 € + 30 € showed 60 €. Weighted by leads (10 and
			// 30): (30×10 + 30×30)/40 = 30; from 40 to 20: 50 %, expected
			// 40 % on day 5.
			name: "CostWeightedByLeads",
			goal: kpiGoal("cost per lead", 40, 20, cost),
			obs:  []*plan.Observation{obsOn("cost per lead", ig, 30, day(2026, 1, 5)), obsOn("cost per lead", fb, 30, day(2026, 1, 5))},
			weights: []*plan.Observation{
				obsOn("leads", ig, 10, day(2026, 1, 5)), obsOn("leads", fb, 30, day(2026, 1, 5)),
			},
			today: day(2026, 1, 5), combined: true, value: 30, networks: map[plan.Network]float64{ig: 30, fb: 30},
			progress: 50, pace: plan.PaceOnTrack,
		},
		{
			// Issue 11: 2 h on three networks showed 6 h. From 6 h to 1 h,
			// 2 h is (6-2)/(6-1) = 80 % on each network.
			name: "ReplyTimeNeverSummed",
			goal: kpiGoal("reply time", 6, 1, replyTime),
			obs: []*plan.Observation{
				obsOn("reply time", ig, 2, day(2026, 1, 5)), obsOn("reply time", fb, 2, day(2026, 1, 5)), obsOn("reply time", li, 2, day(2026, 1, 5)),
			},
			today: day(2026, 1, 5), combined: false, networks: map[plan.Network]float64{ig: 2, fb: 2, li: 2},
			worst: fb, progress: 80, pace: plan.PaceOnTrack,
		},
		{
			// Issue 11: an "all networks" row of 250 was added to
			// Instagram's 230: 480. It is the total: 250.
			name:  "AllNetworksIsTheTotal",
			goal:  kpiGoal("followers", 200, 300, level),
			obs:   []*plan.Observation{obsOn("followers", "", 250, day(2026, 1, 5)), obsOn("followers", ig, 230, day(2026, 1, 5))},
			today: day(2026, 1, 5), combined: true, value: 250, networks: map[plan.Network]float64{ig: 230},
			progress: 50, pace: plan.PaceOnTrack,
		},
		{
			// A count-like level sums each network's latest value: on the
			// 7th, Instagram 240 (its latest) + Facebook 30 (carried from
			// the 3rd) = 270; the "all networks" row of the 3rd is older.
			name: "CountLevelSumsLatest",
			goal: kpiGoal("followers", 200, 300, level),
			obs: []*plan.Observation{
				obsOn("followers", "", 250, day(2026, 1, 3)), obsOn("followers", ig, 220, day(2026, 1, 3)),
				obsOn("followers", fb, 30, day(2026, 1, 3)), obsOn("followers", ig, 240, day(2026, 1, 7)),
			},
			today: day(2026, 1, 7), combined: true, value: 270, networks: map[plan.Network]float64{ig: 240, fb: 30},
			progress: 70, pace: plan.PaceOnTrack,
		},
		{
			// A level that is not a count (a rating) is not summed: 4.6 and
			// 4.2 stay per network; stay above 4.5 is missed on Facebook.
			name:  "LevelNotACount",
			goal:  kpiGoal("rating", 4.7, 4.5, plan.KPIType{Direction: plan.DirectionStayAbove, Aggregation: plan.AggregateLevel}),
			obs:   []*plan.Observation{obsOn("rating", ig, 4.6, day(2026, 1, 4)), obsOn("rating", fb, 4.2, day(2026, 1, 5))},
			today: day(2026, 1, 5), combined: false, networks: map[plan.Network]float64{ig: 4.6, fb: 4.2},
			worst: fb, progress: 0, pace: plan.PaceBehind,
		},
		{
			// A cumulative count: 100 + 10 (the 2nd) + 20 (the 4th, the
			// "all networks" row rather than the sum of 5 + 6) = 130; the
			// 40 of 2025-12-31 came before the baseline, which stands for
			// it. (130-100)/(200-100) = 30 %, on the line on the 4th.
			name: "Cumulative",
			goal: kpiGoal("signups", 100, 200, plan.KPIType{Direction: plan.DirectionIncrease, Aggregation: plan.AggregateCumulative}),
			obs: []*plan.Observation{
				obsOn("signups", ig, 40, day(2025, 12, 31)),
				obsOn("signups", ig, 10, day(2026, 1, 2)),
				obsOn("signups", "", 20, day(2026, 1, 4)), obsOn("signups", ig, 5, day(2026, 1, 4)), obsOn("signups", fb, 6, day(2026, 1, 4)),
			},
			today: day(2026, 1, 4), combined: true, value: 130, networks: map[plan.Network]float64{ig: 15, fb: 6},
			progress: 30, pace: plan.PaceOnTrack,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := plan.EvaluateKPI(plan.KPIInput{Goal: tt.goal, Observations: tt.obs, Weights: tt.weights, Today: tt.today})
			if !k.HasData || k.Combined != tt.combined || (tt.combined && !near(k.Value, tt.value)) {
				t.Errorf("has data %v, combined %v value %v; want combined %v value %v", k.HasData, k.Combined, k.Value, tt.combined, tt.value)
			}
			if len(k.Networks) != len(tt.networks) {
				t.Errorf("networks %+v, want %v", k.Networks, tt.networks)
			}
			for _, nk := range k.Networks {
				if want, ok := tt.networks[nk.Network]; !ok || !near(nk.Value, want) {
					t.Errorf("network %s = %v, want %v", nk.Network, nk.Value, want)
				}
			}
			if k.Worst != tt.worst || !near(k.Progress, tt.progress) || k.Pace != tt.pace {
				t.Errorf("worst %q progress %v pace %q; want %q %v %q", k.Worst, k.Progress, k.Pace, tt.worst, tt.progress, tt.pace)
			}
			if wantRisk := tt.pace == plan.PaceBehind || tt.pace == plan.PaceMissed; k.AtRisk != wantRisk {
				t.Errorf("at risk %v, want %v", k.AtRisk, wantRisk)
			}
		})
	}
}

func TestEvaluateKPI_Directions(t *testing.T) {
	tests := []struct {
		name     string
		typ      plan.KPIType
		baseline float64
		target   float64
		value    float64
		today    time.Time
		progress float64
		gap      float64
		pace     plan.Pace
	}{
		// Day 6 of 10: the straight line asks for 50 %.
		{name: "IncreaseOnTrack", typ: plan.KPIType{Direction: plan.DirectionIncrease, Aggregation: plan.AggregateLevel, Count: true},
			baseline: 100, target: 200, value: 160, today: day(2026, 1, 6), progress: 60, gap: 40, pace: plan.PaceOnTrack},
		{name: "IncreaseBehind", typ: plan.KPIType{Direction: plan.DirectionIncrease, Aggregation: plan.AggregateLevel, Count: true},
			baseline: 100, target: 200, value: 140, today: day(2026, 1, 6), progress: 40, gap: 60, pace: plan.PaceBehind},
		{name: "IncreaseWrongWay", typ: plan.KPIType{Direction: plan.DirectionIncrease, Aggregation: plan.AggregateLevel, Count: true},
			baseline: 100, target: 200, value: 90, today: day(2026, 1, 6), progress: -10, gap: 110, pace: plan.PaceBehind},
		{name: "IncreaseReached", typ: plan.KPIType{Direction: plan.DirectionIncrease, Aggregation: plan.AggregateLevel, Count: true},
			baseline: 100, target: 200, value: 210, today: day(2026, 1, 6), progress: 110, gap: -10, pace: plan.PaceReached},
		{name: "IncreaseMissed", typ: plan.KPIType{Direction: plan.DirectionIncrease, Aggregation: plan.AggregateLevel, Count: true},
			baseline: 100, target: 200, value: 190, today: day(2026, 1, 12), progress: 90, gap: 10, pace: plan.PaceMissed},
		// Reply time from 6 h to 1 h: 3 h is 60 % of the way.
		{name: "DecreaseOnTrack", typ: plan.KPIType{Direction: plan.DirectionDecrease, Aggregation: plan.AggregateRate},
			baseline: 6, target: 1, value: 3, today: day(2026, 1, 6), progress: 60, gap: 2, pace: plan.PaceOnTrack},
		{name: "DecreaseWorse", typ: plan.KPIType{Direction: plan.DirectionDecrease, Aggregation: plan.AggregateRate},
			baseline: 2, target: 1, value: 5, today: day(2026, 1, 6), progress: -300, gap: 4, pace: plan.PaceBehind},
		{name: "StayAboveHolding", typ: plan.KPIType{Direction: plan.DirectionStayAbove, Aggregation: plan.AggregateLevel},
			baseline: 4.7, target: 4.5, value: 4.5, today: day(2026, 1, 6), progress: 100, gap: 0, pace: plan.PaceOnTrack},
		{name: "StayAboveBelow", typ: plan.KPIType{Direction: plan.DirectionStayAbove, Aggregation: plan.AggregateLevel},
			baseline: 4.7, target: 4.5, value: 4.25, today: day(2026, 1, 6), progress: 0, gap: 0.25, pace: plan.PaceBehind},
		{name: "StayAboveHeldToDeadline", typ: plan.KPIType{Direction: plan.DirectionStayAbove, Aggregation: plan.AggregateLevel},
			baseline: 4.7, target: 4.5, value: 4.8, today: day(2026, 1, 11), progress: 100, gap: 0, pace: plan.PaceReached},
		{name: "StayBelowAbove", typ: plan.KPIType{Direction: plan.DirectionStayBelow, Aggregation: plan.AggregateRate},
			baseline: 1, target: 2, value: 3.5, today: day(2026, 1, 6), progress: 0, gap: 1.5, pace: plan.PaceBehind},
		{name: "StayBelowMissed", typ: plan.KPIType{Direction: plan.DirectionStayBelow, Aggregation: plan.AggregateRate},
			baseline: 1, target: 2, value: 3.5, today: day(2026, 1, 12), progress: 0, gap: 1.5, pace: plan.PaceMissed},
		{name: "WithinInside", typ: plan.KPIType{Direction: plan.DirectionWithin, Aggregation: plan.AggregateLevel, Low: 3, High: 5},
			baseline: 4, target: 4, value: 5, today: day(2026, 1, 6), progress: 100, gap: 0, pace: plan.PaceOnTrack},
		{name: "WithinAbove", typ: plan.KPIType{Direction: plan.DirectionWithin, Aggregation: plan.AggregateLevel, Low: 3, High: 5},
			baseline: 4, target: 4, value: 6, today: day(2026, 1, 6), progress: 0, gap: 1, pace: plan.PaceBehind},
		{name: "WithinBelow", typ: plan.KPIType{Direction: plan.DirectionWithin, Aggregation: plan.AggregateLevel, Low: 3, High: 5},
			baseline: 4, target: 4, value: 2.5, today: day(2026, 1, 6), progress: 0, gap: 0.5, pace: plan.PaceBehind},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := kpiGoal("kpi", tt.baseline, tt.target, tt.typ)
			k := plan.EvaluateKPI(plan.KPIInput{Goal: g, Observations: []*plan.Observation{obsOn("kpi", plan.NetworkInstagram, tt.value, day(2026, 1, 2))}, Today: tt.today})
			if !near(k.Progress, tt.progress) || !near(k.Gap, tt.gap) || k.Pace != tt.pace {
				t.Errorf("progress %v gap %v pace %q; want %v %v %q", k.Progress, k.Gap, k.Pace, tt.progress, tt.gap, tt.pace)
			}
		})
	}
}

// Issue 11: pace was judged at the last observation's date. 30 % logged on
// day 3 was "on track" for ever; on day 8 the line asks for 70 %.
func TestEvaluateKPI_PaceJudgedToday(t *testing.T) {
	g := kpiGoal("followers", 100, 200, plan.KPIType{})
	obs := []*plan.Observation{obsOn("followers", plan.NetworkInstagram, 130, day(2026, 1, 4))}
	k := plan.EvaluateKPI(plan.KPIInput{Goal: g, Observations: obs, Today: day(2026, 1, 8)})
	if k.Pace != plan.PaceBehind || !near(k.Expected, 70) || !near(k.ExpectedValue, 170) || !k.AtRisk {
		t.Errorf("pace %q expected %v (%v) at risk %v; want behind, 70 (170), at risk", k.Pace, k.Expected, k.ExpectedValue, k.AtRisk)
	}
	// 30 in 7 days: 30×10/7 over the baseline by the deadline.
	if !k.Projection || !near(k.Projected, 100+30*10.0/7) {
		t.Errorf("projected %v (%v), want %v", k.Projected, k.Projection, 100+30*10.0/7)
	}
	legacy := plan.ComputeKPI(g, nil, obs, day(2026, 1, 8), time.UTC)
	if legacy.Pace != plan.PaceOnTrack {
		t.Fatalf("the legacy ComputeKPI changed: pace %q", legacy.Pace)
	}
}

// Issue 11: results dated before the goal was created showed under
// Metrics, but the KPI said "nothing logged yet". They count from their
// date, on the chart too.
func TestEvaluateKPI_BackFilled(t *testing.T) {
	g := kpiGoal("followers", 100, 200, plan.KPIType{})
	obs := []*plan.Observation{
		obsOn("followers", plan.NetworkInstagram, 90, day(2025, 12, 20)),
		obsOn("followers", plan.NetworkInstagram, 120, day(2025, 12, 28)),
	}
	k := plan.EvaluateKPI(plan.KPIInput{Goal: g, Observations: obs, Today: day(2026, 1, 2)})
	if !k.HasData || k.Value != 120 || !k.ValueAt.Equal(day(2025, 12, 28)) || k.Stale(day(2025, 12, 1)) {
		t.Errorf("has data %v value %v at %v", k.HasData, k.Value, k.ValueAt)
	}
	if len(k.Chart.Lines) != 1 || len(k.Chart.Lines[0].Points) != 2 || !k.Chart.Lines[0].Points[0].Date.Equal(day(2025, 12, 20)) {
		t.Errorf("chart %+v, want both back-filled points", k.Chart.Lines)
	}
	if legacy := plan.ComputeKPI(g, nil, obs, day(2026, 1, 2), time.UTC); legacy.HasData {
		t.Fatal("the legacy ComputeKPI changed")
	}
	// A baseline date moved back counts a cumulative count's back-filled
	// results too.
	count := kpiGoal("leads", 0, 50, plan.KPIType{Direction: plan.DirectionIncrease, Aggregation: plan.AggregateCumulative})
	leads := []*plan.Observation{obsOn("leads", "", 12, day(2025, 12, 28))}
	if k := plan.EvaluateKPI(plan.KPIInput{Goal: count, Observations: leads, Today: day(2026, 1, 2)}); k.HasData || k.Value != 0 {
		t.Errorf("before the baseline date: has data %v value %v, want the baseline alone", k.HasData, k.Value)
	}
	count.BaselineDate = day(2025, 12, 1)
	if k := plan.EvaluateKPI(plan.KPIInput{Goal: count, Observations: leads, Today: day(2026, 1, 2)}); !k.HasData || k.Value != 12 {
		t.Errorf("from 2025-12-01: has data %v value %v, want 12", k.HasData, k.Value)
	}
}

func TestEvaluateKPI_NoData(t *testing.T) {
	g := kpiGoal("followers", 100, 200, plan.KPIType{})
	k := plan.EvaluateKPI(plan.KPIInput{Goal: g, Observations: []*plan.Observation{obsOn("other", "", 5, day(2026, 1, 2))}, Today: day(2026, 1, 6)})
	if k.HasData || k.Pace != plan.PaceNoData || k.AtRisk || k.Value != 100 || !k.Stale(day(2026, 1, 1)) {
		t.Errorf("%+v, want no data at the baseline", k)
	}
}

func TestEvaluateKPI_Chart(t *testing.T) {
	g := kpiGoal("followers", 100, 200, plan.KPIType{})
	k := plan.EvaluateKPI(plan.KPIInput{Goal: g, Observations: []*plan.Observation{obsOn("followers", "", 150, day(2026, 1, 5))}, Today: day(2026, 1, 6)})
	want := []plan.Point{{Date: day(2026, 1, 1), Value: 100}, {Date: day(2026, 1, 11), Value: 200}}
	if len(k.Chart.Guide) != 2 || k.Chart.Guide[0] != want[0] || k.Chart.Guide[1] != want[1] || k.Chart.Band {
		t.Errorf("guide %+v, want %+v", k.Chart.Guide, want)
	}
	within := kpiGoal("posts a week", 4, 4, plan.KPIType{Direction: plan.DirectionWithin, Aggregation: plan.AggregateRate, Low: 3, High: 5})
	k = plan.EvaluateKPI(plan.KPIInput{Goal: within, Observations: []*plan.Observation{
		obsOn("posts a week", plan.NetworkInstagram, 4, day(2026, 1, 5)), obsOn("posts a week", plan.NetworkX, 2, day(2026, 1, 5)),
	}, Today: day(2026, 1, 6)})
	if !k.Chart.Band || k.Chart.Low != 3 || k.Chart.High != 5 || k.Chart.Guide != nil || len(k.Chart.Lines) != 2 || k.Worst != plan.NetworkX {
		t.Errorf("chart %+v worst %q, want a band and a line a network, X worst", k.Chart, k.Worst)
	}
}

func TestPeriod(t *testing.T) {
	tests := []struct {
		p           plan.Period
		d           time.Time
		first, last time.Time
	}{
		// 2026-03-29 is a Sunday: its ISO week began on Monday the 23rd.
		{plan.PeriodWeek, day(2026, 3, 29), day(2026, 3, 23), day(2026, 3, 29)},
		{plan.PeriodWeek, day(2026, 3, 30), day(2026, 3, 30), day(2026, 4, 5)},
		// A week across the year: 2026-01-01 is a Thursday.
		{plan.PeriodWeek, day(2026, 1, 1), day(2025, 12, 29), day(2026, 1, 4)},
		{plan.PeriodMonth, day(2026, 2, 14), day(2026, 2, 1), day(2026, 2, 28)},
		{plan.PeriodMonth, day(2028, 2, 29), day(2028, 2, 1), day(2028, 2, 29)},
		{plan.PeriodMonth, time.Date(2026, 12, 31, 23, 0, 0, 0, time.UTC), day(2026, 12, 1), day(2026, 12, 31)},
	}
	for _, tt := range tests {
		if f, l := tt.p.First(tt.d), tt.p.Last(tt.d); !f.Equal(tt.first) || !l.Equal(tt.last) {
			t.Errorf("%s of %s: %s..%s, want %s..%s", tt.p, tt.d.Format(time.DateOnly), f.Format(time.DateOnly), l.Format(time.DateOnly),
				tt.first.Format(time.DateOnly), tt.last.Format(time.DateOnly))
		}
	}
}

// flowGoal is "20 leads a month" from 10, set on 2026-02-10 for 2026-06-30.
func flowGoal(dir plan.Direction) *plan.Goal {
	return &plan.Goal{
		ID: 2, Kind: plan.GoalLeads, Title: "leads", Metric: "leads", Baseline: 10, Target: 20,
		Deadline: day(2026, 6, 30), CreatedAt: day(2026, 2, 10),
		KPI: plan.KPIType{Direction: dir, Aggregation: plan.AggregateFlow, Period: plan.PeriodMonth},
	}
}

// Issue 11: a per-period target ("20 leads a month") was compared with the
// running total: 30 a month showed 300 % after a few months. Each month
// is compared with the target of that month.
func TestEvaluateKPI_Flow(t *testing.T) {
	leads := func(n plan.Network, v float64, d time.Time) *plan.Observation { return obsOn("leads", n, v, d) }
	obs := []*plan.Observation{
		leads(plan.NetworkInstagram, 8, day(2026, 1, 20)), // before the goal: history
		leads(plan.NetworkInstagram, 9, day(2026, 2, 5)), leads(plan.NetworkLinkedIn, 3, day(2026, 2, 20)),
		leads("", 14, day(2026, 3, 31)), leads(plan.NetworkInstagram, 9, day(2026, 3, 31)), // the total of the 31st
		leads(plan.NetworkInstagram, 30, day(2026, 4, 30)),
		leads(plan.NetworkInstagram, 4, day(2026, 5, 3)),
	}
	k := plan.EvaluateKPI(plan.KPIInput{Goal: flowGoal(plan.DirectionIncrease), Observations: obs, Today: day(2026, 5, 6)})
	type period struct {
		first    time.Time
		value    float64
		logged   bool
		judged   bool
		expected float64
		pace     plan.Pace
	}
	// The straight line goes from 10 on 2026-02-10 to 20 on 2026-06-30
	// (140 days): on 2026-02-28, 10 + 10×18/140; on 2026-03-31,
	// 10 + 10×49/140 = 13.5; on 2026-04-30, 10 + 10×79/140; on 2026-05-31,
	// 10 + 10×110/140.
	want := []period{
		{day(2026, 1, 1), 8, true, false, 0, plan.PaceNoData},
		{day(2026, 2, 1), 12, true, true, 10 + 10*18.0/140, plan.PaceOnTrack},
		{day(2026, 3, 1), 14, true, true, 13.5, plan.PaceOnTrack},
		{day(2026, 4, 1), 30, true, true, 10 + 10*79.0/140, plan.PaceReached},
		{day(2026, 5, 1), 4, true, true, 10 + 10*110.0/140, plan.PaceBehind},
	}
	if len(k.Periods) != len(want) {
		t.Fatalf("periods %+v", k.Periods)
	}
	for i, w := range want {
		p := k.Periods[i]
		if !p.First.Equal(w.first) || !near(p.Value, w.value) || p.Logged != w.logged || p.Judged != w.judged || !near(p.Expected, w.expected) || p.Pace != w.pace {
			t.Errorf("period %d: %+v, want %+v", i, p, w)
		}
	}
	// April is the latest complete month: 30 of 20 is 200 % of the way
	// from 10, not 300 % of a running total.
	if !k.HasData || k.Value != 30 || !near(k.Progress, 200) || k.Pace != plan.PaceReached || k.AtRisk {
		t.Errorf("value %v progress %v pace %q at risk %v; want April's 30, 200 %%, reached", k.Value, k.Progress, k.Pace, k.AtRisk)
	}
	// May so far: 6 days of 31 gone, 4 leads, all on Instagram.
	if k.Current == nil || !k.Current.First.Equal(day(2026, 5, 1)) || !near(k.Elapsed, 6.0/31) || len(k.Networks) != 1 || k.Networks[0].Value != 4 {
		t.Errorf("current %+v elapsed %v networks %+v", k.Current, k.Elapsed, k.Networks)
	}
	if len(k.Chart.Bars) != 5 || k.Chart.Guide != nil {
		t.Errorf("chart %+v, want five bars", k.Chart)
	}
}

func TestEvaluateKPI_FlowFirstPeriod(t *testing.T) {
	tests := []struct {
		name  string
		dir   plan.Direction
		today time.Time
		obs   []*plan.Observation
		value float64
		pace  plan.Pace
	}{
		// 10 days of 28 gone in February: too early to judge 2 leads.
		{name: "TooEarly", dir: plan.DirectionIncrease, today: day(2026, 2, 10), obs: []*plan.Observation{obsOn("leads", "", 2, day(2026, 2, 9))}, value: 2, pace: plan.PaceTooEarly},
		// 20 of 28 days gone, 5 leads: 5×28/20 = 7 projected, below the
		// line's 10 + 10×18/140 = 11.3 at the month's end.
		{name: "ProjectedBehind", dir: plan.DirectionIncrease, today: day(2026, 2, 20), obs: []*plan.Observation{obsOn("leads", "", 5, day(2026, 2, 19))}, value: 5, pace: plan.PaceBehind},
		// 14 of 28 days gone, 10 leads: 20 projected, the target.
		{name: "ProjectedReached", dir: plan.DirectionIncrease, today: day(2026, 2, 14), obs: []*plan.Observation{obsOn("leads", "", 10, day(2026, 2, 14))}, value: 10, pace: plan.PaceReached},
		{name: "NoData", dir: plan.DirectionIncrease, today: day(2026, 2, 20), value: 0, pace: plan.PaceNoData},
		// At least 20 a month: March brought 25, held to the deadline.
		{name: "StayAboveHeld", dir: plan.DirectionStayAbove, today: day(2026, 7, 2), obs: []*plan.Observation{obsOn("leads", "", 25, day(2026, 6, 30))}, value: 25, pace: plan.PaceReached},
		{name: "StayAboveMissed", dir: plan.DirectionStayAbove, today: day(2026, 7, 2), obs: []*plan.Observation{obsOn("leads", "", 15, day(2026, 6, 30))}, value: 15, pace: plan.PaceMissed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := plan.EvaluateKPI(plan.KPIInput{Goal: flowGoal(tt.dir), Observations: tt.obs, Today: tt.today})
			if k.Value != tt.value || k.Pace != tt.pace {
				t.Errorf("value %v pace %q, want %v %q", k.Value, k.Pace, tt.value, tt.pace)
			}
		})
	}
}

func TestDefaultKPIType(t *testing.T) {
	tests := []struct {
		name             string
		baseline, target float64
		metric           *plan.Metric
		want             plan.KPIType
	}{
		{name: "NoRecordUp", baseline: 10, target: 20, want: plan.KPIType{Direction: plan.DirectionIncrease, Aggregation: plan.AggregateLevel, Count: true}},
		{name: "LevelDown", baseline: 6, target: 1, metric: &plan.Metric{Kind: plan.MetricLevel},
			want: plan.KPIType{Direction: plan.DirectionDecrease, Aggregation: plan.AggregateLevel, Count: true}},
		{name: "Count", baseline: 0, target: 200, metric: &plan.Metric{Kind: plan.MetricCount},
			want: plan.KPIType{Direction: plan.DirectionIncrease, Aggregation: plan.AggregateCumulative}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := &plan.Goal{Baseline: tt.baseline, Target: tt.target}
			if got := g.EffectiveKPI(tt.metric); got != tt.want {
				t.Errorf("EffectiveKPI = %+v, want %+v", got, tt.want)
			}
			set := plan.KPIType{Direction: plan.DirectionStayBelow, Aggregation: plan.AggregateRate, Count: true, Period: plan.PeriodWeek}
			g.KPI = set
			if got := g.EffectiveKPI(tt.metric); got != (plan.KPIType{Direction: plan.DirectionStayBelow, Aggregation: plan.AggregateRate}) {
				t.Errorf("a set type: %+v, want it normalized", got)
			}
		})
	}
}

func TestKPITypeValidate(t *testing.T) {
	ok := plan.KPIType{Direction: plan.DirectionIncrease, Aggregation: plan.AggregateFlow, Period: plan.PeriodMonth}
	if err := ok.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	tests := []struct {
		name  string
		typ   plan.KPIType
		field string
	}{
		{"ErrDirection", plan.KPIType{Direction: "up", Aggregation: plan.AggregateLevel}, "kpi_direction"},
		{"ErrAggregation", plan.KPIType{Direction: plan.DirectionIncrease, Aggregation: "sum"}, "kpi_aggregation"},
		{"ErrPeriod", plan.KPIType{Direction: plan.DirectionIncrease, Aggregation: plan.AggregateFlow, Period: "day"}, "kpi_period"},
		{"ErrRange", plan.KPIType{Direction: plan.DirectionWithin, Aggregation: plan.AggregateRate, Low: 5, High: 3}, "kpi_range"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fields := plan.ErrorFields(tt.typ.Validate())
			if len(fields) != 1 || fields[0].Field != tt.field {
				t.Errorf("errors %v, want one on %s", fields, tt.field)
			}
		})
	}
}

func TestGoalValidateKPI(t *testing.T) {
	today := day(2026, 1, 1)
	tests := []struct {
		name             string
		typ              plan.KPIType
		baseline, target float64
		field            string
	}{
		{name: "IncreaseOK", typ: plan.KPIType{Direction: plan.DirectionIncrease, Aggregation: plan.AggregateLevel}, baseline: 1, target: 2},
		{name: "ErrIncreaseDown", typ: plan.KPIType{Direction: plan.DirectionIncrease, Aggregation: plan.AggregateLevel}, baseline: 2, target: 1, field: "target"},
		{name: "ErrDecreaseUp", typ: plan.KPIType{Direction: plan.DirectionDecrease, Aggregation: plan.AggregateRate}, baseline: 1, target: 2, field: "target"},
		{name: "StayAtBaseline", typ: plan.KPIType{Direction: plan.DirectionStayAbove, Aggregation: plan.AggregateLevel}, baseline: 4.5, target: 4.5},
		{name: "ErrUntypedSame", baseline: 3, target: 3, field: "target"},
		{name: "ErrBadType", typ: plan.KPIType{Direction: plan.DirectionWithin, Aggregation: plan.AggregateLevel}, baseline: 3, target: 3, field: "kpi_range"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := &plan.Goal{Kind: plan.GoalLeads, Title: "t", Metric: "m", Baseline: tt.baseline, Target: tt.target, Deadline: day(2026, 6, 1), KPI: tt.typ}
			fields := plan.ErrorFields(g.Validate(today, true))
			switch {
			case tt.field == "" && len(fields) > 0:
				t.Errorf("errors %v, want none", fields)
			case tt.field != "" && (len(fields) != 1 || fields[0].Field != tt.field):
				t.Errorf("errors %v, want one on %s", fields, tt.field)
			}
		})
	}
}

func TestKPITypeBetter(t *testing.T) {
	tests := []struct {
		typ      plan.KPIType
		from, to float64
		want     float64
	}{
		{plan.KPIType{Direction: plan.DirectionIncrease}, 10, 15, 5},
		{plan.KPIType{Direction: plan.DirectionDecrease}, 2, 5, -3}, // reply time 2 h to 5 h: worse
		{plan.KPIType{Direction: plan.DirectionStayBelow}, 5, 2, 3},
		{plan.KPIType{Direction: plan.DirectionWithin, Low: 3, High: 5}, 8, 6, 2},
		{plan.KPIType{Direction: plan.DirectionWithin, Low: 3, High: 5}, 4, 2, -1},
	}
	for _, tt := range tests {
		if got := tt.typ.Better(tt.from, tt.to); got != tt.want {
			t.Errorf("%s: Better(%v, %v) = %v, want %v", tt.typ.Direction, tt.from, tt.to, got, tt.want)
		}
	}
}

func TestKPIMetrics(t *testing.T) {
	goals := []*plan.Goal{
		{Metric: "Engagement rate", KPI: plan.KPIType{Aggregation: plan.AggregateRate, WeightMetric: "impressions"}},
		{Metric: "engagement  RATE"},
		{Metric: "Impressions"},
		{Metric: ""},
	}
	if got := plan.KPIMetrics(goals); !equalSlices(got, []string{"Engagement rate", "impressions"}) {
		t.Errorf("KPIMetrics = %q", got)
	}
	f := plan.ObservationFilter{Metrics: plan.KPIMetrics(goals), Networks: []plan.Network{"", plan.NetworkX}}
	for _, tt := range []struct {
		o    *plan.Observation
		want bool
	}{
		{obsOn("ENGAGEMENT rate", "", 2, day(2026, 1, 1)), true},
		{obsOn("impressions", plan.NetworkX, 2, day(2026, 1, 1)), true},
		{obsOn("impressions", plan.NetworkInstagram, 2, day(2026, 1, 1)), false},
		{obsOn("reach", plan.NetworkX, 2, day(2026, 1, 1)), false},
	} {
		if got := f.Match(tt.o); got != tt.want {
			t.Errorf("Match(%s on %q) = %v, want %v", tt.o.Metric, tt.o.Network, got, tt.want)
		}
	}
	from := plan.ObservationFilter{From: day(2026, 1, 2), To: day(2026, 1, 31)}
	if from.Match(obsOn("x", "", 1, day(2026, 1, 1))) || !from.Match(obsOn("x", "", 1, day(2026, 1, 31))) {
		t.Error("From and To bound the day, both included")
	}
}

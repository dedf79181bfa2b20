package plan

import "time"

// evalFlow reads a count per period: each period's sum ("all networks"
// values preferred for their date), judged against the target per period
// from the period holding Start on. The KPI's value is the latest complete
// period's; with none yet, the current period is judged on its projection
// once half of it has gone.
func (k *KPIStatus) evalFlow(dates []dateGroup) {
	p := k.Type.Period
	first := p.First(k.Today)
	if !k.Start.IsZero() && k.Start.Before(first) {
		first = p.First(k.Start)
	}
	if len(dates) > 0 && dates[0].at.Before(first) {
		first = p.First(dates[0].at)
	}
	index := map[time.Time]int{}
	for day := first; !day.After(k.Today); day = p.Last(day).AddDate(0, 0, 1) {
		pv := PeriodValue{First: day, Last: p.Last(day), Pace: PaceNoData}
		pv.Complete = pv.Last.Before(k.Today)
		pv.Judged = !pv.Last.Before(k.Start)
		if pv.Judged {
			pv.Expected = k.periodExpected(pv.Last)
		}
		index[day] = len(k.Periods)
		k.Periods = append(k.Periods, pv)
	}
	sums := map[Network]*NetworkKPI{}
	for _, d := range dates {
		pv := &k.Periods[index[p.First(d.at)]]
		pv.Value += d.count()
		pv.Logged = true
		k.LatestAt = d.at
		if pv.Judged {
			k.HasData = true
		}
		if pv.First.Equal(p.First(k.Today)) {
			for _, o := range d.nets {
				if sums[o.Network] == nil {
					sums[o.Network] = &NetworkKPI{Network: o.Network}
				}
				sums[o.Network].Value += o.Value
				sums[o.Network].At = d.at
			}
		}
	}
	k.Networks = networkValues(sums)
	var last *PeriodValue
	for i := range k.Periods {
		pv := &k.Periods[i]
		if pv.Judged && pv.Logged {
			_, _, _, _, pv.Pace = k.judgePeriod(pv.Value, pv.Expected)
			if pv.Complete {
				last = pv
			}
		}
	}
	k.Current = &k.Periods[len(k.Periods)-1]
	cur := k.Current
	days := cur.Last.Sub(cur.First).Hours()/24 + 1
	k.Elapsed = (k.Today.Sub(cur.First).Hours()/24 + 1) / days
	k.Chart.Bars = k.Periods
	k.Combined = true
	switch {
	case last != nil:
		k.Value, k.ValueAt = last.Value, last.Last
		k.Progress, k.Expected, k.ExpectedValue, k.Gap, k.Pace = k.judgePeriod(last.Value, last.Expected)
	case !k.HasData || !cur.Logged:
		k.Value, k.ValueAt, k.Pace = 0, k.Today, PaceNoData
		k.Progress, k.Expected, k.ExpectedValue, k.Gap, _ = k.judgePeriod(0, cur.Expected)
	default:
		k.Value, k.ValueAt = cur.Value, k.Today
		projected := cur.Value / k.Elapsed
		k.Progress, k.Expected, k.ExpectedValue, k.Gap, k.Pace = k.judgePeriod(projected, cur.Expected)
		if k.Elapsed < 0.5 && k.Pace != PaceReached {
			k.Pace = PaceTooEarly
		}
	}
	if k.Today.After(k.Goal.Deadline) {
		switch {
		case k.Pace == PaceOnTrack && k.Type.Direction.Holds():
			k.Pace = PaceReached // a "stay" held to the deadline
		case k.Pace == PaceOnTrack, k.Pace == PaceBehind, k.Pace == PaceTooEarly:
			k.Pace = PaceMissed
		}
	}
	k.AtRisk = k.Pace == PaceBehind || k.Pace == PaceMissed
}

// periodExpected is what a period ending on last should bring: the straight
// line from baseline to target at last, or the threshold of a "stay".
func (k *KPIStatus) periodExpected(last time.Time) float64 {
	g := k.Goal
	switch k.Type.Direction {
	case DirectionIncrease, DirectionDecrease:
		return ExpectedValue(g.Baseline, g.Target, k.Start, g.Deadline, last)
	case DirectionWithin:
		return k.Type.Low
	}
	return g.Target
}

// judgePeriod judges a period's count v against what it should bring.
func (k *KPIStatus) judgePeriod(v, expected float64) (progress, expectedPct, expectedValue, gap float64, pace Pace) {
	g := k.Goal
	if k.Type.Direction.Holds() {
		gap = k.outside(v)
		if gap == 0 {
			return 100, 100, expected, 0, PaceOnTrack
		}
		return 0, 100, expected, gap, PaceBehind
	}
	progress = ProgressPercent(g.Baseline, g.Target, v)
	expectedPct = ProgressPercent(g.Baseline, g.Target, expected)
	gap = g.Target - v
	if k.Type.Direction == DirectionDecrease {
		gap = v - g.Target
	}
	switch {
	case progress >= 100-paceEpsilon:
		pace = PaceReached
	case progress+paceEpsilon >= expectedPct:
		pace = PaceOnTrack
	default:
		pace = PaceBehind
	}
	return progress, expectedPct, expected, gap, pace
}

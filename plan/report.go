package plan

import (
	"cmp"
	"slices"
	"time"
)

// ReportInput is what a monthly report is built from: a plan's data for a
// month, the month before and the month after, as storage reads it.
type ReportInput struct {
	Plan  *Plan
	Month YearMonth // the month reported on
	Now   time.Time
	Users map[string]string // Slack user ID -> display name
	Goals []*Goal
	// KPIs are the goals' KPIs computed at Now, one a goal in the order of
	// Goals (see ComputeKPI); the report reads their values at the end of
	// each month from their Series.
	KPIs []KPI
	// KPIValue, when set, returns a KPI's value for the period of dates
	// [from, to): the seam to KPI types whose value is not the level at the
	// end of the period (a flow per month, issue 11). Nil reads the last
	// point of the KPI's Series before to.
	KPIValue func(k KPI, from, to time.Time) (float64, bool)
	// CheckIns are the latest check-in of each goal (LatestCheckIns), and
	// KPIAtRisk the KPI rules' at-risk verdict by goal ID.
	CheckIns  map[int64]*CheckIn
	KPIAtRisk map[int64]bool
	// Experiments of the plan: those whose results were recorded in the
	// month are reported, those running next month are planned.
	Experiments []*Experiment
	// Content holds the items of ReportContentSpan(Month): published ones
	// are counted per month, next month's are checked against Channels.
	Content  []*ContentItem
	Channels []*Channel
	// PostResults are per-post results, when the plan has some: a value of
	// a metric for a content item. Posts published in the month are ranked.
	PostResults []PostResult
	// RankMetric names the metric posts are ranked by; empty ranks by the
	// metric most posts have (higher is better).
	RankMetric string
	// Decisions of step 9: those taken in the month are reported.
	Decisions []*Decision
}

// PostResult is the value of one metric for one published item.
type PostResult struct {
	Item   *ContentItem
	Metric string
	Value  float64
	Unit   string
}

// ReportContentSpan returns the days whose content items a report on m
// needs: from the month before (to compare what was published) to the
// end of the ISO week that ends the month after (to check its cadences).
func ReportContentSpan(m YearMonth) CalendarSpan {
	next := m.Next().Span().CheckSpan()
	return CalendarSpan{View: CalendarMonth, Start: m.Prev().Start(), End: next.End}
}

// MonthlyReport is what a month's report says, in figures: the rules of
// issue 17 applied to a plan's data. ReportDoc words it.
type MonthlyReport struct {
	Plan     *Plan
	Month    YearMonth
	Previous YearMonth
	Now      time.Time
	Users    map[string]string
	KPIs     []KPIMonth
	AtRisk   []GoalRisk
	// Published counts the items published in the month and the month
	// before.
	Published, PublishedBefore int
	Experiments                []*Experiment // results recorded in the month, in that order
	RankMetric                 string
	Best, Worst                []PostResult // empty unless two posts of the month have results
	Decisions                  []*Decision  // taken in the month, oldest first
	Next                       NextMonth
}

// KPIMonth is a goal's KPI at the end of the month and of the month before.
type KPIMonth struct {
	Goal                *Goal
	Previous, Current   float64
	HasPrevious         bool // false when the goal did not exist yet
	HasCurrent          bool
	PreviousProgress    float64 // percent of the way from baseline to target
	Progress            float64
	CheckIn             *CheckIn // the latest check-in; nil when none
	AtRisk              bool     // on the at-risk list
	PaceAtNow           Pace
	DeadlineInNextMonth bool
}

// Change returns Current minus Previous, and false unless both are known.
func (k KPIMonth) Change() (float64, bool) {
	return k.Current - k.Previous, k.HasPrevious && k.HasCurrent
}

// NextMonth is the plan for the month after the report's.
type NextMonth struct {
	Month       YearMonth
	Calendar    Calendar      // the month's content against the cadences
	Experiments []*Experiment // running at some point of the month, by start
	Deadlines   []*Goal       // goals due in the month, by deadline
}

// Planned returns how many items are dated next month on network n.
func (n NextMonth) Planned(network Network) int {
	c := 0
	for _, it := range n.Calendar.Items() {
		if it.Network == network {
			c++
		}
	}
	return c
}

// BuildMonthlyReport applies the report's rules to in.
func BuildMonthlyReport(in ReportInput) MonthlyReport {
	loc := in.Plan.Location()
	r := MonthlyReport{Plan: in.Plan, Month: in.Month, Previous: in.Month.Prev(), Now: in.Now, Users: in.Users}
	value := in.KPIValue
	if value == nil {
		value = levelBefore
	}
	risks := GoalsAtRisk(in.Goals, in.CheckIns, in.KPIAtRisk)
	r.AtRisk = risks
	next := in.Month.Next()
	for i, g := range in.Goals {
		if i >= len(in.KPIs) {
			break
		}
		k := in.KPIs[i]
		m := KPIMonth{Goal: g, CheckIn: in.CheckIns[g.ID], PaceAtNow: k.Pace}
		m.Previous, m.HasPrevious = value(k, r.Previous.Start(), r.Previous.End())
		m.Current, m.HasCurrent = value(k, in.Month.Start(), in.Month.End())
		m.PreviousProgress = ProgressPercent(g.Baseline, g.Target, m.Previous)
		m.Progress = ProgressPercent(g.Baseline, g.Target, m.Current)
		m.AtRisk = slices.ContainsFunc(risks, func(x GoalRisk) bool { return x.Goal == g })
		m.DeadlineInNextMonth = next.Span().Contains(g.Deadline)
		r.KPIs = append(r.KPIs, m)
	}

	for _, c := range in.Content {
		if c.Status != ContentPublished || c.PublishAt.IsZero() {
			continue
		}
		switch day := Today(c.PublishAt, loc); {
		case in.Month.Span().Contains(day):
			r.Published++
		case r.Previous.Span().Contains(day):
			r.PublishedBefore++
		}
	}

	from, to := in.Month.Span().Bounds(loc)
	inMonth := func(t time.Time) bool { return !t.Before(from) && t.Before(to) }
	for _, e := range in.Experiments {
		if e.Concluded() && inMonth(e.ResultsAt) {
			r.Experiments = append(r.Experiments, e)
		}
	}
	slices.SortStableFunc(r.Experiments, func(a, b *Experiment) int { return a.ResultsAt.Compare(b.ResultsAt) })

	r.RankMetric, r.Best, r.Worst = rankPosts(in, inMonth)

	for _, d := range in.Decisions {
		if inMonth(d.DecidedAt) {
			r.Decisions = append(r.Decisions, d)
		}
	}
	slices.SortStableFunc(r.Decisions, func(a, b *Decision) int {
		return cmp.Or(a.DecidedAt.Compare(b.DecidedAt), cmp.Compare(a.ID, b.ID))
	})

	r.Next = NextMonth{Month: next, Calendar: BuildCalendar(next.Span(), in.Content, in.Channels, loc)}
	for _, e := range in.Experiments {
		if !e.Concluded() && e.Start.Before(next.End()) && !e.End.Before(next.Start()) {
			r.Next.Experiments = append(r.Next.Experiments, e)
		}
	}
	slices.SortStableFunc(r.Next.Experiments, func(a, b *Experiment) int { return a.Start.Compare(b.Start) })
	for _, g := range in.Goals {
		if next.Span().Contains(g.Deadline) {
			r.Next.Deadlines = append(r.Next.Deadlines, g)
		}
	}
	slices.SortStableFunc(r.Next.Deadlines, func(a, b *Goal) int { return a.Deadline.Compare(b.Deadline) })
	return r
}

// levelBefore returns the last value of k's Series dated before to, and
// false when the goal was set on or after to.
func levelBefore(k KPI, _, to time.Time) (float64, bool) {
	v, ok := 0.0, false
	for _, p := range k.Series {
		if !p.Date.Before(to) {
			break
		}
		v, ok = p.Value, true
	}
	return v, ok
}

// maxRanked is how many posts the best and the worst lists hold.
const maxRanked = 3

// rankPosts returns the metric posts are ranked by, and the best and worst
// posts of the month by it: up to three each, never the same post in
// both, none unless two posts have a value.
func rankPosts(in ReportInput, inMonth func(time.Time) bool) (string, []PostResult, []PostResult) {
	var mine []PostResult
	count := map[string]int{}
	for _, p := range in.PostResults {
		if p.Item != nil && !p.Item.PublishAt.IsZero() && inMonth(p.Item.PublishAt) {
			mine = append(mine, p)
			count[MetricKey(p.Metric)]++
		}
	}
	metric := MetricKey(in.RankMetric)
	if metric == "" {
		for k, n := range count {
			if n > count[metric] || (n == count[metric] && k < metric) {
				metric = k
			}
		}
	}
	var ranked []PostResult
	name := in.RankMetric
	for _, p := range mine {
		if MetricKey(p.Metric) == metric {
			ranked = append(ranked, p)
			if name == "" {
				name = p.Metric
			}
		}
	}
	if len(ranked) < 2 {
		return name, nil, nil
	}
	slices.SortStableFunc(ranked, func(a, b PostResult) int {
		return cmp.Or(cmp.Compare(b.Value, a.Value), a.Item.PublishAt.Compare(b.Item.PublishAt), cmp.Compare(a.Item.ID, b.Item.ID))
	})
	n := min(maxRanked, len(ranked)/2)
	worst := slices.Clone(ranked[len(ranked)-n:])
	slices.Reverse(worst)
	return name, ranked[:n], worst
}

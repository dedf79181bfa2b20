package markdown

import (
	"fmt"
	"strings"
	"time"

	"github.com/planbot/planbot/plan"
)

// The KPI table of step 8, by each KPI's type: what it aims at, where it
// stands (one value, one a network, or per period), how far it has come
// and its pace, judged at the day of the export.

// writeKPIs writes the table of the document's KPIs.
func (w *writer) writeKPIs() {
	l := w.l
	var rows [][]string
	for _, k := range w.d.KPIs {
		g := k.Goal
		rows = append(rows, []string{cell(g.Title), cell(g.Metric), l.T("kpi.kind." + string(k.Type.Aggregation)),
			w.aim(g, k.Type), w.date(g.Deadline), w.standing(k), w.progress(k), w.expected(k), l.T("pace.word." + string(k.Pace))})
	}
	w.table([]string{l.T("export.col.goal"), l.T("export.col.metric"), l.T("export.col.kpi_kind"), l.T("export.col.aim"),
		l.T("export.col.deadline"), l.T("export.col.latest"), l.T("export.col.progress"), l.T("export.col.expected"), l.T("export.col.pace")}, rows)
}

// aim says what the KPI of g, of type t, aims at: from the baseline to the
// target, a threshold or a range, per week or month for a count per
// period.
func (w *writer) aim(g *plan.Goal, t plan.KPIType) string {
	l := w.l
	var s string
	switch t.Direction {
	case plan.DirectionStayAbove:
		s = l.T("kpi.aim.stay_above", w.num(g.Target, g.Unit))
	case plan.DirectionStayBelow:
		s = l.T("kpi.aim.stay_below", w.num(g.Target, g.Unit))
	case plan.DirectionWithin:
		s = l.T("kpi.aim.within", l.Number(t.Low), w.num(t.High, g.Unit))
	default:
		s = l.T("kpi.aim.reach", w.num(g.Baseline, g.Unit), w.num(g.Target, g.Unit))
	}
	if t.Aggregation == plan.AggregateFlow && t.Period.Valid() {
		s = l.T("kpi.per."+string(t.Period), s)
	}
	return s
}

// standing says where the KPI stands: its value and date, each network's
// when they do not combine, or the last complete period's and the current
// one's for a count per period.
func (w *writer) standing(k plan.KPIStatus) string {
	l, unit := w.l, k.Goal.Unit
	switch {
	case !k.HasData:
		return "—"
	case k.Type.Aggregation == plan.AggregateFlow:
		var parts []string
		for i := len(k.Periods) - 1; i >= 0; i-- {
			if p := k.Periods[i]; p.Complete && p.Judged && p.Logged {
				parts = append(parts, l.T("kpi.period.done", w.period(k.Type.Period, p.First), w.num(p.Value, unit)))
				break
			}
		}
		if c := k.Current; c != nil && c.Logged {
			parts = append(parts, l.T("kpi.period.current", w.period(k.Type.Period, c.First), w.num(c.Value, unit), l.Percent(k.Elapsed)))
		}
		return strings.Join(parts, "; ")
	case k.Combined:
		return w.num(k.Value, unit) + " (" + l.Date(k.ValueAt) + ")"
	}
	parts := make([]string, 0, len(k.Networks)+1)
	for _, nk := range k.Networks {
		parts = append(parts, l.T("kpi.network", l.T("network."+string(nk.Network)), w.num(nk.Value, unit), l.Date(nk.At)))
	}
	if k.Worst != "" {
		parts = append(parts, l.T("kpi.worst", l.T("network."+string(k.Worst))))
	}
	return strings.Join(parts, "; ")
}

// progress says how far the KPI has come: in percent of the way to the
// target, or whether it holds its threshold or range.
func (w *writer) progress(k plan.KPIStatus) string {
	switch {
	case !k.HasData || k.Pace == plan.PaceTooEarly:
		return "—"
	case k.Type.Direction.Holds() && k.Gap == 0:
		return w.l.T("kpi.inside")
	case k.Type.Direction.Holds():
		return w.l.T("kpi.outside", w.num(k.Gap, k.Goal.Unit))
	}
	return w.l.Percent(k.Progress / 100)
}

// expected is what the straight line to the target asks for today, in
// percent, or of the period for a count per period; nothing for a
// threshold or a range, which ask to hold.
func (w *writer) expected(k plan.KPIStatus) string {
	switch {
	case k.Type.Direction.Holds():
		return "—"
	case k.Type.Aggregation == plan.AggregateFlow:
		return w.num(k.ExpectedValue, k.Goal.Unit)
	}
	return w.l.Percent(k.Expected / 100)
}

// period names the week or month that begins on first.
func (w *writer) period(p plan.Period, first time.Time) string {
	if p == plan.PeriodWeek {
		return w.l.T("kpi.week_of", w.l.Date(first))
	}
	return w.l.T("kpi.month", w.l.T(fmt.Sprintf("month.%d", int(first.Month()))), first.Year())
}

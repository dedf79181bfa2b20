package bot

import (
	"fmt"
	"strings"
	"time"

	"github.com/planbot/planbot/plan"
)

// How a KPI reads, wherever it shows (the measure modal, the measurement
// review, the export's words): by its type, as plan.EvaluateKPI judges it
// at today. Pure functions of a plan.KPIStatus.

// kpiNetworksShown bounds the networks listed under a KPI shown per
// network, within Slack's 3,000 characters a section.
const kpiNetworksShown = 8

// kpiTarget says what the KPI of g, of type t, aims at, in mrkdwn: "480
// signups", "at least 4.5", "between 3 and 5 posts", per week or month for
// a count per period.
func kpiTarget(lang Lang, g *plan.Goal, t plan.KPIType) string {
	var s string
	switch t.Direction {
	case plan.DirectionStayAbove:
		s = lang.T("kpi.aim.stay_above", figureWithUnit(lang, g.Target, g.Unit))
	case plan.DirectionStayBelow:
		s = lang.T("kpi.aim.stay_below", figureWithUnit(lang, g.Target, g.Unit))
	case plan.DirectionWithin:
		s = lang.T("kpi.aim.within", formatFigure(lang, t.Low), figureWithUnit(lang, t.High, g.Unit))
	default:
		s = figureWithUnit(lang, g.Target, g.Unit)
	}
	if t.Aggregation == plan.AggregateFlow && t.Period.Valid() {
		s = lang.T("kpi.per."+string(t.Period), s)
	}
	return s
}

// kpiText is a KPI in mrkdwn: the goal, where its KPI stands (one value,
// one a network, or per period), its pace at today and how far it has
// come. User text is escaped.
func kpiText(lang Lang, k plan.KPIStatus) string {
	g := k.Goal
	metric := Escape(clip(g.Metric, 80))
	target, deadline := kpiTarget(lang, g, k.Type), formatDate(lang, g.Deadline)
	baseline := figureWithUnit(lang, g.Baseline, g.Unit)
	var b strings.Builder
	fmt.Fprintf(&b, "*%s*\n", Escape(clip(g.Title, 200)))
	switch {
	case !k.HasData:
		b.WriteString(lang.T("kpi.line.no_data", metric, baseline, target, deadline))
	case k.Type.Aggregation == plan.AggregateFlow:
		b.WriteString(lang.T("kpi.line.flow", metric, target, deadline))
		b.WriteString("\n" + kpiPeriods(lang, k))
	case k.Combined:
		b.WriteString(lang.T("kpi.line", metric, baseline, figureWithUnit(lang, k.Value, g.Unit), formatDate(lang, k.ValueAt), target, deadline))
	default:
		b.WriteString(lang.T("kpi.line.networks", metric, baseline, target, deadline))
		b.WriteString("\n" + kpiNetworks(lang, k))
	}
	b.WriteString("\n" + kpiPace(lang, k))
	return b.String()
}

// kpiPace is the pace of k at today and how far it has come, in its
// direction's words.
func kpiPace(lang Lang, k plan.KPIStatus) string {
	g := k.Goal
	s := lang.T("pace." + string(k.Pace))
	switch {
	case !k.HasData || k.Pace == plan.PaceTooEarly:
		return s
	case k.Type.Direction.Holds() && k.Gap == 0:
		s += " · " + lang.T("kpi.inside")
	case k.Type.Direction.Holds():
		s += " · " + lang.T("kpi.outside", figureWithUnit(lang, k.Gap, g.Unit))
	case k.Type.Aggregation == plan.AggregateFlow:
		s += " · " + lang.T("kpi.progress.period", formatPercent(lang, k.Progress/100), figureWithUnit(lang, k.ExpectedValue, g.Unit))
	default:
		// What the straight line expects, in the KPI's unit: "0.0% expected"
		// on a goal's first day read as nonsense (issue 15).
		s += " · " + lang.T("kpi.way", formatPercent(lang, k.Progress/100), figureWithUnit(lang, k.ExpectedValue, g.Unit))
	}
	if k.Projection && k.Pace != plan.PaceReached {
		s += " · " + lang.T("kpi.projection", figureWithUnit(lang, k.Projected, g.Unit))
	}
	return s
}

// kpiNetworks lists the value of each network of a KPI shown per network,
// and the network it is judged by.
func kpiNetworks(lang Lang, k plan.KPIStatus) string {
	var lines []string
	for i, nk := range k.Networks {
		if i == kpiNetworksShown {
			lines = append(lines, lang.T("names.more", len(k.Networks)-kpiNetworksShown))
			break
		}
		line := lang.T("kpi.network", lang.T("network."+string(nk.Network)), figureWithUnit(lang, nk.Value, k.Goal.Unit), formatDate(lang, nk.At))
		if nk.Judged {
			line += " · " + lang.T("pace.word."+string(nk.Pace))
		}
		lines = append(lines, "• "+line)
	}
	if k.Worst != "" {
		lines = append(lines, lang.T("kpi.worst", lang.T("network."+string(k.Worst))))
	}
	return strings.Join(lines, "\n")
}

// kpiPeriods says what the last complete period of a count per period
// brought, and the current one so far.
func kpiPeriods(lang Lang, k plan.KPIStatus) string {
	var parts []string
	unit := k.Goal.Unit
	for i := len(k.Periods) - 1; i >= 0; i-- {
		p := k.Periods[i]
		if p.Complete && p.Judged && p.Logged {
			parts = append(parts, lang.T("kpi.period.done", periodName(lang, k.Type.Period, p.First), figureWithUnit(lang, p.Value, unit)))
			break
		}
	}
	if c := k.Current; c != nil {
		value := lang.T("kpi.period.none")
		if c.Logged {
			value = figureWithUnit(lang, c.Value, unit)
		}
		parts = append(parts, lang.T("kpi.period.current", periodName(lang, k.Type.Period, c.First), value, formatPercent(lang, k.Elapsed)))
	}
	return strings.Join(parts, " · ")
}

// periodName names the week or month that begins on first.
func periodName(lang Lang, p plan.Period, first time.Time) string {
	if p == plan.PeriodWeek {
		return lang.T("kpi.week_of", formatDate(lang, first))
	}
	return lang.T("kpi.month", lang.T(fmt.Sprintf("month.%d", int(first.Month()))), first.Year())
}

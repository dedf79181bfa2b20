package bot

import (
	"fmt"
	"time"

	"github.com/planbot/planbot/plan"
)

// ChartRenderer draws the PNG charts that a measurement review uploads in
// its thread. chart.Renderer implements it; bot only asks, so that it
// depends on slack-go alone and not on a plotting library. The words come
// translated, in the plan's language, with the way dates and numbers read
// in it.
type ChartRenderer interface {
	// KPIChart draws what plan.EvaluateKPI says of a KPI (k.Chart): its
	// values over time, one line a network when they do not combine, or a
	// bar a period for a count per period; the line it should follow, or
	// the range it should stay in; its target; today and the deadline.
	KPIChart(k plan.KPIStatus, w plan.ChartText) ([]byte, error)
}

// chartLegend is the words of k's chart in lang, for ChartRenderer: the
// legends (numbers formatted as on the axis), and how the axes write dates
// and numbers. The chart is a picture, not mrkdwn: nothing is escaped.
func chartLegend(lang Lang, k plan.KPIStatus) plan.ChartText {
	l := plan.ChartText{
		Values: lang.T("chart.values"), Target: lang.T("chart.target", formatFigure(lang, k.Goal.Target)),
		Guide: lang.T("chart.pace"), Band: lang.T("chart.band", formatFigure(lang, k.Type.Low), formatFigure(lang, k.Type.High)),
		Today:    lang.T("chart.today"),
		Networks: map[plan.Network]string{},
		Date:     func(d time.Time) string { return chartDate(lang, d) },
		Number:   func(f float64) string { return formatFigure(lang, f) },
	}
	if !k.Goal.Deadline.IsZero() {
		l.Deadline = lang.T("chart.deadline", formatDate(lang, k.Goal.Deadline))
	}
	if k.Type.Aggregation == plan.AggregateFlow {
		l.Values, l.Guide = lang.T("chart.values.period"), lang.T("chart.pace.period")
	}
	for _, line := range k.Chart.Lines {
		if line.Network != "" {
			l.Networks[line.Network] = lang.T("network." + string(line.Network))
		}
	}
	return l
}

// chartDate is a date on a chart's axis: short, without the year, "Feb 2"
// or "2 févr.", "1er févr." on the first of a month in French.
func chartDate(lang Lang, d time.Time) string {
	month := lang.T(fmt.Sprintf("month.%d", int(d.Month())))
	if lang == FR && d.Day() == 1 {
		return lang.T("chart.date.first", month)
	}
	return lang.T("chart.date", d.Day(), month)
}

package bot

import "github.com/planbot/planbot/plan"

// ChartRenderer draws the PNG charts that a measurement review uploads in
// its thread. chart.Renderer implements it; bot only asks, so that it
// depends on slack-go alone and not on a plotting library. The words come
// translated, in the plan's language.
type ChartRenderer interface {
	// KPIChart draws what plan.EvaluateKPI says of a KPI (k.Chart): its
	// values over time, one line a network when they do not combine, or a
	// bar a period for a count per period; the line it should follow, or
	// the range it should stay in; and its target. values, target, guide
	// and band are the legends of the values, the target (with its
	// number), the line to follow and the range; networks names the
	// networks of the lines.
	KPIChart(k plan.KPIStatus, values, target, guide, band string, networks map[plan.Network]string) ([]byte, error)
}

// legend is the words of a KPI chart.
type legend struct {
	values, target, guide, band string
	networks                    map[plan.Network]string
}

// chartLegend is the legend of k's chart in lang, for ChartRenderer. The
// chart is a picture, not mrkdwn: nothing is escaped.
func chartLegend(lang Lang, k plan.KPIStatus) legend {
	l := legend{
		values: lang.T("chart.values"), target: lang.T("chart.target", formatFigure(lang, k.Goal.Target)),
		guide: lang.T("chart.pace"), band: lang.T("chart.band", formatFigure(lang, k.Type.Low), formatFigure(lang, k.Type.High)),
		networks: map[plan.Network]string{},
	}
	if k.Type.Aggregation == plan.AggregateFlow {
		l.values, l.guide = lang.T("chart.values.period"), lang.T("chart.pace.period")
	}
	for _, line := range k.Chart.Lines {
		if line.Network != "" {
			l.networks[line.Network] = lang.T("network." + string(line.Network))
		}
	}
	return l
}

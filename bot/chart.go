package bot

import "github.com/planbot/planbot/plan"

// ChartRenderer draws the PNG charts that a measurement review uploads in
// its thread. chart.Renderer implements it; bot only asks, so that it
// depends on slack-go alone and not on a plotting library. The words come
// translated, in the plan's language.
type ChartRenderer interface {
	// KPIChart draws KPI k over time against its target. values, target
	// and pace are the legends of its three lines: the values measured,
	// the target (with its number) and the straight line to it.
	KPIChart(k plan.KPI, values, target, pace string) ([]byte, error)
}

// chartLegend is the legend of k's chart in lang, for ChartRenderer.
func chartLegend(lang Lang, k plan.KPI) (values, target, pace string) {
	return lang.T("chart.values"), lang.T("chart.target", formatNumber(lang, k.Goal.Target)), lang.T("chart.pace")
}

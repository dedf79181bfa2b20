package bot

import (
	"context"

	"github.com/planbot/planbot/plan"
)

// reportPostResults returns the per-post results (observations naming a
// content item, imported in issue 16) of the posts published in month,
// one a post and metric, as plan.BuildMonthlyReport ranks them, and the
// metric to rank by: the first goal's metric, in the plan's order, that
// has results for two posts or more. A metric whose goal's KPI is not
// "higher is better" is left out, since the report ranks the higher value
// first; a metric of no goal is summed per post, like the measurement
// review's counts.
func (b *Bot) reportPostResults(ctx context.Context, planID int64, month plan.YearMonth, goals []*plan.Goal, metrics []*plan.Metric, obs []*plan.Observation) ([]plan.PostResult, string, error) {
	if b.Content == nil {
		return nil, "", nil
	}
	byMetric := map[string][]*plan.Observation{}
	var order []string
	for _, o := range obs {
		if o.ContentItemID == 0 {
			continue
		}
		k := plan.MetricKey(o.Metric)
		if _, ok := byMetric[k]; !ok {
			order = append(order, k)
		}
		byMetric[k] = append(byMetric[k], o)
	}
	if len(order) == 0 {
		return nil, "", nil
	}
	// A day on either side: rankPosts keeps the posts of the month in the
	// plan's zone.
	items, _, err := b.Content.FindContentItems(ctx, plan.ContentFilter{PlanID: &planID,
		From: month.Start().AddDate(0, 0, -1), To: month.End().AddDate(0, 0, 1)})
	if err != nil {
		return nil, "", err
	}
	byID := map[int64]*plan.ContentItem{}
	for _, it := range items {
		byID[it.ID] = it
	}
	goalOf := map[string]*plan.Goal{}
	for _, g := range goals {
		if k := plan.MetricKey(g.Metric); goalOf[k] == nil {
			goalOf[k] = g
		}
	}
	var out []plan.PostResult
	posts := map[string]int{}
	for _, k := range order {
		t := plan.KPIType{Direction: plan.DirectionIncrease, Aggregation: plan.AggregateFlow}
		unit := ""
		if g := goalOf[k]; g != nil {
			t, unit = g.EffectiveKPI(plan.FindMetric(metrics, g.Metric)), g.Unit
			if t.Better(0, 1) <= 0 {
				continue
			}
		}
		// Results count from the month's first day to now: a post's
		// results keep coming after it is published.
		for _, r := range plan.RankItemResults(byMetric[k], t, month.Start().AddDate(0, 0, -1), b.Now()) {
			it := byID[r.ItemID]
			if it == nil {
				continue
			}
			out = append(out, plan.PostResult{Item: it, Metric: byMetric[k][0].Metric, Value: r.Value, Unit: unit})
			posts[k]++
		}
	}
	rank := ""
	for _, g := range goals {
		if posts[plan.MetricKey(g.Metric)] >= 2 {
			rank = g.Metric
			break
		}
	}
	return out, rank, nil
}

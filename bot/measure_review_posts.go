package bot

import (
	"context"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// The best and worst posts of a measurement review's period, by the KPIs
// whose results were imported per post (issue 16).

// Bounds of the lists: KPIs ranked in one review, posts in each list.
const (
	reviewPostKPIs = 2
	reviewPostsTop = 3
)

// reviewPosts are the best and worst posts of a period by one KPI.
type reviewPosts struct {
	Goal        *plan.Goal
	Unit        string
	Best, Worst []postLine
}

// postLine is one post of a list, with its result.
type postLine struct {
	Title   string
	Network plan.Network
	Value   float64
}

// reviewPosts ranks the posts of the period [from, to] by each KPI with
// results for two posts or more, up to reviewPostKPIs KPIs; a post is in
// the best or the worst list of a KPI, never both.
func (m *MeasureNotifier) reviewPosts(ctx context.Context, planID int64, kpis []plan.KPIStatus, obs []*plan.Observation, from, to time.Time) ([]reviewPosts, error) {
	if m.Content == nil {
		return nil, nil
	}
	var items map[int64]*plan.ContentItem
	var out []reviewPosts
	for _, k := range kpis {
		if len(out) == reviewPostKPIs {
			break
		}
		var mine []*plan.Observation
		for _, o := range obs {
			if o.ContentItemID != 0 && plan.MetricKey(o.Metric) == plan.MetricKey(k.Goal.Metric) {
				mine = append(mine, o)
			}
		}
		ranked := plan.RankItemResults(mine, k.Type, from, to)
		if len(ranked) < 2 {
			continue
		}
		if items == nil {
			list, _, err := m.Content.FindContentItems(ctx, plan.ContentFilter{PlanID: &planID})
			if err != nil {
				return nil, err
			}
			items = map[int64]*plan.ContentItem{}
			for _, c := range list {
				items[c.ID] = c
			}
		}
		line := func(r plan.ItemResult) postLine {
			l := postLine{Title: plan.ItemContent(r.ItemID), Value: r.Value}
			if c := items[r.ItemID]; c != nil {
				l.Title, l.Network = c.Title, c.Network
			}
			return l
		}
		n := min(reviewPostsTop, len(ranked)/2)
		rp := reviewPosts{Goal: k.Goal, Unit: k.Goal.Unit}
		for i := range n {
			rp.Best = append(rp.Best, line(ranked[i]))
			rp.Worst = append(rp.Worst, line(ranked[len(ranked)-1-i]))
		}
		out = append(out, rp)
	}
	return out, nil
}

// reviewPostsBlocks shows the best and worst posts of each KPI.
func reviewPostsBlocks(lang Lang, posts []reviewPosts) []slack.Block {
	var blocks []slack.Block
	for _, rp := range posts {
		list := func(lines []postLine) string {
			var out []string
			for i, l := range lines {
				name := "*" + Escape(clip(l.Title, 80)) + "*"
				if l.Network != "" {
					name += " (" + lang.T("network."+string(l.Network)) + ")"
				}
				out = append(out, lang.T("review.posts.line", i+1, name, figureWithUnit(lang, l.Value, rp.Unit)))
			}
			return strings.Join(out, "\n")
		}
		text := lang.T("review.posts.best", Escape(rp.Goal.Metric)) + "\n" + list(rp.Best) + "\n" +
			lang.T("review.posts.worst") + "\n" + list(rp.Worst)
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(clip(text, 3000)), nil, nil,
			slack.SectionBlockOptionBlockID("review_posts_"+idString(rp.Goal.ID))))
	}
	return blocks
}

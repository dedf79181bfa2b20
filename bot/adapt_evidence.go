package bot

import (
	"slices"
	"strings"
	"time"

	"github.com/planbot/planbot/plan"
)

// evidence writes, in the plan's language, the figures a review shows
// beside each subject and stores with its decision: plain text, user text
// unescaped (the views escape it).
type evidence struct {
	lang    Lang
	from    time.Time // the first day of the period
	loc     *time.Location
	today   time.Time
	goals   []*plan.Goal
	metrics []*plan.Metric
	obs     []*plan.Observation
	replies []plan.NetworkReplyStats
	items   []*plan.ContentItem
	exps    []*plan.Experiment // concluded
	matrix  plan.HolisticMatrix
}

// network is the subject of a chosen network.
func (ev evidence) network(c *plan.Channel) adaptSubject {
	l := ev.lang
	s := adaptSubject{
		Key: "n" + idString(c.ID), Kind: plan.SubjectNetwork, ID: c.ID,
		Name: l.T("network." + string(c.Network)), Status: c.Status.OrActive(),
		Detail: l.T("adapt.detail.network", l.T("goal.kind."+string(c.Role)), orDash(c.Cadence)),
	}
	if since := channelStatusSince(l, c, ev.loc); since != "" {
		s.Detail += " · " + since
	}
	var parts []string
	for _, f := range plan.NetworkFigures(ev.metrics, ev.obs, ev.from, c.Network) {
		value := formatNumber(l, round2(f.Value))
		if f.Metric.Kind == plan.MetricLevel {
			value = "+" + value
		}
		parts = append(parts, l.T("adapt.evidence.figure", f.Metric.Name, value, formatPercent(l, f.Share)))
	}
	for _, r := range ev.replies {
		if r.Network == c.Network && r.Count > 0 {
			parts = append(parts, l.N("adapt.evidence.replies", r.Count, formatSpan(l, r.Median)))
		}
	}
	for _, e := range ev.exps {
		if e.Network == c.Network && !e.ResultsAt.Before(ev.from) {
			parts = append(parts, l.T("adapt.evidence.experiment", e.Name, plainVerdict(l, e)))
		}
	}
	if n := ev.published(func(it *plan.ContentItem) bool { return it.Network == c.Network }); n > 0 {
		parts = append(parts, l.N("adapt.evidence.published", n))
	}
	s.Evidence = ev.join(parts)

	role := l.T("goal.kind." + string(c.Role))
	cell, measured := ev.matrix.Cell(c.Network, c.Role)
	roleHasData := kindHasData(ev.matrix, c.Role)
	switch {
	case measured && len(ev.matrix.Networks) > 1 && cell.Share >= plan.MinFindingShare:
		s.Suggest, s.Why = plan.DecisionDoMore, l.T("adapt.suggest.do_more", formatPercent(l, cell.Share), role)
	case roleHasData && cell.Share == 0 && len(ev.matrix.Networks) > 1:
		s.Hint = l.T("adapt.hint.do_less", role)
	case !roleHasData:
		s.Hint = l.T("adapt.hint.unmeasured", role)
	}
	// Doing more of a reduced or stopped network makes it active again:
	// the figures may date from before it was reduced, so the review
	// suggests it without choosing it.
	if s.Suggest != "" && s.Status != plan.ChannelActive {
		s.Hint = l.T("adapt.hint."+string(s.Status), s.Why)
		s.Suggest, s.Why = "", ""
	}
	return s
}

// kindHasData reports whether some source tells about kind k.
func kindHasData(m plan.HolisticMatrix, k plan.GoalKind) bool { return slices.Contains(m.Kinds, k) }

// pillar is the subject of a content pillar.
func (ev evidence) pillar(pl *plan.Pillar) adaptSubject {
	l := ev.lang
	s := adaptSubject{Key: "p" + idString(pl.ID), Kind: plan.SubjectPillar, ID: pl.ID, Name: pl.Name}
	total := 0
	nets := map[plan.Network]bool{}
	for _, it := range ev.items {
		if it.PillarID == pl.ID {
			total++
			if it.Status == plan.ContentPublished && !it.PublishAt.Before(ev.from) {
				nets[it.Network] = true
			}
		}
	}
	published := ev.published(func(it *plan.ContentItem) bool { return it.PillarID == pl.ID })
	parts := []string{l.T("adapt.evidence.pillar", published, total)}
	var names []string
	for _, n := range plan.Networks {
		if nets[n] {
			names = append(names, l.T("network."+string(n)))
		}
	}
	if len(names) > 0 {
		parts = append(parts, l.T("adapt.evidence.on", strings.Join(names, ", ")))
	}
	s.Evidence = strings.Join(parts, " · ")
	if total > 0 && published == 0 {
		s.Hint = l.T("adapt.hint.pillar_idle")
	}
	return s
}

// cta is the subject of a call to action: how its goal goes, and what its
// network brings to the goal's metric.
func (ev evidence) cta(c *plan.CTA) adaptSubject {
	l := ev.lang
	s := adaptSubject{Key: "c" + idString(c.ID), Kind: plan.SubjectCTA, ID: c.ID, Name: c.Text}
	var goal *plan.Goal
	for _, g := range ev.goals {
		if g.ID == c.GoalID {
			goal = g
		}
	}
	title := "—"
	if goal != nil {
		title = goal.Title
	}
	s.Detail = l.T("adapt.detail.cta", l.T("cta.kind."+string(c.Kind)), l.T("network."+string(c.Network)), title)
	var parts []string
	if goal != nil {
		k := plan.ComputeKPI(goal, plan.FindMetric(ev.metrics, goal.Metric), ev.obs, ev.today, ev.loc)
		if k.HasData {
			parts = append(parts, l.T("adapt.evidence.goal", goal.Metric, formatPercent(l, k.Progress/100), l.T("pace.word."+string(k.Pace))))
		} else {
			parts = append(parts, l.T("adapt.evidence.goal.no_data", goal.Metric))
		}
		for _, f := range plan.NetworkFigures([]*plan.Metric{plan.FindMetric(ev.metrics, goal.Metric)}, ev.obs, ev.from, c.Network) {
			parts = append(parts, l.T("adapt.evidence.figure", f.Metric.Name, formatNumber(l, round2(f.Value)), formatPercent(l, f.Share)))
		}
	}
	carried := 0
	for _, it := range ev.items {
		if it.CTAID == c.ID {
			carried++
		}
	}
	parts = append(parts, l.N("adapt.evidence.carried", carried))
	s.Evidence = strings.Join(parts, " · ")
	return s
}

// published counts the items matching keep published in the period.
func (ev evidence) published(keep func(*plan.ContentItem) bool) int {
	n := 0
	for _, it := range ev.items {
		if it.Status == plan.ContentPublished && !it.PublishAt.Before(ev.from) && keep(it) {
			n++
		}
	}
	return n
}

// join joins evidence parts, or says there is none in the period.
func (ev evidence) join(parts []string) string {
	if len(parts) == 0 {
		return ev.lang.T("adapt.evidence.none", formatDate(ev.lang, ev.from))
	}
	return strings.Join(parts, " · ")
}

// plainVerdict is an experiment's verdict in plain text.
func plainVerdict(lang Lang, e *plan.Experiment) string {
	return verdictShort(lang, e)
}

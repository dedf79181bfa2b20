package bot

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/planbot/planbot/plan"
)

// The evidence of step 9: what each network, pillar and call to action did
// over the period for the goals' KPIs, signed by each KPI's direction and
// divided by the posts published (plan.NetworkEvidence, PillarEvidence and
// CTAEvidence), written in the plan's language as plain text, user text
// unescaped (the views escape it): it is stored with the decisions.

// adaptWindow is the period the evidence of a review covers.
const adaptWindow = 30 * 24 * time.Hour

// adaptDataOf is the review of the plan of snap at now: the holistic
// matrix and the subjects with their evidence, written in lang. items are
// the content items whose posts are the effort: the snapshot's, or those
// published in the period when the snapshot holds fewer than all.
func adaptDataOf(snap *plan.PlanSnapshot, items []*plan.ContentItem, now time.Time, lang Lang) adaptData {
	loc := snap.Plan.Location()
	today, from := plan.Today(now, loc), plan.Today(now.Add(-adaptWindow), loc)
	replies := repliesBetween(snap, now.Add(-adaptWindow), now)
	previous := repliesBetween(snap, now.Add(-2*adaptWindow), now.Add(-adaptWindow))
	metrics := snap.AllMetrics()
	in := plan.EvidenceInput{
		Goals: snap.Goals, Metrics: metrics, Observations: plan.IndexObservations(snap.Observations), Items: items,
		From: from, Today: today, Loc: loc, Replies: replies, PreviousReplies: previous,
	}
	d := adaptData{Plan: snap.Plan, From: from}
	d.Matrix = plan.Holistic(plan.HolisticInput{
		Metrics: metrics, Observations: snap.Observations, From: from, Replies: replies, Channels: snap.Channels,
		ByEffort: true, Goals: snap.Goals, Items: items, Today: today, Loc: loc, PreviousReplies: previous,
	})
	w := evidence{lang: lang, in: in, matrix: d.Matrix, replies: replies, all: snap.Content}
	for _, e := range snap.Experiments {
		if e.Concluded() && !e.ResultsAt.Before(from) {
			w.exps = append(w.exps, e)
		}
	}
	lastOf := func(kind plan.SubjectKind, id int64) *plan.Decision {
		for _, x := range snap.Decisions { // newest first
			if x.Subject == kind && x.SubjectID == id {
				return x
			}
		}
		return nil
	}
	networks := plan.NetworkEvidence(in, snap.Channels)
	for _, f := range d.Matrix.Findings {
		i := slices.Index(snap.Channels, f.Channel)
		if i < 0 {
			continue
		}
		s := w.network(f.Channel, networks[i])
		f := f
		s.Key, s.Finding, s.Suggest, s.Why, s.Hint = "f"+idString(f.Channel.ID), &f, "", "", ""
		d.Subjects = append(d.Subjects, s)
	}
	for i, c := range snap.Channels {
		s := w.network(c, networks[i])
		s.Last = lastOf(plan.SubjectNetwork, c.ID)
		d.Subjects = append(d.Subjects, s)
	}
	for i, ev := range plan.PillarEvidence(in, snap.Pillars) {
		s := w.pillar(snap.Pillars[i], ev)
		s.Last = lastOf(plan.SubjectPillar, s.ID)
		d.Subjects = append(d.Subjects, s)
	}
	for i, ev := range plan.CTAEvidence(in, snap.CTAs) {
		s := w.cta(snap.CTAs[i], ev)
		s.Last = lastOf(plan.SubjectCTA, s.ID)
		d.Subjects = append(d.Subjects, s)
	}
	return d
}

// repliesBetween returns the reply times per network of the replies given
// in [from, to).
func repliesBetween(snap *plan.PlanSnapshot, from, to time.Time) []plan.NetworkReplyStats {
	var samples []plan.ReplySample
	for _, r := range snap.Replies {
		if !r.RepliedAt.Before(from) && r.RepliedAt.Before(to) {
			samples = append(samples, plan.ReplySample{Network: r.Network, Took: r.Took})
		}
	}
	return plan.ReplyStatsByNetwork(samples)
}

// evidence writes the evidence of the subjects of one review.
type evidence struct {
	lang    Lang
	in      plan.EvidenceInput
	matrix  plan.HolisticMatrix
	replies []plan.NetworkReplyStats // of the period
	exps    []*plan.Experiment       // concluded in the period
	all     []*plan.ContentItem      // the content plan, for what items carry
}

// network is the subject of a chosen network, with its evidence ev.
func (w evidence) network(c *plan.Channel, ev plan.Evidence) adaptSubject {
	l := w.lang
	s := adaptSubject{
		Key: "n" + idString(c.ID), Kind: plan.SubjectNetwork, ID: c.ID,
		Name: l.T("network." + string(c.Network)), Status: c.Status.OrActive(),
		Detail: l.T("adapt.detail.network", l.T("goal.kind."+string(c.Role)), orDash(c.Cadence)),
	}
	if since := channelStatusSince(l, c, w.in.Loc); since != "" {
		s.Detail += " · " + since
	}
	parts := w.lines(ev)
	for _, r := range w.replies {
		if r.Network == c.Network && r.Count > 0 {
			parts = append(parts, l.N("adapt.evidence.replies", r.Count, formatSpan(l, r.Median)))
		}
	}
	for _, e := range w.exps {
		if e.Network == c.Network {
			parts = append(parts, l.T("adapt.evidence.experiment", e.Name, plainVerdict(l, e)))
		}
	}
	if ev.Effort > 0 {
		parts = append(parts, l.N("adapt.evidence.published", ev.Effort))
	}
	s.Evidence = w.join(parts)
	w.suggest(&s, ev)
	if s.Suggest == plan.DecisionDoMore && s.Status != plan.ChannelActive {
		// Doing more of a reduced or stopped network makes it active
		// again: the figures may date from before it was reduced.
		s.Why = l.T("adapt.hint."+string(s.Status), s.Why)
	}
	if s.Suggest == "" && s.Hint == "" && !slices.Contains(w.matrix.Kinds, c.Role) &&
		!slices.ContainsFunc(ev.Lines, func(x plan.EvidenceLine) bool { return x.Relevant }) {
		s.Hint = l.T("adapt.hint.unmeasured", l.T("goal.kind."+string(c.Role)))
	}
	return s
}

// pillar is the subject of a content pillar, with its evidence ev.
func (w evidence) pillar(pl *plan.Pillar, ev plan.Evidence) adaptSubject {
	l := w.lang
	s := adaptSubject{Key: "p" + idString(pl.ID), Kind: plan.SubjectPillar, ID: pl.ID, Name: pl.Name}
	total := 0
	for _, it := range w.all {
		if it.PillarID == pl.ID {
			total++
		}
	}
	nets := map[plan.Network]bool{}
	for _, it := range w.published() {
		if it.PillarID == pl.ID {
			nets[it.Network] = true
		}
	}
	parts := []string{l.T("adapt.evidence.pillar", ev.Effort, total)}
	var names []string
	for _, n := range plan.Networks {
		if nets[n] {
			names = append(names, l.T("network."+string(n)))
		}
	}
	if len(names) > 0 {
		parts = append(parts, l.T("adapt.evidence.on", strings.Join(names, ", ")))
	}
	s.Evidence = strings.Join(append(parts, w.lines(ev)...), " · ")
	w.suggest(&s, ev)
	if s.Suggest == "" && s.Hint == "" && total > 0 && ev.Effort == 0 {
		s.Hint = l.T("adapt.hint.pillar_idle")
	}
	return s
}

// cta is the subject of a call to action, with its evidence ev: where its
// goal's KPI stands, read by its type, and what the posts carrying it did.
func (w evidence) cta(c *plan.CTA, ev plan.Evidence) adaptSubject {
	l := w.lang
	s := adaptSubject{Key: "c" + idString(c.ID), Kind: plan.SubjectCTA, ID: c.ID, Name: c.Text}
	goal := w.goal(c.GoalID)
	title := "—"
	if goal != nil {
		title = goal.Title
	}
	s.Detail = l.T("adapt.detail.cta", l.T("cta.kind."+string(c.Kind)), l.T("network."+string(c.Network)), title)
	var parts []string
	if goal != nil {
		m := plan.FindMetric(w.in.Metrics, goal.Metric)
		t := goal.EffectiveKPI(m)
		k := plan.EvaluateKPI(plan.KPIInput{Goal: goal, Metric: m, Observations: w.in.Observations.Metric(goal.Metric),
			Weights: w.in.Observations.Metric(t.WeightMetric), Today: w.in.Today, Loc: w.in.Loc})
		if k.HasData {
			parts = append(parts, l.T("adapt.evidence.goal", goal.Metric, formatPercent(l, k.Progress/100), paceWord(l, k.Pace)))
		} else {
			parts = append(parts, l.T("adapt.evidence.goal.no_data", goal.Metric))
		}
	}
	parts = append(parts, w.lines(ev)...)
	carried := 0
	for _, it := range w.all {
		if it.CTAID == c.ID {
			carried++
		}
	}
	parts = append(parts, l.N("adapt.evidence.carried", carried))
	s.Evidence = strings.Join(parts, " · ")
	w.suggest(&s, ev)
	return s
}

// paceWord is a KPI's pace in words.
func paceWord(lang Lang, p plan.Pace) string {
	if p == plan.PaceTooEarly {
		return lang.T("adapt.pace.too_early")
	}
	return lang.T("pace.word." + string(p))
}

// suggest shows the decision ev points to beside s, never chosen for it,
// or why the figures point to none.
func (w evidence) suggest(s *adaptSubject, ev plan.Evidence) {
	l := w.lang
	what := l.T("adapt.evidence.reply_time")
	if g := w.goal(ev.ReasonGoal); g != nil {
		what = g.Metric
	}
	switch ev.Reason {
	case "evidence.best", "evidence.worst":
		s.Suggest, s.Why = ev.Suggestion, l.T(ev.Reason, what)
	case "evidence.too_few_posts":
		s.Hint = l.T(ev.Reason, plan.MinEvidencePosts)
	}
}

// goal returns the goal id of the plan, or nil.
func (w evidence) goal(id int64) *plan.Goal {
	for _, g := range w.in.Goals {
		if g.ID == id && id != 0 {
			return g
		}
	}
	return nil
}

// published returns the items published in the period.
func (w evidence) published() []*plan.ContentItem {
	var out []*plan.ContentItem
	for _, it := range w.in.Items {
		if it.Status != plan.ContentPublished || it.PublishAt.IsZero() {
			continue
		}
		if d := plan.Today(it.PublishAt, w.in.Loc); !d.Before(w.in.From) && !d.After(w.in.Today) {
			out = append(out, it)
		}
	}
	return out
}

// lines writes the evidence lines of ev: each KPI's change, signed by its
// direction ("better", "worse") and, when scored per post, per post.
func (w evidence) lines(ev plan.Evidence) []string {
	l := w.lang
	var out []string
	for _, x := range ev.Lines {
		name, unit := x.Metric, ""
		if g := w.goal(x.GoalID); g != nil {
			unit = g.Unit
		}
		if x.GoalID == 0 {
			name, unit = l.T("adapt.evidence.reply_time"), l.T("adapt.evidence.hours_unit")
		}
		verdict := l.T(betterKey(x.Better))
		switch {
		case ev.Subject != plan.SubjectNetwork && !x.PerPost:
			// The mean of the subject's posts, against the plan's average post.
			out = append(out, l.T("adapt.evidence.mean", name, withFigureUnit(l, x.Change, unit, false), l.T(averageKey(x.Better))))
		case x.PerPost && x.Effort > 0:
			out = append(out, l.T("adapt.evidence.line.per_post", name, withFigureUnit(l, x.Change, unit, true),
				withFigureUnit(l, x.Change/float64(x.Effort), unit, true), verdict))
		default:
			out = append(out, l.T("adapt.evidence.line", name, withFigureUnit(l, x.Change, unit, true), verdict))
		}
	}
	return out
}

// betterKey and averageKey are the words of a signed change.
func betterKey(better float64) string {
	switch {
	case better > 0:
		return "adapt.evidence.better"
	case better < 0:
		return "adapt.evidence.worse"
	}
	return "adapt.evidence.unchanged"
}

func averageKey(better float64) string {
	switch {
	case better > 0:
		return "adapt.evidence.above_average"
	case better < 0:
		return "adapt.evidence.below_average"
	}
	return "adapt.evidence.at_average"
}

// join joins evidence parts, or says there is none in the period.
func (w evidence) join(parts []string) string {
	if len(parts) == 0 {
		return w.lang.T("adapt.evidence.none", formatDate(w.lang, w.in.From))
	}
	return strings.Join(parts, " · ")
}

// figure writes a figure of the evidence in the reader's language: at most
// two decimals, thousands grouped (a comma in English; a narrow no-break
// space in French, with a decimal comma), and a sign when signed.
func figure(lang Lang, v float64, signed bool) string {
	v = round2(v)
	sign := ""
	switch {
	case v < 0:
		sign = "-"
	case v > 0 && signed:
		sign = "+"
	}
	whole, frac, _ := strings.Cut(strconv.FormatFloat(math.Abs(v), 'f', -1, 64), ".")
	n, _ := strconv.ParseInt(whole, 10, 64)
	s := formatCount(lang, n)
	if frac != "" {
		mark := "."
		if lang == FR {
			mark = ","
		}
		s += mark + frac
	}
	return sign + s
}

// withFigureUnit is figure followed by the goal's unit: glued for "%"
// in English, after a no-break space otherwise.
func withFigureUnit(lang Lang, v float64, unit string, signed bool) string {
	s := figure(lang, v, signed)
	switch {
	case unit == "":
		return s
	case unit == "%" && lang == EN:
		return s + "%"
	case unit == "%":
		return s + "\u202f%"
	}
	return s + "\u00a0" + unit
}

// plainVerdict is an experiment's verdict in plain text.
func plainVerdict(lang Lang, e *plan.Experiment) string {
	return verdictShort(lang, e)
}

package plan

import (
	"slices"
	"time"
)

// MinEvidencePosts is the fewest posts a subject needs in the period for
// its per-post figures to suggest a decision.
const MinEvidencePosts = 3

// EvidenceInput is what the evidence of a review (step 9) is computed from,
// over the period From to Today (calendar dates, both included).
type EvidenceInput struct {
	Goals   []*Goal
	Metrics []*Metric // the plan's metrics (see PlanMetrics)
	// Observations are every observation of the plan up to Today, earlier
	// ones included: they give levels their value when the period starts.
	Observations *ObservationIndex
	// Items are the content plan: the items published in the period are
	// the effort, and their observations (ContentItemID) tell about
	// pillars and calls to action.
	Items       []*ContentItem
	From, Today time.Time
	Loc         *time.Location // the plan's zone: an item is published on its local date
	// Replies are the reply times of the period, per network, and
	// PreviousReplies those of the period before, of the same length.
	Replies, PreviousReplies []NetworkReplyStats
}

// EvidenceLine is what one subject did for one goal's KPI over the period.
type EvidenceLine struct {
	GoalID int64 // 0 for the reply times of a network
	Metric string
	Type   KPIType
	// Change is the KPI's movement the subject accounts for: a count's sum,
	// a level's, a rate's or a cost's change from the period's start to its
	// last value (networks); for pillars and calls to action, their items'
	// sum (counts) or mean value (rates, costs). Reply times: the median's
	// change, in hours.
	Change float64
	// Better is Change signed by the KPI's direction (KPIType.Better):
	// positive when the subject helped the goal, negative when it made it
	// worse. A reply time that went from 2 h to 5 h is -3. For the mean of
	// a pillar's or a call to action's items, it is signed against the
	// mean of every item published in the period.
	Better float64
	// Effort is the posts published in the period by the subject: items
	// on the network, under the pillar, carrying the call to action.
	Effort int
	// PerPost is set when Score is Better divided by Effort (counts and
	// levels): volume alone never wins. Rates and costs are already per
	// exposure or per result: Score is Better.
	PerPost bool
	Score   float64
	Scored  bool // Score means something: a post at least when PerPost
	// Relevant is set when the line bears on the subject's purpose: a goal
	// of a network's role (all goals when none has its kind), any goal for
	// a pillar, its goal for a call to action. Suggestions read these only.
	Relevant bool
}

// Evidence is what the data says about one subject of a review.
type Evidence struct {
	Subject   SubjectKind
	SubjectID int64
	Network   Network // a network's; "" for pillars and calls to action
	Effort    int     // posts published in the period
	Lines     []EvidenceLine
	// Suggestion is the decision the figures point to, or "" when they
	// point to none: do more for the subject best per post (or best change
	// of a rate) on a relevant KPI, with at least MinEvidencePosts posts,
	// and worse on none of them nor on its reply time, relevant or not; do
	// less for the worst on a relevant KPI it made worse. Comparisons need two subjects of the kind with figures. It is
	// a suggestion: a review shows it beside the subject, and never
	// pre-selects it as the decision.
	Suggestion DecisionKind
	// Reason is a catalogue key: evidence.best (do more), evidence.worst
	// (do less), evidence.too_few_posts, or "" when nothing stands out.
	// ReasonGoal is the goal of the line behind it (0: reply times).
	Reason     string
	ReasonGoal int64
}

// kpiSource is a goal's KPI as evidence reads it.
type kpiSource struct {
	goal *Goal
	typ  KPIType
}

func (in EvidenceInput) sources() []kpiSource {
	out := make([]kpiSource, 0, len(in.Goals))
	for _, g := range in.Goals {
		if MetricKey(g.Metric) != "" {
			out = append(out, kpiSource{goal: g, typ: g.EffectiveKPI(FindMetric(in.Metrics, g.Metric))})
		}
	}
	return out
}

// published returns the items published in the period.
func (in EvidenceInput) published() []*ContentItem {
	loc := in.Loc
	if loc == nil {
		loc = time.UTC
	}
	var out []*ContentItem
	for _, it := range in.Items {
		if it.Status != ContentPublished || it.PublishAt.IsZero() {
			continue
		}
		if d := Today(it.PublishAt, loc); !d.Before(in.From) && !d.After(in.Today) {
			out = append(out, it)
		}
	}
	return out
}

// movement is what obs, in date order, say about a KPI of type t over
// [from, today]: a count's sum, or a level's, rate's or cost's change from
// the last value before from (or the first in the period) to the last.
func movement(t KPIType, obs []*Observation, from, today time.Time) (change, better float64, ok bool) {
	if t.Aggregation == AggregateFlow || t.Aggregation == AggregateCumulative {
		for _, o := range obs {
			if at := o.At(); !at.Before(from) && !at.After(today) {
				change, ok = change+o.Value, true
			}
		}
		return change, t.Direction.HigherIsBetter() * change, ok
	}
	var base, last float64
	started := false
	for _, o := range obs {
		at := o.At()
		if at.After(today) {
			break
		}
		if at.Before(from) {
			base, started = o.Value, true
			continue
		}
		if !started {
			base, started = o.Value, true
		}
		last, ok = o.Value, true
	}
	return last - base, t.Better(base, last), ok
}

// itemValue is what the observations of a subject's items in the period
// say: a count's sum, or the mean of a rate, a cost or a level; summed
// reports which.
func itemValue(t KPIType, obs []*Observation) (value float64, summed, ok bool) {
	if len(obs) == 0 {
		return 0, false, false
	}
	sum := 0.0
	for _, o := range obs {
		sum += o.Value
	}
	if t.summable() {
		return sum, true, true
	}
	return sum / float64(len(obs)), false, true
}

// line makes an evidence line, scoring it.
func line(src kpiSource, change, better float64, effort int, perPost, relevant bool) EvidenceLine {
	l := EvidenceLine{
		GoalID: src.goal.ID, Metric: src.goal.Metric, Type: src.typ, Change: change, Better: better,
		Effort: effort, PerPost: perPost, Relevant: relevant, Score: better, Scored: true,
	}
	if perPost {
		l.Scored = effort > 0
		l.Score = 0
		if effort > 0 {
			l.Score = better / float64(effort)
		}
	}
	return l
}

// perPost reports whether a KPI of type t is scored per post on networks.
func perPost(t KPIType) bool { return t.Aggregation != AggregateRate && t.Aggregation != AggregateCost }

// networkLine is the line of network n for src, or false without data.
func (in EvidenceInput) networkLine(src kpiSource, n Network, effort int, relevant bool) (EvidenceLine, bool) {
	change, better, ok := movement(src.typ, in.Observations.Network(src.goal.Metric, n), in.From, in.Today)
	if !ok {
		return EvidenceLine{}, false
	}
	return line(src, change, better, effort, perPost(src.typ), relevant), true
}

// NetworkEvidence returns the evidence of each chosen network, in the
// order of channels.
func NetworkEvidence(in EvidenceInput, channels []*Channel) []Evidence {
	srcs := in.sources()
	effort := map[Network]int{}
	for _, it := range in.published() {
		effort[it.Network]++
	}
	out := make([]Evidence, 0, len(channels))
	for _, c := range channels {
		ev := Evidence{Subject: SubjectNetwork, SubjectID: c.ID, Network: c.Network, Effort: effort[c.Network]}
		roleGoals := slices.ContainsFunc(srcs, func(s kpiSource) bool { return s.goal.Kind == c.Role })
		for _, src := range srcs {
			relevant := !roleGoals || src.goal.Kind == c.Role
			if l, ok := in.networkLine(src, c.Network, ev.Effort, relevant); ok {
				ev.Lines = append(ev.Lines, l)
			}
		}
		if l, ok := replyLine(in, c); ok {
			ev.Lines = append(ev.Lines, l)
		}
		out = append(out, ev)
	}
	suggest(out)
	return out
}

// replyLine is the change of a network's median reply time from the
// period before, relevant to a network chosen for customer service.
func replyLine(in EvidenceInput, c *Channel) (EvidenceLine, bool) {
	find := func(rs []NetworkReplyStats) (NetworkReplyStats, bool) {
		i := slices.IndexFunc(rs, func(r NetworkReplyStats) bool { return r.Network == c.Network && r.Count > 0 })
		if i < 0 {
			return NetworkReplyStats{}, false
		}
		return rs[i], true
	}
	now, ok1 := find(in.Replies)
	before, ok2 := find(in.PreviousReplies)
	if !ok1 || !ok2 {
		return EvidenceLine{}, false
	}
	change := (now.Median - before.Median).Hours()
	return EvidenceLine{
		Type:   KPIType{Direction: DirectionDecrease, Aggregation: AggregateRate},
		Change: change, Better: -change, Score: -change, Scored: true, Effort: now.Count,
		Relevant: c.Role == GoalCustomerService,
	}, true
}

// PillarEvidence returns the evidence of each content pillar, in the order
// of pillars, from the observations of its items published in the period.
func PillarEvidence(in EvidenceInput, pillars []*Pillar) []Evidence {
	return itemEvidence(in, SubjectPillar, len(pillars),
		func(i int) int64 { return pillars[i].ID },
		func(it *ContentItem, id int64) bool { return it.PillarID == id },
		func(int64, *Goal) bool { return true })
}

// CTAEvidence returns the evidence of each call to action, in the order of
// ctas, from the observations of the items carrying it published in the
// period; its goal's KPI is the relevant one.
func CTAEvidence(in EvidenceInput, ctas []*CTA) []Evidence {
	goalOf := map[int64]int64{}
	for _, c := range ctas {
		goalOf[c.ID] = c.GoalID
	}
	return itemEvidence(in, SubjectCTA, len(ctas),
		func(i int) int64 { return ctas[i].ID },
		func(it *ContentItem, id int64) bool { return it.CTAID == id },
		func(id int64, g *Goal) bool { return goalOf[id] == g.ID })
}

// itemEvidence computes the evidence of n subjects of a kind whose items
// are those for which holds is true. A count is the items' sum, scored per
// post; a rate or a cost is the items' mean, signed against the mean of
// every item published in the period (better or worse than the plan's
// average post).
func itemEvidence(in EvidenceInput, kind SubjectKind, n int, idOf func(int) int64,
	holds func(*ContentItem, int64) bool, relevant func(int64, *Goal) bool) []Evidence {
	srcs := in.sources()
	published := in.published()
	all := map[int64]bool{}
	for _, it := range published {
		all[it.ID] = true
	}
	// The results of each metric in the period that a published item
	// brought, read once: a subject's are those of its own items (mine
	// holds only published items), so the subjects x goals loop below
	// filters these short lists, not every result of the metric.
	keys := make([]string, len(srcs))
	ofPublished := map[string][]*Observation{}
	for i, src := range srcs {
		keys[i] = MetricKey(src.goal.Metric)
		if _, ok := ofPublished[keys[i]]; ok {
			continue
		}
		var obs []*Observation
		for _, o := range in.Observations.Metric(src.goal.Metric) {
			if all[o.ContentItemID] && !o.At().Before(in.From) && !o.At().After(in.Today) {
				obs = append(obs, o)
			}
		}
		ofPublished[keys[i]] = obs
	}
	average := make([]float64, len(srcs))
	for i, src := range srcs {
		average[i], _, _ = itemValue(src.typ, ofPublished[keys[i]])
	}
	out := make([]Evidence, 0, n)
	for i := range n {
		ev := Evidence{Subject: kind, SubjectID: idOf(i)}
		mine := map[int64]bool{}
		for _, it := range published {
			if holds(it, ev.SubjectID) {
				mine[it.ID] = true
				ev.Effort++
			}
		}
		ofMine := map[string][]*Observation{} // by metric key, as ofPublished
		for k, src := range srcs {
			obs, ok := ofMine[keys[k]]
			if !ok {
				for _, o := range ofPublished[keys[k]] {
					if mine[o.ContentItemID] {
						obs = append(obs, o)
					}
				}
				ofMine[keys[k]] = obs
			}
			value, summed, ok := itemValue(src.typ, obs)
			if !ok {
				continue
			}
			better := src.typ.Direction.HigherIsBetter() * value
			if !summed {
				better = src.typ.Better(average[k], value)
			}
			ev.Lines = append(ev.Lines, line(src, value, better, ev.Effort, summed, relevant(ev.SubjectID, src.goal)))
		}
		out = append(out, ev)
	}
	suggest(out)
	return out
}

// suggest sets the suggestion of each subject from how it compares with
// the others of its kind, goal by goal.
func suggest(evs []Evidence) {
	type at struct{ ev, line int }
	byGoal := map[int64][]at{}
	for i, ev := range evs {
		for j, l := range ev.Lines {
			if l.Relevant && l.Scored && (!l.PerPost || l.Effort >= MinEvidencePosts) {
				byGoal[l.GoalID] = append(byGoal[l.GoalID], at{i, j})
			}
		}
	}
	// rank returns whether evs[i] is strictly best and strictly worst on
	// the goal of its line j.
	rank := func(i, j int) (best, worst bool) {
		refs := byGoal[evs[i].Lines[j].GoalID]
		if len(refs) < 2 || !slices.Contains(refs, at{i, j}) {
			return false, false
		}
		score := evs[i].Lines[j].Score
		best, worst = true, true
		for _, r := range refs {
			if r.ev == i {
				continue
			}
			other := evs[r.ev].Lines[r.line].Score
			best = best && score > other
			worst = worst && score < other
		}
		return best, worst
	}
	for i := range evs {
		ev := &evs[i]
		worse, thin := false, false
		for j, l := range ev.Lines {
			// Slower replies weigh on any network, whatever its role: a
			// network whose reply time got worse is never "do more".
			worse = worse || (l.GoalID == 0 && l.Scored && l.Better < 0)
			if !l.Relevant || !l.Scored {
				continue
			}
			worse = worse || l.Better < 0
			thin = thin || (l.PerPost && l.Effort < MinEvidencePosts)
			if best, worst := rank(i, j); worst && l.Better < 0 {
				ev.Suggestion, ev.Reason, ev.ReasonGoal = DecisionDoLess, "evidence.worst", l.GoalID
			} else if best && l.Score > 0 && ev.Suggestion == "" {
				ev.Suggestion, ev.Reason, ev.ReasonGoal = DecisionDoMore, "evidence.best", l.GoalID
			}
		}
		if ev.Suggestion == DecisionDoMore && worse {
			ev.Suggestion, ev.Reason, ev.ReasonGoal = "", "", 0
		}
		if ev.Suggestion == "" && thin {
			ev.Reason = "evidence.too_few_posts"
		}
	}
}

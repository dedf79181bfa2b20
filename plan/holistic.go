package plan

import (
	"slices"
	"time"
)

// Holistic matrix thresholds. A finding needs a network to bring at least
// MinFindingShare of what moved a kind of goal, and the replies behind a
// customer service finding to be at least MinFindingReplies.
const (
	MinFindingShare   = 0.5
	MinFindingReplies = 3
)

// HolisticCell is what one network did for one kind of goal.
type HolisticCell struct {
	// Share is the network's part of what moved goals of the kind, from 0
	// to 1: the mean, over the kind's sources with data, of the network's
	// part of each source's credit. With ByEffort, a network's credit is
	// its score per post signed by the KPI's direction (see EvidenceLine),
	// and only what helped counts; without, it is its raw contribution (a
	// count's sum, a level's growth, its replies).
	Share float64
	// Value is the network's own figure, summed over the kind's sources:
	// with ByEffort its signed score, else its raw contribution, in the
	// sources' units: shown beside the share as evidence.
	Value float64
}

// Finding is an unexpected strength: a network chosen for one role that
// turns out best for another kind of goal, as the method warns (a network
// chosen for awareness that proves best for customer service).
type Finding struct {
	Channel *Channel // the chosen network
	Kind    GoalKind // the kind of goal it moves most
	Share   float64  // its share for Kind
	// RoleShare is its share for the role it was chosen for; -1 when that
	// kind has no data.
	RoleShare float64
}

// HolisticMatrix is the holistic view of step 9: networks by kinds of
// goal, from the observations and the replies of a period, so that what a
// network really moves is seen beside what it was chosen for.
type HolisticMatrix struct {
	Networks []Network
	Kinds    []GoalKind       // the kinds with data, in GoalKinds order
	Cells    [][]HolisticCell // Cells[i][j]: Networks[i] for Kinds[j]
	// Sources counts, per kind, the metrics (and the replies) with data.
	Sources  []int
	Findings []Finding
}

// HolisticInput is what the holistic matrix is computed from.
type HolisticInput struct {
	Metrics      []*Metric      // the plan's metrics, with their kind of goal (see PlanMetrics)
	Observations []*Observation // the observations up to the end of the period, earlier ones included
	From         time.Time      // the first day of the period
	Replies      []NetworkReplyStats
	Channels     []*Channel
	// ByEffort credits each network with what it did per post published,
	// signed by the KPI's direction, instead of its raw volume, with the
	// fields below. Callers written before it leave it false and get the
	// raw contributions.
	ByEffort bool
	Goals    []*Goal        // their KPI types give each metric's direction
	Items    []*ContentItem // the content plan: the effort
	Today    time.Time      // the last day of the period
	Loc      *time.Location // the plan's zone
	// PreviousReplies are the replies of the period before: a network's
	// reply times credit customer service when they got faster.
	PreviousReplies []NetworkReplyStats
}

// Cell returns the cell of network n and kind k, and whether there is one.
func (m HolisticMatrix) Cell(n Network, k GoalKind) (HolisticCell, bool) {
	i, j := slices.Index(m.Networks, n), slices.Index(m.Kinds, k)
	if i < 0 || j < 0 {
		return HolisticCell{}, false
	}
	return m.Cells[i][j], true
}

// holisticSource is one source of a kind of goal: per network, the credit
// shares are taken from, and the value shown.
type holisticSource struct {
	credit, value map[Network]float64
}

// Holistic computes the holistic matrix. Observations of no network and of
// metrics that tell about no kind of goal are left out. Without ByEffort a
// level metric counts its growth over the period (the latest value minus
// the last one before From, or the first one in the period), never below
// zero, and replies count by their number; with ByEffort see HolisticCell.
// Observations are indexed by metric and network once.
func Holistic(in HolisticInput) HolisticMatrix {
	ix := IndexObservations(in.Observations)
	byKind := map[GoalKind][]holisticSource{}
	networks := map[Network]bool{}
	for _, c := range in.Channels {
		networks[c.Network] = true
	}
	var ev EvidenceInput
	var effort map[Network]int
	if in.ByEffort {
		ev = EvidenceInput{Goals: in.Goals, Metrics: in.Metrics, Observations: ix, Items: in.Items, From: in.From, Today: in.Today, Loc: in.Loc}
		effort = map[Network]int{}
		for _, it := range ev.published() {
			effort[it.Network]++
		}
	}
	for _, m := range in.Metrics {
		if m.GoalKind == "" {
			continue
		}
		src := holisticSource{credit: map[Network]float64{}, value: map[Network]float64{}}
		if in.ByEffort {
			ks := metricSource(m, in.Goals)
			for _, n := range ix.Networks(m.Name) {
				if l, ok := ev.networkLine(ks, n, effort[n], true); ok && l.Scored {
					src.value[n] = l.Score
					src.credit[n] = max(0, l.Score)
				}
			}
		} else {
			src.credit = metricContributions(m, ix, in.From)
			src.value = src.credit
		}
		total := 0.0
		for n, v := range src.credit {
			total += v
			networks[n] = true
		}
		for n := range src.value {
			networks[n] = true
		}
		if total > 0 {
			byKind[m.GoalKind] = append(byKind[m.GoalKind], src)
		}
	}
	replies, nReplies := replySource(in)
	for n := range replies.value {
		networks[n] = true
	}
	if total := sumValues(replies.credit); total > 0 {
		byKind[GoalCustomerService] = append(byKind[GoalCustomerService], replies)
	}

	var mx HolisticMatrix
	for _, n := range Networks {
		if networks[n] {
			mx.Networks = append(mx.Networks, n)
		}
	}
	for _, k := range GoalKinds {
		if len(byKind[k]) > 0 {
			mx.Kinds = append(mx.Kinds, k)
			mx.Sources = append(mx.Sources, len(byKind[k]))
		}
	}
	mx.Cells = make([][]HolisticCell, len(mx.Networks))
	for i, n := range mx.Networks {
		mx.Cells[i] = make([]HolisticCell, len(mx.Kinds))
		for j, k := range mx.Kinds {
			var cell HolisticCell
			for _, src := range byKind[k] {
				cell.Share += src.credit[n] / sumValues(src.credit)
				cell.Value += src.value[n]
			}
			cell.Share /= float64(len(byKind[k]))
			mx.Cells[i][j] = cell
		}
	}
	mx.Findings = findings(mx, in.Channels, nReplies)
	return mx
}

// metricSource is the KPI a metric is read as: the type of the first goal
// it measures, or the default of its kind, rising.
func metricSource(m *Metric, goals []*Goal) kpiSource {
	for _, g := range goals {
		if slices.Contains(m.GoalIDs, g.ID) || MetricKey(g.Metric) == MetricKey(m.Name) {
			return kpiSource{goal: g, typ: g.EffectiveKPI(m)}
		}
	}
	g := &Goal{Metric: m.Name, Kind: m.GoalKind}
	return kpiSource{goal: g, typ: DefaultKPIType(g, m)}
}

// replySource is the customer service source of the replies: by their
// number, or with ByEffort by how much faster each network replied than
// in the period before. It returns the number of replies too.
func replySource(in HolisticInput) (holisticSource, int) {
	src := holisticSource{credit: map[Network]float64{}, value: map[Network]float64{}}
	n := 0
	for _, r := range in.Replies {
		if r.Network == "" || r.Count <= 0 {
			continue
		}
		n += r.Count
		if !in.ByEffort {
			src.credit[r.Network] += float64(r.Count)
			src.value[r.Network] = src.credit[r.Network]
			continue
		}
		if l, ok := replyLine(EvidenceInput{Replies: in.Replies, PreviousReplies: in.PreviousReplies}, &Channel{Network: r.Network}); ok {
			src.value[r.Network] = l.Score
			src.credit[r.Network] = max(0, l.Score)
		}
	}
	return src, n
}

func sumValues(m map[Network]float64) float64 {
	total := 0.0
	for _, v := range m {
		total += v
	}
	return total
}

// metricContributions returns the raw contribution of each network to m
// over the period starting at from: a count's sum, a level's growth.
func metricContributions(m *Metric, ix *ObservationIndex, from time.Time) map[Network]float64 {
	out := map[Network]float64{}
	for _, n := range ix.Networks(m.Name) {
		mine := ix.Network(m.Name, n)
		if m.Kind == MetricCount {
			for _, o := range mine {
				if !o.At().Before(from) {
					out[n] += o.Value
				}
			}
			continue
		}
		// A level: the latest value minus the one the period started from.
		var base, last float64
		started, inside := false, false
		for _, o := range mine {
			switch {
			case o.At().Before(from):
				base, started = o.Value, true
			case !inside:
				inside = true
				if !started {
					base = o.Value
				}
				last = o.Value
			default:
				last = o.Value
			}
		}
		if inside {
			out[n] = max(0, last-base)
		}
	}
	return out
}

// findings returns the chosen networks that bring the largest share, at
// least MinFindingShare, of a kind of goal other than their role, and do
// less for their role.
func findings(mx HolisticMatrix, channels []*Channel, replies int) []Finding {
	var out []Finding
	for j, k := range mx.Kinds {
		if k == GoalCustomerService && mx.Sources[j] == 1 && replies < MinFindingReplies {
			continue // a couple of replies prove nothing
		}
		best, tie := -1, false
		for i := range mx.Networks {
			switch {
			case best < 0 || mx.Cells[i][j].Share > mx.Cells[best][j].Share:
				best, tie = i, false
			case mx.Cells[i][j].Share == mx.Cells[best][j].Share:
				tie = true
			}
		}
		if best < 0 || tie || mx.Cells[best][j].Share < MinFindingShare {
			continue
		}
		n := mx.Networks[best]
		i := slices.IndexFunc(channels, func(c *Channel) bool { return c.Network == n })
		if i < 0 || channels[i].Role == k {
			continue
		}
		f := Finding{Channel: channels[i], Kind: k, Share: mx.Cells[best][j].Share, RoleShare: -1}
		if cell, ok := mx.Cell(n, channels[i].Role); ok {
			f.RoleShare = cell.Share
		}
		if f.RoleShare < f.Share {
			out = append(out, f)
		}
	}
	return out
}

// Figure is what one network did on one metric over a period: a count's
// sum or a level's growth, and its share of all networks.
type Figure struct {
	Metric *Metric
	Value  float64
	Share  float64 // 0 to 1; 0 when no network moved the metric
}

// NetworkFigures returns the figures of network n over the period starting
// at from, for each metric it has observations on, in the order of
// metrics. Levels count their growth, as in Holistic.
func NetworkFigures(metrics []*Metric, obs []*Observation, from time.Time, n Network) []Figure {
	ix := IndexObservations(obs)
	var out []Figure
	for _, m := range metrics {
		if !slices.ContainsFunc(ix.Network(m.Name, n), func(o *Observation) bool { return !o.At().Before(from) }) {
			continue
		}
		contrib := metricContributions(m, ix, from)
		total := sumValues(contrib)
		f := Figure{Metric: m, Value: contrib[n]}
		if total > 0 {
			f.Share = contrib[n] / total
		}
		out = append(out, f)
	}
	return out
}

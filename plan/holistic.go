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
	// to 1: the mean, over the kind's metrics with data, of the network's
	// part of each (a count's sum, a level's growth), and its part of the
	// replies for customer service.
	Share float64
	// Value is the network's own total, summed over the kind's sources in
	// their units: shown beside the share as evidence.
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
}

// Cell returns the cell of network n and kind k, and whether there is one.
func (m HolisticMatrix) Cell(n Network, k GoalKind) (HolisticCell, bool) {
	i, j := slices.Index(m.Networks, n), slices.Index(m.Kinds, k)
	if i < 0 || j < 0 {
		return HolisticCell{}, false
	}
	return m.Cells[i][j], true
}

// Holistic computes the holistic matrix. Observations of no network and of
// metrics that tell about no kind of goal are left out; a level metric
// counts its growth over the period (the latest value minus the last one
// before From, or the first one in the period), never below zero.
func Holistic(in HolisticInput) HolisticMatrix {
	// Per kind, per source (a metric, or the replies), per network.
	type source map[Network]float64
	byKind := map[GoalKind][]source{}
	networks := map[Network]bool{}
	for _, c := range in.Channels {
		networks[c.Network] = true
	}

	for _, m := range in.Metrics {
		if m.GoalKind == "" {
			continue
		}
		contrib := metricContributions(m, in.Observations, in.From)
		total := 0.0
		for n, v := range contrib {
			total += v
			networks[n] = true
		}
		if total > 0 {
			byKind[m.GoalKind] = append(byKind[m.GoalKind], contrib)
		}
	}
	replies := source{}
	nReplies := 0
	for _, r := range in.Replies {
		if r.Network != "" && r.Count > 0 {
			replies[r.Network] += float64(r.Count)
			networks[r.Network] = true
			nReplies += r.Count
		}
	}
	if nReplies > 0 {
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
				total := 0.0
				for _, v := range src {
					total += v
				}
				cell.Share += src[n] / total
				cell.Value += src[n]
			}
			cell.Share /= float64(len(byKind[k]))
			mx.Cells[i][j] = cell
		}
	}
	mx.Findings = findings(mx, in.Channels, nReplies)
	return mx
}

// metricContributions returns what each network contributed to m over the
// period starting at from.
func metricContributions(m *Metric, obs []*Observation, from time.Time) map[Network]float64 {
	key := MetricKey(m.Name)
	var mine []*Observation
	for _, o := range obs {
		if o.Network != "" && MetricKey(o.Metric) == key {
			mine = append(mine, o)
		}
	}
	slices.SortStableFunc(mine, func(a, b *Observation) int { return a.At().Compare(b.At()) })
	out := map[Network]float64{}
	if m.Kind == MetricCount {
		for _, o := range mine {
			if !o.At().Before(from) {
				out[o.Network] += o.Value
			}
		}
		return out
	}
	// A level: the latest value minus the one the period started from.
	base, last := map[Network]float64{}, map[Network]float64{}
	inside := map[Network]bool{}
	for _, o := range mine {
		switch {
		case o.At().Before(from):
			base[o.Network] = o.Value
		case !inside[o.Network]:
			inside[o.Network] = true
			if _, ok := base[o.Network]; !ok {
				base[o.Network] = o.Value
			}
			last[o.Network] = o.Value
		default:
			last[o.Network] = o.Value
		}
	}
	for n := range inside {
		out[n] = max(0, last[n]-base[n])
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
	var out []Figure
	for _, m := range metrics {
		seen := false
		for _, o := range obs {
			if o.Network == n && !o.At().Before(from) && MetricKey(o.Metric) == MetricKey(m.Name) {
				seen = true
				break
			}
		}
		if !seen {
			continue
		}
		contrib := metricContributions(m, obs, from)
		total := 0.0
		for _, v := range contrib {
			total += v
		}
		f := Figure{Metric: m, Value: contrib[n]}
		if total > 0 {
			f.Share = contrib[n] / total
		}
		out = append(out, f)
	}
	return out
}

package plan

import (
	"slices"
	"time"
)

// ObservationIndex groups observations by metric key and network once, so
// that a screen that reads many metrics over many networks walks each
// observation once instead of once per metric and network. Within a group
// observations are in date order (At), then in the order given.
type ObservationIndex struct {
	byMetric map[string][]*Observation
	byNet    map[string]map[Network][]*Observation
}

// IndexObservations indexes obs; nil observations are skipped.
func IndexObservations(obs []*Observation) *ObservationIndex {
	ix := &ObservationIndex{byMetric: map[string][]*Observation{}, byNet: map[string]map[Network][]*Observation{}}
	keys := map[string]string{} // MetricKey of each spelling, computed once
	for _, o := range obs {
		if o == nil {
			continue
		}
		key, ok := keys[o.Metric]
		if !ok {
			key = MetricKey(o.Metric)
			keys[o.Metric] = key
		}
		ix.byMetric[key] = append(ix.byMetric[key], o)
	}
	for key, list := range ix.byMetric {
		slices.SortStableFunc(list, func(a, b *Observation) int { return a.At().Compare(b.At()) })
		nets := map[Network][]*Observation{}
		for _, o := range list {
			nets[o.Network] = append(nets[o.Network], o)
		}
		ix.byNet[key] = nets
	}
	return ix
}

// Metric returns the observations of the metric named name, whatever its
// case, in date order. The slice is the index's: do not modify it.
func (ix *ObservationIndex) Metric(name string) []*Observation {
	if ix == nil {
		return nil
	}
	return ix.byMetric[MetricKey(name)]
}

// Network returns the observations of the metric named name on network n
// ("" for those of no network), in date order.
func (ix *ObservationIndex) Network(name string, n Network) []*Observation {
	if ix == nil {
		return nil
	}
	return ix.byNet[MetricKey(name)][n]
}

// Networks returns the networks the metric named name has observations
// on, in catalogue order, unknown ones last; "" (no network) is left out.
func (ix *ObservationIndex) Networks(name string) []Network {
	if ix == nil {
		return nil
	}
	var ns []Network
	for n := range ix.byNet[MetricKey(name)] {
		if n != "" {
			ns = append(ns, n)
		}
	}
	return SortNetworks(ns)
}

// valueAt returns the value of the observation of list (in date order) at
// the date at, the last one when several share it.
func valueAt(list []*Observation, at time.Time) (float64, bool) {
	i, _ := slices.BinarySearchFunc(list, at, func(o *Observation, t time.Time) int {
		if c := o.At().Compare(t); c != 0 {
			return c
		}
		return -1 // go past every observation at t
	})
	if i == 0 || !list[i-1].At().Equal(at) {
		return 0, false
	}
	return list[i-1].Value, true
}

package plan

import (
	"cmp"
	"slices"
	"time"
)

// ItemResult is what one post (a content item) did for a KPI over a
// period: the sum of its values for a count, their mean for a level, a
// rate or a cost.
type ItemResult struct {
	ItemID int64
	Value  float64
	// Values is how many observations of the post it comes from.
	Values int
}

// RankItemResults returns the results of the posts that obs name
// (ContentItemID), those dated (At) within [from, to], best first for a KPI
// of type t: by how much better than zero the value is (KPIType.Better),
// then by item ID. Observations of no post are left out. Counts (flows,
// cumulative counts and counted levels) add up; other kinds average.
func RankItemResults(obs []*Observation, t KPIType, from, to time.Time) []ItemResult {
	byItem := map[int64]*ItemResult{}
	var order []int64
	for _, o := range obs {
		if o.ContentItemID == 0 || o.At().Before(from) || o.At().After(to) {
			continue
		}
		r, ok := byItem[o.ContentItemID]
		if !ok {
			r = &ItemResult{ItemID: o.ContentItemID}
			byItem[o.ContentItemID] = r
			order = append(order, o.ContentItemID)
		}
		r.Value += o.Value
		r.Values++
	}
	out := make([]ItemResult, 0, len(order))
	for _, id := range order {
		r := *byItem[id]
		if !t.summable() && r.Values > 0 {
			r.Value /= float64(r.Values)
		}
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b ItemResult) int {
		if c := cmp.Compare(t.Better(0, b.Value), t.Better(0, a.Value)); c != 0 {
			return c
		}
		return cmp.Compare(a.ItemID, b.ItemID)
	})
	return out
}

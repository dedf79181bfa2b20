package plan

import (
	"slices"
	"testing"
	"time"
)

func TestRankItemResults(t *testing.T) {
	d := func(day int) time.Time { return time.Date(2026, 3, day, 0, 0, 0, 0, time.UTC) }
	obs := []*Observation{
		{ContentItemID: 1, Value: 10, Date: d(2)}, {ContentItemID: 1, Value: 5, Date: d(3)},
		{ContentItemID: 2, Value: 40, Date: d(2)},
		{ContentItemID: 3, Value: 2, Date: d(4)},
		{ContentItemID: 3, Value: 100, Date: d(20)}, // after the period
		{Value: 999, Date: d(2)},                    // about no post
	}
	clicks := KPIType{Direction: DirectionIncrease, Aggregation: AggregateFlow}
	cost := KPIType{Direction: DirectionDecrease, Aggregation: AggregateRate}
	tests := []struct {
		name string
		t    KPIType
		want []ItemResult
	}{
		// Sums by hand: item 1 10+5 = 15 from 2 values, item 2 40, item 3 2.
		{"CountHigherIsBetter", clicks, []ItemResult{{2, 40, 1}, {1, 15, 2}, {3, 2, 1}}},
		// Means by hand: item 1 (10+5)/2 = 7.5; lower is better.
		{"CostLowerIsBetter", cost, []ItemResult{{3, 2, 1}, {1, 7.5, 2}, {2, 40, 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := RankItemResults(obs, tt.t, d(1), d(10))
			if !slices.Equal(got, tt.want) {
				t.Errorf("RankItemResults = %v, want %v", got, tt.want)
			}
		})
	}
}

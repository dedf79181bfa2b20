package bot

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
)

// TestChartLegend: the legend bot hands to its ChartRenderer is the
// catalogue's, the target's number in the plan's language. These are the
// words of chart's golden files.
func TestChartLegend(t *testing.T) {
	tests := []struct {
		name               string
		lang               Lang
		target             float64
		values, goal, pace string
	}{
		{name: "EN", lang: EN, target: 480, values: "Results", goal: "Target (480)", pace: "Straight line to the target"},
		{name: "FR", lang: FR, target: 1, values: "Résultats", goal: "Cible (1)", pace: "Ligne droite vers la cible"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			values, goal, pace := chartLegend(tt.lang, plan.KPI{Goal: &plan.Goal{Target: tt.target}})
			if values != tt.values || goal != tt.goal || pace != tt.pace {
				t.Errorf("chartLegend = %q, %q, %q; want %q, %q, %q", values, goal, pace, tt.values, tt.goal, tt.pace)
			}
		})
	}
}

// TestReviewMessage_NoCharts: without a ChartRenderer the review does not
// announce charts that will never come.
func TestReviewMessage_NoCharts(t *testing.T) {
	announce := EN.T("review.charts")
	rev := reviewData{
		Plan: measurePlan(), Delivery: &plan.Delivery{Occurrence: plan.Occurrence{Firing: plan.Firing{Due: measureNow}}},
		PeriodStart: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC), KPIs: measureKPIs(),
	}
	for _, noCharts := range []bool{false, true} {
		rev.NoCharts = noCharts
		_, blocks := reviewMessage(EN, rev)
		raw, err := json.Marshal(blocks)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(string(raw), announce); got == noCharts {
			t.Errorf("NoCharts %t: announces charts %t", noCharts, got)
		}
	}
}

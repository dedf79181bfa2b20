package bot

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
)

// TestChartLegend: the legend bot hands to its ChartRenderer is the
// catalogue's, numbers in the plan's language and user text not escaped
// (a picture is not mrkdwn). These are the words of chart's golden files.
func TestChartLegend(t *testing.T) {
	tests := []struct {
		name                      string
		lang                      Lang
		k                         plan.KPIStatus
		values, goal, guide, band string
		networks                  map[plan.Network]string
	}{
		{name: "EN", lang: EN, k: plan.KPIStatus{Goal: &plan.Goal{Target: 480}},
			values: "Results", goal: "Target (480)", guide: "Expected pace", band: "Range (0 to 0)", networks: map[plan.Network]string{}},
		{name: "FR", lang: FR, k: plan.KPIStatus{Goal: &plan.Goal{Target: 12500.5}, Type: plan.KPIType{Low: 3, High: 5}},
			values: "Résultats", goal: "Cible (12\u202f500,5)", guide: "Progression attendue", band: "Fourchette (3 à 5)", networks: map[plan.Network]string{}},
		{name: "Flow", lang: EN, k: plan.KPIStatus{Goal: &plan.Goal{Target: 20}, Type: plan.KPIType{Aggregation: plan.AggregateFlow}},
			values: "Results per period", goal: "Target (20)", guide: "Expected per period", band: "Range (0 to 0)", networks: map[plan.Network]string{}},
		{name: "Networks", lang: FR, k: plan.KPIStatus{Goal: &plan.Goal{Target: 3}, Chart: plan.KPIChart{Lines: []plan.ChartLine{{Network: plan.NetworkNewsletter}}}},
			values: "Résultats", goal: "Cible (3)", guide: "Progression attendue", band: "Fourchette (0 à 0)",
			networks: map[plan.Network]string{plan.NetworkNewsletter: "Newsletter"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := chartLegend(tt.lang, tt.k)
			if l.Values != tt.values || l.Target != tt.goal || l.Guide != tt.guide || l.Band != tt.band || !reflect.DeepEqual(l.Networks, tt.networks) {
				t.Errorf("chartLegend = %+v; want %q, %q, %q, %q, %v", l, tt.values, tt.goal, tt.guide, tt.band, tt.networks)
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

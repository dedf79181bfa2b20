package bot

import (
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
)

// The axes of a chart write dates and numbers as the reader does (issue
// 15: ISO dates, and "3.5" on the French axis beside "3,5" in its legend).
func TestChartLegendFormats(t *testing.T) {
	k := plan.KPIStatus{Goal: &plan.Goal{Target: 3.5, Deadline: time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC)}}
	tests := []struct {
		lang                 Lang
		feb2, mar1, num, ddl string
	}{
		{EN, "Feb 2", "Mar 1", "12,500.5", "Deadline: Mar 31, 2027"},
		{FR, "2\u00a0févr.", "1er\u00a0mars", "12\u202f500,5", "Échéance\u202f: 31\u00a0mars 2027"},
	}
	for _, tt := range tests {
		l := chartLegend(tt.lang, k)
		if got := l.Date(time.Date(2026, 2, 2, 0, 0, 0, 0, time.UTC)); got != tt.feb2 {
			t.Errorf("%s: Feb 2 reads %q, want %q", tt.lang, got, tt.feb2)
		}
		if got := l.Date(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)); got != tt.mar1 {
			t.Errorf("%s: Mar 1 reads %q, want %q", tt.lang, got, tt.mar1)
		}
		if got := l.Number(12500.5); got != tt.num {
			t.Errorf("%s: 12500.5 reads %q, want %q", tt.lang, got, tt.num)
		}
		if l.Deadline != tt.ddl || l.Today == "" {
			t.Errorf("%s: deadline %q, today %q; want %q", tt.lang, l.Deadline, l.Today, tt.ddl)
		}
		// The axis and the legend write the target alike.
		if want := tt.lang.T("chart.target", l.Number(3.5)); l.Target != want {
			t.Errorf("%s: legend %q, want %q", tt.lang, l.Target, want)
		}
	}
}

// Issue 15: on a goal's first day the summary read "On track · 10.0% of
// the way, 0.0% expected by then". It now says what the straight line
// expects, in the KPI's unit: on day one, the baseline.
func TestKPIPaceSummary(t *testing.T) {
	k := plan.KPIStatus{
		Goal: &plan.Goal{Baseline: 120, Target: 480, Unit: "signups"}, HasData: true, Pace: plan.PaceOnTrack,
		Type:     plan.KPIType{Direction: plan.DirectionIncrease, Aggregation: plan.AggregateLevel, Count: true},
		Progress: 10, Expected: 0, ExpectedValue: 120,
	}
	for lang, want := range map[Lang]string{
		EN: "10.0% of the way; the straight line expects 120 signups today",
		FR: "la ligne droite prévoit 120\u00a0signups aujourd'hui",
	} {
		got := kpiPace(lang, k)
		mustHave(t, got, want)
		if strings.Contains(got, " 0.0%") || strings.Contains(got, " 0,0") {
			t.Errorf("%s: %q still expects 0.0 %%", lang, got)
		}
	}
}

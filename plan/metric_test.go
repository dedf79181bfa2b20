package plan_test

import (
	"testing"

	"github.com/planbot/planbot/plan"
)

func TestPlanMetrics(t *testing.T) {
	goals := []*plan.Goal{
		{ID: 1, Kind: plan.GoalLeads, Metric: "Newsletter  signups", Unit: "signups"},
		{ID: 2, Kind: plan.GoalSales, Metric: "newsletter signups"},
		{ID: 3, Kind: plan.GoalAwareness, Metric: "Press articles"},
	}
	stored := []*plan.Metric{{ID: 9, Name: "press articles", Kind: plan.MetricCount}}
	got := plan.PlanMetrics(goals, stored)
	if len(got) != 2 {
		t.Fatalf("metrics %+v", got)
	}
	press, signups := got[0], got[1]
	if press.ID != 9 || press.Kind != plan.MetricCount || press.GoalKind != plan.GoalAwareness || !equalSlices(press.GoalIDs, []int64{3}) {
		t.Errorf("stored metric %+v", press)
	}
	if signups.ID != 0 || signups.Name != "Newsletter signups" || signups.Kind != plan.MetricLevel || signups.Unit != "signups" ||
		signups.GoalKind != plan.GoalLeads || !equalSlices(signups.GoalIDs, []int64{1, 2}) {
		t.Errorf("goal metric %+v", signups)
	}
	if stored[0].GoalKind != "" || stored[0].GoalIDs != nil {
		t.Error("PlanMetrics changed the stored metric")
	}
	if plan.FindMetric(got, " NEWSLETTER signups ") != signups || plan.FindMetric(got, "followers") != nil {
		t.Error("FindMetric")
	}
}

func TestMetricValidate(t *testing.T) {
	ok := plan.Metric{Name: "followers", Kind: plan.MetricLevel, GoalKind: plan.GoalCommunity}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		edit  func(m *plan.Metric)
		field string
	}{
		{"ErrNameRequired", func(m *plan.Metric) { m.Name = "" }, "name"},
		{"ErrKind", func(m *plan.Metric) { m.Kind = "sum" }, "kind"},
		{"ErrGoalKind", func(m *plan.Metric) { m.GoalKind = "fame" }, "goal_kind"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := ok
			tt.edit(&m)
			if fe := plan.ErrorFields(m.Validate()); len(fe) != 1 || fe[0].Field != tt.field {
				t.Errorf("errors %v, want one on %s", fe, tt.field)
			}
		})
	}
}

func TestValidateObservations(t *testing.T) {
	today := day(2026, 3, 31)
	metrics := []*plan.Metric{{Name: "followers", Kind: plan.MetricLevel}}
	obs := []*plan.Observation{
		{Metric: "Followers", Value: 1, Date: today},
		{Metric: "mentions", Value: 1, Date: today, Link: "javascript:alert(1)"},
		{Metric: "reach", Network: "myspace", Value: 1, Date: today, Mention: "rumour"},
	}
	re := plan.ValidateObservations(obs, []int{4, 7, 9}, metrics, today)
	want := []plan.RowError{
		{Row: 7, Field: "link", Key: "observation.link.invalid", Value: "javascript:alert(1)"},
		{Row: 9, Field: "network", Key: "observation.network.invalid", Value: "myspace"},
		{Row: 9, Field: "mention", Key: "observation.mention.invalid"},
		{Row: 9, Field: "metric", Key: "observation.metric.unknown", Value: "reach"},
	}
	if len(re) != len(want) {
		t.Fatalf("errors %+v", re)
	}
	for i := range want {
		if re[i] != want[i] {
			t.Errorf("error %d = %+v, want %+v", i, re[i], want[i])
		}
	}
}

package plan_test

import (
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
)

func TestHolistic(t *testing.T) {
	from := day(2026, 3, 1)
	goals := []*plan.Goal{{ID: 1, Kind: plan.GoalLeads, Metric: "signups"}}
	metrics := plan.PlanMetrics(goals, []*plan.Metric{
		{ID: 1, Name: "mentions", Kind: plan.MetricCount, GoalKind: plan.GoalAwareness},
		{ID: 2, Name: "followers", Kind: plan.MetricLevel, GoalKind: plan.GoalAwareness},
		{ID: 3, Name: "notes", Kind: plan.MetricCount}, // tells about no kind of goal
	})
	o := func(metric string, n plan.Network, v float64, d time.Time) *plan.Observation {
		return &plan.Observation{Metric: metric, Network: n, Value: v, Date: d}
	}
	insta := &plan.Channel{ID: 1, Network: plan.NetworkInstagram, Role: plan.GoalAwareness}
	x := &plan.Channel{ID: 2, Network: plan.NetworkX, Role: plan.GoalAwareness}
	linkedin := &plan.Channel{ID: 3, Network: plan.NetworkLinkedIn, Role: plan.GoalLeads}
	in := plan.HolisticInput{
		Metrics: metrics, From: from, Channels: []*plan.Channel{insta, x, linkedin},
		Observations: []*plan.Observation{
			o("mentions", plan.NetworkInstagram, 6, day(2026, 3, 2)),
			o("mentions", plan.NetworkX, 2, day(2026, 3, 3)),
			o("mentions", plan.NetworkX, 50, day(2026, 2, 20)), // before the period
			o("mentions", "", 9, day(2026, 3, 3)),              // no network
			o("followers", plan.NetworkInstagram, 1000, day(2026, 2, 27)),
			o("followers", plan.NetworkInstagram, 1300, day(2026, 3, 20)), // +300 over the period
			o("followers", plan.NetworkX, 500, day(2026, 3, 2)),
			o("followers", plan.NetworkX, 600, day(2026, 3, 25)), // +100, from its first value
			o("followers", plan.NetworkLinkedIn, 90, day(2026, 3, 2)),
			o("followers", plan.NetworkLinkedIn, 80, day(2026, 3, 25)), // fell: counts 0
			o("signups", plan.NetworkLinkedIn, 30, day(2026, 2, 25)),
			o("signups", plan.NetworkLinkedIn, 40, day(2026, 3, 10)), // a level: +10
			o("notes", plan.NetworkTikTok, 3, day(2026, 3, 10)),
		},
		Replies: []plan.NetworkReplyStats{{Network: plan.NetworkX, Count: 9}, {Network: plan.NetworkInstagram, Count: 1}},
	}
	m := plan.Holistic(in)

	wantNetworks := []plan.Network{plan.NetworkInstagram, plan.NetworkLinkedIn, plan.NetworkX}
	wantKinds := []plan.GoalKind{plan.GoalAwareness, plan.GoalLeads, plan.GoalCustomerService}
	if !equalSlices(m.Networks, wantNetworks) || !equalSlices(m.Kinds, wantKinds) || !equalSlices(m.Sources, []int{2, 1, 1}) {
		t.Fatalf("networks %v kinds %v sources %v", m.Networks, m.Kinds, m.Sources)
	}
	tests := []struct {
		n     plan.Network
		k     plan.GoalKind
		share float64
	}{
		// Awareness: mentions 6/8 and 2/8, followers 300/400 and 100/400.
		{plan.NetworkInstagram, plan.GoalAwareness, (0.75 + 0.75) / 2},
		{plan.NetworkX, plan.GoalAwareness, (0.25 + 0.25) / 2},
		{plan.NetworkLinkedIn, plan.GoalAwareness, 0},
		{plan.NetworkLinkedIn, plan.GoalLeads, 1},
		{plan.NetworkX, plan.GoalCustomerService, 0.9},
		{plan.NetworkInstagram, plan.GoalCustomerService, 0.1},
	}
	for _, tt := range tests {
		cell, ok := m.Cell(tt.n, tt.k)
		if !ok || !near(cell.Share, tt.share) {
			t.Errorf("%s x %s: %+v, %v; want share %v", tt.n, tt.k, cell, ok, tt.share)
		}
	}
	if _, ok := m.Cell(plan.NetworkTikTok, plan.GoalAwareness); ok {
		t.Error("a network with only metrics of no kind is in the matrix")
	}

	// X was chosen for awareness and does customer service: the finding.
	if len(m.Findings) != 1 {
		t.Fatalf("findings %+v, want X for customer service", m.Findings)
	}
	f := m.Findings[0]
	if f.Channel != x || f.Kind != plan.GoalCustomerService || !near(f.Share, 0.9) || !near(f.RoleShare, 0.25) {
		t.Errorf("finding %+v", f)
	}

	t.Run("TooFewReplies", func(t *testing.T) {
		few := in
		few.Replies = []plan.NetworkReplyStats{{Network: plan.NetworkX, Count: 2}}
		if got := plan.Holistic(few).Findings; len(got) != 0 {
			t.Errorf("findings from 2 replies: %+v", got)
		}
	})
	t.Run("RoleMatches", func(t *testing.T) {
		served := in
		xcs := *x
		xcs.Role = plan.GoalCustomerService
		served.Channels = []*plan.Channel{insta, &xcs, linkedin}
		if got := plan.Holistic(served).Findings; len(got) != 0 {
			t.Errorf("findings though X serves customer service already: %+v", got)
		}
	})
	t.Run("Empty", func(t *testing.T) {
		e := plan.Holistic(plan.HolisticInput{Channels: []*plan.Channel{insta}})
		if len(e.Kinds) != 0 || len(e.Findings) != 0 || len(e.Networks) != 1 {
			t.Errorf("empty matrix %+v", e)
		}
	})
	t.Run("NetworkFigures", func(t *testing.T) {
		figs := plan.NetworkFigures(metrics, in.Observations, from, plan.NetworkInstagram)
		if len(figs) != 2 || figs[0].Metric.Name != "mentions" || figs[0].Value != 6 || !near(figs[0].Share, 0.75) ||
			figs[1].Metric.Name != "followers" || figs[1].Value != 300 {
			t.Errorf("figures %+v", figs)
		}
	})
}

func equalSlices[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

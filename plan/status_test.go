package plan_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
)

func TestSMARTProblems(t *testing.T) {
	today := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	smart := plan.Goal{Metric: "signups", Baseline: 1, Target: 2, Deadline: today.AddDate(0, 1, 0)}
	tests := []struct {
		name string
		edit func(g *plan.Goal)
		want []string
	}{
		{name: "SMART", edit: func(*plan.Goal) {}},
		{name: "DeadlineToday", edit: func(g *plan.Goal) { g.Deadline = today }},
		{name: "NoMetric", edit: func(g *plan.Goal) { g.Metric = "" }, want: []string{"status.smart.metric"}},
		{name: "SameTarget", edit: func(g *plan.Goal) { g.Target = g.Baseline }, want: []string{"status.smart.target"}},
		{name: "NoDeadline", edit: func(g *plan.Goal) { g.Deadline = time.Time{} }, want: []string{"status.smart.deadline"}},
		{name: "Passed", edit: func(g *plan.Goal) { g.Deadline = today.AddDate(0, 0, -1) }, want: []string{"status.smart.deadline_passed"}},
		{name: "All", edit: func(g *plan.Goal) { g.Metric, g.Target, g.Deadline = "", 1, time.Time{} },
			want: []string{"status.smart.metric", "status.smart.target", "status.smart.deadline"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := smart
			tt.edit(&g)
			if got := plan.SMARTProblems(&g, today); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("SMARTProblems = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestComputeProgress(t *testing.T) {
	today := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	now := today.Add(12 * time.Hour)
	states := func(p plan.Progress) []plan.StepState {
		var out []plan.StepState
		for _, s := range p.Steps {
			out = append(out, s.State)
		}
		return out
	}
	N, I, D := plan.StepNotStarted, plan.StepInProgress, plan.StepDone

	t.Run("Empty", func(t *testing.T) {
		p := plan.ComputeProgress(plan.Snapshot{Today: today, Now: now})
		if got, want := states(p), []plan.StepState{N, N, N, N, N, N, N, N, N}; !reflect.DeepEqual(got, want) {
			t.Fatalf("states %v, want %v", got, want)
		}
		if p.Done() != 0 || len(p.NotStarted()) != 9 || p.NotStarted()[8] != "review" {
			t.Fatalf("done %d, not started %v", p.Done(), p.NotStarted())
		}
		for i, s := range p.Steps {
			if s.Number != i+1 || s.Step != plan.Steps[i] || len(s.Problems) != 0 {
				t.Errorf("step %d: %+v", i, s)
			}
		}
	})

	goal := &plan.Goal{ID: 1, Title: "Newsletter", Metric: "signups", Baseline: 1, Target: 2, Deadline: today.AddDate(0, 1, 0)}
	stale := &plan.Goal{ID: 2, Title: "Old launch", Metric: "sales", Baseline: 1, Target: 2, Deadline: today.AddDate(0, 0, -1)}
	sophie := &plan.Persona{ID: 1, Name: "Sophie"}
	marc := &plan.Persona{ID: 2, Name: "Marc"}
	late := &plan.ContentItem{ID: 5, Title: "Teaser", PublishAt: now.Add(-time.Hour), Status: plan.ContentDraft}

	t.Run("InProgress", func(t *testing.T) {
		p := plan.ComputeProgress(plan.Snapshot{
			Today: today, Now: now,
			Goals:        []*plan.Goal{goal, stale},
			Personas:     []*plan.Persona{sophie, marc},
			Strategy:     &plan.Strategy{},
			Pillars:      []*plan.Pillar{{ID: 1, Name: "Recipes"}},
			ContentItems: 3,
			LateItems:    []*plan.ContentItem{late},
			LateTotal:    2,
			CTAs:         []*plan.CTA{{ID: 1, GoalID: 1, Text: "Sign up"}, {ID: 2, GoalID: 0, Text: "Orphan"}},
			Channels: []*plan.Channel{
				{ID: 1, Network: plan.NetworkInstagram, PersonaIDs: []int64{1}},
				{ID: 2, Network: plan.NetworkBlog},
			},
			Experiments: 1,
		})
		if got, want := states(p), []plan.StepState{I, D, I, I, I, D, N, N, N}; !reflect.DeepEqual(got, want) {
			t.Fatalf("states %v, want %v", got, want)
		}
		want := map[string][]plan.Problem{
			"goals":    {{Key: "status.goals.not_smart", Names: []string{"Old launch"}, Total: 1}},
			"content":  {{Key: "status.content.no_voice", Total: 1}, {Key: "status.content.late", Names: []string{"Teaser"}, Total: 2}},
			"cta":      {{Key: "status.cta.goals_without", Names: []string{"Old launch"}, Total: 1}, {Key: "status.cta.no_goal", Names: []string{"Orphan"}, Total: 1}},
			"channels": {{Key: "status.channels.unreached", Names: []string{"Marc"}, Total: 1}, {Key: "status.channels.unused", Names: []string{"blog"}, Total: 1}},
		}
		for _, s := range p.Steps {
			if !reflect.DeepEqual(s.Problems, want[s.Step]) {
				t.Errorf("%s problems %+v, want %+v", s.Step, s.Problems, want[s.Step])
			}
		}
		if p.Steps[2].Count != 4 { // a pillar and three items
			t.Errorf("content count %d, want 4", p.Steps[2].Count)
		}
		if len(p.Fit.Unreached) != 1 || p.Fit.Unreached[0] != marc {
			t.Errorf("fit unreached %v", p.Fit.Unreached)
		}
	})

	t.Run("GoalsWithoutCTAWhenNoCTA", func(t *testing.T) {
		p := plan.ComputeProgress(plan.Snapshot{Today: today, Now: now, Goals: []*plan.Goal{goal}})
		cta := p.Steps[3]
		if cta.State != plan.StepNotStarted || len(cta.Problems) != 1 || cta.Problems[0].Key != "status.cta.goals_without" {
			t.Fatalf("cta step %+v", cta)
		}
		if p.Steps[0].State != plan.StepDone || p.Done() != 1 {
			t.Fatalf("goals step %+v", p.Steps[0])
		}
	})

	t.Run("Done", func(t *testing.T) {
		p := plan.ComputeProgress(plan.Snapshot{
			Today: today, Now: now,
			Goals:        []*plan.Goal{goal},
			Personas:     []*plan.Persona{sophie},
			Strategy:     &plan.Strategy{Voice: "Warm"},
			Pillars:      []*plan.Pillar{{ID: 1}},
			ContentItems: 1,
			CTAs:         []*plan.CTA{{GoalID: 1}},
			Channels:     []*plan.Channel{{Network: plan.NetworkInstagram, PersonaIDs: []int64{1}}},
			Experiments:  1, Engagements: 2, Observations: 3, Reviews: 4,
		})
		if p.Done() != 9 || len(p.NotStarted()) != 0 {
			t.Fatalf("states %v", states(p))
		}
	})

	// A persona that only stopped networks were chosen for is unreached,
	// and step 5 is not done; a stopped network is not "chosen for no one".
	t.Run("StoppedNetworksReachNoOne", func(t *testing.T) {
		p := plan.ComputeProgress(plan.Snapshot{
			Today: today, Now: now,
			Personas: []*plan.Persona{sophie, marc},
			Channels: []*plan.Channel{
				{ID: 1, Network: plan.NetworkInstagram, PersonaIDs: []int64{1}},
				{ID: 2, Network: plan.NetworkX, PersonaIDs: []int64{2}, Status: plan.ChannelStopped},
				{ID: 3, Network: plan.NetworkBlog, Status: plan.ChannelStopped},
			},
		})
		channels := p.Steps[4]
		want := []plan.Problem{{Key: "status.channels.unreached", Names: []string{"Marc"}, Total: 1}}
		if channels.State != plan.StepInProgress || channels.Count != 3 || !reflect.DeepEqual(channels.Problems, want) {
			t.Fatalf("channels step %+v, want in progress with %+v", channels, want)
		}
	})
}

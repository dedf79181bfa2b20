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
				{ID: 1, Network: plan.NetworkInstagram, PersonaIDs: []int64{1}, Cadence: "daily"},
				{ID: 2, Network: plan.NetworkBlog},
			},
			Experiments: 1,
		})
		if got, want := states(p), []plan.StepState{I, I, I, I, I, D, N, N, N}; !reflect.DeepEqual(got, want) {
			t.Fatalf("states %v, want %v", got, want)
		}
		want := map[string][]plan.Problem{
			"goals":    {{Key: "status.goals.not_smart", Names: []string{"Old launch"}, Total: 1}},
			"content":  {{Key: "status.content.no_voice", Total: 1}, {Key: "status.content.late", Names: []string{"Teaser"}, Total: 2}},
			"cta":      {{Key: "status.cta.goals_without", Names: []string{"Old launch"}, Total: 1}, {Key: "status.cta.no_goal", Names: []string{"Orphan"}, Total: 1}},
			"audience": {{Key: "status.channels.unreached", Names: []string{"Marc"}, Total: 1}},
			"channels": {{Key: "status.channels.unused", Names: []string{"blog"}, Total: 1}, {Key: "status.channels.no_cadence", Names: []string{"blog"}, Total: 1}},
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
			Channels:     []*plan.Channel{{Network: plan.NetworkInstagram, PersonaIDs: []int64{1}, Cadence: "3 posts a week"}},
			Experiments:  1, Engagements: 2, Observations: 3, Reviews: 4,
			PeriodStart: now.AddDate(0, 0, -30), LastDecision: now.AddDate(0, 0, -3),
		})
		if p.Done() != 9 || len(p.NotStarted()) != 0 {
			t.Fatalf("states %v", states(p))
		}
	})

	// A persona that only stopped networks were chosen for is unreached,
	// and step 2 is not done; a stopped network is not "chosen for no one"
	// and needs no cadence.
	t.Run("StoppedNetworksReachNoOne", func(t *testing.T) {
		p := plan.ComputeProgress(plan.Snapshot{
			Today: today, Now: now,
			Personas: []*plan.Persona{sophie, marc},
			Channels: []*plan.Channel{
				{ID: 1, Network: plan.NetworkInstagram, PersonaIDs: []int64{1}, Cadence: "daily"},
				{ID: 2, Network: plan.NetworkX, PersonaIDs: []int64{2}, Status: plan.ChannelStopped},
				{ID: 3, Network: plan.NetworkBlog, Status: plan.ChannelStopped},
			},
		})
		audience := p.Steps[1]
		want := []plan.Problem{{Key: "status.channels.unreached", Names: []string{"Marc"}, Total: 1}}
		if audience.State != plan.StepInProgress || audience.Count != 2 || !reflect.DeepEqual(audience.Problems, want) {
			t.Fatalf("audience step %+v, want in progress with %+v", audience, want)
		}
		if channels := p.Steps[4]; channels.State != plan.StepDone || channels.Count != 3 {
			t.Fatalf("channels step %+v, want done", channels)
		}
	})
}

// A step is done when it meets its bar, not when it has an entry: each
// row breaks one bar of a plan that meets them all, and names the step
// and the problem that says why.
func TestComputeProgress_Bars(t *testing.T) {
	today := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	now := today.Add(12 * time.Hour)
	goal := &plan.Goal{ID: 1, Title: "Newsletter", Metric: "signups", Baseline: 1, Target: 2, Deadline: today.AddDate(0, 1, 0)}
	good := func() plan.Snapshot {
		return plan.Snapshot{
			Today: today, Now: now,
			Goals:        []*plan.Goal{goal},
			Personas:     []*plan.Persona{{ID: 1, Name: "Sophie"}},
			Strategy:     &plan.Strategy{Voice: "Warm"},
			Pillars:      []*plan.Pillar{{ID: 1}},
			ContentItems: 1,
			CTAs:         []*plan.CTA{{GoalID: 1}},
			Channels:     []*plan.Channel{{Network: plan.NetworkInstagram, PersonaIDs: []int64{1}, Cadence: "daily"}},
			Experiments:  1, Engagements: 2, Observations: 3, Reviews: 4,
			PeriodStart: now.AddDate(0, -1, 0), LastDecision: now.AddDate(0, 0, -3),
		}
	}
	tests := []struct {
		name string
		edit func(s *plan.Snapshot)
		step int // 1 to 9
		want plan.Problem
	}{
		{name: "PersonaNotReached", step: 2,
			edit: func(s *plan.Snapshot) { s.Personas = append(s.Personas, &plan.Persona{ID: 2, Name: "Marc"}) },
			want: plan.Problem{Key: "status.channels.unreached", Names: []string{"Marc"}, Total: 1}},
		{name: "NetworkWithoutCadence", step: 5,
			edit: func(s *plan.Snapshot) { s.Channels[0].Cadence = "" },
			want: plan.Problem{Key: "status.channels.no_cadence", Names: []string{"instagram"}, Total: 1}},
		{name: "ExperimentPastItsEnd", step: 6,
			edit: func(s *plan.Snapshot) {
				s.OverdueExperiments = []*plan.Experiment{{Name: "Question or statement"}}
			},
			want: plan.Problem{Key: "status.experiment.overdue", Names: []string{"Question or statement"}, Total: 1}},
		// Issue 15: "Engage · done" with a reply 11 days overdue.
		{name: "ReplyOverdue", step: 7,
			edit: func(s *plan.Snapshot) { s.OverdueReplies, s.OldestDue = 1, now.Add(-11*24*time.Hour) },
			want: plan.Problem{Key: "status.engage.overdue", Total: 1, Age: 11 * 24 * time.Hour}},
		{name: "ReviewMissed", step: 8,
			edit: func(s *plan.Snapshot) { s.ReviewMissed = true },
			want: plan.Problem{Key: "status.measure.review_missed", Total: 1}},
		{name: "NoDecisionThisPeriod", step: 9,
			edit: func(s *plan.Snapshot) { s.LastDecision = now.AddDate(0, -2, 0) },
			want: plan.Problem{Key: "status.review.stale", Total: 1, Since: now.AddDate(0, -2, 0)}},
	}
	if p := plan.ComputeProgress(good()); p.Done() != 9 {
		t.Fatalf("the good plan has %d steps done, want 9: %+v", p.Done(), p.Steps)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := good()
			s.Channels = []*plan.Channel{{Network: plan.NetworkInstagram, PersonaIDs: []int64{1}, Cadence: "daily"}}
			tt.edit(&s)
			p := plan.ComputeProgress(s)
			if p.Done() != 8 {
				t.Errorf("%d steps done, want 8", p.Done())
			}
			st := p.Steps[tt.step-1]
			if st.State != plan.StepInProgress || !reflect.DeepEqual(st.Problems, []plan.Problem{tt.want}) {
				t.Errorf("step %d %+v, want in progress with %+v", tt.step, st, tt.want)
			}
		})
	}
}

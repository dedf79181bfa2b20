package templates_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/templates"
)

// store is an in-memory stand-in for the storage services: it validates
// as storage does, checks references, and hands out IDs that are not
// indexes (100, 107, 114, ...), so a reference set from an index shows.
type store struct {
	plan.GoalService
	plan.PersonaService
	plan.StrategyService
	plan.CTAService
	plan.ChannelService

	nextID   int64
	goals    map[int64]*plan.Goal
	personas map[int64]*plan.Persona
	strategy *plan.Strategy
	pillars  []*plan.Pillar
	ctas     []*plan.CTA
	channels []*plan.Channel
	failOn   string // the persona name whose creation fails
}

func newStore() *store {
	return &store{nextID: 100, goals: map[int64]*plan.Goal{}, personas: map[int64]*plan.Persona{}}
}

func (s *store) services() templates.Services {
	return templates.Services{Goals: s, Personas: s, Strategy: s, CTAs: s, Channels: s}
}

func (s *store) id() int64 { id := s.nextID; s.nextID += 7; return id }

func (s *store) checkPersonas(ids []int64) error {
	for _, id := range ids {
		if s.personas[id] == nil {
			return plan.Invalid("personas", "personas.invalid", "unknown persona")
		}
	}
	return nil
}

func (s *store) CreateGoal(_ context.Context, g *plan.Goal) error {
	if err := g.Validate(plan.Today(now, time.UTC), true); err != nil {
		return err
	}
	g.ID = s.id()
	c := *g
	s.goals[g.ID] = &c
	return nil
}

func (s *store) CreatePersona(_ context.Context, p *plan.Persona) error {
	if p.Name == s.failOn {
		return plan.Invalid("name", "persona.name.taken", "taken")
	}
	if err := p.Validate(); err != nil {
		return err
	}
	p.ID = s.id()
	c := *p
	s.personas[p.ID] = &c
	return nil
}

func (s *store) UpdateStrategy(_ context.Context, st *plan.Strategy) error {
	c := *st
	s.strategy = &c
	return st.Validate()
}

func (s *store) CreatePillar(_ context.Context, p *plan.Pillar) error {
	if err := errors.Join(p.Validate(), s.checkPersonas(p.PersonaIDs)); err != nil {
		return err
	}
	p.ID = s.id()
	c := *p
	s.pillars = append(s.pillars, &c)
	return nil
}

func (s *store) CreateCTA(_ context.Context, c *plan.CTA) error {
	if err := c.Validate(); err != nil {
		return err
	}
	if s.goals[c.GoalID] == nil {
		return plan.Invalid("goal", "cta.goal.required", "unknown goal")
	}
	c.ID = s.id()
	cp := *c
	s.ctas = append(s.ctas, &cp)
	return nil
}

func (s *store) CreateChannel(_ context.Context, c *plan.Channel) error {
	if err := errors.Join(c.Validate(), s.checkPersonas(c.PersonaIDs)); err != nil {
		return err
	}
	c.ID = s.id()
	cp := *c
	s.channels = append(s.channels, &cp)
	return nil
}

func TestApply(t *testing.T) {
	for _, lang := range templates.Languages {
		for _, id := range ids(t) {
			t.Run(id+"."+lang, func(t *testing.T) {
				tpl := MustLoad(t, id, lang)
				s := newStore()
				if err := tpl.Apply(context.Background(), 42, "U123", s.services()); err != nil {
					t.Fatalf("Apply: %v", err)
				}
				if len(s.goals) != len(tpl.Goals) || len(s.personas) != len(tpl.Personas) || len(s.pillars) != len(tpl.Pillars) ||
					len(s.ctas) != len(tpl.CTAs) || len(s.channels) != len(tpl.Channels) || s.strategy == nil {
					t.Fatalf("stored %d goals, %d personas, %d pillars, %d CTAs, %d networks, strategy %v",
						len(s.goals), len(s.personas), len(s.pillars), len(s.ctas), len(s.channels), s.strategy)
				}
				for _, g := range s.goals {
					if g.PlanID != 42 || g.CreatedBy != "U123" || g.OwnerID != "" {
						t.Errorf("goal %q: plan %d, created by %q, owner %q", g.Title, g.PlanID, g.CreatedBy, g.OwnerID)
					}
				}
				if s.strategy.PlanID != 42 || s.strategy.Voice != tpl.Strategy.Voice {
					t.Errorf("strategy stored as %+v", s.strategy)
				}
				// References point to the stored entities the template's
				// indexes name.
				names := func(ids []int64) []string {
					var out []string
					for _, id := range ids {
						out = append(out, s.personas[id].Name)
					}
					return out
				}
				indexed := func(idx []int) []string {
					var out []string
					for _, i := range idx {
						out = append(out, tpl.Personas[i].Name)
					}
					slices.Sort(out)
					return out
				}
				for i, p := range s.pillars {
					got := names(p.PersonaIDs)
					slices.Sort(got)
					if want := indexed(tpl.Pillars[i].Personas); !slices.Equal(got, want) || p.PlanID != 42 || p.CreatedBy != "U123" {
						t.Errorf("pillar %q speaks to %v, want %v", p.Name, got, want)
					}
				}
				for i, c := range s.ctas {
					if got, want := s.goals[c.GoalID].Title, tpl.Goals[tpl.CTAs[i].Goal].Goal.Title; got != want {
						t.Errorf("call to action %q serves %q, want %q", c.Text, got, want)
					}
				}
				for i, c := range s.channels {
					got := names(c.PersonaIDs)
					slices.Sort(got)
					if want := indexed(tpl.Channels[i].Personas); !slices.Equal(got, want) {
						t.Errorf("network %s reaches %v, want %v", c.Network, got, want)
					}
				}
			})
		}
	}
}

// Apply stops at the first error and says which entity failed; what was
// stored before stays (it is not one transaction).
func TestApplyStopsAtFirstError(t *testing.T) {
	tpl := MustLoad(t, "bakery", "en")
	s := newStore()
	s.failOn = tpl.Personas[1].Name
	err := tpl.Apply(context.Background(), 42, "U123", s.services())
	if plan.ErrorCode(err) != plan.EINVALID {
		t.Fatalf("Apply = %v, want EINVALID", err)
	}
	if len(s.goals) != len(tpl.Goals) || len(s.personas) != 1 || s.strategy != nil || len(s.pillars)+len(s.ctas)+len(s.channels) != 0 {
		t.Fatalf("stored %d goals, %d personas, strategy %v, %d pillars, %d CTAs, %d networks",
			len(s.goals), len(s.personas), s.strategy, len(s.pillars), len(s.ctas), len(s.channels))
	}
}

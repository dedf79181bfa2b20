package templates

import (
	"context"
	"fmt"

	"github.com/planbot/planbot/plan"
)

// Services are the plan services a template is stored through. Only their
// Create methods, and UpdateStrategy, are called.
type Services struct {
	Goals    plan.GoalService
	Personas plan.PersonaService
	Strategy plan.StrategyService
	CTAs     plan.CTAService
	Channels plan.ChannelService
}

// Apply stores t in the plan planID on behalf of the user in ctx
// (plan.NewContextWithUser), who becomes CreatedBy of every entity: goals,
// personas, the strategy's voice and tone, pillars, calls to action and
// networks, in that order, so that each reference points to a stored ID.
// It fills the IDs of t's entities. Goals are left without an owner: the
// team names one when it edits them.
//
// Apply is meant for a new plan. It is not one transaction: it stops at
// the first error and returns it wrapped (EFORBIDDEN for a user who may
// not change the plan, FieldErrors for a persona name or a network the
// plan has already), and what was stored before stays. It replaces the
// plan's voice and tone. A Template is applied once; Load another to
// apply it again.
func (t *Template) Apply(ctx context.Context, planID int64, userID string, s Services) error {
	for _, g := range t.Goals {
		g.Goal.PlanID, g.Goal.CreatedBy = planID, userID
		if err := s.Goals.CreateGoal(ctx, g.Goal); err != nil {
			return fmt.Errorf("template %s: create goal %q: %w", t.ID, g.Goal.Title, err)
		}
	}
	for _, p := range t.Personas {
		p.PlanID, p.CreatedBy = planID, userID
		if err := s.Personas.CreatePersona(ctx, p); err != nil {
			return fmt.Errorf("template %s: create persona %q: %w", t.ID, p.Name, err)
		}
	}
	if t.Strategy.Voice != "" || t.Strategy.Tone != "" {
		t.Strategy.PlanID = planID
		if err := s.Strategy.UpdateStrategy(ctx, t.Strategy); err != nil {
			return fmt.Errorf("template %s: update strategy: %w", t.ID, err)
		}
	}
	for _, p := range t.Pillars {
		p.Pillar.PlanID, p.Pillar.CreatedBy = planID, userID
		p.Pillar.PersonaIDs = t.personaIDs(p.Personas)
		if err := s.Strategy.CreatePillar(ctx, p.Pillar); err != nil {
			return fmt.Errorf("template %s: create pillar %q: %w", t.ID, p.Pillar.Name, err)
		}
	}
	for _, c := range t.CTAs {
		c.CTA.PlanID, c.CTA.CreatedBy = planID, userID
		c.CTA.GoalID = t.Goals[c.Goal].Goal.ID
		if err := s.CTAs.CreateCTA(ctx, c.CTA); err != nil {
			return fmt.Errorf("template %s: create call to action %q: %w", t.ID, c.CTA.Text, err)
		}
	}
	for _, c := range t.Channels {
		c.Channel.PlanID, c.Channel.CreatedBy = planID, userID
		c.Channel.PersonaIDs = t.personaIDs(c.Personas)
		if err := s.Channels.CreateChannel(ctx, c.Channel); err != nil {
			return fmt.Errorf("template %s: create network %q: %w", t.ID, c.Channel.Network, err)
		}
	}
	return nil
}

// personaIDs returns the stored IDs of the personas at idx.
func (t *Template) personaIDs(idx []int) []int64 {
	var out []int64
	for _, i := range idx {
		out = append(out, t.Personas[i].ID)
	}
	return out
}

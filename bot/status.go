package bot

import (
	"context"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// /plan status: the nine steps with what is done and what is missing.

// progress computes the progress of the nine steps of p. Steps 6 to 9
// count when their services are wired.
func (b *Bot) progress(ctx context.Context, p *plan.Plan) (plan.Progress, error) {
	now := b.Now()
	s := plan.Snapshot{Today: plan.Today(now, p.Location()), Now: now}
	var err error
	if s.Goals, _, err = b.Goals.FindGoals(ctx, plan.GoalFilter{PlanID: &p.ID}); err != nil {
		return plan.Progress{}, err
	}
	if s.Personas, _, err = b.Personas.FindPersonas(ctx, plan.PersonaFilter{PlanID: &p.ID}); err != nil {
		return plan.Progress{}, err
	}
	if s.Strategy, err = b.Strategy.FindStrategy(ctx, p.ID); err != nil {
		return plan.Progress{}, err
	}
	if s.Pillars, _, err = b.Strategy.FindPillars(ctx, plan.PillarFilter{PlanID: &p.ID}); err != nil {
		return plan.Progress{}, err
	}
	if _, s.ContentItems, err = b.Content.FindContentItems(ctx, plan.ContentFilter{PlanID: &p.ID, Limit: 1}); err != nil {
		return plan.Progress{}, err
	}
	if s.LateItems, s.LateTotal, err = b.Content.FindContentItems(ctx, plan.ContentFilter{PlanID: &p.ID, LateAt: now, Limit: maxNames}); err != nil {
		return plan.Progress{}, err
	}
	if s.CTAs, _, err = b.CTAs.FindCTAs(ctx, plan.CTAFilter{PlanID: &p.ID}); err != nil {
		return plan.Progress{}, err
	}
	if s.Channels, _, err = b.Channels.FindChannels(ctx, plan.ChannelFilter{PlanID: &p.ID}); err != nil {
		return plan.Progress{}, err
	}
	if b.Experiments != nil {
		if _, s.Experiments, err = b.Experiments.FindExperiments(ctx, plan.ExperimentFilter{PlanID: &p.ID, Limit: 1}); err != nil {
			return plan.Progress{}, err
		}
	}
	if b.Engagement != nil {
		if _, s.Engagements, err = b.Engagement.FindEngagementItems(ctx, plan.EngagementFilter{PlanID: &p.ID, Limit: 1}); err != nil {
			return plan.Progress{}, err
		}
	}
	if b.Metrics != nil && b.Adapt != nil {
		if err := b.measureProgress(ctx, p, &s); err != nil {
			return plan.Progress{}, err
		}
	}
	return plan.ComputeProgress(s), nil
}

// measureProgress counts steps 8 (observations) and 9 (decisions) into s,
// with the goals not measured in the current review period and whether
// reviews are scheduled.
func (b *Bot) measureProgress(ctx context.Context, p *plan.Plan, s *plan.Snapshot) error {
	obs, total, err := b.Metrics.FindObservations(ctx, plan.ObservationFilter{PlanID: &p.ID, Limit: maxKPIObservations})
	if err != nil {
		return err
	}
	s.Observations = total
	if _, s.Reviews, err = b.Adapt.FindDecisions(ctx, plan.DecisionFilter{PlanID: &p.ID, Limit: 1}); err != nil {
		return err
	}
	sched, _, err := b.Metrics.ReviewSchedule(ctx, p.ID)
	if err != nil {
		return err
	}
	s.NoReviewSchedule = !sched.Enabled()
	loc := p.Location()
	since := plan.Today(sched.PeriodStart(s.Now, loc), loc)
	for _, g := range s.Goals {
		if plan.ComputeKPI(g, nil, obs, s.Today, loc).Stale(since) {
			s.Unmeasured = append(s.Unmeasured, g)
		}
	}
	return nil
}

// openStatus posts the status of the channel's plan, only to the user, in
// the plan's language.
func (b *Bot) openStatus(ctx context.Context, src source) {
	u := b.user(ctx, src.UserID)
	p, err := b.ensurePlan(ctx, src, u)
	if err != nil {
		b.ephemeral(ctx, src.ChannelID, src.UserID, b.errorText(u.Lang, err))
		return
	}
	pr, err := b.progress(ctx, p)
	if err != nil {
		b.ephemeral(ctx, src.ChannelID, src.UserID, b.errorText(u.Lang, err))
		return
	}
	text, blocks := statusMessage(planLang(p), b.routes.commands, p, pr)
	if _, err := b.API.PostEphemeralContext(ctx, src.ChannelID, src.UserID,
		slack.MsgOptionText(text, false), slack.MsgOptionBlocks(blocks...)); err != nil {
		b.Logger.Warn("post status", "channel_id", src.ChannelID, "user_id", src.UserID, "error", err)
	}
}

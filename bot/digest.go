package bot

import (
	"context"
	"time"

	"github.com/planbot/planbot/plan"
)

// The weekly digest (issue 17): on the plan's first working day of the
// week, a short post in its channel of what changed since the last one,
// what is due in the week ahead, which decisions wait, and which goals are
// at risk (plan.BuildDigest); skipped when there is nothing to say.

// renderWeeklyDigest renders the weekly digest of p for delivery d.
func renderWeeklyDigest(n *Notifier, ctx context.Context, p *plan.Plan, _ *plan.Reminder, d *plan.Delivery) (reminderPost, error) {
	if n.Snapshots == nil {
		return reminderPost{Skip: "digest not wired"}, nil
	}
	s, err := n.Snapshots.PlanSnapshot(ctx, p.ID)
	if err != nil {
		return reminderPost{}, err
	}
	now := n.Now()
	since := d.Due.Add(-7 * 24 * time.Hour)
	in := plan.DigestInput{
		Plan: s.Plan, Now: now, Since: since, Content: s.Content, Decisions: s.Decisions, Experiments: s.Experiments,
		Goals: s.Goals, LatestCheckIns: s.CheckIns, KPIAtRisk: plan.AtRiskByGoal(s.KPIs(now)),
	}
	if n.Approvals != nil {
		if in.ReviewEvents, err = n.Approvals.FindPlanReviewEvents(ctx, p.ID, since); err != nil {
			return reminderPost{}, err
		}
	}
	if n.CheckIns != nil {
		if in.CheckIns, _, err = n.CheckIns.FindCheckIns(ctx, plan.CheckInFilter{PlanID: &p.ID, Since: since}); err != nil {
			return reminderPost{}, err
		}
	}
	dg := plan.BuildDigest(in)
	if dg.Empty() {
		return reminderPost{Skip: "nothing to say this week"}, nil
	}
	text, blocks := digestMessage(planLang(s.Plan), dg, s.Plan.Location())
	return reminderPost{Text: text, Blocks: blocks}, nil
}

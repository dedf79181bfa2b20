package bot

import (
	"context"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// The approvals of issue 17 around the review flow: the plan's policy and
// the item's history decide what a review message shows (the approvals
// given and needed, what an edit changed) and who may decide; every
// decision is viewable from the message.

// approvalOf returns the approval policy of c's plan and c's review
// history; on an error both are empty and the error is logged: a review
// message then shows less, never wrongly more.
func (b *Bot) approvalOf(ctx context.Context, c *plan.ContentItem) (plan.ApprovalPolicy, []*plan.ReviewEvent) {
	if b.Approvals == nil {
		return plan.ApprovalPolicy{}, nil
	}
	policy, err := b.Approvals.ApprovalPolicy(ctx, c.PlanID)
	if err != nil {
		b.Logger.Warn("approval policy", "plan_id", c.PlanID, "error", err)
		return plan.ApprovalPolicy{}, nil
	}
	history, err := b.Approvals.FindReviewEvents(ctx, c.ID)
	if err != nil {
		b.Logger.Warn("review history", "item_id", c.ID, "error", err)
		return policy, nil
	}
	return policy, history
}

// mayDecide returns nil when userID may approve or ask for changes on c
// under its plan's policy.
func (b *Bot) mayDecide(ctx context.Context, p *plan.Plan, c *plan.ContentItem, userID string) error {
	policy, _ := b.approvalOf(ctx, c)
	return policy.MayDecide(p, c, userID)
}

// pendingReview renders the review message of c while it waits for
// approvals, in the plan's language: the approvals given, and what the
// edit that reopened it changed.
func (b *Bot) pendingReview(ctx context.Context, p *plan.Plan, c *plan.ContentItem, refs contentRefs, ctaLink string) (string, []slack.Block) {
	policy, history := b.approvalOf(ctx, c)
	var reopen *plan.ReviewEvent
	for i := len(history) - 1; i >= 0; i-- {
		if a := history[i].Action; a == plan.ActionRequested || a == plan.ActionReopened {
			if a == plan.ActionReopened {
				reopen = history[i]
			}
			break
		}
	}
	return reviewPendingMessage(planLang(p), c, refs, ctaLink, p.Location(), policy.Progress(c, history), reopen)
}

// reviewSaved follows up an edit of an item from its form: when the edit
// sent an approved item back to review, its review message is rewritten
// to ask again, with the change shown.
func (b *Bot) reviewSaved(ctx context.Context, p *plan.Plan, stored, saved *plan.ContentItem) {
	if stored == nil || saved.Status != plan.ContentInReview || stored.Status == plan.ContentInReview {
		return
	}
	b.Logger.Info("approved item back in review", "plan_id", p.ID, "item_id", saved.ID)
	b.updateReviewMessage(ctx, p, saved)
}

// reviewHistory opens the review history of the item of a button.
func (b *Bot) reviewHistory(ctx context.Context, cb *slack.InteractionCallback, a *slack.BlockAction) {
	u := b.user(ctx, cb.User.ID)
	c, p, err := b.reviewItem(ctx, a.Value)
	var history []*plan.ReviewEvent
	if err == nil && b.Approvals != nil {
		history, err = b.Approvals.FindReviewEvents(ctx, c.ID)
	}
	if err != nil {
		b.ephemeral(ctx, cb.Channel.ID, cb.User.ID, b.errorText(u.Lang, err))
		return
	}
	src := source{TeamID: cb.Team.ID, ChannelID: cb.Channel.ID, UserID: cb.User.ID, TriggerID: cb.TriggerID}
	b.openView(ctx, src, u.Lang, reviewHistoryModal(u.Lang, c, history, p.Location()))
}

// openApprovals runs /plan approvals: the form of the plan's approval
// policy, reserved to the plan's owners when it has some.
func (b *Bot) openApprovals(ctx context.Context, src source) {
	u, p, ok := b.openPlan(ctx, src)
	if !ok {
		return
	}
	if err := p.Authorize(src.UserID, plan.AreaSettings); err != nil {
		b.refuseIn(ctx, u.Lang, p, src.ChannelID, src.UserID, err)
		return
	}
	policy, err := b.Approvals.ApprovalPolicy(ctx, p.ID)
	if err != nil {
		b.ephemeral(ctx, src.ChannelID, src.UserID, b.errorText(u.Lang, err))
		return
	}
	b.openView(ctx, src, u.Lang, approvalsModal(u.Lang, policy, viewMeta{PlanID: p.ID, ChannelID: p.ChannelID}))
}

// submitApprovals stores the approval policy of the form.
func (b *Bot) submitApprovals(ctx context.Context, env *envelope, cb *slack.InteractionCallback) {
	u := b.user(ctx, cb.User.ID)
	meta, err := parsePlanMeta(cb.View.PrivateMetadata)
	f := formState{cb.View.State}
	rules := map[string]bool{}
	for _, v := range f.selectedValues(BlockApprovalRules) {
		rules[v] = true
	}
	policy := plan.ApprovalPolicy{
		AllowSelfApproval: rules[approvalAllowSelf], TwoApprovers: rules[approvalTwo],
		ClientApproval: rules[approvalClient], PublishUnapproved: rules[approvalPublish],
	}
	for _, id := range f.get(BlockApprovalTeam).SelectedUsers {
		policy.Approvers = append(policy.Approvers, plan.Approver{UserID: id})
	}
	for _, id := range f.get(BlockApprovalClients).SelectedUsers {
		policy.Approvers = append(policy.Approvers, plan.Approver{UserID: id, Client: true})
	}
	if err == nil {
		err = b.Approvals.SetApprovalPolicy(actor(ctx, cb.User.ID), meta.PlanID, policy)
	}
	if err != nil {
		errs := fieldErrors(u.Lang, err, map[string]string{"approvers": BlockApprovalTeam, "client_approval": BlockApprovalClients}, BlockApprovalRules)
		if len(errs) == 0 {
			errs = map[string]string{BlockApprovalRules: b.errorText(u.Lang, err)}
		}
		ackErrors(env, errs)
		return
	}
	env.ack(nil)
	b.Logger.Info("approval policy set", "plan_id", meta.PlanID, "user_id", cb.User.ID)
	b.notePlan(ctx, meta.PlanID, cb.User.ID, func(lang Lang) (string, []slack.Block) {
		text := lang.T("approvals.note", userMention(cb.User.ID))
		return text, []slack.Block{slack.NewSectionBlock(mrkdwn(text), nil, nil)}
	})
}

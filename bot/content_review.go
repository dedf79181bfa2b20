package bot

import (
	"context"
	"errors"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// The review of content items in Slack: "Request review" posts the item
// with Approve and Request changes; a decision updates that message in
// place and the item's status.

// requestReview posts the review request of c in the plan's channel
// (exactly once, retried within the handler's deadline as Slack's rate
// limits require), then records it, before the caller redraws the list. When the item cannot be put in review the
// message is taken back, so the channel never shows buttons that cannot
// work. A named reviewer who is not in the channel gets the request in a
// direct message: the item, not the plan. When it cannot be posted, the
// user is told why.
func (b *Bot) requestReview(ctx context.Context, userID string, lang Lang, p *plan.Plan, meta viewMeta, c *plan.ContentItem) {
	check := *c
	if err := check.StartReview(userID, "", "", b.Now()); err != nil {
		b.refuseIn(ctx, lang, p, meta.ChannelID, userID, err)
		return
	}
	refs, err := b.contentRefs(ctx, p.ID)
	if err != nil {
		b.refuseIn(ctx, lang, p, meta.ChannelID, userID, err)
		return
	}
	plang := planLang(p)
	text, blocks := reviewRequestMessage(plang, c, refs, postLink(c, refs, p.Name), userID, p.Location())
	b.postNow(ctx, owed{ChannelID: p.ChannelID, Text: text, Blocks: blocks, UserID: userID, What: "review",
		Then: func(ctx context.Context, channel, ts string) {
			if _, err := b.Content.RequestReview(actor(ctx, userID), c.ID, channel, ts); err != nil {
				if derr := b.deleteMessage(ctx, channel, ts); derr != nil {
					b.Logger.Warn("take back review request", "channel_id", channel, "ts", ts, "error", derr)
				}
				b.refuseIn(ctx, lang, p, meta.ChannelID, userID, err)
				return
			}
			b.Logger.Info("review requested", "plan_id", p.ID, "item_id", c.ID, "user_id", userID)
			b.reviewerOutsideChannel(ctx, p, c, userID, text, blocks)
		}})
}

// reviewerOutsideChannel sends the review request to c's named reviewer
// in a direct message when they are not a member of the plan's channel:
// they review the item without seeing the plan.
func (b *Bot) reviewerOutsideChannel(ctx context.Context, p *plan.Plan, c *plan.ContentItem, requester, text string, blocks []slack.Block) {
	if c.ReviewerID == "" || c.ReviewerID == requester {
		return
	}
	if member, known := b.memberOf(ctx, p.ChannelID, c.ReviewerID); member || !known {
		return
	}
	lang := b.user(ctx, c.ReviewerID).Lang
	head := lang.T("delivery.review_dm", userMention(requester), p.ChannelID)
	b.Logger.Info("review request sent to a reviewer outside the channel", "item_id", c.ID, "user_id", c.ReviewerID)
	b.directMessage(c.ReviewerID, head, append([]slack.Block{slack.NewSectionBlock(mrkdwn(head), nil, nil)}, blocks...))
}

// reviewItem loads the item of a review button and its plan. The buttons
// live on channel messages and on Home, where no view names a plan, so the
// item's own plan is used.
func (b *Bot) reviewItem(ctx context.Context, value string) (*plan.ContentItem, *plan.Plan, error) {
	id, ok := parseID(value)
	if !ok {
		return nil, nil, plan.Errorf(plan.ENOTFOUND, "content item %q not found", value)
	}
	c, err := b.Content.FindContentItemByID(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	p, err := b.Plans.FindPlanByID(ctx, c.PlanID)
	if err != nil {
		return nil, nil, err
	}
	return c, p, nil
}

// refuseReview tells userID why they cannot decide: who may, or that the
// item was decided already.
func (b *Bot) refuseReview(ctx context.Context, lang Lang, channelID, userID string, c *plan.ContentItem, p *plan.Plan, err error) {
	if channelID == "" && c != nil {
		channelID = c.Review.ChannelID
	}
	var pe *plan.Error
	errors.As(err, &pe)
	switch {
	case pe != nil && pe.Key == "forbidden.review.self":
		b.ephemeral(ctx, channelID, userID, lang.T("content.review.self"))
	case pe != nil && pe.Key == "content.review.approved_already":
		b.ephemeral(ctx, channelID, userID, lang.T("content.review.approved_already"))
	case plan.ErrorCode(err) == plan.EFORBIDDEN && c != nil && p != nil:
		who := p.Owners
		if c.ReviewerID != "" {
			who = append([]string{c.ReviewerID}, who...)
		}
		b.ephemeral(ctx, channelID, userID, lang.T("forbidden.review", mentions(who)))
	case plan.ErrorCode(err) == plan.ECONFLICT:
		b.ephemeral(ctx, channelID, userID, lang.T("content.review.not_pending_msg"))
	default:
		b.ephemeral(ctx, channelID, userID, b.errorText(lang, err))
	}
}

// reviewApprove approves an item from its review message or from Home.
func (b *Bot) reviewApprove(ctx context.Context, cb *slack.InteractionCallback, a *slack.BlockAction) {
	u := b.user(ctx, cb.User.ID)
	c, p, err := b.reviewItem(ctx, a.Value)
	var decided *plan.ContentItem
	if err == nil {
		decided, err = b.Content.DecideReview(actor(ctx, cb.User.ID), c.ID, true, "")
	}
	if err != nil {
		b.refuseReview(ctx, u.Lang, cb.Channel.ID, cb.User.ID, c, p, err)
		b.afterReviewClick(ctx, cb)
		return
	}
	if decided.Status == plan.ContentInReview {
		// One approval of several: say how many are still needed.
		policy, history := b.approvalOf(ctx, decided)
		pr := policy.Progress(decided, history)
		b.Logger.Info("review approval recorded", "item_id", decided.ID, "approvals", len(pr.Approvals), "user_id", cb.User.ID)
		b.ephemeral(ctx, cb.Channel.ID, cb.User.ID, u.Lang.T("content.review.approval_recorded", len(pr.Approvals), pr.Needed))
	} else {
		b.Logger.Info("review decided", "item_id", decided.ID, "decision", string(decided.Review.Decision), "user_id", cb.User.ID)
	}
	b.updateReviewMessage(ctx, p, decided)
	b.afterReviewClick(ctx, cb)
}

// afterReviewClick republishes the Home of a user who clicked there.
func (b *Bot) afterReviewClick(ctx context.Context, cb *slack.InteractionCallback) {
	if cb.View.Type == slack.VTHomeTab {
		b.publishHome(ctx, cb.Team.ID, cb.User.ID)
	}
}

// reviewChanges opens the form asking what to change, when the user may
// decide and the item still waits for a review.
func (b *Bot) reviewChanges(ctx context.Context, cb *slack.InteractionCallback, a *slack.BlockAction) {
	u := b.user(ctx, cb.User.ID)
	c, p, err := b.reviewItem(ctx, a.Value)
	if err == nil && c.Status != plan.ContentInReview {
		err = plan.Errorf(plan.ECONFLICT, "content item %d not in review", c.ID)
	}
	if err == nil {
		err = b.mayDecide(ctx, p, c, cb.User.ID)
	}
	if err != nil {
		b.refuseReview(ctx, u.Lang, cb.Channel.ID, cb.User.ID, c, p, err)
		return
	}
	meta := viewMeta{PlanID: p.ID, ChannelID: p.ChannelID, ID: c.ID}
	if cb.View.Type == slack.VTHomeTab {
		meta.ParentID = homeParent
	}
	src := source{TeamID: cb.Team.ID, ChannelID: cb.Channel.ID, UserID: cb.User.ID, TriggerID: cb.TriggerID}
	b.openView(ctx, src, u.Lang, reviewChangesModal(u.Lang, c, meta))
}

// submitReviewChanges records a Request changes decision with its comment.
func (b *Bot) submitReviewChanges(ctx context.Context, env *envelope, cb *slack.InteractionCallback) {
	u := b.user(ctx, cb.User.ID)
	meta, err := parsePlanMeta(cb.View.PrivateMetadata)
	var c *plan.ContentItem
	var p *plan.Plan
	if err == nil {
		c, p, err = b.reviewItem(ctx, idString(meta.ID))
	}
	if err == nil && c.PlanID != meta.PlanID {
		err = plan.Errorf(plan.ENOTFOUND, "content item %d not in plan %d", c.ID, meta.PlanID)
	}
	if err == nil {
		var decided *plan.ContentItem
		if decided, err = b.Content.DecideReview(actor(ctx, cb.User.ID), c.ID, false, formState{cb.View.State}.text(BlockReviewComment)); err == nil {
			c = decided
		}
	}
	if err != nil {
		if errs := fieldErrors(u.Lang, err, map[string]string{"comment": BlockReviewComment}, BlockReviewComment); len(errs) > 0 {
			ackErrors(env, errs)
			return
		}
		text := b.errorText(u.Lang, err)
		switch plan.ErrorCode(err) {
		case plan.ECONFLICT:
			text = u.Lang.T("content.review.not_pending_msg")
		case plan.EFORBIDDEN:
			text = u.Lang.T("forbidden.short")
		}
		ackErrors(env, map[string]string{BlockReviewComment: text})
		return
	}
	env.ack(nil)
	b.Logger.Info("review decided", "item_id", c.ID, "decision", string(c.Review.Decision), "user_id", cb.User.ID)
	b.updateReviewMessage(ctx, p, c)
	if meta.ParentID == homeParent {
		b.publishHome(ctx, cb.Team.ID, cb.User.ID)
	}
}

// updateReviewMessage rewrites the review request of c with its decision,
// in place, in the plan's language; while c waits for approvals (more
// are needed, or an edit reopened it), with what it waits for.
func (b *Bot) updateReviewMessage(ctx context.Context, p *plan.Plan, c *plan.ContentItem) {
	if c.Review.ChannelID == "" || c.Review.MessageTS == "" {
		return
	}
	refs, err := b.contentRefs(ctx, p.ID)
	if err != nil {
		b.Logger.Warn("review message: refs", "plan_id", p.ID, "error", err)
	}
	lang := planLang(p)
	text, blocks := reviewDecidedMessage(lang, c, refs, postLink(c, refs, p.Name), p.Location())
	who := c.Review.DecidedBy
	if c.Status == plan.ContentInReview {
		text, blocks = b.pendingReview(ctx, p, c, refs, postLink(c, refs, p.Name))
		who = c.Review.RequestedBy
	}
	b.updateMessage(ctx, c.Review.ChannelID, c.Review.MessageTS, text, blocks, who)
}

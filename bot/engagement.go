package bot

import (
	"context"
	"fmt"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// replyStatsWindow is how far back /plan engage looks for reply times.
const replyStatsWindow = 90 * 24 * time.Hour

// openEngagement opens step 7 for the source channel: the open items.
func (b *Bot) openEngagement(ctx context.Context, src source) {
	u, p, ok := b.openPlan(ctx, src)
	if !ok {
		return
	}
	view, err := b.engagementView(ctx, p, viewMeta{PlanID: p.ID, ChannelID: p.ChannelID}, u.Lang, src.UserID)
	if err != nil {
		b.ephemeral(ctx, src.ChannelID, src.UserID, b.errorText(u.Lang, err))
		return
	}
	b.openView(ctx, src, u.Lang, view)
}

// engagementView renders the list of open items at meta.Page, or at the
// last page when items were closed under it.
func (b *Bot) engagementView(ctx context.Context, p *plan.Plan, meta viewMeta, lang Lang, userID string) (slack.ModalViewRequest, error) {
	open := plan.EngagementOpen
	ownerID := ""
	if meta.Mine {
		ownerID = userID
	}
	items, total, page, err := loadPage(ctx, meta.Page, listPerPage, func(ctx context.Context, offset, limit int) ([]*plan.EngagementItem, int, error) {
		return b.Engagement.FindEngagementItems(ctx, plan.EngagementFilter{PlanID: &p.ID, Status: &open, OwnerID: ownerID, Offset: offset, Limit: limit})
	})
	if err != nil {
		return slack.ModalViewRequest{}, err
	}
	meta.Page = page
	now := b.Now()
	stats, err := b.Engagement.ReplyStats(ctx, p.ID, now.Add(-replyStatsWindow))
	if err != nil {
		return slack.ModalViewRequest{}, err
	}
	digest, err := b.digestReminder(ctx, p.ID)
	if err != nil {
		return slack.ModalViewRequest{}, err
	}
	reason, err := b.Reminders.UnreachableReason(ctx, p.ID)
	if err != nil {
		return slack.ModalViewRequest{}, err
	}
	meta.ID, meta.ParentID = 0, ""
	return engagementListModal(lang, engagementList{
		Items: items, Total: total, Meta: meta, Now: now, Loc: p.Location(), Stats: stats,
		Digest: digest, ReplyTarget: p.ReplyTargetOrDefault(), Unreachable: reason != "",
	}), nil
}

// digestReminder returns the plan's digest reminder, or nil.
func (b *Bot) digestReminder(ctx context.Context, planID int64) (*plan.Reminder, error) {
	kind := plan.ReminderEngagementDigest
	rs, err := b.Reminders.FindReminders(ctx, plan.ReminderFilter{PlanID: &planID, Kind: &kind, SubjectID: &planID})
	if err != nil || len(rs) == 0 {
		return nil, err
	}
	return rs[0], nil
}

// refreshEngagement redraws the list modal viewID for userID.
func (b *Bot) refreshEngagement(ctx context.Context, viewID string, meta viewMeta, lang Lang, userID string) {
	if viewID == "" {
		return
	}
	p, err := b.Plans.FindPlanByID(ctx, meta.PlanID)
	if err != nil {
		b.Logger.Warn("refresh engagement: find plan", "plan_id", meta.PlanID, "error", err)
		return
	}
	view, err := b.engagementView(ctx, p, meta, lang, userID)
	if err != nil {
		b.Logger.Warn("refresh engagement", "plan_id", p.ID, "error", err)
		return
	}
	b.updateView(ctx, viewID, view)
}

// pageEngagement redraws the list at the page of its Previous or Next
// button.
func (b *Bot) pageEngagement(ctx context.Context, cb *slack.InteractionCallback, m viewMeta, lang Lang) {
	b.refreshEngagement(ctx, cb.View.ID, m, lang, cb.User.ID)
}

// shortcutEngagementAdd opens the engagement form on the message the
// shortcut ran on: its text, a link to it, and a due time from the reply
// target of the channel's plan. The trigger lives 3 s, so the permalink
// gets at most 800 ms.
func (b *Bot) shortcutEngagementAdd(ctx context.Context, cb *slack.InteractionCallback) {
	u := b.user(ctx, cb.User.ID)
	target := plan.DefaultReplyTarget
	if p, err := b.Plans.FindPlanByChannel(ctx, cb.Team.ID, cb.Channel.ID); err == nil {
		target = p.ReplyTargetOrDefault()
	}
	ts := cb.MessageTs
	if ts == "" {
		ts = cb.Message.Timestamp
	}
	link, err := b.permalink(ctx, cb.Channel.ID, ts, 800*time.Millisecond)
	if err != nil {
		b.Logger.Warn("chat.getPermalink", "channel_id", cb.Channel.ID, "error", err)
		link = ""
	}
	it := &plan.EngagementItem{
		Excerpt: cb.Message.Text, Link: link, Author: cb.Message.Username,
		OwnerID: cb.User.ID, Due: b.Now().Add(target).Truncate(time.Minute),
	}
	meta := viewMeta{ChannelID: cb.Channel.ID, SourceTS: ts}
	src := source{TeamID: cb.Team.ID, ChannelID: cb.Channel.ID, UserID: cb.User.ID, TriggerID: cb.TriggerID}
	b.openView(ctx, src, u.Lang, engagementModal(u.Lang, it, cb.Channel.ID, meta))
}

// submitEngagement stores a new item in the plan of the chosen channel and
// posts the item's message there.
func (b *Bot) submitEngagement(ctx context.Context, env *envelope, cb *slack.InteractionCallback) {
	u := b.user(ctx, cb.User.ID)
	meta, err := parseViewMeta(cb.View.PrivateMetadata) // the form of a shortcut: no plan yet
	if err != nil {
		ackErrors(env, map[string]string{BlockEngagementExcerpt: u.Lang.T("error.generic")})
		return
	}
	it, planChannel := readEngagementForm(cb.View.State)
	it.Normalize()
	errs := map[string]string{}
	for _, fe := range plan.ErrorFields(it.Validate()) {
		errs[engagementFieldBlocks[fe.Field]] = u.Lang.T(fe.Key)
	}
	if planChannel == "" {
		errs[BlockEngagementChannel] = u.Lang.T("engagement.channel.required")
	}
	if len(errs) > 0 {
		ackErrors(env, errs)
		return
	}
	p, err := b.ensurePlan(ctx, source{TeamID: cb.Team.ID, ChannelID: planChannel, UserID: cb.User.ID}, u)
	if err == nil {
		it.PlanID, it.CreatedBy = p.ID, cb.User.ID
		it.SourceChannelID, it.SourceTS = meta.ChannelID, meta.SourceTS
		err = b.Engagement.CreateEngagementItem(ctx, it)
	}
	if err != nil {
		b.ackError(ctx, env, u.Lang, meta, cb.User.ID, err, engagementFieldBlocks, BlockEngagementExcerpt)
		return
	}
	env.ack(nil)
	b.Logger.Info("engagement item added", "plan_id", p.ID, "item_id", it.ID, "user_id", cb.User.ID)
	b.postEngagementItem(ctx, p, it, cb.User.ID)
}

// postEngagementItem posts the item's message in the plan's channel,
// exactly once (retried within the handler's deadline as Slack's rate
// limits require), and records it, so the item's reminder goes in its
// thread. When the bot cannot post there, the user is told
// why: the item is stored either way.
func (b *Bot) postEngagementItem(ctx context.Context, p *plan.Plan, it *plan.EngagementItem, userID string) {
	lang := planLang(p)
	text, blocks := engagementItemMessage(lang, it, b.Now(), p.Location())
	b.postNow(ctx, owed{ChannelID: p.ChannelID, Text: text, Blocks: blocks, UserID: userID, What: "item",
		Then: func(ctx context.Context, ch, ts string) {
			if err := b.Engagement.SetEngagementMessage(ctx, it.ID, ch, ts); err != nil {
				b.Logger.Error("record engagement message", "item_id", it.ID, "error", err)
			}
		}})
}

// updateEngagementMessage redraws the item's message after a change.
func (b *Bot) updateEngagementMessage(ctx context.Context, p *plan.Plan, it *plan.EngagementItem) {
	if it.MessageTS == "" {
		return
	}
	text, blocks := engagementItemMessage(planLang(p), it, b.Now(), p.Location())
	b.updateMessage(ctx, it.ChannelID, it.MessageTS, text, blocks, "")
}

// clickPlan returns the plan a click belongs to: the one in the modal's
// metadata, or the one of the channel of the clicked message.
func (b *Bot) clickPlan(ctx context.Context, cb *slack.InteractionCallback) (*plan.Plan, viewMeta, error) {
	if cb.View.ID != "" {
		meta, err := parseViewMeta(cb.View.PrivateMetadata)
		if err != nil || meta.PlanID == 0 {
			return nil, meta, plan.Errorf(plan.ENOTFOUND, "view without plan")
		}
		p, err := b.Plans.FindPlanByID(ctx, meta.PlanID)
		return p, meta, err
	}
	p, err := b.Plans.FindPlanByChannel(ctx, cb.Team.ID, cb.Channel.ID)
	return p, viewMeta{}, err
}

// planItem loads the item whose ID a button carried, checking it belongs
// to planID.
func (b *Bot) planItem(ctx context.Context, planID int64, value string) (*plan.EngagementItem, error) {
	return loadInPlan(ctx, planID, value, "item", b.Engagement.FindEngagementItemByID, func(v *plan.EngagementItem) int64 { return v.PlanID })
}

// engagementItemAction handles Mark replied, Dismiss and Reassign, in the
// list, on the item's message or on its reminder.
func (b *Bot) engagementItemAction(ctx context.Context, cb *slack.InteractionCallback, a *slack.BlockAction) {
	u := b.user(ctx, cb.User.ID)
	inView := cb.View.ID != ""
	channelID := cb.Channel.ID
	p, meta, err := b.clickPlan(ctx, cb)
	var it *plan.EngagementItem
	if err == nil {
		if inView {
			channelID = p.ChannelID
		}
		it, err = b.planItem(ctx, p.ID, a.Value)
	}
	if err != nil {
		b.ephemeral(ctx, channelID, cb.User.ID, b.errorText(u.Lang, err))
		return
	}
	if a.ActionID == ActionEngagementReassign {
		m := viewMeta{PlanID: p.ID, ChannelID: p.ChannelID, ID: it.ID}
		if inView {
			m.ParentID, m.Mine, m.Page = cb.View.ID, meta.Mine, meta.Page
			b.pushView(ctx, cb, engagementReassignModal(u.Lang, it, m))
			return
		}
		b.openView(ctx, source{TeamID: cb.Team.ID, ChannelID: channelID, UserID: cb.User.ID, TriggerID: cb.TriggerID}, u.Lang, engagementReassignModal(u.Lang, it, m))
		return
	}
	var closed *plan.EngagementItem
	if a.ActionID == ActionEngagementReplied {
		closed, err = b.Engagement.MarkReplied(ctx, it.ID, cb.User.ID)
	} else {
		closed, err = b.Engagement.DismissEngagementItem(ctx, it.ID, cb.User.ID)
	}
	switch {
	case plan.ErrorCode(err) == plan.ECONFLICT:
		b.ephemeral(ctx, channelID, cb.User.ID, u.Lang.T("engagement.already_closed", itemClosedLine(u.Lang, it)))
	case err != nil:
		b.ephemeral(ctx, channelID, cb.User.ID, b.errorText(u.Lang, err))
		return
	default:
		b.Logger.Info("engagement item closed", "item_id", it.ID, "status", string(closed.Status), "user_id", cb.User.ID)
		b.updateEngagementMessage(ctx, p, closed)
		if !inView && cb.Message.Timestamp != "" && cb.Message.Timestamp != closed.MessageTS {
			// A reminder in the item's thread: its buttons are spent.
			lang := planLang(p)
			blocks := replaceActions(cb.Message.Blocks.BlockSet, itemClosedLine(lang, closed))
			b.updateMessage(ctx, cb.Channel.ID, cb.Message.Timestamp, cb.Message.Text, blocks, "")
		}
	}
	if inView {
		b.refreshEngagement(ctx, cb.View.ID, meta, u.Lang, cb.User.ID)
	}
}

// engagementListAction handles the filter, paging and settings buttons of
// the list.
func (b *Bot) engagementListAction(ctx context.Context, cb *slack.InteractionCallback, a *slack.BlockAction) {
	u := b.user(ctx, cb.User.ID)
	meta, err := parseViewMeta(cb.View.PrivateMetadata)
	if err != nil || meta.PlanID == 0 {
		b.Logger.Warn("engagement action without plan", "action_id", a.ActionID, "error", err)
		return
	}
	switch a.ActionID {
	case ActionEngagementFilter, ActionEngagementFilterAll:
		meta.Mine, meta.Page = a.Value == "mine", 0
	case ActionEngagementSettings:
		p, err := b.Plans.FindPlanByID(ctx, meta.PlanID)
		var digest *plan.Reminder
		if err == nil {
			digest, err = b.digestReminder(ctx, p.ID)
		}
		if err != nil {
			b.ephemeral(ctx, meta.ChannelID, cb.User.ID, b.errorText(u.Lang, err))
			return
		}
		m := viewMeta{PlanID: p.ID, ChannelID: p.ChannelID, ParentID: cb.View.ID, Mine: meta.Mine, Page: meta.Page}
		b.pushView(ctx, cb, engagementDigestModal(u.Lang, digest, p.TimeZone, m))
		return
	}
	b.refreshEngagement(ctx, cb.View.ID, meta, u.Lang, cb.User.ID)
}

// submitReassign gives an item to another owner, who is told in the item's
// thread.
func (b *Bot) submitReassign(ctx context.Context, env *envelope, cb *slack.InteractionCallback) {
	u, meta, f, ok := b.submission(ctx, env, cb, BlockEngagementNewOwner)
	if !ok {
		return
	}
	it, err := b.planItem(ctx, meta.PlanID, idString(meta.ID))
	if err == nil {
		it, err = b.Engagement.ReassignEngagementItem(ctx, it.ID, f.get(BlockEngagementNewOwner).SelectedUser)
	}
	if err != nil {
		b.ackError(ctx, env, u.Lang, meta, cb.User.ID, err, nil, BlockEngagementNewOwner)
		return
	}
	env.ack(nil)
	p, err := b.Plans.FindPlanByID(ctx, it.PlanID)
	if err != nil {
		b.Logger.Warn("reassign: find plan", "plan_id", it.PlanID, "error", err)
		return
	}
	b.updateEngagementMessage(ctx, p, it)
	if it.MessageTS != "" {
		lang := planLang(p)
		b.deliver(owed{ChannelID: it.ChannelID, ThreadTS: it.MessageTS, UserID: cb.User.ID, What: "reply",
			Text: lang.T("engagement.reassigned", userMention(cb.User.ID), userMention(it.OwnerID))})
	}
	b.refreshEngagement(ctx, meta.ParentID, meta, u.Lang, cb.User.ID)
}

// submitDigest sets the time of the daily digest, or turns it off.
func (b *Bot) submitDigest(ctx context.Context, env *envelope, cb *slack.InteractionCallback) {
	u, meta, f, ok := b.submission(ctx, env, cb, BlockDigestTime)
	if !ok {
		return
	}
	at, enabled := f.get(BlockDigestTime).SelectedTime, len(f.selectedValues(BlockDigestEnabled)) > 0
	var h, m int
	if _, err := fmt.Sscanf(at, "%d:%d", &h, &m); err != nil {
		ackErrors(env, map[string]string{BlockDigestTime: u.Lang.T("reminder.hour.invalid")})
		return
	}
	if _, err := b.Engagement.SetDigest(ctx, meta.PlanID, enabled, h, m, cb.User.ID); err != nil {
		b.ackError(ctx, env, u.Lang, meta, cb.User.ID, err, nil, BlockDigestTime)
		return
	}
	env.ack(nil)
	b.refreshEngagement(ctx, meta.ParentID, meta, u.Lang, cb.User.ID)
}

// readEngagementForm reads the engagement form and the chosen plan channel.
func readEngagementForm(state *slack.ViewState) (*plan.EngagementItem, string) {
	get := formState{state}.get
	it := &plan.EngagementItem{
		Network: plan.Network(get(BlockEngagementNetwork).SelectedOption.Value),
		Kind:    plan.EngagementKind(get(BlockEngagementKind).SelectedOption.Value),
		Author:  get(BlockEngagementAuthor).Value,
		Link:    get(BlockEngagementLink).Value,
		Excerpt: get(BlockEngagementExcerpt).Value,
		OwnerID: get(BlockEngagementOwner).SelectedUser,
	}
	if sec := get(BlockEngagementDue).SelectedDateTime; sec > 0 {
		it.Due = time.Unix(sec, 0).UTC()
	}
	return it, get(BlockEngagementChannel).SelectedConversation
}

// renderEngagementOverdue renders the overdue reminder of an item, unless
// it was closed or deleted meanwhile.
func renderEngagementOverdue(n *Notifier, ctx context.Context, p *plan.Plan, r *plan.Reminder, d *plan.Delivery) (reminderPost, error) {
	it, err := n.Engagement.FindEngagementItemByID(ctx, r.SubjectID)
	if plan.ErrorCode(err) == plan.ENOTFOUND {
		return reminderPost{Skip: "item deleted"}, nil
	} else if err != nil {
		return reminderPost{}, err
	}
	if !it.Open() {
		return reminderPost{Skip: "item closed"}, nil
	}
	text, blocks := engagementOverdueMessage(planLang(p), it, r, d, n.Now(), p.Location())
	return reminderPost{Text: text, Blocks: blocks, ThreadTS: r.ThreadTS}, nil
}

// renderEngagementDigest renders the daily digest; a plan with no open
// item gets none.
func renderEngagementDigest(n *Notifier, ctx context.Context, p *plan.Plan, r *plan.Reminder, d *plan.Delivery) (reminderPost, error) {
	open := plan.EngagementOpen
	items, total, err := n.Engagement.FindEngagementItems(ctx, plan.EngagementFilter{PlanID: &p.ID, Status: &open, Limit: 100})
	if err != nil {
		return reminderPost{}, err
	}
	if total == 0 {
		return reminderPost{Skip: "no open item"}, nil
	}
	text, blocks := engagementDigestMessage(planLang(p), items, total, n.Now(), p.Location(), d)
	return reminderPost{Text: text, Blocks: blocks}, nil
}

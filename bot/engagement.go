package bot

import (
	"cmp"
	"context"
	"fmt"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// Step 7: the engagement queue, on the list kit: the open items with
// their reply times, an Add button, and per item Mark replied, Reassign
// and Dismiss. Items also come from the "Add to engagement queue" message
// shortcut (engagement_shortcut.go). Each item's reply clock starts when
// the follower wrote and counts the plan's working hours.

// replyStatsWindow is how far back /plan engage looks for reply times.
const replyStatsWindow = 90 * 24 * time.Hour

// engagementKit is step 7 on the list kit. An empty queue opens as its
// list, which says how items come in; a new item is announced by its own
// message in the plan's channel, whose thread holds its reminders.
var engagementKit = &listKit[plan.EngagementItem]{
	Noun:       "engagement",
	Area:       plan.AreaEngagement,
	Fields:     engagementFieldBlocks,
	FirstBlock: BlockEngagementExcerpt,
	Filtered:   true, // "Mine" survives a redraw
	List: func(b *Bot, ctx context.Context, p *plan.Plan, m viewMeta, lang Lang) (listView, error) {
		l, err := b.engagementList(ctx, p, m)
		if err != nil {
			return listView{}, err
		}
		return listView{View: engagementListModal(lang, l), Total: l.Total, NoForm: true}, nil
	},
	New: func(userID string) *plan.EngagementItem { return &plan.EngagementItem{OwnerID: userID} },
	Form: func(b *Bot, ctx context.Context, p *plan.Plan, it *plan.EngagementItem, m viewMeta, lang Lang) (slack.ModalViewRequest, error) {
		form := *it
		if form.ReceivedAt.IsZero() {
			form.ReceivedAt = b.Now() // a message typed in arrived just now, unless the user says when
		}
		return engagementModal(lang, &form, nil, m), nil
	},
	Find: func(b *Bot, ctx context.Context, id int64) (*plan.EngagementItem, error) {
		return b.Engagement.FindEngagementItemByID(ctx, id)
	},
	Ref: func(it *plan.EngagementItem) (int64, int64) { return it.PlanID, it.ID },
	Save: func(b *Bot, ctx context.Context, p *plan.Plan, _ *plan.EngagementItem, f formState, userID string) (*plan.EngagementItem, error) {
		it := readEngagementForm(f)
		it.PlanID, it.CreatedBy = p.ID, userID
		return it, b.Engagement.CreateEngagementItem(ctx, it)
	},
	Announce: func(b *Bot, ctx context.Context, p *plan.Plan, it *plan.EngagementItem, userID string) {
		b.postEngagementItem(ctx, p, it, userID)
	},
}

// engagementList loads what the list shows at m.Page: the open items (of
// m.Owner when m.Mine is set), the reply times, the digest and whether the
// bot can post in the plan's channel.
func (b *Bot) engagementList(ctx context.Context, p *plan.Plan, m viewMeta) (engagementList, error) {
	open := plan.EngagementOpen
	filter := plan.EngagementFilter{PlanID: &p.ID, Status: &open}
	if m.Mine {
		filter.OwnerID = m.Owner
	}
	items, total, page, err := loadPage(ctx, m.Page, listPerPage, func(ctx context.Context, offset, limit int) ([]*plan.EngagementItem, int, error) {
		filter.Offset, filter.Limit = offset, limit
		return b.Engagement.FindEngagementItems(ctx, filter)
	})
	if err != nil {
		return engagementList{}, err
	}
	clock := planClock(p, b.Now())
	stats, err := b.Engagement.ReplyStats(ctx, p.ID, clock.Now.Add(-replyStatsWindow))
	if err != nil {
		return engagementList{}, err
	}
	digest, err := b.digestReminder(ctx, p.ID)
	if err != nil {
		return engagementList{}, err
	}
	reason, err := b.Reminders.UnreachableReason(ctx, p.ID)
	if err != nil {
		return engagementList{}, err
	}
	meta := viewMeta{PlanID: p.ID, ChannelID: p.ChannelID, Page: page, Mine: m.Mine, Owner: m.Owner}
	return engagementList{
		Items: items, Total: total, Meta: meta, Clock: clock, Stats: stats,
		Digest: digest, ReplyTarget: p.ReplyTargetOrDefault(), Unreachable: reason != "",
	}, nil
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

// postEngagementItem posts the item's message in the plan's channel,
// exactly once (retried within the handler's deadline as Slack's rate
// limits require), and records it, so the item's reminder goes in its
// thread. When the bot cannot post there, the user is told why: the item
// is stored either way.
func (b *Bot) postEngagementItem(ctx context.Context, p *plan.Plan, it *plan.EngagementItem, userID string) {
	lang := planLang(p)
	text, blocks := engagementItemMessage(lang, it, planClock(p, b.Now()))
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
	text, blocks := engagementItemMessage(planLang(p), it, planClock(p, b.Now()))
	b.updateMessage(ctx, it.ChannelID, it.MessageTS, text, blocks, "")
}

// clickPlan returns the plan a click belongs to: the one in the modal's
// metadata, or the one of the channel of the clicked message.
func (b *Bot) clickPlan(ctx context.Context, cb *slack.InteractionCallback) (*plan.Plan, viewMeta, error) {
	if cb.View.ID != "" {
		meta, err := parsePlanMeta(cb.View.PrivateMetadata)
		if err != nil {
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
			b.pushView(ctx, cb, engagementReassignModal(u.Lang, it, meta.child(cb.View.ID, it.ID)))
			return
		}
		b.showView(ctx, cb, u.Lang, engagementReassignModal(u.Lang, it, m))
		return
	}
	var closed *plan.EngagementItem
	if a.ActionID == ActionEngagementReplied {
		closed, err = b.Engagement.MarkReplied(ctx, it.ID, cb.User.ID)
	} else {
		closed, err = b.Engagement.DismissEngagementItem(ctx, it.ID, cb.User.ID)
	}
	clock := planClock(p, b.Now())
	switch {
	case plan.ErrorCode(err) == plan.ECONFLICT:
		b.ephemeral(ctx, channelID, cb.User.ID, u.Lang.T("engagement.already_closed", itemClosedLine(u.Lang, it, clock)))
	case err != nil:
		b.ephemeral(ctx, channelID, cb.User.ID, b.errorText(u.Lang, err))
		return
	default:
		b.Logger.Info("engagement item closed", "item_id", it.ID, "status", string(closed.Status), "user_id", cb.User.ID)
		b.updateEngagementMessage(ctx, p, closed)
		if !inView && cb.Message.Timestamp != "" && cb.Message.Timestamp != closed.MessageTS {
			// A reminder in the item's thread: its buttons are spent.
			blocks := replaceActions(cb.Message.Blocks.BlockSet, itemClosedLine(planLang(p), closed, clock))
			b.updateMessage(ctx, cb.Channel.ID, cb.Message.Timestamp, cb.Message.Text, blocks, "")
		}
	}
	if inView {
		engagementKit.redraw(b, ctx, cb.View.ID, p, meta, u.Lang)
	}
}

// engagementListAction handles the filter and the digest buttons of the
// list.
func (b *Bot) engagementListAction(ctx context.Context, cb *slack.InteractionCallback, a *slack.BlockAction) {
	c, ok := engagementKit.click(b, ctx, cb, a)
	if !ok {
		return
	}
	switch a.ActionID {
	case ActionEngagementFilter, ActionEngagementFilterAll:
		c.Meta.Mine, c.Meta.Owner, c.Meta.Page = a.Value == "mine", cb.User.ID, 0
		engagementKit.redraw(b, ctx, cb.View.ID, c.Plan, c.Meta, c.User.Lang)
	case ActionEngagementSettings:
		digest, err := b.digestReminder(ctx, c.Plan.ID)
		if err != nil {
			b.refuseIn(ctx, c.User.Lang, c.Plan, c.Meta.ChannelID, cb.User.ID, err)
			return
		}
		b.pushView(ctx, cb, engagementDigestModal(c.User.Lang, digest, c.Plan.TimeZone, c.Meta.child(cb.View.ID, 0)))
	}
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
		text := planLang(p).T("engagement.reassigned", userMention(cb.User.ID), userMention(it.OwnerID))
		b.deliver(owed{ChannelID: it.ChannelID, ThreadTS: it.MessageTS, Text: text, UserID: cb.User.ID, What: "reply"})
	}
	engagementKit.redraw(b, ctx, meta.ParentID, p, meta, u.Lang)
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
	p, err := b.Plans.FindPlanByID(ctx, meta.PlanID)
	if err != nil {
		b.Logger.Warn("digest: find plan", "plan_id", meta.PlanID, "error", err)
		return
	}
	engagementKit.redraw(b, ctx, meta.ParentID, p, meta, u.Lang)
}

// readEngagementForm reads an item from the engagement form; the plan of
// a shortcut's form is read apart (BlockEngagementChannel).
func readEngagementForm(f formState) *plan.EngagementItem {
	it := &plan.EngagementItem{
		Network: plan.Network(f.selected(BlockEngagementNetwork)),
		Kind:    plan.EngagementKind(f.selected(BlockEngagementKind)),
		Author:  f.text(BlockEngagementAuthor),
		Link:    f.text(BlockEngagementLink),
		Excerpt: f.text(BlockEngagementExcerpt),
		OwnerID: f.get(BlockEngagementOwner).SelectedUser,
	}
	if sec := f.get(BlockEngagementReceived).SelectedDateTime; sec > 0 {
		it.ReceivedAt = time.Unix(sec, 0).UTC()
	}
	return it
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
	thread := cmp.Or(r.ThreadTS, it.MessageTS)
	if thread == "" && n.Now().Sub(it.CreatedAt) < itemMessageGrace {
		// An item queued overdue is due at once, while its own message may
		// still be on its way to Slack: wait for it, so that the reminder
		// goes in its thread. Waiting costs the delivery no attempt.
		return reminderPost{}, &plan.DeliveryError{Reason: "item message not recorded yet", RetryAfter: itemMessageWait}
	}
	text, blocks := engagementOverdueMessage(planLang(p), it, r, d, planClock(p, n.Now()))
	return reminderPost{Text: text, Blocks: blocks, ThreadTS: thread}, nil
}

// How long an overdue reminder waits for its item's own message: past
// itemMessageGrace after the item was queued, it is posted in the channel.
const (
	itemMessageGrace = time.Minute
	itemMessageWait  = 2 * time.Second
)

// renderEngagementDigest renders the daily digest. A plan with no open
// item gets none, and neither does a day off: a digest due on a day that
// is not one of the plan's working days, or a holiday, is skipped.
func renderEngagementDigest(n *Notifier, ctx context.Context, p *plan.Plan, r *plan.Reminder, d *plan.Delivery) (reminderPost, error) {
	clock := planClock(p, n.Now())
	day := d.Due
	if day.IsZero() {
		day = clock.Now
	}
	if !p.WorkingHours.IsWorkingDay(clock.Loc, day) {
		return reminderPost{Skip: "not a working day"}, nil
	}
	open := plan.EngagementOpen
	items, total, err := n.Engagement.FindEngagementItems(ctx, plan.EngagementFilter{PlanID: &p.ID, Status: &open, Limit: 100})
	if err != nil {
		return reminderPost{}, err
	}
	if total == 0 {
		return reminderPost{Skip: "no open item"}, nil
	}
	text, blocks := engagementDigestMessage(planLang(p), items, total, clock, d)
	return reminderPost{Text: text, Blocks: blocks}, nil
}

package bot

import (
	"context"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// The "Add to engagement queue" message shortcut: it queues a follower's
// message, pasted into Slack by a person or a feed, in a plan the user
// chooses (see shortcuts.go), with its reply clock started when the
// message was posted. A message is queued once: the second time, the user
// gets a link to the item instead of the form. Once queued, the message
// gets a reaction and a thread reply saying by whom, in the plan's
// language.

// queuedEmoji is the reaction that marks a queued message.
const queuedEmoji = "inbox_tray"

// shortcutEngagementAdd opens the engagement form on the message the
// shortcut ran on: its text as typed, a link to it, its time, and the
// plans of the user's channels to choose from.
func (b *Bot) shortcutEngagementAdd(ctx context.Context, cb *slack.InteractionCallback) {
	u, msg, choices, ok := b.startShortcut(ctx, cb, "engagement.modal.title")
	if !ok {
		return
	}
	if text, ok := b.queuedAlready(ctx, u.Lang, msg, choices); ok {
		b.openNotice(ctx, cb, u.Lang, u.Lang.T("engagement.modal.title"), text)
		return
	}
	it := &plan.EngagementItem{
		Excerpt: msg.Text, Link: b.permalinkOrEmpty(ctx, msg.ChannelID, msg.TS, b.permalinkWait()), Author: msg.Author,
		OwnerID: cb.User.ID, ReceivedAt: msg.At,
	}
	if it.ReceivedAt.IsZero() {
		it.ReceivedAt = b.Now()
	}
	meta := viewMeta{ChannelID: msg.ChannelID, SourceTS: msg.TS}
	src := source{TeamID: cb.Team.ID, ChannelID: cb.Channel.ID, UserID: cb.User.ID, TriggerID: cb.TriggerID}
	b.openView(ctx, src, u.Lang, engagementModal(u.Lang, it, &choices, meta))
}

// queuedAlready returns, when msg is queued in one of the plans the user
// may choose, the notice that says where, by whom and since when, with a
// link to the item.
func (b *Bot) queuedAlready(ctx context.Context, lang Lang, msg shortcutMessage, choices planChoices) (string, bool) {
	if msg.TS == "" {
		return "", false
	}
	items, _, err := b.Engagement.FindEngagementItems(ctx, plan.EngagementFilter{SourceChannelID: msg.ChannelID, SourceTS: msg.TS})
	if err != nil {
		b.Logger.Warn("find items of a message", "channel_id", msg.ChannelID, "error", err)
		return "", false
	}
	for _, it := range items {
		if p := choices.byID(it.PlanID); p != nil {
			return b.duplicateText(ctx, lang, p, it), true
		}
	}
	return "", false
}

// duplicateText says that the message of it is in the queue of p already:
// by whom, since when, and a link to the item's message.
func (b *Bot) duplicateText(ctx context.Context, lang Lang, p *plan.Plan, it *plan.EngagementItem) string {
	link := b.permalinkOrEmpty(ctx, it.ChannelID, it.MessageTS, b.permalinkWait())
	return engagementDuplicateText(lang, p, it, link, planClock(p, b.Now()))
}

// submitEngagementShortcut stores the item of the shortcut's form in the
// plan the user chose, posts the item's message in the plan's channel and
// marks the original message. The same message twice turns the form into
// a notice with a link to the item queued first.
func (b *Bot) submitEngagementShortcut(ctx context.Context, env *envelope, cb *slack.InteractionCallback) {
	u := b.user(ctx, cb.User.ID)
	meta, err := parseViewMeta(cb.View.PrivateMetadata) // no plan yet: the form chooses it
	if err != nil {
		ackErrors(env, map[string]string{BlockEngagementExcerpt: u.Lang.T("error.generic")})
		return
	}
	f := formState{cb.View.State}
	it := readEngagementForm(f)
	it.Normalize()
	// Every wrong field at once, the plan's included; the due time is not
	// in the form: the service computes it from the plan's reply target.
	errs := map[string]string{}
	for _, fe := range plan.ErrorFields(it.Validate()) {
		if block, ok := engagementFieldBlocks[fe.Field]; ok {
			errs[block] = u.Lang.T(fe.Key)
		}
	}
	p, err := b.chosenPlan(ctx, cb.Team.ID, cb.User.ID, f.selected(BlockEngagementChannel))
	if plan.ErrorCode(err) == plan.EINVALID {
		errs[BlockEngagementChannel] = u.Lang.T(errNotYourPlan.Key)
	} else if err != nil {
		b.ackError(ctx, env, u.Lang, meta, cb.User.ID, err, nil, BlockEngagementChannel)
		return
	}
	if len(errs) > 0 {
		ackErrors(env, errs)
		return
	}
	it.PlanID, it.CreatedBy = p.ID, cb.User.ID
	it.SourceChannelID, it.SourceTS = meta.ChannelID, meta.SourceTS
	err = b.Engagement.CreateEngagementItem(ctx, it)
	if plan.IsDuplicateItem(err) {
		b.refuseDuplicate(ctx, env, u.Lang, p, meta)
		return
	}
	if err != nil {
		b.ackError(ctx, env, u.Lang, viewMeta{PlanID: p.ID, ChannelID: p.ChannelID}, cb.User.ID, err, engagementFieldBlocks, BlockEngagementExcerpt)
		return
	}
	env.ack(nil)
	b.Logger.Info("engagement item added", "plan_id", p.ID, "item_id", it.ID, "user_id", cb.User.ID, "source_channel_id", meta.ChannelID)
	b.visited(ctx, p, cb.User.ID)
	b.postEngagementItem(ctx, p, it, cb.User.ID)
	msg := shortcutMessage{ChannelID: meta.ChannelID, TS: meta.SourceTS}
	b.markOriginal(ctx, msg, queuedEmoji, planLang(p).T("engagement.queued_note", p.ChannelID, userMention(cb.User.ID)))
}

// refuseDuplicate answers the form of a message that plan p has queued
// already: the form becomes a notice that links to the item.
func (b *Bot) refuseDuplicate(ctx context.Context, env *envelope, lang Lang, p *plan.Plan, meta viewMeta) {
	text := lang.T(plan.ErrDuplicateKey)
	items, _, err := b.Engagement.FindEngagementItems(ctx, plan.EngagementFilter{PlanID: &p.ID, SourceChannelID: meta.ChannelID, SourceTS: meta.SourceTS})
	if err == nil && len(items) > 0 {
		text = b.duplicateText(ctx, lang, p, items[0])
	} else if err != nil {
		b.Logger.Warn("find the queued item", "plan_id", p.ID, "error", err)
	}
	view := noticeModal(lang, lang.T("engagement.modal.title"), text)
	env.ack(slack.NewUpdateViewSubmissionResponse(&view))
}

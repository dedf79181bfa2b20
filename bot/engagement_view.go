package bot

import (
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// digestMaxItems bounds the items a digest lists; the rest are counted.
const digestMaxItems = 15

// queueClock is what the views of the queue need to tell time: now, and
// the plan's zone and working hours, in which lateness and reply times
// count.
type queueClock struct {
	Now   time.Time
	Loc   *time.Location
	Hours plan.WorkingHours
}

// planClock is the clock of plan p at now.
func planClock(p *plan.Plan, now time.Time) queueClock {
	return queueClock{Now: now, Loc: p.Location(), Hours: p.WorkingHours}
}

// late returns how long an item has been overdue, in working time.
func (c queueClock) late(it *plan.EngagementItem) time.Duration {
	return c.Hours.WorkingTime(c.Loc, it.Due, c.Now)
}

// engagementModal is the form of a new engagement item. choices are the
// plans the message shortcut offers, its form choosing the plan
// (CallbackEngagement); nil for the form of the list's Add button, in the
// list's plan (CallbackEngagementNew). The reply is due by the plan's
// reply target from it.ReceivedAt, counted in its working hours.
func engagementModal(lang Lang, it *plan.EngagementItem, choices *planChoices, meta viewMeta) slack.ModalViewRequest {
	text := func(initial string, max int, multiline bool) *slack.PlainTextInputBlockElement {
		return textInput(clip(initial, max), max, multiline) // a shortcut's message may be longer
	}
	owner := slack.NewOptionsSelectBlockElement(slack.OptTypeUser, nil, ActionInput)
	owner.InitialUser = it.OwnerID
	received := slack.NewDateTimePickerBlockElement(ActionInput)
	if !it.ReceivedAt.IsZero() {
		received.InitialDateTime = it.ReceivedAt.Unix()
	}
	callback := CallbackEngagementNew
	blocks := []slack.Block{slack.NewContextBlock("", mrkdwn(lang.T("engagement.modal.intro")))}
	if choices != nil {
		callback = CallbackEngagement
		blocks = append(blocks, input(BlockEngagementChannel, lang.T("shortcut.field.plan"), lang.T("shortcut.field.plan.hint"), planSelect(*choices), false))
	}
	blocks = append(blocks,
		input(BlockEngagementNetwork, lang.T("engagement.field.network"), "", staticSelect(lang, "network.", plan.Networks, it.Network), false),
		input(BlockEngagementKind, lang.T("engagement.field.kind"), "", staticSelect(lang, "engagement.kind.", plan.EngagementKinds, it.Kind), false),
		input(BlockEngagementAuthor, lang.T("engagement.field.author"), lang.T("engagement.field.author.hint"), text(it.Author, plan.MaxEngagementAuthorLen, false), true),
		input(BlockEngagementLink, lang.T("engagement.field.link"), lang.T("engagement.field.link.hint"), text(it.Link, plan.MaxEngagementLinkLen, false), true),
		input(BlockEngagementExcerpt, lang.T("engagement.field.excerpt"), "", text(it.Excerpt, plan.MaxEngagementExcerptLen, true), false),
		input(BlockEngagementOwner, lang.T("engagement.field.owner"), "", owner, false),
		input(BlockEngagementReceived, lang.T("engagement.field.received"), lang.T("engagement.field.received.hint"), received, false),
	)
	v := modal(lang, callback, lang.T("engagement.modal.title"), true, meta, blocks)
	v.Submit = plainText(lang.T("engagement.modal.submit"))
	return v
}

// itemHead names an engagement item: its kind, network and author.
func itemHead(lang Lang, it *plan.EngagementItem) string {
	author := "—"
	if it.Author != "" {
		author = Escape(clip(it.Author, plan.MaxEngagementAuthorLen))
	}
	return lang.T("engagement.item.head", lang.T("engagement.kind."+string(it.Kind)), lang.T("network."+string(it.Network)), author)
}

// itemDue says when an item's reply is due, and whether it is late, by
// how much working time.
func itemDue(lang Lang, it *plan.EngagementItem, c queueClock) string {
	if !it.Overdue(c.Now) {
		return lang.T("engagement.item.due", localTime(lang, it.Due, c.Loc))
	}
	if late := c.late(it); late >= time.Minute {
		return lang.T("engagement.item.overdue", localTime(lang, it.Due, c.Loc), formatSpan(lang, late))
	}
	// Overdue, but no working time has passed since (a weekend).
	return lang.T("engagement.item.overdue_since", localTime(lang, it.Due, c.Loc))
}

// itemButtons are the buttons of an open item.
func itemButtons(lang Lang, blockID string, it *plan.EngagementItem) *slack.ActionBlock {
	id := idString(it.ID)
	replied := slack.NewButtonBlockElement(ActionEngagementReplied, id, plainText(lang.T("engagement.replied")))
	replied.Style = slack.StylePrimary
	return slack.NewActionBlock(blockID,
		replied,
		slack.NewButtonBlockElement(ActionEngagementReassign, id, plainText(lang.T("engagement.reassign"))),
		slack.NewButtonBlockElement(ActionEngagementDismiss, id, plainText(lang.T("engagement.dismiss"))),
	)
}

// itemClosedLine says who closed an item, and how fast a reply came: from
// the follower's message, in working time.
func itemClosedLine(lang Lang, it *plan.EngagementItem, c queueClock) string {
	if took, ok := it.WorkingReplyTime(c.Hours, c.Loc); ok {
		return lang.T("engagement.item.replied", userMention(it.ClosedBy), formatSpan(lang, took))
	}
	return lang.T("engagement.item.dismissed", userMention(it.ClosedBy))
}

// engagementItemMessage is the item's own message in the plan's channel:
// its overdue reminder is posted in its thread. A closed item shows who
// closed it instead of buttons.
func engagementItemMessage(lang Lang, it *plan.EngagementItem, c queueClock) (string, []slack.Block) {
	head := lang.T("engagement.item.new", itemHead(lang, it))
	meta := lang.T("engagement.item.owner", userMention(it.OwnerID)) + " · " + itemDue(lang, it, c)
	if it.Link != "" {
		meta += " · " + safeLink(it.Link, lang.T("engagement.item.link"))
	}
	blocks := []slack.Block{
		slack.NewSectionBlock(mrkdwn(head+"\n"+quoteText(it.Excerpt, 1500)), nil, nil),
		slack.NewContextBlock("", mrkdwn(meta)),
	}
	if it.Open() {
		blocks = append(blocks, itemButtons(lang, "engagement_item_"+idString(it.ID), it))
	} else {
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(itemClosedLine(lang, it, c))))
	}
	return head, blocks
}

// engagementOverdueMessage reminds an item's owner, in the item's thread,
// that the reply is overdue.
func engagementOverdueMessage(lang Lang, it *plan.EngagementItem, r *plan.Reminder, d *plan.Delivery, c queueClock) (string, []slack.Block) {
	text := lang.T("engagement.reminder", userMention(it.OwnerID), itemHead(lang, it), localTime(lang, it.Due, c.Loc))
	replied := slack.NewButtonBlockElement(ActionEngagementReplied, idString(it.ID), plainText(lang.T("engagement.replied")))
	replied.Style = slack.StylePrimary
	blocks := []slack.Block{slack.NewSectionBlock(mrkdwn(text), nil, nil)}
	if r.ThreadTS == "" { // not in the item's thread: quote it
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(quoteText(it.Excerpt, 500)), nil, nil))
	}
	if notes := deliveryNotes(lang, d, c.Loc); len(notes) > 0 {
		blocks = append(blocks, slack.NewContextBlock("", notes...))
	}
	return text, append(blocks, reminderActions(lang, r, "engage", replied))
}

// engagementDigestMessage is the daily digest of a plan's open items;
// items holds the first of them, soonest due first.
func engagementDigestMessage(lang Lang, items []*plan.EngagementItem, total int, c queueClock, d *plan.Delivery) (string, []slack.Block) {
	overdue := 0
	for _, it := range items {
		if it.Overdue(c.Now) {
			overdue++
		}
	}
	head := lang.T("engagement.digest.head", total, overdue)
	blocks := []slack.Block{slack.NewSectionBlock(mrkdwn(head), nil, nil)}
	var lines []string
	for i, it := range items {
		if i == digestMaxItems {
			break
		}
		lines = append(lines, "• "+itemHead(lang, it)+" · "+userMention(it.OwnerID)+" · "+itemDue(lang, it, c))
	}
	for len(lines) > 0 {
		n := min(len(lines), 8) // 8 lines of at most ~350 characters stay under 3000
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(strings.Join(lines[:n], "\n")), nil, nil))
		lines = lines[n:]
	}
	var notes []slack.MixedElement
	if more := total - min(len(items), digestMaxItems); more > 0 {
		notes = append(notes, mrkdwn(lang.T("engagement.digest.more", more)))
	}
	notes = append(notes, deliveryNotes(lang, d, c.Loc)...)
	if len(notes) > 0 {
		blocks = append(blocks, slack.NewContextBlock("", notes...))
	}
	open := slack.NewButtonBlockElement(ActionOpenStep, "engage", plainText(lang.T("engagement.digest.open")))
	return head, append(blocks, slack.NewActionBlock("engagement_digest", open))
}

// engagementList is what the engagement list modal shows.
type engagementList struct {
	Items       []*plan.EngagementItem
	Total       int
	Meta        viewMeta
	Clock       queueClock
	Stats       []plan.NetworkReplyStats
	Digest      *plan.Reminder // nil when the plan has none yet
	ReplyTarget time.Duration
	Unreachable bool // the bot cannot post in the plan's channel
}

// engagementListModal lists one page of a plan's open items, the user's or
// everyone's, with reply times per network and an Add button.
func engagementListModal(lang Lang, l engagementList) slack.ModalViewRequest {
	planID := idString(l.Meta.PlanID)
	mine := slack.NewButtonBlockElement(ActionEngagementFilter, "mine", plainText(lang.T("engagement.filter.mine")))
	all := slack.NewButtonBlockElement(ActionEngagementFilterAll, "all", plainText(lang.T("engagement.filter.all")))
	if l.Meta.Mine {
		mine.Style = slack.StylePrimary
	} else {
		all.Style = slack.StylePrimary
	}
	intro := "engagement.list.intro_all"
	if l.Meta.Mine {
		intro = "engagement.list.intro_mine"
	}
	add := slack.NewAccessory(addButton(lang, ActionEngagementAdd, l.Meta.PlanID, "engagement.add"))
	blocks := []slack.Block{
		slack.NewSectionBlock(mrkdwn(lang.N(intro, l.Total)), nil, add),
		slack.NewActionBlock("engagement_filters", mine, all,
			slack.NewButtonBlockElement(ActionEngagementSettings, planID, plainText(lang.T("engagement.settings")))),
	}
	var context []slack.MixedElement
	if l.Unreachable {
		context = append(context, mrkdwn(lang.T("engagement.list.unreachable", l.Meta.ChannelID)))
	}
	digest := lang.T("engagement.list.digest_off")
	if l.Digest != nil && l.Digest.State != plan.ReminderCancelled {
		digest = lang.T("engagement.list.digest", formatClock(lang, l.Digest.Rule.Hour, l.Digest.Rule.Minute), Escape(l.Digest.Rule.TimeZone))
	}
	context = append(context, mrkdwn(lang.T("engagement.list.target", formatSpan(lang, l.ReplyTarget))+" · "+digest))
	if len(l.Stats) == 0 {
		context = append(context, mrkdwn(lang.T("engagement.stats.none")))
	}
	for _, s := range l.Stats {
		context = append(context, mrkdwn(lang.N("engagement.stats.network", s.Count, lang.T("network."+string(s.Network)),
			formatSpan(lang, s.Median), formatSpan(lang, s.P90))))
		if len(context) == 10 { // a context block holds 10 elements
			break
		}
	}
	blocks = append(blocks, slack.NewContextBlock("engagement_stats", context...), slack.NewDividerBlock())
	for _, it := range l.Items {
		id := idString(it.ID)
		text := "*" + itemHead(lang, it) + "* · " + userMention(it.OwnerID) + " · " + itemDue(lang, it, l.Clock) + "\n" + quoteText(it.Excerpt, 300)
		if it.Link != "" {
			text += "\n" + safeLink(it.Link, lang.T("engagement.item.link"))
		}
		blocks = append(blocks,
			slack.NewSectionBlock(mrkdwn(text), nil, nil, slack.SectionBlockOptionBlockID("engagement_"+id)),
			itemButtons(lang, "engagement_actions_"+id, it),
		)
	}
	blocks = append(blocks, pageNav(lang, "engagement_nav", l.Meta.Page, l.Total, listPerPage)...)
	return modal(lang, CallbackEngagementList, lang.T("engagement.list.title"), false, l.Meta, blocks)
}

// engagementReassignModal asks who should reply to an item instead.
func engagementReassignModal(lang Lang, it *plan.EngagementItem, meta viewMeta) slack.ModalViewRequest {
	return modal(lang, CallbackEngagementReassign, lang.T("engagement.reassign.title"), true, meta, []slack.Block{
		slack.NewSectionBlock(mrkdwn("*"+itemHead(lang, it)+"*\n"+quoteText(it.Excerpt, 500)), nil, nil),
		input(BlockEngagementNewOwner, lang.T("engagement.field.owner"), "", userSelect(it.OwnerID), false),
	})
}

// engagementDigestModal sets the local time of the daily digest, or turns
// it off. r is the plan's digest reminder, nil when it has none yet.
func engagementDigestModal(lang Lang, r *plan.Reminder, tz string, meta viewMeta) slack.ModalViewRequest {
	at := slack.NewTimePickerBlockElement(ActionInput)
	at.InitialTime = fmt.Sprintf("%02d:00", plan.DefaultDigestHour)
	on := slack.NewOptionBlockObject("on", plainText(lang.T("engagement.digest.enabled")), nil)
	enabled := slack.NewCheckboxGroupsBlockElement(ActionInput, on)
	enabled.InitialOptions = []*slack.OptionBlockObject{on}
	if r != nil {
		at.InitialTime = fmt.Sprintf("%02d:%02d", r.Rule.Hour, r.Rule.Minute)
		if r.State == plan.ReminderCancelled {
			enabled.InitialOptions = nil
		}
	}
	return modal(lang, CallbackEngagementDigest, lang.T("engagement.digest.title"), true, meta, []slack.Block{
		slack.NewContextBlock("", mrkdwn(lang.T("engagement.digest.intro", Escape(tz)))),
		input(BlockDigestEnabled, lang.T("engagement.digest.title"), "", enabled, true),
		input(BlockDigestTime, lang.T("engagement.digest.time"), "", at, false),
	})
}

// engagementDuplicateText says that the message of item it is in the
// queue of plan p already: who queued it and when, where it stands, and a
// link to the item's message when there is one.
func engagementDuplicateText(lang Lang, p *plan.Plan, it *plan.EngagementItem, link string, c queueClock) string {
	text := lang.T("engagement.duplicate.head", p.ChannelID, userMention(it.CreatedBy), formatDateTime(lang, it.CreatedAt, c.Loc))
	if it.Open() {
		text += "\n" + itemDue(lang, it, c)
	} else {
		text += "\n" + itemClosedLine(lang, it, c)
	}
	if link != "" {
		text += "\n" + safeLink(link, lang.T("engagement.duplicate.open"))
	}
	return text
}

package bot

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// Views of step 3's content plan: the list with its filters, the item
// form, and the review message.

// statusEmoji marks each status in mrkdwn lines.
var statusEmoji = map[plan.ContentStatus]string{
	plan.ContentIdea:      ":bulb:",
	plan.ContentDraft:     ":pencil2:",
	plan.ContentInReview:  ":eyes:",
	plan.ContentApproved:  ":white_check_mark:",
	plan.ContentScheduled: ":calendar:",
	plan.ContentPublished: ":rocket:",
}

// statusLabel is a status with its emoji, for mrkdwn.
func statusLabel(lang Lang, s plan.ContentStatus) string {
	return statusEmoji[s] + " " + lang.T("content.status."+string(s))
}

// weekStart returns the Monday 00:00 in loc of the week holding t.
func weekStart(t time.Time, loc *time.Location) time.Time {
	l := t.In(loc)
	offset := (int(l.Weekday()) + 6) % 7 // Monday = 0
	return time.Date(l.Year(), l.Month(), l.Day()-offset, 0, 0, 0, 0, loc)
}

// weekRange returns the instants bounding the week whose Monday is monday
// (YYYY-MM-DD) in loc, and whether monday parsed.
func weekRange(monday string, loc *time.Location) (time.Time, time.Time, bool) {
	d, err := time.ParseInLocation(time.DateOnly, monday, loc)
	if err != nil {
		return time.Time{}, time.Time{}, false
	}
	start := weekStart(d, loc)
	return start, time.Date(start.Year(), start.Month(), start.Day()+7, 0, 0, 0, 0, loc), true
}

// Weeks offered by the week filter, around the current one.
const (
	weeksBefore = 4
	weeksAfter  = 12
)

// contentFilters is the actions block with the status and week filters.
func contentFilters(lang Lang, meta viewMeta, now time.Time, loc *time.Location) *slack.ActionBlock {
	allStatus := slack.NewOptionBlockObject("all", plainText(lang.T("content.filter.all_statuses")), nil)
	statusOpts := []*slack.OptionBlockObject{allStatus}
	initStatus := allStatus
	for _, s := range plan.ContentStatuses {
		o := option(lang, "content.status.", string(s))
		statusOpts = append(statusOpts, o)
		if string(s) == meta.Status {
			initStatus = o
		}
	}
	status := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plainText(lang.T("content.filter.status")), ActionContentStatus, statusOpts...)
	status.InitialOption = initStatus

	allWeeks := slack.NewOptionBlockObject("all", plainText(lang.T("content.filter.all_weeks")), nil)
	weekOpts := []*slack.OptionBlockObject{allWeeks}
	initWeek := allWeeks
	current := weekStart(now, loc)
	weekOption := func(monday time.Time) *slack.OptionBlockObject {
		value := monday.Format(time.DateOnly)
		o := slack.NewOptionBlockObject(value, plainText(lang.T("content.filter.week", formatDate(lang, monday))), nil)
		if value == meta.Week {
			initWeek = o
		}
		return o
	}
	if start, _, ok := weekRange(meta.Week, loc); ok && (start.Before(current.AddDate(0, 0, -7*weeksBefore)) || start.After(current.AddDate(0, 0, 7*weeksAfter))) {
		weekOpts = append(weekOpts, weekOption(start)) // a week chosen earlier, now out of the range
	}
	for i := -weeksBefore; i <= weeksAfter; i++ {
		weekOpts = append(weekOpts, weekOption(time.Date(current.Year(), current.Month(), current.Day()+7*i, 0, 0, 0, 0, loc)))
	}
	week := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plainText(lang.T("content.filter.week_placeholder")), ActionContentWeek, weekOpts...)
	week.InitialOption = initWeek
	return slack.NewActionBlock(BlockContentFilters, status, week)
}

// contentRefs are the entities an item may point to, with their names.
type contentRefs struct {
	Personas []*plan.Persona
	Pillars  []*plan.Pillar
	CTAs     []*plan.CTA
}

// name returns the escaped name of the reference id of kind, or "".
func (r contentRefs) name(kind string, id int64) string {
	if id == 0 {
		return ""
	}
	switch kind {
	case "persona":
		for _, p := range r.Personas {
			if p.ID == id {
				return Escape(p.Name)
			}
		}
	case "pillar":
		for _, p := range r.Pillars {
			if p.ID == id {
				return Escape(p.Name)
			}
		}
	case "cta":
		for _, c := range r.CTAs {
			if c.ID == id {
				return Escape(c.Text)
			}
		}
	}
	return ""
}

// contentList is what the content list modal shows.
type contentList struct {
	Items    []*plan.ContentItem
	Total    int
	Meta     viewMeta
	Strategy *plan.Strategy
	Refs     contentRefs
	PlanName string // the campaign of links not frozen yet
	Owners   []string
	Now      time.Time
	Loc      *time.Location
}

// itemMeta is the one-line summary of an item: network, format, date,
// owner.
func itemMeta(lang Lang, c *plan.ContentItem, loc *time.Location) string {
	when := lang.T("content.no_date")
	if !c.PublishAt.IsZero() {
		when = formatDateTime(lang, c.PublishAt, loc)
	}
	return lang.T("content.item.meta", lang.T("network."+string(c.Network)), lang.T("content.format."+string(c.Format)), when, userMention(c.OwnerID))
}

// postLink is the link of the call to action c carries, tagged for its
// post (plan.CTA.PostLink), or "" when it carries none or the call to
// action is a call or an email. The call to action's values are frozen
// before (contentRefs): planName only serves a link not frozen yet.
func postLink(c *plan.ContentItem, refs contentRefs, planName string) string {
	i := slices.IndexFunc(refs.CTAs, func(cta *plan.CTA) bool { return cta.ID == c.CTAID })
	if c.CTAID == 0 || i < 0 {
		return ""
	}
	return refs.CTAs[i].PostLink(c, planName, "")
}

// itemRefs is the persona, pillar and call to action of an item, or "".
func itemRefs(lang Lang, c *plan.ContentItem, refs contentRefs) string {
	var parts []string
	for _, r := range []struct {
		kind string
		id   int64
	}{{"persona", c.PersonaID}, {"pillar", c.PillarID}, {"cta", c.CTAID}} {
		if n := refs.name(r.kind, r.id); n != "" {
			parts = append(parts, lang.T("content.ref."+r.kind, n))
		}
	}
	return strings.Join(parts, " · ")
}

// contentListModal is step 3's modal: the strategy summary, then one page
// of content items, filtered by status and week.
func contentListModal(lang Lang, l contentList) slack.ModalViewRequest {
	meta := l.Meta
	planID := idString(meta.PlanID)
	add := slack.NewButtonBlockElement(ActionContentAdd, planID, plainText(lang.T("content.add")))
	add.Style = slack.StylePrimary

	var pillarNames []string
	for _, p := range l.Refs.Pillars {
		pillarNames = append(pillarNames, Escape(p.Name))
	}
	pillars := "—"
	if len(pillarNames) > 0 {
		pillars = clip(strings.Join(pillarNames, ", "), 1000)
	}
	voice, tone := "—", "—"
	if l.Strategy != nil {
		voice, tone = Escape(clip(orDash(l.Strategy.Voice), 600)), Escape(clip(orDash(l.Strategy.Tone), 600))
	}
	blocks := []slack.Block{
		slack.NewHeaderBlock(plainText(lang.T("content.strategy.title"))),
		slack.NewSectionBlock(mrkdwn(lang.T("content.strategy.voice", voice, tone)+"\n"+lang.T("content.strategy.pillars", pillars)), nil, nil),
		slack.NewActionBlock("strategy_actions",
			slack.NewButtonBlockElement(ActionStrategyEdit, planID, plainText(lang.T("content.strategy.edit"))),
			slack.NewButtonBlockElement(ActionPillarsOpen, planID, plainText(lang.T("content.strategy.pillars_button", len(l.Refs.Pillars)))),
		),
	}
	if line := ownersLine(lang, l.Owners); line != nil {
		blocks = append(blocks, line)
	}
	blocks = append(blocks,
		slack.NewHeaderBlock(plainText(lang.T("content.plan.title"))),
		slack.NewSectionBlock(mrkdwn(lang.N("content.intro", l.Total)), nil, slack.NewAccessory(add)),
		contentFilters(lang, meta, l.Now, l.Loc),
		slack.NewDividerBlock(),
	)
	if len(l.Items) == 0 {
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(lang.T("content.empty"))))
	}
	for _, c := range l.Items {
		id := idString(c.ID)
		text := "*" + Escape(c.Title) + "* · " + statusLabel(lang, c.Status) + "\n" + itemMeta(lang, c, l.Loc)
		var elems []slack.MixedElement
		if c.Copy != "" {
			elems = append(elems, mrkdwn(Escape(clip(c.Copy, 200))))
		}
		if refs := itemRefs(lang, c, l.Refs); refs != "" {
			elems = append(elems, mrkdwn(refs))
		}
		if link := postLink(c, l.Refs, l.PlanName); link != "" {
			elems = append(elems, mrkdwn(lang.T("content.post_link", "`"+Escape(link)+"`")))
		}
		if c.Late(l.Now) {
			elems = append(elems, mrkdwn(lang.T("content.late")))
		}
		if c.Review.Decision == plan.ReviewChangesRequested && c.Status == plan.ContentDraft {
			elems = append(elems, mrkdwn(lang.T("content.changes_requested", Escape(clip(c.Review.Comment, 300)))))
		}
		if len(elems) == 0 {
			elems = append(elems, mrkdwn(lang.T("content.no_copy")))
		}
		var extra []slack.BlockElement
		if c.Status != plan.ContentInReview && c.Status != plan.ContentPublished {
			extra = append(extra, slack.NewButtonBlockElement(ActionContentReview, id, plainText(lang.T("content.request_review"))))
		}
		blocks = append(blocks,
			slack.NewSectionBlock(mrkdwn(text), nil, nil, slack.SectionBlockOptionBlockID("content_"+id)),
			slack.NewContextBlock("", elems...),
			editDeleteButtons(lang, "content_actions_"+id, ActionContentEdit, ActionContentDelete, c.ID, c.Title, deleteStep, extra...),
		)
	}
	blocks = append(blocks, listNav(lang, "content_nav", meta.Page, l.Total)...)
	return modal(lang, CallbackContentList, lang.T("content.modal.title"), false, meta, blocks)
}

// refSelect is an optional select of references with a "none" option; nil
// when there is nothing to choose.
func refSelect(lang Lang, values []string, labels []string, selected string) *slack.SelectBlockElement {
	if len(values) == 0 {
		return nil
	}
	none := slack.NewOptionBlockObject("0", plainText(lang.T("content.ref.none")), nil)
	opts := []*slack.OptionBlockObject{none}
	var init *slack.OptionBlockObject
	for i, v := range values {
		o := slack.NewOptionBlockObject(v, plainText(clip(labels[i], 75)), nil)
		switch {
		case v == selected:
			init = o
			if len(opts) == 100 { // keep the current choice within Slack's 100 options
				opts[99] = o
				continue
			}
		case len(opts) == 100:
			continue
		}
		opts = append(opts, o)
	}
	el := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, nil, ActionInput, opts...)
	el.InitialOption = init
	return el
}

// formStatuses are the statuses the item form offers: not those only the
// review flow sets, unless the item is in one already.
func formStatuses(current plan.ContentStatus) []plan.ContentStatus {
	var out []plan.ContentStatus
	for _, s := range plan.ContentStatuses {
		if !s.ReviewOnly() || s == current {
			out = append(out, s)
		}
	}
	return out
}

// contentItemModal is the form to add (c.ID == 0) or edit a content item.
// Dates and times are read and shown in loc, the plan's zone.
func contentItemModal(lang Lang, c *plan.ContentItem, refs contentRefs, meta viewMeta, loc *time.Location) slack.ModalViewRequest {
	title := lang.T("content.modal.new")
	if c.ID != 0 {
		title = lang.T("content.modal.edit")
	}
	status := c.Status
	if status == "" {
		status = plan.ContentIdea
	}
	date := slack.NewDatePickerBlockElement(ActionInput)
	tm := slack.NewTimePickerBlockElement(ActionInput)
	if !c.PublishAt.IsZero() {
		l := c.PublishAt.In(loc)
		date.InitialDate, tm.InitialTime = l.Format(time.DateOnly), l.Format("15:04")
	}
	owner := slack.NewOptionsSelectBlockElement(slack.OptTypeUser, nil, ActionInput)
	owner.InitialUser = c.OwnerID
	reviewer := slack.NewOptionsSelectBlockElement(slack.OptTypeUser, nil, ActionInput)
	reviewer.InitialUser = c.ReviewerID
	link := textInput(c.Link, plan.MaxContentLinkLen, false)
	link.Placeholder = plainText("https://")

	blocks := []slack.Block{
		slack.NewContextBlock("", mrkdwn(lang.T("content.modal.intro", Escape(loc.String())))),
		input(BlockContentTitle, lang.T("content.field.title"), lang.T("content.field.title.hint"), textInput(c.Title, plan.MaxContentTitleLen, false), false),
		input(BlockContentNetwork, lang.T("content.field.network"), "", staticSelect(lang, "network.", plan.Networks, c.Network), false),
		input(BlockContentFormat, lang.T("content.field.format"), "", staticSelect(lang, "content.format.", plan.ContentFormats, c.Format), false),
		input(BlockContentCopy, lang.T("content.field.copy"), lang.T("content.field.copy.hint"), textInput(c.Copy, plan.MaxContentCopyLen, true), true),
		input(BlockContentLink, lang.T("content.field.link"), "", link, true),
	}
	addRef := func(block, label string, values, labels []string, selected int64) {
		if sel := refSelect(lang, values, labels, idString(selected)); sel != nil {
			blocks = append(blocks, input(block, label, "", sel, true))
		}
	}
	var values, labels []string
	for _, p := range refs.Personas {
		values, labels = append(values, idString(p.ID)), append(labels, p.Name)
	}
	addRef(BlockContentPersona, lang.T("content.field.persona"), values, labels, c.PersonaID)
	values, labels = nil, nil
	for _, p := range refs.Pillars {
		values, labels = append(values, idString(p.ID)), append(labels, p.Name)
	}
	addRef(BlockContentPillar, lang.T("content.field.pillar"), values, labels, c.PillarID)
	values, labels = nil, nil
	for _, cta := range refs.CTAs {
		values, labels = append(values, idString(cta.ID)), append(labels, cta.Text)
	}
	addRef(BlockContentCTA, lang.T("content.field.cta"), values, labels, c.CTAID)
	blocks = append(blocks,
		input(BlockContentDate, lang.T("content.field.date"), "", date, true),
		input(BlockContentTime, lang.T("content.field.time"), lang.T("content.field.time.hint"), tm, true),
		input(BlockContentOwner, lang.T("content.field.owner"), "", owner, true),
		input(BlockContentReviewer, lang.T("content.field.reviewer"), lang.T("content.field.reviewer.hint"), reviewer, true),
		input(BlockContentStatus, lang.T("content.field.status"), "", staticSelect(lang, "content.status.", formStatuses(status), status), false),
		input(BlockContentPostLink, lang.T("content.field.post_link"), lang.T("content.field.post_link.hint"),
			textInput(c.PostLink, plan.MaxContentLinkLen, false), true),
	)
	return modal(lang, CallbackContentItem, title, true, meta, blocks)
}

// contentNote is the decision note of a content item change.
func contentNote(lang Lang, key, userID string, c *plan.ContentItem, loc *time.Location) (string, []slack.Block) {
	head := lang.T(key, userMention(userID), Escape(c.Title))
	blocks := []slack.Block{slack.NewSectionBlock(mrkdwn(head), nil, nil)}
	if key != "note.content.deleted" {
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(statusLabel(lang, c.Status)+" · "+itemMeta(lang, c, loc))))
	}
	return head, blocks
}

// parseClock reads "15:04".
func parseClock(s string) (h, m int, ok bool) {
	_, err := fmt.Sscanf(s, "%d:%d", &h, &m)
	return h, m, err == nil && h >= 0 && h < 24 && m >= 0 && m < 60 && len(s) == 5
}

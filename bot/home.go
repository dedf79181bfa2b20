package bot

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/planbot/planbot/plan"
)

// The App Home dashboard: the user's plans and their progress, the content
// items waiting for the user's review and those assigned to them.

// Home limits: what fits Slack's 100 blocks with room to spare.
const (
	homeMaxPlans = 10
	homeMaxItems = 10
)

// homeItem is a content item shown on Home, with where it lives.
type homeItem struct {
	Item      *plan.ContentItem
	ChannelID string
	Loc       *time.Location
}

// homePlanRow is one plan on Home with its progress.
type homePlanRow struct {
	Plan     *plan.Plan
	Progress plan.Progress
	Mine     bool // the user owns or takes part in it
}

// dashboard is what Home shows to one user.
type dashboard struct {
	Plans     []homePlanRow
	MorePlans int
	ToReview  []homeItem
	Assigned  []homeItem
	MoreToDo  bool // more items than shown
	Live      liveDashboard
}

// homeOpened publishes the Home tab of a user who opens it.
func (b *Bot) homeOpened(ctx context.Context, ev slackevents.EventsAPIEvent) {
	var user, tab string
	switch inner := ev.InnerEvent.Data.(type) {
	case *slackevents.AppHomeOpenedEvent:
		user, tab = inner.User, inner.Tab
	case slackevents.AppHomeOpenedEvent:
		user, tab = inner.User, inner.Tab
	default:
		return
	}
	if tab == "home" || tab == "" {
		b.publishHome(ctx, ev.TeamID, user)
	}
}

// publishHome renders the App Home of a user and publishes it, unless it
// is the same as the last one published to them.
func (b *Bot) publishHome(ctx context.Context, teamID, userID string) {
	// One publish at a time per user, from render to remember: otherwise a
	// slow handler could publish a view older than the last one.
	defer b.homeLocks.lock(userID)()

	u := b.user(ctx, userID)
	loc, err := time.LoadLocation(u.TZ)
	if err != nil {
		loc = time.UTC
	}
	d, err := b.dashboard(ctx, teamID, userID, loc)
	if err != nil {
		b.Logger.Error("home: dashboard", "team_id", teamID, "user_id", userID, "error", err)
		return
	}
	view := dashboardView(u.Lang, b.routes.commands, d)
	raw, err := json.Marshal(view)
	if err != nil {
		b.Logger.Error("home: marshal view", "error", err)
		return
	}
	if !b.homes.changed(userID, string(raw)) {
		return
	}
	if _, err := b.API.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: userID, View: view}); err != nil {
		b.Logger.Warn("views.publish", "user_id", userID, "error", err)
		return
	}
	b.homes.remember(userID, string(raw))
}

// dashboard gathers what Home shows to userID in teamID: the plans they
// own or take part in first, then the other plans of the workspace, which
// show without their name or buttons, as the user may not be in their
// (maybe private) channel.
func (b *Bot) dashboard(ctx context.Context, teamID, userID string, loc *time.Location) (dashboard, error) {
	var d dashboard
	plans, err := b.Plans.ListPlansOfUser(ctx, teamID, userID)
	if err != nil {
		return d, err
	}
	all, err := b.Plans.ListPlans(ctx, teamID)
	if err != nil {
		return d, err
	}
	byID := map[int64]*plan.Plan{}
	for _, p := range plans {
		byID[p.ID] = p
	}
	shown := append([]*plan.Plan(nil), plans...)
	for _, p := range all {
		if byID[p.ID] == nil {
			shown = append(shown, p)
		}
	}
	for i, p := range shown {
		if i >= homeMaxPlans {
			d.MorePlans++
			continue
		}
		pr, err := b.progress(ctx, p)
		if err != nil {
			return d, err
		}
		d.Plans = append(d.Plans, homePlanRow{Plan: p, Progress: pr, Mine: byID[p.ID] != nil})
	}

	// Waiting for the user's review: named reviewer, or an owner of a plan
	// whose item names no reviewer.
	inReview := []plan.ContentStatus{plan.ContentInReview}
	review, _, err := b.Content.FindContentItems(ctx, plan.ContentFilter{ReviewerID: userID, Statuses: inReview, Limit: homeMaxItems + 1})
	if err != nil {
		return d, err
	}
	for _, p := range plans {
		if !p.IsOwner(userID) {
			continue
		}
		open, _, err := b.Content.FindContentItems(ctx, plan.ContentFilter{PlanID: &p.ID, Statuses: inReview, Limit: homeMaxItems + 1})
		if err != nil {
			return d, err
		}
		for _, c := range open {
			if c.ReviewerID == "" {
				review = append(review, c)
			}
		}
	}
	todo := []plan.ContentStatus{plan.ContentIdea, plan.ContentDraft, plan.ContentInReview, plan.ContentApproved, plan.ContentScheduled}
	assigned, _, err := b.Content.FindContentItems(ctx, plan.ContentFilter{OwnerID: userID, Statuses: todo, Limit: homeMaxItems + 1})
	if err != nil {
		return d, err
	}
	add := func(dst []homeItem, items []*plan.ContentItem) []homeItem {
		for _, c := range items {
			p, ok := byID[c.PlanID] // the user's plans of this team only
			if !ok || slices.ContainsFunc(dst, func(h homeItem) bool { return h.Item.ID == c.ID }) {
				continue
			}
			if len(dst) == homeMaxItems {
				d.MoreToDo = true
				break
			}
			dst = append(dst, homeItem{Item: c, ChannelID: p.ChannelID, Loc: p.Location()})
		}
		return dst
	}
	d.ToReview = add(nil, review)
	d.Assigned = add(nil, assigned)
	d.Live, err = b.liveDashboard(ctx, userID, plans, loc)
	return d, err
}

// homeOpenStep opens a step of a plan from Home: a button or the step
// select, whose value is "<channel ID>|<step>".
func (b *Bot) homeOpenStep(ctx context.Context, cb *slack.InteractionCallback, a *slack.BlockAction) {
	value := a.Value
	if value == "" {
		value = a.SelectedOption.Value
	}
	channelID, command, _ := strings.Cut(value, "|")
	if !b.routes.commands.available(command) || command == "help" || channelID == "" {
		b.Logger.Warn("home: bad step", "value", value)
		return
	}
	// Only a plan Home shows to the user: a forged value cannot open others.
	plans, err := b.Plans.ListPlansOfUser(ctx, cb.Team.ID, cb.User.ID)
	if err != nil || !slices.ContainsFunc(plans, func(p *plan.Plan) bool { return p.ChannelID == channelID }) {
		b.Logger.Warn("home: plan not shown to user", "channel_id", channelID, "user_id", cb.User.ID, "error", err)
		return
	}
	b.openStep(ctx, command, source{TeamID: cb.Team.ID, ChannelID: channelID, UserID: cb.User.ID, TriggerID: cb.TriggerID})
}

// homeOpenItem opens the form of a content item from Home.
func (b *Bot) homeOpenItem(ctx context.Context, cb *slack.InteractionCallback, a *slack.BlockAction) {
	u := b.user(ctx, cb.User.ID)
	c, p, err := b.reviewItem(ctx, a.Value)
	if err == nil && p.TeamID != cb.Team.ID {
		err = plan.Errorf(plan.ENOTFOUND, "content item %d not in team %s", c.ID, cb.Team.ID)
	}
	if err != nil {
		b.Logger.Warn("home: open item", "value", a.Value, "error", err)
		return
	}
	refs, err := b.contentRefs(ctx, p.ID)
	if err != nil {
		b.Logger.Warn("home: open item refs", "plan_id", p.ID, "error", err)
		return
	}
	meta := viewMeta{PlanID: p.ID, ChannelID: p.ChannelID, ID: c.ID, ParentID: homeParent}
	src := source{TeamID: cb.Team.ID, ChannelID: p.ChannelID, UserID: cb.User.ID, TriggerID: cb.TriggerID}
	b.openView(ctx, src, u.Lang, contentItemModal(u.Lang, c, refs, meta, p.Location()))
}

// stepIcons is the progress of a plan as one icon a step.
func stepIcons(pr plan.Progress) string {
	parts := make([]string, len(pr.Steps))
	for i, s := range pr.Steps {
		parts[i] = strconv.Itoa(s.Number) + " " + stateEmoji[s.State]
	}
	return strings.Join(parts, "  ")
}

// nextStep returns the first available step not done, or "".
func nextStep(cmds commands, pr plan.Progress) string {
	for _, s := range pr.Steps {
		if cmds.available(s.Step) && s.State != plan.StepDone {
			return s.Step
		}
	}
	return ""
}

// dashboardView is the App Home of a user.
func dashboardView(lang Lang, cmds commands, d dashboard) slack.HomeTabViewRequest {
	blocks := []slack.Block{slack.NewHeaderBlock(plainText(lang.T("home.plans")))}
	if len(d.Plans) == 0 {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(lang.T("home.none")), nil, nil))
	}
	for _, row := range d.Plans {
		p, pr := row.Plan, row.Progress
		id := strconv.FormatInt(p.ID, 10)
		if !row.Mine {
			text := lang.T("home.other_plan", p.ChannelID, pr.Done(), len(pr.Steps))
			blocks = append(blocks, slack.NewContextBlock("home_plan_"+id, mrkdwn(text)))
			continue
		}
		text := lang.T("home.plan_line", p.ChannelID, Escape(clip(orDash(p.Name), 80)), pr.Done(), len(pr.Steps)) + "\n" + stepIcons(pr)
		var elems []slack.BlockElement
		if next := nextStep(cmds, pr); next != "" {
			btn := slack.NewButtonBlockElement(ActionHomeOpenStep, p.ChannelID+"|"+next, plainText(clip(lang.T("home.continue", lang.T("step."+next+".name")), 75)))
			btn.Style = slack.StylePrimary
			elems = append(elems, btn)
		}
		var opts []*slack.OptionBlockObject
		for _, c := range cmds {
			if c.id != "help" && c.id != "export" && c.command != nil {
				opts = append(opts, slack.NewOptionBlockObject(p.ChannelID+"|"+c.id, plainText(stepTitle(lang, c.id)), nil))
			}
		}
		if len(opts) > 0 {
			elems = append(elems, slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plainText(lang.T("home.open_step")), ActionHomeStepSelect, opts...))
		}
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(text), nil, nil, slack.SectionBlockOptionBlockID("home_plan_"+id)))
		if len(elems) > 0 {
			blocks = append(blocks, slack.NewActionBlock("home_plan_actions_"+id, elems...))
		}
	}
	if d.MorePlans > 0 {
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(lang.N("home.more_plans", d.MorePlans))))
	}

	blocks = append(blocks, slack.NewDividerBlock(), slack.NewHeaderBlock(plainText(lang.T("home.to_review"))))
	if len(d.ToReview) == 0 {
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(lang.T("home.to_review.none"))))
	}
	for _, h := range d.ToReview {
		c := h.Item
		id := strconv.FormatInt(c.ID, 10)
		approve := slack.NewButtonBlockElement(ActionReviewApprove, id, plainText(lang.T("content.review.approve")))
		approve.Style = slack.StylePrimary
		blocks = append(blocks,
			slack.NewSectionBlock(mrkdwn(homeItemText(lang, h)), nil, nil, slack.SectionBlockOptionBlockID("home_review_"+id)),
			slack.NewActionBlock("home_review_actions_"+id, approve,
				slack.NewButtonBlockElement(ActionReviewChanges, id, plainText(lang.T("content.review.changes"))),
				slack.NewButtonBlockElement(ActionHomeOpenItem, id, plainText(lang.T("help.open"))),
			),
		)
	}

	blocks = append(blocks, slack.NewDividerBlock(), slack.NewHeaderBlock(plainText(lang.T("home.assigned"))))
	if len(d.Assigned) == 0 {
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(lang.T("home.assigned.none"))))
	}
	for _, h := range d.Assigned {
		id := strconv.FormatInt(h.Item.ID, 10)
		open := slack.NewButtonBlockElement(ActionHomeOpenItem, id, plainText(lang.T("help.open")))
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(homeItemText(lang, h)), nil, slack.NewAccessory(open), slack.SectionBlockOptionBlockID("home_assigned_"+id)))
	}
	if d.MoreToDo {
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(lang.T("home.more_items"))))
	}
	blocks = append(blocks, liveBlocks(lang, d.Live)...)
	blocks = append(blocks, slack.NewDividerBlock(), slack.NewContextBlock("", mrkdwn(lang.T("help.footer"))))
	return slack.HomeTabViewRequest{
		Type:       slack.VTHomeTab,
		CallbackID: CallbackHome,
		Blocks:     slack.Blocks{BlockSet: blocks},
	}
}

// stepTitle is the name of a step or utility command.
func stepTitle(lang Lang, command string) string {
	if Has("step." + command + ".name") {
		return lang.T("step." + command + ".name")
	}
	return lang.T("home.command." + command)
}

// homeItemText is a content item's line on Home.
func homeItemText(lang Lang, h homeItem) string {
	c := h.Item
	return "*" + Escape(c.Title) + "* · " + statusLabel(lang, c.Status) + " · <#" + h.ChannelID + ">\n" + itemMeta(lang, c, h.Loc)
}

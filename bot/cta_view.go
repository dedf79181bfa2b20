package bot

import (
	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// Views of step 4: the call to action form, the list with the tagged link
// of each, and the decision note. Pure functions of their data.

// ctaGoalsLimit is how many goals the goal select offers (Slack's limit).
const ctaGoalsLimit = 100

// ctaDetails is the goal, network and tagged link of a call to action:
// its frozen UTM values (see plan.CTA.Link), or the values it will be
// frozen with.
func ctaDetails(lang Lang, c *plan.CTA, goalTitle, planName string) string {
	goal := lang.T("ctas.goal_deleted")
	if c.GoalID != 0 {
		goal = Escape(goalTitle)
	}
	link := c.Link(planName, goalTitle)
	if link == "" {
		link = c.URL
	}
	return lang.T("ctas.details", lang.T("cta.kind."+string(c.Kind)), goal, lang.T("network."+string(c.Network)), "`"+Escape(link)+"`")
}

// ctaModal is the form to add (c.ID == 0) or edit a call to action. A plan
// without goals gets a note instead: a call to action serves a goal.
func ctaModal(lang Lang, c *plan.CTA, goals []*plan.Goal, meta viewMeta) slack.ModalViewRequest {
	title := lang.T("cta.modal.new")
	if c.ID != 0 {
		title = lang.T("cta.modal.edit")
	}
	if len(goals) == 0 {
		blocks := []slack.Block{slack.NewSectionBlock(mrkdwn(lang.T("cta.no_goals")), nil, nil)}
		return modal(lang, CallbackCTA, title, false, meta, blocks)
	}
	var goalOpts []*slack.OptionBlockObject
	var goalInit *slack.OptionBlockObject
	for i, g := range goals {
		if i == ctaGoalsLimit {
			break
		}
		o := slack.NewOptionBlockObject(idString(g.ID), plainText(clip(g.Title, 75)), nil)
		goalOpts = append(goalOpts, o)
		if g.ID == c.GoalID {
			goalInit = o
		}
	}
	goal := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, nil, ActionInput, goalOpts...)
	goal.InitialOption = goalInit
	url := textInput(c.URL, plan.MaxCTAURLLen, false)
	url.Placeholder = plainText("https://")

	blocks := []slack.Block{
		slack.NewContextBlock("", mrkdwn(lang.T("cta.modal.intro"))),
		input(BlockCTAKind, lang.T("cta.field.kind"), "", staticSelect(lang, "cta.kind.", plan.CTAKinds, c.Kind), false),
		input(BlockCTAText, lang.T("cta.field.text"), lang.T("cta.field.text.hint"), textInput(c.Text, plan.MaxCTATextLen, false), false),
		input(BlockCTAURL, lang.T("cta.field.url"), lang.T("cta.field.url.hint"), url, false),
		input(BlockCTAGoal, lang.T("cta.field.goal"), "", goal, false),
		input(BlockCTANetwork, lang.T("cta.field.network"), lang.T("cta.field.network.hint"), staticSelect(lang, "network.", plan.Networks, c.Network), false),
	}
	if c.ID != 0 {
		blocks = append(blocks, utmBlocks(lang, c.UTM)...)
	}
	return modal(lang, CallbackCTA, title, true, meta, blocks)
}

// utmBlocks are the inputs of a link's UTM values, under a note saying
// they stay as they are unless changed here.
func utmBlocks(lang Lang, u plan.UTM) []slack.Block {
	field := func(block, name, hint, value string, optional bool) *slack.InputBlock {
		return input(block, name, lang.T(hint), textInput(value, plan.MaxUTMValueLen, false), optional)
	}
	return []slack.Block{
		slack.NewDividerBlock(),
		slack.NewContextBlock("cta_utm_intro", mrkdwn(lang.T("cta.utm.intro"))),
		field(BlockCTAUTMSource, "utm_source", "cta.utm.source.hint", u.Source, false),
		field(BlockCTAUTMMedium, "utm_medium", "cta.utm.medium.hint", u.Medium, false),
		field(BlockCTAUTMCampaign, "utm_campaign", "cta.utm.campaign.hint", u.Campaign, false),
		field(BlockCTAUTMContent, "utm_content", "cta.utm.content.hint", u.Content, true),
	}
}

// ctaList is what the CTA list modal shows.
type ctaList struct {
	CTAs       []*plan.CTA
	Total      int
	Goals      []*plan.Goal
	WithoutCTA []*plan.Goal // goals no call to action serves
	Meta       viewMeta
	Plan       *plan.Plan
}

// ctasListModal lists one page of calls to action with their tagged links,
// and flags the goals that have none.
func ctasListModal(lang Lang, l ctaList) slack.ModalViewRequest {
	meta := l.Meta
	blocks := []slack.Block{slack.NewSectionBlock(mrkdwn(lang.N("ctas.intro", l.Total)), nil, slack.NewAccessory(addButton(lang, ActionCTAAdd, meta.PlanID, "ctas.add")))}
	if line := ownersLine(lang, l.Plan.Owners); line != nil {
		blocks = append(blocks, line)
	}
	if len(l.Goals) == 0 {
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(lang.T("cta.no_goals"))))
	}
	if len(l.WithoutCTA) > 0 {
		names := make([]string, len(l.WithoutCTA))
		for i, g := range l.WithoutCTA {
			names[i] = g.Title
		}
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(lang.T("ctas.goals_without", nameList(lang, names, len(names)))), nil, nil, slack.SectionBlockOptionBlockID("ctas_goals_without")))
	}
	blocks = append(blocks, slack.NewDividerBlock())
	titles := map[int64]string{}
	for _, g := range l.Goals {
		titles[g.ID] = g.Title
	}
	for _, c := range l.CTAs {
		id := idString(c.ID)
		blocks = append(blocks,
			slack.NewSectionBlock(mrkdwn("*"+Escape(c.Text)+"*"), nil, nil, slack.SectionBlockOptionBlockID("cta_"+id)),
			slack.NewContextBlock("", mrkdwn(ctaDetails(lang, c, titles[c.GoalID], l.Plan.Name))),
			editDeleteButtons(lang, "cta_actions_"+id, ActionCTAEdit, ActionCTADelete, c.ID, c.Text, deleteStep),
		)
	}
	blocks = append(blocks, listNav(lang, "ctas_nav", meta.Page, l.Total)...)
	return modal(lang, CallbackCTAsList, lang.T("ctas.modal.title"), false, meta, blocks)
}

// ctaNote is the decision note of a call to action added, changed or
// deleted; goalTitle is the title of the goal it serves.
func ctaNote(lang Lang, key, userID string, c *plan.CTA, goalTitle, planName string) (string, []slack.Block) {
	head := lang.T(key, userMention(userID), Escape(c.Text))
	blocks := []slack.Block{slack.NewSectionBlock(mrkdwn(head), nil, nil)}
	if key != "note.cta.deleted" {
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(ctaDetails(lang, c, goalTitle, planName))))
	}
	return head, blocks
}

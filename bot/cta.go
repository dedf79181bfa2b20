package bot

import (
	"context"
	"strconv"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// Step 4: calls to action, each tied to a goal, with a UTM-tagged link.

func init() {
	register(openRoutes, "cta", (*Bot).openCTAs)
	register(submitRoutes, CallbackCTA, (*Bot).submitCTA)
	for _, id := range []string{ActionCTAAdd, ActionCTAEdit, ActionCTADelete} {
		register(actionRoutes, id, (*Bot).ctaAction)
	}
	listRoutes[CallbackCTAsList] = (*Bot).refreshCTAs
}

// ctaFieldBlocks maps plan.CTA field names to their input blocks.
var ctaFieldBlocks = map[string]string{
	"kind":    BlockCTAKind,
	"text":    BlockCTAText,
	"url":     BlockCTAURL,
	"goal":    BlockCTAGoal,
	"network": BlockCTANetwork,
}

// ctaGoalsLimit is how many goals the goal select offers (Slack's limit).
const ctaGoalsLimit = 100

// openCTAs opens step 4: the form of a first call to action, or the list.
func (b *Bot) openCTAs(ctx context.Context, src source) {
	u := b.user(ctx, src.UserID)
	p, err := b.ensurePlan(ctx, src, u)
	if err != nil {
		b.ephemeral(ctx, src.ChannelID, src.UserID, b.errorText(u.Lang, err))
		return
	}
	meta := stepMeta{PlanID: p.ID, ChannelID: p.ChannelID}
	view, total, goals, err := b.ctasView(ctx, p, meta, u.Lang)
	if err != nil {
		b.ephemeral(ctx, src.ChannelID, src.UserID, b.errorText(u.Lang, err))
		return
	}
	if total == 0 && len(goals) > 0 && p.Authorize(src.UserID, plan.AreaCTAs) == nil {
		view = ctaModal(u.Lang, &plan.CTA{}, goals, meta)
	}
	b.openView(ctx, src, u.Lang, view)
}

// ctasView renders the CTA list of p at meta's page, and returns the total
// of CTAs and the plan's goals.
func (b *Bot) ctasView(ctx context.Context, p *plan.Plan, meta stepMeta, lang Lang) (slack.ModalViewRequest, int, []*plan.Goal, error) {
	filter := plan.CTAFilter{PlanID: &p.ID, Offset: meta.Page * listPerPage, Limit: listPerPage}
	ctas, total, err := b.CTAs.FindCTAs(ctx, filter)
	if err == nil && len(ctas) == 0 && total > 0 {
		meta.Page = lastPage(meta.Page, total)
		filter.Offset = meta.Page * listPerPage
		ctas, total, err = b.CTAs.FindCTAs(ctx, filter)
	}
	if err != nil {
		return slack.ModalViewRequest{}, 0, nil, err
	}
	goals, _, err := b.Goals.FindGoals(ctx, plan.GoalFilter{PlanID: &p.ID})
	if err != nil {
		return slack.ModalViewRequest{}, 0, nil, err
	}
	all, _, err := b.CTAs.FindCTAs(ctx, plan.CTAFilter{PlanID: &p.ID})
	if err != nil {
		return slack.ModalViewRequest{}, 0, nil, err
	}
	served := map[int64]bool{}
	for _, c := range all {
		served[c.GoalID] = true
	}
	var without []*plan.Goal
	for _, g := range goals {
		if !served[g.ID] {
			without = append(without, g)
		}
	}
	return ctasListModal(lang, ctaList{CTAs: ctas, Total: total, Goals: goals, WithoutCTA: without, Meta: meta, Plan: p}), total, goals, nil
}

// refreshCTAs redraws the CTA list viewID.
func (b *Bot) refreshCTAs(ctx context.Context, viewID string, meta stepMeta, lang Lang) {
	b.refreshWith(ctx, viewID, meta.PlanID, "ctas", func(p *plan.Plan) (slack.ModalViewRequest, error) {
		view, _, _, err := b.ctasView(ctx, p, meta, lang)
		return view, err
	})
}

// planCTA loads the call to action whose ID a button carried, checking
// that it belongs to the plan of the view.
func (b *Bot) planCTA(ctx context.Context, planID int64, value string) (*plan.CTA, error) {
	return loadInPlan(ctx, planID, value, "call to action", b.CTAs.FindCTAByID, func(v *plan.CTA) int64 { return v.PlanID })
}

// ctaAction handles the buttons of the CTA list.
func (b *Bot) ctaAction(ctx context.Context, cb *slack.InteractionCallback, a *slack.BlockAction) {
	u := b.user(ctx, cb.User.ID)
	meta, err := parseStepMeta(cb.View.PrivateMetadata)
	if err != nil {
		b.Logger.Warn("cta action without plan", "action_id", a.ActionID, "error", err)
		return
	}
	c := &plan.CTA{}
	if a.ActionID != ActionCTAAdd {
		if c, err = b.planCTA(ctx, meta.PlanID, a.Value); err != nil {
			b.refuse(ctx, u.Lang, meta.PlanID, meta.ChannelID, cb.User.ID, err)
			b.refreshCTAs(ctx, cb.View.ID, meta, u.Lang)
			return
		}
	}
	if a.ActionID == ActionCTADelete {
		if err := b.CTAs.DeleteCTA(actor(ctx, cb.User.ID), c.ID); err != nil {
			b.refuse(ctx, u.Lang, meta.PlanID, meta.ChannelID, cb.User.ID, err)
			return
		}
		b.refreshCTAs(ctx, cb.View.ID, meta, u.Lang)
		b.notePlan(ctx, meta.PlanID, cb.User.ID, func(lang Lang) (string, []slack.Block) {
			head := lang.T("note.cta.deleted", userMention(cb.User.ID), Escape(c.Text))
			return head, []slack.Block{slack.NewSectionBlock(mrkdwn(head), nil, nil)}
		})
		return
	}
	if !b.mayChange(ctx, meta, cb.User.ID, u.Lang, plan.AreaCTAs) {
		return
	}
	goals, _, err := b.Goals.FindGoals(ctx, plan.GoalFilter{PlanID: &meta.PlanID, Limit: ctaGoalsLimit})
	if err != nil {
		b.refuse(ctx, u.Lang, meta.PlanID, meta.ChannelID, cb.User.ID, err)
		return
	}
	b.pushView(ctx, cb, ctaModal(u.Lang, c, goals, meta.child(cb.View.ID, c.ID)))
}

// submitCTA stores the CTA form.
func (b *Bot) submitCTA(ctx context.Context, env *envelope, cb *slack.InteractionCallback) {
	u := b.user(ctx, cb.User.ID)
	meta, err := parseStepMeta(cb.View.PrivateMetadata)
	if err != nil {
		env.ack(slack.NewErrorsViewSubmissionResponse(map[string]string{BlockCTAText: u.Lang.T("error.generic")}))
		return
	}
	f := formState{cb.View.State}
	kind, text, url := plan.CTAKind(f.selected(BlockCTAKind)), f.text(BlockCTAText), f.text(BlockCTAURL)
	network := plan.Network(f.selected(BlockCTANetwork))
	goalID, _ := parseID(f.selected(BlockCTAGoal)) // a bad value is 0: "choose a goal"
	upd := plan.CTAUpdate{Kind: &kind, Text: &text, URL: &url, GoalID: &goalID, Network: &network}

	ctx = actor(ctx, cb.User.ID)
	c, key := &plan.CTA{PlanID: meta.PlanID, CreatedBy: cb.User.ID}, "note.cta.created"
	if meta.ID == 0 {
		upd.Apply(c)
		err = b.CTAs.CreateCTA(ctx, c)
	} else if _, err = b.planCTA(ctx, meta.PlanID, strconv.FormatInt(meta.ID, 10)); err == nil {
		key = "note.cta.updated"
		c, err = b.CTAs.UpdateCTA(ctx, meta.ID, upd)
	}
	if !b.answerSubmit(ctx, env, u.Lang, meta, cb.User.ID, err, ctaFieldBlocks, BlockCTAText) {
		return
	}
	b.Logger.Info("cta saved", "plan_id", meta.PlanID, "cta_id", c.ID, "user_id", cb.User.ID)
	if meta.ParentID != "" {
		b.refreshCTAs(ctx, meta.ParentID, meta, u.Lang)
	}
	p, err := b.Plans.FindPlanByID(ctx, meta.PlanID)
	if err != nil {
		return
	}
	goal := ""
	if g, err := b.Goals.FindGoalByID(ctx, c.GoalID); err == nil {
		goal = g.Title
	}
	lang := planLang(p)
	head := lang.T(key, userMention(cb.User.ID), Escape(c.Text))
	blocks := []slack.Block{
		slack.NewSectionBlock(mrkdwn(head), nil, nil),
		slack.NewContextBlock("", mrkdwn(ctaDetails(lang, c, goal, p.Name))),
	}
	b.postNote(ctx, p.ChannelID, cb.User.ID, lang, head, blocks)
}

// ctaDetails is the goal, network and tagged link of a call to action.
func ctaDetails(lang Lang, c *plan.CTA, goalTitle, planName string) string {
	goal := lang.T("ctas.goal_deleted")
	if c.GoalID != 0 {
		goal = Escape(goalTitle)
	}
	link := c.TaggedURL(planName, goalTitle)
	if link == "" {
		link = c.URL
	}
	return lang.T("ctas.details", lang.T("cta.kind."+string(c.Kind)), goal, lang.T("network."+string(c.Network)), "`"+Escape(link)+"`")
}

// ctaModal is the form to add (c.ID == 0) or edit a call to action. A plan
// without goals gets a note instead: a call to action serves a goal.
func ctaModal(lang Lang, c *plan.CTA, goals []*plan.Goal, meta stepMeta) slack.ModalViewRequest {
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
		o := slack.NewOptionBlockObject(strconv.FormatInt(g.ID, 10), plainText(clip(g.Title, 75)), nil)
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
	return modal(lang, CallbackCTA, title, true, meta, blocks)
}

// ctaList is what the CTA list modal shows.
type ctaList struct {
	CTAs       []*plan.CTA
	Total      int
	Goals      []*plan.Goal
	WithoutCTA []*plan.Goal // goals no call to action serves
	Meta       stepMeta
	Plan       *plan.Plan
}

// ctasListModal lists one page of calls to action with their tagged links,
// and flags the goals that have none.
func ctasListModal(lang Lang, l ctaList) slack.ModalViewRequest {
	meta := l.Meta
	add := slack.NewButtonBlockElement(ActionCTAAdd, strconv.FormatInt(meta.PlanID, 10), plainText(lang.T("ctas.add")))
	add.Style = slack.StylePrimary
	blocks := []slack.Block{slack.NewSectionBlock(mrkdwn(lang.N("ctas.intro", l.Total)), nil, slack.NewAccessory(add))}
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
		id := strconv.FormatInt(c.ID, 10)
		blocks = append(blocks,
			slack.NewSectionBlock(mrkdwn("*"+Escape(c.Text)+"*"), nil, nil, slack.SectionBlockOptionBlockID("cta_"+id)),
			slack.NewContextBlock("", mrkdwn(ctaDetails(lang, c, titles[c.GoalID], l.Plan.Name))),
			editDeleteButtons(lang, "cta_actions_"+id, ActionCTAEdit, ActionCTADelete, c.ID, c.Text),
		)
	}
	blocks = append(blocks, pageNav(lang, "ctas_nav", meta.Page, l.Total)...)
	return modal(lang, CallbackCTAsList, lang.T("ctas.modal.title"), false, meta, blocks)
}

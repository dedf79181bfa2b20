package bot

import (
	"context"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// Step 3, the tactical half: the content plan's items.

// openContent opens step 3: the strategy summary and the content plan.
func (b *Bot) openContent(ctx context.Context, src source) {
	u, p, ok := b.openPlan(ctx, src)
	if !ok {
		return
	}
	view, err := b.contentView(ctx, p, viewMeta{PlanID: p.ID, ChannelID: p.ChannelID}, u.Lang)
	if err != nil {
		b.ephemeral(ctx, src.ChannelID, src.UserID, b.errorText(u.Lang, err))
		return
	}
	b.openView(ctx, src, u.Lang, view)
}

// contentRefs loads what a plan's items may point to: at most 100 of each,
// Slack's limit of options in a select.
func (b *Bot) contentRefs(ctx context.Context, planID int64) (contentRefs, error) {
	var refs contentRefs
	var err error
	if refs.Personas, _, err = b.Personas.FindPersonas(ctx, plan.PersonaFilter{PlanID: &planID, Limit: 100}); err != nil {
		return refs, err
	}
	if refs.Pillars, _, err = b.Strategy.FindPillars(ctx, plan.PillarFilter{PlanID: &planID, Limit: 100}); err != nil {
		return refs, err
	}
	refs.CTAs, _, err = b.CTAs.FindCTAs(ctx, plan.CTAFilter{PlanID: &planID, Limit: 100})
	return refs, err
}

// contentFilter turns the list's metadata into a filter in the plan's zone.
func contentFilter(p *plan.Plan, meta viewMeta) plan.ContentFilter {
	f := plan.ContentFilter{PlanID: &p.ID, Offset: meta.Page * listPerPage, Limit: listPerPage}
	if s := plan.ContentStatus(meta.Status); s.Valid() {
		f.Statuses = []plan.ContentStatus{s}
	}
	if from, to, ok := weekRange(meta.Week, p.Location()); ok {
		f.From, f.To = from, to
	}
	return f
}

// contentView renders the content list of p at meta's page and filters.
func (b *Bot) contentView(ctx context.Context, p *plan.Plan, meta viewMeta, lang Lang) (slack.ModalViewRequest, error) {
	filter := contentFilter(p, meta)
	items, total, err := b.Content.FindContentItems(ctx, filter)
	if err == nil && len(items) == 0 && total > 0 {
		meta.Page = lastPage(meta.Page, total, listPerPage)
		filter.Offset = meta.Page * listPerPage
		items, total, err = b.Content.FindContentItems(ctx, filter)
	}
	if err != nil {
		return slack.ModalViewRequest{}, err
	}
	st, err := b.Strategy.FindStrategy(ctx, p.ID)
	if err != nil {
		return slack.ModalViewRequest{}, err
	}
	refs, err := b.contentRefs(ctx, p.ID)
	if err != nil {
		return slack.ModalViewRequest{}, err
	}
	return contentListModal(lang, contentList{
		Items: items, Total: total, Meta: meta, Strategy: st, Refs: refs,
		Owners: p.Owners, Now: b.Now(), Loc: p.Location(),
	}), nil
}

// refreshContent redraws the content list viewID.
func (b *Bot) refreshContent(ctx context.Context, viewID string, meta viewMeta, lang Lang) {
	b.refreshWith(ctx, viewID, meta.PlanID, "content", func(p *plan.Plan) (slack.ModalViewRequest, error) {
		view, err := b.contentView(ctx, p, meta, lang)
		return view, err
	})
}

// planContentItem loads the item whose ID a button carried, checking that it
// belongs to the plan of the view.
func (b *Bot) planContentItem(ctx context.Context, planID int64, value string) (*plan.ContentItem, error) {
	id, ok := parseID(value)
	if !ok {
		return nil, plan.Errorf(plan.ENOTFOUND, "content item %q not found", value)
	}
	c, err := b.Content.FindContentItemByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if planID != 0 && c.PlanID != planID {
		return nil, plan.Errorf(plan.ENOTFOUND, "content item %d not in plan %d", id, planID)
	}
	return c, nil
}

// contentAction handles the buttons and filters of the content list.
func (b *Bot) contentAction(ctx context.Context, cb *slack.InteractionCallback, a *slack.BlockAction) {
	u, meta, ok := b.click(ctx, cb, a)
	if !ok {
		return
	}
	switch a.ActionID {
	case ActionContentStatus, ActionContentWeek:
		v := a.SelectedOption.Value
		if v == "all" {
			v = ""
		}
		if a.ActionID == ActionContentStatus {
			meta.Status = v
		} else {
			meta.Week = v
		}
		meta.Page = 0
		b.refreshContent(ctx, cb.View.ID, meta, u.Lang)
		return
	case ActionContentAdd:
		b.pushItemForm(ctx, cb, u.Lang, meta, &plan.ContentItem{OwnerID: cb.User.ID, Status: plan.ContentIdea})
		return
	}
	c, err := b.planContentItem(ctx, meta.PlanID, a.Value)
	if err != nil {
		b.refuse(ctx, u.Lang, meta.PlanID, meta.ChannelID, cb.User.ID, err)
		b.refreshContent(ctx, cb.View.ID, meta, u.Lang)
		return
	}
	switch a.ActionID {
	case ActionContentEdit:
		b.pushItemForm(ctx, cb, u.Lang, meta, c)
	case ActionContentDelete:
		if err := b.Content.DeleteContentItem(actor(ctx, cb.User.ID), c.ID); err != nil {
			b.refuse(ctx, u.Lang, meta.PlanID, meta.ChannelID, cb.User.ID, err)
			return
		}
		b.refreshContent(ctx, cb.View.ID, meta, u.Lang)
		b.noteItem(ctx, cb.User.ID, "note.content.deleted", c)
	case ActionContentReview:
		b.requestReview(ctx, cb.User.ID, u.Lang, meta, c)
		b.refreshContent(ctx, cb.View.ID, meta, u.Lang)
	}
}

// pushItemForm pushes the item form over the content list.
func (b *Bot) pushItemForm(ctx context.Context, cb *slack.InteractionCallback, lang Lang, meta viewMeta, c *plan.ContentItem) {
	p, err := b.Plans.FindPlanByID(ctx, meta.PlanID)
	if err != nil {
		b.refuse(ctx, lang, meta.PlanID, meta.ChannelID, cb.User.ID, err)
		return
	}
	refs, err := b.contentRefs(ctx, p.ID)
	if err != nil {
		b.refuse(ctx, lang, meta.PlanID, meta.ChannelID, cb.User.ID, err)
		return
	}
	b.pushView(ctx, cb, contentItemModal(lang, c, refs, meta.child(cb.View.ID, c.ID), p.Location()))
}

// readContentForm reads the item form into an update with every field
// set, and the catalogue keys of the fields that could not be read.
func readContentForm(state *slack.ViewState, loc *time.Location) (plan.ContentItemUpdate, map[string]string) {
	f := formState{state}
	errs := map[string]string{}
	ref := func(block, field string) int64 {
		v := f.selected(block)
		if v == "" || v == "0" {
			return 0
		}
		id, ok := parseID(v)
		if !ok {
			errs[field] = "content." + field + ".invalid"
		}
		return id
	}
	title, copyText, link := f.text(BlockContentTitle), f.text(BlockContentCopy), f.text(BlockContentLink)
	network, format := plan.Network(f.selected(BlockContentNetwork)), plan.ContentFormat(f.selected(BlockContentFormat))
	persona, pillar, cta := ref(BlockContentPersona, "persona"), ref(BlockContentPillar, "pillar"), ref(BlockContentCTA, "cta")
	owner, reviewer := f.get(BlockContentOwner).SelectedUser, f.get(BlockContentReviewer).SelectedUser
	status := plan.ContentStatus(f.selected(BlockContentStatus))

	var at time.Time
	day, clock := f.get(BlockContentDate).SelectedDate, f.get(BlockContentTime).SelectedTime
	switch {
	case day == "" && clock != "":
		errs["publish_date"] = "content.date.required"
	case day != "":
		if clock == "" {
			clock = "09:00"
		}
		d, err := time.Parse(time.DateOnly, day)
		h, m, ok := parseClock(clock)
		switch {
		case err != nil:
			errs["publish_date"] = "content.date.invalid"
		case !ok:
			errs["publish_time"] = "content.time.invalid"
		default:
			at = time.Date(d.Year(), d.Month(), d.Day(), h, m, 0, 0, loc)
		}
	}
	return plan.ContentItemUpdate{
		Title: &title, Network: &network, Format: &format, Copy: &copyText, Link: &link,
		PersonaID: &persona, PillarID: &pillar, CTAID: &cta, PublishAt: &at,
		OwnerID: &owner, ReviewerID: &reviewer, Status: &status,
	}, errs
}

// submitContentItem stores the item form.
func (b *Bot) submitContentItem(ctx context.Context, env *envelope, cb *slack.InteractionCallback) {
	u := b.user(ctx, cb.User.ID)
	meta, err := parsePlanMeta(cb.View.PrivateMetadata)
	var p *plan.Plan
	if err == nil {
		p, err = b.Plans.FindPlanByID(ctx, meta.PlanID)
	}
	if err != nil {
		b.Logger.Warn("content submission without plan", "user_id", cb.User.ID, "error", err)
		ackErrors(env, map[string]string{BlockContentTitle: u.Lang.T("error.generic")})
		return
	}
	upd, parseErrs := readContentForm(cb.View.State, p.Location())
	if len(parseErrs) > 0 {
		errs := map[string]string{}
		for field, key := range parseErrs {
			errs[contentFieldBlocks[field]] = u.Lang.T(key)
		}
		ackErrors(env, errs)
		return
	}
	ctx = actor(ctx, cb.User.ID)
	c, key := &plan.ContentItem{PlanID: p.ID, CreatedBy: cb.User.ID}, "note.content.created"
	if meta.ID == 0 {
		upd.Apply(c)
		err = b.Content.CreateContentItem(ctx, c)
	} else if _, err = b.planContentItem(ctx, p.ID, idString(meta.ID)); err == nil {
		key = "note.content.updated"
		c, err = b.Content.UpdateContentItem(ctx, meta.ID, upd)
	}
	if err != nil {
		b.ackError(ctx, env, u.Lang, meta, cb.User.ID, err, contentFieldBlocks, BlockContentTitle)
		return
	}
	env.ack(nil)
	b.Logger.Info("content item saved", "plan_id", p.ID, "item_id", c.ID, "user_id", cb.User.ID)
	switch meta.ParentID {
	case "":
	case homeParent:
		b.publishHome(ctx, cb.Team.ID, cb.User.ID)
	default:
		b.refreshContent(ctx, meta.ParentID, meta, u.Lang)
	}
	b.noteItem(ctx, cb.User.ID, key, c)
}

// noteItem posts the decision note of an item change.
func (b *Bot) noteItem(ctx context.Context, userID, key string, c *plan.ContentItem) {
	p, err := b.Plans.FindPlanByID(ctx, c.PlanID)
	if err != nil {
		b.Logger.Warn("note: find plan", "plan_id", c.PlanID, "error", err)
		return
	}
	lang := planLang(p)
	text, blocks := contentNote(lang, key, userID, c, p.Location())
	b.postNote(ctx, p.ChannelID, userID, lang, text, blocks)
}

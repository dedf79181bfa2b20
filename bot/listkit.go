package bot

import (
	"context"
	"slices"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// listKit is the shape of a list step: a modal listing one page of a
// plan's entities of one kind, with Add, Edit and Delete buttons, and a
// form to add or edit one, pushed over the list. Goals (step 1), personas
// (step 2), content items and pillars (step 3) and calls to action (step
// 4) are list kits.
//
// The kit does what every list step does in Slack: it opens the step (the
// form of a first entity when the list is empty and the user may add one),
// turns pages, pushes the form, checks that the entity a button or a form
// names belongs to the view's plan, answers the submission (field errors
// stay in the form with what was typed), redraws the list under the form
// and posts the decision note in the plan's channel. The plan is read once
// per click or submission and passed to every function of the step.
//
// To move a step onto the kit, follow goals.go: fill in a listKit with the
// step's functions (the views are the pure functions of <step>_view.go),
// then add its rows to routes.go: the command (kit.open), the Add, Edit and
// Delete actions (kit.add, kit.edit, kit.delete), the form's submission
// (kit.submit) and the list's pages (kit.page). The list view pages with
// listNav and its buttons use editDeleteButtons.
type listKit[T any] struct {
	// Noun names the entity in logs ("goal": "goal saved", goal_id) and in
	// the catalogue keys of its decision notes: "note.goal.created",
	// "note.goal.updated" and "note.goal.deleted".
	Noun string
	// Area is the part of the plan its owners guard.
	Area plan.Area
	// Fields maps the field names of the entity's plan.Error to the input
	// blocks of the form; an error of another field shows on FirstBlock.
	Fields     map[string]string
	FirstBlock string

	// List loads page m.Page of p's entities (the last page when fewer
	// remain now) with whatever else the list shows, and renders it.
	List func(b *Bot, ctx context.Context, p *plan.Plan, m viewMeta, lang Lang) (listView, error)
	// New returns the entity the form of a new one starts from: userID
	// is who adds it.
	New func(userID string) *T
	// Form loads what the form needs besides v, and renders it; v.ID is
	// 0 for a new entity.
	Form func(b *Bot, ctx context.Context, p *plan.Plan, v *T, m viewMeta, lang Lang) (slack.ModalViewRequest, error)
	// Find returns the entity with id, whatever its plan: the kit checks
	// the plan with Ref.
	Find func(b *Bot, ctx context.Context, id int64) (*T, error)
	// Ref returns the plan and the ID of an entity.
	Ref func(v *T) (planID, id int64)
	// Save reads the submitted form over stored (nil for a new entity),
	// validates it and stores it in one write. Every invalid field comes
	// back at once, as plan.FieldErrors, with nothing stored. ctx carries
	// the acting user.
	Save func(b *Bot, ctx context.Context, p *plan.Plan, stored *T, form formState, userID string) (*T, error)
	// Delete removes v; ctx carries the acting user.
	Delete func(b *Bot, ctx context.Context, v *T) error
	// Note renders the decision note key of a change of v made by userID,
	// in the plan's language lang, loading what else it names.
	Note func(b *Bot, ctx context.Context, lang Lang, key, userID string, v *T, p *plan.Plan) (string, []slack.Block)

	// Optional, added for step 3 (content items and pillars).

	// Filtered keeps the filters of the list's metadata (Status, Week,
	// Mine, Owner) when the kit redraws it: the content list's, or those of the
	// list under a pushed list, which Under redraws with.
	Filtered bool
	// Under, when set, redraws the view under the list, viewID, once an
	// entity was saved or deleted: the list is pushed over another screen
	// that shows its entities too (pillars over the content list, whose
	// strategy names them). m is the list's metadata. The list keeps that
	// view's ID in its ParentID.
	Under func(b *Bot, ctx context.Context, p *plan.Plan, viewID string, m viewMeta, lang Lang)

	// Optional, added for step 7 (the engagement queue).

	// Announce, when set, replaces the decision note of an entity saved
	// by userID: the step posts a message of its own. The engagement queue
	// posts the item, whose thread then holds its reminders.
	Announce func(b *Bot, ctx context.Context, p *plan.Plan, v *T, userID string)

	// Optional, added for issue 17 (approvals).

	// Saved, when set, follows up a save once the form is closed: stored
	// is the entity before (nil for a new one), saved after.
	Saved func(b *Bot, ctx context.Context, p *plan.Plan, stored, saved *T)
}

// listView is a rendered list and what the kit needs to know of it.
type listView struct {
	View  slack.ModalViewRequest
	Total int // the plan's entities, on every page
	// NoForm is set when the form cannot be filled in yet (a call to
	// action needs a goal): an empty list then opens as the list, which
	// says why.
	NoForm bool
}

// open opens the step for the source channel's plan, creating the plan
// at its first command: the list, or the form of a first entity.
func (k *listKit[T]) open(b *Bot, ctx context.Context, src source) {
	u, p, ok := b.openPlan(ctx, src)
	if !ok {
		return
	}
	m := viewMeta{PlanID: p.ID, ChannelID: p.ChannelID}
	l, err := k.List(b, ctx, p, m, u.Lang)
	view := l.View
	if err == nil && l.Total == 0 && !l.NoForm && p.Authorize(src.UserID, k.Area) == nil {
		view, err = k.Form(b, ctx, p, k.New(src.UserID), m, u.Lang)
	}
	if err != nil {
		b.ephemeral(ctx, src.ChannelID, src.UserID, b.errorText(u.Lang, err))
		return
	}
	b.openView(ctx, src, u.Lang, view)
}

// listClick is a click in the list modal: who clicked, the plan of the
// list, read once, and the list's metadata.
type listClick struct {
	User userInfo
	Plan *plan.Plan
	Meta viewMeta
	ID   int64 // the entity the button names, 0 for none
}

// click reads the click cb; ok is false when the click was answered
// already (a view without plan, a plan gone).
func (k *listKit[T]) click(b *Bot, ctx context.Context, cb *slack.InteractionCallback, a *slack.BlockAction) (listClick, bool) {
	u, m, ok := b.click(ctx, cb, a)
	if !ok {
		return listClick{}, false
	}
	c := listClick{User: u, Meta: m}
	c.ID, _ = parseID(a.Value)
	var err error
	if c.Plan, err = b.Plans.FindPlanByID(ctx, m.PlanID); err != nil {
		b.refuseIn(ctx, c.User.Lang, nil, c.Meta.ChannelID, cb.User.ID, err)
		return c, false
	}
	return c, true
}

// inPlan returns the entity whose ID a button or a form carries, checking
// that it belongs to the plan p: a forged value cannot reach another plan.
func (k *listKit[T]) inPlan(b *Bot, ctx context.Context, p *plan.Plan, id int64) (*T, error) {
	find := func(ctx context.Context, id int64) (*T, error) { return k.Find(b, ctx, id) }
	planOf := func(v *T) int64 { planID, _ := k.Ref(v); return planID }
	return findInPlan(ctx, p.ID, id, k.Noun, find, planOf)
}

// add pushes the form of a new entity over the list, when the user may
// add one.
func (k *listKit[T]) add(b *Bot, ctx context.Context, cb *slack.InteractionCallback, a *slack.BlockAction) {
	if c, ok := k.click(b, ctx, cb, a); ok {
		k.pushForm(b, ctx, cb, c, k.New(cb.User.ID))
	}
}

// edit pushes the form of the entity the button names over the list.
func (k *listKit[T]) edit(b *Bot, ctx context.Context, cb *slack.InteractionCallback, a *slack.BlockAction) {
	c, ok := k.click(b, ctx, cb, a)
	if !ok {
		return
	}
	v, err := k.inPlan(b, ctx, c.Plan, c.ID)
	if err != nil {
		b.refuseIn(ctx, c.User.Lang, c.Plan, c.Meta.ChannelID, cb.User.ID, err)
		k.redraw(b, ctx, cb.View.ID, c.Plan, c.Meta, c.User.Lang)
		return
	}
	k.pushForm(b, ctx, cb, c, v)
}

// pushForm pushes the form of v when the user may change the step, and
// tells them why not otherwise: the service checks again when saving, but
// this spares filling a form in vain.
func (k *listKit[T]) pushForm(b *Bot, ctx context.Context, cb *slack.InteractionCallback, c listClick, v *T) {
	if err := c.Plan.Authorize(cb.User.ID, k.Area); err != nil {
		b.refuseIn(ctx, c.User.Lang, c.Plan, c.Meta.ChannelID, cb.User.ID, err)
		return
	}
	_, id := k.Ref(v)
	form, err := k.Form(b, ctx, c.Plan, v, c.Meta.child(cb.View.ID, id), c.User.Lang)
	if err != nil {
		b.refuseIn(ctx, c.User.Lang, c.Plan, c.Meta.ChannelID, cb.User.ID, err)
		return
	}
	b.pushView(ctx, cb, form)
}

// delete deletes the entity the button names (Slack asked to confirm),
// redraws the list and posts the decision note.
func (k *listKit[T]) delete(b *Bot, ctx context.Context, cb *slack.InteractionCallback, a *slack.BlockAction) {
	c, ok := k.click(b, ctx, cb, a)
	if !ok {
		return
	}
	v, err := k.inPlan(b, ctx, c.Plan, c.ID)
	if err == nil {
		err = k.Delete(b, actor(ctx, cb.User.ID), v)
	}
	if err != nil {
		b.refuseIn(ctx, c.User.Lang, c.Plan, c.Meta.ChannelID, cb.User.ID, err)
		if plan.ErrorCode(err) == plan.ENOTFOUND {
			k.redraw(b, ctx, cb.View.ID, c.Plan, c.Meta, c.User.Lang)
		}
		return
	}
	b.Logger.Info(k.Noun+" deleted", "plan_id", c.Plan.ID, k.Noun+"_id", c.ID, "user_id", cb.User.ID)
	k.redraw(b, ctx, cb.View.ID, c.Plan, c.Meta, c.User.Lang)
	k.redrawUnder(b, ctx, c.Plan, c.Meta, c.User.Lang)
	b.note(ctx, c.Plan, cb.User.ID, func(lang Lang) (string, []slack.Block) {
		return k.Note(b, ctx, lang, "note."+k.Noun+".deleted", cb.User.ID, v, c.Plan)
	})
}

// page redraws the list at the page of its Previous or Next button.
func (k *listKit[T]) page(b *Bot, ctx context.Context, cb *slack.InteractionCallback, m viewMeta, lang Lang) {
	p, err := b.Plans.FindPlanByID(ctx, m.PlanID)
	if err != nil {
		b.Logger.Warn("page "+k.Noun+"s: find plan", "plan_id", m.PlanID, "error", err)
		return
	}
	k.redraw(b, ctx, cb.View.ID, p, m, lang)
}

// redraw redraws the list modal viewID of plan p at m.Page, with the
// list's filters of m.
func (k *listKit[T]) redraw(b *Bot, ctx context.Context, viewID string, p *plan.Plan, m viewMeta, lang Lang) {
	if viewID == "" {
		return
	}
	lm := viewMeta{PlanID: p.ID, ChannelID: p.ChannelID, Page: m.Page}
	if k.Filtered {
		lm.Status, lm.Week, lm.Mine, lm.Owner = m.Status, m.Week, m.Mine, m.Owner
	}
	if k.Under != nil {
		lm.ParentID = m.ParentID
	}
	lm.Walk = m.Walk // the list is a screen of /plan start
	l, err := k.List(b, ctx, p, lm, lang)
	if err != nil {
		b.Logger.Warn("redraw "+k.Noun+"s", "plan_id", p.ID, "error", err)
		return
	}
	b.updateView(ctx, viewID, b.walked(ctx, p, lm, lang, l.View))
}

// redrawUnder redraws the view under the list whose metadata is m, when
// the kit has one (see Under).
func (k *listKit[T]) redrawUnder(b *Bot, ctx context.Context, p *plan.Plan, m viewMeta, lang Lang) {
	if k.Under != nil && m.ParentID != "" {
		k.Under(b, ctx, p, m.ParentID, m, lang)
	}
}

// listOfForm returns the metadata of the list a form was pushed over,
// from the form's own: the view under that list is the form's RootID.
func listOfForm(m viewMeta) viewMeta {
	l := m
	l.ID, l.ParentID, l.RootID = 0, m.RootID, ""
	return l
}

// submit answers the form: it reads the plan once, checks the user may
// change the step, saves the entity in one write, then closes the form,
// redraws the list under it and posts the decision note, all with that
// plan.
func (k *listKit[T]) submit(b *Bot, ctx context.Context, env *envelope, cb *slack.InteractionCallback) {
	u := b.user(ctx, cb.User.ID)
	m, err := parsePlanMeta(cb.View.PrivateMetadata)
	if err != nil {
		b.Logger.Warn(k.Noun+" submission without plan", "user_id", cb.User.ID, "error", err)
		ackErrors(env, map[string]string{k.FirstBlock: u.Lang.T("error.generic")})
		return
	}
	p, err := b.Plans.FindPlanByID(ctx, m.PlanID)
	var stored *T
	if err == nil && m.ID != 0 {
		stored, err = k.inPlan(b, ctx, p, m.ID)
	}
	if err == nil {
		err = p.Authorize(cb.User.ID, k.Area)
	}
	var saved *T
	if err == nil {
		saved, err = k.Save(b, actor(ctx, cb.User.ID), p, stored, formState{cb.View.State}, cb.User.ID)
	}
	if err != nil {
		b.ackError(ctx, env, u.Lang, m, cb.User.ID, err, k.Fields, k.FirstBlock)
		return
	}
	env.ack(nil)
	if k.Saved != nil {
		k.Saved(b, ctx, p, stored, saved)
	}
	_, id := k.Ref(saved)
	b.Logger.Info(k.Noun+" saved", "plan_id", p.ID, k.Noun+"_id", id, "user_id", cb.User.ID)
	if m.ParentID == homeParent { // a form opened from Home (a content item)
		b.publishHome(ctx, cb.Team.ID, cb.User.ID)
	} else {
		k.redraw(b, ctx, m.ParentID, p, listOfForm(m), u.Lang)
		k.redrawUnder(b, ctx, p, listOfForm(m), u.Lang)
	}
	if k.Announce != nil {
		k.Announce(b, ctx, p, saved, cb.User.ID)
		return
	}
	key := "note." + k.Noun + ".created"
	if stored != nil {
		key = "note." + k.Noun + ".updated"
	}
	b.note(ctx, p, cb.User.ID, func(lang Lang) (string, []slack.Block) {
		return k.Note(b, ctx, lang, key, cb.User.ID, saved, p)
	})
}

// routes are the routes of the kit's form (callback ID form), its list
// (callback ID list) and the list's Add, Edit and Delete buttons.
func (k *listKit[T]) routes(form, list, add, edit, del string) []route {
	return slices.Concat(view(form, k.submit), paged(list, k.page),
		actions(k.add, add), actions(k.edit, edit), actions(k.delete, del))
}

// actor returns ctx carrying the acting user, whom the services check
// against the plan's owners.
func actor(ctx context.Context, userID string) context.Context {
	return plan.NewContextWithUser(ctx, userID)
}

// findInPlan loads with find the entity id that a button or a view
// carried, and checks that it belongs to planID: a forged value cannot
// reach another plan. what names the entity in errors, which are
// ENOTFOUND.
func findInPlan[T any](ctx context.Context, planID, id int64, what string,
	find func(context.Context, int64) (*T, error), planOf func(*T) int64) (*T, error) {
	if id <= 0 {
		return nil, plan.Errorf(plan.ENOTFOUND, "%s %d not found", what, id)
	}
	v, err := find(ctx, id)
	if err != nil {
		return nil, err
	}
	if planOf(v) != planID {
		return nil, plan.Errorf(plan.ENOTFOUND, "%s %d not in plan %d", what, id, planID)
	}
	return v, nil
}

// loadInPlan is findInPlan for an ID as a button's value carries it.
func loadInPlan[T any](ctx context.Context, planID int64, value, what string,
	find func(context.Context, int64) (*T, error), planOf func(*T) int64) (*T, error) {
	id, ok := parseID(value)
	if !ok {
		return nil, plan.Errorf(plan.ENOTFOUND, "%s %q not found", what, value)
	}
	return findInPlan(ctx, planID, id, what, find, planOf)
}

package bot

import (
	"context"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

func init() {
	register(openRoutes, "goals", (*Bot).openGoals)
	register(submitRoutes, CallbackGoal, (*Bot).submitGoal)
	for _, id := range []string{ActionGoalAdd, ActionGoalEdit, ActionGoalDelete, ActionGoalsPrev, ActionGoalsNext} {
		register(actionRoutes, id, (*Bot).goalAction)
	}
}

// openGoals opens step 1 for the source channel: the form for a first goal,
// or the list of goals with Edit and Delete.
func (b *Bot) openGoals(ctx context.Context, src source) {
	u := b.user(ctx, src.UserID)
	p, err := b.ensurePlan(ctx, src, u)
	if err != nil {
		b.ephemeral(ctx, src.ChannelID, src.UserID, b.errorText(u.Lang, err))
		return
	}
	meta := viewMeta{PlanID: p.ID, ChannelID: p.ChannelID}
	goals, total, err := b.Goals.FindGoals(ctx, plan.GoalFilter{PlanID: &p.ID, Limit: goalsPerPage})
	if err != nil {
		b.ephemeral(ctx, src.ChannelID, src.UserID, b.errorText(u.Lang, err))
		return
	}
	view := goalsListModal(u.Lang, goals, total, meta, plan.Today(b.Now(), p.Location()))
	if total == 0 && p.Authorize(src.UserID, plan.AreaGoals) == nil {
		view = goalModal(u.Lang, &plan.Goal{OwnerID: src.UserID}, meta)
	}
	b.openView(ctx, src, u.Lang, view)
}

// openView opens a modal with the source's trigger id, which expires 3 s
// after the click; when that fails the user is told to try again.
func (b *Bot) openView(ctx context.Context, src source, lang Lang, view slack.ModalViewRequest) {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	if _, err := b.API.OpenViewContext(ctx, src.TriggerID, view); err != nil {
		b.Logger.Warn("views.open", "callback_id", view.CallbackID, "user_id", src.UserID, "error", err)
		b.ephemeral(context.WithoutCancel(ctx), src.ChannelID, src.UserID, lang.T("error.modal_open"))
	}
}

// goalAction handles the buttons of the goals list modal.
func (b *Bot) goalAction(ctx context.Context, cb *slack.InteractionCallback, a *slack.BlockAction) {
	u := b.user(ctx, cb.User.ID)
	meta, err := parseViewMeta(cb.View.PrivateMetadata)
	if err != nil || meta.PlanID == 0 {
		b.Logger.Warn("goal action without plan", "action_id", a.ActionID, "error", err)
		return
	}
	if a.ActionID == ActionGoalAdd || a.ActionID == ActionGoalEdit || a.ActionID == ActionGoalDelete {
		sm := stepMeta{PlanID: meta.PlanID, ChannelID: meta.ChannelID}
		if !b.mayChange(ctx, sm, cb.User.ID, u.Lang, plan.AreaGoals) {
			return
		}
	}
	switch a.ActionID {
	case ActionGoalAdd:
		m := viewMeta{PlanID: meta.PlanID, ChannelID: meta.ChannelID, ParentID: cb.View.ID, Page: meta.Page}
		b.pushView(ctx, cb, goalModal(u.Lang, &plan.Goal{OwnerID: cb.User.ID}, m))
	case ActionGoalEdit:
		g, err := b.planGoal(ctx, meta.PlanID, a.Value)
		if err != nil {
			b.ephemeral(ctx, meta.ChannelID, cb.User.ID, b.errorText(u.Lang, err))
			b.refreshGoals(ctx, cb.View.ID, meta, u.Lang)
			return
		}
		m := viewMeta{PlanID: meta.PlanID, ChannelID: meta.ChannelID, GoalID: g.ID, ParentID: cb.View.ID, Page: meta.Page}
		b.pushView(ctx, cb, goalModal(u.Lang, g, m))
	case ActionGoalDelete:
		g, err := b.planGoal(ctx, meta.PlanID, a.Value)
		if err == nil {
			err = b.Goals.DeleteGoal(actor(ctx, cb.User.ID), g.ID)
		}
		if err != nil && plan.ErrorCode(err) != plan.ENOTFOUND {
			b.ephemeral(ctx, meta.ChannelID, cb.User.ID, b.errorText(u.Lang, err))
			return
		}
		b.refreshGoals(ctx, cb.View.ID, meta, u.Lang)
		if err == nil {
			b.noteGoal(ctx, meta.PlanID, cb.User.ID, "note.goal.deleted", g)
		}
	case ActionGoalsPrev, ActionGoalsNext:
		page, err := strconv.Atoi(a.Value)
		if err != nil || page < 0 {
			b.Logger.Warn("bad page", "value", a.Value)
			return
		}
		meta.Page = page
		b.refreshGoals(ctx, cb.View.ID, meta, u.Lang)
	}
}

// planGoal loads the goal whose ID a button carried, checking that it
// belongs to the plan of the view: a forged value cannot reach another plan.
func (b *Bot) planGoal(ctx context.Context, planID int64, value string) (*plan.Goal, error) {
	return loadInPlan(ctx, planID, value, "goal", b.Goals.FindGoalByID, func(v *plan.Goal) int64 { return v.PlanID })
}

func (b *Bot) pushView(ctx context.Context, cb *slack.InteractionCallback, view slack.ModalViewRequest) {
	if _, err := b.API.PushViewContext(ctx, cb.TriggerID, view); err != nil {
		b.Logger.Warn("views.push", "callback_id", view.CallbackID, "user_id", cb.User.ID, "error", err)
	}
}

// refreshGoals redraws the goals list modal viewID at meta.Page, or the
// last page when goals were deleted under it.
func (b *Bot) refreshGoals(ctx context.Context, viewID string, meta viewMeta, lang Lang) {
	if viewID == "" {
		return
	}
	p, err := b.Plans.FindPlanByID(ctx, meta.PlanID)
	if err != nil {
		b.Logger.Warn("refresh goals: find plan", "plan_id", meta.PlanID, "error", err)
		return
	}
	filter := plan.GoalFilter{PlanID: &p.ID, Offset: meta.Page * goalsPerPage, Limit: goalsPerPage}
	goals, total, err := b.Goals.FindGoals(ctx, filter)
	if err == nil && len(goals) == 0 && meta.Page > 0 && total > 0 {
		meta.Page = (total - 1) / goalsPerPage
		filter.Offset = meta.Page * goalsPerPage
		goals, total, err = b.Goals.FindGoals(ctx, filter)
	}
	if err != nil {
		b.Logger.Warn("refresh goals", "plan_id", p.ID, "error", err)
		return
	}
	view := goalsListModal(lang, goals, total, meta, plan.Today(b.Now(), p.Location()))
	if _, err := b.API.UpdateViewContext(ctx, view, "", "", viewID); err != nil {
		b.Logger.Warn("views.update", "view_id", viewID, "error", err)
	}
}

// submitGoal validates and stores the goal form. Field errors go back in
// the ack, so the modal stays open with what the user typed; a valid goal
// closes it, refreshes the list under it and posts a decision note.
func (b *Bot) submitGoal(ctx context.Context, env *envelope, cb *slack.InteractionCallback) {
	u := b.user(ctx, cb.User.ID)
	fail := func(block, text string) {
		env.ack(slack.NewErrorsViewSubmissionResponse(map[string]string{block: text}))
	}
	meta, err := parseViewMeta(cb.View.PrivateMetadata)
	if err != nil || meta.PlanID == 0 {
		b.Logger.Warn("goal submission without plan", "user_id", cb.User.ID, "error", err)
		fail(BlockGoalTitle, u.Lang.T("error.generic"))
		return
	}
	p, err := b.Plans.FindPlanByID(ctx, meta.PlanID)
	if err != nil {
		fail(BlockGoalTitle, b.errorText(u.Lang, err))
		return
	}
	if err := p.Authorize(cb.User.ID, plan.AreaGoals); err != nil {
		fail(BlockGoalTitle, u.Lang.T("forbidden.short"))
		b.refuse(ctx, u.Lang, p.ID, p.ChannelID, cb.User.ID, err)
		return
	}

	form, parseErrs := readGoalForm(cb.View.State)
	g := &plan.Goal{PlanID: p.ID, CreatedBy: cb.User.ID}
	requireFuture := true
	if meta.GoalID != 0 {
		if g, err = b.planGoal(ctx, p.ID, strconv.FormatInt(meta.GoalID, 10)); err != nil {
			fail(BlockGoalTitle, b.errorText(u.Lang, err))
			return
		}
		stored := *g
		requireFuture = form.Apply(&stored)
		g = &stored
	} else {
		form.Apply(g)
	}
	g.Normalize()

	// Validate here too, so every wrong field shows at once, including the
	// ones next to a number that did not parse.
	errs := map[string]string{}
	for _, fe := range plan.ErrorFields(g.Validate(plan.Today(b.Now(), p.Location()), requireFuture)) {
		errs[goalFieldBlocks[fe.Field]] = u.Lang.T(fe.Key)
	}
	for field, key := range parseErrs {
		errs[goalFieldBlocks[field]] = u.Lang.T(key)
	}
	if len(errs) > 0 {
		env.ack(slack.NewErrorsViewSubmissionResponse(errs))
		return
	}

	key := "note.goal.created"
	if meta.GoalID == 0 {
		err = b.Goals.CreateGoal(actor(ctx, cb.User.ID), g)
	} else {
		key = "note.goal.updated"
		g, err = b.Goals.UpdateGoal(actor(ctx, cb.User.ID), meta.GoalID, form)
	}
	if err != nil {
		if fields := plan.ErrorFields(err); len(fields) > 0 {
			for _, fe := range fields {
				errs[goalFieldBlocks[fe.Field]] = u.Lang.T(fe.Key)
			}
			env.ack(slack.NewErrorsViewSubmissionResponse(errs))
			return
		}
		text := b.errorText(u.Lang, err)
		if plan.ErrorCode(err) == plan.EINTERNAL {
			text = u.Lang.T("error.not_saved")
		}
		fail(BlockGoalTitle, text)
		return
	}
	env.ack(nil)
	b.Logger.Info("goal saved", "plan_id", p.ID, "goal_id", g.ID, "user_id", cb.User.ID)
	if meta.ParentID != "" {
		b.refreshGoals(ctx, meta.ParentID, meta, u.Lang)
	}
	b.noteGoal(ctx, p.ID, cb.User.ID, key, g)
}

// noteGoal posts the decision note of a goal change in the plan's language.
func (b *Bot) noteGoal(ctx context.Context, planID int64, userID, key string, g *plan.Goal) {
	p, err := b.Plans.FindPlanByID(ctx, planID)
	if err != nil {
		b.Logger.Warn("note: find plan", "plan_id", planID, "error", err)
		return
	}
	lang, _ := ParseLang(p.Language)
	text, blocks := goalNote(lang, key, userID, g)
	b.postNote(ctx, p.ChannelID, userID, lang, text, blocks)
}

// readGoalForm reads the goal modal's state into an update with every
// field set, and the catalogue keys of fields that could not be parsed.
func readGoalForm(state *slack.ViewState) (plan.GoalUpdate, map[string]string) {
	errs := map[string]string{}
	get := func(block string) slack.BlockAction {
		if state == nil {
			return slack.BlockAction{}
		}
		return state.Values[block][ActionInput]
	}
	kind := plan.GoalKind(get(BlockGoalKind).SelectedOption.Value)
	title := get(BlockGoalTitle).Value
	metric := get(BlockGoalMetric).Value
	unit := get(BlockGoalUnit).Value
	owner := get(BlockGoalOwner).SelectedUser
	learn := get(BlockGoalLearn).Value

	baseline, ok := parseNumber(get(BlockGoalBaseline).Value, 0)
	if !ok {
		errs["baseline"] = "goal.baseline.invalid"
	}
	target, ok := parseNumber(get(BlockGoalTarget).Value, math.NaN())
	if !ok {
		errs["target"] = "goal.target.invalid"
	} else if math.IsNaN(target) {
		errs["target"] = "goal.target.required"
	}
	var deadline time.Time
	if s := get(BlockGoalDeadline).SelectedDate; s != "" {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			errs["deadline"] = "goal.deadline.required"
		}
		deadline = d
	}
	return plan.GoalUpdate{
		Kind: &kind, Title: &title, Metric: &metric, Baseline: &baseline, Target: &target,
		Unit: &unit, Deadline: &deadline, OwnerID: &owner, Learn: &learn,
	}, errs
}

// parseNumber reads a number typed in English or French ("1 200,5"); an
// empty string gives empty. ok is false when s is not a finite number.
func parseNumber(s string, empty float64) (float64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return empty, true
	}
	s = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "").Replace(s)
	if strings.Contains(s, ".") {
		s = strings.ReplaceAll(s, ",", "") // 1,200.5: commas group thousands
	} else {
		s = strings.Replace(s, ",", ".", 1) // 1200,5: a decimal comma
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, false
	}
	return f, true
}

package bot

import (
	"context"
	"math"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// Step 1: goals, each SMART, with its KPI. The model of a list step: the
// kit below is all the step's handling, its views are in goals_view.go,
// its strings in goals_text.go, its IDs in goals_ids.go and its rows in
// routes.go.

// goalsKit is step 1 on the list kit.
var goalsKit = &listKit[plan.Goal]{
	Noun:       "goal",
	Area:       plan.AreaGoals,
	Fields:     goalFieldBlocks,
	FirstBlock: BlockGoalTitle,
	List: func(b *Bot, ctx context.Context, p *plan.Plan, m viewMeta, lang Lang) (listView, error) {
		goals, total, page, err := loadPage(ctx, m.Page, listPerPage, func(ctx context.Context, offset, limit int) ([]*plan.Goal, int, error) {
			return b.Goals.FindGoals(ctx, plan.GoalFilter{PlanID: &p.ID, Offset: offset, Limit: limit})
		})
		m.Page = page
		return listView{View: goalsListModal(lang, goals, total, m, plan.Today(b.Now(), p.Location())), Total: total}, err
	},
	New: func(userID string) *plan.Goal { return &plan.Goal{OwnerID: userID} },
	Form: func(b *Bot, ctx context.Context, p *plan.Plan, g *plan.Goal, m viewMeta, lang Lang) (slack.ModalViewRequest, error) {
		return goalModal(lang, g, m), nil
	},
	Find: func(b *Bot, ctx context.Context, id int64) (*plan.Goal, error) { return b.Goals.FindGoalByID(ctx, id) },
	Ref:  func(g *plan.Goal) (int64, int64) { return g.PlanID, g.ID },
	Save: saveGoal,
	Delete: func(b *Bot, ctx context.Context, g *plan.Goal) error {
		return b.Goals.DeleteGoal(ctx, g.ID)
	},
	Note: func(_ *Bot, _ context.Context, lang Lang, key, userID string, g *plan.Goal, _ *plan.Plan) (string, []slack.Block) {
		return goalNote(lang, key, userID, g)
	},
}

// saveGoal validates the goal form over stored (nil for a new goal) and
// stores it. Every wrong field shows at once, including the ones next to
// a number that did not parse, so the form is checked here before the
// service checks it again in its write transaction.
func saveGoal(b *Bot, ctx context.Context, p *plan.Plan, stored *plan.Goal, f formState, userID string) (*plan.Goal, error) {
	form, errs := readGoalForm(f)
	g := &plan.Goal{PlanID: p.ID, CreatedBy: userID}
	requireFuture := true
	if stored != nil {
		edited := *stored
		requireFuture = form.Apply(&edited)
		g = &edited
	} else {
		form.Apply(g)
	}
	g.Normalize()
	errs = append(errs, plan.ErrorFields(g.Validate(plan.Today(b.Now(), p.Location()), requireFuture))...)
	if len(errs) > 0 {
		return nil, errs
	}
	if stored == nil {
		return g, b.Goals.CreateGoal(ctx, g)
	}
	return b.Goals.UpdateGoal(ctx, stored.ID, form)
}

// readGoalForm reads the goal form into an update with every field set,
// and the errors of the fields that could not be read, first.
func readGoalForm(f formState) (plan.GoalUpdate, plan.FieldErrors) {
	var errs plan.FieldErrors
	kind := plan.GoalKind(f.selected(BlockGoalKind))
	title, metric, unit, learn := f.text(BlockGoalTitle), f.text(BlockGoalMetric), f.text(BlockGoalUnit), f.text(BlockGoalLearn)
	owner := f.get(BlockGoalOwner).SelectedUser

	baseline, ok := readNumber(f.text(BlockGoalBaseline), 0)
	if !ok {
		errs = append(errs, plan.Invalid("baseline", "goal.baseline.invalid", "baseline is not a number"))
	}
	target, ok := readNumber(f.text(BlockGoalTarget), math.NaN())
	switch {
	case !ok:
		errs = append(errs, plan.Invalid("target", "goal.target.invalid", "target is not a number"))
	case math.IsNaN(target):
		errs = append(errs, plan.Invalid("target", "goal.target.required", "target required"))
	}
	var deadline time.Time
	if s := f.get(BlockGoalDeadline).SelectedDate; s != "" {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			errs = append(errs, plan.Invalid("deadline", "goal.deadline.required", "deadline is not a date"))
		}
		deadline = d
	}
	return plan.GoalUpdate{
		Kind: &kind, Title: &title, Metric: &metric, Baseline: &baseline, Target: &target,
		Unit: &unit, Deadline: &deadline, OwnerID: &owner, Learn: &learn,
	}, errs
}

package bot

import (
	"context"
	"math"
	"slices"
	"strings"
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
// service checks it again in its write transaction. Numbers are read in
// the convention of the user's locale.
func saveGoal(b *Bot, ctx context.Context, p *plan.Plan, stored *plan.Goal, f formState, userID string) (*plan.Goal, error) {
	form, errs := readGoalForm(f, b.user(ctx, userID))
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
		return nil, dedupeFields(errs)
	}
	if stored == nil {
		return g, b.Goals.CreateGoal(ctx, g)
	}
	return b.Goals.UpdateGoal(ctx, stored.ID, form)
}

// readGoalForm reads the goal form into an update with every field set,
// and the errors of the fields that could not be read, first. u is who
// typed it: numbers are read in u's convention.
func readGoalForm(f formState, u userInfo) (plan.GoalUpdate, plan.FieldErrors) {
	var errs plan.FieldErrors
	kind := plan.GoalKind(f.selected(BlockGoalKind))
	title, metric, unit, learn := f.text(BlockGoalTitle), f.text(BlockGoalMetric), f.text(BlockGoalUnit), f.text(BlockGoalLearn)
	owner := f.get(BlockGoalOwner).SelectedUser
	number := func(field, block string, empty float64) float64 {
		v, err := readFormNumber(u, field, f.text(block), empty)
		if err != nil {
			// The goal's own words for its main numbers, when it has them.
			if key := "goal." + field + "." + strings.TrimPrefix(err.Key, "number."); goalNumberKeys[key] {
				err.Key = key
			}
			errs = append(errs, err)
		}
		return v
	}
	t := plan.KPIType{
		Direction:    plan.Direction(f.selected(BlockGoalDirection)),
		Aggregation:  plan.Aggregation(f.selected(BlockGoalAggregation)),
		Count:        slices.Contains(f.selectedValues(BlockGoalCount), goalCountValue),
		Period:       plan.Period(f.selected(BlockGoalPeriod)),
		WeightMetric: strings.TrimSpace(f.text(BlockGoalWeight)),
	}
	baseline := number("baseline", BlockGoalBaseline, 0)
	var target float64
	if t.Direction == plan.DirectionWithin {
		t.Low, t.High = number("low", BlockGoalLow, math.NaN()), number("high", BlockGoalHigh, math.NaN())
		// A range needs no target: its middle stands for it.
		target = number("target", BlockGoalTarget, (t.Low+t.High)/2)
	} else {
		target = number("target", BlockGoalTarget, math.NaN())
	}
	if t.Direction == "" { // up or down, as baseline and target say
		t.Direction = plan.DirectionIncrease
		if target < baseline {
			t.Direction = plan.DirectionDecrease
		}
		if target == baseline && len(errs) == 0 {
			errs = append(errs, plan.Invalid("target", "goal.target.same_as_baseline", "neither up nor down"))
		}
	}
	var deadline time.Time
	if s := f.get(BlockGoalDeadline).SelectedDate; s != "" {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			errs = append(errs, plan.Invalid("deadline", "goal.deadline.required", "deadline is not a date"))
		}
		deadline = d
	}
	var baselineDate time.Time
	if s := f.get(BlockGoalBaselineDate).SelectedDate; s != "" {
		baselineDate, _ = time.Parse(time.DateOnly, s) // Slack's date picker sends dates only
	}
	return plan.GoalUpdate{
		Kind: &kind, Title: &title, Metric: &metric, Baseline: &baseline, Target: &target,
		Unit: &unit, Deadline: &deadline, OwnerID: &owner, Learn: &learn, KPI: &t, BaselineDate: &baselineDate,
	}, errs
}

// goalNumberKeys are the goal form's own keys for number errors.
var goalNumberKeys = map[string]bool{"goal.baseline.invalid": true, "goal.target.invalid": true, "goal.target.required": true}

// dedupeFields keeps the first error of each field: a number that could
// not be read is not also "out of range".
func dedupeFields(errs plan.FieldErrors) plan.FieldErrors {
	seen := map[string]bool{}
	out := errs[:0:0]
	for _, e := range errs {
		if !seen[e.Field] {
			seen[e.Field] = true
			out = append(out, e)
		}
	}
	return out
}

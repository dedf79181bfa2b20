package bot

import (
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// Views of step 1: the goal form, the goals list and the decision note.
// Pure functions of their data.

// goalDelete is the confirmation of a goal's Delete button.
var goalDelete = deleteConfirm{Title: "goals.delete.confirm.title", Text: "goals.delete.confirm.text"}

// goalModal is the form to add (g.ID == 0) or edit a goal. Numbers are
// typed as the user writes them (read by readFormNumber); the KPI's type
// has defaults for a new goal: a level whose networks add up, its
// direction told by the baseline and the target.
func goalModal(lang Lang, g *plan.Goal, meta viewMeta) slack.ModalViewRequest {
	title := lang.T("goal.modal.new")
	if g.ID != 0 {
		title = lang.T("goal.modal.edit")
	}
	t := g.KPI
	switch {
	case g.ID == 0 && t.IsZero():
		t = plan.KPIType{Aggregation: plan.AggregateLevel, Count: true}
	case t.IsZero(): // stored goals have a type: this one is read as the default
		t = g.EffectiveKPI(nil)
	}
	number := func(f float64, set bool) *slack.PlainTextInputBlockElement {
		v := ""
		if set {
			v = formatNumber(lang, f)
		}
		el := textInput(v, 30, false)
		el.Placeholder = plainText(lang.T("goal.field.number.placeholder"))
		return el
	}
	unit := textInput(g.Unit, plan.MaxGoalUnitLen, false)
	unit.Placeholder = plainText(lang.T("goal.field.unit.placeholder"))
	deadline, baselineDate := "", ""
	if !g.Deadline.IsZero() {
		deadline = g.Deadline.Format(time.DateOnly)
	}
	if !g.BaselineDate.IsZero() {
		baselineDate = g.BaselineDate.Format(time.DateOnly)
	}
	within := t.Direction == plan.DirectionWithin
	blocks := []slack.Block{
		slack.NewContextBlock("", mrkdwn(lang.T("goal.modal.intro"))),
		input(BlockGoalKind, lang.T("goal.field.kind"), "", staticSelect(lang, "goal.kind.", plan.GoalKinds, g.Kind), false),
		input(BlockGoalTitle, lang.T("goal.field.title"), lang.T("goal.field.title.hint"), textInput(g.Title, plan.MaxGoalTitleLen, false), false),
		input(BlockGoalMetric, lang.T("goal.field.metric"), lang.T("goal.field.metric.hint"), textInput(g.Metric, plan.MaxGoalMetricLen, false), false),
		input(BlockGoalAggregation, lang.T("goal.field.aggregation"), lang.T("goal.field.aggregation.hint"),
			staticSelect(lang, "kpi.aggregation.", plan.Aggregations, t.Aggregation), false),
		input(BlockGoalCount, lang.T("goal.field.count"), lang.T("goal.field.count.hint"), countCheckbox(lang, t.Count), true),
		input(BlockGoalPeriod, lang.T("goal.field.period"), lang.T("goal.field.period.hint"),
			staticSelect(lang, "kpi.period.", []plan.Period{plan.PeriodWeek, plan.PeriodMonth}, t.Period), true),
		input(BlockGoalWeight, lang.T("goal.field.weight"), lang.T("goal.field.weight.hint"), textInput(t.WeightMetric, plan.MaxMetricNameLen, false), true),
		input(BlockGoalDirection, lang.T("goal.field.direction"), lang.T("goal.field.direction.hint"),
			staticSelect(lang, "kpi.direction.", plan.Directions, t.Direction), true),
		input(BlockGoalBaseline, lang.T("goal.field.baseline"), lang.T("goal.field.baseline.hint"), number(g.Baseline, g.ID != 0), true),
		input(BlockGoalBaselineDate, lang.T("goal.field.baseline_date"), lang.T("goal.field.baseline_date.hint"), datePicker(baselineDate), true),
		input(BlockGoalTarget, lang.T("goal.field.target"), lang.T("goal.field.target.hint"), number(g.Target, g.ID != 0), true),
		input(BlockGoalLow, lang.T("goal.field.low"), lang.T("goal.field.range.hint"), number(t.Low, within), true),
		input(BlockGoalHigh, lang.T("goal.field.high"), "", number(t.High, within), true),
		input(BlockGoalUnit, lang.T("goal.field.unit"), "", unit, true),
		input(BlockGoalDeadline, lang.T("goal.field.deadline"), "", datePicker(deadline), false),
		input(BlockGoalOwner, lang.T("goal.field.owner"), "", userSelect(g.OwnerID), false),
		input(BlockGoalLearn, lang.T("goal.field.learn"), "", textInput(g.Learn, plan.MaxGoalLearnLen, true), true),
	}
	return modal(lang, CallbackGoal, title, true, meta, blocks)
}

// countCheckbox is the one checkbox that says a level's networks add up.
func countCheckbox(lang Lang, checked bool) *slack.CheckboxGroupsBlockElement {
	o := slack.NewOptionBlockObject(goalCountValue, plainText(lang.T("goal.field.count.option")), nil)
	el := slack.NewCheckboxGroupsBlockElement(ActionInput, o)
	if checked {
		el.InitialOptions = []*slack.OptionBlockObject{o}
	}
	return el
}

// goalCountValue is the value of the checkbox of countCheckbox.
const goalCountValue = "count"

// goalLine is the one-line KPI summary of a goal, in mrkdwn, escaped.
func goalLine(lang Lang, g *plan.Goal) string {
	t := g.EffectiveKPI(nil)
	return lang.T("goals.kpi",
		lang.T("goal.kind."+string(g.Kind)),
		Escape(g.Metric),
		lang.T("kpi.kind."+string(t.Aggregation)),
		kpiAim(lang, g, t),
		formatDate(lang, g.Deadline),
		userMention(g.OwnerID),
	)
}

// kpiAim says what a goal's KPI of type t should do, in mrkdwn: "120 → 480
// signups", "at least 4.5", "between 3 and 5 posts", per week or month
// for a count per period.
func kpiAim(lang Lang, g *plan.Goal, t plan.KPIType) string {
	if t.Direction.Holds() {
		return kpiTarget(lang, g, t)
	}
	s := lang.T("kpi.aim.reach", figureWithUnit(lang, g.Baseline, g.Unit), figureWithUnit(lang, g.Target, g.Unit))
	if t.Aggregation == plan.AggregateFlow && t.Period.Valid() {
		s = lang.T("kpi.per."+string(t.Period), s)
	}
	return s
}

// goalsListModal lists one page of a plan's goals with Edit and Delete.
// today flags goals whose deadline has passed.
func goalsListModal(lang Lang, goals []*plan.Goal, total int, meta viewMeta, today time.Time) slack.ModalViewRequest {
	blocks := []slack.Block{
		slack.NewSectionBlock(mrkdwn(lang.N("goals.intro", total)), nil, slack.NewAccessory(addButton(lang, ActionGoalAdd, meta.PlanID, "goals.add"))),
		slack.NewDividerBlock(),
	}
	for _, g := range goals {
		id := idString(g.ID)
		context := []slack.MixedElement{mrkdwn(goalLine(lang, g))}
		if g.Deadline.Before(today) {
			context = append(context, mrkdwn(lang.T("goals.deadline_passed")))
		}
		blocks = append(blocks,
			slack.NewSectionBlock(mrkdwn("*"+Escape(g.Title)+"*"), nil, nil, slack.SectionBlockOptionBlockID("goal_"+id)),
			slack.NewContextBlock("", context...),
			editDeleteButtons(lang, "goal_actions_"+id, ActionGoalEdit, ActionGoalDelete, g.ID, g.Title, goalDelete),
		)
	}
	blocks = append(blocks, listNav(lang, "goals_nav", meta.Page, total)...)
	return modal(lang, CallbackGoalsList, lang.T("goals.modal.title"), false, meta, blocks)
}

// goalNote is the decision note posted in the channel when a goal is
// added, changed or deleted. key is note.goal.created/updated/deleted.
func goalNote(lang Lang, key, userID string, g *plan.Goal) (string, []slack.Block) {
	head := lang.T(key, userMention(userID), Escape(g.Title))
	blocks := []slack.Block{slack.NewSectionBlock(mrkdwn(head), nil, nil)}
	if key != "note.goal.deleted" {
		t := g.EffectiveKPI(nil)
		kpi := lang.T("note.goal.kpi", Escape(g.Metric), lang.T("kpi.kind."+string(t.Aggregation)), kpiAim(lang, g, t),
			formatDate(lang, g.Deadline), userMention(g.OwnerID))
		elems := []slack.MixedElement{mrkdwn(kpi)}
		if g.Learn != "" {
			elems = append(elems, mrkdwn(lang.T("note.goal.learn", Escape(clip(g.Learn, 500)))))
		}
		blocks = append(blocks, slack.NewContextBlock("", elems...))
	}
	return head, blocks
}

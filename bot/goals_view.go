package bot

import (
	"strconv"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// Views of step 1: the goal form, the goals list and the decision note.
// Pure functions of their data.

// goalDelete is the confirmation of a goal's Delete button.
var goalDelete = deleteConfirm{Title: "goals.delete.confirm.title", Text: "goals.delete.confirm.text"}

// goalModal is the form to add (g.ID == 0) or edit a goal.
func goalModal(lang Lang, g *plan.Goal, meta viewMeta) slack.ModalViewRequest {
	title := lang.T("goal.modal.new")
	if g.ID != 0 {
		title = lang.T("goal.modal.edit")
	}
	baseline := slack.NewNumberInputBlockElement(nil, ActionInput, true)
	target := slack.NewNumberInputBlockElement(nil, ActionInput, true)
	if g.ID != 0 {
		baseline.InitialValue = strconv.FormatFloat(g.Baseline, 'f', -1, 64)
		target.InitialValue = strconv.FormatFloat(g.Target, 'f', -1, 64)
	}
	unit := textInput(g.Unit, plan.MaxGoalUnitLen, false)
	unit.Placeholder = plainText(lang.T("goal.field.unit.placeholder"))
	deadline := ""
	if !g.Deadline.IsZero() {
		deadline = g.Deadline.Format(time.DateOnly)
	}
	blocks := []slack.Block{
		slack.NewContextBlock("", mrkdwn(lang.T("goal.modal.intro"))),
		input(BlockGoalKind, lang.T("goal.field.kind"), "", staticSelect(lang, "goal.kind.", plan.GoalKinds, g.Kind), false),
		input(BlockGoalTitle, lang.T("goal.field.title"), lang.T("goal.field.title.hint"), textInput(g.Title, plan.MaxGoalTitleLen, false), false),
		input(BlockGoalMetric, lang.T("goal.field.metric"), lang.T("goal.field.metric.hint"), textInput(g.Metric, plan.MaxGoalMetricLen, false), false),
		input(BlockGoalBaseline, lang.T("goal.field.baseline"), "", baseline, true),
		input(BlockGoalTarget, lang.T("goal.field.target"), "", target, false),
		input(BlockGoalUnit, lang.T("goal.field.unit"), "", unit, true),
		input(BlockGoalDeadline, lang.T("goal.field.deadline"), "", datePicker(deadline), false),
		input(BlockGoalOwner, lang.T("goal.field.owner"), "", userSelect(g.OwnerID), false),
		input(BlockGoalLearn, lang.T("goal.field.learn"), "", textInput(g.Learn, plan.MaxGoalLearnLen, true), true),
	}
	return modal(lang, CallbackGoal, title, true, meta, blocks)
}

// goalLine is the one-line KPI summary of a goal, in mrkdwn, escaped.
func goalLine(lang Lang, g *plan.Goal) string {
	return lang.T("goals.kpi",
		lang.T("goal.kind."+string(g.Kind)),
		Escape(g.Metric),
		withUnit(lang, g.Baseline, g.Unit),
		withUnit(lang, g.Target, g.Unit),
		formatDate(lang, g.Deadline),
		userMention(g.OwnerID),
	)
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
		kpi := lang.T("note.goal.kpi", Escape(g.Metric), withUnit(lang, g.Baseline, g.Unit),
			withUnit(lang, g.Target, g.Unit), formatDate(lang, g.Deadline), userMention(g.OwnerID))
		elems := []slack.MixedElement{mrkdwn(kpi)}
		if g.Learn != "" {
			elems = append(elems, mrkdwn(lang.T("note.goal.learn", Escape(clip(g.Learn, 500)))))
		}
		blocks = append(blocks, slack.NewContextBlock("", elems...))
	}
	return head, blocks
}

package bot

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// Block Kit limits the views stay within (see PLATFORM.md).
const (
	maxTextLen   = 3000
	goalsPerPage = 20 // 3 blocks a goal + 5 around them, under 100 blocks
)

func plainText(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, s, false, false)
}

func mrkdwn(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, clip(s, maxTextLen), false, false)
}

// clip cuts s to at most n runes, marking the cut with an ellipsis.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// maxConfirmText is Slack's limit on a confirmation dialog's text.
const maxConfirmText = 300

// confirmText is a confirmation dialog's text: what goes, clipped so that the
// whole stays within Slack's limit, then text.
func confirmText(name, text string) string {
	room := maxConfirmText - len([]rune(text)) - len("\n\n")
	return clip(name, max(room, 1)) + "\n\n" + text
}

// viewMeta is the private_metadata of the bot's modals: what a submit or
// an action needs to know beyond the form values.
type viewMeta struct {
	PlanID    int64  `json:"p,omitempty"`
	ChannelID string `json:"c,omitempty"`
	GoalID    int64  `json:"g,omitempty"`
	ParentID  string `json:"v,omitempty"` // the list view to refresh after a pushed modal is saved
	Page      int    `json:"n,omitempty"`
}

func (m viewMeta) String() string {
	b, _ := json.Marshal(m) // a struct of strings and ints cannot fail
	return string(b)
}

func parseViewMeta(s string) (viewMeta, error) {
	var m viewMeta
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return m, fmt.Errorf("parse private_metadata: %w", err)
	}
	return m, nil
}

// helpBlocks is the overview of the nine steps. note, when not empty, is
// shown first (an unknown or unavailable subcommand).
func helpBlocks(lang Lang, note string) []slack.Block {
	blocks := []slack.Block{}
	if note != "" {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(note), nil, nil))
	}
	blocks = append(blocks,
		slack.NewHeaderBlock(plainText(lang.T("help.title"))),
		slack.NewSectionBlock(mrkdwn(lang.T("help.intro")), nil, nil),
	)
	for _, s := range steps {
		if !s.Method {
			continue
		}
		text := fmt.Sprintf("*%s* · `/plan %s`\n%s", lang.T("step."+s.Command+".name"), s.Command, lang.T("step."+s.Command+".desc"))
		var acc *slack.Accessory
		if s.available() {
			btn := slack.NewButtonBlockElement(ActionOpenStep, s.Command, plainText(lang.T("help.open")))
			acc = slack.NewAccessory(btn)
		} else {
			text += " _(" + lang.T("help.soon") + ")_"
		}
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(text), nil, acc, slack.SectionBlockOptionBlockID("help_"+s.Command)))
	}
	blocks = append(blocks, slack.NewContextBlock("", mrkdwn(lang.T("help.footer"))))
	return blocks
}

// helpText is the notification fallback of the help message.
func helpText(lang Lang) string { return lang.T("help.title") }

// formatDate shows a calendar date the way the language writes it.
func formatDate(lang Lang, d time.Time) string {
	return lang.T("date", d.Day(), lang.T(fmt.Sprintf("month.%d", int(d.Month()))), d.Year())
}

// formatNumber shows a number without useless decimals, with a decimal
// comma in French.
func formatNumber(lang Lang, f float64) string {
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if lang == FR {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// withUnit appends the goal's unit to a value, escaped.
func withUnit(lang Lang, f float64, unit string) string {
	if unit == "" {
		return formatNumber(lang, f)
	}
	return formatNumber(lang, f) + " " + Escape(unit)
}

func userMention(id string) string {
	if id == "" {
		return "—"
	}
	return "<@" + id + ">"
}

// goalModal is the form to add (g.ID == 0) or edit a goal.
func goalModal(lang Lang, g *plan.Goal, meta viewMeta) slack.ModalViewRequest {
	title := lang.T("goal.modal.new")
	if g.ID != 0 {
		title = lang.T("goal.modal.edit")
	}

	var kindOpts []*slack.OptionBlockObject
	var kindInitial *slack.OptionBlockObject
	for _, k := range plan.GoalKinds {
		o := slack.NewOptionBlockObject(string(k), plainText(lang.T("goal.kind."+string(k))), nil)
		kindOpts = append(kindOpts, o)
		if k == g.Kind {
			kindInitial = o
		}
	}
	kind := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, nil, ActionInput, kindOpts...)
	kind.InitialOption = kindInitial

	titleIn := slack.NewPlainTextInputBlockElement(nil, ActionInput)
	titleIn.InitialValue = g.Title
	titleIn.MaxLength = plan.MaxGoalTitleLen

	metric := slack.NewPlainTextInputBlockElement(nil, ActionInput)
	metric.InitialValue = g.Metric
	metric.MaxLength = plan.MaxGoalMetricLen

	baseline := slack.NewNumberInputBlockElement(nil, ActionInput, true)
	target := slack.NewNumberInputBlockElement(nil, ActionInput, true)
	if g.ID != 0 {
		baseline.InitialValue = strconv.FormatFloat(g.Baseline, 'f', -1, 64)
		target.InitialValue = strconv.FormatFloat(g.Target, 'f', -1, 64)
	}

	unit := slack.NewPlainTextInputBlockElement(plainText(lang.T("goal.field.unit.placeholder")), ActionInput)
	unit.InitialValue = g.Unit
	unit.MaxLength = plan.MaxGoalUnitLen

	deadline := slack.NewDatePickerBlockElement(ActionInput)
	if !g.Deadline.IsZero() {
		deadline.InitialDate = g.Deadline.Format(time.DateOnly)
	}

	owner := slack.NewOptionsSelectBlockElement(slack.OptTypeUser, nil, ActionInput)
	owner.InitialUser = g.OwnerID

	learn := slack.NewPlainTextInputBlockElement(nil, ActionInput)
	learn.Multiline = true
	learn.InitialValue = g.Learn
	learn.MaxLength = plan.MaxGoalLearnLen

	optional := func(b *slack.InputBlock) *slack.InputBlock { b.Optional = true; return b }
	blocks := []slack.Block{
		slack.NewContextBlock("", mrkdwn(lang.T("goal.modal.intro"))),
		slack.NewInputBlock(BlockGoalKind, plainText(lang.T("goal.field.kind")), nil, kind),
		slack.NewInputBlock(BlockGoalTitle, plainText(lang.T("goal.field.title")), plainText(lang.T("goal.field.title.hint")), titleIn),
		slack.NewInputBlock(BlockGoalMetric, plainText(lang.T("goal.field.metric")), plainText(lang.T("goal.field.metric.hint")), metric),
		optional(slack.NewInputBlock(BlockGoalBaseline, plainText(lang.T("goal.field.baseline")), nil, baseline)),
		slack.NewInputBlock(BlockGoalTarget, plainText(lang.T("goal.field.target")), nil, target),
		optional(slack.NewInputBlock(BlockGoalUnit, plainText(lang.T("goal.field.unit")), nil, unit)),
		slack.NewInputBlock(BlockGoalDeadline, plainText(lang.T("goal.field.deadline")), nil, deadline),
		slack.NewInputBlock(BlockGoalOwner, plainText(lang.T("goal.field.owner")), nil, owner),
		optional(slack.NewInputBlock(BlockGoalLearn, plainText(lang.T("goal.field.learn")), nil, learn)),
	}
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      CallbackGoal,
		Title:           plainText(title),
		Submit:          plainText(lang.T("modal.save")),
		Close:           plainText(lang.T("modal.cancel")),
		PrivateMetadata: meta.String(),
		Blocks:          slack.Blocks{BlockSet: blocks},
	}
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
	addBtn := slack.NewButtonBlockElement(ActionGoalAdd, strconv.FormatInt(meta.PlanID, 10), plainText(lang.T("goals.add")))
	addBtn.Style = slack.StylePrimary
	blocks := []slack.Block{
		slack.NewSectionBlock(mrkdwn(lang.N("goals.intro", total)), nil, slack.NewAccessory(addBtn)),
		slack.NewDividerBlock(),
	}
	for _, g := range goals {
		id := strconv.FormatInt(g.ID, 10)
		edit := slack.NewButtonBlockElement(ActionGoalEdit, id, plainText(lang.T("goals.edit")))
		del := slack.NewButtonBlockElement(ActionGoalDelete, id, plainText(lang.T("goals.delete")))
		del.Style = slack.StyleDanger
		del.Confirm = slack.NewConfirmationBlockObject(
			plainText(lang.T("goals.delete.confirm.title")),
			plainText(confirmText(g.Title, lang.T("goals.delete.confirm.text"))),
			plainText(lang.T("goals.delete.confirm.yes")),
			plainText(lang.T("goals.delete.confirm.no")),
		)
		del.Confirm.Style = slack.StyleDanger
		context := []slack.MixedElement{mrkdwn(goalLine(lang, g))}
		if g.Deadline.Before(today) {
			context = append(context, mrkdwn(lang.T("goals.deadline_passed")))
		}
		blocks = append(blocks,
			slack.NewSectionBlock(mrkdwn("*"+Escape(g.Title)+"*"), nil, nil, slack.SectionBlockOptionBlockID("goal_"+id)),
			slack.NewContextBlock("", context...),
			slack.NewActionBlock("goal_actions_"+id, edit, del),
		)
	}
	if pages := (total + goalsPerPage - 1) / goalsPerPage; pages > 1 {
		var nav []slack.BlockElement
		if meta.Page > 0 {
			nav = append(nav, slack.NewButtonBlockElement(ActionGoalsPrev, strconv.Itoa(meta.Page-1), plainText(lang.T("page.prev"))))
		}
		if meta.Page < pages-1 {
			nav = append(nav, slack.NewButtonBlockElement(ActionGoalsNext, strconv.Itoa(meta.Page+1), plainText(lang.T("page.next"))))
		}
		blocks = append(blocks,
			slack.NewDividerBlock(),
			slack.NewContextBlock("", mrkdwn(lang.T("page.of", meta.Page+1, pages))),
			slack.NewActionBlock("goals_nav", nav...),
		)
	}
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      CallbackGoalsList,
		Title:           plainText(lang.T("goals.modal.title")),
		Close:           plainText(lang.T("modal.close")),
		PrivateMetadata: meta.String(),
		Blocks:          slack.Blocks{BlockSet: blocks},
	}
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

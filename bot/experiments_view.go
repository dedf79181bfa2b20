package bot

import (
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// variantLetter is the letter of the variant at index i: A, B, C, D.
func variantLetter(i int) string { return string(rune('A' + i)) }

// experimentSampleLine says how many exposures each variant needs, and
// warns when the plan is too small to conclude.
func experimentSampleLine(lang Lang, e *plan.Experiment) string {
	need, err := e.SampleNeeded()
	if err != nil {
		return ""
	}
	from, to := e.BaselineRate/100, (e.BaselineRate+e.MinEffect)/100
	line := lang.T("experiment.sample.need", formatCount(lang, need), Escape(e.ExposureMetric), formatPercent(lang, from), formatPercent(lang, to))
	if e.PlannedSample > 0 {
		line += " " + lang.T("experiment.sample.planned", formatCount(lang, e.PlannedSample))
	}
	if e.TooSmall() {
		line += "\n" + lang.T("experiment.sample.too_small")
	}
	return line
}

// experimentModal is the form to add (e.ID == 0) or edit an experiment.
func experimentModal(lang Lang, e *plan.Experiment, meta viewMeta) slack.ModalViewRequest {
	number := func(v float64, decimal bool) *slack.NumberInputBlockElement {
		el := slack.NewNumberInputBlockElement(nil, ActionInput, decimal)
		if v != 0 {
			el.InitialValue = strconv.FormatFloat(v, 'f', -1, 64)
		}
		return el
	}
	date := func(d time.Time) *slack.DatePickerBlockElement {
		el := slack.NewDatePickerBlockElement(ActionInput)
		if !d.IsZero() {
			el.InitialDate = d.Format(time.DateOnly)
		}
		return el
	}
	owner := slack.NewOptionsSelectBlockElement(slack.OptTypeUser, nil, ActionInput)
	owner.InitialUser = e.OwnerID

	blocks := []slack.Block{
		slack.NewContextBlock("", mrkdwn(lang.T("experiment.modal.intro"))),
		input(BlockExperimentName, lang.T("experiment.field.name"), "", textInput(e.Name, plan.MaxExperimentNameLen, false), false),
		input(BlockExperimentHypothesis, lang.T("experiment.field.hypothesis"), lang.T("experiment.field.hypothesis.hint"), textInput(e.Hypothesis, plan.MaxExperimentHypothesisLen, true), false),
		input(BlockExperimentVariable, lang.T("experiment.field.variable"), "", staticSelect(lang, "experiment.variable.", plan.ExperimentVariables, e.Variable), false),
		input(BlockExperimentNetwork, lang.T("experiment.field.network"), "", staticSelect(lang, "network.", plan.Networks, e.Network), false),
	}
	for i := range plan.MaxVariants {
		name := ""
		if i < len(e.Variants) {
			name = e.Variants[i].Name
		}
		letter := variantLetter(i)
		blocks = append(blocks, input(BlockExperimentVariant+strings.ToLower(letter), lang.T("experiment.field.variant", letter), "",
			textInput(name, plan.MaxVariantNameLen, false), i >= plan.MinVariants))
	}
	blocks = append(blocks,
		input(BlockExperimentSuccess, lang.T("experiment.field.success"), lang.T("experiment.field.success.hint"), textInput(e.SuccessMetric, plan.MaxMetricLabelLen, false), false),
		input(BlockExperimentExposure, lang.T("experiment.field.exposure"), "", textInput(e.ExposureMetric, plan.MaxMetricLabelLen, false), false),
		input(BlockExperimentBaseline, lang.T("experiment.field.baseline"), lang.T("experiment.field.baseline.hint"), number(e.BaselineRate, true), false),
		input(BlockExperimentEffect, lang.T("experiment.field.effect"), lang.T("experiment.field.effect.hint"), number(e.MinEffect, true), false),
		input(BlockExperimentPlanned, lang.T("experiment.field.planned"), lang.T("experiment.field.planned.hint"), number(float64(e.PlannedSample), false), true),
		input(BlockExperimentStart, lang.T("experiment.field.start"), "", date(e.Start), false),
		input(BlockExperimentEnd, lang.T("experiment.field.end"), lang.T("experiment.field.end.hint"), date(e.End), false),
		input(BlockExperimentOwner, lang.T("experiment.field.owner"), "", owner, false),
	)
	title := lang.T("experiment.modal.new")
	if e.ID != 0 {
		title = lang.T("experiment.modal.edit")
	}
	return modal(lang, CallbackExperiment, title, true, meta, blocks)
}

// experimentSummary is the context line of an experiment in lists, notes
// and reminders.
func experimentSummary(lang Lang, e *plan.Experiment) string {
	var variants []string
	for i, v := range e.Variants {
		variants = append(variants, variantLetter(i)+": "+Escape(clip(v.Name, 80)))
	}
	return lang.T("experiment.summary",
		lang.T("experiment.variable."+string(e.Variable)), lang.T("network."+string(e.Network)),
		formatDate(lang, e.Start), formatDate(lang, e.End), userMention(e.OwnerID)) + "\n" + strings.Join(variants, " · ")
}

// experimentStatus says where an experiment stands on today.
func experimentStatus(lang Lang, e *plan.Experiment, today time.Time) string {
	switch {
	case e.Concluded():
		v, err := e.Verdict()
		if err != nil {
			return lang.T("experiment.status.concluded")
		}
		return verdictText(lang, e, v)
	case today.Before(e.Start):
		return lang.T("experiment.status.planned", formatDate(lang, e.Start))
	case today.Before(e.End):
		return lang.T("experiment.status.running", formatDate(lang, e.End))
	}
	return lang.T("experiment.status.ended")
}

// experimentsListModal lists one page of a plan's experiments.
func experimentsListModal(lang Lang, exps []*plan.Experiment, total int, meta viewMeta, today time.Time) slack.ModalViewRequest {
	add := slack.NewButtonBlockElement(ActionExperimentAdd, idString(meta.PlanID), plainText(lang.T("experiment.add")))
	add.Style = slack.StylePrimary
	blocks := []slack.Block{
		slack.NewSectionBlock(mrkdwn(lang.N("experiment.list.intro", total)), nil, slack.NewAccessory(add)),
		slack.NewDividerBlock(),
	}
	for _, e := range exps {
		id := idString(e.ID)
		context := []slack.MixedElement{mrkdwn(experimentSummary(lang, e)), mrkdwn(experimentStatus(lang, e, today))}
		if !e.Concluded() {
			if line := experimentSampleLine(lang, e); line != "" {
				context = append(context, mrkdwn(line))
			}
		}
		var buttons []slack.BlockElement
		if !e.Concluded() && !today.Before(e.End) {
			res := slack.NewButtonBlockElement(ActionExperimentResults, id, plainText(lang.T("experiment.results.button")))
			res.Style = slack.StylePrimary
			buttons = append(buttons, res)
		}
		if !e.Concluded() {
			buttons = append(buttons, slack.NewButtonBlockElement(ActionExperimentEdit, id, plainText(lang.T("goals.edit"))))
		}
		del := slack.NewButtonBlockElement(ActionExperimentDelete, id, plainText(lang.T("goals.delete")))
		del.Style = slack.StyleDanger
		del.Confirm = slack.NewConfirmationBlockObject(
			plainText(lang.T("experiment.delete.confirm.title")),
			plainText(clip(e.Name, 250)+"\n\n"+lang.T("experiment.delete.confirm.text")),
			plainText(lang.T("goals.delete.confirm.yes")), plainText(lang.T("goals.delete.confirm.no")))
		del.Confirm.Style = slack.StyleDanger
		buttons = append(buttons, del)
		blocks = append(blocks,
			slack.NewSectionBlock(mrkdwn("*"+Escape(e.Name)+"*"), nil, nil, slack.SectionBlockOptionBlockID("experiment_"+id)),
			slack.NewContextBlock("", context...),
			slack.NewActionBlock("experiment_actions_"+id, buttons...),
		)
	}
	blocks = append(blocks, pageNav(lang, "experiments_nav", meta.Page, total, listPerPage)...)
	return modal(lang, CallbackExperimentsList, lang.T("experiment.list.title"), false, meta, blocks)
}

// experimentResultsModal takes the exposures and successes of each
// variant.
func experimentResultsModal(lang Lang, e *plan.Experiment, meta viewMeta) slack.ModalViewRequest {
	blocks := []slack.Block{
		slack.NewSectionBlock(mrkdwn("*"+Escape(e.Name)+"*\n"+lang.T("experiment.results.intro", Escape(e.SuccessMetric), Escape(e.ExposureMetric))), nil, nil),
	}
	for i, v := range e.Variants {
		letter := variantLetter(i)
		l := strings.ToLower(letter)
		label := clip(letter+" · "+v.Name, 60)
		exp := slack.NewNumberInputBlockElement(nil, ActionInput, false)
		succ := slack.NewNumberInputBlockElement(nil, ActionInput, false)
		blocks = append(blocks,
			slack.NewInputBlock(BlockExperimentExposures+l, plainText(clip(label+": "+e.ExposureMetric, 2000)), nil, exp),
			slack.NewInputBlock(BlockExperimentSuccesses+l, plainText(clip(label+": "+e.SuccessMetric, 2000)), nil, succ),
		)
	}
	blocks = append(blocks, slack.NewContextBlock("", mrkdwn(lang.T("experiment.results.once"))))
	v := modal(lang, CallbackExperimentResults, lang.T("experiment.results.title"), true, meta, blocks)
	v.Submit = plainText(lang.T("experiment.results.submit"))
	return v
}

// experimentNote is the decision note of an experiment added, changed or
// deleted; key is note.experiment.created/updated/deleted.
func experimentNote(lang Lang, key, userID string, e *plan.Experiment) (string, []slack.Block) {
	head := lang.T(key, userMention(userID), Escape(e.Name))
	blocks := []slack.Block{slack.NewSectionBlock(mrkdwn(head), nil, nil)}
	if key == "note.experiment.deleted" {
		return head, blocks
	}
	elems := []slack.MixedElement{
		mrkdwn(lang.T("experiment.hypothesis", Escape(clip(e.Hypothesis, 500)))),
		mrkdwn(experimentSummary(lang, e)),
	}
	if line := experimentSampleLine(lang, e); line != "" {
		elems = append(elems, mrkdwn(line))
	}
	return head, append(blocks, slack.NewContextBlock("", elems...))
}

// verdictText is the plain verdict of an experiment's results.
func verdictText(lang Lang, e *plan.Experiment, v plan.ExperimentVerdict) string {
	switch {
	case v.Winner >= 0:
		w := e.Variants[v.Winner]
		return lang.T("experiment.verdict.winner", variantLetter(v.Winner), Escape(clip(w.Name, 100)), formatPercent(lang, v.Confidence))
	case v.MoreNeeded > 0:
		return lang.T("experiment.verdict.more_needed", formatPercent(lang, v.Confidence), formatCount(lang, v.MoreNeeded), Escape(e.ExposureMetric))
	}
	return lang.T("experiment.verdict.no_difference")
}

// experimentVerdictMessage is posted in the channel when results are in.
func experimentVerdictMessage(lang Lang, userID string, e *plan.Experiment, v plan.ExperimentVerdict) (string, []slack.Block) {
	head := lang.T("experiment.verdict.head", Escape(e.Name))
	verdict := verdictText(lang, e, v)
	var rates []string
	for i, x := range e.Variants {
		rates = append(rates, lang.T("experiment.verdict.rate", variantLetter(i), Escape(clip(x.Name, 80)),
			formatPercent(lang, v.Rates[i]), formatCount(lang, x.Successes), formatCount(lang, x.Exposures)))
	}
	elems := []slack.MixedElement{
		mrkdwn(strings.Join(rates, "\n")),
		mrkdwn(lang.T("experiment.verdict.method", formatPercent(lang, v.Alpha), userMention(userID))),
	}
	return head + " " + verdict, []slack.Block{
		slack.NewSectionBlock(mrkdwn(head+"\n"+verdict), nil, nil),
		slack.NewContextBlock("", elems...),
	}
}

// experimentEndMessage is the reminder posted on an experiment's end date.
func experimentEndMessage(lang Lang, e *plan.Experiment, r *plan.Reminder, d *plan.Delivery, loc *time.Location) (string, []slack.Block) {
	text := lang.T("experiment.reminder", userMention(r.OwnerID), Escape(e.Name), formatDate(lang, e.End))
	record := slack.NewButtonBlockElement(ActionExperimentResults, idString(e.ID), plainText(lang.T("experiment.results.button")))
	record.Style = slack.StylePrimary
	elems := append([]slack.MixedElement{mrkdwn(experimentSummary(lang, e))}, deliveryNotes(lang, d, loc)...)
	return text, []slack.Block{
		slack.NewSectionBlock(mrkdwn(text), nil, nil),
		slack.NewContextBlock("", elems...),
		reminderActions(lang, r, "experiment", record),
	}
}

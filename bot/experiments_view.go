package bot

import (
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// Views of step 6: the experiment forms (open, locked once started, and
// the restart), the list and the decision notes. Pure functions of their
// data. The verdict, the results forms and the history are in
// experiments_verdict_view.go.

// experimentDelete is the confirmation of an experiment's Delete button.
var experimentDelete = deleteConfirm{Title: "experiment.delete.confirm.title", Text: "experiment.delete.confirm.text"}

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

// experimentModal is the form to add (e.ID == 0) or edit an experiment
// that has not started: every field can change.
func experimentModal(lang Lang, e *plan.Experiment, meta viewMeta) slack.ModalViewRequest {
	title := lang.T("experiment.modal.new")
	if e.ID != 0 {
		title = lang.T("experiment.modal.edit")
	}
	blocks := append([]slack.Block{slack.NewContextBlock("", mrkdwn(lang.T("experiment.modal.intro")))}, experimentInputs(lang, e)...)
	return modal(lang, CallbackExperiment, title, true, meta, blocks)
}

// experimentInputs are the inputs of the whole design, with the name,
// hypothesis and owner.
func experimentInputs(lang Lang, e *plan.Experiment) []slack.Block {
	number := func(v float64, decimal bool) *slack.NumberInputBlockElement {
		el := slack.NewNumberInputBlockElement(nil, ActionInput, decimal)
		if v != 0 {
			el.InitialValue = strconv.FormatFloat(v, 'f', -1, 64)
		}
		return el
	}
	date := func(d time.Time) *slack.DatePickerBlockElement {
		if d.IsZero() {
			return datePicker("")
		}
		return datePicker(d.Format(time.DateOnly))
	}
	blocks := []slack.Block{
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
	return append(blocks,
		input(BlockExperimentSuccess, lang.T("experiment.field.success"), lang.T("experiment.field.success.hint"), textInput(e.SuccessMetric, plan.MaxMetricLabelLen, false), false),
		input(BlockExperimentExposure, lang.T("experiment.field.exposure"), "", textInput(e.ExposureMetric, plan.MaxMetricLabelLen, false), false),
		input(BlockExperimentBaseline, lang.T("experiment.field.baseline"), lang.T("experiment.field.baseline.hint"), number(e.BaselineRate, true), false),
		input(BlockExperimentEffect, lang.T("experiment.field.effect"), lang.T("experiment.field.effect.hint"), number(e.MinEffect, true), false),
		input(BlockExperimentPlanned, lang.T("experiment.field.planned"), lang.T("experiment.field.planned.hint"), number(float64(e.PlannedSample), false), true),
		input(BlockExperimentStart, lang.T("experiment.field.start"), "", date(e.Start), false),
		input(BlockExperimentEnd, lang.T("experiment.field.end"), lang.T("experiment.field.end.hint"), date(e.End), false),
		input(BlockExperimentOwner, lang.T("experiment.field.owner"), "", userSelect(e.OwnerID), false),
	)
}

// experimentLockedModal is the form of an experiment that has started:
// its design shows read-only with a Restart button, and only the name,
// the hypothesis and the owner can change.
func experimentLockedModal(lang Lang, e *plan.Experiment, meta viewMeta) slack.ModalViewRequest {
	restart := slack.NewButtonBlockElement(ActionExperimentRestart, idString(e.ID), plainText(lang.T("experiment.restart.button")))
	blocks := []slack.Block{
		slack.NewSectionBlock(mrkdwn(lang.T("experiment.locked.intro", formatDate(lang, e.Start))), nil, nil),
		slack.NewSectionBlock(mrkdwn(clip(experimentDesignText(lang, e.Design()), 3000)), nil, nil),
		slack.NewSectionBlock(mrkdwn(lang.T("experiment.locked.restart_hint")), nil, slack.NewAccessory(restart)),
		input(BlockExperimentName, lang.T("experiment.field.name"), "", textInput(e.Name, plan.MaxExperimentNameLen, false), false),
		input(BlockExperimentHypothesis, lang.T("experiment.field.hypothesis"), lang.T("experiment.field.hypothesis.hint"), textInput(e.Hypothesis, plan.MaxExperimentHypothesisLen, true), false),
		input(BlockExperimentOwner, lang.T("experiment.field.owner"), "", userSelect(e.OwnerID), false),
	}
	return modal(lang, CallbackExperiment, lang.T("experiment.modal.edit"), true, meta, blocks)
}

// experimentRestartModal is the form that restarts a started experiment
// with a new design: every field, and why.
func experimentRestartModal(lang Lang, e *plan.Experiment, meta viewMeta) slack.ModalViewRequest {
	run := e.RunNumber()
	blocks := append([]slack.Block{slack.NewContextBlock("", mrkdwn(lang.T("experiment.restart.intro", run, run+1, run)))},
		experimentInputs(lang, e)...)
	blocks = append(blocks, input(BlockExperimentReason, lang.T("experiment.field.reason"), lang.T("experiment.field.reason.hint"),
		textInput("", plan.MaxRestartReasonLen, true), false))
	v := modal(lang, CallbackExperimentRestart, lang.T("experiment.restart.title"), true, meta, blocks)
	v.Submit = plainText(lang.T("experiment.restart.submit"))
	return v
}

// experimentDesignText says what an experiment tests and how, in mrkdwn,
// escaped: the locked design.
func experimentDesignText(lang Lang, d plan.ExperimentDesign) string {
	planned := lang.T("experiment.design.not_planned")
	if d.PlannedSample > 0 {
		planned = formatCount(lang, d.PlannedSample)
	}
	head := lang.T("experiment.design", lang.T("experiment.variable."+string(d.Variable)), lang.T("network."+string(d.Network)),
		Escape(d.SuccessMetric), Escape(d.ExposureMetric), formatPercent(lang, d.BaselineRate/100), formatNumber(lang, d.MinEffect),
		planned, formatDate(lang, d.Start), formatDate(lang, d.End))
	var variants []string
	for i, v := range d.Variants {
		variants = append(variants, variantLetter(i)+": "+Escape(clip(v, 80)))
	}
	return head + "\n" + strings.Join(variants, " · ")
}

// designFields names the design fields that changed, in the language of
// the form's labels.
func designFields(lang Lang, fields []string) string {
	labels := map[string]string{
		"variable": "experiment.field.variable", "network": "experiment.field.network", "variants": "experiment.field.variants",
		"success_metric": "experiment.field.success", "exposure_metric": "experiment.field.exposure",
		"baseline_rate": "experiment.field.baseline", "min_effect": "experiment.field.effect",
		"planned_sample": "experiment.field.planned", "start": "experiment.field.start", "end": "experiment.field.end",
	}
	out := make([]string, 0, len(fields))
	for _, f := range fields {
		if key, ok := labels[f]; ok {
			out = append(out, lang.T(key))
		}
	}
	return strings.Join(out, ", ")
}

// experimentSummary is the context line of an experiment in lists, notes
// and reminders.
func experimentSummary(lang Lang, e *plan.Experiment) string {
	var variants []string
	for i, v := range e.Variants {
		variants = append(variants, variantLetter(i)+": "+Escape(clip(v.Name, 80)))
	}
	line := lang.T("experiment.summary",
		lang.T("experiment.variable."+string(e.Variable)), lang.T("network."+string(e.Network)),
		formatDate(lang, e.Start), formatDate(lang, e.End), userMention(e.OwnerID))
	if e.RunNumber() > 1 {
		line += " · " + lang.T("experiment.run", e.RunNumber())
	}
	return line + "\n" + strings.Join(variants, " · ")
}

// experimentStatus says where an experiment stands on today: before the
// end date, never a verdict.
func experimentStatus(lang Lang, e *plan.Experiment, today time.Time) string {
	if j, err := e.Conclusion(); err == nil {
		s := verdictText(lang, e, j)
		if e.Corrected() {
			s += "\n" + lang.T("experiment.status.corrected")
		}
		return s
	}
	switch {
	case today.Before(e.Start):
		return lang.T("experiment.status.planned", formatDate(lang, e.Start))
	case today.Before(e.End):
		return lang.T("experiment.status.running", formatDate(lang, e.End))
	}
	return lang.T("experiment.status.ended")
}

// experimentsListModal lists one page of a plan's experiments, each with
// its buttons: Record results once it has ended, Correct results once
// they are in, its history, Edit and Delete.
func experimentsListModal(lang Lang, exps []*plan.Experiment, total int, meta viewMeta, today time.Time) slack.ModalViewRequest {
	blocks := []slack.Block{
		slack.NewSectionBlock(mrkdwn(lang.N("experiment.list.intro", total)), nil, slack.NewAccessory(addButton(lang, ActionExperimentAdd, meta.PlanID, "experiment.add"))),
		slack.NewDividerBlock(),
	}
	for _, e := range exps {
		id := idString(e.ID)
		context := []slack.MixedElement{mrkdwn(clip(experimentSummary(lang, e), 3000)), mrkdwn(clip(experimentStatus(lang, e, today), 3000))}
		_, recorded := e.InForce()
		if !recorded {
			if line := experimentSampleLine(lang, e); line != "" {
				context = append(context, mrkdwn(line))
			}
		}
		var extra []slack.BlockElement
		switch {
		case recorded:
			extra = append(extra, slack.NewButtonBlockElement(ActionExperimentCorrect, id, plainText(lang.T("experiment.correct.button"))))
		case !today.Before(e.End):
			res := slack.NewButtonBlockElement(ActionExperimentResults, id, plainText(lang.T("experiment.results.button")))
			res.Style = slack.StylePrimary
			extra = append(extra, res)
		}
		extra = append(extra, slack.NewButtonBlockElement(ActionExperimentDetail, id, plainText(lang.T("experiment.detail.button"))))
		blocks = append(blocks,
			slack.NewSectionBlock(mrkdwn("*"+Escape(e.Name)+"*"), nil, nil, slack.SectionBlockOptionBlockID("experiment_"+id)),
			slack.NewContextBlock("", context...),
			editDeleteButtons(lang, "experiment_actions_"+id, ActionExperimentEdit, ActionExperimentDelete, e.ID, e.Name, experimentDelete, extra...),
		)
	}
	blocks = append(blocks, listNav(lang, "experiments_nav", meta.Page, total)...)
	return modal(lang, CallbackExperimentsList, lang.T("experiment.list.title"), false, meta, blocks)
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

// experimentRestartNote is the note of a restart: what changed from the
// run that ended, and why.
func experimentRestartNote(lang Lang, userID string, e *plan.Experiment, before plan.ExperimentDesign, reason string) (string, []slack.Block) {
	head := lang.T("note.experiment.restarted", userMention(userID), Escape(e.Name), e.RunNumber())
	elems := []slack.MixedElement{mrkdwn(lang.T("experiment.note.changed", designFields(lang, before.Changed(e.Design()))))}
	if reason != "" {
		elems = append(elems, mrkdwn(lang.T("experiment.note.reason", Escape(clip(reason, 500)))))
	}
	elems = append(elems, mrkdwn(experimentSummary(lang, e)))
	if line := experimentSampleLine(lang, e); line != "" {
		elems = append(elems, mrkdwn(line))
	}
	return head, []slack.Block{slack.NewSectionBlock(mrkdwn(head), nil, nil), slack.NewContextBlock("", elems...)}
}

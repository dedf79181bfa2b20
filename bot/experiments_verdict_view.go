package bot

import (
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// Views of step 6 around results: the results and correction forms, the
// verdict, the note of a correction, the experiment's history and the
// reminder of its end date. Pure functions of their data.

// formatPValue writes a p-value with two significant digits ("0.0074",
// "0.14"), "< 0.001" below that, with a decimal comma in French.
func formatPValue(lang Lang, p float64) string {
	s := "< 0.001"
	if p >= 0.001 {
		s = strconv.FormatFloat(p, 'g', 2, 64)
	}
	if lang == FR {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// variantName is "variant B" in a verdict.
func variantName(lang Lang, i int) string {
	return lang.T("experiment.verdict.variant", variantLetter(i))
}

// verdictTest names the test a verdict used.
func verdictTest(lang Lang, j plan.Judgement) string {
	if j.Test == plan.TestWelchPosts {
		return lang.T("experiment.test."+string(j.Test), j.Posts[j.Best], j.Posts[j.RunnerUp])
	}
	return lang.T("experiment.test." + string(j.Test))
}

// verdictText is the verdict of an experiment's results in plain words:
// what the best variant did against the runner-up, the test used and its
// p-value with what it means, and, whatever the outcome, when the planned
// sample was not reached. Never a "confidence".
func verdictText(lang Lang, e *plan.Experiment, j plan.Judgement) string {
	best, runner := formatPercent(lang, j.Rates[j.Best]), formatPercent(lang, j.Rates[j.RunnerUp])
	reached, planned := formatCount(lang, j.Reached), formatCount(lang, j.Planned)
	var lines []string
	switch j.Outcome {
	case plan.OutcomeWinner:
		lines = append(lines, lang.T("experiment.verdict.winner", variantLetter(j.Best), variantName(lang, j.RunnerUp), best, runner))
	case plan.OutcomeUnderpowered:
		lines = append(lines, lang.T("experiment.verdict.underpowered", reached, planned, Escape(e.ExposureMetric),
			variantName(lang, j.Best), variantName(lang, j.RunnerUp), best, runner))
	default:
		lines = append(lines, lang.T("experiment.verdict.no_difference", variantName(lang, j.Best), variantName(lang, j.RunnerUp), best, runner))
	}
	chance := lang.T("experiment.verdict.p_small")
	if j.PValue >= 0.001 {
		chance = formatPercent(lang, j.PValue)
	}
	lines = append(lines, lang.T("experiment.verdict.p", formatPValue(lang, j.PValue), verdictTest(lang, j), chance))
	if len(j.Rates) > 2 {
		lines = append(lines, lang.T("experiment.verdict.runner_up", len(j.Rates), variantLetter(j.Best), variantLetter(j.RunnerUp)))
	}
	if j.Underpowered && j.Outcome != plan.OutcomeUnderpowered {
		lines = append(lines, lang.T("experiment.verdict.underpowered_note", reached, planned, Escape(e.ExposureMetric)))
	}
	return strings.Join(lines, "\n")
}

// verdictShort is an experiment's verdict in one line, with its p-value,
// for the screens that list several (the review, step 9's evidence).
func verdictShort(lang Lang, e *plan.Experiment) string {
	j, err := e.Conclusion()
	if err != nil {
		return lang.T("review.experiments.no_verdict")
	}
	p := formatPValue(lang, j.PValue)
	switch j.Outcome {
	case plan.OutcomeWinner:
		return lang.T("experiment.verdict.short.winner", variantLetter(j.Best), variantName(lang, j.RunnerUp), p)
	case plan.OutcomeUnderpowered:
		return lang.T("experiment.verdict.short.underpowered", formatCount(lang, j.Reached), formatCount(lang, j.Planned), p)
	}
	return lang.T("experiment.verdict.short.no_difference", p)
}

// verdictRates lists what each variant scored.
func verdictRates(lang Lang, e *plan.Experiment, j plan.Judgement, rec plan.ResultRecord) string {
	var rates []string
	for i, v := range rec.Variants {
		name := ""
		if i < len(e.Variants) {
			name = Escape(clip(e.Variants[i].Name, 80))
		}
		if j.Posts != nil {
			rates = append(rates, lang.T("experiment.verdict.rate_posts", variantLetter(i), name, formatPercent(lang, j.Rates[i]),
				lang.N("experiment.posts.count", j.Posts[i]), formatCount(lang, v.Successes), formatCount(lang, v.Exposures)))
			continue
		}
		rates = append(rates, lang.T("experiment.verdict.rate", variantLetter(i), name, formatPercent(lang, j.Rates[i]),
			formatCount(lang, v.Successes), formatCount(lang, v.Exposures)))
	}
	return strings.Join(rates, "\n")
}

// experimentVerdictMessage is posted in the channel when results are in:
// the verdict, what each variant scored, and who recorded them.
func experimentVerdictMessage(lang Lang, userID string, e *plan.Experiment, j plan.Judgement, rec plan.ResultRecord) (string, []slack.Block) {
	head := lang.T("experiment.verdict.head", Escape(e.Name))
	verdict := verdictText(lang, e, j)
	elems := []slack.MixedElement{
		mrkdwn(clip(verdictRates(lang, e, j, rec), 3000)),
		mrkdwn(lang.T("experiment.verdict.recorded", userMention(userID))),
	}
	return head + " " + verdict, []slack.Block{
		slack.NewSectionBlock(mrkdwn(clip(head+"\n"+verdict, 3000)), nil, nil),
		slack.NewContextBlock("", elems...),
	}
}

// describeChanges says what a correction changed: "B · clicks: 250 → 210".
func describeChanges(lang Lang, e *plan.Experiment, changes []plan.ResultChange) string {
	out := make([]string, 0, len(changes))
	for _, c := range changes {
		field := lang.T("experiment.change.posts")
		switch c.Field {
		case "exposures":
			field = Escape(e.ExposureMetric)
		case "successes":
			field = Escape(e.SuccessMetric)
		}
		out = append(out, lang.T("experiment.change", variantLetter(c.Variant), field, formatCount(lang, c.Old), formatCount(lang, c.New)))
	}
	return strings.Join(out, "; ")
}

// recordFigures lists a record's figures: "A 200/1,000 · B 250/1,000",
// with its posts' count.
func recordFigures(lang Lang, rec plan.ResultRecord) string {
	out := make([]string, 0, len(rec.Variants))
	for i, v := range rec.Variants {
		out = append(out, variantLetter(i)+" "+formatCount(lang, v.Successes)+"/"+formatCount(lang, v.Exposures))
	}
	s := strings.Join(out, " · ")
	if len(rec.Posts) > 0 {
		s += " (" + lang.N("experiment.posts.count", len(rec.Posts)) + ")"
	}
	return s
}

// experimentCorrectionNote is posted in the channel when results are
// corrected: who changed which figure and why, then the verdict of the
// corrected figures.
func experimentCorrectionNote(lang Lang, userID string, e *plan.Experiment, j plan.Judgement, prev, rec plan.ResultRecord) (string, []slack.Block) {
	head := lang.T("note.experiment.corrected", userMention(userID), Escape(e.Name))
	detail := lang.T("experiment.history.corrected", userMention(userID), formatDate(lang, rec.RecordedAt),
		describeChanges(lang, e, rec.Changes(prev)), Escape(clip(rec.Note, 500)))
	verdict := verdictText(lang, e, j)
	return head, []slack.Block{
		slack.NewSectionBlock(mrkdwn(head), nil, nil),
		slack.NewContextBlock("", mrkdwn(clip(detail, 3000))),
		slack.NewSectionBlock(mrkdwn(clip(verdict, 3000)), nil, nil),
		slack.NewContextBlock("", mrkdwn(clip(verdictRates(lang, e, j, rec), 3000))),
	}
}

// experimentResultsModal takes each variant's exposures and successes, or
// results per post pasted as lines. With prev, the results in force, it is
// the correction form: filled with them, and a note is required.
func experimentResultsModal(lang Lang, e *plan.Experiment, prev *plan.ResultRecord, meta viewMeta) slack.ModalViewRequest {
	intro := "*" + Escape(e.Name) + "*\n" + lang.T("experiment.results.intro2", Escape(e.SuccessMetric), Escape(e.ExposureMetric))
	blocks := []slack.Block{slack.NewSectionBlock(mrkdwn(clip(intro, 3000)), nil, nil)}
	for i, v := range e.Variants {
		l := strings.ToLower(variantLetter(i))
		label := clip(variantLetter(i)+" · "+v.Name, 60)
		exp, succ := textInput("", 20, false), textInput("", 20, false)
		if prev != nil && len(prev.Posts) == 0 && i < len(prev.Variants) {
			exp.InitialValue = formatCount(lang, prev.Variants[i].Exposures)
			succ.InitialValue = formatCount(lang, prev.Variants[i].Successes)
		}
		blocks = append(blocks,
			input(BlockExperimentExposures+l, clip(label+": "+e.ExposureMetric, 2000), "", exp, true),
			input(BlockExperimentSuccesses+l, clip(label+": "+e.SuccessMetric, 2000), "", succ, true),
		)
	}
	posts := textInput(postsText(lang, prev), 3000, true)
	blocks = append(blocks, input(BlockExperimentPosts, lang.T("experiment.field.posts"),
		clip(lang.T("experiment.field.posts.hint", e.ExposureMetric, e.SuccessMetric), 2000), posts, true))
	callback, title, submit := CallbackExperimentResults, lang.T("experiment.results.title"), lang.T("experiment.results.submit")
	if prev != nil {
		callback, title, submit = CallbackExperimentCorrection, lang.T("experiment.correct.title"), lang.T("experiment.correct.submit")
		blocks = append(blocks, input(BlockExperimentNote, lang.T("experiment.field.note"), lang.T("experiment.field.note.hint"),
			textInput("", plan.MaxResultNoteLen, true), false))
	} else {
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(lang.T("experiment.results.taken"))))
	}
	v := modal(lang, callback, title, true, meta, blocks)
	v.Submit = plainText(submit)
	return v
}

// postsText writes the posts of rec as the results form reads them, with
// semicolons between cells; empty without posts.
func postsText(lang Lang, rec *plan.ResultRecord) string {
	if rec == nil {
		return ""
	}
	var b strings.Builder
	for _, p := range rec.Posts {
		label := strings.NewReplacer(";", ",", "\n", " ", "\"", "'").Replace(p.Label)
		b.WriteString(variantLetter(p.Variant) + "; " + label + "; " + formatCount(lang, p.Exposures) + "; " + formatCount(lang, p.Successes) + "\n")
	}
	return clip(b.String(), 3000)
}

// experimentHistoryMax bounds the entries of each run in the history
// view, so that it stays under Slack's 100 blocks.
const experimentHistoryMax = 15

// experimentDetailModal is the history of an experiment: its design and
// verdict, the results of its current run with every correction (who
// changed what, and why), and its earlier runs.
func experimentDetailModal(lang Lang, e *plan.Experiment, runs []plan.ExperimentRun, today time.Time, meta viewMeta) slack.ModalViewRequest {
	blocks := []slack.Block{
		slack.NewSectionBlock(mrkdwn(clip("*"+Escape(e.Name)+"*\n"+lang.T("experiment.hypothesis", Escape(e.Hypothesis)), 3000)), nil, nil),
		slack.NewContextBlock("", mrkdwn(clip(experimentDesignText(lang, e.Design()), 3000))),
		slack.NewSectionBlock(mrkdwn(clip(experimentStatus(lang, e, today), 3000)), nil, nil),
		slack.NewDividerBlock(),
		slack.NewSectionBlock(mrkdwn(lang.T("experiment.history.results", e.RunNumber())), nil, nil),
	}
	blocks = append(blocks, recordBlocks(lang, e, e.Results, experimentHistoryMax)...)
	if len(runs) > 0 {
		blocks = append(blocks, slack.NewDividerBlock(), slack.NewSectionBlock(mrkdwn(lang.T("experiment.history.earlier")), nil, nil))
		shown := runs[max(0, len(runs)-5):]
		if skipped := len(runs) - len(shown); skipped > 0 {
			blocks = append(blocks, slack.NewContextBlock("", mrkdwn(lang.T("experiment.history.more", skipped))))
		}
		for i, r := range shown {
			next := e.Design()
			if k := len(runs) - len(shown) + i + 1; k < len(runs) {
				next = runs[k].Design
			}
			text := lang.T("experiment.history.run", r.Number, formatDate(lang, r.Design.Start), formatDate(lang, r.Design.End),
				userMention(r.EndedBy), formatDate(lang, r.EndedAt), Escape(clip(r.Reason, 500)))
			text += "\n" + lang.T("experiment.history.run.changed", designFields(lang, r.Design.Changed(next)))
			blocks = append(blocks, slack.NewSectionBlock(mrkdwn(clip(text, 3000)), nil, nil))
			blocks = append(blocks, recordBlocks(lang, e, r.Results, 3)...)
		}
	}
	return modal(lang, experimentDetailCallback, lang.T("experiment.detail.title"), false, meta, blocks)
}

// recordBlocks are the entries of a run's result records, the last limit
// of them: the first recording, then each correction with who changed
// what and why.
func recordBlocks(lang Lang, e *plan.Experiment, recs []plan.ResultRecord, limit int) []slack.Block {
	if len(recs) == 0 {
		return []slack.Block{slack.NewContextBlock("", mrkdwn(lang.T("experiment.history.none")))}
	}
	var out []slack.Block
	start := max(0, len(recs)-limit)
	if start > 0 {
		out = append(out, slack.NewContextBlock("", mrkdwn(lang.T("experiment.history.more", start))))
	}
	for i := start; i < len(recs); i++ {
		r := recs[i]
		text := lang.T("experiment.history.recorded", userMention(r.RecordedBy), formatDate(lang, r.RecordedAt), recordFigures(lang, r))
		if i > 0 {
			text = lang.T("experiment.history.corrected", userMention(r.RecordedBy), formatDate(lang, r.RecordedAt),
				describeChanges(lang, e, r.Changes(recs[i-1])), Escape(clip(r.Note, 500)))
		}
		out = append(out, slack.NewContextBlock("", mrkdwn(clip(text, 3000))))
	}
	return out
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

package bot

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// Views of step 8: the measure modal, the results and CSV forms, the
// metric form and the mention form. Pure functions of their data.

// Limits of the measure modal, under Slack's 100 blocks.
const (
	kpisShown         = 15
	metricsShown      = 20
	observationsShown = 15
)

// measureData is what the measure modal shows.
type measureData struct {
	Plan         *plan.Plan
	KPIs         []plan.KPIStatus
	Metrics      []*plan.Metric // PlanMetrics
	Counts       map[string]int // observations per metric key
	Latest       []*plan.Observation
	Total        int // observations in all
	Schedule     plan.ReviewSchedule
	NextReview   time.Time
	Today        time.Time
	PeriodStart  time.Time // the day the current review period began
	ReviewsSetUp bool
}

// scheduleText says when the plan's measurement reviews come.
func scheduleText(lang Lang, s plan.ReviewSchedule) string {
	at := formatClock(lang, s.Hour, s.Minute)
	switch s.Frequency {
	case plan.FrequencyWeekly:
		return lang.T("review.schedule.weekly", lang.T(fmt.Sprintf("weekday.%d", int(s.Weekday))), at)
	case plan.FrequencyMonthly:
		return lang.T("review.schedule.monthly", ordinalDay(lang, s.MonthDay), at)
	}
	return lang.T("review.schedule.off")
}

// metricLabel is a metric's name with its unit, escaped.
func metricLabel(m *plan.Metric) string {
	if m.Unit == "" {
		return Escape(clip(m.Name, 80))
	}
	return Escape(clip(m.Name, 80)) + " (" + Escape(m.Unit) + ")"
}

// observationText is one observation in mrkdwn, escaped.
func observationText(lang Lang, o *plan.Observation) string {
	when := formatDate(lang, o.Date)
	if !o.End.IsZero() {
		when = lang.T("observation.period", formatDate(lang, o.Date), formatDate(lang, o.End))
	}
	net := lang.T("observation.all_networks")
	if o.Network != "" {
		net = lang.T("network." + string(o.Network))
	}
	s := fmt.Sprintf("%s · *%s* · %s · *%s*", when, Escape(clip(o.Metric, 80)), net, formatFigure(lang, o.Value))
	if o.Mention != "" {
		s += " · " + lang.T("mention.kind."+string(o.Mention))
	}
	if o.Outlet != "" {
		s += " · " + Escape(clip(o.Outlet, 80))
	}
	if o.Link != "" {
		s += " · " + Escape(clip(o.Link, 200)) // Slack links a bare address itself
	}
	if o.Source != "" {
		s += "\n_" + Escape(clip(o.Source, 200)) + "_"
	}
	return s
}

// measureModal is the home of step 8: the KPIs, the metrics and the latest
// results, with buttons to log results, paste a CSV and add a metric.
func measureModal(lang Lang, d measureData, meta viewMeta) slack.ModalViewRequest {
	id := idString(d.Plan.ID)
	logBtn := slack.NewButtonBlockElement(ActionMeasureLog, id, plainText(lang.T("measure.log")))
	logBtn.Style = slack.StylePrimary
	blocks := []slack.Block{
		slack.NewSectionBlock(mrkdwn(lang.T("measure.intro")), nil, nil),
		slack.NewActionBlock("measure_actions", logBtn,
			slack.NewButtonBlockElement(ActionMeasurePaste, id, plainText(lang.T("measure.paste"))),
			slack.NewButtonBlockElement(ActionMetricAdd, id, plainText(lang.T("measure.metric_add"))),
			slack.NewButtonBlockElement(ActionAdaptStart, id, plainText(lang.T("measure.adapt"))),
		),
	}
	sched := lang.T("measure.schedule", scheduleText(lang, d.Schedule))
	if d.ReviewsSetUp && !d.NextReview.IsZero() {
		sched += " " + lang.T("measure.schedule.next", localTime(lang, d.NextReview, d.Plan.Location()))
	}
	if !d.Schedule.Enabled() {
		sched += " " + lang.T("measure.schedule.hint")
	}
	blocks = append(blocks, slack.NewContextBlock("measure_schedule", mrkdwn(sched)), slack.NewDividerBlock(),
		slack.NewSectionBlock(mrkdwn("*"+lang.T("measure.kpis")+"*"), nil, nil))

	if len(d.KPIs) == 0 {
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(lang.T("measure.kpis.none"))))
	}
	for i, k := range d.KPIs {
		if i == kpisShown {
			blocks = append(blocks, slack.NewContextBlock("", mrkdwn(lang.T("names.more", len(d.KPIs)-kpisShown))))
			break
		}
		text := kpiText(lang, k)
		if k.Stale(d.PeriodStart) {
			text += "\n" + lang.T("kpi.stale", Escape(clip(k.Goal.Metric, 80)), formatDate(lang, d.PeriodStart))
		}
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(text), nil, nil, slack.SectionBlockOptionBlockID("kpi_"+idString(k.Goal.ID))))
	}

	blocks = append(blocks, slack.NewDividerBlock(), slack.NewSectionBlock(mrkdwn("*"+lang.T("measure.metrics")+"*"), nil, nil))
	for i, m := range d.Metrics {
		if i == metricsShown {
			blocks = append(blocks, slack.NewContextBlock("", mrkdwn(lang.T("names.more", len(d.Metrics)-metricsShown))))
			break
		}
		text := "*" + metricLabel(m) + "* · " + lang.T("metric.kind."+string(m.Kind))
		if m.GoalKind != "" {
			text += " · " + lang.T("metric.for", lang.T("goal.kind."+string(m.GoalKind)))
		}
		text += " · " + lang.N("metric.observations", d.Counts[plan.MetricKey(m.Name)], formatCount(lang, int64(d.Counts[plan.MetricKey(m.Name)])))
		var acc *slack.Accessory
		if m.ID != 0 {
			acc = slack.NewAccessory(confirmedDelete(lang, ActionMetricDelete, m.ID, m.Name, "metric.delete.confirm"))
		} else {
			text += " · " + lang.T("metric.of_goal")
		}
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(text), nil, acc, slack.SectionBlockOptionBlockID(metricBlockID(i))))
	}

	blocks = append(blocks, slack.NewDividerBlock(), slack.NewSectionBlock(mrkdwn("*"+lang.T("measure.latest")+"*"), nil, nil))
	if len(d.Latest) == 0 {
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(lang.T("measure.latest.none"))))
	}
	for i, o := range d.Latest {
		if i == observationsShown {
			break
		}
		del := confirmedDelete(lang, ActionObservationDelete, o.ID, o.Metric, "observation.delete.confirm")
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(observationText(lang, o)), nil, slack.NewAccessory(del),
			slack.SectionBlockOptionBlockID("observation_"+idString(o.ID))))
	}
	var all *slack.Accessory
	if d.Total > len(d.Latest) {
		all = slack.NewAccessory(slack.NewButtonBlockElement(ActionObservationsAll, id, plainText(lang.T("measure.all"))))
	}
	blocks = append(blocks, slack.NewSectionBlock(mrkdwn(lang.N("measure.total", d.Total, formatCount(lang, int64(d.Total)))), nil, all, slack.SectionBlockOptionBlockID("measure_total")))
	return modal(lang, CallbackMeasure, lang.T("measure.modal.title"), false, meta, blocks)
}

func metricBlockID(i int) string { return "metric_" + strconv.Itoa(i) }

// confirmedDelete is a Delete button with a confirmation naming what goes.
func confirmedDelete(lang Lang, action string, id int64, name, textKey string) *slack.ButtonBlockElement {
	del := slack.NewButtonBlockElement(action, idString(id), plainText(lang.T("goals.delete")))
	del.Style = slack.StyleDanger
	del.Confirm = slack.NewConfirmationBlockObject(
		plainText(lang.T("steps.delete.confirm.title")),
		plainText(confirmText(name, lang.T(textKey))),
		plainText(lang.T("goals.delete.confirm.yes")),
		plainText(lang.T("goals.delete.confirm.no")),
	)
	del.Confirm.Style = slack.StyleDanger
	return del
}

// metricSelect is a select of the plan's metrics by name, at most 100.
func metricSelect(metrics []*plan.Metric, initial string) *slack.SelectBlockElement {
	var opts []*slack.OptionBlockObject
	var init *slack.OptionBlockObject
	for i, m := range metrics {
		if i == plan.MaxMetrics {
			break
		}
		o := slack.NewOptionBlockObject(m.Name, plainText(clip(m.Name, 75)), nil)
		opts = append(opts, o)
		if initial != "" && plan.MetricKey(initial) == plan.MetricKey(m.Name) {
			init = o
		}
	}
	el := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, nil, ActionInput, opts...)
	el.InitialOption = init
	return el
}

// observationsModal is the form to log several results at once: one date
// or period and source for the batch, and a metric, network and value a
// row. metrics must not be empty.
func observationsModal(lang Lang, metrics []*plan.Metric, today time.Time, meta viewMeta) slack.ModalViewRequest {
	date := slack.NewDatePickerBlockElement(ActionInput)
	date.InitialDate = today.Format(time.DateOnly)
	blocks := []slack.Block{
		slack.NewContextBlock("", mrkdwn(lang.T("observations.intro"))),
		input(BlockObsDate, lang.T("observations.field.date"), "", date, false),
		input(BlockObsEnd, lang.T("observations.field.end"), lang.T("observations.field.end.hint"), slack.NewDatePickerBlockElement(ActionInput), true),
		input(BlockObsSource, lang.T("observations.field.source"), lang.T("observations.field.source.hint"), textInput("", plan.MaxObservationSourceLen, false), true),
		input(BlockObsLink, lang.T("observations.field.link"), "", textInput("", plan.MaxObservationLinkLen, false), true),
	}
	for n := 1; n <= obsRows; n++ {
		initial := ""
		if n == 1 && len(metrics) == 1 {
			initial = metrics[0].Name
		}
		value := slack.NewPlainTextInputBlockElement(plainText(lang.T("observations.field.value.placeholder")), ActionInput)
		value.MaxLength = 30
		blocks = append(blocks,
			slack.NewDividerBlock(),
			input(rowBlock(BlockObsMetricRow, n), lang.T("observations.field.metric", n), "", metricSelect(metrics, initial), true),
			input(rowBlock(BlockObsNetRow, n), lang.T("observations.field.network"), "", staticSelect(lang, "network.", plan.Networks, ""), true),
			input(rowBlock(BlockObsValueRow, n), lang.T("observations.field.value"), "", value, true),
		)
	}
	return modal(lang, CallbackObservations, lang.T("observations.modal.title"), true, meta, blocks)
}

// csvModal is the form to paste results as CSV.
func csvModal(lang Lang, metrics []*plan.Metric, meta viewMeta) slack.ModalViewRequest {
	names := make([]string, 0, len(metrics))
	for i, m := range metrics {
		if i == 10 {
			names = append(names, "…")
			break
		}
		names = append(names, "`"+Escape(clip(m.Name, 60))+"`")
	}
	known := lang.T("csv.known.none")
	if len(names) > 0 {
		known = strings.Join(names, ", ")
	}
	text := textInput("", csvPasteMax, true)
	text.Placeholder = plainText("date,metric,network,value")
	mark := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, nil, ActionInput,
		option(lang, "csv.mark.", csvMarkPoint), option(lang, "csv.mark.", csvMarkComma))
	blocks := []slack.Block{
		slack.NewSectionBlock(mrkdwn(lang.T("csv.intro")), nil, nil),
		slack.NewContextBlock("", mrkdwn(lang.T("csv.known", known))),
		input(BlockObsCSV, lang.T("csv.field"), lang.T("csv.field.hint"), text, false),
		input(BlockObsMark, lang.T("csv.field.mark"), lang.T("csv.field.mark.hint"), mark, true),
		input(BlockObsSource, lang.T("observations.field.source"), lang.T("observations.field.source.hint"), textInput("", plan.MaxObservationSourceLen, false), true),
	}
	return modal(lang, CallbackObservationsCSV, lang.T("csv.modal.title"), true, meta, blocks)
}

// csvDoneModal replaces the CSV form once n results are stored: how many,
// and how their values were read (summary, a number.column.* key).
func csvDoneModal(lang Lang, n int, summary string, meta viewMeta) slack.ModalViewRequest {
	blocks := []slack.Block{
		slack.NewSectionBlock(mrkdwn(lang.N("csv.done", n, lang.T(summary))), nil, nil, slack.SectionBlockOptionBlockID("csv_done")),
	}
	return modal(lang, CallbackObservationsCSV, lang.T("csv.modal.title"), false, meta, blocks)
}

// metricModal is the form to add a metric.
func metricModal(lang Lang, meta viewMeta) slack.ModalViewRequest {
	kind := staticSelect(lang, "metric.kind.", plan.MetricKinds, plan.MetricCount)
	blocks := []slack.Block{
		slack.NewContextBlock("", mrkdwn(lang.T("metric.intro"))),
		input(BlockMetricName, lang.T("metric.field.name"), lang.T("metric.field.name.hint"), textInput("", plan.MaxMetricNameLen, false), false),
		input(BlockMetricUnit, lang.T("metric.field.unit"), "", textInput("", plan.MaxMetricUnitLen, false), true),
		input(BlockMetricKind, lang.T("metric.field.kind"), lang.T("metric.field.kind.hint"), kind, false),
		input(BlockMetricGoalKind, lang.T("metric.field.goal_kind"), lang.T("metric.field.goal_kind.hint"), staticSelect(lang, "goal.kind.", plan.GoalKinds, ""), true),
	}
	return modal(lang, CallbackMetric, lang.T("metric.modal.title"), true, meta, blocks)
}

// mentionModal is the form of the "Log as mention" shortcut, pre-filled
// from the message it ran on; choices are the plans it may go to (see
// shortcuts.go).
func mentionModal(lang Lang, o *plan.Observation, choices planChoices, meta viewMeta) slack.ModalViewRequest {
	date := slack.NewDatePickerBlockElement(ActionInput)
	date.InitialDate = o.Date.Format(time.DateOnly)
	blocks := []slack.Block{
		slack.NewContextBlock("", mrkdwn(lang.T("mention.intro"))),
		input(BlockMentionChannel, lang.T("shortcut.field.plan"), lang.T("shortcut.field.plan.hint"), planSelect(choices), false),
		input(BlockMentionKind, lang.T("mention.field.kind"), "", staticSelect(lang, "mention.kind.", plan.MentionKinds, o.Mention), false),
		input(BlockMentionLink, lang.T("mention.field.link"), "", textInput(o.Link, plan.MaxObservationLinkLen, false), true),
		input(BlockMentionOutlet, lang.T("mention.field.outlet"), lang.T("mention.field.outlet.hint"), textInput(o.Outlet, plan.MaxObservationOutletLen, false), true),
		input(BlockMentionNetwork, lang.T("mention.field.network"), "", staticSelect(lang, "network.", plan.Networks, o.Network), false),
		input(BlockMentionDate, lang.T("mention.field.date"), "", date, false),
		input(BlockMentionNote, lang.T("mention.field.note"), "", textInput(clip(o.Source, plan.MaxObservationSourceLen), plan.MaxObservationSourceLen, true), true),
	}
	return modal(lang, CallbackMention, lang.T("mention.modal.title"), true, meta, blocks)
}

// observationsNote is the decision note of results logged: who, how many,
// and the first few.
func observationsNote(lang Lang, userID string, obs []*plan.Observation) (string, []slack.Block) {
	head := lang.N("note.observations", len(obs), userMention(userID))
	var lines []string
	for i, o := range obs {
		if i == 10 {
			lines = append(lines, lang.T("names.more", len(obs)-10))
			break
		}
		lines = append(lines, "• "+observationText(lang, o))
	}
	return head, []slack.Block{
		slack.NewSectionBlock(mrkdwn(head), nil, nil),
		slack.NewContextBlock("", mrkdwn(strings.Join(lines, "\n"))),
	}
}

// mentionNote is the decision note of a mention logged with the shortcut.
func mentionNote(lang Lang, userID string, o *plan.Observation) (string, []slack.Block) {
	head := lang.T("note.mention", userMention(userID), lang.T("mention.kind."+string(o.Mention)), lang.T("network."+string(o.Network)))
	return head, []slack.Block{
		slack.NewSectionBlock(mrkdwn(head), nil, nil),
		slack.NewContextBlock("", mrkdwn(observationText(lang, o))),
	}
}

// rowErrorText is one row error of a batch of results, in lang.
func rowErrorText(lang Lang, e plan.RowError) string {
	msg := lang.T(e.Key)
	switch e.Key {
	case "csv.columns", "csv.columns.header", "csv.date", "csv.network", "csv.value", "observation.metric.unknown", "number.contradicts":
		msg = lang.T(e.Key, clip(e.Value, 60))
	case "number.invalid":
		msg = lang.T("csv.value", clip(e.Value, 60))
	case "number.ambiguous":
		msg = lang.T(e.Key, clip(e.Value, 30), formatFigure(lang, e.Grouped), formatFigure(lang, e.Decimal))
	case "observation.batch.too_many":
		msg = lang.T(e.Key, plan.MaxObservationsBatch)
	case "csv.too_long":
		return lang.T(e.Key, formatFigure(lang, csvPasteMax))
	}
	return lang.T("csv.row", e.Row, msg)
}

// rowErrorsText joins the first row errors, and says how many more.
func rowErrorsText(lang Lang, re plan.RowErrors) string {
	const shown = 8
	var lines []string
	for i, e := range re {
		if i == shown {
			lines = append(lines, lang.T("names.more", len(re)-shown))
			break
		}
		lines = append(lines, rowErrorText(lang, e))
	}
	return strings.Join(lines, "\n")
}

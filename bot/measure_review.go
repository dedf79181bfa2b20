package bot

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// The measurement review of step 8: posted on the plan's schedule by the
// reminder engine, with a PNG chart of each KPI in its thread.

// MeasureNotifier is the scheduler's Notifier with what measurement
// reviews need: it posts a plan's review (KPIs, pace, experiments
// concluded, reply time) and then uploads a chart of each KPI into the
// review's thread with the files upload v2 flow. Other reminders go to the
// embedded Notifier, whose pacing and error classification the review
// shares. Charts go out after the review is posted and are not retried: a
// failed upload is logged, and never makes the review post twice.
type MeasureNotifier struct {
	*Notifier
	Goals   plan.GoalService
	Metrics plan.MetricService
	// Charts draws the charts (cmd/planbot wires chart.Renderer). When it
	// is nil the review is posted without charts, and without the line
	// that announces them.
	Charts ChartRenderer
	// MaxCharts bounds the charts uploaded with one review; default 10.
	MaxCharts int
}

// reviewData is what a measurement review shows.
type reviewData struct {
	Plan        *plan.Plan
	Delivery    *plan.Delivery
	Schedule    plan.ReviewSchedule
	PeriodStart time.Time // the calendar date the period began
	KPIs        []plan.KPI
	Experiments []*plan.Experiment // concluded during the period
	Replies     []plan.NetworkReplyStats
	NoCharts    bool // no charts follow in the thread
}

// Notify implements remind.Notifier.
func (m *MeasureNotifier) Notify(ctx context.Context, nt plan.Notice) (plan.Receipt, error) {
	if nt.Reminder.Kind != plan.ReminderMeasurementReview {
		return m.Notifier.Notify(ctx, nt)
	}
	n := m.Notifier
	n.init()
	r := nt.Reminder
	p, err := n.Plans.FindPlanByID(ctx, r.PlanID)
	if err != nil {
		return plan.Receipt{}, fmt.Errorf("find plan: %w", err)
	}
	rev, err := m.review(ctx, p, r, nt.Delivery)
	if err != nil {
		return plan.Receipt{}, fmt.Errorf("render measurement review: %w", err)
	}
	rev.NoCharts = m.Charts == nil
	lang := planLang(p)
	text, blocks := reviewMessage(lang, rev)
	channel, ts, err := n.post(ctx, r.ChannelID, nt.Log, slack.MsgOptionText(text, false), slack.MsgOptionBlocks(blocks...))
	if err != nil {
		return plan.Receipt{}, err
	}
	m.uploadCharts(ctx, lang, channel, ts, rev)
	return plan.Receipt{ChannelID: channel, TS: ts}, nil
}

// review loads what the review of plan p due at d.Due shows.
func (m *MeasureNotifier) review(ctx context.Context, p *plan.Plan, r *plan.Reminder, d *plan.Delivery) (reviewData, error) {
	loc := p.Location()
	sched := plan.ScheduleOf(r)
	since := sched.PeriodStart(d.Due, loc)
	rev := reviewData{Plan: p, Delivery: d, Schedule: sched, PeriodStart: plan.Today(since, loc)}
	goals, _, err := m.Goals.FindGoals(ctx, plan.GoalFilter{PlanID: &p.ID})
	if err != nil {
		return rev, err
	}
	stored, err := m.Metrics.FindMetrics(ctx, p.ID)
	if err != nil {
		return rev, err
	}
	metrics := plan.PlanMetrics(goals, stored)
	obs, _, err := m.Metrics.FindObservations(ctx, plan.ObservationFilter{PlanID: &p.ID, Limit: maxKPIObservations})
	if err != nil {
		return rev, err
	}
	today := plan.Today(d.Due, loc)
	for _, g := range goals {
		rev.KPIs = append(rev.KPIs, plan.ComputeKPI(g, plan.FindMetric(metrics, g.Metric), obs, today, loc))
	}
	concluded := true
	exps, _, err := m.Experiments.FindExperiments(ctx, plan.ExperimentFilter{PlanID: &p.ID, Concluded: &concluded})
	if err != nil {
		return rev, err
	}
	for _, e := range exps {
		if !e.ResultsAt.Before(since) && !e.ResultsAt.After(d.Due) {
			rev.Experiments = append(rev.Experiments, e)
		}
	}
	if rev.Replies, err = m.Engagement.ReplyStats(ctx, p.ID, since); err != nil {
		return rev, err
	}
	return rev, nil
}

// uploadCharts uploads a chart of each KPI with data into the thread of
// the review message ts, paced like posts.
func (m *MeasureNotifier) uploadCharts(ctx context.Context, lang Lang, channel, ts string, rev reviewData) {
	if m.Charts == nil {
		return
	}
	limit := m.MaxCharts
	if limit <= 0 {
		limit = 10
	}
	day := plan.Today(rev.Delivery.Due, rev.Plan.Location()).Format(time.DateOnly)
	done := 0
	for _, k := range rev.KPIs {
		if !k.HasData || done == limit {
			continue
		}
		values, target, pace := chartLegend(lang, k)
		png, err := m.Charts.KPIChart(k, values, target, pace)
		if err != nil {
			m.Logger.Error("draw kpi chart", "plan_id", rev.Plan.ID, "goal_id", k.Goal.ID, "error", err)
			continue
		}
		if err := m.pace(ctx, channel); err != nil {
			return
		}
		title := lang.T("chart.title", clip(k.Goal.Metric, 100))
		_, err = m.API.UploadFileContext(ctx, slack.UploadFileParameters{
			Reader: bytes.NewReader(png), FileSize: len(png),
			Filename: fmt.Sprintf("kpi-%d-%s.png", k.Goal.ID, day), Title: title, AltTxt: title,
			Channel: channel, ThreadTimestamp: ts,
		})
		if err != nil {
			m.Logger.Warn("upload kpi chart", "plan_id", rev.Plan.ID, "goal_id", k.Goal.ID, "channel_id", channel, "error", err)
			continue
		}
		done++
	}
	if done > 0 {
		m.Logger.Info("kpi charts uploaded", "plan_id", rev.Plan.ID, "count", done)
	}
}

// reviewKPIsShown bounds the KPIs of one review message, within Slack's 50
// blocks a message.
const reviewKPIsShown = 20

// reviewMessage is the measurement review posted in the plan's channel.
func reviewMessage(lang Lang, rev reviewData) (string, []slack.Block) {
	p := rev.Plan
	name := p.Name
	if name == "" {
		name = p.ChannelID
	}
	head := lang.T("review.head", clip(name, 100))
	period := lang.T("review.period", formatDate(lang, rev.PeriodStart), scheduleText(lang, rev.Schedule))
	ctxElems := append([]slack.MixedElement{mrkdwn(period)}, deliveryNotes(lang, rev.Delivery, p.Location())...)
	blocks := []slack.Block{
		slack.NewHeaderBlock(plainText(clip(head, 150))),
		slack.NewContextBlock("review_period", ctxElems...),
		slack.NewDividerBlock(),
	}
	if len(rev.KPIs) == 0 {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(lang.T("review.no_goals")), nil, nil))
	}
	var stale []string
	withData := 0
	for i, k := range rev.KPIs {
		if k.Stale(rev.PeriodStart) {
			stale = append(stale, k.Goal.Metric)
		}
		if k.HasData {
			withData++
		}
		if i == reviewKPIsShown {
			blocks = append(blocks, slack.NewContextBlock("", mrkdwn(lang.T("names.more", len(rev.KPIs)-reviewKPIsShown))))
			continue
		}
		if i < reviewKPIsShown {
			blocks = append(blocks, slack.NewSectionBlock(mrkdwn(kpiText(lang, k)), nil, nil,
				slack.SectionBlockOptionBlockID("review_kpi_"+strconv.FormatInt(k.Goal.ID, 10))))
		}
	}
	if len(stale) > 0 {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(lang.T("review.stale", nameList(lang, stale, len(stale)), formatDate(lang, rev.PeriodStart))),
			nil, nil, slack.SectionBlockOptionBlockID("review_stale")))
	}
	blocks = append(blocks, slack.NewDividerBlock(),
		slack.NewSectionBlock(mrkdwn(reviewExperimentsText(lang, rev.Experiments)), nil, nil, slack.SectionBlockOptionBlockID("review_experiments")),
		slack.NewSectionBlock(mrkdwn(replyTimeText(lang, rev.Replies)), nil, nil, slack.SectionBlockOptionBlockID("review_replies")),
	)
	id := strconv.FormatInt(p.ID, 10)
	start := slack.NewButtonBlockElement(ActionAdaptStart, id, plainText(lang.T("review.start")))
	start.Style = slack.StylePrimary
	blocks = append(blocks, slack.NewActionBlock("review_actions",
		slack.NewButtonBlockElement(ActionMeasureLog, id, plainText(lang.T("measure.log"))), start))
	if withData > 0 && !rev.NoCharts {
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(lang.T("review.charts"))))
	}
	return Escape(head) + " · " + period, blocks
}

// reviewExperimentsText lists the experiments concluded in the period
// with their verdicts.
func reviewExperimentsText(lang Lang, exps []*plan.Experiment) string {
	if len(exps) == 0 {
		return lang.T("review.experiments.none")
	}
	lines := []string{lang.N("review.experiments", len(exps))}
	for i, e := range exps {
		if i == 10 {
			lines = append(lines, lang.T("names.more", len(exps)-10))
			break
		}
		verdict := lang.T("review.experiments.no_verdict")
		if v, err := e.Verdict(); err == nil {
			verdict = verdictText(lang, e, v)
		}
		lines = append(lines, lang.T("review.experiments.line", Escape(clip(e.Name, 100)), lang.T("network."+string(e.Network)), verdict))
	}
	return strings.Join(lines, "\n")
}

// replyTimeText sums up the reply times of the period, per network.
func replyTimeText(lang Lang, stats []plan.NetworkReplyStats) string {
	total := 0
	var parts []string
	for _, s := range stats {
		total += s.Count
		parts = append(parts, lang.T("review.replies.network", lang.T("network."+string(s.Network)),
			formatSpan(lang, s.Median), formatSpan(lang, s.P90), s.Count))
	}
	if total == 0 {
		return lang.T("review.replies.none")
	}
	return lang.N("review.replies", total) + "\n" + strings.Join(parts, "\n")
}

package bot

import (
	"context"
	"fmt"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/bot/slackcall"
	"github.com/planbot/planbot/plan"
)

// The measurement review of step 8: posted on the plan's schedule by the
// reminder engine, with a PNG chart of each KPI in its thread.

// MeasureNotifier is the scheduler's Notifier with what measurement
// reviews need: it posts a plan's review (KPIs, pace, experiments
// concluded, reply time) and then uploads a chart of each KPI into the
// review's thread with the files upload v2 flow. Other reminders go to the
// embedded Notifier, whose pacing and exactly-once posts the review
// shares. Charts go out after the review is posted, each under the Slack
// call policy (shared exactly once); a chart that still fails is logged,
// and never makes the review post twice.
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
	// Content names the posts of the best and worst lists (results
	// imported per post, issue 16); nil leaves the lists out.
	Content plan.ContentService
}

// chartTimeout bounds the upload of one chart, Retry-Afters included: the
// charts must not keep the delivery of the next reminders waiting.
const chartTimeout = 30 * time.Second

// reviewData is what a measurement review shows.
type reviewData struct {
	Plan        *plan.Plan
	Delivery    *plan.Delivery
	Schedule    plan.ReviewSchedule
	PeriodStart time.Time // the calendar date the period began
	KPIs        []plan.KPIStatus
	Experiments []*plan.Experiment // concluded during the period
	Replies     []plan.NetworkReplyStats
	NoCharts    bool // no charts follow in the thread
	// Posts are the best and worst posts of the period by the KPIs with
	// per-post results.
	Posts []reviewPosts
	// AtRisk are the goals their owners' latest check-ins say are at risk
	// or off track (issue 17).
	AtRisk []plan.GoalRisk
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
	channel, ts, err := n.postReminder(ctx, nt, "", slack.MsgOptionText(text, false), slack.MsgOptionBlocks(blocks...))
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
	today := plan.Today(d.Due, loc)
	var obs []*plan.Observation
	if names := plan.KPIMetrics(goals); len(names) > 0 {
		// Every result of the KPIs' metrics up to the review, whatever
		// their number: the index on plan, metric and date serves it.
		if obs, _, err = m.Metrics.FindObservations(ctx, plan.ObservationFilter{PlanID: &p.ID, Metrics: names, To: today}); err != nil {
			return rev, err
		}
	}
	rev.KPIs = plan.EvaluateKPIs(goals, metrics, plan.IndexObservations(obs), today, loc)
	if m.CheckIns != nil {
		all, _, err := m.CheckIns.FindCheckIns(ctx, plan.CheckInFilter{PlanID: &p.ID})
		if err != nil {
			return rev, err
		}
		rev.AtRisk = saidAtRisk(goals, plan.LatestCheckIns(all))
	}
	if rev.Posts, err = m.reviewPosts(ctx, p.ID, rev.KPIs, obs, rev.PeriodStart, today); err != nil {
		return rev, err
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
		l := chartLegend(lang, k)
		png, err := m.Charts.KPIChart(k, l)
		if err != nil {
			m.Logger.Error("draw kpi chart", "plan_id", rev.Plan.ID, "goal_id", k.Goal.ID, "error", err)
			continue
		}
		if ctx.Err() != nil {
			return
		}
		title := lang.T("chart.title", clip(k.Goal.Metric, 100))
		uctx, cancel := context.WithTimeout(ctx, chartTimeout)
		_, err = m.Calls.UploadFile(uctx, slackcall.Upload{
			Channel: channel, ThreadTS: ts, Data: png,
			Filename: fmt.Sprintf("kpi-%d-%s.png", k.Goal.ID, day), Title: title, AltText: title,
		})
		cancel()
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

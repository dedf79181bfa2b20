package bot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/planbot/planbot/plan"
)

// /plan report [month] [md]: the monthly report of issue 17, a PDF in the
// plan's language (or Markdown with "md") uploaded to the plan's channel.
// It compares the month's KPIs with the month before's (each judged by
// plan.EvaluateKPI at the last day of its month), lists the goals at
// risk, the experiments concluded, the decisions taken, and next month's
// plan against the cadences. Without a month it reports on the last
// complete month: a report worth sending covers a month that is over.

// ReportRenderer renders a report document. The report package
// implements it (report.Renderer); bot only asks, so that it depends on
// no PDF library.
type ReportRenderer interface {
	// PDF renders d as an A4 PDF.
	PDF(d plan.ReportDoc) ([]byte, error)
	// Markdown renders d as Markdown.
	Markdown(d plan.ReportDoc) string
}

// maxReportCharts bounds the KPI charts a report draws.
const maxReportCharts = 6

// openReport runs /plan report [month] [md] in the source channel.
func (b *Bot) openReport(ctx context.Context, src source) {
	u := b.user(ctx, src.UserID)
	p, err := b.ensurePlan(ctx, src, u)
	if err != nil {
		b.ephemeral(ctx, src.ChannelID, src.UserID, b.errorText(u.Lang, err))
		return
	}
	if b.Reports == nil {
		b.ephemeral(ctx, src.ChannelID, src.UserID, u.Lang.T("report.unavailable"))
		return
	}
	today := plan.Today(b.Now(), p.Location())
	month := plan.MonthOf(today).Prev()
	markdown := false
	for _, arg := range src.Args {
		if strings.EqualFold(arg, "md") || strings.EqualFold(arg, "markdown") {
			markdown = true
			continue
		}
		m, ok := plan.ParseMonth(arg, today, true)
		if !ok {
			b.ephemeral(ctx, src.ChannelID, src.UserID, u.Lang.T("report.bad_month", Escape(clip(arg, 30)))+"\n"+u.Lang.T("report.usage"))
			return
		}
		month = m
	}
	doc, err := b.monthlyReport(ctx, p, month)
	if err != nil {
		b.ephemeral(ctx, src.ChannelID, src.UserID, b.errorText(u.Lang, err))
		return
	}
	lang := planLang(p)
	file := reportFileName(p, month)
	title, comment := doc.Title, lang.T("report.comment", userMention(src.UserID), reportMonth(lang, month))
	if markdown {
		b.upload(ctx, p, src.UserID, u.Lang, []byte(b.Reports.Markdown(doc)), file+".md", title, comment)
		return
	}
	pdf, err := b.Reports.PDF(doc)
	if err != nil {
		b.Logger.Error("report pdf", "plan_id", p.ID, "month", month.String(), "error", err)
		b.ephemeral(ctx, src.ChannelID, src.UserID, u.Lang.T("error.generic"))
		return
	}
	b.upload(ctx, p, src.UserID, u.Lang, pdf, file+".pdf", title, comment)
}

// monthlyReport reads the plan at once and words its report on month, in
// the plan's language.
func (b *Bot) monthlyReport(ctx context.Context, p *plan.Plan, month plan.YearMonth) (plan.ReportDoc, error) {
	s, err := b.Snapshots.PlanSnapshot(ctx, p.ID)
	if err != nil {
		return plan.ReportDoc{}, err
	}
	p, now := s.Plan, b.Now()
	loc := p.Location()
	statuses := s.KPIs(now)
	metrics, ix := s.AllMetrics(), plan.IndexObservations(s.Observations)
	in := plan.ReportInput{
		Plan: p, Month: month, Now: now, Goals: s.Goals, KPIAtRisk: plan.AtRiskByGoal(statuses),
		Experiments: s.Experiments, Content: s.Content, Channels: s.Channels, Decisions: s.Decisions,
	}
	for i, g := range s.Goals {
		in.KPIs = append(in.KPIs, plan.KPI{Goal: g, Pace: statuses[i].Pace})
	}
	// A month's value is where the KPI stood, by its type, on the last day
	// of the month.
	in.KPIValue = func(k plan.KPI, _, to time.Time) (float64, bool) {
		g := k.Goal
		m := plan.FindMetric(metrics, g.Metric)
		kin := plan.KPIInput{Goal: g, Metric: m, Observations: ix.Metric(g.Metric), Today: to.AddDate(0, 0, -1), Loc: loc}
		if w := g.EffectiveKPI(m).WeightMetric; w != "" {
			kin.Weights = ix.Metric(w)
		}
		st := plan.EvaluateKPI(kin)
		return st.Value, st.HasData && st.Combined
	}
	in.PostResults, in.RankMetric, err = b.reportPostResults(ctx, p.ID, month, s.Goals, metrics, s.Observations)
	if err != nil {
		return plan.ReportDoc{}, err
	}
	if b.CheckIns != nil {
		all, _, err := b.CheckIns.FindCheckIns(ctx, plan.CheckInFilter{PlanID: &p.ID})
		if err != nil {
			return plan.ReportDoc{}, err
		}
		in.CheckIns = plan.LatestCheckIns(all)
	}
	var ids []string
	for _, g := range s.Goals {
		ids = append(ids, g.OwnerID)
	}
	for _, c := range in.CheckIns {
		ids = append(ids, c.By)
	}
	in.Users = b.userNames(ctx, uniqueIDs(ids, exportUsers))
	r := plan.BuildMonthlyReport(in)

	lang := planLang(p)
	var charts []plan.ReportChart
	for _, k := range statuses {
		if b.Charts == nil || !k.HasData || len(charts) == maxReportCharts {
			continue
		}
		l := chartLegend(lang, k)
		png, err := b.Charts.KPIChart(k, l)
		if err != nil {
			b.Logger.Error("draw report chart", "plan_id", p.ID, "goal_id", k.Goal.ID, "error", err)
			continue
		}
		charts = append(charts, plan.ReportChart{Title: lang.T("chart.title", clip(k.Goal.Metric, 100)), PNG: png})
	}
	return r.Doc(reportLabels{lang}, charts), nil
}

// uniqueIDs returns the non-empty ids once each, at most n.
func uniqueIDs(ids []string, n int) []string {
	seen := map[string]bool{}
	var out []string
	for _, id := range ids {
		if id != "" && !seen[id] && len(out) < n {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// reportLabels words a report in a language with the catalogue: it
// implements plan.ReportLabels.
type reportLabels struct{ lang Lang }

// T implements plan.ReportLabels.
func (l reportLabels) T(key string, args ...any) string { return l.lang.T(key, args...) }

// N implements plan.ReportLabels.
func (l reportLabels) N(key string, n int, args ...any) string { return l.lang.N(key, n, args...) }

// Date implements plan.ReportLabels: "December 1, 2026", "1er décembre 2026".
func (l reportLabels) Date(t time.Time) string {
	day := fmt.Sprint(t.Day())
	if l.lang == FR && t.Day() == 1 {
		day = "1er"
	}
	return l.lang.T("report.date", day, l.lang.T(fmt.Sprintf("report.month.%d", int(t.Month()))), t.Year())
}

// Month implements plan.ReportLabels: "December 2026", "décembre 2026".
func (l reportLabels) Month(m plan.YearMonth) string { return reportMonth(l.lang, m) }

// Number implements plan.ReportLabels.
func (l reportLabels) Number(f float64) string { return formatFigure(l.lang, f) }

// Percent implements plan.ReportLabels.
func (l reportLabels) Percent(rate float64) string { return formatPercent(l.lang, rate) }

// reportMonth writes a month in full: "December 2026", "décembre 2026".
func reportMonth(lang Lang, m plan.YearMonth) string {
	return lang.T("report.month", lang.T(fmt.Sprintf("report.month.%d", int(m.Month))), m.Year)
}

package bot

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/bot/slackcall"
	"github.com/planbot/planbot/csv"
	"github.com/planbot/planbot/markdown"
	"github.com/planbot/planbot/plan"
)

// /plan export: the whole plan as a Markdown file, or the observations of
// a period as CSV, uploaded to the plan's channel with files upload v2.

// Export limits: what one document lists before it says how many more.
// The content and engagement items and the decisions are the snapshot's
// (plan.SnapshotMaxContent and the like); the KPIs read every result.
const (
	exportObservations = 1000
	exportUsers        = 50
	csvObservations    = 100_000
)

// exportLabels implements markdown.Labels with the catalogue.
type exportLabels struct{ lang Lang }

// T implements markdown.Labels.
func (l exportLabels) T(key string, args ...any) string { return l.lang.T(key, args...) }

// N implements markdown.Labels.
func (l exportLabels) N(key string, n int, args ...any) string { return l.lang.N(key, n, args...) }

// Date implements markdown.Labels.
func (l exportLabels) Date(t time.Time) string { return formatDate(l.lang, t) }

// Number implements markdown.Labels: thousands grouped, two decimals at
// most (see formatFigure).
func (l exportLabels) Number(f float64) string { return formatFigure(l.lang, f) }

// Percent implements markdown.Labels.
func (l exportLabels) Percent(rate float64) string { return formatPercent(l.lang, rate) }

// Span implements markdown.Labels.
func (l exportLabels) Span(d time.Duration) string { return formatSpan(l.lang, d) }

// openExport runs /plan export [csv FROM TO] in the source channel.
func (b *Bot) openExport(ctx context.Context, src source) {
	u := b.user(ctx, src.UserID)
	p, err := b.ensurePlan(ctx, src, u)
	if err != nil {
		b.ephemeral(ctx, src.ChannelID, src.UserID, b.errorText(u.Lang, err))
		return
	}
	args := src.Args
	switch {
	case len(args) == 0 || (len(args) == 1 && (strings.EqualFold(args[0], "md") || strings.EqualFold(args[0], "markdown"))):
		b.exportMarkdown(ctx, p, src.UserID, u.Lang)
	case strings.EqualFold(args[0], "csv"):
		from, to, msg := parseExportRange(u.Lang, args[1:])
		if msg != "" {
			b.ephemeral(ctx, src.ChannelID, src.UserID, msg+"\n"+u.Lang.T("export.usage"))
			return
		}
		b.exportCSV(ctx, p, src.UserID, u.Lang, from, to)
	default:
		b.ephemeral(ctx, src.ChannelID, src.UserID, u.Lang.T("export.unknown", Escape(clip(strings.Join(args, " "), 60)))+"\n"+u.Lang.T("export.usage"))
	}
}

// exportAction exports the plan from the button of /plan status.
func (b *Bot) exportAction(ctx context.Context, cb *slack.InteractionCallback, a *slack.BlockAction) {
	u := b.user(ctx, cb.User.ID)
	p, _, err := b.actionPlan(ctx, cb, a.Value)
	if err != nil {
		b.ephemeral(ctx, cb.Channel.ID, cb.User.ID, b.errorText(u.Lang, err))
		return
	}
	b.exportMarkdown(ctx, p, cb.User.ID, u.Lang)
}

// parseExportRange reads "FROM TO", two dates in order; no dates at all is
// every observation. It returns a message in lang when the range is bad.
func parseExportRange(lang Lang, args []string) (from, to time.Time, msg string) {
	switch len(args) {
	case 0:
		return time.Time{}, time.Time{}, ""
	case 2:
	default:
		return from, to, lang.T("export.range.two_dates")
	}
	var err error
	if from, err = time.Parse(time.DateOnly, args[0]); err != nil {
		return from, to, lang.T("export.range.bad_date", Escape(clip(args[0], 30)))
	}
	if to, err = time.Parse(time.DateOnly, args[1]); err != nil {
		return from, to, lang.T("export.range.bad_date", Escape(clip(args[1], 30)))
	}
	if to.Before(from) {
		return from, to, lang.T("export.range.order", args[0], args[1])
	}
	return from, to, ""
}

// exportMarkdown uploads the plan as a Markdown file in its language,
// read from one snapshot. The links of its calls to action are frozen
// first, so the file shows the links the team will find in the list.
func (b *Bot) exportMarkdown(ctx context.Context, p *plan.Plan, userID string, userLang Lang) {
	b.freezeLinks(ctx, p.ID)
	s, err := b.Snapshots.PlanSnapshot(ctx, p.ID)
	if err != nil {
		b.ephemeral(ctx, p.ChannelID, userID, b.errorText(userLang, err))
		return
	}
	p = s.Plan
	doc := exportDocOf(s, b.Now())
	doc.Users = b.userNames(ctx, exportUserIDs(doc))
	lang := planLang(p)
	md := markdown.Export(doc, exportLabels{lang})
	name := plan.Slug(p.Name)
	if name == "" {
		name = "plan"
	}
	day := plan.Today(doc.Now, p.Location()).Format(time.DateOnly)
	b.upload(ctx, p, userID, userLang, []byte(md), fmt.Sprintf("%s-%s.md", name, day),
		lang.T("export.md.title", clip(orDash(p.Name), 100)), lang.T("export.md.comment", userMention(userID)))
}

// exportCSV uploads the observations of [from, to] (every one when both
// are zero) as CSV, in the dialect of a spreadsheet in the plan's language
// (plan.CSVDialect), which the CSV paste of /plan measure reads back.
func (b *Bot) exportCSV(ctx context.Context, p *plan.Plan, userID string, userLang Lang, from, to time.Time) {
	obs, total, err := b.Metrics.FindObservations(ctx, plan.ObservationFilter{PlanID: &p.ID, From: from, To: to, Limit: csvObservations})
	if err != nil {
		b.ephemeral(ctx, p.ChannelID, userID, b.errorText(userLang, err))
		return
	}
	dialect := plan.CSVDialectFor(p.Language)
	var buf bytes.Buffer
	if err := csv.WriteObservations(&buf, obs, dialect); err != nil {
		b.ephemeral(ctx, p.ChannelID, userID, b.errorText(userLang, err))
		return
	}
	lang := planLang(p)
	span, file := lang.T("export.csv.all"), "all"
	if !from.IsZero() {
		span = lang.T("observation.period", formatDate(lang, from), formatDate(lang, to))
		file = from.Format(time.DateOnly) + "_" + to.Format(time.DateOnly)
	}
	comment := lang.N("export.csv.comment", total, userMention(userID), span)
	if total > len(obs) {
		comment += " " + lang.T("export.csv.cut", len(obs))
	}
	name := plan.Slug(p.Name)
	if name == "" {
		name = "plan"
	}
	b.upload(ctx, p, userID, userLang, buf.Bytes(), dialect.FileName(fmt.Sprintf("observations-%s-%s", name, file)),
		lang.T("export.csv.title", span), comment)
}

// upload shares a file in the plan's channel, in the background and
// exactly once; when it cannot, the user is told why.
func (b *Bot) upload(ctx context.Context, p *plan.Plan, userID string, lang Lang, data []byte, filename, title, comment string) {
	b.uploadFile(slackcall.Upload{Channel: p.ChannelID, Filename: filename, Title: title, InitialComment: comment, Data: data}, userID,
		func(ctx context.Context) {
			b.Logger.Info("plan exported", "plan_id", p.ID, "file", filename, "bytes", len(data), "user_id", userID)
		})
}

// exportDocOf is everything the snapshot s of a plan recorded, at now:
// the KPIs judged at today by their types from every result, the latest
// results, and the holistic matrix of step 9 over its window.
func exportDocOf(s *plan.PlanSnapshot, now time.Time) plan.ExportDoc {
	p, loc := s.Plan, s.Plan.Location()
	today := plan.Today(now, loc)
	doc := plan.ExportDoc{
		Plan: p, Now: now, Goals: s.Goals, KPIs: s.KPIs(now), Personas: s.Personas, Strategy: s.Strategy, Pillars: s.Pillars,
		Content: s.Content, ContentTotal: s.ContentTotal, CTAs: s.CTAs, Channels: s.Channels, Experiments: s.Experiments,
		Engagement: s.Engagement, EngagementTotal: s.EngagementTotal, Replies: s.ReplyStats(time.Time{}),
		Metrics: s.AllMetrics(), ObservationCounts: map[string]int{}, ObservationsTotal: s.ObservationsTotal,
		Schedule: s.Schedule, Decisions: s.Decisions, DecisionsTotal: s.DecisionsTotal,
	}
	for _, o := range s.Observations {
		doc.ObservationCounts[plan.MetricKey(o.Metric)]++
	}
	for i := len(s.Observations) - 1; i >= 0 && len(doc.Observations) < exportObservations; i-- {
		doc.Observations = append(doc.Observations, s.Observations[i])
	}
	since := now.Add(-adaptWindow)
	doc.Matrix = plan.Holistic(plan.HolisticInput{
		Metrics: doc.Metrics, Observations: s.Observations, From: plan.Today(since, loc), Replies: s.ReplyStats(since),
		Channels: s.Channels, ByEffort: true, Goals: s.Goals, Items: s.Content, Today: today, Loc: loc,
		PreviousReplies: repliesBetween(s, since.Add(-adaptWindow), since),
	})
	return doc
}

// exportUserIDs returns the Slack users the export names, at most
// exportUsers.
func exportUserIDs(d plan.ExportDoc) []string {
	seen := map[string]bool{}
	var out []string
	add := func(id string) {
		if id != "" && !seen[id] && len(out) < exportUsers {
			seen[id] = true
			out = append(out, id)
		}
	}
	for _, g := range d.Goals {
		add(g.OwnerID)
	}
	for _, c := range d.Content {
		add(c.OwnerID)
	}
	for _, it := range d.Engagement {
		add(it.OwnerID)
	}
	for _, x := range d.Decisions {
		add(x.DecidedBy)
	}
	return out
}

// userNames returns the display names of users, as users.info gives
// them; a user it cannot name is left out (the export shows the ID).
func (b *Bot) userNames(ctx context.Context, ids []string) map[string]string {
	out := map[string]string{}
	for _, id := range ids {
		uctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		u, err := b.Calls.UserInfo(uctx, id)
		cancel()
		if err != nil {
			continue
		}
		name := u.RealName
		if name == "" {
			name = u.Name
		}
		out[id] = name
	}
	return out
}

package plan

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// ExportLabels writes the words of an export in the plan's language. The
// bot implements it with its message catalogue; keys are "export.*" and
// the catalogue's names of kinds, networks and statuses.
type ExportLabels interface {
	T(key string, args ...any) string
	N(key string, n int, args ...any) string
	Date(t time.Time) string
	Number(f float64) string
	Percent(rate float64) string
	Span(d time.Duration) string
}

// ExportDoc is everything a plan recorded, for ExportMarkdown. Lists may
// be cut to a first part; the totals say how many there are in all.
type ExportDoc struct {
	Plan              *Plan
	Now               time.Time
	Users             map[string]string // Slack user ID -> name
	Goals             []*Goal
	KPIs              []KPI // one a goal, in the same order
	Personas          []*Persona
	Strategy          *Strategy
	Pillars           []*Pillar
	Content           []*ContentItem
	ContentTotal      int
	CTAs              []*CTA
	Channels          []*Channel
	Experiments       []*Experiment
	Engagement        []*EngagementItem
	EngagementTotal   int
	Replies           []NetworkReplyStats
	Metrics           []*Metric
	ObservationCounts map[string]int // per MetricKey
	Observations      []*Observation // the latest, newest first
	ObservationsTotal int
	Schedule          ReviewSchedule
	Matrix            HolisticMatrix
	Decisions         []*Decision // newest first
	DecisionsTotal    int
}

// markdownSpecial are the characters escaped wherever they are: those that
// start emphasis, code, links, HTML, entities, tables and strikethrough.
var markdownSpecial = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`,
	"<", `\<`, ">", `\>`, "&", `\&`, "|", `\|`, "~", `\~`,
)

// lineStart matches what makes a line a heading, a list item, a setext
// underline or a block quote when it starts the line.
var lineStart = regexp.MustCompile(`(?m)^(\s*)([#+=-]|\d+[.)])`)

// EscapeMarkdown makes user text read verbatim in Markdown (CommonMark and
// GitHub's tables): its special characters are backslash-escaped, not
// turned into HTML entities, so "<!channel> & *bold*" reads as typed.
func EscapeMarkdown(s string) string {
	s = markdownSpecial.Replace(s)
	return lineStart.ReplaceAllStringFunc(s, func(m string) string {
		trimmed := strings.TrimLeft(m, " \t")
		lead := m[:len(m)-len(trimmed)]
		if len(trimmed) > 1 { // a number: escape the dot or parenthesis
			return lead + trimmed[:len(trimmed)-1] + `\` + trimmed[len(trimmed)-1:]
		}
		return lead + `\` + trimmed
	})
}

// mdCell is user text as one table cell: escaped, on one line.
func mdCell(s string) string {
	s = strings.Join(strings.Fields(strings.ReplaceAll(s, "\r", "")), " ")
	if s == "" {
		return "—"
	}
	return EscapeMarkdown(s)
}

// mdLink is a web address as a Markdown autolink, or escaped text when it
// is not a valid one (autolinks take no escapes, so only valid URLs,
// which hold no spaces or angle brackets, go in one).
func mdLink(u string) string {
	if u == "" {
		return "—"
	}
	if ValidURL(u, "http", "https") {
		return "<" + u + ">"
	}
	return mdCell(u)
}

// mdWriter builds a Markdown document.
type mdWriter struct {
	b strings.Builder
	l ExportLabels
	d ExportDoc
}

func (w *mdWriter) line(format string, args ...any) {
	fmt.Fprintf(&w.b, format, args...)
	w.b.WriteString("\n")
}

func (w *mdWriter) heading(level int, text string) {
	w.line("\n%s %s\n", strings.Repeat("#", level), text)
}

// table writes a table whose cells are Markdown already.
func (w *mdWriter) table(headers []string, rows [][]string) {
	w.line("| %s |", strings.Join(headers, " | "))
	w.line("|%s", strings.Repeat(" --- |", len(headers)))
	for _, r := range rows {
		w.line("| %s |", strings.Join(r, " | "))
	}
	w.line("")
}

// para writes user text as a paragraph, its lines kept.
func (w *mdWriter) para(label, text string) {
	if strings.TrimSpace(text) == "" {
		return
	}
	lines := strings.Split(strings.ReplaceAll(strings.TrimSpace(text), "\r", ""), "\n")
	for i, ln := range lines {
		lines[i] = EscapeMarkdown(ln)
	}
	w.line("**%s**  \n%s\n", label, strings.Join(lines, "  \n"))
}

func (w *mdWriter) user(id string) string {
	if id == "" {
		return "—"
	}
	if name, ok := w.d.Users[id]; ok && name != "" {
		return "@" + mdCell(name)
	}
	return "@" + mdCell(id)
}

func (w *mdWriter) date(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return w.l.Date(t)
}

func (w *mdWriter) more(shown, total int) {
	if total > shown {
		w.line("_%s_\n", w.l.T("export.more", total-shown))
	}
}

// ExportMarkdown returns the whole plan as a Markdown document in the
// language of l: the nine steps with everything recorded, experiments and
// their verdicts, KPI tables and the decision log. User text is escaped
// for Markdown (see EscapeMarkdown), never for Slack.
func ExportMarkdown(d ExportDoc, l ExportLabels) string {
	w := &mdWriter{l: l, d: d}
	name := d.Plan.Name
	if name == "" {
		name = d.Plan.ChannelID
	}
	w.line("# %s", l.T("export.title", mdCell(name)))
	w.line("")
	w.line("_%s_", l.T("export.generated", l.Date(d.Now), d.Now.In(d.Plan.Location()).Format("15:04"), d.Plan.TimeZone))
	w.writeGoals()
	w.writeAudience()
	w.writeContent()
	w.writeCTAs()
	w.writeChannels()
	w.writeExperiments()
	w.writeEngagement()
	w.writeMeasure()
	w.writeAdapt()
	return w.b.String()
}

func (w *mdWriter) writeGoals() {
	l := w.l
	w.heading(2, l.T("step.goals.name"))
	if len(w.d.Goals) == 0 {
		w.line("%s", l.T("export.none"))
		return
	}
	var rows [][]string
	for _, g := range w.d.Goals {
		rows = append(rows, []string{mdCell(g.Title), l.T("goal.kind." + string(g.Kind)), mdCell(g.Metric),
			w.num(g.Baseline, g.Unit), w.num(g.Target, g.Unit), w.date(g.Deadline), w.user(g.OwnerID)})
	}
	w.table([]string{l.T("export.col.goal"), l.T("export.col.kind"), l.T("export.col.metric"), l.T("export.col.baseline"),
		l.T("export.col.target"), l.T("export.col.deadline"), l.T("export.col.owner")}, rows)
	for _, g := range w.d.Goals {
		w.para(l.T("export.learn", mdCell(g.Title)), g.Learn)
	}
}

func (w *mdWriter) num(f float64, unit string) string {
	s := w.l.Number(f)
	if unit != "" {
		s += " " + mdCell(unit)
	}
	return s
}

func (w *mdWriter) networks(ns []Network) string {
	if len(ns) == 0 {
		return "—"
	}
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = w.l.T("network." + string(n))
	}
	return strings.Join(out, ", ")
}

func (w *mdWriter) personaNames(ids []int64) string {
	var out []string
	for _, id := range ids {
		for _, p := range w.d.Personas {
			if p.ID == id {
				out = append(out, mdCell(p.Name))
			}
		}
	}
	if len(out) == 0 {
		return "—"
	}
	return strings.Join(out, ", ")
}

func (w *mdWriter) writeAudience() {
	l := w.l
	w.heading(2, l.T("step.audience.name"))
	if len(w.d.Personas) == 0 {
		w.line("%s", l.T("export.none"))
	}
	for _, p := range w.d.Personas {
		w.heading(3, mdCell(p.Name))
		w.line("- **%s**: %s", l.T("export.persona.networks"), w.networks(p.Networks))
		w.line("")
		w.para(l.T("export.persona.who"), p.Who)
		w.para(l.T("export.persona.interests"), p.Interests)
		w.para(l.T("export.persona.excites"), p.Excites)
		w.para(l.T("export.persona.notes"), p.Notes)
	}
}

func (w *mdWriter) writeContent() {
	l := w.l
	w.heading(2, l.T("step.content.name"))
	if s := w.d.Strategy; s != nil {
		w.para(l.T("export.voice"), s.Voice)
		w.para(l.T("export.tone"), s.Tone)
	}
	w.heading(3, l.T("export.pillars"))
	if len(w.d.Pillars) == 0 {
		w.line("%s", l.T("export.none"))
	}
	for _, p := range w.d.Pillars {
		w.line("- **%s**: %s (%s)", mdCell(p.Name), mdCell(p.Description), w.personaNames(p.PersonaIDs))
	}
	w.heading(3, l.T("export.content_plan"))
	if len(w.d.Content) == 0 {
		w.line("%s", l.T("export.none"))
		return
	}
	pillar := func(id int64) string {
		for _, p := range w.d.Pillars {
			if p.ID == id {
				return mdCell(p.Name)
			}
		}
		return "—"
	}
	cta := func(id int64) string {
		for _, c := range w.d.CTAs {
			if c.ID == id {
				return mdCell(c.Text)
			}
		}
		return "—"
	}
	var rows [][]string
	for _, c := range w.d.Content {
		when := "—"
		if !c.PublishAt.IsZero() {
			when = w.l.Date(c.PublishAt.In(w.d.Plan.Location())) + " " + c.PublishAt.In(w.d.Plan.Location()).Format("15:04")
		}
		persona := "—"
		if c.PersonaID != 0 {
			persona = w.personaNames([]int64{c.PersonaID})
		}
		rows = append(rows, []string{when, l.T("network." + string(c.Network)), l.T("content.format." + string(c.Format)),
			mdCell(c.Title), l.T("content.status." + string(c.Status)), pillar(c.PillarID), persona, cta(c.CTAID), w.user(c.OwnerID), mdLink(c.Link)})
	}
	w.table([]string{l.T("export.col.date"), l.T("export.col.network"), l.T("export.col.format"), l.T("export.col.title"),
		l.T("export.col.status"), l.T("export.col.pillar"), l.T("export.col.persona"), l.T("export.col.cta"),
		l.T("export.col.owner"), l.T("export.col.link")}, rows)
	w.more(len(w.d.Content), w.d.ContentTotal)
	for _, c := range w.d.Content {
		w.para(l.T("export.copy", mdCell(c.Title)), c.Copy)
	}
}

func (w *mdWriter) writeCTAs() {
	l := w.l
	w.heading(2, l.T("step.cta.name"))
	if len(w.d.CTAs) == 0 {
		w.line("%s", l.T("export.none"))
		return
	}
	var rows [][]string
	for _, c := range w.d.CTAs {
		goal, title := "—", ""
		for _, g := range w.d.Goals {
			if g.ID == c.GoalID {
				goal, title = mdCell(g.Title), g.Title
			}
		}
		rows = append(rows, []string{mdCell(c.Text), l.T("cta.kind." + string(c.Kind)), goal,
			l.T("network." + string(c.Network)), mdLink(c.URL), mdLink(c.TaggedURL(w.d.Plan.Name, title))})
	}
	w.table([]string{l.T("export.col.cta"), l.T("export.col.kind"), l.T("export.col.goal"), l.T("export.col.network"),
		l.T("export.col.url"), l.T("export.col.tagged")}, rows)
}

func (w *mdWriter) writeChannels() {
	l := w.l
	w.heading(2, l.T("step.channels.name"))
	if len(w.d.Channels) == 0 {
		w.line("%s", l.T("export.none"))
		return
	}
	var rows [][]string
	for _, c := range w.d.Channels {
		rows = append(rows, []string{l.T("network." + string(c.Network)), l.T("goal.kind." + string(c.Role)), w.channelStatus(c),
			mdCell(c.Why), w.personaNames(c.PersonaIDs), mdCell(c.Cadence), mdCell(c.Constraints)})
	}
	w.table([]string{l.T("export.col.network"), l.T("export.col.role"), l.T("export.col.status"), l.T("export.col.why"),
		l.T("export.col.personas"), l.T("export.col.cadence"), l.T("export.col.constraints")}, rows)
}

// channelStatus is the status of c, since when and by whom when it is not
// active.
func (w *mdWriter) channelStatus(c *Channel) string {
	status := c.Status.OrActive()
	s := w.l.T("channel.status." + string(status))
	if status == ChannelActive || c.StatusSince.IsZero() {
		return s
	}
	s = w.l.T("export.channel.status_since", s, w.l.Date(c.StatusSince.In(w.d.Plan.Location())))
	if c.StatusBy != "" {
		s += " (" + w.user(c.StatusBy) + ")"
	}
	return s
}

func (w *mdWriter) writeExperiments() {
	l := w.l
	w.heading(2, l.T("step.experiment.name"))
	if len(w.d.Experiments) == 0 {
		w.line("%s", l.T("export.none"))
	}
	for _, e := range w.d.Experiments {
		w.heading(3, mdCell(e.Name))
		w.para(l.T("export.hypothesis"), e.Hypothesis)
		w.line("- %s: %s · %s: %s", l.T("export.col.variable"), l.T("experiment.variable."+string(e.Variable)),
			l.T("export.col.network"), l.T("network."+string(e.Network)))
		w.line("- %s", l.T("export.experiment.dates", w.date(e.Start), w.date(e.End)))
		w.line("- %s", l.T("export.experiment.metric", mdCell(e.SuccessMetric), mdCell(e.ExposureMetric), l.Number(float64(e.PlannedSample))))
		w.line("")
		v, err := e.Verdict()
		var rows [][]string
		for i, x := range e.Variants {
			rate := "—"
			if err == nil {
				rate = l.Percent(v.Rates[i])
			}
			rows = append(rows, []string{string(rune('A' + i)), mdCell(x.Name), l.Number(float64(x.Exposures)), l.Number(float64(x.Successes)), rate})
		}
		w.table([]string{l.T("export.col.variant"), l.T("export.col.name"), mdCell(e.ExposureMetric), mdCell(e.SuccessMetric), l.T("export.col.rate")}, rows)
		switch {
		case err != nil:
			w.line("**%s**: %s\n", l.T("export.verdict"), l.T("export.verdict.pending"))
		case v.Winner >= 0:
			w.line("**%s**: %s\n", l.T("export.verdict"), l.T("export.verdict.winner", string(rune('A'+v.Winner)), l.Percent(v.Confidence)))
		default:
			w.line("**%s**: %s\n", l.T("export.verdict"), l.T("export.verdict.none", l.Percent(v.Confidence)))
		}
	}
}

func (w *mdWriter) writeEngagement() {
	l := w.l
	w.heading(2, l.T("step.engage.name"))
	if len(w.d.Replies) > 0 {
		var rows [][]string
		for _, r := range w.d.Replies {
			rows = append(rows, []string{l.T("network." + string(r.Network)), l.Number(float64(r.Count)), l.Span(r.Median), l.Span(r.P90)})
		}
		w.table([]string{l.T("export.col.network"), l.T("export.col.replies"), l.T("export.col.median"), l.T("export.col.p90")}, rows)
	}
	if len(w.d.Engagement) == 0 {
		w.line("%s", l.T("export.none"))
		return
	}
	var rows [][]string
	for _, it := range w.d.Engagement {
		rows = append(rows, []string{w.date(it.CreatedAt.In(w.d.Plan.Location())), l.T("network." + string(it.Network)),
			l.T("engagement.kind." + string(it.Kind)), mdCell(it.Author), mdCell(clipRunes(it.Excerpt, 200)),
			l.T("export.engagement." + string(it.Status)), w.user(it.OwnerID), mdLink(it.Link)})
	}
	w.table([]string{l.T("export.col.date"), l.T("export.col.network"), l.T("export.col.kind"), l.T("export.col.author"),
		l.T("export.col.excerpt"), l.T("export.col.status"), l.T("export.col.owner"), l.T("export.col.link")}, rows)
	w.more(len(w.d.Engagement), w.d.EngagementTotal)
}

func (w *mdWriter) writeMeasure() {
	l := w.l
	w.heading(2, l.T("step.measure.name"))
	w.line("%s\n", l.T("export.schedule", scheduleWords(l, w.d.Schedule)))
	w.heading(3, l.T("export.kpis"))
	if len(w.d.KPIs) == 0 {
		w.line("%s", l.T("export.none"))
	} else {
		var rows [][]string
		for _, k := range w.d.KPIs {
			latest, progress := "—", "—"
			if k.HasData {
				latest = w.num(k.Latest, k.Goal.Unit) + " (" + w.l.Date(k.LatestAt) + ")"
				progress = l.Percent(k.Progress / 100)
			}
			rows = append(rows, []string{mdCell(k.Goal.Title), mdCell(k.Goal.Metric), w.num(k.Goal.Baseline, k.Goal.Unit), latest,
				w.num(k.Goal.Target, k.Goal.Unit), w.date(k.Goal.Deadline), progress, l.Percent(k.Expected / 100), l.T("pace.word." + string(k.Pace))})
		}
		w.table([]string{l.T("export.col.goal"), l.T("export.col.metric"), l.T("export.col.baseline"), l.T("export.col.latest"),
			l.T("export.col.target"), l.T("export.col.deadline"), l.T("export.col.progress"), l.T("export.col.expected"), l.T("export.col.pace")}, rows)
	}
	w.heading(3, l.T("export.metrics"))
	var rows [][]string
	for _, m := range w.d.Metrics {
		kind := "—"
		if m.GoalKind != "" {
			kind = l.T("goal.kind." + string(m.GoalKind))
		}
		rows = append(rows, []string{mdCell(m.Name), mdCell(m.Unit), l.T("metric.kind." + string(m.Kind)), kind,
			l.Number(float64(w.d.ObservationCounts[MetricKey(m.Name)]))})
	}
	if len(rows) > 0 {
		w.table([]string{l.T("export.col.metric"), l.T("export.col.unit"), l.T("export.col.metric_kind"), l.T("export.col.goal_kind"), l.T("export.col.observations")}, rows)
	}
	w.heading(3, l.T("export.observations"))
	if len(w.d.Observations) == 0 {
		w.line("%s", l.T("export.none"))
		return
	}
	rows = nil
	for _, o := range w.d.Observations {
		when := w.l.Date(o.Date)
		if !o.End.IsZero() {
			when += " – " + w.l.Date(o.End)
		}
		net := "—"
		if o.Network != "" {
			net = l.T("network." + string(o.Network))
		}
		rows = append(rows, []string{when, mdCell(o.Metric), net, l.Number(o.Value), mdCell(o.Outlet), mdCell(o.Source), mdLink(o.Link)})
	}
	w.table([]string{l.T("export.col.date"), l.T("export.col.metric"), l.T("export.col.network"), l.T("export.col.value"),
		l.T("export.col.outlet"), l.T("export.col.source"), l.T("export.col.link")}, rows)
	w.more(len(w.d.Observations), w.d.ObservationsTotal)
}

// scheduleWords says when reviews come, for the export.
func scheduleWords(l ExportLabels, s ReviewSchedule) string {
	at := fmt.Sprintf("%02d:%02d", s.Hour, s.Minute)
	switch s.Frequency {
	case FrequencyWeekly:
		return l.T("review.schedule.weekly", l.T(fmt.Sprintf("weekday.%d", int(s.Weekday))), at)
	case FrequencyMonthly:
		return l.T("review.schedule.monthly", s.MonthDay, at)
	}
	return l.T("review.schedule.off")
}

func (w *mdWriter) writeAdapt() {
	l := w.l
	w.heading(2, l.T("step.review.name"))
	w.heading(3, l.T("export.matrix"))
	m := w.d.Matrix
	if len(m.Kinds) == 0 {
		w.line("%s", l.T("export.matrix.empty"))
	} else {
		headers := []string{l.T("export.col.network")}
		for _, k := range m.Kinds {
			headers = append(headers, l.T("goal.kind."+string(k)))
		}
		var rows [][]string
		for i, n := range m.Networks {
			row := []string{l.T("network." + string(n))}
			for j := range m.Kinds {
				row = append(row, l.Percent(m.Cells[i][j].Share))
			}
			rows = append(rows, row)
		}
		w.table(headers, rows)
		for _, f := range m.Findings {
			w.line("- %s", l.T("export.finding", l.T("network."+string(f.Channel.Network)), l.T("goal.kind."+string(f.Channel.Role)),
				l.Percent(f.Share), l.T("goal.kind."+string(f.Kind))))
		}
		w.line("")
	}
	w.heading(3, l.T("export.decisions"))
	if len(w.d.Decisions) == 0 {
		w.line("%s", l.T("export.none"))
		return
	}
	var rows [][]string
	for _, d := range w.d.Decisions {
		var change []string
		if d.NewRole != "" {
			change = append(change, l.T("export.changed.role", l.T("goal.kind."+string(d.NewRole))))
		}
		if d.NewCadence != "" {
			change = append(change, l.T("export.changed.cadence", mdCell(d.NewCadence)))
		}
		if d.NewStatus != "" {
			change = append(change, l.T("export.changed.status", l.T("channel.status."+string(d.NewStatus))))
		}
		if len(change) == 0 {
			change = []string{"—"}
		}
		rows = append(rows, []string{w.date(d.DecidedAt.In(w.d.Plan.Location())), w.user(d.DecidedBy),
			mdCell(d.SubjectName) + " (" + l.T("adapt.subject."+string(d.Subject)) + ")", l.T("decision." + string(d.Decision)),
			mdCell(d.Rationale), mdCell(d.Evidence), strings.Join(change, "; ")})
	}
	w.table([]string{l.T("export.col.date"), l.T("export.col.by"), l.T("export.col.subject"), l.T("export.col.decision"),
		l.T("export.col.rationale"), l.T("export.col.evidence"), l.T("export.col.change")}, rows)
	w.more(len(w.d.Decisions), w.d.DecisionsTotal)
}

// clipRunes cuts s to n runes, marking the cut with an ellipsis.
func clipRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

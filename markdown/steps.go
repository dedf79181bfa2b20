package markdown

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/planbot/planbot/plan"
)

// The sections of the document, one per step of the method.

func (w *writer) writeGoals() {
	l := w.l
	w.heading(2, l.T("step.goals.name"))
	if len(w.d.Goals) == 0 {
		w.line("%s", l.T("export.none"))
		return
	}
	var rows [][]string
	for _, g := range w.d.Goals {
		rows = append(rows, []string{cell(g.Title), l.T("goal.kind." + string(g.Kind)), cell(g.Metric),
			w.num(g.Baseline, g.Unit), w.num(g.Target, g.Unit), w.date(g.Deadline), w.user(g.OwnerID)})
	}
	w.table([]string{l.T("export.col.goal"), l.T("export.col.kind"), l.T("export.col.metric"), l.T("export.col.baseline"),
		l.T("export.col.target"), l.T("export.col.deadline"), l.T("export.col.owner")}, rows)
	for _, g := range w.d.Goals {
		w.para(l.T("export.learn", cell(g.Title)), g.Learn)
	}
}

func (w *writer) num(f float64, unit string) string {
	s := w.l.Number(f)
	if unit != "" {
		s += " " + cell(unit)
	}
	return s
}

func (w *writer) networks(ns []plan.Network) string {
	if len(ns) == 0 {
		return "—"
	}
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = w.l.T("network." + string(n))
	}
	return strings.Join(out, ", ")
}

func (w *writer) personaNames(ids []int64) string {
	var out []string
	for _, id := range ids {
		for _, p := range w.d.Personas {
			if p.ID == id {
				out = append(out, cell(p.Name))
			}
		}
	}
	if len(out) == 0 {
		return "—"
	}
	return strings.Join(out, ", ")
}

func (w *writer) writeAudience() {
	l := w.l
	w.heading(2, l.T("step.audience.name"))
	if len(w.d.Personas) == 0 {
		w.line("%s", l.T("export.none"))
	}
	for _, p := range w.d.Personas {
		w.heading(3, cell(p.Name))
		w.line("- **%s**: %s", l.T("export.persona.networks"), w.networks(p.Networks))
		w.line("")
		w.para(l.T("export.persona.who"), p.Who)
		w.para(l.T("export.persona.interests"), p.Interests)
		w.para(l.T("export.persona.excites"), p.Excites)
		w.para(l.T("export.persona.notes"), p.Notes)
	}
}

func (w *writer) writeContent() {
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
		w.line("- **%s**: %s (%s)", cell(p.Name), cell(p.Description), w.personaNames(p.PersonaIDs))
	}
	w.heading(3, l.T("export.content_plan"))
	if len(w.d.Content) == 0 {
		w.line("%s", l.T("export.none"))
		return
	}
	pillar := func(id int64) string {
		for _, p := range w.d.Pillars {
			if p.ID == id {
				return cell(p.Name)
			}
		}
		return "—"
	}
	cta := func(id int64) string {
		for _, c := range w.d.CTAs {
			if c.ID == id {
				return cell(c.Text)
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
			cell(c.Title), l.T("content.status." + string(c.Status)), pillar(c.PillarID), persona, cta(c.CTAID), w.user(c.OwnerID), link(c.Link)})
	}
	w.table([]string{l.T("export.col.date"), l.T("export.col.network"), l.T("export.col.format"), l.T("export.col.title"),
		l.T("export.col.status"), l.T("export.col.pillar"), l.T("export.col.persona"), l.T("export.col.cta"),
		l.T("export.col.owner"), l.T("export.col.link")}, rows)
	w.more(len(w.d.Content), w.d.ContentTotal)
	for _, c := range w.d.Content {
		w.para(l.T("export.copy", cell(c.Title)), c.Copy)
	}
}

func (w *writer) writeCTAs() {
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
				goal, title = cell(g.Title), g.Title
			}
		}
		rows = append(rows, []string{cell(c.Text), l.T("cta.kind." + string(c.Kind)), goal,
			l.T("network." + string(c.Network)), link(c.URL), link(c.Link(w.d.Plan.Name, title))})
	}
	w.table([]string{l.T("export.col.cta"), l.T("export.col.kind"), l.T("export.col.goal"), l.T("export.col.network"),
		l.T("export.col.url"), l.T("export.col.tagged")}, rows)
}

func (w *writer) writeChannels() {
	l := w.l
	w.heading(2, l.T("step.channels.name"))
	if len(w.d.Channels) == 0 {
		w.line("%s", l.T("export.none"))
		return
	}
	var rows [][]string
	for _, c := range w.d.Channels {
		rows = append(rows, []string{l.T("network." + string(c.Network)), l.T("goal.kind." + string(c.Role)), w.channelStatus(c),
			cell(c.Why), w.personaNames(c.PersonaIDs), cell(c.Cadence), cell(c.Constraints)})
	}
	w.table([]string{l.T("export.col.network"), l.T("export.col.role"), l.T("export.col.status"), l.T("export.col.why"),
		l.T("export.col.personas"), l.T("export.col.cadence"), l.T("export.col.constraints")}, rows)
}

// channelStatus is the status of c, since when and by whom when it is not
// active.
func (w *writer) channelStatus(c *plan.Channel) string {
	status := c.Status.OrActive()
	s := w.l.T("channel.status." + string(status))
	if status == plan.ChannelActive || c.StatusSince.IsZero() {
		return s
	}
	s = w.l.T("export.channel.status_since", s, w.l.Date(c.StatusSince.In(w.d.Plan.Location())))
	if c.StatusBy != "" {
		s += " (" + w.user(c.StatusBy) + ")"
	}
	return s
}

func (w *writer) writeExperiments() {
	l := w.l
	w.heading(2, l.T("step.experiment.name"))
	if len(w.d.Experiments) == 0 {
		w.line("%s", l.T("export.none"))
	}
	for _, e := range w.d.Experiments {
		w.heading(3, cell(e.Name))
		w.para(l.T("export.hypothesis"), e.Hypothesis)
		w.line("- %s: %s · %s: %s", l.T("export.col.variable"), l.T("experiment.variable."+string(e.Variable)),
			l.T("export.col.network"), l.T("network."+string(e.Network)))
		w.line("- %s", l.T("export.experiment.dates", w.date(e.Start), w.date(e.End)))
		w.line("- %s", l.T("export.experiment.metric", cell(e.SuccessMetric), cell(e.ExposureMetric), l.Number(float64(e.PlannedSample))))
		w.line("")
		j, err := e.Conclusion()
		var rows [][]string
		for i, x := range e.Variants {
			rate := "—"
			if err == nil {
				rate = l.Percent(j.Rates[i])
			}
			rows = append(rows, []string{string(rune('A' + i)), cell(x.Name), l.Number(float64(x.Exposures)), l.Number(float64(x.Successes)), rate})
		}
		w.table([]string{l.T("export.col.variant"), l.T("export.col.name"), cell(e.ExposureMetric), cell(e.SuccessMetric), l.T("export.col.rate")}, rows)
		switch {
		case err != nil:
			w.line("**%s**: %s\n", l.T("export.verdict"), l.T("export.verdict.pending"))
		case j.Winner >= 0:
			w.line("**%s**: %s\n", l.T("export.verdict"), l.T("export.verdict.winner", string(rune('A'+j.Winner)), string(rune('A'+j.RunnerUp)), pValue(l, j.PValue)))
		default:
			w.line("**%s**: %s\n", l.T("export.verdict"), l.T("export.verdict.none", pValue(l, j.PValue)))
		}
		if err == nil && j.Underpowered {
			w.line("%s\n", l.T("export.verdict.underpowered", l.Number(float64(j.Reached)), l.Number(float64(j.Planned))))
		}
	}
}

func (w *writer) writeEngagement() {
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
			l.T("engagement.kind." + string(it.Kind)), cell(it.Author), cell(clipRunes(it.Excerpt, 200)),
			l.T("export.engagement." + string(it.Status)), w.user(it.OwnerID), link(it.Link)})
	}
	w.table([]string{l.T("export.col.date"), l.T("export.col.network"), l.T("export.col.kind"), l.T("export.col.author"),
		l.T("export.col.excerpt"), l.T("export.col.status"), l.T("export.col.owner"), l.T("export.col.link")}, rows)
	w.more(len(w.d.Engagement), w.d.EngagementTotal)
}

func (w *writer) writeMeasure() {
	l := w.l
	w.heading(2, l.T("step.measure.name"))
	w.line("%s\n", l.T("export.schedule", scheduleWords(l, w.d.Schedule)))
	w.heading(3, l.T("export.kpis"))
	if len(w.d.KPIs) == 0 {
		w.line("%s", l.T("export.none"))
	} else {
		w.writeKPIs()
	}
	w.heading(3, l.T("export.metrics"))
	var rows [][]string
	for _, m := range w.d.Metrics {
		kind := "—"
		if m.GoalKind != "" {
			kind = l.T("goal.kind." + string(m.GoalKind))
		}
		rows = append(rows, []string{cell(m.Name), cell(m.Unit), l.T("metric.kind." + string(m.Kind)), kind,
			l.Number(float64(w.d.ObservationCounts[plan.MetricKey(m.Name)]))})
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
		rows = append(rows, []string{when, cell(o.Metric), net, l.Number(o.Value), cell(o.Outlet), cell(o.Source), link(o.Link)})
	}
	w.table([]string{l.T("export.col.date"), l.T("export.col.metric"), l.T("export.col.network"), l.T("export.col.value"),
		l.T("export.col.outlet"), l.T("export.col.source"), l.T("export.col.link")}, rows)
	w.more(len(w.d.Observations), w.d.ObservationsTotal)
}

// scheduleWords says when reviews come, for the export.
func scheduleWords(l Labels, s plan.ReviewSchedule) string {
	at := fmt.Sprintf("%02d:%02d", s.Hour, s.Minute)
	switch s.Frequency {
	case plan.FrequencyWeekly:
		return l.T("review.schedule.weekly", l.T(fmt.Sprintf("weekday.%d", int(s.Weekday))), at)
	case plan.FrequencyMonthly:
		return l.T("review.schedule.monthly", s.MonthDay, at)
	}
	return l.T("review.schedule.off")
}

func (w *writer) writeAdapt() {
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
			change = append(change, l.T("export.changed.cadence", cell(d.NewCadence)))
		}
		if d.NewStatus != "" {
			change = append(change, l.T("export.changed.status", l.T("channel.status."+string(d.NewStatus))))
		}
		if len(change) == 0 {
			change = []string{"—"}
		}
		rows = append(rows, []string{w.date(d.DecidedAt.In(w.d.Plan.Location())), w.user(d.DecidedBy),
			cell(d.SubjectName) + " (" + l.T("adapt.subject."+string(d.Subject)) + ")", l.T("decision." + string(d.Decision)),
			cell(d.Rationale), cell(d.Evidence), strings.Join(change, "; ")})
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

// pValue writes a verdict's p-value with two significant digits, "< 0.001"
// below that, in the labels' number format; never as a confidence.
func pValue(l Labels, p float64) string {
	if p < 0.001 {
		return "< " + l.Number(0.001)
	}
	r, _ := strconv.ParseFloat(strconv.FormatFloat(p, 'g', 2, 64), 64)
	return l.Number(r)
}

package plan

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// ReportDoc is a report ready to render, as plain data: every string is
// already in the plan's language and user text is as typed (renderers
// escape it for their format). The report package renders it to PDF and
// Markdown.
type ReportDoc struct {
	Lang      string // "en" or "fr": the document's language
	Title     string
	Subtitle  string
	Generated string
	// PageLabel words a page number with the placeholders {page} and
	// {pages}: "Page {page} of {pages}".
	PageLabel string
	Sections  []ReportSection
}

// ReportSection is a heading and what follows it, in this order: the
// paragraphs, the table, the bullets, the charts.
type ReportSection struct {
	Heading string
	Text    []string
	Table   *ReportTable
	Bullets []string
	Charts  []ReportChart
}

// ReportTable is a table of text cells. Numeric columns are right-aligned.
type ReportTable struct {
	Columns []string
	Numeric []bool // by column; missing entries are false
	Rows    [][]string
}

// ReportChart is a picture placed in a report: a PNG image and its title.
type ReportChart struct {
	Title string
	PNG   []byte
}

// ReportLabels writes the words of a report in the plan's language. The
// bot implements it with its message catalogue: the keys are "report.*"
// (listed by ReportKeys), "network.*", "decision.*",
// "checkin.status.*" and "pace.word.*".
type ReportLabels interface {
	T(key string, args ...any) string
	N(key string, n int, args ...any) string
	Date(t time.Time) string
	Month(m YearMonth) string // "March 2026", "mars 2026"
	Number(f float64) string
	Percent(rate float64) string // 0.25 is "25 %"
}

// ReportKeys are the catalogue keys of the report's own words, with the
// arguments each takes; the catalogue must have them in every language.
var ReportKeys = []string{
	"report.title",              // plan name
	"report.subtitle",           // month, previous month
	"report.generated",          // date
	"report.page",               // "{page}", "{pages}"
	"report.none",               //
	"report.kpis",               //
	"report.col.goal",           //
	"report.col.kpi",            //
	"report.col.change",         //
	"report.col.target",         //
	"report.col.progress",       //
	"report.published",          // (N) count this month, count the month before, previous month
	"report.at_risk",            //
	"report.at_risk.checkin",    // goal, status word, name, date
	"report.at_risk.kpi",        // goal
	"report.note",               // note
	"report.experiments",        //
	"report.col.experiment",     //
	"report.col.result",         //
	"report.col.variants",       //
	"report.experiment.winner",  // variant name, p-value
	"report.experiment.none",    // p-value
	"report.experiment.variant", // variant name, rate, successes, exposures
	"report.best",               // metric
	"report.worst",              // metric
	"report.col.post",           //
	"report.col.network",        //
	"report.col.date",           //
	"report.col.value",          //
	"report.decisions",          //
	"report.col.subject",        //
	"report.col.decision",       //
	"report.col.why",            //
	"report.next",               // month
	"report.col.planned",        //
	"report.col.cadence",        //
	"report.col.below",          //
	"report.cadence.week",       // figure: "3" or "2–3"
	"report.cadence.month",      // figure
	"report.cadence.none",       //
	"report.next.experiment",    // name, start date, end date
	"report.next.deadline",      // goal, date
	"report.next.nothing",       //
}

// Doc words r in the language of l, with charts placed under the KPIs.
func (r MonthlyReport) Doc(l ReportLabels, charts []ReportChart) ReportDoc {
	name := r.Plan.Name
	if name == "" {
		name = r.Plan.ChannelID
	}
	d := ReportDoc{
		Lang:      r.Plan.Language,
		Title:     l.T("report.title", name),
		Subtitle:  l.T("report.subtitle", l.Month(r.Month), l.Month(r.Previous)),
		Generated: l.T("report.generated", l.Date(Today(r.Now, r.Plan.Location()))),
		PageLabel: l.T("report.page", "{page}", "{pages}"),
	}
	d.Sections = append(d.Sections, r.kpiSection(l, charts))
	d.Sections = append(d.Sections, r.experimentSection(l))
	if len(r.Best) > 0 {
		d.Sections = append(d.Sections, postSection(l, l.T("report.best", r.RankMetric), r.Best, r.Plan.Location()))
		d.Sections = append(d.Sections, postSection(l, l.T("report.worst", r.RankMetric), r.Worst, r.Plan.Location()))
	}
	d.Sections = append(d.Sections, r.decisionSection(l))
	d.Sections = append(d.Sections, r.nextSection(l))
	return d
}

// withUnit writes a value and its unit, joined by a no-break space; a
// value in percent is written as the language writes percentages.
func withUnit(l ReportLabels, f float64, unit string) string {
	switch unit {
	case "":
		return l.Number(f)
	case "%":
		return l.Percent(f / 100)
	}
	return l.Number(f) + "\u00a0" + unit
}

// signed writes a change with its sign: "+1,150", "−20" (a minus sign).
func signed(l ReportLabels, f float64, unit string) string {
	switch {
	case f > 0:
		return "+" + withUnit(l, f, unit)
	case f < 0:
		return "\u2212" + withUnit(l, math.Abs(f), unit)
	}
	return withUnit(l, 0, unit)
}

func (r MonthlyReport) kpiSection(l ReportLabels, charts []ReportChart) ReportSection {
	s := ReportSection{Heading: l.T("report.kpis"), Charts: charts}
	s.Text = append(s.Text, l.N("report.published", r.Published, r.PublishedBefore, l.Month(r.Previous)))
	if len(r.KPIs) == 0 {
		s.Text = append(s.Text, l.T("report.none"))
		return s
	}
	t := &ReportTable{
		Columns: []string{l.T("report.col.goal"), l.T("report.col.kpi"), l.Month(r.Previous), l.Month(r.Month),
			l.T("report.col.change"), l.T("report.col.target"), l.T("report.col.progress")},
		Numeric: []bool{false, false, true, true, true, true, true},
	}
	dash := "—"
	for _, k := range r.KPIs {
		g := k.Goal
		prev, cur, change, progress := dash, dash, dash, dash
		if k.HasPrevious {
			prev = withUnit(l, k.Previous, g.Unit)
		}
		if k.HasCurrent {
			cur = withUnit(l, k.Current, g.Unit)
			progress = l.Percent(k.Progress / 100)
		}
		if c, ok := k.Change(); ok {
			change = signed(l, c, g.Unit)
		}
		t.Rows = append(t.Rows, []string{g.Title, g.Metric, prev, cur, change, withUnit(l, g.Target, g.Unit), progress})
	}
	s.Table = t
	if len(r.AtRisk) > 0 {
		s.Bullets = append(s.Bullets, l.T("report.at_risk"))
	}
	for _, risk := range r.AtRisk {
		var b string
		if c := risk.CheckIn; c != nil && c.Status != CheckInOnTrack {
			b = l.T("report.at_risk.checkin", risk.Goal.Title, l.T("checkin.status."+string(c.Status)), r.user(c.By), l.Date(Today(c.At, r.Plan.Location())))
			if c.Note != "" {
				b += " " + l.T("report.note", c.Note)
			}
		} else {
			b = l.T("report.at_risk.kpi", risk.Goal.Title)
		}
		s.Bullets = append(s.Bullets, b)
	}
	return s
}

// user returns the display name of a Slack user ID, or the ID.
func (r MonthlyReport) user(id string) string {
	if n := r.Users[id]; n != "" {
		return n
	}
	return id
}

func (r MonthlyReport) experimentSection(l ReportLabels) ReportSection {
	s := ReportSection{Heading: l.T("report.experiments")}
	if len(r.Experiments) == 0 {
		s.Text = []string{l.T("report.none")}
		return s
	}
	t := &ReportTable{Columns: []string{l.T("report.col.experiment"), l.T("report.col.result"), l.T("report.col.variants")}}
	for _, e := range r.Experiments {
		var variants []string
		for _, v := range e.Variants {
			rate := 0.0
			if v.Exposures > 0 {
				rate = float64(v.Successes) / float64(v.Exposures)
			}
			variants = append(variants, l.T("report.experiment.variant", v.Name, l.Percent(rate), l.Number(float64(v.Successes)), l.Number(float64(v.Exposures))))
		}
		t.Rows = append(t.Rows, []string{e.Name, experimentResult(l, e, r.Plan.Language), strings.Join(variants, "\n")})
	}
	s.Table = t
	return s
}

// experimentResult words an experiment's verdict (Conclusion: the best
// variant against the runner-up) with its p-value, never as a confidence.
func experimentResult(l ReportLabels, e *Experiment, lang string) string {
	j, err := e.Conclusion()
	if err != nil {
		return "—"
	}
	if j.Winner >= 0 && j.Winner < len(e.Variants) {
		return l.T("report.experiment.winner", e.Variants[j.Winner].Name, formatP(j.PValue, lang))
	}
	return l.T("report.experiment.none", formatP(j.PValue, lang))
}

// formatP writes a p-value with two significant digits, "< 0.001" below
// that, with a decimal comma in French.
func formatP(p float64, lang string) string {
	s := "< 0.001"
	if p >= 0.001 {
		s = strconv.FormatFloat(p, 'g', 2, 64)
	}
	if lang == "fr" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

func postSection(l ReportLabels, heading string, posts []PostResult, loc *time.Location) ReportSection {
	t := &ReportTable{
		Columns: []string{l.T("report.col.post"), l.T("report.col.network"), l.T("report.col.date"), l.T("report.col.value")},
		Numeric: []bool{false, false, false, true},
	}
	for _, p := range posts {
		t.Rows = append(t.Rows, []string{p.Item.Title, l.T("network." + string(p.Item.Network)), l.Date(Today(p.Item.PublishAt, loc)), withUnit(l, p.Value, p.Unit)})
	}
	return ReportSection{Heading: heading, Table: t}
}

func (r MonthlyReport) decisionSection(l ReportLabels) ReportSection {
	s := ReportSection{Heading: l.T("report.decisions")}
	if len(r.Decisions) == 0 {
		s.Text = []string{l.T("report.none")}
		return s
	}
	t := &ReportTable{Columns: []string{l.T("report.col.subject"), l.T("report.col.decision"), l.T("report.col.why"), l.T("report.col.date")}}
	for _, d := range r.Decisions {
		t.Rows = append(t.Rows, []string{d.SubjectName, l.T("decision." + string(d.Decision)), d.Rationale, l.Date(Today(d.DecidedAt, r.Plan.Location()))})
	}
	s.Table = t
	return s
}

func (r MonthlyReport) nextSection(l ReportLabels) ReportSection {
	n := r.Next
	s := ReportSection{Heading: l.T("report.next", l.Month(n.Month))}
	if rows := r.nextRows(l); len(rows) > 0 {
		s.Table = &ReportTable{
			Columns: []string{l.T("report.col.network"), l.T("report.col.planned"), l.T("report.col.cadence"), l.T("report.col.below")},
			Numeric: []bool{false, true, false, true},
			Rows:    rows,
		}
	}
	for _, e := range n.Experiments {
		s.Bullets = append(s.Bullets, l.T("report.next.experiment", e.Name, l.Date(e.Start), l.Date(e.End)))
	}
	for _, g := range n.Deadlines {
		s.Bullets = append(s.Bullets, l.T("report.next.deadline", g.Title, l.Date(g.Deadline)))
	}
	if s.Table == nil && len(s.Bullets) == 0 {
		s.Text = []string{l.T("report.next.nothing")}
	}
	return s
}

// nextRows are one row per network of next month's calendar: the posts
// planned, the cadence, and how many of its weeks (or its month) fall
// below it; "—" when the network's cadence is not checked.
func (r MonthlyReport) nextRows(l ReportLabels) [][]string {
	var rows [][]string
	cal := r.Next.Calendar
	for _, network := range cal.Networks {
		cadence, below, checked := l.T("report.cadence.none"), 0, false
		for _, k := range cal.Cadence {
			if k.Channel.Network != network {
				continue
			}
			figure := l.Number(float64(k.Cadence.Min))
			if k.Cadence.Max != k.Cadence.Min {
				figure += "–" + l.Number(float64(k.Cadence.Max))
			}
			cadence, checked = l.T("report.cadence."+string(k.Cadence.Per), figure), true
			if k.State == CadenceBelow {
				below++
			}
		}
		b := "—"
		if checked {
			b = l.Number(float64(below))
		}
		rows = append(rows, []string{l.T("network." + string(network)), l.Number(float64(r.Next.Planned(network))), cadence, b})
	}
	return rows
}

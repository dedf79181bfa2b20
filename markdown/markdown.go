// Package markdown writes a plan as a Markdown document, the file of
// /plan export. It is an adapter like storage: plan holds the data
// (plan.ExportDoc), the bot the words (Labels, from its catalogue), and
// this package the format, so that the domain stays free of it.
package markdown

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/planbot/planbot/plan"
)

// Labels writes the words and numbers of an export in the plan's
// language. The bot implements it with its message catalogue; keys are
// "export.*" and the catalogue's names of kinds, networks and statuses.
type Labels interface {
	T(key string, args ...any) string
	N(key string, n int, args ...any) string
	Date(t time.Time) string
	Number(f float64) string
	Percent(rate float64) string
	Span(d time.Duration) string
}

// special are the characters escaped wherever they are: those that
// start emphasis, code, links, HTML, entities, tables and strikethrough.
var special = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`,
	"<", `\<`, ">", `\>`, "&", `\&`, "|", `\|`, "~", `\~`,
)

// lineStart matches what makes a line a heading, a list item, a setext
// underline or a block quote when it starts the line.
var lineStart = regexp.MustCompile(`(?m)^(\s*)([#+=-]|\d+[.)])`)

// Escape makes user text read verbatim in Markdown (CommonMark and
// GitHub's tables): its special characters are backslash-escaped, not
// turned into HTML entities, so "<!channel> & *bold*" reads as typed.
func Escape(s string) string {
	s = special.Replace(s)
	return lineStart.ReplaceAllStringFunc(s, func(m string) string {
		trimmed := strings.TrimLeft(m, " \t")
		lead := m[:len(m)-len(trimmed)]
		if len(trimmed) > 1 { // a number: escape the dot or parenthesis
			return lead + trimmed[:len(trimmed)-1] + `\` + trimmed[len(trimmed)-1:]
		}
		return lead + `\` + trimmed
	})
}

// cell is user text as one table cell: escaped, on one line.
func cell(s string) string {
	s = strings.Join(strings.Fields(strings.ReplaceAll(s, "\r", "")), " ")
	if s == "" {
		return "—"
	}
	return Escape(s)
}

// link is a web address as a Markdown autolink, or escaped text when it
// is not a valid one (autolinks take no escapes, so only valid URLs,
// which hold no spaces or angle brackets, go in one).
func link(u string) string {
	if u == "" {
		return "—"
	}
	if plan.ValidURL(u, "http", "https") {
		return "<" + u + ">"
	}
	return cell(u)
}

// writer builds a Markdown document.
type writer struct {
	b strings.Builder
	l Labels
	d plan.ExportDoc
}

func (w *writer) line(format string, args ...any) {
	fmt.Fprintf(&w.b, format, args...)
	w.b.WriteString("\n")
}

func (w *writer) heading(level int, text string) {
	w.line("\n%s %s\n", strings.Repeat("#", level), text)
}

// table writes a table whose cells are Markdown already.
func (w *writer) table(headers []string, rows [][]string) {
	w.line("| %s |", strings.Join(headers, " | "))
	w.line("|%s", strings.Repeat(" --- |", len(headers)))
	for _, r := range rows {
		w.line("| %s |", strings.Join(r, " | "))
	}
	w.line("")
}

// para writes user text as a paragraph, its lines kept.
func (w *writer) para(label, text string) {
	if strings.TrimSpace(text) == "" {
		return
	}
	lines := strings.Split(strings.ReplaceAll(strings.TrimSpace(text), "\r", ""), "\n")
	for i, ln := range lines {
		lines[i] = Escape(ln)
	}
	w.line("**%s**  \n%s\n", label, strings.Join(lines, "  \n"))
}

func (w *writer) user(id string) string {
	if id == "" {
		return "—"
	}
	if name, ok := w.d.Users[id]; ok && name != "" {
		return "@" + cell(name)
	}
	return "@" + cell(id)
}

func (w *writer) date(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return w.l.Date(t)
}

func (w *writer) more(shown, total int) {
	if total > shown {
		w.line("_%s_\n", w.l.N("export.more", total-shown))
	}
}

// Export returns the whole plan as a Markdown document in the
// language of l: the nine steps with everything recorded, experiments and
// their verdicts, KPI tables and the decision log. User text is escaped
// for Markdown (see Escape), never for Slack.
func Export(d plan.ExportDoc, l Labels) string {
	w := &writer{l: l, d: d}
	name := d.Plan.Name
	if name == "" {
		name = d.Plan.ChannelID
	}
	w.line("# %s", l.T("export.title", cell(name)))
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

package report

import (
	"regexp"
	"strings"

	"github.com/planbot/planbot/plan"
)

// Markdown renders d as CommonMark with GitHub tables: the same words and
// figures as the PDF, for those who prefer text. Every string of d is
// escaped, so user text reads as typed. Charts are left out: a text file
// cannot carry them, and the PDF has them.
func Markdown(d plan.ReportDoc) string {
	var b strings.Builder
	line := func(s string) { b.WriteString(s + "\n") }
	line("# " + escape(d.Title))
	line("")
	if d.Subtitle != "" {
		line("_" + escape(d.Subtitle) + "_")
		line("")
	}
	if d.Generated != "" {
		line("_" + escape(d.Generated) + "_")
		line("")
	}
	for _, s := range d.Sections {
		line("## " + escape(s.Heading))
		line("")
		for _, p := range s.Text {
			line(escape(p))
			line("")
		}
		if t := s.Table; t != nil && len(t.Columns) > 0 {
			cells := make([]string, len(t.Columns))
			rule := make([]string, len(t.Columns))
			for i, c := range t.Columns {
				cells[i] = cell(c)
				rule[i] = "---"
				if numeric(t, i) {
					rule[i] = "---:"
				}
			}
			line("| " + strings.Join(cells, " | ") + " |")
			line("| " + strings.Join(rule, " | ") + " |")
			for _, r := range t.Rows {
				for i := range cells {
					cells[i] = ""
					if i < len(r) {
						cells[i] = cell(r[i])
					}
				}
				line("| " + strings.Join(cells, " | ") + " |")
			}
			line("")
		}
		for _, bl := range s.Bullets {
			line("- " + strings.ReplaceAll(escape(bl), "\n", " "))
		}
		if len(s.Bullets) > 0 {
			line("")
		}
	}
	return b.String()
}

// markdownSpecial are the characters escaped wherever they are: those that
// start emphasis, code, links, HTML, entities, tables and strikethrough.
var markdownSpecial = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`,
	"<", `\<`, ">", `\>`, "&", `\&`, "|", `\|`, "~", `\~`, "!", `\!`,
)

// lineStart matches what makes a line a heading, a list item, a setext
// underline or a block quote when it starts the line.
var lineStart = regexp.MustCompile(`(?m)^(\s*)([#+=-]|\d+[.)])`)

// escape makes text read verbatim in Markdown: special characters are
// backslash-escaped rather than turned into entities, so "<!channel> &
// *bold*" reads as typed. (The same rule as the plan export's; both can
// share the markdown package's once it exists.)
func escape(s string) string {
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

// cell escapes a table cell: its special characters (a cell never starts
// a line, so "+1" stays as it is), its lines joined by <br>, which GitHub
// renders as line breaks inside a cell.
func cell(s string) string {
	lines := splitLines(s)
	for i, l := range lines {
		lines[i] = strings.TrimSpace(markdownSpecial.Replace(l))
	}
	return strings.Join(lines, "<br>")
}

// Renderer renders reports as PDF and Markdown: the bot's
// ReportRenderer, wired by cmd/planbot.
type Renderer struct{}

// PDF renders d as an A4 PDF (see PDF).
func (Renderer) PDF(d plan.ReportDoc) ([]byte, error) { return PDF(d) }

// Markdown renders d as Markdown (see Markdown).
func (Renderer) Markdown(d plan.ReportDoc) string { return Markdown(d) }

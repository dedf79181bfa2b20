package report_test

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/ledongthuc/pdf"

	"github.com/planbot/planbot/internal/testlabels"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/report"
)

// MustPNG returns a w×h PNG image or fails the test.
func MustPNG(tb testing.TB, w, h int) []byte {
	tb.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		img.Set(x, h-1-x*h/w, color.RGBA{R: 30, G: 90, B: 200, A: 255})
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// MustMonthlyDoc builds the March 2026 report of a plan in lang, through
// plan's rules and the test catalogue: followers went from 12,100 at the
// end of February to 13,250 at the end of March.
func MustMonthlyDoc(tb testing.TB, lang string, labels testlabels.Labels, charts ...plan.ReportChart) plan.ReportDoc {
	tb.Helper()
	day := func(s string) time.Time {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			tb.Fatal(err)
		}
		return d
	}
	pl := &plan.Plan{ID: 1, ChannelID: "CACME", Name: "Acme <Café> & Co", TimeZone: "Europe/Paris", Language: lang}
	goals := []*plan.Goal{
		{ID: 1, Title: "Grow Instagram followers", Metric: "followers", Baseline: 10000, Target: 15000, Deadline: day("2026-06-30"), CreatedAt: day("2026-01-10")},
		{ID: 2, Title: "Cost per lead", Metric: "cost per lead", Baseline: 40, Target: 25, Unit: "€", Deadline: day("2026-12-31"), CreatedAt: day("2026-01-10")},
	}
	kpis := []plan.KPI{
		{Goal: goals[0], Series: []plan.Point{{Date: day("2026-01-10"), Value: 10000}, {Date: day("2026-02-27"), Value: 12100}, {Date: day("2026-03-30"), Value: 13250}}},
		{Goal: goals[1], Series: []plan.Point{{Date: day("2026-01-10"), Value: 40}, {Date: day("2026-02-20"), Value: 36.5}, {Date: day("2026-03-25"), Value: 31.25}}},
	}
	decisions := []*plan.Decision{{ID: 1, SubjectName: "Instagram", Decision: plan.DecisionDoMore, Rationale: "Reels bring followers — «\u202fsurtout le week-end\u202f»", DecidedAt: day("2026-03-30").Add(15 * time.Hour)}}
	in := plan.ReportInput{
		Plan: pl, Month: plan.YearMonth{Year: 2026, Month: time.March}, Now: day("2026-04-01").Add(8 * time.Hour),
		Goals: goals, KPIs: kpis, Decisions: decisions,
		Channels: []*plan.Channel{{Network: plan.NetworkInstagram, Cadence: "3 par semaine"}},
	}
	return plan.BuildMonthlyReport(in).Doc(labels, charts)
}

// MustExtract returns the text of each page of a PDF, read back with
// github.com/ledongthuc/pdf: lines top to bottom, the pieces of a line
// joined as drawn. It is a small pure-Go reader (a maintained fork of
// rsc.io/pdf) that decodes text strictly through the fonts' ToUnicode
// maps, as a client's tools would: a figure it reads is a figure they can
// copy.
func MustExtract(tb testing.TB, b []byte) []string {
	tb.Helper()
	r, err := pdf.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		tb.Fatalf("read pdf: %v", err)
	}
	var pages []string
	for i := 1; i <= r.NumPage(); i++ {
		rows, err := r.Page(i).GetTextByRow()
		if err != nil {
			tb.Fatalf("page %d: %v", i, err)
		}
		var lines []string
		for _, row := range rows {
			var s strings.Builder
			for _, t := range row.Content {
				s.WriteString(t.S)
			}
			lines = append(lines, s.String())
		}
		pages = append(pages, strings.Join(lines, "\n"))
	}
	return pages
}

func TestPDF_KPIFiguresOfBothMonths(t *testing.T) {
	tests := []struct {
		lang   string
		labels testlabels.Labels
		want   []string
	}{
		{lang: "en", labels: testlabels.EN, want: []string{
			"Monthly report — Acme <Café> & Co", "March 2026, compared with February 2026",
			"February 2026", "March 2026", "12,100", "13,250", "+1,150", "65.0%",
			"36.5\u00a0€", "31.25\u00a0€", "\u22125.25\u00a0€", "Reels bring followers — «\u202fsurtout le week-end\u202f»",
			"Next month: April 2026", "3 a week",
		}},
		{lang: "fr", labels: testlabels.FR, want: []string{
			"Rapport mensuel — Acme <Café> & Co", "mars 2026, comparé à février 2026", "Généré le 1er avril 2026",
			"février 2026", "mars 2026", "12\u202f100", "13\u202f250", "+1\u202f150", "65,0\u202f%",
			"36,5\u00a0€", "31,25\u00a0€", "\u22125,25\u00a0€", "Évolution", "Faire plus",
			"Le mois prochain\u202f: avril 2026", "3 par semaine",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			chart := plan.ReportChart{Title: "Followers", PNG: MustPNG(t, 1536, 768)}
			b, err := report.PDF(MustMonthlyDoc(t, tt.lang, tt.labels, chart))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(b, []byte("%PDF-")) || !bytes.Contains(b, []byte("/Subtype /Image")) {
				t.Fatalf("not a PDF with an image (%d bytes)", len(b))
			}
			pages := MustExtract(t, b)
			text := strings.Join(pages, "\n")
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("PDF text lacks %q", w)
				}
			}
			last := fmt.Sprintf("%d", len(pages))
			pageWord := map[string]string{"en": "of", "fr": "sur"}[tt.lang]
			for i, p := range pages {
				if want := fmt.Sprintf("Page %d %s %s", i+1, pageWord, last); !strings.Contains(p, want) {
					t.Errorf("page %d lacks %q", i+1, want)
				}
			}
			if t.Failed() {
				t.Logf("extracted text:\n%s", text)
			}
		})
	}
}

func TestPDF_A4(t *testing.T) {
	b, err := report.PDF(MustMonthlyDoc(t, "en", testlabels.EN))
	if err != nil {
		t.Fatal(err)
	}
	r, err := pdf.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	box := r.Page(1).V.Key("MediaBox")
	if box.Len() != 4 {
		box = r.Page(1).V.Key("Parent").Key("MediaBox")
	}
	// A4 is 210 × 297 mm: 595.28 × 841.89 points.
	if w, h := box.Index(2).Float64(), box.Index(3).Float64(); w < 595 || w > 596 || h < 841 || h > 842 {
		t.Errorf("page is %v × %v points", w, h)
	}
}

func TestPDF_LongTableRunsOver(t *testing.T) {
	rows := make([][]string, 120)
	for i := range rows {
		rows[i] = []string{fmt.Sprintf("Post %03d", i+1), "Instagram", strings.Repeat("A long caption that wraps ", 3), fmt.Sprintf("%d", 1000+i)}
	}
	d := plan.ReportDoc{
		Title: "Long", PageLabel: "Page {page} of {pages}",
		Sections: []plan.ReportSection{{Heading: "Posts", Table: &plan.ReportTable{
			Columns: []string{"Post", "Network", "Caption", "Reach"}, Numeric: []bool{false, false, false, true}, Rows: rows,
		}}},
	}
	b, err := report.PDF(d)
	if err != nil {
		t.Fatal(err)
	}
	pages := MustExtract(t, b)
	if len(pages) < 3 {
		t.Fatalf("120 wrapped rows on %d pages", len(pages))
	}
	text := strings.Join(pages, "\n")
	for _, want := range []string{"Post 001", "Post 120", "1119"} {
		if !strings.Contains(text, want) {
			t.Errorf("lacks %q", want)
		}
	}
	for i, p := range pages {
		// The header repeats on every page the table runs over.
		if !strings.Contains(p, "Caption") {
			t.Errorf("page %d has no header", i+1)
		}
		if want := fmt.Sprintf("Page %d of %d", i+1, len(pages)); !strings.Contains(p, want) {
			t.Errorf("page %d lacks %q", i+1, want)
		}
	}
}

func TestPDF_Errors(t *testing.T) {
	d := plan.ReportDoc{Title: "Bad chart", Sections: []plan.ReportSection{{Heading: "KPIs", Charts: []plan.ReportChart{{Title: "x", PNG: []byte("GIF89a")}}}}}
	if _, err := report.PDF(d); err == nil || !strings.Contains(err.Error(), "not a PNG") {
		t.Errorf("error %v, want one about the chart", err)
	}
	// Empty strings and empty sections are not errors.
	if _, err := report.PDF(plan.ReportDoc{Sections: []plan.ReportSection{{Text: []string{""}, Table: &plan.ReportTable{Columns: []string{""}, Rows: [][]string{{""}}}}}}); err != nil {
		t.Errorf("empty document: %v", err)
	}
}

func TestMarkdown(t *testing.T) {
	d := plan.ReportDoc{
		Title: "Report — <!channel> & *Co*", Subtitle: "March 2026", Generated: "Generated on 1 April 2026",
		Sections: []plan.ReportSection{
			{Heading: "KPIs", Text: []string{"1. first", "12 posts"},
				Table:   &plan.ReportTable{Columns: []string{"Goal", "Value"}, Numeric: []bool{false, true}, Rows: [][]string{{"a|b", "13,250"}, {"two\nlines", "1"}}},
				Bullets: []string{"- dash", "[link](https://evil)"},
				Charts:  []plan.ReportChart{{Title: "not in markdown", PNG: []byte{1}}}},
		},
	}
	want := `# Report — \<\!channel\> \& \*Co\*

_March 2026_

_Generated on 1 April 2026_

## KPIs

1\. first

12 posts

| Goal | Value |
| --- | ---: |
| a\|b | 13,250 |
| two<br>lines | 1 |

- \- dash
- \[link\](https://evil)

`
	if got := report.Markdown(d); got != want {
		t.Errorf("Markdown:\n%s\nwant:\n%s", got, want)
	}
}

func TestMarkdown_MonthlyReport(t *testing.T) {
	md := report.Markdown(MustMonthlyDoc(t, "fr", testlabels.FR))
	for _, want := range []string{"# Rapport mensuel — Acme \\<Café\\> \\& Co", "| 12\u202f100 | 13\u202f250 | +1\u202f150 |", "## Décisions prises", "---:"} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q:\n%s", want, md)
		}
	}
}

func TestPDF_TextWithinMargins(t *testing.T) {
	rows := make([][]string, 30)
	for i := range rows {
		rows[i] = []string{fmt.Sprintf("Post %03d", i+1), "Instagram", strings.Repeat("Une légende assez longue pour passer à la ligne ", 1+i%4), fmt.Sprintf("%d", 1000+i)}
	}
	docs := map[string]plan.ReportDoc{
		"monthly": MustMonthlyDoc(t, "fr", testlabels.FR, plan.ReportChart{Title: "Abonnés", PNG: MustPNG(t, 400, 800)}),
		"table": {Title: "Long", PageLabel: "Page {page} / {pages}", Sections: []plan.ReportSection{{
			Heading: "Posts", Text: []string{strings.Repeat("Quelques mots dans un paragraphe. ", 40)},
			Bullets: []string{"Une puce " + strings.Repeat("toujours plus longue ", 20)},
			Table:   &plan.ReportTable{Columns: []string{"Post", "Network", "Caption", "Reach"}, Numeric: []bool{false, false, false, true}, Rows: rows},
		}}},
	}
	// A4 with 51-point (18 mm) margins.
	const left, right, top = 51 - 0.5, 595.28 - 51 + 0.5, 841.89 - 51 + 0.5
	for name, d := range docs {
		t.Run(name, func(t *testing.T) {
			b, err := report.PDF(d)
			if err != nil {
				t.Fatal(err)
			}
			r, err := pdf.NewReader(bytes.NewReader(b), int64(len(b)))
			if err != nil {
				t.Fatal(err)
			}
			glyphs := 0
			for i := 1; i <= r.NumPage(); i++ {
				for _, g := range r.Page(i).Content().Text {
					glyphs++
					if g.X < left || g.X+g.W > right || g.Y > top || g.Y < 20 {
						t.Errorf("page %d: %q at x %.1f..%.1f, y %.1f, outside the margins", i, g.S, g.X, g.X+g.W, g.Y)
					}
				}
			}
			if glyphs == 0 {
				t.Fatal("no text found")
			}
		})
	}
}

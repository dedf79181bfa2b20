// Package report renders a plan's report (plan.ReportDoc: plain data, in
// the plan's language) as an A4 PDF worth sending to a client, and as
// Markdown for those who prefer text. It draws; the words and figures come
// from plan.
//
// The PDF is written with github.com/signintech/gopdf rather than
// codeberg.org/go-pdf/fpdf (already in the module graph through gonum):
// fpdf maps its UTF-8 fonts to Unicode with one range <0000>-<FFFF>, which
// the CMap rules forbid (a range may vary in its last byte only), so strict
// readers extract every character past U+00FF wrongly: the narrow no-break
// space of French typography, "—", "œ", "€". gopdf maps each glyph it
// embeds and subsets the font.
package report

import (
	"bytes"
	"errors"
	"fmt"
	"image/png"
	"strconv"
	"strings"

	"codeberg.org/go-fonts/liberation/liberationsansbold"
	"codeberg.org/go-fonts/liberation/liberationsansregular"
	"github.com/signintech/gopdf"

	"github.com/planbot/planbot/plan"
)

// Page geometry and type sizes, in points (A4 is 595.28 × 841.89).
const (
	margin       = 51.0 // 18 mm
	footerSpace  = 36.0
	titleSize    = 20.0
	subtitleSize = 12.0
	headingSize  = 14.0
	bodySize     = 10.0
	smallSize    = 8.0
	lineGap      = 1.35 // line height as a multiple of the type size
	cellPad      = 4.0
	maxChart     = 280.0 // the tallest a chart is drawn
)

// Font families embedded in every report: Liberation Sans, metric-
// compatible with Arial and under the SIL Open Font License.
const (
	regular = "sans"
	bold    = "sans-bold"
)

// PDF renders d as an A4 PDF: title, subtitle, then each section's
// paragraphs, table, bullets and charts (PNG), with the page number on
// every page. Text is wrapped to the page; a table that runs over a page
// repeats its header.
func PDF(d plan.ReportDoc) ([]byte, error) {
	w, err := newWriter(d)
	if err != nil {
		return nil, err
	}
	w.title(d)
	for _, s := range d.Sections {
		w.section(s)
		if w.err != nil {
			return nil, fmt.Errorf("report pdf: %w", w.err)
		}
	}
	w.footers(d.PageLabel)
	if w.err != nil {
		return nil, fmt.Errorf("report pdf: %w", w.err)
	}
	var buf bytes.Buffer
	if err := w.pdf.Write(&buf); err != nil {
		return nil, fmt.Errorf("report pdf: write: %w", err)
	}
	return buf.Bytes(), nil
}

// writer lays a document out page after page. The first error stops
// every drawing call; PDF reports it.
type writer struct {
	pdf   *gopdf.GoPdf
	y     float64 // where the next line goes
	pages int
	err   error
}

func newWriter(d plan.ReportDoc) (*writer, error) {
	w := &writer{pdf: &gopdf.GoPdf{}}
	w.pdf.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4, Unit: gopdf.UnitPT})
	w.pdf.SetInfo(gopdf.PdfInfo{Title: d.Title, Subject: d.Subtitle, Creator: "planbot"})
	if err := w.pdf.AddTTFFontData(regular, liberationsansregular.TTF); err != nil {
		return nil, fmt.Errorf("report pdf: font: %w", err)
	}
	if err := w.pdf.AddTTFFontData(bold, liberationsansbold.TTF); err != nil {
		return nil, fmt.Errorf("report pdf: font: %w", err)
	}
	w.newPage()
	return w, nil
}

func (w *writer) width() float64  { return gopdf.PageSizeA4.W - 2*margin }
func (w *writer) bottom() float64 { return gopdf.PageSizeA4.H - margin - footerSpace }

func (w *writer) newPage() {
	w.pdf.AddPage()
	w.pages++
	w.y = margin
}

// ensure starts a new page unless h points fit below y.
func (w *writer) ensure(h float64) {
	if w.y+h > w.bottom() && w.y > margin {
		w.newPage()
	}
}

func (w *writer) font(family string, size float64) {
	if w.err == nil {
		w.err = w.pdf.SetFont(family, "", size)
	}
}

func (w *writer) color(gray uint8) { w.pdf.SetTextColor(gray, gray, gray) }

// lines wraps text to width in the current font: at spaces, and inside a
// word longer than the width; "\n" starts a new line.
func (w *writer) lines(text string, width float64) []string {
	var out []string
	for _, para := range strings.Split(text, "\n") {
		if strings.TrimSpace(para) == "" {
			out = append(out, "")
			continue
		}
		ls, err := w.pdf.SplitTextWithWordWrap(para, width)
		if err != nil {
			if !errors.Is(err, gopdf.ErrEmptyString) && w.err == nil {
				w.err = err
			}
			out = append(out, para)
			continue
		}
		out = append(out, ls...)
	}
	return out
}

// text writes text at x, y (the top of the line) in the current font.
func (w *writer) text(x, y float64, s string) {
	if w.err != nil || s == "" {
		return
	}
	w.pdf.SetXY(x, y)
	w.err = w.pdf.Text(s)
}

// baseline is where text of size sits below the top of its line.
func baseline(size float64) float64 { return size * 0.95 }

// paragraph writes wrapped text across the page.
func (w *writer) paragraph(s string, family string, size float64, indent float64) {
	w.font(family, size)
	lh := size * lineGap
	for _, l := range w.lines(s, w.width()-indent) {
		w.ensure(lh)
		w.text(margin+indent, w.y+baseline(size), l)
		w.y += lh
	}
}

func (w *writer) title(d plan.ReportDoc) {
	w.color(0)
	w.paragraph(d.Title, bold, titleSize, 0)
	w.y += 4
	w.color(60)
	w.paragraph(d.Subtitle, regular, subtitleSize, 0)
	w.color(110)
	w.paragraph(d.Generated, regular, smallSize, 0)
	w.color(0)
	w.y += 10
}

func (w *writer) section(s plan.ReportSection) {
	// Keep a heading with what follows it.
	w.ensure(headingSize*lineGap + 3*bodySize*lineGap)
	w.y += 6
	w.color(20)
	w.paragraph(s.Heading, bold, headingSize, 0)
	w.color(0)
	w.y += 2
	for _, p := range s.Text {
		w.paragraph(p, regular, bodySize, 0)
		w.y += 2
	}
	if s.Table != nil {
		w.table(s.Table)
	}
	for _, b := range s.Bullets {
		w.bullet(b)
	}
	for _, c := range s.Charts {
		w.chart(c)
	}
	w.y += 6
}

// bullet writes an item of a list with a hanging indent.
func (w *writer) bullet(s string) {
	w.font(regular, bodySize)
	lh := bodySize * lineGap
	for i, l := range w.lines(s, w.width()-12) {
		w.ensure(lh)
		if i == 0 {
			w.text(margin+2, w.y+baseline(bodySize), "•")
		}
		w.text(margin+12, w.y+baseline(bodySize), l)
		w.y += lh
	}
	w.y += 1
}

// chart places a PNG scaled to the page width, at most maxChart high.
func (w *writer) chart(c plan.ReportChart) {
	if w.err != nil {
		return
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(c.PNG))
	if err != nil || cfg.Width == 0 || cfg.Height == 0 {
		w.err = fmt.Errorf("chart %q: not a PNG image: %v", c.Title, err)
		return
	}
	wd := w.width()
	h := wd * float64(cfg.Height) / float64(cfg.Width)
	if h > maxChart {
		wd, h = wd*maxChart/h, maxChart
	}
	w.ensure(h + bodySize*lineGap + 6)
	if c.Title != "" {
		w.font(bold, bodySize)
		w.text(margin, w.y+baseline(bodySize), c.Title)
		w.y += bodySize*lineGap + 2
	}
	img, err := gopdf.ImageHolderByBytes(c.PNG)
	if err != nil {
		w.err = err
		return
	}
	w.err = w.pdf.ImageByHolder(img, margin, w.y, &gopdf.Rect{W: wd, H: h})
	w.y += h + 8
}

// footers writes the page label, "{page}" and "{pages}" filled in, at the
// foot of every page.
func (w *writer) footers(label string) {
	if label == "" {
		return
	}
	for p := 1; p <= w.pages && w.err == nil; p++ {
		if w.err = w.pdf.SetPage(p); w.err != nil {
			return
		}
		s := strings.NewReplacer("{page}", strconv.Itoa(p), "{pages}", strconv.Itoa(w.pages)).Replace(label)
		w.font(regular, smallSize)
		w.color(110)
		tw, err := w.pdf.MeasureTextWidth(s)
		if err != nil {
			w.err = err
			return
		}
		w.text((gopdf.PageSizeA4.W-tw)/2, gopdf.PageSizeA4.H-margin+baseline(smallSize), s)
	}
}

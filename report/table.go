package report

import (
	"strings"

	"github.com/planbot/planbot/plan"
)

// table draws t across the page: a shaded header row in bold, numeric
// columns right-aligned, cells wrapped within their column, and the header
// again at the top of each new page.
func (w *writer) table(t *plan.ReportTable) {
	if w.err != nil || len(t.Columns) == 0 {
		return
	}
	widths := w.columnWidths(t)
	w.font(bold, bodySize)
	header := w.rowLines(t.Columns, widths)
	w.font(regular, bodySize)
	rows := make([][][]string, len(t.Rows))
	for i, r := range t.Rows {
		rows[i] = w.rowLines(r, widths)
	}
	lh := bodySize * lineGap
	height := func(cells [][]string) float64 {
		n := 1
		for _, c := range cells {
			n = max(n, len(c))
		}
		return float64(n)*lh + 2*cellPad
	}
	// A header alone at the foot of a page helps nobody.
	first := height(header)
	if len(rows) > 0 {
		first += height(rows[0])
	}
	w.ensure(first)
	w.drawRow(header, widths, t, true, height(header))
	for _, cells := range rows {
		h := height(cells)
		if w.y+h > w.bottom() {
			w.newPage()
			w.drawRow(header, widths, t, true, height(header))
		}
		w.drawRow(cells, widths, t, false, h)
	}
	w.y += 6
}

// shortLine is the width of a line a column keeps whole when it can.
const shortLine = 80.0

// columnWidths shares the page width between columns as browsers lay out
// tables: each column needs at least its longest word (or short line) and
// would like its longest line. When every line fits, each column gets its line and text
// columns share what is left; otherwise each gets its longest word plus a
// share of the rest in proportion to how much wider it would like to be.
// Only when even the words do not fit are columns shrunk in proportion.
func (w *writer) columnWidths(t *plan.ReportTable) []float64 {
	n := len(t.Columns)
	least, most := make([]float64, n), make([]float64, n)
	measure := func(family, s string, col int) {
		w.font(family, bodySize)
		for _, line := range splitLines(s) {
			if tw, err := w.pdf.MeasureTextWidth(line); err == nil {
				most[col] = max(most[col], tw+2*cellPad+1)
				// A short line ("Post 12", "2 March 2026") is kept whole.
				least[col] = max(least[col], min(tw, shortLine)+2*cellPad+1)
			}
			for _, word := range strings.Fields(line) {
				if tw, err := w.pdf.MeasureTextWidth(word); err == nil {
					least[col] = max(least[col], tw+2*cellPad+1)
				}
			}
		}
	}
	for i, c := range t.Columns {
		measure(bold, c, i)
	}
	for _, r := range t.Rows {
		for i := 0; i < n && i < len(r); i++ {
			measure(regular, r[i], i)
		}
	}
	sum := func(xs []float64) float64 {
		total := 0.0
		for _, x := range xs {
			total += x
		}
		return total
	}
	avail := w.width()
	widths := make([]float64, n)
	switch sumMost, sumLeast := sum(most), sum(least); {
	case sumMost <= avail:
		text := 0
		for i := range most {
			if !numeric(t, i) {
				text++
			}
		}
		for i, x := range most {
			widths[i] = x
			if !numeric(t, i) {
				widths[i] += (avail - sumMost) / float64(text)
			}
		}
		if text == 0 {
			widths[n-1] += avail - sumMost
		}
	case sumLeast <= avail:
		for i := range widths {
			widths[i] = least[i] + (avail-sumLeast)*(most[i]-least[i])/(sumMost-sumLeast)
		}
	default:
		for i := range widths {
			widths[i] = least[i] * avail / sumLeast
		}
	}
	return widths
}

func numeric(t *plan.ReportTable, col int) bool { return col < len(t.Numeric) && t.Numeric[col] }

// splitLines splits s at its newlines.
func splitLines(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// rowLines wraps each cell of a row in its column, in the current font.
func (w *writer) rowLines(cells []string, widths []float64) [][]string {
	out := make([][]string, len(widths))
	for i := range widths {
		if i < len(cells) {
			out[i] = w.lines(cells[i], widths[i]-2*cellPad)
		}
	}
	return out
}

// drawRow draws one row of height h at y and moves y below it.
func (w *writer) drawRow(cells [][]string, widths []float64, t *plan.ReportTable, header bool, h float64) {
	if w.err != nil {
		return
	}
	if header {
		w.pdf.SetFillColor(235, 238, 242)
		w.pdf.RectFromUpperLeftWithStyle(margin, w.y, w.width(), h, "F")
		w.font(bold, bodySize)
	} else {
		w.font(regular, bodySize)
	}
	w.pdf.SetStrokeColor(200, 204, 210)
	w.pdf.SetLineWidth(0.5)
	lh := bodySize * lineGap
	x := margin
	for i, lines := range cells {
		for j, l := range lines {
			lx := x + cellPad
			if numeric(t, i) {
				if tw, err := w.pdf.MeasureTextWidth(l); err == nil {
					lx = x + widths[i] - cellPad - tw
				}
			}
			w.text(lx, w.y+cellPad+float64(j)*lh+baseline(bodySize), l)
		}
		x += widths[i]
	}
	w.pdf.Line(margin, w.y+h, margin+w.width(), w.y+h)
	w.y += h
}

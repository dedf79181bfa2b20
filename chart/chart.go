// Package chart draws planbot's charts as PNG images with
// gonum.org/v1/plot: for now the chart of a KPI against its target that
// the measurement review (step 8) uploads. It draws what plan.EvaluateKPI
// says of a KPI (plan.KPIStatus.Chart) and takes its words, and the way
// its dates and numbers read, already in the plan's language
// (plan.ChartText), so it needs nothing of the bot's catalogue, and it
// keeps gonum out of bot, which depends on slack-go alone. gonum's fonts
// (Liberation) are compiled in, so charts render on a host with no fonts
// and no display.
package chart

import (
	"bytes"
	"fmt"
	"image/color"
	"strconv"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/planbot/planbot/plan"
)

// Chart size and resolution. Slack shows a thumbnail of an image about
// 360 px wide in a thread: the chart is drawn on a small canvas with large
// type, at twice the screen's 96 dpi, so its words stay legible there and
// sharp when opened.
const (
	width  = 6.4 * vg.Inch
	height = 3.6 * vg.Inch
	dpi    = 2 * 96
)

// Type sizes, in points, and the sans-serif face every text uses.
var (
	sans       = font.Font{Typeface: "Liberation", Variant: "Sans"}
	titleSize  = vg.Points(13)
	labelSize  = vg.Points(10.5)
	legendSize = vg.Points(10)
)

var (
	valueColor  = color.RGBA{R: 0x1d, G: 0x35, B: 0x57, A: 0xff} // the manifest's blue
	targetColor = color.RGBA{R: 0xe6, G: 0x39, B: 0x46, A: 0xff}
	paceColor   = color.RGBA{R: 0x8d, G: 0x99, B: 0xae, A: 0xff}
	todayColor  = color.RGBA{R: 0x44, G: 0x44, B: 0x44, A: 0xff}  // dark grey: no line or band has it
	bandColor   = color.NRGBA{R: 0x2a, G: 0x9d, B: 0x8f, A: 0x50} // see-through: the lines show over it
	// networkColors tell the lines of networks apart, in the order the
	// KPI lists them (catalogue order); the first is valueColor.
	networkColors = []color.RGBA{
		valueColor,
		{R: 0xf4, G: 0xa2, B: 0x61, A: 0xff},
		{R: 0x2a, G: 0x9d, B: 0x8f, A: 0xff},
		{R: 0x9b, G: 0x5d, B: 0xe5, A: 0xff},
		{R: 0x8a, G: 0x5a, B: 0x44, A: 0xff},
		{R: 0x00, G: 0x96, B: 0xc7, A: 0xff},
	}
)

// Renderer draws the charts of the measurement review; bot.MeasureNotifier
// uses it through its bot.ChartRenderer field. The zero value is ready.
type Renderer struct{}

// KPIChart draws the KPI k over time as a PNG, as k.Chart says: its
// values (one line a network when they do not combine, or a bar a period
// for a count per period), the line it should follow (the straight line
// from baseline to target, or the expected count of each period), the
// target as a horizontal line, or the range of a "stay within" shaded.
// The x axis runs from the first data (or the KPI's start) to a little
// past today, marked; the deadline is marked when it falls in that span
// and named in the legend always, so weeks of data are not squeezed into
// a corner by a deadline months away. Dates and numbers are written by
// w's Date and Number, in the reader's language, on the axes as in the
// legend. The title is the goal's metric, user text, drawn as is (a PNG
// is not parsed by Slack). k is as plan.EvaluateKPI returns it.
func (Renderer) KPIChart(k plan.KPIStatus, w plan.ChartText) ([]byte, error) {
	g, c := k.Goal, k.Chart
	if w.Date == nil {
		w.Date = func(t time.Time) string { return t.Format("Jan 2") }
	}
	if w.Number == nil {
		w.Number = func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
	}
	w.Values, w.Target, w.Guide = glyphSafe(w.Values), glyphSafe(w.Target), glyphSafe(w.Guide)
	w.Band, w.Today, w.Deadline = glyphSafe(w.Band), glyphSafe(w.Today), glyphSafe(w.Deadline)
	p := plot.New()
	styleText(p)
	p.Title.Text = clip(g.Metric, 60)
	if g.Unit != "" {
		p.Y.Label.Text = clip(g.Unit, 30)
	}
	p.Add(plotter.NewGrid())

	start, end := span(k)
	lo, hi := g.Baseline, g.Target
	if c.Band {
		lo, hi = c.Low, c.High
		if err := addBand(p, start, end, c.Low, c.High, w.Band); err != nil {
			return nil, err
		}
	}
	if c.Guide != nil {
		if err := addGuide(p, c.Guide, w.Guide, w.Target, start, end, k.Type.Direction.Holds()); err != nil {
			return nil, err
		}
	}
	if len(c.Bars) > 0 {
		if err := addBars(p, c.Bars, w.Values, w.Guide, !c.Band); err != nil {
			return nil, err
		}
	}
	for i, l := range c.Lines {
		name := w.Values
		if l.Network != "" {
			name = w.Networks[l.Network]
		}
		if err := addLine(p, l.Points, name, networkColors[i%len(networkColors)]); err != nil {
			return nil, err
		}
	}

	// Keep the baseline and the target, or the range, in view, with a
	// little room.
	lo, hi = min(p.Y.Min, lo), max(p.Y.Max, hi)
	if len(c.Bars) > 0 {
		lo = min(lo, 0)
	}
	pad := (hi - lo) * 0.08
	if pad == 0 {
		pad = 1
	}
	p.Y.Min, p.Y.Max = lo-pad, hi+pad
	p.X.Min, p.X.Max = x(start), x(end)
	if err := addMarker(p, k.Today, w.Today, todayColor, nil); err != nil {
		return nil, err
	}
	deadline := w.Deadline
	if !g.Deadline.IsZero() && !g.Deadline.After(end) {
		if err := addMarker(p, g.Deadline, deadline, targetColor, []vg.Length{vg.Points(4), vg.Points(3)}); err != nil {
			return nil, err
		}
	} else if deadline != "" {
		p.Legend.Add(deadline) // beyond the axis: named, not drawn
	}
	p.X.Tick.Marker = dateTicks{date: w.Date}
	p.Y.Tick.Marker = numberTicks{number: w.Number}

	cv := vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(dpi))}
	drawBeside(p, draw.New(cv))
	var buf bytes.Buffer
	if _, err := cv.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("encode chart: %w", err)
	}
	return buf.Bytes(), nil
}

// drawBeside draws p on c with its legend in a column on the right, level
// with the top of the plot, where it hides no line.
func drawBeside(p *plot.Plot, c draw.Canvas) {
	legend := p.Legend
	p.Legend = plot.NewLegend()
	legend.Top, legend.Left = true, true
	legend.Padding, legend.ThumbnailWidth = vg.Points(4), vg.Points(22)
	gap := vg.Points(8)
	lw := legend.Rectangle(c).Size().X + 2*gap // a gap each side
	p.Draw(draw.Crop(c, 0, -lw, 0, 0))
	title := p.Title.TextStyle.Height(p.Title.Text) + p.Title.Padding
	legend.Draw(draw.Crop(c, c.Size().X-lw+gap, -gap, 0, -title))
}

// styleText sets every text of p in the sans-serif face, at sizes a
// thumbnail keeps legible.
func styleText(p *plot.Plot) {
	p.Title.TextStyle.Font = sans
	p.Title.TextStyle.Font.Size = titleSize
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = sans
		a.Label.TextStyle.Font.Size = labelSize
		a.Tick.Label.Font = sans
		a.Tick.Label.Font.Size = labelSize
	}
	p.Legend.TextStyle.Font = sans
	p.Legend.TextStyle.Font.Size = legendSize
}

// span is the dates the x axis shows: from the KPI's first data, or its
// start when earlier, to a little past today (a tenth of the span, two
// days at least), or past the last data when later; two weeks at least.
func span(k plan.KPIStatus) (time.Time, time.Time) {
	start, last := k.Start, k.Today
	for _, l := range k.Chart.Lines {
		for _, pt := range l.Points {
			start, last = earlier(start, pt.Date), later(last, pt.Date)
		}
	}
	for _, b := range k.Chart.Bars {
		start, last = earlier(start, b.First), later(last, b.Last.AddDate(0, 0, 1))
	}
	if start.IsZero() {
		start = last.AddDate(0, 0, -7)
	}
	room := max(last.Sub(start)/10, 2*24*time.Hour)
	end := last.Add(room)
	if least := start.AddDate(0, 0, 14); end.Before(least) {
		end = least // a new KPI: two weeks, not two days stretched across the chart
	}
	return start, end
}

// addMarker draws a vertical line at date d across the plot, named name in
// the legend.
func addMarker(p *plot.Plot, d time.Time, name string, c color.Color, dashes []vg.Length) error {
	if d.IsZero() {
		return nil
	}
	line, err := plotter.NewLine(plotter.XYs{{X: x(d), Y: p.Y.Min}, {X: x(d), Y: p.Y.Max}})
	if err != nil {
		return fmt.Errorf("marker: %w", err)
	}
	line.Color, line.Width, line.Dashes = c, vg.Points(1.5), dashes
	p.Add(line)
	if name != "" {
		p.Legend.Add(name, line)
	}
	return nil
}

// x is the abscissa of a date.
func x(t time.Time) float64 { return float64(t.Unix()) }

func earlier(a, b time.Time) time.Time {
	if a.IsZero() || b.Before(a) {
		return b
	}
	return a
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// addGuide draws the line the KPI should follow, dashed, and the target
// as a horizontal line across the chart; for a threshold, the guide is the
// target and is drawn once. The plot clips both to its x axis.
func addGuide(p *plot.Plot, guide []plan.Point, guideName, targetName string, start, end time.Time, holds bool) error {
	xys := make(plotter.XYs, len(guide))
	for i, pt := range guide {
		xys[i] = plotter.XY{X: x(pt.Date), Y: pt.Value}
	}
	target := guide[len(guide)-1].Value
	targetLine, err := plotter.NewLine(plotter.XYs{{X: x(start), Y: target}, {X: max(x(end), xys[len(xys)-1].X), Y: target}})
	if err != nil {
		return fmt.Errorf("target line: %w", err)
	}
	targetLine.Color, targetLine.Width, targetLine.Dashes = targetColor, vg.Points(1.5), []vg.Length{vg.Points(6), vg.Points(3)}
	p.Add(targetLine)
	p.Legend.Add(targetName, targetLine)
	if holds {
		return nil
	}
	paceLine, err := plotter.NewLine(xys)
	if err != nil {
		return fmt.Errorf("pace line: %w", err)
	}
	paceLine.Color, paceLine.Dashes = paceColor, []vg.Length{vg.Points(2), vg.Points(3)}
	p.Add(paceLine)
	p.Legend.Add(guideName, paceLine)
	return nil
}

// addBand shades the range low to high from start to end.
func addBand(p *plot.Plot, start, end time.Time, low, high float64, name string) error {
	band, err := plotter.NewPolygon(plotter.XYs{{X: x(start), Y: low}, {X: x(end), Y: low}, {X: x(end), Y: high}, {X: x(start), Y: high}})
	if err != nil {
		return fmt.Errorf("band: %w", err)
	}
	band.Color, band.LineStyle.Width = bandColor, 0
	p.Add(band)
	p.Legend.Add(name, band)
	return nil
}

// addBars draws each period's count as a bar from its first to its last
// day, and what it should have brought as a dashed step over it, when
// expected is set; periods with nothing logged have no bar.
func addBars(p *plot.Plot, bars []plan.PeriodValue, valuesName, expectedName string, expected bool) error {
	var steps plotter.XYs
	legend := false
	for _, b := range bars {
		if b.Judged && expected {
			steps = append(steps, plotter.XY{X: x(b.First), Y: b.Expected}, plotter.XY{X: x(b.Last.AddDate(0, 0, 1)), Y: b.Expected})
		}
		if !b.Logged {
			continue
		}
		from, to := x(b.First)+3600*12, x(b.Last.AddDate(0, 0, 1))-3600*12 // a gap between bars
		bar, err := plotter.NewPolygon(plotter.XYs{{X: from, Y: 0}, {X: to, Y: 0}, {X: to, Y: b.Value}, {X: from, Y: b.Value}})
		if err != nil {
			return fmt.Errorf("bar: %w", err)
		}
		bar.Color, bar.LineStyle.Color = valueColor, valueColor
		p.Add(bar)
		if !legend {
			p.Legend.Add(valuesName, bar)
			legend = true
		}
	}
	if len(steps) == 0 {
		return nil
	}
	line, err := plotter.NewLine(steps)
	if err != nil {
		return fmt.Errorf("expected line: %w", err)
	}
	line.Color, line.Width, line.Dashes = targetColor, vg.Points(1.5), []vg.Length{vg.Points(6), vg.Points(3)}
	p.Add(line)
	p.Legend.Add(expectedName, line)
	return nil
}

// addLine draws the values of one line, with a point at each.
func addLine(p *plot.Plot, points []plan.Point, name string, c color.RGBA) error {
	xys := make(plotter.XYs, len(points))
	for i, pt := range points {
		xys[i] = plotter.XY{X: x(pt.Date), Y: pt.Value}
	}
	line, dots, err := plotter.NewLinePoints(xys)
	if err != nil {
		return fmt.Errorf("values: %w", err)
	}
	line.Color, line.Width = c, vg.Points(2)
	dots.Color, dots.Shape, dots.Radius = c, draw.CircleGlyph{}, vg.Points(3)
	p.Add(line, dots)
	p.Legend.Add(name, line, dots)
	return nil
}

// clip cuts s to at most n runes, marking the cut with an ellipsis: as bot
// clips text, so a chart's title reads like the message it comes with.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

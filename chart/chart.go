// Package chart draws planbot's charts as PNG images with
// gonum.org/v1/plot: for now the chart of a KPI against its target that
// the measurement review (step 8) uploads. It draws what plan.EvaluateKPI
// says of a KPI (plan.KPIStatus.Chart) and takes its words already in the
// plan's language, so it needs nothing of the bot's catalogue, and it
// keeps gonum out of bot, which depends on slack-go alone. gonum's fonts
// (Liberation) are compiled in, so charts render on a host with no fonts
// and no display.
package chart

import (
	"bytes"
	"fmt"
	"image/color"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/planbot/planbot/plan"
)

// Chart size: wide enough to read dates, small enough for a thread.
const (
	width  = 8 * vg.Inch
	height = 4 * vg.Inch
)

var (
	valueColor  = color.RGBA{R: 0x1d, G: 0x35, B: 0x57, A: 0xff} // the manifest's blue
	targetColor = color.RGBA{R: 0xe6, G: 0x39, B: 0x46, A: 0xff}
	paceColor   = color.RGBA{R: 0x8d, G: 0x99, B: 0xae, A: 0xff}
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
// target as a horizontal line up to the deadline, or the range of a
// "stay within" shaded. values, target, guide and band are the legends of
// those, already in the plan's language (target and band with their
// numbers formatted); networks names the networks of the lines. The title
// is the goal's metric, user text, drawn as is (a PNG is not parsed by
// Slack). k is as plan.EvaluateKPI returns it, with data.
func (Renderer) KPIChart(k plan.KPIStatus, values, target, guide, band string, networks map[plan.Network]string) ([]byte, error) {
	g, c := k.Goal, k.Chart
	p := plot.New()
	p.Title.Text = clip(g.Metric, 80)
	if g.Unit != "" {
		p.Y.Label.Text = clip(g.Unit, 30)
	}
	p.X.Tick.Marker = plot.TimeTicks{Format: time.DateOnly}
	// The legend goes in the corner the lines head away from: bottom right
	// when the KPI should go up, top right when down.
	p.Legend.Top = k.Type.Direction.HigherIsBetter() < 0 || len(c.Bars) > 0 // bars fill the bottom
	p.Legend.XOffs, p.Legend.YOffs = -vg.Points(6), vg.Points(6)
	if p.Legend.Top {
		p.Legend.YOffs = -vg.Points(6)
	}
	p.Add(plotter.NewGrid())

	start, end := k.Start, g.Deadline
	for _, l := range c.Lines {
		for _, pt := range l.Points {
			start, end = earlier(start, pt.Date), later(end, pt.Date)
		}
	}
	for _, b := range c.Bars {
		start, end = earlier(start, b.First), later(end, b.Last)
	}
	lo, hi := g.Baseline, g.Target
	if c.Band {
		lo, hi = c.Low, c.High
		if err := addBand(p, start, end, c.Low, c.High, band); err != nil {
			return nil, err
		}
	}
	if c.Guide != nil {
		if err := addGuide(p, c.Guide, guide, target, end, k.Type.Direction.Holds()); err != nil {
			return nil, err
		}
	}
	if len(c.Bars) > 0 {
		if err := addBars(p, c.Bars, values, guide, !c.Band); err != nil {
			return nil, err
		}
	}
	for i, l := range c.Lines {
		name := values
		if l.Network != "" {
			name = networks[l.Network]
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

	w, err := p.WriterTo(width, height, "png")
	if err != nil {
		return nil, fmt.Errorf("render chart: %w", err)
	}
	var buf bytes.Buffer
	if _, err := w.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("encode chart: %w", err)
	}
	return buf.Bytes(), nil
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
// as a horizontal line up to end; for a threshold, the guide is the
// target and is drawn once.
func addGuide(p *plot.Plot, guide []plan.Point, guideName, targetName string, end time.Time, holds bool) error {
	xys := make(plotter.XYs, len(guide))
	for i, pt := range guide {
		xys[i] = plotter.XY{X: x(pt.Date), Y: pt.Value}
	}
	target := guide[len(guide)-1].Value
	targetLine, err := plotter.NewLine(plotter.XYs{{X: xys[0].X, Y: target}, {X: x(end), Y: target}})
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

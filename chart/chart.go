// Package chart draws planbot's charts as PNG images with
// gonum.org/v1/plot: for now the chart of a KPI against its target that
// the measurement review (step 8) uploads. It takes its words already in
// the plan's language, so it needs nothing of the bot's catalogue, and it
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
)

// Renderer draws the charts of the measurement review; bot.MeasureNotifier
// uses it through its bot.ChartRenderer field. The zero value is ready.
type Renderer struct{}

// KPIChart draws the KPI k over time as a PNG: its values since the goal
// was set, the target as a horizontal line up to the deadline, and the
// straight line from baseline to target that the pace is judged against.
// values, target and pace are the legend of those three lines, already in
// the plan's language (target with its number formatted). The title is
// the goal's metric, user text, drawn as is (a PNG is not parsed by
// Slack). k is as plan.ComputeKPI returns it, its Series never empty.
func (Renderer) KPIChart(k plan.KPI, values, target, pace string) ([]byte, error) {
	g := k.Goal
	p := plot.New()
	p.Title.Text = clip(g.Metric, 80)
	if g.Unit != "" {
		p.Y.Label.Text = clip(g.Unit, 30)
	}
	p.X.Tick.Marker = plot.TimeTicks{Format: time.DateOnly}
	// The legend goes in the corner the lines head away from: bottom right
	// when the target is above the baseline, top right when below.
	p.Legend.Top = g.Target < g.Baseline
	p.Legend.XOffs, p.Legend.YOffs = -vg.Points(6), vg.Points(6)
	if p.Legend.Top {
		p.Legend.YOffs = -vg.Points(6)
	}
	p.Add(plotter.NewGrid())

	x := func(t time.Time) float64 { return float64(t.Unix()) }
	end := g.Deadline
	if last := k.Series[len(k.Series)-1].Date; last.After(end) {
		end = last
	}

	paceLine, err := plotter.NewLine(plotter.XYs{{X: x(k.Start), Y: g.Baseline}, {X: x(g.Deadline), Y: g.Target}})
	if err != nil {
		return nil, fmt.Errorf("pace line: %w", err)
	}
	paceLine.Color, paceLine.Dashes = paceColor, []vg.Length{vg.Points(2), vg.Points(3)}

	targetLine, err := plotter.NewLine(plotter.XYs{{X: x(k.Start), Y: g.Target}, {X: x(end), Y: g.Target}})
	if err != nil {
		return nil, fmt.Errorf("target line: %w", err)
	}
	targetLine.Color, targetLine.Width, targetLine.Dashes = targetColor, vg.Points(1.5), []vg.Length{vg.Points(6), vg.Points(3)}

	xys := make(plotter.XYs, len(k.Series))
	for i, pt := range k.Series {
		xys[i] = plotter.XY{X: x(pt.Date), Y: pt.Value}
	}
	valueLine, points, err := plotter.NewLinePoints(xys)
	if err != nil {
		return nil, fmt.Errorf("values: %w", err)
	}
	valueLine.Color, valueLine.Width = valueColor, vg.Points(2)
	points.Color, points.Shape, points.Radius = valueColor, draw.CircleGlyph{}, vg.Points(3)

	p.Add(paceLine, targetLine, valueLine, points)
	p.Legend.Add(values, valueLine, points)
	p.Legend.Add(target, targetLine)
	p.Legend.Add(pace, paceLine)

	// Keep the baseline and the target in view, with a little room.
	lo, hi := min(p.Y.Min, g.Baseline, g.Target), max(p.Y.Max, g.Baseline, g.Target)
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

// clip cuts s to at most n runes, marking the cut with an ellipsis: as bot
// clips text, so a chart's title reads like the message it comes with.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

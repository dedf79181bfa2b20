package bot

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

// PNG charts of KPIs for the measurement review (step 8), drawn with
// gonum.org/v1/plot. Its fonts (Liberation) are compiled in, so charts
// render on a host with no fonts and no display.

// Chart size: wide enough to read dates, small enough for a thread.
const (
	chartWidth  = 8 * vg.Inch
	chartHeight = 4 * vg.Inch
)

var (
	chartValueColor  = color.RGBA{R: 0x1d, G: 0x35, B: 0x57, A: 0xff} // the manifest's blue
	chartTargetColor = color.RGBA{R: 0xe6, G: 0x39, B: 0x46, A: 0xff}
	chartPaceColor   = color.RGBA{R: 0x8d, G: 0x99, B: 0xae, A: 0xff}
)

// kpiChartPNG draws the KPI k over time: its values since the goal was set,
// the target as a horizontal line up to the deadline, and the straight
// line from baseline to target that the pace is judged against. Labels
// are in lang; the title is the goal's metric, user text, drawn as is (a
// PNG is not parsed by Slack).
func kpiChartPNG(lang Lang, k plan.KPI) ([]byte, error) {
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

	pace, err := plotter.NewLine(plotter.XYs{{X: x(k.Start), Y: g.Baseline}, {X: x(g.Deadline), Y: g.Target}})
	if err != nil {
		return nil, fmt.Errorf("pace line: %w", err)
	}
	pace.Color, pace.Dashes = chartPaceColor, []vg.Length{vg.Points(2), vg.Points(3)}

	target, err := plotter.NewLine(plotter.XYs{{X: x(k.Start), Y: g.Target}, {X: x(end), Y: g.Target}})
	if err != nil {
		return nil, fmt.Errorf("target line: %w", err)
	}
	target.Color, target.Width, target.Dashes = chartTargetColor, vg.Points(1.5), []vg.Length{vg.Points(6), vg.Points(3)}

	xys := make(plotter.XYs, len(k.Series))
	for i, pt := range k.Series {
		xys[i] = plotter.XY{X: x(pt.Date), Y: pt.Value}
	}
	values, points, err := plotter.NewLinePoints(xys)
	if err != nil {
		return nil, fmt.Errorf("values: %w", err)
	}
	values.Color, values.Width = chartValueColor, vg.Points(2)
	points.Color, points.Shape, points.Radius = chartValueColor, draw.CircleGlyph{}, vg.Points(3)

	p.Add(pace, target, values, points)
	p.Legend.Add(lang.T("chart.values"), values, points)
	p.Legend.Add(lang.T("chart.target", formatNumber(lang, g.Target)), target)
	p.Legend.Add(lang.T("chart.pace"), pace)

	// Keep the baseline and the target in view, with a little room.
	lo, hi := min(p.Y.Min, g.Baseline, g.Target), max(p.Y.Max, g.Baseline, g.Target)
	pad := (hi - lo) * 0.08
	if pad == 0 {
		pad = 1
	}
	p.Y.Min, p.Y.Max = lo-pad, hi+pad

	w, err := p.WriterTo(chartWidth, chartHeight, "png")
	if err != nil {
		return nil, fmt.Errorf("render chart: %w", err)
	}
	var buf bytes.Buffer
	if _, err := w.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("encode chart: %w", err)
	}
	return buf.Bytes(), nil
}

package chart_test

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/planbot/planbot/chart"
	"github.com/planbot/planbot/plan"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// legends are the legends of the golden charts in English and French, as
// bot's catalogue words them: values, target, guide, band, and the names
// of the networks.
var legends = map[string]struct {
	values, target, guide, band string
	networks                    map[plan.Network]string
}{
	"en": {"Results", "Target (%s)", "Straight line to the target", "Range (3 to 5)",
		map[plan.Network]string{plan.NetworkInstagram: "Instagram", plan.NetworkFacebook: "Facebook", plan.NetworkX: "X"}},
	"fr": {"Résultats", "Cible (%s)", "Ligne droite vers la cible", "Fourchette (3 à 5)",
		map[plan.Network]string{plan.NetworkInstagram: "Instagram", plan.NetworkFacebook: "Facebook", plan.NetworkX: "X"}},
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// chartKPIs are the KPIs of the chart golden files, as plan.EvaluateKPI
// judges them: one rising with three values (a count whose networks add
// up), one falling with none, an engagement rate shown a line a network
// (never summed), leads per month (a bar a period against what each month
// should bring), and posts a week to keep within 3 to 5.
func chartKPIs() map[string]plan.KPIStatus {
	now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	today := plan.Today(now, time.UTC)
	up := &plan.Goal{ID: 7, PlanID: 1, Kind: plan.GoalLeads, Title: "Grow signups", Metric: "newsletter signups <!channel>",
		Baseline: 120, Target: 480, Unit: "signups", Deadline: day(2027, 3, 31), CreatedAt: time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC),
		KPI: plan.KPIType{Direction: plan.DirectionIncrease, Aggregation: plan.AggregateLevel, Count: true}}
	obs := []*plan.Observation{
		{Metric: up.Metric, Network: plan.NetworkInstagram, Value: 150, Date: day(2026, 11, 9)},
		{Metric: up.Metric, Network: plan.NetworkInstagram, Value: 190, Date: day(2026, 11, 27)},
		{Metric: up.Metric, Network: plan.NetworkLinkedIn, Value: 20, Date: day(2026, 11, 27)},
	}
	down := &plan.Goal{ID: 1, Metric: "reply time", Unit: "h", Baseline: 6, Target: 1, Deadline: day(2027, 1, 31), CreatedAt: now,
		KPI: plan.KPIType{Direction: plan.DirectionDecrease, Aggregation: plan.AggregateRate}}
	rate := &plan.Goal{ID: 2, Metric: "engagement rate", Unit: "%", Baseline: 1.5, Target: 3, Deadline: day(2027, 1, 31), CreatedAt: day(2026, 11, 1),
		KPI: plan.KPIType{Direction: plan.DirectionIncrease, Aggregation: plan.AggregateRate}}
	rates := []*plan.Observation{
		{Metric: "engagement rate", Network: plan.NetworkInstagram, Value: 1.8, Date: day(2026, 11, 8)},
		{Metric: "engagement rate", Network: plan.NetworkInstagram, Value: 2.1, Date: day(2026, 11, 22)},
		{Metric: "engagement rate", Network: plan.NetworkFacebook, Value: 1.6, Date: day(2026, 11, 8)},
		{Metric: "engagement rate", Network: plan.NetworkFacebook, Value: 2.0, Date: day(2026, 11, 22)},
	}
	flow := &plan.Goal{ID: 3, Metric: "leads", Baseline: 10, Target: 20, Deadline: day(2027, 3, 31), CreatedAt: day(2026, 9, 1),
		KPI: plan.KPIType{Direction: plan.DirectionIncrease, Aggregation: plan.AggregateFlow, Period: plan.PeriodMonth}}
	leads := []*plan.Observation{
		{Metric: "leads", Value: 9, Date: day(2026, 9, 30)}, {Metric: "leads", Value: 14, Date: day(2026, 10, 31)},
		{Metric: "leads", Network: plan.NetworkX, Value: 6, Date: day(2026, 11, 20)},
	}
	band := &plan.Goal{ID: 4, Metric: "posts a week", Baseline: 4, Target: 4, Deadline: day(2027, 1, 31), CreatedAt: day(2026, 11, 1),
		KPI: plan.KPIType{Direction: plan.DirectionWithin, Aggregation: plan.AggregateLevel, Low: 3, High: 5}}
	posts := []*plan.Observation{
		{Metric: "posts a week", Value: 4, Date: day(2026, 11, 8)}, {Metric: "posts a week", Value: 6, Date: day(2026, 11, 15)},
		{Metric: "posts a week", Value: 5, Date: day(2026, 11, 22)},
	}
	eval := func(g *plan.Goal, obs []*plan.Observation) plan.KPIStatus {
		return plan.EvaluateKPI(plan.KPIInput{Goal: g, Observations: obs, Today: today, Loc: time.UTC})
	}
	return map[string]plan.KPIStatus{
		"kpi_up": eval(up, obs), "kpi_down": eval(down, nil), "kpi_networks": eval(rate, rates),
		"kpi_flow": eval(flow, leads), "kpi_band": eval(band, posts),
	}
}

// draw draws k with the legends of lang.
func draw(k plan.KPIStatus, lang string) ([]byte, error) {
	l := legends[lang]
	return chart.Renderer{}.KPIChart(k, l.values, fmt.Sprintf(l.target, strconv.FormatFloat(k.Goal.Target, 'f', -1, 64)), l.guide, l.band, l.networks)
}

// TestKPIChart_Golden compares the charts, pixel by pixel, with golden
// files. kpi_up and kpi_down were first drawn by bot's kpiChartPNG before
// the drawing moved here; EvaluateKPI's charts redrew them (issue 11: the
// line from the goal's start, the target to the deadline). go test
// ./chart -update rewrites them: look at them.
func TestKPIChart_Golden(t *testing.T) {
	for name, k := range chartKPIs() {
		for _, lang := range []string{"en", "fr"} {
			t.Run(name+"_"+lang, func(t *testing.T) {
				got, err := draw(k, lang)
				if err != nil {
					t.Fatal(err)
				}
				path := filepath.Join("testdata", name+"_"+lang+".png")
				if *update {
					if err := os.WriteFile(path, got, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run go test ./chart -update to create it)", err)
				}
				if n := pixelsDiffer(t, got, want); n != 0 {
					t.Errorf("%d pixels differ from %s", n, path)
				}
			})
		}
	}
}

// TestKPIChart_Size: a chart is a PNG wide enough to read its dates.
func TestKPIChart_Size(t *testing.T) {
	data, err := draw(chartKPIs()["kpi_up"], "en")
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() < 500 || b.Dy() < 250 || len(data) < 2048 {
		t.Errorf("chart %dx%d, %d bytes", b.Dx(), b.Dy(), len(data))
	}
}

// TestKPIChart_WhatItDraws checks the KPIs of the golden files are what
// their charts claim to draw: a line a network for the rate, whose values
// are never summed; a bar a month for the leads; a band for the range.
func TestKPIChart_WhatItDraws(t *testing.T) {
	ks := chartKPIs()
	if c := ks["kpi_networks"].Chart; len(c.Lines) != 2 || c.Lines[0].Network != plan.NetworkFacebook || c.Lines[1].Network != plan.NetworkInstagram {
		t.Errorf("rate chart lines %+v, want Facebook and Instagram (catalogue order)", c.Lines)
	}
	// September 9, October 14, November 6 so far: three bars.
	if c := ks["kpi_flow"].Chart; len(c.Bars) != 3 || c.Bars[1].Value != 14 || c.Lines != nil {
		t.Errorf("flow chart %+v, want three bars, October 14", c)
	}
	if c := ks["kpi_band"].Chart; !c.Band || c.Low != 3 || c.High != 5 || c.Guide != nil {
		t.Errorf("band chart %+v", c)
	}
}

// pixelsDiffer decodes two PNG images and counts the pixels that differ;
// images of different sizes differ in every pixel of the larger one.
func pixelsDiffer(t *testing.T, a, b []byte) int {
	t.Helper()
	ia, err := png.Decode(bytes.NewReader(a))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	ib, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("golden file not a PNG: %v", err)
	}
	ra, rb := ia.Bounds(), ib.Bounds()
	if ra != rb {
		return max(ra.Dx()*ra.Dy(), rb.Dx()*rb.Dy())
	}
	n := 0
	for y := ra.Min.Y; y < ra.Max.Y; y++ {
		for x := ra.Min.X; x < ra.Max.X; x++ {
			if !sameColor(ia, ib, image.Pt(x, y)) {
				n++
			}
		}
	}
	return n
}

func sameColor(a, b image.Image, p image.Point) bool {
	r1, g1, b1, a1 := a.At(p.X, p.Y).RGBA()
	r2, g2, b2, a2 := b.At(p.X, p.Y).RGBA()
	return r1 == r2 && g1 == g2 && b1 == b2 && a1 == a2
}

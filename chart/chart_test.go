package chart_test

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/chart"
	"github.com/planbot/planbot/plan"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// legends are the words of the golden charts in English and French, as
// bot's catalogue words them: values, target (%s: its number), guide,
// band, today, deadline, and the names of the networks; dates and numbers
// are written as bot writes them, here by hand.
var legends = map[string]plan.ChartText{
	"en": {Values: "Results", Target: "Target (%s)", Guide: "Straight line to the target", Band: "Range (3 to 5)",
		Today: "Today", Deadline: "Deadline: %s",
		Networks: map[plan.Network]string{plan.NetworkInstagram: "Instagram", plan.NetworkFacebook: "Facebook", plan.NetworkX: "X"},
		Date:     func(d time.Time) string { return d.Format("Jan 2") },
		Number:   func(f float64) string { return groupThousands(strconv.FormatFloat(f, 'f', -1, 64), ",", ".") }},
	"fr": {Values: "Résultats", Target: "Cible (%s)", Guide: "Ligne droite vers la cible", Band: "Fourchette (3 à 5)",
		Today: "Aujourd'hui", Deadline: "Échéance\u202f: %s",
		Networks: map[plan.Network]string{plan.NetworkInstagram: "Instagram", plan.NetworkFacebook: "Facebook", plan.NetworkX: "X"},
		Date:     frDate,
		Number:   func(f float64) string { return groupThousands(strconv.FormatFloat(f, 'f', -1, 64), "\u202f", ",") }},
}

// frDate writes "2 févr.", "1er mars".
func frDate(d time.Time) string {
	months := []string{"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."}
	if d.Day() == 1 {
		return "1er " + months[d.Month()-1]
	}
	return strconv.Itoa(d.Day()) + " " + months[d.Month()-1]
}

// groupThousands groups the digits of a formatted number by three with
// group, and writes its decimal point as mark.
func groupThousands(s, group, mark string) string {
	neg := strings.HasPrefix(s, "-")
	whole, frac, _ := strings.Cut(strings.TrimPrefix(s, "-"), ".")
	var b strings.Builder
	if neg {
		b.WriteString("-")
	}
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(group)
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteString(mark + frac)
	}
	return b.String()
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

// draw draws k with the words of lang.
func draw(k plan.KPIStatus, lang string) ([]byte, error) {
	w := legends[lang]
	w.Target = fmt.Sprintf(w.Target, w.Number(k.Goal.Target))
	w.Deadline = fmt.Sprintf(w.Deadline, w.Date(k.Goal.Deadline))
	return chart.Renderer{}.KPIChart(k, w)
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

// TestKPIChart_Reads checks what issue 15 asked of the charts on their
// pixels: drawn at twice the screen's resolution for Slack's thumbnails; a
// "today" marker; an x axis that ends a little past today instead of at a
// deadline four months away, so the results fill the plot and do not sit
// in its left 6 %.
func TestKPIChart_Reads(t *testing.T) {
	data, err := draw(chartKPIs()["kpi_up"], "en")
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	if b.Dx() < 1200 || b.Dy() < 650 {
		t.Errorf("chart %dx%d, want 2x (at least 1200x650)", b.Dx(), b.Dy())
	}
	is := func(p image.Point, c color.RGBA) bool {
		r, g, bl, _ := img.At(p.X, p.Y).RGBA()
		return r>>8 == uint32(c.R) && g>>8 == uint32(c.G) && bl>>8 == uint32(c.B)
	}
	today := color.RGBA{R: 0x44, G: 0x44, B: 0x44} // todayColor
	value := color.RGBA{R: 0x1d, G: 0x35, B: 0x57} // valueColor
	todayX, valueRight := -1, -1
	for x := b.Min.X; x < b.Max.X; x++ {
		n := 0
		for y := b.Min.Y; y < b.Max.Y; y++ {
			if is(image.Pt(x, y), today) {
				n++
			}
			if is(image.Pt(x, y), value) && x < b.Dx()*7/10 { // the legend's swatch is right of 70 %
				valueRight = x
			}
		}
		if n > b.Dy()/2 && todayX < 0 {
			todayX = x
		}
	}
	if todayX < 0 {
		t.Fatal("no today marker: no column of its colour across the plot")
	}
	// Data from 9 to 27 November, today the 30th, the deadline 31 March:
	// the last point is close to today, both in the right part.
	if valueRight < b.Dx()*4/10 || todayX-valueRight > b.Dx()/10 {
		t.Errorf("results end at x=%d, today at x=%d of %d: the axis does not end near today", valueRight, todayX, b.Dx())
	}
}

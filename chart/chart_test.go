package chart_test

import (
	"bytes"
	"flag"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/planbot/planbot/chart"
	"github.com/planbot/planbot/plan"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// legends are the legends of the golden charts in English and French, as
// bot's catalogue words them for a target of 480 or 1.
var legends = map[string]map[float64][3]string{
	"en": {
		480: {"Results", "Target (480)", "Straight line to the target"},
		1:   {"Results", "Target (1)", "Straight line to the target"},
	},
	"fr": {
		480: {"Résultats", "Cible (480)", "Ligne droite vers la cible"},
		1:   {"Résultats", "Cible (1)", "Ligne droite vers la cible"},
	},
}

// chartKPIs are the KPIs of the chart golden files: one rising with three
// values, one falling with none.
func chartKPIs() map[string]plan.KPI {
	now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	up := &plan.Goal{ID: 7, PlanID: 1, Kind: plan.GoalLeads, Title: "Grow signups", Metric: "newsletter signups <!channel>",
		Baseline: 120, Target: 480, Unit: "signups", Deadline: time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC),
		CreatedAt: time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)}
	obs := []*plan.Observation{
		{Metric: up.Metric, Network: plan.NetworkInstagram, Value: 150, Date: time.Date(2026, 11, 9, 0, 0, 0, 0, time.UTC)},
		{Metric: up.Metric, Network: plan.NetworkInstagram, Value: 190, Date: time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)},
		{Metric: up.Metric, Network: plan.NetworkLinkedIn, Value: 20, Date: time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)},
	}
	down := &plan.Goal{ID: 1, Metric: "reply time", Unit: "h", Baseline: 6, Target: 1,
		Deadline: time.Date(2027, 1, 31, 0, 0, 0, 0, time.UTC), CreatedAt: now}
	today := plan.Today(now, time.UTC)
	return map[string]plan.KPI{
		"kpi_up":   plan.ComputeKPI(up, nil, obs, today, time.UTC),
		"kpi_down": plan.ComputeKPI(down, nil, nil, today, time.UTC),
	}
}

// TestKPIChart_Golden compares the charts, pixel by pixel, with golden
// files first drawn by bot's kpiChartPNG before the drawing moved here
// (commit "bot: pin the KPI chart pixels in golden PNG files"): the move
// changed no pixel. go test ./chart -update rewrites them.
func TestKPIChart_Golden(t *testing.T) {
	for name, k := range chartKPIs() {
		for _, lang := range []string{"en", "fr"} {
			t.Run(name+"_"+lang, func(t *testing.T) {
				l := legends[lang][k.Goal.Target]
				got, err := chart.Renderer{}.KPIChart(k, l[0], l[1], l[2])
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
	data, err := chart.Renderer{}.KPIChart(chartKPIs()["kpi_up"], "Results", "Target (480)", "Straight line to the target")
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

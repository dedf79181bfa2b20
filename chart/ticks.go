package chart

import (
	"math"
	"strings"
	"time"

	"gonum.org/v1/plot"
)

// dateTicks marks the x axis at calendar steps a reader counts in (days,
// weeks from a Monday, months from the 1st), about five of them, each
// labelled with date: "Feb 2", "2 févr.".
type dateTicks struct {
	date func(time.Time) string
}

// tickSteps are the steps dateTicks chooses from, in days; 30 and more
// mean months (30, 60, 91: one, two, three).
var tickSteps = []int{1, 2, 7, 14, 30, 61, 91, 182, 365}

// Ticks returns the ticks between min and max, Unix seconds.
func (t dateTicks) Ticks(lo, hi float64) []plot.Tick {
	from, to := time.Unix(int64(lo), 0).UTC(), time.Unix(int64(hi), 0).UTC()
	days := to.Sub(from).Hours() / 24
	step := tickSteps[len(tickSteps)-1]
	for _, s := range tickSteps {
		if days/float64(s) <= 6 {
			step = s
			break
		}
	}
	d := time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, time.UTC)
	if d.Before(from) {
		d = d.AddDate(0, 0, 1)
	}
	next := func(d time.Time) time.Time { return d.AddDate(0, 0, step) }
	switch {
	case step >= 30:
		months := step / 30
		if d.Day() != 1 {
			d = time.Date(d.Year(), d.Month()+1, 1, 0, 0, 0, 0, time.UTC)
		}
		for (int(d.Month())-1)%months != 0 {
			d = d.AddDate(0, 1, 0)
		}
		next = func(d time.Time) time.Time { return d.AddDate(0, months, 0) }
	case step >= 7:
		for d.Weekday() != time.Monday {
			d = d.AddDate(0, 0, 1)
		}
	}
	var ticks []plot.Tick
	for ; !d.After(to); d = next(d) {
		ticks = append(ticks, plot.Tick{Value: float64(d.Unix()), Label: glyphSafe(t.date(d))})
	}
	return ticks
}

// numberTicks marks the y axis at round values and labels every mark
// with number: thousands separators, a decimal comma in French, as in the
// legend.
type numberTicks struct {
	number func(float64) string
}

// Ticks returns five or so ticks between lo and hi, at round steps (1, 2,
// 2.5 or 5 times a power of ten), every one labelled.
func (t numberTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) {
		return []plot.Tick{{Value: lo, Label: glyphSafe(t.number(lo))}}
	}
	raw := (hi - lo) / 5
	pow := math.Pow(10, math.Floor(math.Log10(raw)))
	step := 10 * pow
	for _, m := range []float64{1, 2, 2.5, 5} {
		if m*pow >= raw {
			step = m * pow
			break
		}
	}
	var out []plot.Tick
	for v := math.Ceil(lo/step) * step; v <= hi+step*1e-9; v += step {
		r := math.Round(v/step) * step // no 0.30000000000000004
		if math.Abs(r) < step*1e-9 {
			r = 0
		}
		out = append(out, plot.Tick{Value: r, Label: glyphSafe(t.number(r))})
	}
	return out
}

// glyphSafe replaces the narrow no-break space French puts in numbers,
// which the chart's font lacks, with a no-break space, which it has.
func glyphSafe(s string) string { return strings.ReplaceAll(s, "\u202f", "\u00a0") }

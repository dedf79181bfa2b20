package main

import (
	"fmt"
	"io"
	"maps"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The report of the reminder benchmark.

// remReport writes the report of the reminder benchmark: one result per
// subject, in the order they ran, and the storage floor if measured.
func remReport(w io.Writer, o remOptions, layout remPlan, args []string, results []*remResult, floor *remResult, started time.Time, took time.Duration, load string) {
	pf := func(format string, a ...any) { fmt.Fprintf(w, format, a...) }
	perChannel := o.N / o.Channels
	limit := o.Limit
	if limit <= 0 {
		limit = time.Second // planbot's own pacing
	}
	fl := summarize(layout.floorLateness(limit))

	pf("## Reminder lateness run\n\n")
	pf("- date: %s; run took %s\n", started.UTC().Format("2006-01-02 15:04 MST"), took.Round(time.Second))
	pf("- machine: %s; %s; 1-minute load average %s (the machine is shared)\n", machine(), runtime.Version(), load)
	pf("- command: `go run ./cmd/planbench %s`\n", strings.Join(args[1:], " "))
	pf("- load: %d one-shot reminders (the overdue reminders of %d engagement items, created with the storage package) due at the same instant across %d plans, one channel each (%d per channel), created in %s order; fakeslack answers a chat.postMessage to a channel less than %v after its last accepted one with HTTP 429 and Retry-After (no bursts: stricter than Slack); planbot (`planbot run`, its defaults: polls every %v) started %v before the due time, its replicas one after the other; bounded by %v after it\n",
		o.N, o.N, o.Channels, perChannel, o.Order, o.Limit, schedulerInterval, o.StartBefore, o.Timeout)
	pf("- subjects, one after the other, each on a fresh database: %s\n\n", strings.Join(o.Subjects, ", "))
	for _, r := range results {
		if r.Err != "" {
			pf("- **%s: %s**\n\n", r.Name, r.Err)
		}
	}

	pf("### Ratios\n\n")
	pf("The floor: under one post per %v per channel, the k-th reminder of a channel (from 0) cannot go out earlier than k × %v after the due time, so with %d per channel the last cannot be earlier than %v late; the floor's p50 / p99 / max over the %d reminders is %s / %s / %s. planbot also polls every %v: the first tick after the due time comes 0 to %v after it (here about %v).\n\n",
		limit, limit, perChannel, fl.Max, o.N, ms(fl.P50), ms(fl.P99), ms(fl.Max), schedulerInterval, schedulerInterval, schedulerInterval-o.StartBefore%schedulerInterval)
	pf("| lateness | floor |")
	for i, r := range results {
		pf(" %s | %s/floor |", r.Name, r.Name)
		if i > 0 {
			pf(" %s / %s |", r.Name, results[0].Name)
		}
	}
	if floor != nil {
		pf(" storage floor (no Slack, no pacing) | %s/storage floor |", results[0].Name)
	}
	pf("\n|---|---:|")
	for i := range results {
		pf("---:|---:|")
		if i > 0 {
			pf("---:|")
		}
	}
	if floor != nil {
		pf("---:|---:|")
	}
	pf("\n")
	got := make([]dist, len(results))
	for i, r := range results {
		got[i] = summarize(r.lateness(o.N))
	}
	var fs dist
	if floor != nil {
		fs = summarize(floor.lateness(o.N))
	}
	row := func(name string, pick func(dist) time.Duration) {
		pf("| %s | %s |", name, ms(pick(fl)))
		for i := range results {
			pf(" %s | %s |", ms(pick(got[i])), dratio(pick(got[i]), pick(fl)))
			if i > 0 {
				pf(" %s |", dratio(pick(got[i]), pick(got[0])))
			}
		}
		if floor != nil && len(results) > 0 {
			pf(" %s | %s |", ms(pick(fs)), dratio(pick(got[0]), pick(fs)))
		}
		pf("\n")
	}
	row("p50", func(d dist) time.Duration { return d.P50 })
	row("p99", func(d dist) time.Duration { return d.P99 })
	row("max (the last post)", func(d dist) time.Duration { return d.Max })
	pf("\n")

	pf("### Absolute figures\n\n")
	pf("| run | posted | lateness p50 / p99 / max | first post | posts/s (due to last post) | HTTP 429 | duplicates | other posts | deliveries by state | CPU s | peak RSS | harness CPU s |\n")
	pf("|---|---:|---|---:|---:|---:|---:|---:|---|---:|---:|---:|\n")
	for _, r := range append(slices.Clone(results), floor) {
		if r == nil {
			continue
		}
		d := summarize(r.lateness(o.N))
		f, l := r.span()
		rate := "–"
		if !l.IsZero() && l.After(r.Due) {
			rate = fmt.Sprintf("%.0f", float64(len(r.Posted))/l.Sub(r.Due).Seconds())
		}
		firstLate := "–"
		if !f.IsZero() {
			firstLate = ms(f.Sub(r.Due))
		}
		cpu, peak, harness := fmt.Sprintf("%.2f", r.CPU.Seconds()), fmt.Sprintf("%.1f MiB", mib(r.Peak)), fmt.Sprintf("%.2f", r.Harness.Seconds())
		if r == floor {
			// In process: planbench's CPU over the drain is the floor's.
			cpu, peak, harness = fmt.Sprintf("%.2f", r.Harness.Seconds()), "–", "–"
		}
		pf("| %s | %d / %d | %s / %s / %s | %s | %s | %d | %d | %d | %s | %s | %s | %s |\n",
			r.Name, len(r.Posted), o.N, ms(d.P50), ms(d.P99), ms(d.Max), firstLate, rate, r.Limited, r.Dups, r.Other,
			statesText(r.States), cpu, peak, harness)
	}
	pf("\n")
	for _, res := range results {
		first, last := res.span()
		if !first.IsZero() {
			pf("- %s: started %s before the due time, %d process(es) connected in %s; first post %s after the due time, last %s after; CPU %.2f s in all (start-up included), peak RSS %.1f MiB (summed over the processes)\n",
				res.Name, ms(res.Due.Sub(res.StartedAt)), max(1, res.Replicas), ms(res.Startup), ms(first.Sub(res.Due)), ms(last.Sub(res.Due)), res.CPU.Seconds(), mib(res.Peak))
			pf("- %s: posts per 10 s after the due time: %s\n", res.Name, timeline(res, 10*time.Second))
		}
		if len(res.LogCounts) > 0 {
			var parts []string
			for _, k := range slices.Sorted(maps.Keys(res.LogCounts)) {
				parts = append(parts, fmt.Sprintf("%q %d", k, res.LogCounts[k]))
			}
			pf("- %s's logs: %s\n", res.Name, strings.Join(parts, ", "))
		}
	}
	if floor != nil && floor.Err != "" {
		pf("- **storage floor: %s**\n", floor.Err)
	}
	if floor != nil {
		pf("- storage floor: the same reminders in a fresh file with the production DSN, drained in planbench's process by remind.Scheduler (its defaults) with a notifier that records the time and posts nothing, ticking again as soon as a tick returns: what the scheduler and SQLite cost before any Slack limit or pacing\n")
	}
	pf("\n")
}

func statesText(m map[string]int) string {
	if len(m) == 0 {
		return "–"
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
	}
	return strings.Join(parts, ", ")
}

// timeline counts the first posts in each bucket after the due time.
func timeline(r *remResult, bucket time.Duration) string {
	var counts []int
	for _, at := range r.Posted {
		i := max(0, int(at.Sub(r.Due)/bucket))
		for len(counts) <= i {
			counts = append(counts, 0)
		}
		counts[i]++
	}
	parts := make([]string, len(counts))
	for i, n := range counts {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, ", ")
}

package main

import (
	"fmt"
	"io"
	"math"
	"runtime"
	"sort"
	"strings"
	"time"
)

func ms(d time.Duration) string {
	switch {
	case d == math.MaxInt64:
		return "lost"
	case d < 0:
		return "–"
	case d < 10*time.Millisecond:
		return fmt.Sprintf("%.2f ms", float64(d)/1e6)
	case d < time.Second:
		return fmt.Sprintf("%.1f ms", float64(d)/1e6)
	default:
		return fmt.Sprintf("%.2f s", d.Seconds())
	}
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }

func ratio(a, b float64) string {
	if b == 0 || math.IsInf(a, 0) || math.IsInf(b, 0) || a == math.MaxInt64 || b == math.MaxInt64 {
		return "n/a"
	}
	return fmt.Sprintf("%.2fx", a/b)
}

func dratio(a, b time.Duration) string {
	if a <= 0 || b <= 0 || a == math.MaxInt64 || b == math.MaxInt64 {
		return "n/a"
	}
	return ratio(float64(a), float64(b))
}

// stepAt returns the subject's step at rate, if any.
func (r *result) stepAt(rate float64) (step, bool) {
	if r == nil {
		return step{}, false
	}
	for _, st := range r.Steps {
		if st.Rate == rate {
			return st, true
		}
	}
	return step{}, false
}

// knee describes where ack p99 passed 100 ms.
func (r *result) knee(o options) string {
	base := r.Steps
	if r.KneeBase != nil {
		base = r.KneeBase
	}
	all := append(append([]step(nil), base...), r.Knee...)
	sort.Slice(all, func(i, j int) bool { return all[i].Rate < all[j].Rate })
	below, above := 0.0, 0.0
	for _, st := range all {
		if passed(st) {
			if above == 0 {
				above = st.Rate
			}
		} else if above == 0 {
			below = st.Rate
		}
	}
	switch {
	case above == 0 && below == 0:
		return "not measured"
	case above == 0:
		return fmt.Sprintf("not reached: p99 ≤ 100 ms up to %.0f env/s (the highest tried)", below)
	case below == 0:
		return fmt.Sprintf("below %.0f env/s (the lowest tried)", above)
	default:
		return fmt.Sprintf("between %.0f and %.0f env/s", below, above)
	}
}

func report(w io.Writer, o options, args []string, results []*result, started time.Time, took time.Duration, load string) {
	by := map[string]*result{}
	for _, r := range results {
		by[r.Name] = r
	}
	p, bare, bolt := by["planbot"], by["bare"], by["bolt"]
	pf := func(format string, a ...any) { fmt.Fprintf(w, format, a...) }

	pf("## Run\n\n")
	pf("- date: %s; run took %s\n", started.UTC().Format("2006-01-02 15:04 MST"), took.Round(time.Second))
	pf("- machine: %s; %s; 1-minute load average %s (the machine is shared)\n", machine(), runtime.Version(), load)
	pf("- command: `go run ./cmd/planbench %s`\n", strings.Join(args[1:], " "))
	pf("- load: open loop; a flow is one user's `/plan goals` then a valid goal submission (2 envelopes), each flow with its own user and channel; %s per rate step; subjects one after the other against one fakeslack, %d round(s); every envelope bounded by %s\n\n", o.Step, max(1, o.Rounds), flowTimeout)
	for _, r := range results {
		if r.Err != "" {
			pf("- **%s failed**: %s\n", r.Name, r.Err)
		}
	}

	if bare == nil && bolt == nil {
		replicaReport(pf, o, results)
		writeAbsolute(pf, o, results)
		return
	}
	pf("## Ratios (same run, same fakeslack)\n\n")
	pf("| rate env/s | ack p99 commands planbot/bare | ack p99 all planbot/bare | ack p99 all planbot/bolt | views.open p99 planbot/bolt | stored p99 planbot/bolt | CPU planbot/bare | CPU planbot/bolt | peak RSS planbot/bare | peak RSS planbot/bolt |\n")
	pf("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, rate := range o.Rates {
		ps, ok := p.stepAt(rate)
		if !ok {
			continue
		}
		pst := ps.stats()
		row := []string{fmt.Sprintf("%.0f", rate)}
		bs, bok := bare.stepAt(rate)
		js, jok := bolt.stepAt(rate)
		bst, jst := bs.stats(), js.stats()
		cell := func(ok bool, s string) string {
			if !ok {
				return "n/a"
			}
			return s
		}
		row = append(row,
			cell(bok, dratio(pst.Cmd.P99, bst.Cmd.P99)),
			cell(bok, dratio(pst.All.P99, bst.All.P99)),
			cell(jok, dratio(pst.All.P99, jst.All.P99)),
			cell(jok, dratio(pst.Open.P99, jst.Open.P99)),
			cell(jok, dratio(pst.Stored.P99, jst.Stored.P99)),
			cell(bok, dratio(ps.CPU, bs.CPU)),
			cell(jok, dratio(ps.CPU, js.CPU)),
			cell(bok, ratio(float64(ps.Peak), float64(bs.Peak))),
			cell(jok, ratio(float64(ps.Peak), float64(js.Peak))),
		)
		pf("| %s |\n", strings.Join(row, " | "))
	}
	pf("\n| | planbot/bare | planbot/bolt |\n|---|---:|---:|\n")
	if p != nil {
		var bStart, jStart time.Duration
		var bIdle, jIdle int64
		if bare != nil {
			bStart, bIdle = bare.Startup, bare.IdleRSS
		}
		if bolt != nil {
			jStart, jIdle = bolt.Startup, bolt.IdleRSS
		}
		pf("| start-up to connected | %s | %s |\n", dratio(p.Startup, bStart), dratio(p.Startup, jStart))
		pf("| idle RSS | %s | %s |\n\n", ratio(float64(p.IdleRSS), float64(bIdle)), ratio(float64(p.IdleRSS), float64(jIdle)))
	}

	replicaReport(pf, o, results)

	pf("## Targets\n\n")
	if p != nil {
		if ps, ok := p.stepAt(200); ok {
			pst := ps.stats()
			if bs, ok := bare.stepAt(200); ok {
				bst := bs.stats()
				verdict := func(a, b time.Duration) string {
					if a <= b*3/2 {
						return "met"
					}
					return "**missed**"
				}
				pf("- planbot ack p99 within 1.5x bare at 200/s: commands %s vs %s (%s): %s; all envelopes, submissions included (planbot acks a submission after its durable commit, bare at once) %s vs %s (%s): %s\n",
					ms(pst.Cmd.P99), ms(bst.Cmd.P99), dratio(pst.Cmd.P99, bst.Cmd.P99), verdict(pst.Cmd.P99, bst.Cmd.P99),
					ms(pst.All.P99), ms(bst.All.P99), dratio(pst.All.P99, bst.All.P99), verdict(pst.All.P99, bst.All.P99))
			}
			if js, ok := bolt.stepAt(200); ok {
				jst := js.stats()
				v := "met"
				if pst.All.P99 >= jst.All.P99 {
					v = "**missed**"
				}
				pf("- planbot ack p99 better than Bolt's at 200/s: %s vs %s (commands %s vs %s): %s\n", ms(pst.All.P99), ms(jst.All.P99), ms(pst.Cmd.P99), ms(jst.Cmd.P99), v)
			}
		}
		v := "met"
		if p.IdleRSS >= 30<<20 {
			v = "**missed**"
		}
		pf("- planbot idle RSS under 30 MiB: %.1f MiB: %s\n\n", mib(p.IdleRSS), v)
	}

	writeAbsolute(pf, o, results)
}

// writeAbsolute writes the absolute figures of every subject, and the
// failed flows.
func writeAbsolute(pf func(string, ...any), o options, results []*result) {
	pf("## Absolute figures\n\n")
	pf("| subject | start-up to connected | idle RSS | rate where ack p99 passes 100 ms (last round) |\n|---|---:|---:|---|\n")
	for _, r := range results {
		pf("| %s | %s | %.1f MiB | %s |\n", r.Name, ms(r.Startup), mib(r.IdleRSS), r.knee(o))
	}
	pf("\nLatencies p50 / p99 / max. *ack*: fakeslack's send to the ack it read. *open*: command sent to views.open answered. *stored*: submission sent to the goal first seen by a read-only poll of the subject's database (every %s, so up to %s late). *post*: submission sent to chat.postMessage answered. A lost envelope counts as infinitely slow. *CPU*: the subject's user+system time over the step and its drain (/proc/<pid>/stat), summed over its replicas; *DB server CPU*: the same for the local PostgreSQL server of the pgN subjects, its exited backends included; *harness*: planbench's own, fakeslack included, on the same %d CPUs. *peak*: the subject's VmHWM during the step (reset before it through clear_refs), summed over its replicas. *lag*: how late the harness started the latest flow. *load*: the machine's 1-minute load average after the step: above 2 on these 2 CPUs, other work was competing.\n\n", pollInterval, pollInterval, nproc())
	pf("| subject | env/s | flows | ack commands | ack submissions | open | stored | post | lost | CPU s | CPU ms per 1k env | DB server CPU s | peak RSS | harness CPU s | lag | reconnects | load |\n")
	pf("|---|---:|---:|---|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, r := range results {
		for i, st := range append(append([]step(nil), r.Steps...), r.Knee...) {
			name := r.Name
			if i >= len(r.Steps) {
				name += " (knee)"
			}
			s := st.stats()
			env := 2 * len(st.Flows)
			lost := s.Cmd.Lost + s.Sub.Lost
			dbCPU := "–"
			if st.DBCPU >= 0 {
				dbCPU = fmt.Sprintf("%.2f", st.DBCPU.Seconds())
			}
			pf("| %s | %.0f | %d | %s | %s | %s | %s | %s | %d | %.2f | %.1f | %s | %.1f MiB | %.2f | %s | %d | %s |\n",
				name, st.Rate, len(st.Flows), tri(s.Cmd), tri(s.Sub), duo(s.Open, r), duo(s.Stored, r), duo(s.Post, r),
				lost, st.CPU.Seconds(), 1000*st.CPU.Seconds()*1000/float64(env), dbCPU, mib(st.Peak), st.Harness.Seconds(), ms(s.MaxLag), st.Reconn, st.Load)
		}
	}
	for _, r := range results {
		for i, p99s := range r.RoundP99 {
			var parts []string
			for _, d := range p99s {
				parts = append(parts, ms(d))
			}
			if i < len(r.Steps) {
				pf("\n- %s at %.0f env/s: ack p99 of each round %s (the median round is shown)", r.Name, r.Steps[i].Rate, strings.Join(parts, ", "))
			}
		}
	}
	pf("\n")
	var errs []string
	for _, r := range results {
		for _, st := range append(append([]step(nil), r.Steps...), r.Knee...) {
			for e, n := range st.stats().Errors {
				errs = append(errs, fmt.Sprintf("- %s at %.0f env/s: %d × %s", r.Name, st.Rate, n, e))
			}
		}
	}
	if len(errs) > 0 {
		pf("\nFailed flows:\n\n%s\n", strings.Join(errs, "\n"))
	}
}

func tri(d dist) string {
	if d.N == 0 {
		return "–"
	}
	return fmt.Sprintf("%s / %s / %s", ms(d.P50), ms(d.P99), ms(d.Max))
}

func duo(d dist, r *result) string {
	if d.N == 0 || (r.Name == "bare") {
		return "–"
	}
	return fmt.Sprintf("%s / %s", ms(d.P50), ms(d.P99))
}

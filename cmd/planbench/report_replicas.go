package main

import (
	"fmt"
	"strings"
)

// replicaReport writes, when pgN subjects ran, how they compare with
// planbot on SQLite at each rate, in the same run: ack p99, time to
// stored, and CPU, planbot's replicas and the PostgreSQL server together.
func replicaReport(pf func(string, ...any), o options, results []*result) {
	var base *result
	var pgs []*result
	for _, r := range results {
		switch {
		case r.Name == "planbot":
			base = r
		case strings.HasPrefix(r.Name, "pg"):
			pgs = append(pgs, r)
		}
	}
	if len(pgs) == 0 {
		return
	}
	pf("## Replicas on PostgreSQL against one process on SQLite (same run, same fakeslack)\n\n")
	pf("pgN is N planbot processes on one PostgreSQL database, each with its own socket: fakeslack spreads the envelopes across them. planbot is one process on a SQLite file. All share the machine's %d CPUs with the harness, fakeslack and the PostgreSQL server.\n\n", nproc())
	head := []string{"rate env/s"}
	for _, r := range pgs {
		head = append(head, "ack p99 all "+r.Name, "stored p99 "+r.Name)
	}
	if base != nil {
		head = append(head, "ack p99 all planbot (SQLite)", "stored p99 planbot (SQLite)")
		for _, r := range pgs {
			head = append(head, "ack p99 "+r.Name+"/SQLite", "CPU "+r.Name+"+DB / SQLite")
		}
	}
	pf("| %s |\n|%s\n", strings.Join(head, " | "), strings.Repeat("---:|", len(head)))
	for _, rate := range o.Rates {
		row := []string{fmt.Sprintf("%.0f", rate)}
		for _, r := range pgs {
			st, ok := r.stepAt(rate)
			if !ok {
				row = append(row, "–", "–")
				continue
			}
			s := st.stats()
			row = append(row, ms(s.All.P99), ms(s.Stored.P99))
		}
		if base != nil {
			bs, bok := base.stepAt(rate)
			bst := bs.stats()
			if bok {
				row = append(row, ms(bst.All.P99), ms(bst.Stored.P99))
			} else {
				row = append(row, "–", "–")
			}
			for _, r := range pgs {
				st, ok := r.stepAt(rate)
				if !ok || !bok {
					row = append(row, "n/a", "n/a")
					continue
				}
				cpu := st.CPU
				if st.DBCPU > 0 {
					cpu += st.DBCPU
				}
				row = append(row, dratio(st.stats().All.P99, bst.All.P99), dratio(cpu, bs.CPU))
			}
		}
		pf("| %s |\n", strings.Join(row, " | "))
	}
	pf("\nRate where ack p99 passes 100 ms (the knee, last round):")
	if base != nil {
		pf(" planbot (SQLite) %s;", base.knee(o))
	}
	for i, r := range pgs {
		sep := ";"
		if i == len(pgs)-1 {
			sep = "."
		}
		pf(" %s %s%s", r.Name, r.knee(o), sep)
	}
	pf("\n\n")
}

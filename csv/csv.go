// Package csv writes a plan's observations as CSV, the file of
// /plan export csv, for spreadsheets. Like markdown, it is an adapter: the
// domain holds the observations, this package the format. Reading a CSV
// paste stays in plan (plan.ParseObservationsCSV), since it validates what
// users type.
package csv

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/planbot/planbot/plan"
)

// ObservationColumns are the columns of an export of observations: the
// four of a paste first (plan.CSVColumns), so an export can be pasted
// back, then the rest.
var ObservationColumns = []string{"date", "metric", "network", "value", "period_end", "source", "link", "outlet", "mention_kind", "created_by", "created_at"}

// Safe guards a text cell against formula injection: a spreadsheet runs
// a cell that starts with =, +, -, @ (or a tab or carriage return, which
// some strip first) as a formula, so such a cell gets a leading single
// quote, which makes it text.
func Safe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// WriteObservations writes obs as CSV (RFC 4180: quoted where needed,
// CRLF line ends) under a header of ObservationColumns. Text cells go
// through Safe; numbers and dates are written by the program and stay
// as they are, so that a negative value is still a number.
func WriteObservations(w io.Writer, obs []*plan.Observation) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(ObservationColumns); err != nil {
		return err
	}
	for _, o := range obs {
		end := ""
		if !o.End.IsZero() {
			end = o.End.Format(time.DateOnly)
		}
		rec := []string{
			o.Date.Format(time.DateOnly), Safe(o.Metric), string(o.Network), strconv.FormatFloat(o.Value, 'f', -1, 64),
			end, Safe(o.Source), Safe(o.Link), Safe(o.Outlet), string(o.Mention), Safe(o.CreatedBy),
			o.CreatedAt.UTC().Format(time.RFC3339),
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

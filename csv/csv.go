// Package csv writes a plan's observations as CSV, the file of
// /plan export csv, for spreadsheets. Like markdown, it is an adapter: the
// domain holds the observations, this package the format. Reading a CSV
// paste stays in plan (plan.ReadObservationsCSV), since it validates what
// users type; a file written here pastes back there.
package csv

import (
	"encoding/csv"
	"io"
	"strings"
	"time"

	"github.com/planbot/planbot/plan"
)

// ObservationColumns are the columns of an export of observations: the
// four of a paste first (plan.CSVColumns), then the rest, as
// plan.CSVExportColumns names them so that an export pastes back.
var ObservationColumns = plan.CSVExportColumns

// Safe guards a text cell against formula injection: a spreadsheet runs
// a cell that starts with =, +, -, @ (or a tab or carriage return, which
// some strip first) as a formula, so such a cell gets a leading single
// quote, which makes it text. A paste takes the quote off again.
func Safe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// WriteObservations writes obs as CSV in the dialect d of a spreadsheet
// in the plan's language (plan.CSVDialect: a byte order mark, then a comma
// and decimal points in English, a semicolon and decimal commas in
// French; quoted where needed and CRLF line ends, as RFC 4180) under a
// header of ObservationColumns. Text cells go through Safe; numbers and
// dates are written by the program and stay as they are, so that a
// negative value is still a number.
func WriteObservations(w io.Writer, obs []*plan.Observation, d plan.CSVDialect) error {
	if _, err := io.WriteString(w, plan.CSVBOM); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	d.Configure(cw)
	if err := cw.Write(ObservationColumns); err != nil {
		return err
	}
	for _, o := range obs {
		end := ""
		if !o.End.IsZero() {
			end = o.End.Format(time.DateOnly)
		}
		rec := []string{
			o.Date.Format(time.DateOnly), Safe(o.Metric), string(o.Network), d.FormatNumber(o.Value),
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

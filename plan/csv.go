package plan

import (
	"cmp"
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
)

// CSVColumns are the columns of pasted observations, in order. A first
// row whose first cell reads "date" is a header and is skipped.
var CSVColumns = []string{"date", "metric", "network", "value"}

// networkAliases are other names of the catalogue's networks, as people
// write them in spreadsheets.
var networkAliases = map[string]Network{
	"twitter": NetworkX, "x(twitter)": NetworkX, "fb": NetworkFacebook, "ig": NetworkInstagram,
	"insta": NetworkInstagram, "yt": NetworkYouTube, "linked-in": NetworkLinkedIn,
}

// ParseNetwork reads a network as typed: its catalogue name in any case
// ("Instagram"), or a common alias ("Twitter" is x). An empty cell is no
// network. ok is false for anything else.
func ParseNetwork(s string) (Network, bool) {
	key := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
	if key == "" {
		return "", true
	}
	if n := Network(key); n.Valid() {
		return n, true
	}
	n, ok := networkAliases[key]
	return n, ok
}

// ParseDateOrPeriod reads a day ("2026-03-31") or a period of days
// ("2026-03-01/2026-03-31" or "2026-03-01..2026-03-31"). end is zero for a
// single day.
func ParseDateOrPeriod(s string) (start, end time.Time, ok bool) {
	s = strings.TrimSpace(s)
	from, to, period := strings.Cut(s, "/")
	if !period {
		from, to, period = strings.Cut(s, "..")
	}
	start, err := time.Parse(time.DateOnly, strings.TrimSpace(from))
	if err != nil {
		return time.Time{}, time.Time{}, false
	}
	if !period {
		return start, time.Time{}, true
	}
	end, err = time.Parse(time.DateOnly, strings.TrimSpace(to))
	if err != nil {
		return time.Time{}, time.Time{}, false
	}
	return start, end, true
}

// ParseObservationsCSV reads observations pasted as CSV, as
// ReadObservationsCSV does with NumberNeutral, and reports every number it
// cannot read under the one key csv.value.
//
// Deprecated: use ReadObservationsCSV with the reader's locale, which says
// why a number is refused and how the value column was read.
func ParseObservationsCSV(text string, metrics []*Metric, today time.Time) ([]*Observation, []int, RowErrors) {
	res, re := ReadObservationsCSV(text, metrics, today, NumberNeutral)
	for i := range re {
		if re[i].Field == "value" && strings.HasPrefix(re[i].Key, "number.") {
			re[i].Key = "csv.value"
		}
	}
	if len(re) > 0 {
		return nil, nil, re
	}
	return res.Observations, res.Rows, nil
}

// CSVObservations are the observations read from a paste, with how their
// values were read.
type CSVObservations struct {
	Observations []*Observation
	Rows         []int // the line of each observation
	// Values is the value column read as numbers; Values.SummaryKey says
	// how ("read with decimal commas") for the confirmation.
	Values NumberColumn
}

// ReadObservationsCSV reads observations pasted as CSV, one a line:
// date,metric,network,value (RFC 4180 quoting; a semicolon or a tab may
// separate the cells instead, as spreadsheets in French export them). The
// date may be a period (see ParseDateOrPeriod) and the network empty. The
// value column is read as a whole (see DetectNumberColumn) in the
// convention loc of the person pasting. Each observation is checked as
// ValidateObservations does, against the plan's metrics at today. It
// returns the observations with their line numbers, or the errors of every
// bad line: a paste with any error must be stored not at all. A value
// that cannot be read has Field "value" and a key of ParseNumberLocale's,
// number.contradicts (see CellProblem), or csv.value for an empty cell;
// an ambiguous one carries both readings.
func ReadObservationsCSV(text string, metrics []*Metric, today time.Time, loc NumberLocale) (CSVObservations, RowErrors) {
	var res CSVObservations
	text = strings.TrimPrefix(text, "\ufeff")
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = csvDelimiter(text)
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true

	type record struct {
		cells []string
		line  int
	}
	var (
		recs []record
		re   RowErrors
	)
	first := true
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			line := 0
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			return res, append(re, RowError{Row: line, Field: "csv", Key: "csv.syntax"})
		}
		line, _ := r.FieldPos(0)
		if first {
			first = false
			if strings.EqualFold(strings.TrimSpace(rec[0]), CSVColumns[0]) {
				continue // the header
			}
		}
		if len(rec) != len(CSVColumns) {
			re = append(re, RowError{Row: line, Field: "columns", Key: "csv.columns", Value: strconv.Itoa(len(rec))})
			continue
		}
		if len(recs) == MaxObservationsBatch {
			return res, RowErrors{{Row: line, Field: "rows", Key: "observation.batch.too_many", Value: strconv.Itoa(MaxObservationsBatch)}}
		}
		recs = append(recs, record{cells: rec, line: line})
	}
	if len(re) == 0 && len(recs) == 0 {
		return res, RowErrors{{Row: 1, Field: "csv", Key: "csv.empty"}}
	}

	values := make([]string, len(recs))
	for i, rec := range recs {
		values[i] = rec.cells[3]
	}
	res.Values = DetectNumberColumn(values, loc)
	bad := make([]RowErrors, len(recs))
	for _, p := range res.Values.Problems {
		bad[p.Index] = append(bad[p.Index], RowError{Row: recs[p.Index].line, Field: "value", Key: p.Key, Value: p.Text, Grouped: p.Grouped, Decimal: p.Decimal})
	}
	for i, rec := range recs {
		o, errs := parseCSVRecord(rec.cells, rec.line)
		if res.Values.Cells[i].Empty {
			errs = append(errs, RowError{Row: rec.line, Field: "value", Key: "csv.value", Value: rec.cells[3]})
		}
		errs = append(errs, bad[i]...)
		if len(errs) > 0 {
			re = append(re, errs...)
			continue
		}
		o.Value = res.Values.Cells[i].Value
		res.Observations, res.Rows = append(res.Observations, o), append(res.Rows, rec.line)
	}
	re = append(re, ValidateObservations(res.Observations, res.Rows, metrics, today)...)
	if len(re) > 0 {
		sortRowErrors(re)
		return CSVObservations{Values: res.Values}, re
	}
	return res, nil
}

// parseCSVRecord turns the date, metric and network of a record of four
// cells into an observation, or says what is wrong with them. The value is
// read with its column.
func parseCSVRecord(rec []string, line int) (*Observation, RowErrors) {
	var re RowErrors
	o := &Observation{Metric: strings.TrimSpace(rec[1])}
	var ok bool
	if o.Date, o.End, ok = ParseDateOrPeriod(rec[0]); !ok {
		re = append(re, RowError{Row: line, Field: "date", Key: "csv.date", Value: rec[0]})
	}
	if o.Network, ok = ParseNetwork(rec[2]); !ok {
		re = append(re, RowError{Row: line, Field: "network", Key: "csv.network", Value: rec[2]})
	}
	o.Normalize()
	return o, re
}

// csvDelimiter guesses the separator from the first line: a semicolon or
// a tab when the line has more of them than commas.
func csvDelimiter(text string) rune {
	line, _, _ := strings.Cut(text, "\n")
	commas := strings.Count(line, ",")
	switch {
	case strings.Count(line, ";") > commas:
		return ';'
	case strings.Count(line, "\t") > commas:
		return '\t'
	}
	return ','
}

// sortRowErrors orders errors by row, keeping the order within a row.
func sortRowErrors(re RowErrors) {
	slices.SortStableFunc(re, func(a, b RowError) int { return cmp.Compare(a.Row, b.Row) })
}

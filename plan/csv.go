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

// Limits of a paste, checked before it is parsed: a paste of 100,000 bad
// lines costs no more than a refusal.
const (
	MaxCSVPasteBytes = 256 << 10 // far above the rows a batch stores
	maxCSVRowErrors  = 100       // the errors of a paste reported at most
)

// CSVExportColumns are the columns of the results CSV that /plan export
// csv writes: the four of a paste first, then the rest. A paste whose
// header names them is read by name, so an export pastes back.
var CSVExportColumns = []string{"date", "metric", "network", "value", "period_end", "source", "link", "outlet", "mention_kind", "created_by", "created_at"}

// CSVOptions say how to read a paste: the convention of the person
// pasting, and the decimal mark they chose when the value column could be
// read two ways (0: decide from the column, see DetectNumberColumn).
type CSVOptions struct {
	Locale NumberLocale
	Mark   DecimalMark
}

// ReadObservationsCSV reads observations pasted as CSV in the convention
// loc of the person pasting: ReadObservationsCSVWith without a chosen
// decimal mark.
func ReadObservationsCSV(text string, metrics []*Metric, today time.Time, loc NumberLocale) (CSVObservations, RowErrors) {
	return ReadObservationsCSVWith(text, metrics, today, CSVOptions{Locale: loc})
}

// ReadObservationsCSVWith reads observations pasted as CSV, one a line:
// date,metric,network,value (RFC 4180 quoting; a semicolon or a tab may
// separate the cells instead, as spreadsheets in French export them). A
// first line whose first cell is "date" is a header: when it names the
// columns of CSVExportColumns (in any order), the cells are read by name,
// so the results CSV of /plan export pastes back, its period end, source,
// link, outlet and mention kind included; other columns are ignored. The
// date may be a period (see ParseDateOrPeriod) and the network empty. The
// value column is read as a whole (see DetectNumberColumn) in the
// convention opt.Locale, or with the mark opt.Mark when set. Each
// observation is checked as ValidateObservations does, against the plan's
// metrics at today. It returns the observations with their line numbers,
// or the errors of the bad lines (at most maxCSVRowErrors): a paste with
// any error must be stored not at all. A value that cannot be read has
// Field "value" and a key of ParseNumberLocale's, number.contradicts (see
// CellProblem), or csv.value for an empty cell; an ambiguous one carries
// both readings. A paste longer than MaxCSVPasteBytes (csv.too_long) or
// of more lines than a batch stores (observation.batch.too_many) is
// refused before it is parsed.
func ReadObservationsCSVWith(text string, metrics []*Metric, today time.Time, opt CSVOptions) (CSVObservations, RowErrors) {
	var res CSVObservations
	if len(text) > MaxCSVPasteBytes {
		return res, RowErrors{{Row: 1, Field: "csv", Key: "csv.too_long", Value: strconv.Itoa(MaxCSVPasteBytes)}}
	}
	if n := strings.Count(strings.TrimRight(text, "\r\n"), "\n") + 1; n > MaxObservationsBatch+1 {
		return res, RowErrors{{Row: MaxObservationsBatch + 2, Field: "rows", Key: "observation.batch.too_many", Value: strconv.Itoa(MaxObservationsBatch)}}
	}
	text = strings.TrimPrefix(text, "\ufeff")
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = csvDelimiter(text)
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true

	type record struct {
		cells []string // in the order of CSVExportColumns
		line  int
	}
	var (
		recs []record
		re   RowErrors
	)
	cols := pasteColumns
	first := true
	for len(re) < maxCSVRowErrors {
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
			if named, ok := headerColumns(rec); ok || strings.EqualFold(strings.TrimSpace(rec[0]), CSVColumns[0]) {
				cols = named
				continue // the header
			}
		}
		if len(rec) != cols.width {
			key := "csv.columns"
			if cols.width != len(CSVColumns) {
				key = "csv.columns.header" // as many as the header names
			}
			re = append(re, RowError{Row: line, Field: "columns", Key: key, Value: strconv.Itoa(len(rec))})
			continue
		}
		recs = append(recs, record{cells: cols.pick(rec), line: line})
	}
	if len(re) == 0 && len(recs) == 0 {
		return res, RowErrors{{Row: 1, Field: "csv", Key: "csv.empty"}}
	}

	values := make([]string, len(recs))
	for i, rec := range recs {
		values[i] = rec.cells[3]
	}
	if opt.Mark != 0 {
		res.Values = ReadNumberColumn(values, opt.Mark)
	} else {
		res.Values = DetectNumberColumn(values, opt.Locale)
	}
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
		return CSVObservations{Values: res.Values}, re[:min(len(re), maxCSVRowErrors)]
	}
	return res, nil
}

// csvColumns are where the cells of a paste are, by the index of each
// column in a record of width cells; -1 for a column it lacks.
type csvColumns struct {
	date, metric, network, value, end, source, link, outlet, mention int
	width                                                            int
}

// headerColumns reads a header: by the names of CSVExportColumns when it
// names the four of a paste (ok), else as the four of a paste in order.
func headerColumns(header []string) (c csvColumns, ok bool) {
	at := map[string]int{}
	for i, h := range header {
		at[strings.ToLower(strings.TrimSpace(h))] = i
	}
	idx := func(name string) int {
		if i, ok := at[name]; ok {
			return i
		}
		return -1
	}
	c = csvColumns{date: idx("date"), metric: idx("metric"), network: idx("network"), value: idx("value"),
		end: idx("period_end"), source: idx("source"), link: idx("link"), outlet: idx("outlet"), mention: idx("mention_kind"), width: len(header)}
	if c.date < 0 || c.metric < 0 || c.network < 0 || c.value < 0 {
		return pasteColumns, false
	}
	return c, true
}

// pasteColumns are the four columns of a paste, in order.
var pasteColumns = csvColumns{date: 0, metric: 1, network: 2, value: 3, end: -1, source: -1, link: -1, outlet: -1, mention: -1, width: len(CSVColumns)}

// pick returns the cells of rec in the order of CSVExportColumns' first
// nine: date, metric, network, value, period end, source, link, outlet,
// mention kind; "" for a column the paste lacks.
func (c csvColumns) pick(rec []string) []string {
	out := make([]string, 9)
	for i, at := range []int{c.date, c.metric, c.network, c.value, c.end, c.source, c.link, c.outlet, c.mention} {
		if at >= 0 && at < len(rec) {
			out[i] = unsafeCell(rec[at])
		}
	}
	return out
}

// unsafeCell undoes the quote an export puts before a cell a spreadsheet
// would run as a formula ('=1+1 is the text =1+1).
func unsafeCell(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(s[1])) {
		return s[1:]
	}
	return s
}

// parseCSVRecord turns the cells of a record, as csvColumns.pick orders
// them, but its value into an observation, or says what is wrong with
// them. The value is read with its column.
func parseCSVRecord(rec []string, line int) (*Observation, RowErrors) {
	var re RowErrors
	o := &Observation{Metric: strings.TrimSpace(rec[1]), Source: rec[5], Link: rec[6], Outlet: rec[7], Mention: MentionKind(strings.TrimSpace(rec[8]))}
	var ok bool
	if o.Date, o.End, ok = ParseDateOrPeriod(rec[0]); !ok {
		re = append(re, RowError{Row: line, Field: "date", Key: "csv.date", Value: rec[0]})
	}
	if end := strings.TrimSpace(rec[4]); end != "" {
		if d, err := time.Parse(time.DateOnly, end); err == nil && o.End.IsZero() {
			o.End = d
		} else {
			re = append(re, RowError{Row: line, Field: "end", Key: "csv.date", Value: end})
		}
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

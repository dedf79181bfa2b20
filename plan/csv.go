package plan

import (
	"cmp"
	"encoding/csv"
	"errors"
	"io"
	"math"
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

// ParseNumber reads a number typed in English or French: "1,200.5",
// "1 200,5", "1200,5". ok is false when s is empty or not a finite number.
func ParseNumber(s string) (float64, bool) {
	s = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "").Replace(strings.TrimSpace(s))
	if s == "" {
		return 0, false
	}
	if strings.Contains(s, ".") {
		s = strings.ReplaceAll(s, ",", "") // 1,200.5: commas group thousands
	} else {
		s = strings.Replace(s, ",", ".", 1) // 1200,5: a decimal comma
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, false
	}
	return f, true
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

// ParseObservationsCSV reads observations pasted as CSV, one a line:
// date,metric,network,value (RFC 4180 quoting; a semicolon or a tab may
// separate the cells instead, as spreadsheets in French export them). The
// date may be a period (see ParseDateOrPeriod) and the network empty. Each
// observation is checked as ValidateObservations does, against the plan's
// metrics at today. It returns the observations with their line numbers,
// or the errors of every bad line: a paste with any error must be stored
// not at all.
func ParseObservationsCSV(text string, metrics []*Metric, today time.Time) ([]*Observation, []int, RowErrors) {
	text = strings.TrimPrefix(text, "\ufeff")
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = csvDelimiter(text)
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true

	var (
		obs  []*Observation
		rows []int
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
			return nil, nil, append(re, RowError{Row: line, Field: "csv", Key: "csv.syntax"})
		}
		line, _ := r.FieldPos(0)
		if first {
			first = false
			if strings.EqualFold(strings.TrimSpace(rec[0]), CSVColumns[0]) {
				continue // the header
			}
		}
		if len(rows) == MaxObservationsBatch {
			return nil, nil, RowErrors{{Row: line, Field: "rows", Key: "observation.batch.too_many", Value: strconv.Itoa(MaxObservationsBatch)}}
		}
		o, errs := parseCSVRecord(rec, line)
		re = append(re, errs...)
		if o != nil {
			obs, rows = append(obs, o), append(rows, line)
		}
	}
	if len(re) == 0 && len(obs) == 0 {
		return nil, nil, RowErrors{{Row: 1, Field: "csv", Key: "csv.empty"}}
	}
	re = append(re, ValidateObservations(obs, rows, metrics, today)...)
	if len(re) > 0 {
		sortRowErrors(re)
		return nil, nil, re
	}
	return obs, rows, nil
}

// parseCSVRecord turns one record into an observation, or says what is
// wrong with it; the observation is nil when a cell could not be read.
func parseCSVRecord(rec []string, line int) (*Observation, RowErrors) {
	if len(rec) != len(CSVColumns) {
		return nil, RowErrors{{Row: line, Field: "columns", Key: "csv.columns", Value: strconv.Itoa(len(rec))}}
	}
	var re RowErrors
	o := &Observation{Metric: strings.TrimSpace(rec[1])}
	var ok bool
	if o.Date, o.End, ok = ParseDateOrPeriod(rec[0]); !ok {
		re = append(re, RowError{Row: line, Field: "date", Key: "csv.date", Value: rec[0]})
	}
	if o.Network, ok = ParseNetwork(rec[2]); !ok {
		re = append(re, RowError{Row: line, Field: "network", Key: "csv.network", Value: rec[2]})
	}
	if o.Value, ok = ParseNumber(rec[3]); !ok {
		re = append(re, RowError{Row: line, Field: "value", Key: "csv.value", Value: rec[3]})
	}
	if len(re) > 0 {
		return nil, re
	}
	o.Normalize()
	return o, nil
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

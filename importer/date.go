package importer

import (
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/xuri/excelize/v2"
)

// DateOrder is the order of day and month in dates written with numbers
// only ("03/04/2026").
type DateOrder string

// Date orders.
const (
	DateDMY DateOrder = "dmy" // 03/04/2026 is 3 April (French, British)
	DateMDY DateOrder = "mdy" // 03/04/2026 is 4 March (American; Meta and LinkedIn exports)
)

// dateColumn reads the dates of one column. Like numbers, it sees every
// cell first: a day above 12 in the first or second place settles the
// order for the whole column; a column where none does takes the
// mapping's order, else its preset's, else the user's language's.
type dateColumn struct {
	fallback   DateOrder
	forced     DateOrder // chosen in the mapping
	serials    bool      // a bare number is an Excel date serial (workbooks)
	date1904   bool
	dayFirst   int // cells that can only be day/month
	monthFirst int // cells that can only be month/day
}

// Observe counts what a cell says about the order.
func (d *dateColumn) Observe(cell string) {
	a, b, _, ok := numericDate(cell)
	if !ok {
		return
	}
	switch {
	case a > 12 && b <= 12:
		d.dayFirst++
	case b > 12 && a <= 12:
		d.monthFirst++
	}
}

// Order is the order numeric dates are read in.
func (d *dateColumn) Order() DateOrder {
	switch {
	case d.forced != "":
		return d.forced
	case d.dayFirst > d.monthFirst:
		return DateDMY
	case d.monthFirst > d.dayFirst:
		return DateMDY
	}
	return d.fallback
}

// Parse reads a cell as a calendar date at 00:00 UTC; a time after the
// date is ignored, the date kept as written.
func (d *dateColumn) Parse(cell string) (time.Time, bool) {
	c := strings.TrimSpace(cell)
	if t, ok := isoDate(c); ok {
		return t, true
	}
	if a, b, y, ok := numericDate(c); ok {
		if d.Order() == DateMDY {
			a, b = b, a
		}
		return makeDate(y, b, a)
	}
	if t, ok := namedDate(c); ok {
		return t, true
	}
	if d.serials {
		if v, err := strconv.ParseFloat(c, 64); err == nil && v >= 1 && v < 2958466 {
			if t, err := excelize.ExcelDateToTime(v, d.date1904); err == nil {
				return makeDate(t.Year(), int(t.Month()), t.Day())
			}
		}
	}
	return time.Time{}, false
}

// parseDateAny reads a cell in any layout, numeric dates month first;
// for guesses (is this row data?).
func parseDateAny(cell string) (time.Time, bool) {
	d := dateColumn{fallback: DateMDY}
	return d.Parse(cell)
}

// makeDate returns the date, or false when it does not exist.
func makeDate(y, m, day int) (time.Time, bool) {
	if y < 1900 || y > 2200 || m < 1 || m > 12 || day < 1 || day > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), day, 0, 0, 0, 0, time.UTC)
	if t.Day() != day {
		return time.Time{}, false // 31 April
	}
	return t, true
}

// isoDate reads "2026-03-01", "2026/03/01", "2026-03-01 14:00",
// "2026-03-01T14:00:00Z" and GA4's "20260301".
func isoDate(c string) (time.Time, bool) {
	if len(c) == 8 && allDigits(c) {
		y, _ := strconv.Atoi(c[:4])
		m, _ := strconv.Atoi(c[4:6])
		d, _ := strconv.Atoi(c[6:])
		return makeDate(y, m, d)
	}
	if len(c) < 10 || (len(c) > 10 && c[10] != ' ' && c[10] != 'T') {
		return time.Time{}, false
	}
	s := c[:10]
	if s[4] != s[7] || (s[4] != '-' && s[4] != '/') || !allDigits(s[:4]+s[5:7]+s[8:]) {
		return time.Time{}, false
	}
	y, _ := strconv.Atoi(s[:4])
	m, _ := strconv.Atoi(s[5:7])
	d, _ := strconv.Atoi(s[8:])
	return makeDate(y, m, d)
}

// numericDate splits "03/04/2026", "3.4.26", "03-04-2026 14:00" into its
// first two numbers and the year (two-digit years are 20xx).
func numericDate(c string) (a, b, y int, ok bool) {
	c, _, _ = strings.Cut(strings.TrimSpace(c), " ")
	var sep byte
	for _, s := range []byte{'/', '.', '-'} {
		if strings.Count(c, string(s)) == 2 {
			sep = s
			break
		}
	}
	if sep == 0 {
		return 0, 0, 0, false
	}
	parts := strings.Split(c, string(sep))
	if len(parts[0]) > 2 || len(parts[1]) > 2 || (len(parts[2]) != 2 && len(parts[2]) != 4) {
		return 0, 0, 0, false
	}
	var n [3]int
	for i, p := range parts {
		if p == "" || !allDigits(p) {
			return 0, 0, 0, false
		}
		n[i], _ = strconv.Atoi(p)
	}
	if len(parts[2]) == 2 {
		n[2] += 2000
	}
	return n[0], n[1], n[2], true
}

// months are English and French month names and abbreviations, accents
// and dots aside, with their number.
var months = map[string]int{
	"jan": 1, "january": 1, "janv": 1, "janvier": 1,
	"feb": 2, "february": 2, "fevr": 2, "fev": 2, "fevrier": 2,
	"mar": 3, "march": 3, "mars": 3,
	"apr": 4, "april": 4, "avr": 4, "avril": 4,
	"may": 5, "mai": 5,
	"jun": 6, "june": 6, "juin": 6,
	"jul": 7, "july": 7, "juil": 7, "juillet": 7,
	"aug": 8, "august": 8, "aout": 8,
	"sep": 9, "sept": 9, "september": 9, "septembre": 9,
	"oct": 10, "october": 10, "octobre": 10,
	"nov": 11, "november": 11, "novembre": 11,
	"dec": 12, "december": 12, "decembre": 12,
}

// namedDate reads dates with a month name: "Mar 1, 2026", "March 1, 2026",
// "1 Mar 2026", "01-Mar-2026", "1er mars 2026", "1 mars 26", with an
// optional weekday in front and a time after.
func namedDate(c string) (time.Time, bool) {
	fields := strings.FieldsFunc(normalize(c), func(r rune) bool {
		return unicode.IsSpace(r) || r == ',' || r == '-' || r == '/' || r == '.'
	})
	var day, month, year int
	for _, f := range fields {
		if m, ok := months[f]; ok && month == 0 {
			month = m
			continue
		}
		f = strings.TrimSuffix(strings.TrimSuffix(f, "er"), "st")
		f = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(f, "nd"), "rd"), "th")
		if !allDigits(f) || f == "" {
			if month != 0 && year != 0 {
				break // a time or a zone after the date
			}
			continue
		}
		n, _ := strconv.Atoi(f)
		switch {
		case len(f) == 4 && year == 0:
			year = n
		case len(f) <= 2 && day == 0:
			day = n
		case len(f) == 2 && year == 0 && month != 0:
			year = 2000 + n
		}
	}
	if month == 0 || day == 0 || year == 0 {
		return time.Time{}, false
	}
	return makeDate(year, month, day)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

package importer

import (
	"math"
	"strconv"
	"strings"
)

// Convention is how a column writes its numbers, as a NumberColumn found
// it after seeing every cell.
type Convention struct {
	// Decimal is the decimal separator: '.' or ','.
	Decimal rune
	// Decided tells that the cells themselves showed the separator ("12,5",
	// "1,234.5"); false when none did and the hint chose it.
	Decided bool
	// Percent tells that cells carry a % sign (the value is kept as shown:
	// "12.5%" is 12.5).
	Percent bool
	// Currency is the currency sign or code cells carry ("€", "USD"); ""
	// for none. Values are kept without it.
	Currency string
}

// Key names the convention for the catalogue: "import.numbers.<key>",
// e.g. "decimal_comma" for "read with decimal commas".
func (c Convention) Key() string {
	if c.Decimal == ',' {
		return "decimal_comma"
	}
	return "decimal_point"
}

// NumberError is why a cell is not read as a number: Reason is
// ReasonNumber, ReasonAmbiguous or ReasonRange.
type NumberError struct {
	Reason   Reason
	Readings [2]float64 // for ReasonAmbiguous: with grouping, with a decimal
}

// Error implements the error interface.
func (e *NumberError) Error() string { return "number: " + string(e.Reason) }

// NumberColumn reads the numbers of one column of a file. The importer
// shows it every non-blank cell of the column first (Observe), so that the
// convention comes from the whole column, then reads each cell (Parse).
type NumberColumn interface {
	Observe(cell string)
	Convention() Convention
	// Parse reads a cell; the error is a *NumberError.
	Parse(cell string) (float64, error)
}

// NumberReader makes the NumberColumn of a column. hint is the decimal
// separator to fall back on when the cells do not show theirs: the user's
// language for CSV, '.' for a workbook (whose numbers come as Excel's
// en-US rendering). decimal, when not 0, is the separator the user chose
// in the mapping, which overrides the cells. Options.Numbers is the seam
// where plan's locale-aware parser plugs in.
type NumberReader func(hint, decimal rune) NumberColumn

// DefaultNumbers is the NumberReader used when Options.Numbers is nil.
func DefaultNumbers(hint, decimal rune) NumberColumn {
	return &numberColumn{hint: hint, decimal: decimal}
}

// numberColumn is the default NumberColumn: it counts, over the column,
// the cells that show a decimal point and those that show a decimal
// comma; the majority decides, and the hint when none shows either.
type numberColumn struct {
	hint, decimal rune
	point, comma  int
	percent       bool
	currency      string
	conv          *Convention // computed once the column is seen
}

// Observe counts the separator the cell shows, if any.
func (n *numberColumn) Observe(cell string) {
	s, ok := scanNumber(cell)
	if !ok {
		return
	}
	n.conv = nil
	n.percent = n.percent || s.percent
	if n.currency == "" {
		n.currency = s.currency
	}
	switch s.decimal {
	case '.':
		n.point++
	case ',':
		n.comma++
	}
}

// Convention is the column's, from the counts or the hint.
func (n *numberColumn) Convention() Convention {
	if n.conv != nil {
		return *n.conv
	}
	c := Convention{Decimal: n.hint, Percent: n.percent, Currency: n.currency}
	switch {
	case n.decimal != 0:
		c.Decimal, c.Decided = n.decimal, true
	case n.point > n.comma:
		c.Decimal, c.Decided = '.', true
	case n.comma > n.point:
		c.Decimal, c.Decided = ',', true
	}
	if c.Decimal != ',' {
		c.Decimal = '.'
	}
	n.conv = &c
	return c
}

// Parse reads a cell by the column's convention.
func (n *numberColumn) Parse(cell string) (float64, error) {
	s, ok := scanNumber(cell)
	if !ok {
		return 0, &NumberError{Reason: ReasonNumber}
	}
	c := n.Convention()
	var v float64
	switch {
	case s.decimal != 0 && s.decimal != c.Decimal:
		return 0, &NumberError{Reason: ReasonNumber} // against the column's own
	case s.decimal != 0:
		v = s.value(true)
	case s.ambiguous == 0:
		v = s.value(false)
	case c.Decided:
		v = s.value(s.ambiguous == c.Decimal)
	case c.Decimal == '.' && s.ambiguous == ',':
		v = s.value(false) // "1,250" is twelve hundred and fifty in English
	case c.Decimal == '.':
		v = s.value(true) // "1.250" is one and a quarter in English
	default:
		return 0, &NumberError{Reason: ReasonAmbiguous, Readings: [2]float64{s.value(false), s.value(true)}}
	}
	if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 1e12 {
		return 0, &NumberError{Reason: ReasonRange}
	}
	return v, nil
}

// numberShape is a cell taken apart: digits, at most one kind of decimal
// separator, and what the separators tell.
type numberShape struct {
	neg       bool
	intPart   string // digits only
	frac      string // digits after the separator, when there is one
	exp       string // "e+05" for Excel's scientific notation, with a point
	decimal   rune   // the separator shows it is a decimal: '.' or ','
	ambiguous rune   // one separator followed by three digits: '.' or ','
	percent   bool
	currency  string
}

// value returns the number; asDecimal reads an ambiguous separator as a
// decimal, else as grouping.
func (s numberShape) value(asDecimal bool) float64 {
	text := s.intPart
	if s.ambiguous != 0 && !asDecimal {
		text += s.frac
	} else if s.frac != "" {
		text += "." + s.frac
	}
	v, err := strconv.ParseFloat(text+s.exp, 64)
	if err != nil {
		return math.NaN()
	}
	if s.neg {
		v = -v
	}
	return v
}

// currencies are the signs and codes stripped from numbers.
var currencies = []string{"€", "$", "£", "¥", "₹", "CHF", "EUR", "USD", "GBP", "CAD", "AUD", "JPY"}

// groupSpaces are the characters that group digits and nothing else.
const groupSpaces = " \u00a0\u202f\u2009'’"

// scanNumber takes a cell apart; ok is false when it is not a number.
func scanNumber(cell string) (s numberShape, ok bool) {
	t := strings.TrimSpace(cell)
	if allDigits(t) { // most cells of most exports
		s.intPart = t
		return s, true
	}
	if strings.HasPrefix(t, "(") && strings.HasSuffix(t, ")") { // accounting negative
		s.neg, t = true, strings.TrimSpace(t[1:len(t)-1])
	}
	for range 2 { // "-€12" and "€-12" alike
		switch {
		case strings.HasPrefix(t, "-"):
			s.neg, t = !s.neg, strings.TrimSpace(t[1:])
		case strings.HasPrefix(t, "\u2212"):
			s.neg, t = !s.neg, strings.TrimSpace(t[len("\u2212"):])
		case strings.HasPrefix(t, "+"):
			t = strings.TrimSpace(t[1:])
		}
		if s.currency != "" {
			break
		}
		for _, cur := range currencies {
			if r, found := strings.CutPrefix(t, cur); found {
				s.currency, t = cur, strings.TrimSpace(r)
				break
			}
			if r, found := strings.CutSuffix(t, cur); found {
				s.currency, t = cur, strings.TrimSpace(r)
				break
			}
		}
	}
	if r, found := strings.CutSuffix(t, "%"); found {
		s.percent, t = true, strings.TrimRight(r, groupSpaces)
	}
	if i := strings.IndexAny(t, "eE"); i > 0 { // 1.2E+05
		s.exp, t = t[i:], t[:i]
		if _, err := strconv.Atoi(strings.TrimPrefix(strings.TrimPrefix(s.exp[1:], "+"), "-")); err != nil {
			return s, false
		}
	}
	t = strings.Map(func(r rune) rune {
		if strings.ContainsRune(groupSpaces, r) {
			return -1
		}
		return r
	}, t)
	if t == "" {
		return s, false
	}
	for _, r := range t {
		if (r < '0' || r > '9') && r != '.' && r != ',' {
			return s, false
		}
	}
	lastDot, lastComma := strings.LastIndex(t, "."), strings.LastIndex(t, ",")
	var sep rune
	switch {
	case lastDot < 0 && lastComma < 0:
		s.intPart = t
		return s, true
	case lastDot > lastComma:
		sep = '.'
	default:
		sep = ','
	}
	last := max(lastDot, lastComma)
	whole, frac := t[:last], t[last+1:]
	other := ','
	if sep == ',' {
		other = '.'
	}
	if strings.ContainsRune(whole, sep) { // "1,234,567": sep groups
		if frac == "" || len(frac) != 3 || !grouped(whole, sep) || strings.ContainsRune(whole, other) {
			return s, false
		}
		s.intPart = strings.ReplaceAll(whole, string(sep), "") + frac
		s.decimal = other // the other one would be the decimal
		return s, true
	}
	if strings.ContainsRune(whole, other) { // "1,234.5": other groups, sep is the decimal
		if !grouped(whole, other) || frac == "" {
			return s, false
		}
		s.intPart, s.frac, s.decimal = strings.ReplaceAll(whole, string(other), ""), frac, sep
		return s, true
	}
	if frac == "" {
		return s, false
	}
	s.intPart, s.frac = whole, frac
	if whole == "" {
		s.intPart = "0"
	}
	// One separator: three digits after it and a group-like head ("1,250")
	// could be either; anything else can only be a decimal.
	if len(frac) == 3 && len(whole) >= 1 && len(whole) <= 3 && whole[0] != '0' {
		s.ambiguous = sep
	} else {
		s.decimal = sep
	}
	return s, true
}

// grouped reports whether digits separated by sep form thousands groups:
// a head of 1 to 3 digits, then groups of 3.
func grouped(s string, sep rune) bool {
	parts := strings.Split(s, string(sep))
	if len(parts[0]) < 1 || len(parts[0]) > 3 {
		return false
	}
	for _, p := range parts[1:] {
		if len(p) != 3 {
			return false
		}
	}
	return true
}

// quickNumber reads a cell as a number the way an English reader would,
// for guesses that need no convention (is this header row data?).
func quickNumber(cell string) (float64, numberShape, bool) {
	s, ok := scanNumber(cell)
	if !ok {
		return 0, s, false
	}
	return s.value(s.decimal != 0 || s.ambiguous == '.'), s, true
}

// blanks are the cells that mean "no value" in exports.
var blanks = []string{"", "-", "--", "—", "–", "n/a", "na", "null", "(not set)", "(none)"}

// isBlank reports whether a metric cell holds no value.
func isBlank(cell string) bool {
	c := strings.ToLower(strings.TrimSpace(cell))
	for _, b := range blanks {
		if c == b {
			return true
		}
	}
	return false
}

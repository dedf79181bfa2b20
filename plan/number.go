package plan

import (
	"math"
	"strconv"
	"strings"
	"unicode"
)

// MaxAbsNumber bounds every number people type: a value further from zero
// is a typing slip (an extra group of zeros), not a result.
const MaxAbsNumber = 1e12

// NumberLocale is the convention a person writes numbers in. It decides
// what a separator means when the text alone does not.
type NumberLocale string

// Number locales. English writes 20,000 and 1,200.5; French writes 20 000
// (with a space, a no-break space or a narrow no-break space) and 1 200,5.
// NumberNeutral is for text whose writer's convention is unknown: it
// accepts what both conventions read the same and refuses the rest as
// ambiguous.
const (
	NumberNeutral NumberLocale = ""
	NumberEnglish NumberLocale = "en"
	NumberFrench  NumberLocale = "fr"
)

// NumberLocaleOf returns the number convention of a Slack locale ("fr-FR",
// "en-US", or a plan language "fr"): French for French locales, English
// for English ones, neutral for any other, since most other languages
// write a decimal comma with points or spaces between thousands.
func NumberLocaleOf(locale string) NumberLocale {
	lang, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(locale)), "-")
	lang, _, _ = strings.Cut(lang, "_")
	switch lang {
	case "fr":
		return NumberFrench
	case "en":
		return NumberEnglish
	}
	return NumberNeutral
}

// DecimalMark is the character between the whole part of a number and its
// fraction.
type DecimalMark rune

// Decimal marks.
const (
	DecimalPoint DecimalMark = '.'
	DecimalComma DecimalMark = ','
)

// Number is a number read from text, with what was written around it.
type Number struct {
	Value float64
	// Percent is set when a percent sign followed the number. Value is the
	// number as typed: "12,5 %" is 12.5, not 0.125.
	Percent bool
	// Currency is the currency symbol or code written before or after the
	// number, as typed ("€", "EUR"); "" when none.
	Currency string
	// Mark is the decimal mark the number was read with; 0 when it has no
	// fraction.
	Mark DecimalMark
	// Grouping is the separator read between thousands: ',', '.', ' ' for
	// any kind of space, '\'' for an apostrophe; 0 when none.
	Grouping rune
}

// currencies are the symbols and codes accepted around a number, longest
// first so that "US$" is not read as "$".
var currencies = []string{"US$", "CA$", "EUR", "USD", "GBP", "CHF", "CAD", "€", "$", "£", "¥"}

// AmbiguousNumberError is returned for a number whose only separator can be
// read either way by the reader's convention: "1,250" typed by a French
// user is 1 250 or 1,25. It carries both readings so a form can ask which
// was meant. ErrorCode reports it as EINVALID with Key "number.ambiguous".
type AmbiguousNumberError struct {
	Input string
	// Grouped reads the separator as a thousands separator (1250); Decimal
	// reads it as a decimal mark (1.25). Both carry the sign.
	Grouped float64
	Decimal float64
}

// Error implements the error interface.
func (e *AmbiguousNumberError) Error() string {
	return "ambiguous number " + strconv.Quote(e.Input) + ": " +
		strconv.FormatFloat(e.Grouped, 'f', -1, 64) + " or " + strconv.FormatFloat(e.Decimal, 'f', -1, 64)
}

// Unwrap makes the error an EINVALID *Error for ErrorCode.
func (e *AmbiguousNumberError) Unwrap() error {
	return &Error{Code: EINVALID, Key: "number.ambiguous", Message: e.Error()}
}

// Number errors: their keys are catalogue keys.
func numberError(key, message string) *Error {
	return &Error{Code: EINVALID, Key: key, Message: message}
}

// ParseNumberLocale reads a number as a person typed it in the convention
// loc. It accepts:
//
//   - digits with an optional sign (+, -, or the minus sign U+2212);
//   - a decimal point or comma, with or without a whole part (".5", "0,5");
//   - thousands grouped by commas (English), points (French, German), any
//     kind of space (space, U+00A0, U+202F, U+2009) or apostrophes, in
//     groups of three after the first; one kind of separator a number;
//   - a percent sign after the number ("12,5 %");
//   - a currency symbol or code before or after it (€ $ £ ¥ US$ CA$ EUR USD
//     GBP CHF CAD), with or without a space, not with a percent sign.
//
// A number with one separator followed by exactly three digits ("1,250",
// "12.500") is read by loc when loc makes it unambiguous (a comma in
// English: 1250); otherwise it returns *AmbiguousNumberError with both
// readings. A point is ambiguous in English too, since many people whose
// Slack speaks English write thousands with points.
//
// It returns EINVALID errors with keys number.required (nothing typed),
// number.control (control or invisible characters), number.invalid (not a
// number: letters, exponents, "NaN", "Inf", misplaced separators) and
// number.too_large (further from zero than MaxAbsNumber).
func ParseNumberLocale(s string, loc NumberLocale) (Number, error) {
	r, err := readNumber(s)
	if err != nil {
		return Number{}, err
	}
	n := r.meta
	switch {
	case !r.point.ok && !r.comma.ok:
		return Number{}, numberError("number.invalid", "not a number")
	case r.point.ok && r.comma.ok && r.point.value != r.comma.value:
		if loc != NumberEnglish || r.sep != ',' {
			grouped, decimal := r.comma, r.point
			if r.sep == ',' {
				grouped, decimal = r.point, r.comma
			}
			return Number{}, &AmbiguousNumberError{Input: strings.TrimSpace(s), Grouped: r.sign * grouped.value, Decimal: r.sign * decimal.value}
		}
		n.Value, n.Mark, n.Grouping = r.point.value, 0, ','
	case r.point.ok:
		n.Value, n.Mark, n.Grouping = r.point.value, r.point.mark, r.point.grouping
	default:
		n.Value, n.Mark, n.Grouping = r.comma.value, r.comma.mark, r.comma.grouping
	}
	n.Value *= r.sign
	if math.Abs(n.Value) > MaxAbsNumber {
		return Number{}, numberError("number.too_large", "the number is too large")
	}
	return n, nil
}

// ParseNumber reads a number typed in English or French: "1,200.5",
// "1 200,5", "1200,5". ok is false when s is empty, not a number, larger
// than MaxAbsNumber, or ambiguous ("1,250" could be 1 250 or 1,25).
//
// Deprecated: use ParseNumberLocale with the reader's locale, which says
// why a number is refused and reads "1,250" as 1250 for an English reader.
// This reads with NumberNeutral.
func ParseNumber(s string) (float64, bool) {
	n, err := ParseNumberLocale(s, NumberNeutral)
	if err != nil {
		return 0, false
	}
	return n.Value, true
}

// reading is one way of reading a number's digits.
type reading struct {
	ok       bool
	value    float64 // without the sign
	mark     DecimalMark
	grouping rune
}

// numberReadings are the two readings of a number, with a decimal point
// (commas, spaces or apostrophes group thousands) and with a decimal comma
// (points, spaces or apostrophes group thousands).
type numberReadings struct {
	meta         Number // Percent and Currency
	sign         float64
	point, comma reading
	// sep is the separator of a number with exactly one point or comma
	// and no other separator; 0 otherwise.
	sep rune
}

// isGroupSpace reports whether r is a space that may group thousands.
func isGroupSpace(r rune) bool {
	return r == ' ' || r == '\u00a0' || r == '\u202f' || r == '\u2009'
}

// readNumber strips what surrounds the digits of s and reads them both
// ways. It returns the errors of ParseNumberLocale but number.invalid,
// which the caller decides from the readings.
func readNumber(s string) (numberReadings, error) {
	var r numberReadings
	s = strings.TrimSpace(s)
	if s == "" {
		return r, numberError("number.required", "type a number")
	}
	for _, c := range s {
		if unicode.IsControl(c) || unicode.Is(unicode.Cf, c) {
			return r, numberError("number.control", "the number holds invisible characters")
		}
	}
	trim := func(s string) string { return strings.TrimFunc(s, isGroupSpace) }
	if rest, ok := strings.CutSuffix(s, "%"); ok {
		r.meta.Percent, s = true, trim(rest)
	}
	r.sign = 1
	s = r.cutSign(s)
	if !r.meta.Percent {
		for _, c := range currencies {
			if len(s) > len(c) && strings.EqualFold(s[:len(c)], c) {
				r.meta.Currency, s = s[:len(c)], trim(s[len(c):])
				break
			}
			if len(s) > len(c) && strings.EqualFold(s[len(s)-len(c):], c) {
				r.meta.Currency, s = s[len(s)-len(c):], trim(s[:len(s)-len(c)])
				break
			}
		}
		if r.meta.Currency != "" && r.sign == 1 {
			s = r.cutSign(s) // "€-30"
		}
	}
	r.point = readDigits(s, DecimalPoint)
	r.comma = readDigits(s, DecimalComma)
	if strings.Count(s, ",")+strings.Count(s, ".") == 1 && !strings.ContainsFunc(s, func(c rune) bool { return isGroupSpace(c) || c == '\'' || c == '’' }) {
		r.sep = ','
		if strings.Contains(s, ".") {
			r.sep = '.'
		}
	}
	return r, nil
}

// cutSign removes a leading sign from s, recording it.
func (r *numberReadings) cutSign(s string) string {
	for _, minus := range []string{"-", "\u2212"} {
		if rest, ok := strings.CutPrefix(s, minus); ok {
			r.sign = -1
			return strings.TrimLeftFunc(rest, isGroupSpace)
		}
	}
	if rest, ok := strings.CutPrefix(s, "+"); ok {
		return strings.TrimLeftFunc(rest, isGroupSpace)
	}
	return s
}

// readDigits reads s, digits and separators only, with mark as the decimal
// mark; the other of point and comma, spaces and apostrophes may group
// thousands.
func readDigits(s string, mark DecimalMark) reading {
	other := ','
	if mark == DecimalComma {
		other = '.'
	}
	whole, frac, hasFrac := strings.Cut(s, string(rune(mark)))
	if hasFrac && (frac == "" || !allDigits(frac)) {
		return reading{}
	}
	if whole == "" && !hasFrac {
		return reading{}
	}
	var digits strings.Builder
	var grouping rune
	group := 0   // digits in the current group
	groups := 0  // groups closed by a separator
	lead := true // in the first group
	for i, c := range whole {
		switch {
		case '0' <= c && c <= '9':
			if lead && group == 0 && c == '0' && i+1 < len(whole) && !allDigits(whole[i+1:]) {
				return reading{} // "0,250" is not a grouped number
			}
			digits.WriteRune(c)
			group++
			continue
		case c == other:
		case isGroupSpace(c):
			c = ' '
		case c == '\'' || c == '’':
			c = '\''
		default:
			return reading{}
		}
		// A separator: it must be the one kind of the number, and close a
		// group of 1 to 3 digits (the first) or of exactly 3.
		if grouping != 0 && grouping != c {
			return reading{}
		}
		if group == 0 || group > 3 || (!lead && group != 3) {
			return reading{}
		}
		grouping, group, lead = c, 0, false
		groups++
	}
	if groups > 0 && group != 3 {
		return reading{}
	}
	text := digits.String()
	if text == "" {
		text = "0"
	}
	m := DecimalMark(0)
	if hasFrac {
		text += "." + frac
		m = mark
	}
	v, err := strconv.ParseFloat(text, 64)
	if err != nil && !math.IsInf(v, 0) {
		return reading{}
	}
	return reading{ok: true, value: v, mark: m, grouping: grouping}
}

// allDigits reports whether s is made of ASCII digits only.
func allDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

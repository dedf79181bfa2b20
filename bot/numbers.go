package bot

import (
	"errors"
	"math"
	"strconv"
	"strings"

	"github.com/planbot/planbot/plan"
)

// Numbers as people type them and as the views show them. A form reads
// what a user typed in the user's convention (plan.ParseNumberLocale); a
// view shows a figure in the reader's language, thousands grouped.

// nanValue marks a form number that must be typed: see readFormNumber.
var nanValue = math.NaN()

// readFormNumber reads the number typed in the form field field, in the
// convention of the user u. An empty field gives empty, or a
// number.required error when empty is NaN. The error is a field error
// whose sentence names the readings of an ambiguous number in u's
// language ("1,250": did you mean 1 250 or 1,25?).
func readFormNumber(u userInfo, field, text string, empty float64) (float64, *plan.Error) {
	if strings.TrimSpace(text) == "" {
		if math.IsNaN(empty) {
			return 0, plan.Invalid(field, "number.required", "type a number")
		}
		return empty, nil
	}
	n, err := plan.ParseNumberLocale(text, u.Numbers)
	if err == nil {
		return n.Value, nil
	}
	return 0, numberFieldError(u.Lang, field, text, err)
}

// numberFieldError is the field error of err, an error of
// plan.ParseNumberLocale about text typed in field, in lang.
func numberFieldError(lang Lang, field, text string, err error) *plan.Error {
	e := plan.Invalid(field, plan.ErrorKey(err), err.Error())
	if e.Key == "" {
		e.Key = "number.invalid"
	}
	if amb, ok := asAmbiguous(err); ok {
		e.Args = []any{clip(strings.TrimSpace(text), 30), formatFigure(lang, amb.Grouped), formatFigure(lang, amb.Decimal)}
	}
	return e
}

// asAmbiguous returns err as an ambiguous number, if it is one.
func asAmbiguous(err error) (*plan.AmbiguousNumberError, bool) {
	var amb *plan.AmbiguousNumberError
	ok := errors.As(err, &amb)
	return amb, ok
}

// formatFigure shows a figure in lang: thousands grouped (a comma in
// English, a narrow no-break space in French), a decimal comma in French,
// at most two decimals, or four below 1 (an engagement rate of 0.0345).
func formatFigure(lang Lang, f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "—"
	}
	if math.Abs(f) >= 1 {
		f = math.Round(f*100) / 100
	} else {
		f = math.Round(f*10000) / 10000
	}
	if f == 0 {
		f = 0 // no "-0"
	}
	s := strconv.FormatFloat(math.Abs(f), 'f', -1, 64)
	whole, frac, _ := strings.Cut(s, ".")
	group, mark := ",", "."
	if lang == FR {
		group, mark = "\u202f", ","
	}
	var b strings.Builder
	if f < 0 {
		b.WriteString("-")
	}
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(group)
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteString(mark + frac)
	}
	return b.String()
}

// figureWithUnit is formatFigure followed by unit, escaped for mrkdwn: a
// percent sign sticks to the number in English and follows a narrow
// no-break space in French; other units follow a space (no-break in
// French).
func figureWithUnit(lang Lang, f float64, unit string) string {
	s := formatFigure(lang, f)
	switch {
	case unit == "":
		return s
	case unit == "%" && lang == FR:
		return s + "\u202f%"
	case unit == "%":
		return s + "%"
	case lang == FR:
		return s + "\u00a0" + Escape(unit)
	}
	return s + " " + Escape(unit)
}

package importer

import (
	"errors"
	"strconv"
	"strings"

	"github.com/planbot/planbot/plan"
)

// Convention is how a column writes its numbers, as its NumberColumn found
// it after seeing every cell.
type Convention struct {
	// Mark is the decimal mark: plan.DecimalPoint or plan.DecimalComma; 0
	// when the column has whole numbers only, or when nothing settles its
	// ambiguous cells (Basis plan.BasisUndecided).
	Mark plan.DecimalMark
	// Basis says what decided the mark: the cells, the reader's locale,
	// the user's choice in the mapping (see plan.ColumnBasis).
	Basis plan.ColumnBasis
	// Percent tells that cells carry a % sign; values are kept as shown
	// ("12.5%" is 12.5).
	Percent bool
	// Currency is the currency sign or code cells carry ("€", "USD"); ""
	// for none. Values are kept without it.
	Currency string
}

// Key is the catalogue key of the sentence that says how the column was
// read, plan's own: number.column.decimal_comma ("read with decimal
// commas"), number.column.decimal_point, number.column.whole or
// number.column.undecided.
func (c Convention) Key() string {
	return plan.NumberColumn{Mark: c.Mark, Basis: c.Basis}.SummaryKey()
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
// Cells are streamed, never all held: a column of a 200,000-row file is
// not kept in memory.
type NumberColumn interface {
	Observe(cell string)
	Convention() Convention
	// Parse reads a cell; the error is a *NumberError.
	Parse(cell string) (float64, error)
}

// NumberReader makes the NumberColumn of a column. loc is the locale that
// reads what the cells leave ambiguous: the user's for CSV, English for a
// workbook (excelize renders Excel's numbers the en-US way). mark, when
// not 0, is the decimal mark the user chose in the mapping. Options.Numbers
// is the seam where another reader plugs in; the default is PlanNumbers.
type NumberReader func(loc plan.NumberLocale, mark plan.DecimalMark) NumberColumn

// PlanNumbers is the default NumberReader: plan's locale-aware parser
// (plan.ParseNumberLocale), with plan.DetectNumberColumn's rules for a
// column, applied one cell at a time so that a column is streamed. The
// cells that only one mark reads decide (the majority; a tie goes to the
// locale's mark); when none does, an English reader reads commas as
// thousands, and otherwise the ambiguous cells are reported.
func PlanNumbers(loc plan.NumberLocale, mark plan.DecimalMark) NumberColumn {
	return &planColumn{loc: loc, mark: mark}
}

// planColumn is PlanNumbers' NumberColumn.
type planColumn struct {
	loc                                        plan.NumberLocale
	mark                                       plan.DecimalMark
	points, commas, ambiguous, ambiguousCommas int
	percent                                    bool
	currency                                   string
	conv                                       *Convention // once the column is seen
}

// Observe counts what the cell says about the decimal mark.
func (c *planColumn) Observe(cell string) {
	c.conv = nil
	if allDigits(strings.TrimSpace(cell)) {
		return // plain digits read the same either way: most cells of most exports
	}
	n, err := plan.ParseNumberLocale(cell, plan.NumberNeutral)
	var amb *plan.AmbiguousNumberError
	switch {
	case errors.As(err, &amb):
		c.ambiguous++
		if strings.Contains(amb.Input, ",") {
			c.ambiguousCommas++
		}
		return
	case err != nil:
		return
	case n.Mark == plan.DecimalPoint:
		c.points++
	case n.Mark == plan.DecimalComma:
		c.commas++
	}
	c.percent = c.percent || n.Percent
	if c.currency == "" {
		c.currency = n.Currency
	}
}

// Convention is the column's, decided as plan.DetectNumberColumn does.
func (c *planColumn) Convention() Convention {
	if c.conv != nil {
		return *c.conv
	}
	v := Convention{Basis: plan.BasisCells, Percent: c.percent, Currency: c.currency}
	switch {
	case c.mark != 0:
		v.Mark, v.Basis = c.mark, plan.BasisChosen
	case c.points > c.commas:
		v.Mark = plan.DecimalPoint
	case c.commas > c.points:
		v.Mark = plan.DecimalComma
	case c.points > 0: // a tie
		v.Mark = plan.DecimalPoint
		if c.loc == plan.NumberFrench {
			v.Mark = plan.DecimalComma
		}
	case c.ambiguous == 0:
		v.Basis = plan.BasisWhole
	case c.loc == plan.NumberEnglish && c.ambiguousCommas == c.ambiguous:
		v.Mark, v.Basis = plan.DecimalPoint, plan.BasisLocale
	default:
		v.Basis = plan.BasisUndecided
	}
	c.conv = &v
	return v
}

// Parse reads a cell by the column's mark.
func (c *planColumn) Parse(cell string) (float64, error) {
	conv := c.Convention()
	if t := strings.TrimSpace(cell); allDigits(t) && len(t) < 13 {
		v, err := strconv.ParseFloat(t, 64) // as plan reads plain digits, without its allocations
		if err == nil {
			return v, nil
		}
	}
	n, err := plan.ParseNumberLocale(cell, plan.NumberNeutral)
	var amb *plan.AmbiguousNumberError
	switch {
	case errors.As(err, &amb):
		sep := plan.DecimalPoint
		if strings.Contains(amb.Input, ",") {
			sep = plan.DecimalComma
		}
		switch conv.Mark {
		case 0:
			return 0, &NumberError{Reason: ReasonAmbiguous, Readings: [2]float64{amb.Grouped, amb.Decimal}}
		case sep:
			return amb.Decimal, nil
		}
		return amb.Grouped, nil
	case err != nil && plan.ErrorKey(err) == "number.too_large":
		return 0, &NumberError{Reason: ReasonRange}
	case err != nil:
		return 0, &NumberError{Reason: ReasonNumber}
	case n.Mark != 0 && n.Mark != conv.Mark:
		return 0, &NumberError{Reason: ReasonNumber} // only the other mark reads it
	}
	return n.Value, nil
}

// looksLikeNumber reports whether a cell reads as a number either way,
// for guesses that need no convention (is this header row data?).
func looksLikeNumber(cell string) bool {
	_, err := plan.ParseNumberLocale(cell, plan.NumberNeutral)
	var amb *plan.AmbiguousNumberError
	return err == nil || errors.As(err, &amb)
}

// blanks are the cells that mean "no value" in exports.
var blanks = []string{"", "-", "--", "—", "–", "n/a", "na", "null", "(not set)", "(none)"}

// isBlank reports whether a metric cell holds no value.
func isBlank(cell string) bool {
	c := strings.TrimSpace(cell)
	if len(c) > 9 {
		return false
	}
	c = strings.ToLower(c)
	for _, b := range blanks {
		if c == b {
			return true
		}
	}
	return false
}

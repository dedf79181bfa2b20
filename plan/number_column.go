package plan

import (
	"errors"
	"strings"
)

// ColumnBasis says what decided the decimal mark of a column of numbers.
type ColumnBasis string

// Column bases.
const (
	// BasisCells: some cells can only be read one way ("2,5", "1,200.5"),
	// and the column follows the most of them.
	BasisCells ColumnBasis = "cells"
	// BasisLocale: no cell decides, and the reader's locale reads the
	// ambiguous ones ("1,250" for an English reader).
	BasisLocale ColumnBasis = "locale"
	// BasisWhole: every cell reads the same either way (whole numbers,
	// "20 000"); Mark is 0.
	BasisWhole ColumnBasis = "whole"
	// BasisUndecided: some cells can be read two ways and nothing decides;
	// they are reported as ambiguous and Mark is 0. Ask the user which
	// mark the file uses, then read it with ReadNumberColumn.
	BasisUndecided ColumnBasis = "undecided"
	// BasisChosen: the mark was given (ReadNumberColumn).
	BasisChosen ColumnBasis = "chosen"
)

// ColumnCell is one cell of a column read as numbers.
type ColumnCell struct {
	Number
	Empty bool // nothing was typed: the caller decides whether that is allowed
	OK    bool // Number holds the cell's value
}

// CellProblem is a cell of a column that could not be read. Key is a
// catalogue key of ParseNumberLocale's (number.invalid, number.ambiguous,
// number.too_large, number.control) or number.contradicts: the cell can
// only be read with the other decimal mark than the column's.
type CellProblem struct {
	Index int    // 0-based, in the cells given
	Text  string // the cell as typed
	Key   string
	// Grouped and Decimal are the two readings of an ambiguous cell (see
	// AmbiguousNumberError).
	Grouped, Decimal float64
}

// NumberColumn is a column of numbers read together, as a CSV file's
// value column: the decimal mark is decided from the whole column, so
// that "1,250" in a file where other cells read "2,5" and "0,75" is 1,25.
type NumberColumn struct {
	Mark     DecimalMark // the column's decimal mark; 0 with BasisWhole and BasisUndecided
	Basis    ColumnBasis
	Cells    []ColumnCell // one a cell given, in order
	Problems []CellProblem
}

// SummaryKey is the catalogue key of the sentence that says how the column
// was read, for the confirmation of an import: number.column.decimal_comma
// ("read with decimal commas"), number.column.decimal_point,
// number.column.whole ("whole numbers only") or number.column.undecided
// ("some numbers can be read two ways: which mark does the file use?").
func (c NumberColumn) SummaryKey() string {
	switch {
	case c.Basis == BasisUndecided:
		return "number.column.undecided"
	case c.Mark == DecimalComma:
		return "number.column.decimal_comma"
	case c.Mark == DecimalPoint:
		return "number.column.decimal_point"
	}
	return "number.column.whole"
}

// cellClass is what one cell says about the column's decimal mark.
type cellClass int

const (
	cellEmpty     cellClass = iota
	cellBad                 // not a number either way
	cellSame                // both readings agree
	cellPoint               // only a decimal point reads it
	cellComma               // only a decimal comma reads it
	cellAmbiguous           // both read it, differently
)

type columnCell struct {
	r     numberReadings
	err   error
	class cellClass
}

func classify(text string) columnCell {
	if strings.TrimSpace(text) == "" {
		return columnCell{class: cellEmpty}
	}
	r, err := readNumber(text)
	c := columnCell{r: r, err: err}
	switch {
	case err != nil || (!r.point.ok && !r.comma.ok):
		c.class = cellBad
	case r.point.ok && r.comma.ok && r.point.value == r.comma.value:
		c.class = cellSame
	case r.point.ok && r.comma.ok:
		c.class = cellAmbiguous
	case r.point.ok:
		c.class = cellPoint
	default:
		c.class = cellComma
	}
	return c
}

// DetectNumberColumn reads the cells of one column, deciding the decimal
// mark from all of them: the mark that the cells which can only be read
// one way use (the majority, when they disagree; the cells of the minority
// are reported as number.contradicts; a tie goes to loc's mark, a point for
// NumberNeutral). When no cell decides, loc reads the ambiguous cells as
// ParseNumberLocale does, or the column is BasisUndecided and every
// ambiguous cell is reported. Empty cells are marked Empty, not reported.
func DetectNumberColumn(cells []string, loc NumberLocale) NumberColumn {
	classes := make([]columnCell, len(cells))
	var points, commas, ambiguous, ambiguousCommas int
	for i, text := range cells {
		classes[i] = classify(text)
		switch classes[i].class {
		case cellPoint:
			points++
		case cellComma:
			commas++
		case cellAmbiguous:
			ambiguous++
			if classes[i].r.sep == ',' {
				ambiguousCommas++
			}
		}
	}
	var mark DecimalMark
	basis := BasisCells
	switch {
	case points > commas:
		mark = DecimalPoint
	case commas > points:
		mark = DecimalComma
	case points > 0: // a tie
		mark = DecimalPoint
		if loc == NumberFrench {
			mark = DecimalComma
		}
	case ambiguous == 0:
		basis = BasisWhole
	case loc == NumberEnglish && ambiguousCommas == ambiguous:
		mark, basis = DecimalPoint, BasisLocale
	default:
		basis = BasisUndecided
	}
	return readColumn(cells, classes, mark, basis)
}

// ReadNumberColumn reads the cells of one column with the decimal mark the
// user chose (DecimalPoint or DecimalComma): a cell that only the other
// mark reads is reported as number.contradicts.
func ReadNumberColumn(cells []string, mark DecimalMark) NumberColumn {
	classes := make([]columnCell, len(cells))
	for i, text := range cells {
		classes[i] = classify(text)
	}
	return readColumn(cells, classes, mark, BasisChosen)
}

func readColumn(cells []string, classes []columnCell, mark DecimalMark, basis ColumnBasis) NumberColumn {
	col := NumberColumn{Mark: mark, Basis: basis, Cells: make([]ColumnCell, len(cells))}
	for i, c := range classes {
		problem := func(key string) {
			col.Problems = append(col.Problems, CellProblem{Index: i, Text: strings.TrimSpace(cells[i]), Key: key})
		}
		var rd reading
		switch {
		case c.class == cellEmpty:
			col.Cells[i].Empty = true
			continue
		case c.err != nil:
			problem(ErrorKey(c.err))
			continue
		case c.class == cellBad:
			problem("number.invalid")
			continue
		case c.class == cellAmbiguous && mark == 0:
			grouped, decimal := c.r.comma, c.r.point
			if c.r.sep == ',' {
				grouped, decimal = c.r.point, c.r.comma
			}
			col.Problems = append(col.Problems, CellProblem{Index: i, Text: strings.TrimSpace(cells[i]), Key: "number.ambiguous",
				Grouped: c.r.sign * grouped.value, Decimal: c.r.sign * decimal.value})
			continue
		case mark == DecimalComma && c.r.comma.ok, mark == 0 && c.class == cellSame:
			rd = c.r.comma
		case mark == DecimalPoint && c.r.point.ok:
			rd = c.r.point
		default:
			problem("number.contradicts")
			continue
		}
		n := c.r.meta
		n.Value, n.Mark, n.Grouping = c.r.sign*rd.value, rd.mark, rd.grouping
		if n.Value > MaxAbsNumber || n.Value < -MaxAbsNumber {
			problem("number.too_large")
			continue
		}
		col.Cells[i] = ColumnCell{Number: n, OK: true}
	}
	return col
}

// ErrorKey returns the catalogue key of err: the Key of the *Error it
// wraps, or "" when it has none.
func ErrorKey(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Key
	}
	return ""
}

package importer

import (
	"fmt"
	"strings"

	"github.com/planbot/planbot/plan"
)

// Kind says what is wrong with a whole file. The bot translates each kind
// from its catalogue under the key "import.<kind>" (see Error.Key).
type Kind string

// Kinds of file errors. None of them leaves anything to store.
const (
	// KindTooLarge: the file is over MaxBytes, or a workbook unpacks to more
	// than its limit. Limit holds the limit in bytes.
	KindTooLarge Kind = "too_large"
	// KindTooManyRows: more than MaxRows data rows. Limit holds the limit.
	KindTooManyRows Kind = "too_many_rows"
	// KindMismatch: the content is not what the name or type claims.
	// Value is the claim (the extension or Slack's file type), Detected
	// what the content is (see Detected* constants).
	KindMismatch Kind = "mismatch"
	// KindLegacyExcel: an Excel 97-2003 workbook (.xls), which is not read;
	// saving it as .xlsx or CSV is the way out.
	KindLegacyExcel Kind = "legacy_excel"
	// KindEncrypted: a password-protected workbook.
	KindEncrypted Kind = "encrypted"
	// KindFormula: a formula cell in a column the mapping reads. Cell and
	// Column name it. Cached results are not trusted: see doc.go.
	KindFormula Kind = "formula"
	// KindEmpty: no rows at all (an empty file or sheet), or a header with
	// no data row under it (Line is then the header's).
	KindEmpty Kind = "empty"
	// KindNoHeader: the first row holds data, not column names. Line
	// names it.
	KindNoHeader Kind = "no_header"
	// KindNoSheet: the workbook has no sheet named Value.
	KindNoSheet Kind = "no_sheet"
	// KindSyntax: the CSV cannot be split into cells at Line (a stray
	// quote), or the text is not in any encoding read here.
	KindSyntax Kind = "syntax"
	// KindHeaderChanged: a mapping names a column that the file's header
	// does not have at that place (Column), e.g. a remembered mapping
	// applied to a file whose columns moved.
	KindHeaderChanged Kind = "header_changed"
)

// What the content of a file turned out to be, for KindMismatch.
const (
	DetectedCSV    = "csv"    // text
	DetectedXLSX   = "xlsx"   // an Office Open XML workbook
	DetectedOLE    = "ole"    // an OLE2 compound file: old Office, or encrypted
	DetectedZip    = "zip"    // a zip archive that is not a workbook
	DetectedPDF    = "pdf"    // a PDF document
	DetectedImage  = "image"  // PNG, JPEG or GIF
	DetectedBinary = "binary" // anything else that is not text
)

// Error is what is wrong with a file as a whole: the import stops and
// nothing is stored. Its Unwrap gives a *plan.Error with code EINVALID and
// the catalogue key, so plan.ErrorCode reports it as the user's input.
type Error struct {
	Kind     Kind
	Line     int    // the CSV line or sheet row it is about, 1-based; 0 for none
	Cell     string // an XLSX cell reference, "C14"; "" for none
	Column   string // the header of the column it is about
	Value    string // the text at fault: a sheet name, a claimed type
	Detected string // for KindMismatch: what the content is
	Limit    int64  // for KindTooLarge and KindTooManyRows
	Err      error  // the underlying cause, for logs; may be nil
}

// Key is the catalogue key of the message for e: "import.<kind>".
func (e *Error) Key() string { return "import." + string(e.Kind) }

// Error implements the error interface with an English sentence for logs.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("import: ")
	b.WriteString(string(e.Kind))
	if e.Line > 0 {
		fmt.Fprintf(&b, " at line %d", e.Line)
	}
	if e.Cell != "" {
		fmt.Fprintf(&b, " cell %s", e.Cell)
	}
	if e.Column != "" {
		fmt.Fprintf(&b, " column %q", e.Column)
	}
	if e.Value != "" {
		fmt.Fprintf(&b, " value %q", e.Value)
	}
	if e.Detected != "" {
		fmt.Fprintf(&b, " content %s", e.Detected)
	}
	if e.Limit > 0 {
		fmt.Fprintf(&b, " limit %d", e.Limit)
	}
	if e.Err != nil {
		fmt.Fprintf(&b, ": %v", e.Err)
	}
	return b.String()
}

// Unwrap returns the *plan.Error that classifies e (EINVALID, with e's
// key), and the underlying cause when there is one.
func (e *Error) Unwrap() []error {
	errs := []error{&plan.Error{Code: plan.EINVALID, Key: e.Key(), Message: e.Error()}}
	if e.Err != nil {
		errs = append(errs, e.Err)
	}
	return errs
}

// Reason says why one row, or one cell, was not taken. The bot translates
// each from its catalogue under "import.row.<reason>" (see Issue.Key).
type Reason string

// Reasons a row is set aside. Blocking reasons stop the import: the file
// must be fixed (or, for an ambiguous number, the decimal separator chosen
// in the mapping). The others only skip the row, and the preview lists them.
const (
	// ReasonNoDate: the date cell is empty. Skipped.
	ReasonNoDate Reason = "no_date"
	// ReasonTotalRow: the row is a total ("Total", "Grand total"). Skipped.
	ReasonTotalRow Reason = "total_row"
	// ReasonNetwork: the network cell names no network of the catalogue
	// (e.g. GA4's "google / organic"). Skipped. Value is the cell.
	ReasonNetwork Reason = "network"
	// ReasonNoValues: no mapped metric has a value on the row. Skipped.
	ReasonNoValues Reason = "no_values"
	// ReasonDate: a date in a format not read here. Blocking. Value is the cell.
	ReasonDate Reason = "date"
	// ReasonDateFuture: a date after today. Blocking.
	ReasonDateFuture Reason = "date_future"
	// ReasonNumber: a metric cell that is not a number. Blocking.
	ReasonNumber Reason = "number"
	// ReasonAmbiguous: a number the column's convention cannot settle
	// ("1,250": 1250 or 1.25). Blocking. Readings holds both.
	ReasonAmbiguous Reason = "number_ambiguous"
	// ReasonRange: a number outside ±1e12. Blocking.
	ReasonRange Reason = "number_range"
)

// Blocking reports whether a row with this reason stops the import.
func (r Reason) Blocking() bool {
	switch r {
	case ReasonDate, ReasonDateFuture, ReasonNumber, ReasonAmbiguous, ReasonRange:
		return true
	}
	return false
}

// Issue is one row set aside, named by its line (CSV) or row (XLSX), with
// the column and the text at fault when the reason is about a cell.
type Issue struct {
	Line     int
	Column   string
	Reason   Reason
	Value    string
	Readings [2]float64 // for ReasonAmbiguous: grouping read, decimal read
}

// Key is the catalogue key of the message for i: "import.row.<reason>".
func (i Issue) Key() string { return "import.row." + string(i.Reason) }

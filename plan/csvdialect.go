package plan

import (
	"encoding/csv"
	"math"
	"strconv"
	"strings"
)

// CSVDialect is how planbot writes a CSV file for a spreadsheet in the
// plan's language (issue 17), so that it opens as columns by a double
// click: UTF-8 with a byte order mark (without it Excel reads UTF-8 as the
// system's code page and garbles accents), and in French a semicolon
// between cells and a decimal comma, as French Excel expects; in English a
// comma and a decimal point. The dialect is stated in the file name (see
// FileName) rather than in a "sep=;" first line, which Excel honours only
// by ignoring the byte order mark.
//
// The CSV writer (markdown.WriteObservationsCSV, moved out of plan) takes
// a dialect: CSVBOM first, then a csv.Writer set up by Configure, numbers
// written by FormatNumber. A file written so is read back by
// ReadCSVDialect's dialect, the byte order mark stripped, numbers read by ParseNumber.
type CSVDialect struct {
	Lang    string // "en" or "fr"
	Comma   rune   // between cells
	Decimal rune   // in numbers
}

// CSVDialects are the dialects by plan language.
var CSVDialects = map[string]CSVDialect{
	"en": {Lang: "en", Comma: ',', Decimal: '.'},
	"fr": {Lang: "fr", Comma: ';', Decimal: ','},
}

// CSVDialectFor returns the dialect of a plan's language; English for an
// unknown one.
func CSVDialectFor(lang string) CSVDialect {
	if d, ok := CSVDialects[lang]; ok {
		return d
	}
	return CSVDialects["en"]
}

// CSVBOM is the UTF-8 byte order mark a CSV file starts with.
const CSVBOM = "\ufeff"

// Configure sets up w to write d: its separator, and CRLF line ends as RFC
// 4180 and spreadsheets expect. Write CSVBOM before the first record.
func (d CSVDialect) Configure(w *csv.Writer) {
	w.Comma = d.Comma
	w.UseCRLF = true
}

// ConfigureReader sets up r to read d. Strip CSVBOM from the text first.
func (d CSVDialect) ConfigureReader(r *csv.Reader) {
	r.Comma = d.Comma
	r.FieldsPerRecord = -1
}

// FormatNumber writes f for a cell: no thousands separator (a spreadsheet
// would read it as text), as many decimals as needed, the dialect's
// decimal mark. NaN and infinities, which no spreadsheet reads, are empty.
func (d CSVDialect) FormatNumber(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return ""
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if d.Decimal != '.' {
		s = strings.Replace(s, ".", string(d.Decimal), 1)
	}
	return s
}

// ParseNumber reads a cell FormatNumber wrote, or a spreadsheet saved in
// the dialect: an optional sign, digits, the dialect's decimal mark.
// Thousands separators are refused here: reading what people type is the
// job of the locale-aware number parser.
func (d CSVDialect) ParseNumber(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case (r == '-' || r == '+') && i == 0, r == d.Decimal:
		default:
			return 0, false
		}
	}
	if digits == 0 {
		return 0, false
	}
	f, err := strconv.ParseFloat(strings.Replace(s, string(d.Decimal), ".", 1), 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, false
	}
	return f, true
}

// csvSeparatorNames name the separator in a file name, in the dialect's
// language.
var csvSeparatorNames = map[rune]map[string]string{
	',': {"en": "comma", "fr": "virgule"},
	';': {"en": "semicolon", "fr": "point-virgule"},
}

// FileName returns the name of a CSV file of base ("acme-results-2026-03")
// that states the dialect: "acme-results-2026-03_comma.csv",
// "acme-results-2026-03_point-virgule.csv".
func (d CSVDialect) FileName(base string) string {
	name := csvSeparatorNames[d.Comma][d.Lang]
	if name == "" {
		name = csvSeparatorNames[d.Comma]["en"]
	}
	return base + "_" + name + ".csv"
}

// ReadCSVDialect returns the dialect of a CSV text, as pasted or uploaded,
// and the text without its byte order mark: semicolons rather than commas
// in the first line make it French. A file planbot wrote reads back as
// the dialect it was written in.
func ReadCSVDialect(text string) (CSVDialect, string) {
	text = strings.TrimPrefix(text, CSVBOM)
	line, _, _ := strings.Cut(text, "\n")
	if strings.Count(line, ";") > strings.Count(line, ",") {
		return CSVDialects["fr"], text
	}
	return CSVDialects["en"], text
}

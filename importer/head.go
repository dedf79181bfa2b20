package importer

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"time"
)

// rowSource streams the rows of a file: CSV records or sheet rows.
type rowSource interface {
	// next returns the next row and its line (CSV) or row number (XLSX),
	// 1-based; io.EOF at the end. The slice may be reused by the next call.
	next() (int, []string, error)
	close() error
}

// rows opens a stream of the file's rows.
func (f *File) rows() (rowSource, error) {
	if f.flat != "" {
		return f.flatRows()
	}
	if f.format == FormatXLSX {
		return f.xlsxRows()
	}
	return f.csvRows()
}

// headScan is how many rows, blank and comment rows aside, are searched
// for the header.
const headScan = 30

// sampleRows is how many data rows Head returns.
const sampleRows = 5

// Head is the top of a file: its header row, a few rows of data, and what
// the mapping step needs to know about it.
type Head struct {
	Format    Format
	Encoding  string // CSV only; see File.Encoding
	Delimiter rune   // CSV only
	Sheet     string // XLSX only
	Sheets    []string
	// Line is the header's line (CSV) or row (XLSX), 1-based.
	Line int
	// Columns are the header's cells, trimmed; an unnamed column gets
	// ColumnName's name.
	Columns []string
	// Samples are the first data rows, each as long as Columns.
	Samples [][]string
	// Signature identifies the header (see Signature): a mapping saved
	// under it applies to next month's export of the same report.
	Signature string
	// From and To are the period that comment lines above the header
	// state (GA4's "# Start date: 20260301", "# End date: 20260331");
	// zero when the file states none.
	From, To time.Time
	// Comments tells that the header came after "#" comment lines (GA4):
	// a "#" line after the data then ends the table.
	Comments bool
	// Preset is the export recognised from the header; nil when none.
	Preset *Preset
}

// ColumnName is the name shown for column i (0-based) when its header
// cell is empty: "Column C".
func ColumnName(i int) string {
	name := ""
	for n := i + 1; n > 0; n = (n - 1) / 26 {
		name = string(rune('A'+(n-1)%26)) + name
	}
	return "Column " + name
}

// Head reads the top of the file: the header is the first row that a
// preset recognises among the first rows, or else the first row with at
// least two cells and as many as half the widest row's. Rows starting
// with "#" above it are comments. Errors: KindEmpty (no row, or no data
// row under the header), KindNoHeader (the row found holds data).
func (f *File) Head() (*Head, error) {
	src, err := f.rows()
	if err != nil {
		return nil, err
	}
	defer src.close()
	h := &Head{Format: f.format, Encoding: f.encoding, Delimiter: f.delimiter, Sheet: f.sheet, Sheets: f.sheets}

	type row struct {
		line  int
		cells []string
	}
	var (
		scanned []row
		widest  int
	)
	for len(scanned) < headScan {
		line, cells, err := src.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		n := filled(cells)
		if n == 0 {
			continue
		}
		if len(scanned) == 0 && isComment(cells) {
			h.Comments = true
			h.readComment(cells)
			continue
		}
		scanned = append(scanned, row{line, trimmed(cells)})
		widest = max(widest, n)
	}
	if len(scanned) == 0 {
		return nil, &Error{Kind: KindEmpty}
	}
	at := -1
	for i, r := range scanned {
		if DetectPreset(r.cells) != nil {
			at = i
			break
		}
	}
	if at < 0 {
		for i, r := range scanned {
			if n := filled(r.cells); n >= 2 && 2*n >= widest {
				at = i
				break
			}
		}
	}
	if at < 0 {
		at = 0
	}
	hdr := scanned[at]
	if looksLikeData(hdr.cells) {
		return nil, &Error{Kind: KindNoHeader, Line: hdr.line}
	}
	h.Line = hdr.line
	h.Columns = make([]string, len(hdr.cells))
	for i, c := range hdr.cells {
		h.Columns[i] = c
		if c == "" {
			h.Columns[i] = ColumnName(i)
		}
	}
	h.Signature = Signature(h.Columns)
	h.Preset = DetectPreset(h.Columns)

	rest := scanned[at+1:]
	for len(h.Samples) < sampleRows {
		var r row
		if len(rest) > 0 {
			r, rest = rest[0], rest[1:]
		} else {
			line, cells, err := src.next()
			if err == io.EOF {
				break
			}
			if err != nil {
				return nil, err
			}
			if filled(cells) == 0 {
				continue
			}
			r = row{line, trimmed(cells)}
		}
		if h.Comments && isComment(r.cells) {
			break
		}
		sample := make([]string, len(h.Columns))
		copy(sample, r.cells)
		h.Samples = append(h.Samples, sample)
	}
	if len(h.Samples) == 0 {
		return nil, &Error{Kind: KindEmpty, Line: h.Line}
	}
	return h, nil
}

// readComment takes the period from a GA4 comment line.
func (h *Head) readComment(cells []string) {
	text := strings.TrimSpace(strings.TrimPrefix(strings.Join(cells, ","), "#"))
	key, val, ok := strings.Cut(text, ":")
	if !ok {
		return
	}
	t, err := time.Parse("20060102", strings.Trim(strings.TrimSpace(val), ","))
	if err != nil {
		return
	}
	switch strings.ToLower(strings.TrimSpace(key)) {
	case "start date", "date de début":
		h.From = t
	case "end date", "date de fin":
		h.To = t
	}
}

// Signature is a stable identifier of a header row: the SHA-256 of its
// cells, normalised as metric names are compared (case, accents, spaces
// and punctuation aside), in hex. Reordering, adding or renaming a column
// changes it; re-exporting the same report does not.
func Signature(columns []string) string {
	h := sha256.New()
	for _, c := range columns {
		fmt.Fprintf(h, "%s\x1f", normalize(c))
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// isComment reports whether a row is a "#" comment line.
func isComment(cells []string) bool {
	return len(cells) > 0 && strings.HasPrefix(strings.TrimSpace(cells[0]), "#")
}

// filled counts the non-blank cells of a row.
func filled(cells []string) int {
	n := 0
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			n++
		}
	}
	return n
}

// trimmed returns a copy of cells, each trimmed, without trailing empty cells.
func trimmed(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = strings.TrimSpace(c)
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}

// looksLikeData reports whether a would-be header row holds data: a date,
// or numbers in most of its cells.
func looksLikeData(cells []string) bool {
	n, nums := 0, 0
	for _, c := range cells {
		if c == "" {
			continue
		}
		n++
		if _, ok := parseDateAny(c); ok {
			return true
		}
		if looksLikeNumber(c) {
			nums++
		}
	}
	return 2*nums > n
}

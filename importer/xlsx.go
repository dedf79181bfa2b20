package importer

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// openXLSX opens the workbook and picks its sheet.
func (f *File) openXLSX() error {
	if err := checkUnzippedSize(f.path); err != nil {
		return err
	}
	book, err := excelize.OpenFile(f.path, excelize.Options{
		UnzipSizeLimit:    maxUnzipped,
		UnzipXMLSizeLimit: unzipInMemory,
		TmpDir:            f.opts.TempDir,
		// Excel's default short date (format 14) is "m/d/yy" in en-US;
		// read it as an ISO date instead, so the year keeps its century.
		ShortDatePattern: "yyyy-mm-dd",
	})
	if err != nil {
		return &Error{Kind: KindMismatch, Value: claim(f.opts), Detected: DetectedZip, Err: err}
	}
	f.book = book
	if props, err := book.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		f.date4 = *props.Date1904
	}
	f.sheets = book.GetSheetList()
	if f.opts.Sheet != "" {
		for _, s := range f.sheets {
			if strings.EqualFold(strings.TrimSpace(s), strings.TrimSpace(f.opts.Sheet)) {
				f.sheet = s
				return nil
			}
		}
		book.Close()
		return &Error{Kind: KindNoSheet, Value: f.opts.Sheet}
	}
	// The first visible sheet whose header a preset knows (LinkedIn's
	// export has a "Metrics" sheet before "All posts"), else the first
	// visible sheet with a value.
	first := ""
	for _, s := range f.sheets {
		if visible, err := book.GetSheetVisible(s); err == nil && !visible {
			continue
		}
		empty, err := f.sheetEmpty(s)
		if err != nil {
			book.Close()
			return err
		}
		if empty {
			continue
		}
		if first == "" {
			first = s
		}
		f.sheet = s
		if h, err := f.Head(); err == nil && h.Preset != nil {
			return nil
		}
	}
	if first == "" {
		book.Close()
		return &Error{Kind: KindEmpty}
	}
	f.sheet = first
	return nil
}

// maxFlat bounds the temporary CSV copy of a sheet.
const maxFlat = 128 << 20

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
	n int64
}

// Write implements io.Writer.
func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// checkUnzippedSize refuses a workbook whose parts add up to more than
// maxUnzipped once unpacked.
func checkUnzippedSize(p string) error {
	zr, err := openZip(p)
	if err != nil {
		return &Error{Kind: KindMismatch, Detected: DetectedZip, Err: err}
	}
	defer zr.Close()
	var total uint64
	for _, zf := range zr.File {
		total += zf.UncompressedSize64
	}
	if total > maxUnzipped {
		return &Error{Kind: KindTooLarge, Limit: maxUnzipped}
	}
	return nil
}

func openZip(p string) (*zip.ReadCloser, error) { return zip.OpenReader(p) }

// sheetEmpty reports whether a sheet has no cell with a value.
func (f *File) sheetEmpty(sheet string) (bool, error) {
	rows, err := f.book.Rows(sheet)
	if err != nil {
		return true, nil // a chart sheet, or a part excelize cannot read
	}
	defer rows.Close()
	for rows.Next() {
		cells, err := rows.Columns()
		if err != nil {
			return false, &Error{Kind: KindMismatch, Detected: DetectedXLSX, Err: err}
		}
		for _, c := range cells {
			if strings.TrimSpace(c) != "" {
				return false, nil
			}
		}
	}
	return true, rows.Error()
}

// xlsxSource streams the rows of the file's sheet. Cells are the values
// Excel shows (numbers in its en-US rendering, dates as yyyy-mm-dd).
type xlsxSource struct {
	rows *excelize.Rows
	row  int
}

func (f *File) xlsxRows() (*xlsxSource, error) {
	rows, err := f.book.Rows(f.sheet)
	if err != nil {
		return nil, &Error{Kind: KindMismatch, Detected: DetectedXLSX, Err: err}
	}
	return &xlsxSource{rows: rows}, nil
}

// next returns the next row (rows without a cell come back empty) and its
// number; io.EOF at the end.
func (s *xlsxSource) next() (int, []string, error) {
	if !s.rows.Next() {
		if err := s.rows.Error(); err != nil {
			return 0, nil, &Error{Kind: KindMismatch, Detected: DetectedXLSX, Err: err}
		}
		return 0, nil, io.EOF
	}
	s.row++ // excelize steps through every row number, empty ones too
	cells, err := s.rows.Columns()
	if err != nil {
		return 0, nil, &Error{Kind: KindMismatch, Detected: DetectedXLSX, Err: err}
	}
	return s.row, cells, nil
}

func (s *xlsxSource) close() error { return s.rows.Close() }

// flatten copies the sheet's rows with a value into a temporary CSV file,
// each record led by its row number, and reads the sheet from the copy
// from then on. It stops some rows past the row limit, which the reading
// then reports.
func (f *File) flatten(ctx context.Context, h *Head) (err error) {
	if f.format != FormatXLSX || f.flat != "" {
		return nil
	}
	src, err := f.xlsxRows()
	if err != nil {
		return err
	}
	defer src.close()
	fh, err := os.CreateTemp(f.opts.TempDir, "planbot-sheet-*.csv")
	if err != nil {
		return fmt.Errorf("copy sheet: %w", err)
	}
	defer func() {
		if cerr := fh.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("copy sheet: %w", cerr)
		}
		if err != nil {
			os.Remove(fh.Name())
			return
		}
		f.flat = fh.Name()
	}()
	cw := &countingWriter{w: fh}
	bw := bufio.NewWriterSize(cw, 64<<10)
	w := csv.NewWriter(bw)
	rec := []string{}
	data := 0
	for data <= f.opts.maxRows() {
		if cw.n > maxFlat {
			return &Error{Kind: KindTooLarge, Limit: maxFlat}
		}
		if data%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		row, cells, err := src.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		if filled(cells) == 0 {
			continue
		}
		if row > h.Line {
			data++
		}
		rec = append(append(rec[:0], strconv.Itoa(row)), cells...)
		if err := w.Write(rec); err != nil {
			return fmt.Errorf("copy sheet: %w", err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return fmt.Errorf("copy sheet: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("copy sheet: %w", err)
	}
	return nil
}

// firstFormula returns the reference of the first formula cell of the
// sheet in one of cols (0-based) on a row after header, or "". excelize's
// row iterator gives a formula's cached result as if it were a value, so
// the sheet's XML is streamed a second time to find the formulas; a quick
// byte scan first spares that pass for the usual sheet, which has none.
func (f *File) firstFormula(header int, cols []int) (string, error) {
	part, err := f.sheetPart()
	if err != nil {
		return "", err
	}
	zr, err := openZip(f.path)
	if err != nil {
		return "", fmt.Errorf("open workbook: %w", err)
	}
	defer zr.Close()
	var zf *zip.File
	for _, c := range zr.File {
		if strings.EqualFold(c.Name, part) {
			zf = c
		}
	}
	if zf == nil {
		return "", nil
	}
	has, err := hasFormula(zf)
	if err != nil || !has {
		return "", err
	}
	rc, err := zf.Open()
	if err != nil {
		return "", fmt.Errorf("open worksheet: %w", err)
	}
	defer rc.Close()
	want := map[int]bool{}
	for _, c := range cols {
		want[c+1] = true
	}
	d := xml.NewDecoder(bufio.NewReaderSize(rc, 64<<10))
	row, col, cell := 0, 0, ""
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			return "", nil
		}
		if err != nil {
			return "", fmt.Errorf("read worksheet: %w", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "row":
			row++
			if r := attr(se, "r"); r != "" {
				row, _ = strconv.Atoi(r)
			}
			col = 0
		case "c":
			col++
			cell = attr(se, "r")
			if cell != "" {
				if c, r, err := excelize.CellNameToCoordinates(cell); err == nil {
					col, row = c, r
				}
			}
		case "f":
			if row > header && want[col] {
				if cell == "" {
					cell, _ = excelize.CoordinatesToCellName(col, row)
				}
				return cell, nil
			}
		}
	}
}

// hasFormula reports whether the worksheet part holds a formula element
// (<f>, or <x:f> with a prefix), by a byte scan of its XML.
func hasFormula(zf *zip.File) (bool, error) {
	rc, err := zf.Open()
	if err != nil {
		return false, fmt.Errorf("open worksheet: %w", err)
	}
	defer rc.Close()
	buf := make([]byte, 256<<10)
	keep := 0
	for {
		n, err := rc.Read(buf[keep:])
		n += keep
		if formulaTag(buf[:n]) {
			return true, nil
		}
		keep = copy(buf, buf[max(0, n-16):n]) // a tag cut in two
		if errors.Is(err, io.EOF) {
			return false, nil
		}
		if err != nil {
			return false, fmt.Errorf("read worksheet: %w", err)
		}
	}
}

// formulaTag reports whether b holds "<f" or "<prefix:f" followed by a
// space, ">" or "/": the start of a formula element, never of <formula>.
func formulaTag(b []byte) bool {
	for i := bytes.IndexByte(b, '<'); i >= 0 && i < len(b); {
		j := i + 1
		for j < len(b) && j-i < 12 && (b[j] >= 'a' && b[j] <= 'z' || b[j] >= 'A' && b[j] <= 'Z' || b[j] >= '0' && b[j] <= '9') {
			j++
		}
		name := b[i+1 : j]
		if j < len(b) && b[j] == ':' {
			k := j + 1
			for k < len(b) && b[k] >= 'a' && b[k] <= 'z' {
				k++
			}
			name, j = b[j+1:k], k
		}
		if string(name) == "f" && j < len(b) && (b[j] == ' ' || b[j] == '>' || b[j] == '/') {
			return true
		}
		next := bytes.IndexByte(b[i+1:], '<')
		if next < 0 {
			return false
		}
		i += 1 + next
	}
	return false
}

// sheetPart returns the zip path of the sheet's XML, from the workbook
// and its relationships.
func (f *File) sheetPart() (string, error) {
	zr, err := openZip(f.path)
	if err != nil {
		return "", fmt.Errorf("open workbook: %w", err)
	}
	defer zr.Close()
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := decodePart(zr, "xl/workbook.xml", &wb); err != nil {
		return "", err
	}
	if err := decodePart(zr, "xl/_rels/workbook.xml.rels", &rels); err != nil {
		return "", err
	}
	for _, s := range wb.Sheets {
		if s.Name != f.sheet {
			continue
		}
		for _, r := range rels.Rels {
			if r.ID == s.ID {
				if strings.HasPrefix(r.Target, "/") {
					return strings.TrimPrefix(r.Target, "/"), nil
				}
				return path.Join("xl", r.Target), nil
			}
		}
	}
	return "", fmt.Errorf("worksheet %q: no part", f.sheet)
}

// decodePart decodes the XML part name of zr into v.
func decodePart(zr *zip.ReadCloser, name string, v any) error {
	for _, zf := range zr.File {
		if !strings.EqualFold(zf.Name, name) {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			return fmt.Errorf("open %s: %w", name, err)
		}
		defer rc.Close()
		if err := xml.NewDecoder(rc).Decode(v); err != nil {
			return fmt.Errorf("read %s: %w", name, err)
		}
		return nil
	}
	return fmt.Errorf("workbook: no %s", name)
}

// attr returns the value of the attribute named local of se.
func attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

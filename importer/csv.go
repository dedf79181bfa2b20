package importer

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Byte order marks.
var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// Encodings of text files, as File.Encoding names them.
const (
	encUTF8        = "utf-8"
	encUTF8BOM     = "utf-8-bom"
	encUTF16LE     = "utf-16le"
	encUTF16BE     = "utf-16be"
	encWindows1252 = "windows-1252"
)

// delimiters are the cell separators recognised, in order of preference
// when the first lines count as many of two of them.
var delimiters = []rune{',', ';', '\t', '|'}

// openCSV finds the encoding and the delimiter of a text file whose first
// bytes are head.
func (f *File) openCSV(head []byte) error {
	switch {
	case bytes.HasPrefix(head, bomUTF8):
		f.encoding = encUTF8BOM
	case bytes.HasPrefix(head, bomUTF16LE):
		f.encoding = encUTF16LE
	case bytes.HasPrefix(head, bomUTF16BE):
		f.encoding = encUTF16BE
	default:
		valid, err := validUTF8(f.path)
		if err != nil {
			return err
		}
		f.encoding = encUTF8
		if !valid {
			// Not UTF-8: Excel's "CSV" on Windows writes the ANSI code
			// page, which is Windows-1252 in western Europe (a superset of
			// Latin-1's printable characters).
			f.encoding = encWindows1252
		}
	}
	r, err := f.text()
	if err != nil {
		return err
	}
	defer r.Close()
	sample, err := io.ReadAll(io.LimitReader(r, 64<<10))
	if err != nil {
		return &Error{Kind: KindSyntax, Err: err}
	}
	f.delimiter = detectDelimiter(string(sample))
	return nil
}

// validUTF8 reads the whole file at path, in chunks, and reports whether
// it is valid UTF-8.
func validUTF8(path string) (bool, error) {
	fh, err := os.Open(path)
	if err != nil {
		return false, fmt.Errorf("open import: %w", err)
	}
	defer fh.Close()
	buf := make([]byte, 64<<10)
	carry := 0 // bytes of an incomplete rune kept from the last chunk
	for {
		n, err := fh.Read(buf[carry:])
		n += carry
		end := n
		// Keep an incomplete rune at the end for the next chunk.
		for i := 1; i <= utf8.UTFMax && i <= n; i++ {
			if utf8.RuneStart(buf[n-i]) {
				if !utf8.FullRune(buf[n-i : n]) {
					end = n - i
				}
				break
			}
		}
		if !utf8.Valid(buf[:end]) {
			return false, nil
		}
		carry = copy(buf, buf[end:n])
		if errors.Is(err, io.EOF) {
			return carry == 0, nil
		}
		if err != nil {
			return false, fmt.Errorf("read import: %w", err)
		}
	}
}

// text opens the file as UTF-8 text, without a byte order mark.
func (f *File) text() (io.ReadCloser, error) {
	fh, err := os.Open(f.path)
	if err != nil {
		return nil, fmt.Errorf("open import: %w", err)
	}
	var r io.Reader = bufio.NewReaderSize(fh, 64<<10)
	switch f.encoding {
	case encUTF8BOM:
		if _, err := io.CopyN(io.Discard, r, int64(len(bomUTF8))); err != nil {
			fh.Close()
			return nil, fmt.Errorf("read import: %w", err)
		}
	case encUTF16LE:
		r = transform.NewReader(r, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder())
	case encUTF16BE:
		r = transform.NewReader(r, unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder())
	case encWindows1252:
		r = transform.NewReader(r, charmap.Windows1252.NewDecoder())
	}
	return struct {
		io.Reader
		io.Closer
	}{r, fh}, nil
}

// detectDelimiter picks the separator that splits the first data lines of
// sample (comment and blank lines aside) into the same number of cells on
// every line, the most cells winning; a comma when nothing splits them.
func detectDelimiter(sample string) rune {
	var lines []string
	for len(lines) < 10 && sample != "" {
		var line string
		line, sample, _ = strings.Cut(sample, "\n")
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		lines = append(lines, line)
	}
	if len(lines) > 1 && sample != "" {
		lines = lines[:len(lines)-1] // the last one may be cut short
	}
	best, bestCount, bestSteady := ',', 0, false
	for _, d := range delimiters {
		counts := make([]int, len(lines))
		for i, line := range lines {
			counts[i] = countOutsideQuotes(line, d)
		}
		steady, n := true, 0
		for i, c := range counts {
			if i == 0 {
				n = c
			} else if c != n {
				steady = false
			}
		}
		if n == 0 {
			continue
		}
		if (steady && !bestSteady) || (steady == bestSteady && n > bestCount) {
			best, bestCount, bestSteady = d, n, steady
		}
	}
	return best
}

// countOutsideQuotes counts d in line outside double-quoted cells.
func countOutsideQuotes(line string, d rune) int {
	n, quoted := 0, false
	for _, r := range line {
		switch {
		case r == '"':
			quoted = !quoted
		case r == d && !quoted:
			n++
		}
	}
	return n
}

// csvSource streams the records of a CSV file.
type csvSource struct {
	text io.ReadCloser
	r    *csv.Reader
	// numbered tells that each record starts with its sheet row number:
	// the file is a flattened sheet (see File.flatten).
	numbered bool
}

// csvRows opens a stream of the file's records.
func (f *File) csvRows() (*csvSource, error) {
	t, err := f.text()
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(t)
	r.Comma = f.delimiter
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	r.ReuseRecord = true
	return &csvSource{text: t, r: r}, nil
}

// flatRows opens a stream of the rows of a sheet flattened to CSV.
func (f *File) flatRows() (*csvSource, error) {
	fh, err := os.Open(f.flat)
	if err != nil {
		return nil, fmt.Errorf("open sheet copy: %w", err)
	}
	r := csv.NewReader(bufio.NewReaderSize(fh, 64<<10))
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	return &csvSource{text: fh, r: r, numbered: true}, nil
}

// next returns the next record and its line; io.EOF at the end. The
// slice is reused by the following call.
func (s *csvSource) next() (int, []string, error) {
	rec, err := s.r.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return 0, nil, io.EOF
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return 0, nil, &Error{Kind: KindSyntax, Line: pe.StartLine, Err: err}
		}
		return 0, nil, &Error{Kind: KindSyntax, Err: err}
	}
	if s.numbered {
		row, err := strconv.Atoi(rec[0])
		if err != nil {
			return 0, nil, fmt.Errorf("read sheet copy: %w", err)
		}
		return row, rec[1:], nil
	}
	line, _ := s.r.FieldPos(0)
	return line, rec, nil
}

func (s *csvSource) close() error { return s.text.Close() }

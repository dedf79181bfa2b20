package importer

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/planbot/planbot/plan"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/unicode"
)

func TestOpenEncodings(t *testing.T) {
	text := "Date;Réseau;Abonnés\n2026-03-01;Instagram;1 250\n"
	utf16be, err := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		content []byte
		want    string
	}{
		{"UTF8", []byte(text), encUTF8},
		{"UTF8BOM", append([]byte{0xEF, 0xBB, 0xBF}, text...), encUTF8BOM},
		{"UTF16BE", []byte(utf16be), encUTF16BE},
		// "é" as Latin-1/Windows-1252 (0xE9) is not valid UTF-8.
		{"Windows1252", []byte(strings.ReplaceAll(strings.ReplaceAll(text, "é", "\xe9"), "Abonn\xe9s", "Abonn\xe9s")), encWindows1252},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := MustOpen(t, MustWrite(t, "x.csv", tt.content), Options{})
			if f.Encoding() != tt.want || f.Delimiter() != ';' {
				t.Fatalf("encoding %s delimiter %q", f.Encoding(), f.Delimiter())
			}
			h := MustHead(t, f)
			if h.Columns[1] != "Réseau" || h.Columns[2] != "Abonnés" || h.Samples[0][2] != "1 250" {
				t.Fatalf("head %q %q", h.Columns, h.Samples)
			}
		})
	}
}

func TestValidUTF8AcrossChunks(t *testing.T) {
	// A two-byte "é" straddling the 64 KiB read boundary is valid.
	content := append(bytes.Repeat([]byte("a"), 64<<10-1), "é\n"...)
	ok, err := validUTF8(MustWrite(t, "x.csv", content))
	if err != nil || !ok {
		t.Fatalf("valid = %v, %v", ok, err)
	}
	ok, err = validUTF8(MustWrite(t, "y.csv", append(content, 0xC3))) // cut short at the end
	if err != nil || ok {
		t.Fatalf("valid = %v, %v; want false", ok, err)
	}
}

func TestDetectDelimiter(t *testing.T) {
	tests := []struct {
		name   string
		sample string
		want   rune
	}{
		{"Comma", "a,b,c\n1,2,3\n", ','},
		{"Semicolon", "a;b;c\n1,5;2;3\n", ';'},
		{"Tab", "a\tb\n1,5\t2\n", '\t'},
		{"Bar", "a|b|c\n1|2|3\n", '|'},
		{"QuotedCommas", "\"a,x\";b\n\"1,2\";3\n", ';'},
		{"CommentsAside", "# Start date: 20260301\n# a;b;c;d;e\na,b\n1,2\n", ','},
		{"OneColumn", "a\n1\n", ','},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := detectDelimiter(tt.sample); got != tt.want {
				t.Errorf("detectDelimiter = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestOpenErrors(t *testing.T) {
	encrypted := MustXLSX(t, "secret.xlsx", []sheet{{"Sheet1", [][]any{{"Date", "Clicks"}, {"2026-03-01", 3}}}},
		excelize.Options{Password: "hunter2"})
	workbook := MustXLSX(t, "book.xlsx", []sheet{{"Sheet1", [][]any{{"Date", "Clicks"}, {"2026-03-01", 3}}}})
	read := func(p string) []byte {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 1024)...)
	tests := []struct {
		name     string
		file     string
		content  []byte
		opts     Options
		kind     Kind
		detected string
	}{
		{"ErrTooLarge", "big.csv", bytes.Repeat([]byte("a,b\n"), 100), Options{MaxBytes: 100}, KindTooLarge, ""},
		{"ErrPDFAsCSV", "results.csv", []byte("%PDF-1.7\n..."), Options{}, KindMismatch, DetectedPDF},
		{"ErrWorkbookAsCSV", "results.csv", read(workbook), Options{}, KindMismatch, DetectedXLSX},
		{"ErrTextAsXLSX", "results.xlsx", []byte("Date,Clicks\n2026-03-01,3\n"), Options{}, KindMismatch, DetectedCSV},
		{"ErrImageAsXLSX", "results.xlsx", []byte("\x89PNG\r\n\x1a\n...."), Options{}, KindMismatch, DetectedImage},
		{"ErrZipNotWorkbook", "results.xlsx", zipOf(t, "hello.txt", "hi"), Options{}, KindMismatch, DetectedZip},
		{"ErrBinaryNoName", "upload", []byte("abc\x00def"), Options{}, KindMismatch, DetectedBinary},
		{"ErrSlackTypeCSV", "upload", []byte("%PDF-1.4"), Options{FileType: "csv"}, KindMismatch, DetectedPDF},
		{"ErrEncrypted", "secret.xlsx", read(encrypted), Options{}, KindEncrypted, ""},
		{"ErrLegacyExcel", "old.xls", ole, Options{}, KindLegacyExcel, ""},
		{"ErrNoSheet", "book.xlsx", read(workbook), Options{Sheet: "Résultats"}, KindNoSheet, ""},
		{"ErrEmptyCSV", "empty.csv", []byte("\n\n"), Options{}, KindEmpty, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Name = tt.file
			f, err := Open(MustWrite(t, tt.file, tt.content), tt.opts)
			if err == nil {
				_, err = f.Head()
				f.Close()
			}
			var e *Error
			if !errors.As(err, &e) || e.Kind != tt.kind || e.Detected != tt.detected {
				t.Fatalf("err = %v, want %s (%s)", err, tt.kind, tt.detected)
			}
			if plan.ErrorCode(err) != plan.EINVALID || e.Key() != "import."+string(tt.kind) {
				t.Errorf("code %s key %s", plan.ErrorCode(err), e.Key())
			}
		})
	}
}

func TestOpenExcelNamesAlike(t *testing.T) {
	// Excel opens an .xlsx saved under .xls; so does the importer.
	book := MustXLSX(t, "book.xlsx", []sheet{{"Sheet1", [][]any{{"Date", "Clicks"}, {"2026-03-01", 3}}}})
	b, err := os.ReadFile(book)
	if err != nil {
		t.Fatal(err)
	}
	f := MustOpen(t, MustWrite(t, "linkedin.xls", b), Options{})
	if f.Format() != FormatXLSX || f.Sheet() != "Sheet1" {
		t.Fatalf("format %s sheet %s", f.Format(), f.Sheet())
	}
}

func TestHeadErrors(t *testing.T) {
	tests := []struct {
		name    string
		content string
		kind    Kind
		line    int
	}{
		{"ErrNoHeader", "2026-03-01,Instagram,12\n2026-03-02,Instagram,14\n", KindNoHeader, 1},
		{"ErrNoHeaderNumbers", "# export\n12,14,16\n1,2,3\n", KindNoHeader, 2},
		{"ErrHeaderOnly", "Date,Clicks\n\n", KindEmpty, 1},
		{"ErrCommentsOnly", "# Start date: 20260301\n# End date: 20260331\n", KindEmpty, 0},
		{"ErrStrayQuote", "Date,Note,Clicks\n2026-03-01,\"unfinished,3\n", KindSyntax, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := MustOpen(t, MustWrite(t, "x.csv", []byte(tt.content)), Options{})
			_, err := f.Head()
			var e *Error
			if !errors.As(err, &e) || e.Kind != tt.kind || e.Line != tt.line {
				t.Fatalf("err = %v, want %s at line %d", err, tt.kind, tt.line)
			}
		})
	}
}

func TestSignature(t *testing.T) {
	a := Signature([]string{"Date", "Session source / medium", "Sessions"})
	if b := Signature([]string{" date ", "Session source/medium", "SESSIONS"}); a != b {
		t.Errorf("same header, different signatures: %s %s", a, b)
	}
	if b := Signature([]string{"Session source / medium", "Date", "Sessions"}); a == b {
		t.Error("reordered columns, same signature")
	}
	if b := Signature([]string{"Date", "Session source / medium", "Sessions", "Key events"}); a == b {
		t.Error("added column, same signature")
	}
	if len(a) != 32 {
		t.Errorf("signature %q: want 32 hex digits", a)
	}
}

func TestSpool(t *testing.T) {
	dir := t.TempDir()
	path, err := Spool(strings.NewReader("Date,Clicks\n"), dir, 100)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(path); err != nil || string(b) != "Date,Clicks\n" {
		t.Fatalf("spooled %q, %v", b, err)
	}
	if _, err := Spool(strings.NewReader(strings.Repeat("x", 101)), dir, 100); kindOf(err) != KindTooLarge {
		t.Fatalf("err = %v, want too large", err)
	}
	left, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(left) != 1 {
		t.Errorf("files left %q: the refused copy must be removed", left)
	}
}

func TestTooManyRows(t *testing.T) {
	var b strings.Builder
	b.WriteString("Date,Clicks\n")
	for range 11 {
		b.WriteString("2026-03-01,1\n")
	}
	f := MustOpen(t, MustWrite(t, "x.csv", []byte(b.String())), Options{MaxRows: 10})
	metrics := []*plan.Metric{metric("Clicks", plan.MetricCount)}
	_, err := f.Preview(context.Background(), Suggest(MustHead(t, f), metrics), metrics, today)
	var e *Error
	if !errors.As(err, &e) || e.Kind != KindTooManyRows || e.Limit != 10 || e.Line != 12 {
		t.Fatalf("err = %v, want too many rows at line 12", err)
	}
}

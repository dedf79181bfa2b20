package importer

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/richardlehane/mscfb"
	"github.com/xuri/excelize/v2"
)

// Limits of what is imported. A file over either is refused whole.
const (
	MaxBytes = 10 << 20 // 10 MiB, as downloaded
	MaxRows  = 200_000  // data rows under the header
	// maxUnzipped bounds what a workbook may unpack to, so that a small
	// zip cannot fill the disk.
	maxUnzipped = 512 << 20
	// unzipInMemory is the largest worksheet or shared-string part kept in
	// memory; bigger parts are unpacked to a temporary file and streamed.
	unzipInMemory = 4 << 20
)

// Format is how a file is laid out.
type Format string

// Formats read.
const (
	FormatCSV  Format = "csv"  // delimited text: comma, semicolon, tab or bar
	FormatXLSX Format = "xlsx" // an Excel workbook
)

// Options say what a file claims to be and how to read it. The zero value
// reads any file whose content is CSV or XLSX, with the default limits.
type Options struct {
	// Name is the file's name as uploaded ("results.csv"): its extension
	// is a claim checked against the content.
	Name string
	// FileType is Slack's filetype for the file ("csv", "xlsx", "text"),
	// checked like the extension when Name has none.
	FileType string
	// Sheet is the worksheet to read; "" reads the first visible sheet that
	// has a non-empty row.
	Sheet string
	// Lang is the user's Slack locale or language ("fr-FR", "en"): it
	// settles the numbers (plan.NumberLocaleOf) and dates that a CSV's own
	// cells leave ambiguous.
	Lang string
	// MaxBytes and MaxRows override the limits when positive (tests).
	MaxBytes int64
	MaxRows  int
	// TempDir is where Spool and the workbook reader put temporary files;
	// "" is the system's.
	TempDir string
	// Numbers reads number columns; nil is PlanNumbers, plan's
	// locale-aware parser.
	Numbers NumberReader
}

func (o Options) maxBytes() int64 {
	if o.MaxBytes > 0 {
		return o.MaxBytes
	}
	return MaxBytes
}

func (o Options) maxRows() int {
	if o.MaxRows > 0 {
		return o.MaxRows
	}
	return MaxRows
}

// File is an export opened for reading. Its content stays on disk: every
// pass streams it again, so a file is read several times (Head, then each
// Preview) without being held in memory. Close releases it. A File is
// for one goroutine at a time.
type File struct {
	opts   Options
	path   string
	format Format

	// CSV
	encoding  string
	delimiter rune

	// XLSX
	book   *excelize.File
	sheet  string
	sheets []string
	date4  bool // the workbook counts dates from 1904
	// flat is a temporary CSV copy of the sheet, made by the first
	// Preview: excelize's row iterator decodes each cell with reflection,
	// so the sheet is read through it once and the copy streamed after.
	flat string

	h *Head // read once by Preview
}

// Spool copies r into a temporary file in dir ("" for the system's), at
// most limit bytes (MaxBytes when limit is 0), and returns its path; the
// caller removes it. A longer r is a KindTooLarge error and leaves no file.
// The bot spools a download, then opens the copy.
func Spool(r io.Reader, dir string, limit int64) (path string, err error) {
	if limit <= 0 {
		limit = MaxBytes
	}
	f, err := os.CreateTemp(dir, "planbot-import-*")
	if err != nil {
		return "", fmt.Errorf("spool: %w", err)
	}
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("spool: %w", cerr)
		}
		if err != nil {
			_ = os.Remove(f.Name())
			path = ""
		}
	}()
	n, err := io.Copy(f, io.LimitReader(r, limit+1))
	if err != nil {
		return "", fmt.Errorf("spool: %w", err)
	}
	if n > limit {
		return "", &Error{Kind: KindTooLarge, Limit: limit}
	}
	return f.Name(), nil
}

// Open opens the file at path, checks its size and that its content is
// what opts claims, and finds how to read it: for CSV its encoding and
// delimiter, for XLSX its sheet. Errors are *Error for the user's file
// (too large, not what it claims, old .xls, password-protected, no such
// sheet, empty) and plain errors otherwise.
func Open(path string, opts Options) (*File, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("open import: %w", err)
	}
	if fi.Size() > opts.maxBytes() {
		return nil, &Error{Kind: KindTooLarge, Limit: opts.maxBytes()}
	}
	f := &File{opts: opts, path: path}
	head, err := readPrefix(path, 8192)
	if err != nil {
		return nil, err
	}
	detected := sniff(head)
	if detected == DetectedZip && isWorkbookZip(path) {
		detected = DetectedXLSX
	}
	if err := checkClaim(opts, detected); err != nil {
		return nil, err
	}
	switch detected {
	case DetectedCSV:
		f.format = FormatCSV
		if err := f.openCSV(head); err != nil {
			return nil, err
		}
	case DetectedXLSX:
		f.format = FormatXLSX
		if err := f.openXLSX(); err != nil {
			return nil, err
		}
	case DetectedOLE:
		return nil, oleError(path, claim(opts))
	default:
		return nil, &Error{Kind: KindMismatch, Value: claim(opts), Detected: detected}
	}
	return f, nil
}

// Close releases the workbook, if any, and removes the temporary copy of
// its sheet. The file at the path given to Open is the caller's.
func (f *File) Close() error {
	var err error
	if f.flat != "" {
		err = os.Remove(f.flat)
		f.flat = ""
	}
	if f.book != nil {
		err = errors.Join(f.book.Close(), err)
		f.book = nil
	}
	return err
}

// Format is the file's layout.
func (f *File) Format() Format { return f.format }

// Encoding names the CSV text encoding: "utf-8", "utf-8-bom", "utf-16le",
// "utf-16be" or "windows-1252"; "" for a workbook.
func (f *File) Encoding() string { return f.encoding }

// Delimiter is the CSV cell separator; 0 for a workbook.
func (f *File) Delimiter() rune { return f.delimiter }

// Sheet is the worksheet read; "" for CSV.
func (f *File) Sheet() string { return f.sheet }

// Sheets lists the workbook's sheets in order; nil for CSV.
func (f *File) Sheets() []string { return f.sheets }

// readPrefix returns up to n bytes from the start of the file at path.
func readPrefix(path string, n int) ([]byte, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open import: %w", err)
	}
	defer fh.Close()
	buf := make([]byte, n)
	m, err := io.ReadFull(fh, buf)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("open import: %w", err)
	}
	return buf[:m], nil
}

// Magic numbers of the formats told apart.
var (
	magicZip  = []byte("PK\x03\x04")
	magicOLE  = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	magicPDF  = []byte("%PDF-")
	magicPNG  = []byte("\x89PNG")
	magicJPEG = []byte{0xFF, 0xD8, 0xFF}
	magicGIF  = []byte("GIF8")
)

// sniff says what the first bytes of a file are: a zip, an OLE2 file, a
// PDF, an image, other binary data, or text (DetectedCSV). Text is any
// content with a UTF-16 byte order mark, or with no NUL byte.
func sniff(b []byte) string {
	switch {
	case bytes.HasPrefix(b, magicZip):
		return DetectedZip
	case bytes.HasPrefix(b, magicOLE):
		return DetectedOLE
	case bytes.HasPrefix(b, magicPDF):
		return DetectedPDF
	case bytes.HasPrefix(b, magicPNG), bytes.HasPrefix(b, magicJPEG), bytes.HasPrefix(b, magicGIF):
		return DetectedImage
	case bytes.HasPrefix(b, bomUTF16LE), bytes.HasPrefix(b, bomUTF16BE):
		return DetectedCSV
	case bytes.IndexByte(b, 0) >= 0:
		return DetectedBinary
	}
	return DetectedCSV
}

// isWorkbookZip reports whether the zip at path holds a workbook part.
func isWorkbookZip(path string) bool {
	zr, err := openZip(path)
	if err != nil {
		return false
	}
	defer zr.Close()
	for _, zf := range zr.File {
		if strings.EqualFold(zf.Name, "xl/workbook.xml") {
			return true
		}
	}
	return false
}

// claim is what opts says the file is: its extension, or Slack's type.
func claim(opts Options) string {
	if ext := strings.ToLower(strings.TrimPrefix(filepath.Ext(opts.Name), ".")); ext != "" {
		return ext
	}
	return strings.ToLower(opts.FileType)
}

// checkClaim refuses a file whose content contradicts its claim: text
// named like a workbook, a workbook named like text, or anything that is
// neither under either name. An unknown or missing claim is no claim. The
// Excel names (.xlsx, .xlsm, .xls) stand for one another: Excel itself
// opens an .xlsx saved as .xls, and an old .xls gets its own message.
func checkClaim(opts Options, detected string) error {
	c := claim(opts)
	var text, excel bool
	switch c {
	case "csv", "tsv", "txt", "text", "tab":
		text = true
	case "xlsx", "xlsm", "xls", "excel", "spreadsheet":
		excel = true
	default:
		return nil
	}
	switch {
	case text && detected != DetectedCSV,
		excel && detected != DetectedXLSX && detected != DetectedOLE:
		return &Error{Kind: KindMismatch, Value: c, Detected: detected}
	}
	return nil
}

// oleError tells an encrypted workbook (Excel stores a password-protected
// .xlsx as an OLE2 file with an EncryptionInfo stream) from an Excel
// 97-2003 workbook and from anything else in an OLE2 container.
func oleError(path, claimed string) error {
	fh, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open import: %w", err)
	}
	defer fh.Close()
	doc, err := mscfb.New(fh)
	if err != nil {
		return &Error{Kind: KindLegacyExcel, Err: err}
	}
	legacy := false
	for entry, err := doc.Next(); err == nil; entry, err = doc.Next() {
		switch entry.Name {
		case "EncryptionInfo", "EncryptedPackage":
			return &Error{Kind: KindEncrypted}
		case "Workbook", "Book":
			legacy = true
		}
	}
	if legacy {
		return &Error{Kind: KindLegacyExcel}
	}
	return &Error{Kind: KindMismatch, Value: claimed, Detected: DetectedOLE}
}

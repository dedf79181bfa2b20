package importer

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
	"github.com/xuri/excelize/v2"
)

// writeFixtures rewrites the testdata files that tests make.
var writeFixtures = flag.Bool("fixtures", false, "rewrite the testdata files made by tests")

// today is the plan's date in tests: after every fixture's dates.
var today = time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)

// day returns a calendar date in March 2026.
func day(d int) time.Time { return time.Date(2026, 3, d, 0, 0, 0, 0, time.UTC) }

// MustOpen opens a file or fails the test.
func MustOpen(tb testing.TB, path string, opts Options) *File {
	tb.Helper()
	if opts.Name == "" {
		opts.Name = filepath.Base(path)
	}
	f, err := Open(path, opts)
	if err != nil {
		tb.Fatalf("Open(%s): %v", path, err)
	}
	tb.Cleanup(func() { f.Close() })
	return f
}

// MustHead reads the head of a file or fails the test.
func MustHead(tb testing.TB, f *File) *Head {
	tb.Helper()
	h, err := f.Head()
	if err != nil {
		tb.Fatalf("Head: %v", err)
	}
	return h
}

// MustPreview previews a file with the suggested mapping, or fails.
func MustPreview(tb testing.TB, f *File, metrics []*plan.Metric) (*Preview, Mapping) {
	tb.Helper()
	m := Suggest(MustHead(tb, f), metrics)
	p, err := f.Preview(context.Background(), m, metrics, today)
	if err != nil {
		tb.Fatalf("Preview: %v", err)
	}
	return p, m
}

// MustWrite writes content to name in a temporary directory and returns
// its path.
func MustWrite(tb testing.TB, name string, content []byte) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), name)
	if err := os.WriteFile(path, content, 0o600); err != nil {
		tb.Fatal(err)
	}
	return path
}

// sheet is a worksheet for MustXLSX: its name and rows of cells; a cell
// is a string, a number, a time.Time (written as a date cell) or a
// formula (written with SetCellFormula).
type sheet struct {
	name string
	rows [][]any
}

// formula is a formula cell for MustXLSX.
type formula string

// MustXLSX writes a workbook with excelize and returns its path.
func MustXLSX(tb testing.TB, name string, sheets []sheet, opts ...excelize.Options) string {
	tb.Helper()
	book := excelize.NewFile()
	defer book.Close()
	for i, s := range sheets {
		if i == 0 {
			if err := book.SetSheetName("Sheet1", s.name); err != nil {
				tb.Fatal(err)
			}
		} else if _, err := book.NewSheet(s.name); err != nil {
			tb.Fatal(err)
		}
		date, err := book.NewStyle(&excelize.Style{NumFmt: 14})
		if err != nil {
			tb.Fatal(err)
		}
		for r, row := range s.rows {
			for c, v := range row {
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				switch v := v.(type) {
				case nil:
				case formula:
					err = book.SetCellFormula(s.name, ref, string(v))
				case time.Time:
					if err = book.SetCellValue(s.name, ref, v); err == nil {
						err = book.SetCellStyle(s.name, ref, ref, date)
					}
				default:
					err = book.SetCellValue(s.name, ref, v)
				}
				if err != nil {
					tb.Fatal(err)
				}
			}
		}
	}
	path := filepath.Join(tb.TempDir(), name)
	if err := book.SaveAs(path, opts...); err != nil {
		tb.Fatal(err)
	}
	return path
}

// kindOf returns the Kind of an *Error, or "" for another error.
func kindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return ""
}

// metric returns a plan metric.
func metric(name string, kind plan.MetricKind) *plan.Metric {
	return &plan.Metric{Name: name, Kind: kind}
}

// summary returns the summary of the named metric in p, or fails.
func summary(tb testing.TB, p *Preview, name string) MetricSummary {
	tb.Helper()
	for _, s := range p.Metrics {
		if s.Metric == name {
			return s
		}
	}
	tb.Fatalf("no summary for %q in %+v", name, p.Metrics)
	return MetricSummary{}
}

// zipOf returns a zip archive holding one file.
func zipOf(tb testing.TB, name, content string) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create(name)
	if err == nil {
		_, err = w.Write([]byte(content))
	}
	if err == nil {
		err = zw.Close()
	}
	if err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// allObs returns the values a preview would store.
func allObs(p *Preview) []Obs {
	var out []Obs
	for o := range p.All() {
		out = append(out, o)
	}
	return out
}

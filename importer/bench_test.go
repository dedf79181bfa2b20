package importer

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
	"github.com/xuri/excelize/v2"
)

// benchRows is the row limit, which the benchmark files reach.
const benchRows = MaxRows

// benchSources are GA4 sources, a network each but the last.
var benchSources = []string{"ig / social", "l.instagram.com / referral", "lnkd.in / referral", "facebook.com / referral", "google / organic"}

// benchRow returns the cells of row i of a GA4-shaped export: a date over
// 90 days, a source, a utm_content of its own (every key distinct, the
// worst case for memory) and three metrics.
func benchRow(i int) []any {
	d := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%90)
	return []any{d.Format("20060102"), benchSources[i%len(benchSources)], fmt.Sprintf("p-%06d", i), 10 + i%90, 5 + i%40, i % 7}
}

var benchHeader = []any{"Date", "Session source / medium", "Session manual ad content", "Sessions", "Engaged sessions", "Key events"}

// writeBenchCSV writes a GA4-shaped CSV of benchRows rows under 10 MiB.
func writeBenchCSV(tb testing.TB, dir string) string {
	tb.Helper()
	path := filepath.Join(dir, "ga4_200k.csv")
	fh, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriter(fh)
	fmt.Fprintf(w, "# Start date: 20260101\n# End date: 20260331\n%s,%s,%s,%s,%s,%s\n", benchHeader...)
	for i := range benchRows {
		fmt.Fprintf(w, "%s,%s,%s,%d,%d,%d\n", benchRow(i)...)
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := fh.Close(); err != nil {
		tb.Fatal(err)
	}
	return path
}

// writeBenchXLSX writes the same rows as a workbook, with excelize's
// stream writer.
func writeBenchXLSX(tb testing.TB, dir string) string {
	tb.Helper()
	book := excelize.NewFile()
	defer book.Close()
	sw, err := book.NewStreamWriter("Sheet1")
	if err != nil {
		tb.Fatal(err)
	}
	if err := sw.SetRow("A1", benchHeader); err != nil {
		tb.Fatal(err)
	}
	for i := range benchRows {
		ref, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(ref, benchRow(i)); err != nil {
			tb.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		tb.Fatal(err)
	}
	path := filepath.Join(dir, "ga4_200k.xlsx")
	if err := book.SaveAs(path); err != nil {
		tb.Fatal(err)
	}
	return path
}

// benchFile returns the benchmark's file in format. With
// PLANBOT_BENCH_DIR set, the file is made there once and kept, so that a
// run measured from outside (peak RSS) does not count making it.
func benchFile(b *testing.B, format string) string {
	dir := os.Getenv("PLANBOT_BENCH_DIR")
	if dir == "" {
		dir = b.TempDir()
	}
	path := filepath.Join(dir, "ga4_200k."+format)
	if _, err := os.Stat(path); err == nil {
		return path
	}
	if format == "xlsx" {
		return writeBenchXLSX(b, dir)
	}
	return writeBenchCSV(b, dir)
}

// BenchmarkImport200k opens, maps and previews a 200,000-row export, as
// CSV and as XLSX: every row read twice, 600,000 observations kept.
func BenchmarkImport200k(b *testing.B) {
	metrics := []*plan.Metric{
		metric("Sessions", plan.MetricCount), metric("Engaged sessions", plan.MetricCount),
		metric("Key events", plan.MetricCount),
	}
	for _, format := range []string{"csv", "xlsx"} {
		b.Run(format, func(b *testing.B) {
			path := benchFile(b, format)
			if fi, err := os.Stat(path); err != nil || fi.Size() > MaxBytes {
				b.Fatalf("bench file: %v, %d bytes", err, fi.Size())
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				f, err := Open(path, Options{Name: filepath.Base(path), TempDir: b.TempDir()})
				if err != nil {
					b.Fatal(err)
				}
				h, err := f.Head()
				if err != nil {
					b.Fatal(err)
				}
				p, err := f.Preview(context.Background(), Suggest(h, metrics), metrics, today)
				if err != nil {
					b.Fatal(err)
				}
				// 4 of 5 sources are networks; each of those rows gives 3.
				if want := benchRows / 5 * 4 * 3; p.Len() != want || p.Skipped != benchRows/5 {
					b.Fatalf("obs %d skipped %d, want %d and %d", p.Len(), p.Skipped, want, benchRows/5)
				}
				f.Close()
			}
		})
	}
}

// TestImportAtTheRowLimit checks, on a smaller file, what the benchmark
// checks at 200,000 rows, so that CI runs it.
func TestImportAtTheRowLimit(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "ga4.csv")
	var rows []byte
	rows = fmt.Appendf(rows, "%s,%s,%s,%s,%s,%s\n", benchHeader...)
	for i := range 1000 {
		rows = fmt.Appendf(rows, "%s,%s,%s,%d,%d,%d\n", benchRow(i)...)
	}
	if err := os.WriteFile(path, rows, 0o600); err != nil {
		t.Fatal(err)
	}
	metrics := []*plan.Metric{metric("Sessions", plan.MetricCount)}
	f := MustOpen(t, path, Options{MaxRows: 1000})
	p, _ := MustPreview(t, f, metrics)
	if p.Len() != 800 || p.Skipped != 200 || p.Rows != 1000 {
		t.Fatalf("obs %d skipped %d rows %d", p.Len(), p.Skipped, p.Rows)
	}
}

package chart_test

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"
	"unsafe"

	"github.com/planbot/planbot/chart"
)

// residentPages counts the pages wholly inside b that the process has
// mapped, from /proc/self/pagemap (bit 63 of each page's entry: present),
// without reading b itself.
func residentPages(t *testing.T, b []byte) (resident, pages int) {
	t.Helper()
	f, err := os.Open("/proc/self/pagemap")
	if err != nil {
		t.Skipf("no pagemap to read residency from: %v", err)
	}
	defer f.Close()
	size := uintptr(os.Getpagesize())
	lo := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	hi := (lo + uintptr(len(b))) &^ (size - 1)
	lo = (lo + size - 1) &^ (size - 1)
	var entry [8]byte
	for p := lo; p < hi; p += size {
		if _, err := f.ReadAt(entry[:], int64(p/size*8)); err != nil {
			t.Fatalf("pagemap: %v", err)
		}
		pages++
		if binary.LittleEndian.Uint64(entry[:])&(1<<63) != 0 {
			resident++
		}
	}
	return resident, pages
}

// TestFontPages checks that the fonts gonum parses at start-up leave the
// process until a chart needs them: the package's init released them, none
// of their pages is resident after a release, a chart brings back the pages of the one font it draws
// with, the others stay out, and the chart is the golden file byte for
// byte.
func TestFontPages(t *testing.T) {
	// The package's init released them: no chart uses mono bold italic.
	if r, n := residentPages(t, chart.FontData[7]); r != 0 {
		t.Errorf("mono bold italic: %d of %d pages resident after start-up", r, n)
	}
	if n := chart.ReleaseFontPages(chart.FontData); n < 4<<20 {
		t.Fatalf("released %d bytes, want most of the 4.9 MB of the fonts", n)
	}
	for i, f := range chart.FontData {
		if r, n := residentPages(t, f); r != 0 {
			t.Errorf("font %d: %d of %d pages resident after the release", i, r, n)
		}
	}

	got, err := draw(chartKPIs()["kpi_up"], "en")
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join("testdata", "kpi_up_en.png"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the chart drawn after the release is not testdata/kpi_up_en.png byte for byte")
	}

	// The charts draw with Liberation Sans regular (FontData[8]); gonum's
	// default, Serif regular (FontData[0]), stays out.
	if r, n := residentPages(t, chart.FontData[8]); r == 0 || r == n {
		t.Errorf("sans regular: %d of %d pages resident after a chart, want some, read back on first use", r, n)
	}
	if r, n := residentPages(t, chart.FontData[0]); r != 0 {
		t.Errorf("serif regular: %d of %d pages resident, though no chart uses it", r, n)
	}
	if r, n := residentPages(t, chart.FontData[7]); r != 0 {
		t.Errorf("mono bold italic: %d of %d pages resident, though no chart uses it", r, n)
	}
}

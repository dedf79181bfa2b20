package csv_test

import (
	"bytes"
	stdcsv "encoding/csv"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/csv"
	"github.com/planbot/planbot/plan"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// TestWriteObservations reads the export back with encoding/csv: quotes,
// commas and line breaks survive, and text that a spreadsheet would run
// as a formula is quoted while a negative value stays a number.
func TestWriteObservations(t *testing.T) {
	obs := []*plan.Observation{
		{Metric: "=SUM(A1:A9)", Network: plan.NetworkX, Value: -5, Date: day(2026, 3, 2), Source: "+cmd", Link: "https://a.example/?q=1,2",
			Outlet: "@evil", CreatedBy: "U1", CreatedAt: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)},
		{Metric: "mentions", Value: 1.5, Date: day(2026, 3, 1), End: day(2026, 3, 31), Source: "said \"hi\"\nthen left", Outlet: "-x", Mention: plan.MentionPress},
	}
	var buf bytes.Buffer
	if err := csv.WriteObservations(&buf, obs); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), "date,metric,network,value,period_end,") || !strings.Contains(buf.String(), "\r\n") {
		t.Fatalf("header or CRLF missing: %q", buf.String())
	}
	rows, err := stdcsv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		csv.ObservationColumns,
		{"2026-03-02", "'=SUM(A1:A9)", "x", "-5", "", "'+cmd", "https://a.example/?q=1,2", "'@evil", "", "U1", "2026-03-02T10:00:00Z"},
		{"2026-03-01", "mentions", "", "1.5", "2026-03-31", "said \"hi\"\nthen left", "", "'-x", "press_article", "", "0001-01-01T00:00:00Z"},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("rows\n%q\nwant\n%q", rows, want)
	}
}

func TestSafe(t *testing.T) {
	tests := []struct{ in, want string }{
		{"=1+1", "'=1+1"},
		{"+33 6 12", "'+33 6 12"},
		{"-x", "'-x"},
		{"@user", "'@user"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"a=b", "a=b"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := csv.Safe(tt.in); got != tt.want {
			t.Errorf("Safe(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestObservationColumns_PasteFirst: an export can be pasted back, so its
// first columns are those a paste reads, in order.
func TestObservationColumns_PasteFirst(t *testing.T) {
	if got := csv.ObservationColumns[:len(plan.CSVColumns)]; !reflect.DeepEqual(got, plan.CSVColumns) {
		t.Errorf("export starts with %q, want the paste's columns %q", got, plan.CSVColumns)
	}
}

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
	if err := csv.WriteObservations(&buf, obs, plan.CSVDialectFor("en")); err != nil {
		t.Fatal(err)
	}
	text, ok := strings.CutPrefix(buf.String(), plan.CSVBOM)
	if !ok || !strings.HasPrefix(text, "date,metric,network,value,period_end,") || !strings.Contains(text, "\r\n") {
		t.Fatalf("byte order mark, header or CRLF missing: %q", buf.String())
	}
	rows, err := stdcsv.NewReader(strings.NewReader(text)).ReadAll()
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

// TestWriteObservations_PastesBack writes observations in the dialect of
// each language and pastes the file back (issue 11: every exported row was
// refused by the paste): every field the paste reads comes back as it
// was, formulas' quotes taken off.
func TestWriteObservations_PastesBack(t *testing.T) {
	today := day(2026, 3, 31)
	metrics := []*plan.Metric{{Name: "followers", Kind: plan.MetricLevel}, {Name: "engagement rate", Kind: plan.MetricLevel}}
	obs := []*plan.Observation{
		{Metric: "followers", Network: plan.NetworkInstagram, Value: 13250, Date: day(2026, 3, 2), Source: "=Insights export", CreatedBy: "U1"},
		{Metric: "engagement rate", Network: plan.NetworkFacebook, Value: 2.125, Date: day(2026, 3, 1), End: day(2026, 3, 7), Link: "https://a.example/?q=1,2"},
		{Metric: "engagement rate", Value: 2.5, Date: day(2026, 3, 8)},
		{Metric: "mentions", Network: plan.NetworkBlog, Value: 1, Date: day(2026, 3, 9), Outlet: "Le Monde; édition", Mention: plan.MentionPress},
		{Metric: "followers", Value: -3, Date: day(2026, 3, 10), Source: "said \"hi\"\nthen left"},
	}
	for _, tt := range []struct {
		lang, mark string
		loc        plan.NumberLocale
		key        string
	}{
		{"en", ",", plan.NumberEnglish, "number.column.decimal_point"},
		{"fr", ";", plan.NumberFrench, "number.column.decimal_comma"},
		// A French user pasting an English export: the points decide.
		{"en", ",", plan.NumberFrench, "number.column.decimal_point"},
	} {
		t.Run(tt.lang+"_"+string(tt.loc), func(t *testing.T) {
			var buf bytes.Buffer
			if err := csv.WriteObservations(&buf, obs, plan.CSVDialectFor(tt.lang)); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(buf.String(), "value"+tt.mark+"period_end") {
				t.Fatalf("not the %s dialect: %q", tt.lang, buf.String())
			}
			res, re := plan.ReadObservationsCSV(buf.String(), metrics, today, tt.loc)
			if re != nil {
				t.Fatalf("the export does not paste back: %+v", re)
			}
			if got := res.Values.SummaryKey(); got != tt.key {
				t.Errorf("read as %s, want %s", got, tt.key)
			}
			if len(res.Observations) != len(obs) {
				t.Fatalf("%d observations pasted back, want %d", len(res.Observations), len(obs))
			}
			for i, got := range res.Observations {
				want := *obs[i]
				want.CreatedBy = "" // who pastes is who logs
				want.Normalize()
				if !reflect.DeepEqual(*got, want) {
					t.Errorf("row %d: pasted back %+v, want %+v", i+2, *got, want)
				}
			}
		})
	}
}

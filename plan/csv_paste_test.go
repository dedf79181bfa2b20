package plan_test

import (
	"runtime"
	"strings"
	"testing"

	"github.com/planbot/planbot/plan"
)

// TestReadObservationsCSV_Bounded: a paste of 100,000 bad lines is refused
// before it is parsed, so it costs neither seconds nor tens of megabytes;
// a paste longer than MaxCSVPasteBytes too; and a paste of bad lines
// within the limits reports a bounded number of errors.
func TestReadObservationsCSV_Bounded(t *testing.T) {
	today := day(2026, 3, 31)
	lines := strings.Repeat("x\n", 100_000) // 200,000 bytes: under MaxCSVPasteBytes
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, re := plan.ReadObservationsCSV(lines, csvMetrics(), today, plan.NumberEnglish)
	runtime.ReadMemStats(&after)
	if len(re) != 1 || re[0].Key != "observation.batch.too_many" {
		t.Fatalf("errors %+v, want one: too many rows", re[:min(len(re), 3)])
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 1<<20 {
		t.Errorf("refusing the paste allocated %d bytes, want under 1 MiB", alloc)
	}

	huge := strings.Repeat("not,a,result\n", 100_000) // 1.3 MB
	if _, re := plan.ReadObservationsCSV(huge, csvMetrics(), today, plan.NumberEnglish); len(re) != 1 || re[0].Key != "csv.too_long" {
		t.Fatalf("errors %+v, want one: too long", re)
	}

	bad := strings.Repeat("2026-03-02,newsletter signups,myspace,abc\n", plan.MaxObservationsBatch)
	if _, re := plan.ReadObservationsCSV(bad, csvMetrics(), today, plan.NumberEnglish); len(re) == 0 || len(re) > 200 {
		t.Fatalf("%d errors for %d bad lines, want some and at most 200", len(re), plan.MaxObservationsBatch)
	}
}

// TestReadObservationsCSVWith_Mark reads a column that could be read two
// ways with the decimal mark the user chose.
func TestReadObservationsCSVWith_Mark(t *testing.T) {
	today := day(2026, 3, 31)
	text := "2026-03-02;newsletter signups;instagram;1,250\n2026-03-03;press articles;;2,500\n"
	// A French user: 1,250 and 2,500 can be 1 250 and 2 500, or 1,25 and
	// 2,5; nothing in the column tells.
	_, re := plan.ReadObservationsCSV(text, csvMetrics(), today, plan.NumberFrench)
	if len(re) != 2 || re[0].Key != "number.ambiguous" || re[0].Grouped != 1250 || re[0].Decimal != 1.25 {
		t.Fatalf("errors %+v, want both rows ambiguous: 1250 or 1.25", re)
	}
	for _, tt := range []struct {
		mark plan.DecimalMark
		want []float64
		key  string
	}{
		{plan.DecimalComma, []float64{1.25, 2.5}, "number.column.decimal_comma"},
		{plan.DecimalPoint, []float64{1250, 2500}, "number.column.decimal_point"},
	} {
		res, re := plan.ReadObservationsCSVWith(text, csvMetrics(), today, plan.CSVOptions{Locale: plan.NumberFrench, Mark: tt.mark})
		if re != nil || len(res.Observations) != 2 || res.Observations[0].Value != tt.want[0] || res.Observations[1].Value != tt.want[1] {
			t.Fatalf("mark %q: %+v, %+v; want %v", tt.mark, res.Observations, re, tt.want)
		}
		if got := res.Values.SummaryKey(); got != tt.key {
			t.Errorf("mark %q: summary %s, want %s", tt.mark, got, tt.key)
		}
	}
}

// TestReadObservationsCSV_ExportHeader reads a paste by the names of its
// header, in any order, with the export's extra columns; a header of
// other names reads the four columns in order.
func TestReadObservationsCSV_ExportHeader(t *testing.T) {
	today := day(2026, 3, 31)
	text := "value,network,metric,date,period_end,source,link,outlet,mention_kind,created_by,created_at\n" +
		"12,instagram,newsletter signups,2026-03-01,2026-03-07,'=export,https://a.example,,,U1,2026-03-08T10:00:00Z\n" +
		"1,blog,mentions,2026-03-09,,,,Le Monde,press_article,U2,2026-03-09T10:00:00Z\n"
	res, re := plan.ReadObservationsCSV(text, csvMetrics(), today, plan.NumberEnglish)
	if re != nil || len(res.Observations) != 2 {
		t.Fatalf("%+v, %+v", res.Observations, re)
	}
	o := res.Observations[0]
	if o.Value != 12 || o.Network != plan.NetworkInstagram || !o.Date.Equal(day(2026, 3, 1)) || !o.End.Equal(day(2026, 3, 7)) ||
		o.Source != "=export" || o.Link != "https://a.example" || o.CreatedBy != "" {
		t.Errorf("first row %+v", o)
	}
	if m := res.Observations[1]; m.Outlet != "Le Monde" || m.Mention != plan.MentionPress || m.Network != plan.NetworkBlog {
		t.Errorf("second row %+v", m)
	}

	// A period in the date and a period end: the end must agree.
	bad := "date,metric,network,value,period_end\n2026-03-01/2026-03-07,newsletter signups,,1,2026-03-08\n"
	if _, re := plan.ReadObservationsCSV(bad, csvMetrics(), today, plan.NumberEnglish); len(re) != 1 || re[0].Field != "end" {
		t.Errorf("errors %+v, want the period end refused", re)
	}
	// A header of other names: the four columns, in order.
	other := "Date,KPI,Réseau,Valeur\n2026-03-02,newsletter signups,instagram,4\n"
	if res, re := plan.ReadObservationsCSV(other, csvMetrics(), today, plan.NumberEnglish); re != nil || len(res.Observations) != 1 || res.Observations[0].Value != 4 {
		t.Errorf("%+v, %+v", res.Observations, re)
	}
}

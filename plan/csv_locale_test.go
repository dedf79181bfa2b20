package plan_test

import (
	"testing"

	"github.com/planbot/planbot/plan"
)

func TestReadObservationsCSV(t *testing.T) {
	today := day(2026, 3, 31)
	tests := []struct {
		name string
		text string
		loc  plan.NumberLocale
		want []float64
		key  string // the column's summary
	}{
		{
			// An English user's export: "13,250 followers" is 13250.
			name: "EnglishThousands", loc: plan.NumberEnglish,
			text: "date,metric,network,value\n2026-03-02,newsletter signups,instagram,\"13,250\"\n2026-03-03,press articles,,\"1,200\"\n",
			want: []float64{13250, 1200}, key: "number.column.decimal_point",
		},
		{
			// A French spreadsheet: spaces group thousands, commas are
			// decimals, and "2,5" tells that "1,250" is 1,25.
			name: "FrenchSpreadsheet", loc: plan.NumberFrench,
			text: "date;metric;network;value\n2026-03-02;newsletter signups;instagram;13\u202f250\n2026-03-03;press articles;;2,5\n2026-03-04;press articles;;1,250\n",
			want: []float64{13250, 2.5, 1.25}, key: "number.column.decimal_comma",
		},
		{
			// A French user pasting an English export: the points decide.
			name: "FrenchUserEnglishFile", loc: plan.NumberFrench,
			text: "2026-03-02,newsletter signups,instagram,\"1,250\"\n2026-03-03,press articles,,0.5\n",
			want: []float64{1250, 0.5}, key: "number.column.decimal_point",
		},
		{
			name: "WholeNumbers", loc: plan.NumberFrench,
			text: "2026-03-02;newsletter signups;instagram;13 250\n2026-03-03;press articles;;2\n",
			want: []float64{13250, 2}, key: "number.column.whole",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, re := plan.ReadObservationsCSV(tt.text, csvMetrics(), today, tt.loc)
			if re != nil {
				t.Fatalf("errors %+v", re)
			}
			if len(res.Observations) != len(tt.want) || len(res.Rows) != len(tt.want) {
				t.Fatalf("%d observations, %d rows; want %d", len(res.Observations), len(res.Rows), len(tt.want))
			}
			for i, o := range res.Observations {
				if o.Value != tt.want[i] {
					t.Errorf("row %d: value %v, want %v", res.Rows[i], o.Value, tt.want[i])
				}
			}
			if got := res.Values.SummaryKey(); got != tt.key {
				t.Errorf("summary %q, want %q", got, tt.key)
			}
		})
	}
}

func TestReadObservationsCSV_BadValues(t *testing.T) {
	today := day(2026, 3, 31)
	tests := []struct {
		name string
		text string
		loc  plan.NumberLocale
		want plan.RowErrors
	}{
		{
			name: "FrenchAmbiguous", loc: plan.NumberFrench,
			text: "2026-03-02;newsletter signups;instagram;1,250\n2026-03-03;press articles;;3\n",
			want: plan.RowErrors{{Row: 1, Field: "value", Key: "number.ambiguous", Value: "1,250", Grouped: 1250, Decimal: 1.25}},
		},
		{
			name: "Contradiction", loc: plan.NumberEnglish,
			text: "2026-03-02;press articles;;2,5\n2026-03-03;press articles;;0,75\n2026-03-04;press articles;;1,200.5\n",
			want: plan.RowErrors{{Row: 3, Field: "value", Key: "number.contradicts", Value: "1,200.5"}},
		},
		{
			name: "EmptyAndControl", loc: plan.NumberEnglish,
			text: "2026-03-02,press articles,,\n2026-03-03,press articles,,\"1\x002\"\n2026-03-04,press articles,,1e9\n",
			want: plan.RowErrors{
				{Row: 1, Field: "value", Key: "csv.value"},
				{Row: 2, Field: "value", Key: "number.control", Value: "1\x002"},
				{Row: 3, Field: "value", Key: "number.invalid", Value: "1e9"},
			},
		},
		{
			name: "TooLarge", loc: plan.NumberFrench,
			text: "2026-03-02;press articles;;2 000 000 000 000\n",
			want: plan.RowErrors{{Row: 1, Field: "value", Key: "number.too_large", Value: "2 000 000 000 000"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, re := plan.ReadObservationsCSV(tt.text, csvMetrics(), today, tt.loc)
			if len(res.Observations) != 0 {
				t.Errorf("observations %+v, want none: a paste with errors is stored not at all", res.Observations)
			}
			if len(re) != len(tt.want) {
				t.Fatalf("errors %+v, want %+v", re, tt.want)
			}
			for i := range re {
				if re[i] != tt.want[i] {
					t.Errorf("error %d = %+v, want %+v", i, re[i], tt.want[i])
				}
			}
		})
	}
}

// The deprecated reader keeps its one key for every unreadable value, and
// no longer reads a thousands comma as a decimal one.
func TestParseObservationsCSV_LegacyKeys(t *testing.T) {
	_, _, re := plan.ParseObservationsCSV("2026-03-02,press articles,,\"1,200\"\n", csvMetrics(), day(2026, 3, 31))
	if len(re) != 1 || re[0].Key != "csv.value" || re[0].Value != "1,200" || re[0].Row != 1 {
		t.Errorf("errors %+v, want one csv.value on row 1", re)
	}
}

package plan_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/planbot/planbot/plan"
)

func TestCSVDialect_RoundTrip(t *testing.T) {
	tests := []struct {
		lang     string
		file     string
		wantBody string // after the byte order mark
	}{
		{lang: "fr", file: "acme-resultats-2026-03_point-virgule.csv",
			wantBody: "date;indicateur;valeur;note\r\n2026-03-31;abonnés;13250,5;\"Été; «\u202fsoldes\u202f»\"\r\n2026-03-31;coût par lead;-2,25;\r\n"},
		{lang: "en", file: "acme-resultats-2026-03_comma.csv",
			wantBody: "date,indicateur,valeur,note\r\n2026-03-31,abonnés,13250.5,Été; «\u202fsoldes\u202f»\r\n2026-03-31,coût par lead,-2.25,\r\n"},
	}
	values := []float64{13250.5, -2.25}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			d := plan.CSVDialectFor(tt.lang)
			if got := d.FileName("acme-resultats-2026-03"); got != tt.file {
				t.Errorf("FileName = %q, want %q", got, tt.file)
			}
			var buf bytes.Buffer
			buf.WriteString(plan.CSVBOM)
			w := csv.NewWriter(&buf)
			d.Configure(w)
			rows := [][]string{
				{"date", "indicateur", "valeur", "note"},
				{"2026-03-31", "abonnés", d.FormatNumber(values[0]), "Été; «\u202fsoldes\u202f»"},
				{"2026-03-31", "coût par lead", d.FormatNumber(values[1]), ""},
			}
			if err := w.WriteAll(rows); err != nil {
				t.Fatal(err)
			}
			b := buf.Bytes()
			// The bytes Excel looks at: EF BB BF, then the separator.
			if !bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}) {
				t.Fatalf("no UTF-8 byte order mark: % x", b[:3])
			}
			if got := string(b[3:]); got != tt.wantBody {
				t.Fatalf("body\n got %q\nwant %q", got, tt.wantBody)
			}

			back, text := plan.ReadCSVDialect(string(b))
			if back != d || strings.HasPrefix(text, plan.CSVBOM) {
				t.Fatalf("read back as %+v", back)
			}
			r := csv.NewReader(strings.NewReader(text))
			back.ConfigureReader(r)
			recs, err := r.ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			for i, v := range values {
				got, ok := back.ParseNumber(recs[i+1][2])
				if !ok || got != v {
					t.Errorf("row %d: %q read as %v, %v; want %v", i+1, recs[i+1][2], got, ok, v)
				}
			}
			if recs[1][3] != rows[1][3] {
				t.Errorf("text cell %q, want %q", recs[1][3], rows[1][3])
			}
		})
	}
}

func TestCSVDialect_ParseNumber(t *testing.T) {
	fr, en := plan.CSVDialectFor("fr"), plan.CSVDialectFor("en")
	tests := []struct {
		d    plan.CSVDialect
		in   string
		want float64
		ok   bool
	}{
		{d: fr, in: "1250,5", want: 1250.5, ok: true},
		{d: fr, in: "-0,25", want: -0.25, ok: true},
		{d: fr, in: " 42 ", want: 42, ok: true},
		{d: en, in: "1250.5", want: 1250.5, ok: true},
		{d: en, in: "+3", want: 3, ok: true},
		{d: fr, in: "1250.5"},     // a point in a French file
		{d: en, in: "1,250"},      // grouping: not what planbot writes
		{d: fr, in: "1\u202f250"}, // grouping
		{d: fr, in: "1,2,3"},
		{d: en, in: "1e3"},
		{d: en, in: "NaN"},
		{d: en, in: "-"},
		{d: en, in: ""},
	}
	for _, tt := range tests {
		t.Run(tt.d.Lang+"/"+tt.in, func(t *testing.T) {
			got, ok := tt.d.ParseNumber(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Fatalf("ParseNumber(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestCSVDialect_Misc(t *testing.T) {
	if d := plan.CSVDialectFor("de"); d.Lang != "en" || d.Comma != ',' {
		t.Errorf("unknown language: %+v", d)
	}
	if got := plan.CSVDialectFor("fr").FormatNumber(1e6); got != "1000000" {
		t.Errorf("FormatNumber(1e6) = %q", got)
	}
	if d, _ := plan.ReadCSVDialect("date,metric,network,value\n2026-03-01,x,,1;2"); d.Lang != "en" {
		t.Errorf("comma header read as %s", d.Lang)
	}
}

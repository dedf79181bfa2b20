package importer

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
)

func TestXLSXFormula(t *testing.T) {
	path := MustXLSX(t, "report.xlsx", []sheet{{"Résultats", [][]any{
		{"Date", "Network", "Clicks", "Impressions", "CTR"},
		{day(2), "Instagram", 12, 400, formula("C2/D2")},
		{day(3), "Instagram", 15, 500, formula("C3/D3")},
		{"Total", nil, formula("SUM(C2:C3)"), formula("SUM(D2:D3)"), nil},
	}}})
	metrics := []*plan.Metric{metric("Clicks", plan.MetricCount), metric("Impressions", plan.MetricCount), metric("CTR", plan.MetricLevel)}
	f := MustOpen(t, path, Options{})
	h := MustHead(t, f)
	m := Suggest(h, metrics)
	if len(m.Metrics) != 3 {
		t.Fatalf("mapping %+v", m)
	}
	t.Run("ErrFormulaInMappedColumn", func(t *testing.T) {
		_, err := f.Preview(context.Background(), m, metrics, today)
		var e *Error
		if !errors.As(err, &e) || e.Kind != KindFormula || e.Cell != "E2" || e.Column != "CTR" || e.Line != 2 {
			t.Fatalf("err = %v, want a formula at E2", err)
		}
	})
	t.Run("ErrFormulaInTotalRow", func(t *testing.T) {
		m := m
		m.Metrics = m.Metrics[:2]
		_, err := f.Preview(context.Background(), m, metrics, today)
		var e *Error
		if !errors.As(err, &e) || e.Kind != KindFormula || e.Cell != "C4" {
			t.Fatalf("err = %v, want a formula at C4", err)
		}
	})
	t.Run("OKFormulaOutside", func(t *testing.T) {
		path := MustXLSX(t, "ok.xlsx", []sheet{{"Sheet1", [][]any{
			{"Date", "Clicks", "Note"},
			{day(2), 12, formula("B2*2")},
		}}})
		f := MustOpen(t, path, Options{})
		p, _ := MustPreview(t, f, metrics[:1])
		if s := summary(t, p, "Clicks"); s.Total != 12 {
			t.Fatalf("clicks %+v", s)
		}
	})
}

func TestFormulaTag(t *testing.T) {
	tests := []struct {
		xml  string
		want bool
	}{
		{`<c r="B2"><f>SUM(A1:A3)</f><v>6</v></c>`, true},
		{`<c r="B2"><f t="shared" si="0"/></c>`, true},
		{`<x:c r="B2"><x:f>A1</x:f></x:c>`, true},
		{`<c r="B2" t="s"><v>3</v></c><conditionalFormatting><cfRule><formula>A1&gt;2</formula></cfRule>`, false},
		{`<c r="B2" t="inlineStr"><is><t>&lt;f&gt; is text</t></is></c>`, false},
		{`<font/><fill/>`, false},
	}
	for _, tt := range tests {
		if got := formulaTag([]byte(tt.xml)); got != tt.want {
			t.Errorf("formulaTag(%s) = %v, want %v", tt.xml, got, tt.want)
		}
	}
}

func TestXLSXCells(t *testing.T) {
	// Excel's short date (format 14) comes as an ISO date, numbers as
	// Excel shows them, dates as text as written.
	path := MustXLSX(t, "hand.xlsx", []sheet{
		{"Vide", nil},
		{"Suivi", [][]any{
			{"Suivi mensuel"},
			{},
			{"Date", "Réseau", "Abonnés", "Portée"},
			{day(1), "Instagram", 2310, 10500.5},
			{"15/03/2026", "Instagram", 2362, 9800},
			{time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC), "LinkedIn", 1045, 3300},
		}},
	})
	f := MustOpen(t, path, Options{Lang: "fr"})
	if f.Sheet() != "Suivi" || len(f.Sheets()) != 2 {
		t.Fatalf("sheet %q of %q: want the first with a value", f.Sheet(), f.Sheets())
	}
	h := MustHead(t, f)
	if h.Line != 3 || h.Samples[0][0] != "2026-03-01" {
		t.Fatalf("head line %d samples %q", h.Line, h.Samples)
	}
	metrics := []*plan.Metric{metric("Abonnés", plan.MetricLevel), metric("Portée", plan.MetricCount)}
	p, _ := MustPreview(t, f, metrics)
	if !p.CanImport() || !p.From.Equal(day(1)) || !p.To.Equal(day(31)) {
		t.Fatalf("preview %+v", p)
	}
	if s := summary(t, p, "Portée"); s.Total != 10500.5+9800+3300 {
		t.Errorf("portée %v", s.Total)
	}
	// Instagram's latest is 15 March's, LinkedIn's 31 March's.
	if s := summary(t, p, "Abonnés"); s.Latest != 2362+1045 {
		t.Errorf("abonnés %+v", s)
	}
}

func TestXLSXNamedSheetAndEmpty(t *testing.T) {
	path := MustXLSX(t, "book.xlsx", []sheet{
		{"Notes", [][]any{{"Lisez-moi", "avant"}}},
		{"Data", [][]any{{"Date", "Clicks"}, {"2026-03-02", 7}}},
	})
	f := MustOpen(t, path, Options{Sheet: "data"})
	if f.Sheet() != "Data" {
		t.Fatalf("sheet %q", f.Sheet())
	}
	empty := MustXLSX(t, "empty.xlsx", []sheet{{"Sheet1", nil}, {"Sheet2", [][]any{{nil, ""}}}})
	if _, err := Open(empty, Options{Name: "empty.xlsx"}); kindOf(err) != KindEmpty {
		t.Fatalf("err = %v, want empty", err)
	}
}

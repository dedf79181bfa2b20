package importer

import (
	"errors"
	"testing"
)

func TestNumberColumn(t *testing.T) {
	tests := []struct {
		name     string
		hint     rune
		decimal  rune
		cells    []string
		decimalW rune
		decided  bool
		values   []float64 // NaN-free; nil entries checked through reasons
		reasons  []Reason  // "" where the cell reads
	}{
		{
			name: "EnglishGrouping", hint: '.', cells: []string{"20,000", "1,200.5", "980"},
			decimalW: '.', decided: true, values: []float64{20000, 1200.5, 980},
		},
		{
			name: "FrenchSpaces", hint: ',', cells: []string{"20 000", "1\u00a0200,5", "1\u202f250", "0,5"},
			decimalW: ',', decided: true, values: []float64{20000, 1200.5, 1250, 0.5},
		},
		{
			name: "DotGroupingCommaDecimal", hint: '.', cells: []string{"1.234,5", "12,25", "1.234.567"},
			decimalW: ',', decided: true, values: []float64{1234.5, 12.25, 1234567},
		},
		{
			name: "AmbiguousSettledByColumn", hint: ',', cells: []string{"1,250", "3,5"},
			decimalW: ',', decided: true, values: []float64{1.25, 3.5},
		},
		{
			name: "AmbiguousEnglish", hint: '.', cells: []string{"1,250", "1.250"},
			decimalW: '.', values: []float64{1250, 1.25},
		},
		{
			name: "AmbiguousFrench", hint: ',', cells: []string{"1,250", "980"},
			decimalW: ',', reasons: []Reason{ReasonAmbiguous, ""}, values: []float64{0, 980},
		},
		{
			name: "ChosenInMapping", hint: ',', decimal: ',', cells: []string{"1,250"},
			decimalW: ',', decided: true, values: []float64{1.25},
		},
		{
			name: "AgainstTheColumn", hint: '.', cells: []string{"1.5", "2.5", "3,5"},
			decimalW: '.', decided: true, reasons: []Reason{"", "", ReasonNumber}, values: []float64{1.5, 2.5, 0},
		},
		{
			name: "PercentCurrencySign", hint: '.', cells: []string{"12.5%", "€1,200.50", "-3.25 %", "(40.00)", "1 200,00 €"},
			decimalW: '.', decided: true, reasons: []Reason{"", "", "", "", ReasonNumber}, values: []float64{12.5, 1200.5, -3.25, -40, 0},
		},
		{
			name: "Scientific", hint: '.', cells: []string{"1.2E+05", "3e2"},
			decimalW: '.', decided: true, values: []float64{120000, 300},
		},
		{
			name: "NotNumbers", hint: '.', cells: []string{"abc", "12abc", "1,2,3", "1.2.3,4.5", "2e13"},
			decimalW: '.', reasons: []Reason{ReasonNumber, ReasonNumber, ReasonNumber, ReasonNumber, ReasonRange}, values: []float64{0, 0, 0, 0, 0},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := DefaultNumbers(tt.hint, tt.decimal)
			for _, c := range tt.cells {
				n.Observe(c)
			}
			conv := n.Convention()
			if conv.Decimal != tt.decimalW || conv.Decided != tt.decided {
				t.Fatalf("convention = %+v, want %q decided %v", conv, tt.decimalW, tt.decided)
			}
			for i, c := range tt.cells {
				v, err := n.Parse(c)
				var want Reason
				if tt.reasons != nil {
					want = tt.reasons[i]
				}
				var ne *NumberError
				switch {
				case want == "" && err != nil:
					t.Errorf("Parse(%q): %v", c, err)
				case want == "" && v != tt.values[i]:
					t.Errorf("Parse(%q) = %v, want %v", c, v, tt.values[i])
				case want != "" && (!errors.As(err, &ne) || ne.Reason != want):
					t.Errorf("Parse(%q) = %v, %v; want %s", c, v, err, want)
				}
			}
		})
	}
}

func TestConventionReported(t *testing.T) {
	n := DefaultNumbers('.', 0)
	for _, c := range []string{"3,2 %", "2,9 %"} {
		n.Observe(c)
	}
	c := n.Convention()
	if c.Key() != "decimal_comma" || !c.Percent || c.Currency != "" {
		t.Errorf("convention %+v key %s", c, c.Key())
	}
}

func TestIsBlank(t *testing.T) {
	for _, c := range []string{"", " ", "-", "--", "—", "N/A", "(not set)"} {
		if !isBlank(c) {
			t.Errorf("isBlank(%q) = false", c)
		}
	}
	for _, c := range []string{"0", "-1", "n"} {
		if isBlank(c) {
			t.Errorf("isBlank(%q) = true", c)
		}
	}
}

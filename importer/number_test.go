package importer

import (
	"errors"
	"testing"

	"github.com/planbot/planbot/plan"
)

// The readings below are those issue 11 and plan.ParseNumberLocale's
// documentation give: "20,000" and "1,200.5" in English, "20 000" and
// "1 200,5" in French, "1,250" ambiguous to a French reader.
func TestPlanNumbers(t *testing.T) {
	tests := []struct {
		name    string
		loc     plan.NumberLocale
		mark    plan.DecimalMark
		cells   []string
		want    plan.DecimalMark
		basis   plan.ColumnBasis
		values  []float64
		reasons []Reason // "" where the cell reads
	}{
		{
			name: "EnglishGrouping", loc: plan.NumberEnglish, cells: []string{"20,000", "1,200.5", "980"},
			want: plan.DecimalPoint, basis: plan.BasisCells, values: []float64{20000, 1200.5, 980},
		},
		{
			name: "FrenchSpaces", loc: plan.NumberFrench, cells: []string{"20 000", "1\u00a0200,5", "1\u202f250", "0,5"},
			want: plan.DecimalComma, basis: plan.BasisCells, values: []float64{20000, 1200.5, 1250, 0.5},
		},
		{
			name: "PointGroupingCommaDecimal", loc: plan.NumberEnglish, cells: []string{"1.234,5", "12,25", "1.234.567"},
			want: plan.DecimalComma, basis: plan.BasisCells, values: []float64{1234.5, 12.25, 1234567},
		},
		{
			name: "AmbiguousSettledByTheColumn", loc: plan.NumberFrench, cells: []string{"1,250", "3,5"},
			want: plan.DecimalComma, basis: plan.BasisCells, values: []float64{1.25, 3.5},
		},
		{
			name: "AmbiguousCommaEnglish", loc: plan.NumberEnglish, cells: []string{"1,250", "980"},
			want: plan.DecimalPoint, basis: plan.BasisLocale, values: []float64{1250, 980},
		},
		{
			name: "AmbiguousPointEnglish", loc: plan.NumberEnglish, cells: []string{"1.250"},
			basis: plan.BasisUndecided, reasons: []Reason{ReasonAmbiguous}, values: []float64{0},
		},
		{
			name: "AmbiguousFrench", loc: plan.NumberFrench, cells: []string{"1,250", "980"},
			basis: plan.BasisUndecided, reasons: []Reason{ReasonAmbiguous, ""}, values: []float64{0, 980},
		},
		{
			name: "ChosenInTheMapping", loc: plan.NumberFrench, mark: plan.DecimalComma, cells: []string{"1,250"},
			want: plan.DecimalComma, basis: plan.BasisChosen, values: []float64{1.25},
		},
		{
			name: "AgainstTheColumn", loc: plan.NumberEnglish, cells: []string{"1.5", "2.5", "3,5"},
			want: plan.DecimalPoint, basis: plan.BasisCells, reasons: []Reason{"", "", ReasonNumber}, values: []float64{1.5, 2.5, 0},
		},
		{
			name: "PercentAndCurrency", loc: plan.NumberEnglish, cells: []string{"12.5%", "€1,200.50", "-3.25 %", "1 200,00 €"},
			want: plan.DecimalPoint, basis: plan.BasisCells, reasons: []Reason{"", "", "", ReasonNumber}, values: []float64{12.5, 1200.5, -3.25, 0},
		},
		{
			name: "WholeNumbers", loc: plan.NumberFrench, cells: []string{"12", "20 000"},
			basis: plan.BasisWhole, values: []float64{12, 20000},
		},
		{
			name: "NotNumbers", loc: plan.NumberEnglish, cells: []string{"abc", "12abc", "1,2,3", "1.2E+05", "20 000 000 000 000"},
			basis: plan.BasisWhole, reasons: []Reason{ReasonNumber, ReasonNumber, ReasonNumber, ReasonNumber, ReasonRange}, values: make([]float64, 5),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := PlanNumbers(tt.loc, tt.mark)
			for _, c := range tt.cells {
				n.Observe(c)
			}
			conv := n.Convention()
			if conv.Mark != tt.want || conv.Basis != tt.basis {
				t.Fatalf("convention = %+v, want %q %s", conv, tt.want, tt.basis)
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

func TestAmbiguousReadings(t *testing.T) {
	n := PlanNumbers(plan.NumberFrench, 0)
	n.Observe("1,250")
	_, err := n.Parse("1,250")
	var ne *NumberError
	if !errors.As(err, &ne) || ne.Readings != [2]float64{1250, 1.25} {
		t.Fatalf("err = %v, want both readings", err)
	}
}

func TestConventionReported(t *testing.T) {
	n := PlanNumbers(plan.NumberEnglish, 0)
	for _, c := range []string{"3,2 %", "2,9 %"} {
		n.Observe(c)
	}
	c := n.Convention()
	if c.Key() != "number.column.decimal_comma" || !c.Percent || c.Currency != "" {
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

package plan_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/planbot/planbot/plan"
)

// The expected values below are how a reader of each convention reads the
// text, written out by hand from each language's conventions (English: comma
// groups, point decimal; French: U+202F or space groups, comma decimal).
func TestParseNumberLocale(t *testing.T) {
	const (
		en = plan.NumberEnglish
		fr = plan.NumberFrench
		nt = plan.NumberNeutral
	)
	tests := []struct {
		name     string
		in       string
		loc      plan.NumberLocale
		want     float64
		percent  bool
		currency string
		mark     plan.DecimalMark
		grouping rune
	}{
		{name: "ENInteger", in: "120", loc: en, want: 120},
		{name: "ENThousands", in: "20,000", loc: en, want: 20000, grouping: ','},
		{name: "ENThousandsDecimal", in: "1,200.5", loc: en, want: 1200.5, mark: '.', grouping: ','},
		{name: "ENMillions", in: "1,250,000", loc: en, want: 1250000, grouping: ','},
		{name: "ENCommaThreeDigits", in: "13,250", loc: en, want: 13250, grouping: ','},
		{name: "ENDecimal", in: "2.5", loc: en, want: 2.5, mark: '.'},
		{name: "ENLeadingPoint", in: ".5", loc: en, want: 0.5, mark: '.'},
		{name: "ENZeroPointThree", in: "0.250", loc: en, want: 0.25, mark: '.'},
		{name: "ENSpaces", in: "20 000", loc: en, want: 20000, grouping: ' '},
		{name: "ENDecimalCommaOnlyReading", in: "2,5", loc: en, want: 2.5, mark: ','},
		{name: "ENFrenchFormOnlyReading", in: "1 200,5", loc: en, want: 1200.5, mark: ',', grouping: ' '},
		{name: "ENShortGroupIsDecimal", in: "1,20", loc: en, want: 1.2, mark: ','},
		{name: "ENApostrophe", in: "1'250.75", loc: en, want: 1250.75, mark: '.', grouping: '\''},
		{name: "ENNegative", in: "-3", loc: en, want: -3},
		{name: "ENPlus", in: "+3.5", loc: en, want: 3.5, mark: '.'},
		{name: "ENPercent", in: "12.5%", loc: en, want: 12.5, percent: true, mark: '.'},
		{name: "ENDollar", in: "$1,200", loc: en, want: 1200, currency: "$", grouping: ','},
		{name: "ENMinusDollar", in: "-$30", loc: en, want: -30, currency: "$"},
		{name: "ENDollarMinus", in: "$-30", loc: en, want: -30, currency: "$"},
		{name: "ENCode", in: "1,500 USD", loc: en, want: 1500, currency: "USD", grouping: ','},
		{name: "ENSurroundingSpace", in: "  42 ", loc: en, want: 42},
		{name: "ENLeadingZeros", in: "007", loc: en, want: 7},
		{name: "ENLimit", in: "1,000,000,000,000", loc: en, want: 1e12, grouping: ','},

		{name: "FRSpace", in: "20 000", loc: fr, want: 20000, grouping: ' '},
		{name: "FRNoBreakSpace", in: "20\u00a0000", loc: fr, want: 20000, grouping: ' '},
		{name: "FRNarrowNoBreakSpace", in: "20\u202f000", loc: fr, want: 20000, grouping: ' '},
		{name: "FRThousandsDecimal", in: "1 200,5", loc: fr, want: 1200.5, mark: ',', grouping: ' '},
		{name: "FRNarrowThousandsDecimal", in: "1\u202f200,5", loc: fr, want: 1200.5, mark: ',', grouping: ' '},
		{name: "FRMillions", in: "1 250 000", loc: fr, want: 1250000, grouping: ' '},
		{name: "FRDecimal", in: "0,5", loc: fr, want: 0.5, mark: ','},
		{name: "FRLeadingComma", in: ",5", loc: fr, want: 0.5, mark: ','},
		{name: "FRZeroCommaThree", in: "0,250", loc: fr, want: 0.25, mark: ','},
		{name: "FRThreeDecimalsAfterSpaces", in: "1 250,125", loc: fr, want: 1250.125, mark: ',', grouping: ' '},
		{name: "FRLongWholePart", in: "1250,000", loc: fr, want: 1250, mark: ','},
		{name: "FRPointsGroup", in: "1.250.000", loc: fr, want: 1250000, grouping: '.'},
		{name: "FRGermanForm", in: "1.250,5", loc: fr, want: 1250.5, mark: ',', grouping: '.'},
		{name: "FRPointDecimalOnlyReading", in: "2.5", loc: fr, want: 2.5, mark: '.'},
		{name: "FREnglishFormOnlyReading", in: "1,200.5", loc: fr, want: 1200.5, mark: '.', grouping: ','},
		{name: "FRPercent", in: "12,5\u202f%", loc: fr, want: 12.5, percent: true, mark: ','},
		{name: "FRPercentNoSpace", in: "2,1%", loc: fr, want: 2.1, percent: true, mark: ','},
		{name: "FREuroAfter", in: "30 €", loc: fr, want: 30, currency: "€"},
		{name: "FREuroAfterDecimal", in: "1 200,50\u00a0€", loc: fr, want: 1200.5, currency: "€", mark: ',', grouping: ' '},
		{name: "FREuroBefore", in: "€12,5", loc: fr, want: 12.5, currency: "€", mark: ','},
		{name: "FRMinusSign", in: "\u22123,5", loc: fr, want: -3.5, mark: ','},
		{name: "FRMinusEuro", in: "-30 €", loc: fr, want: -30, currency: "€"},
		{name: "FREURCode", in: "30 EUR", loc: fr, want: 30, currency: "EUR"},

		{name: "NeutralInteger", in: "13250", loc: nt, want: 13250},
		{name: "NeutralBothForms", in: "1,200.5", loc: nt, want: 1200.5, mark: '.', grouping: ','},
		{name: "NeutralDecimalComma", in: "2,5", loc: nt, want: 2.5, mark: ','},
		{name: "NeutralTwoGroups", in: "1,250,000", loc: nt, want: 1250000, grouping: ','},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := plan.ParseNumberLocale(tt.in, tt.loc)
			if err != nil {
				t.Fatalf("ParseNumberLocale(%q, %q): %v", tt.in, tt.loc, err)
			}
			if got.Value != tt.want || got.Percent != tt.percent || got.Currency != tt.currency || got.Mark != tt.mark || got.Grouping != tt.grouping {
				t.Errorf("ParseNumberLocale(%q, %q) = %+v, want value %v percent %v currency %q mark %q grouping %q",
					tt.in, tt.loc, got, tt.want, tt.percent, tt.currency, tt.mark, tt.grouping)
			}
		})
	}
}

func TestParseNumberLocaleAmbiguous(t *testing.T) {
	tests := []struct {
		name             string
		in               string
		loc              plan.NumberLocale
		grouped, decimal float64
	}{
		// The example: "1,250 — did you mean 1 250 or 1,25?"
		{name: "FRComma", in: "1,250", loc: plan.NumberFrench, grouped: 1250, decimal: 1.25},
		{name: "FRPoint", in: "12.500", loc: plan.NumberFrench, grouped: 12500, decimal: 12.5},
		{name: "FRNegative", in: "-1,250", loc: plan.NumberFrench, grouped: -1250, decimal: -1.25},
		{name: "FRPercent", in: "1,250 %", loc: plan.NumberFrench, grouped: 1250, decimal: 1.25},
		{name: "ENPoint", in: "1.250", loc: plan.NumberEnglish, grouped: 1250, decimal: 1.25},
		{name: "ENPointEuro", in: "13.250 €", loc: plan.NumberEnglish, grouped: 13250, decimal: 13.25},
		{name: "NeutralComma", in: "1,200", loc: plan.NumberNeutral, grouped: 1200, decimal: 1.2},
		{name: "NeutralPoint", in: "999.999", loc: plan.NumberNeutral, grouped: 999999, decimal: 999.999},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := plan.ParseNumberLocale(tt.in, tt.loc)
			var amb *plan.AmbiguousNumberError
			if !errors.As(err, &amb) {
				t.Fatalf("ParseNumberLocale(%q, %q) error = %v, want *AmbiguousNumberError", tt.in, tt.loc, err)
			}
			if amb.Grouped != tt.grouped || amb.Decimal != tt.decimal {
				t.Errorf("readings = %v, %v; want %v, %v", amb.Grouped, amb.Decimal, tt.grouped, tt.decimal)
			}
			if plan.ErrorCode(err) != plan.EINVALID || plan.ErrorKey(err) != "number.ambiguous" {
				t.Errorf("code %q key %q, want invalid, number.ambiguous", plan.ErrorCode(err), plan.ErrorKey(err))
			}
		})
	}
}

func TestParseNumberLocaleInvalid(t *testing.T) {
	tests := []struct {
		name string
		in   string
		key  string
	}{
		{name: "Empty", in: "", key: "number.required"},
		{name: "Blank", in: " \u00a0 ", key: "number.required"},
		{name: "Word", in: "lots", key: "number.invalid"},
		{name: "NaN", in: "NaN", key: "number.invalid"},
		{name: "Inf", in: "Inf", key: "number.invalid"},
		{name: "Infinity", in: "-Infinity", key: "number.invalid"},
		{name: "Exponent", in: "1e5", key: "number.invalid"},
		{name: "Hex", in: "0x10", key: "number.invalid"},
		{name: "TwoDecimalMarks", in: "1.2.3,4", key: "number.invalid"},
		{name: "BadGroup", in: "1,20,5", key: "number.invalid"},
		{name: "BadSpaceGroup", in: "12 5", key: "number.invalid"},
		{name: "FirstGroupTooLong", in: "1250,000.5", key: "number.invalid"},
		{name: "MixedGrouping", in: "1,250 000", key: "number.invalid"},
		{name: "TrailingMark", in: "5.", key: "number.invalid"},
		{name: "TrailingComma", in: "5,", key: "number.invalid"},
		{name: "DoubleSign", in: "--5", key: "number.invalid"},
		{name: "SignOnly", in: "-", key: "number.invalid"},
		{name: "CurrencyOnly", in: "€", key: "number.invalid"},
		{name: "PercentAndCurrency", in: "€12%", key: "number.invalid"},
		{name: "Suffix", in: "13k", key: "number.invalid"},
		{name: "ZeroLedGroup", in: "0,250,000", key: "number.invalid"},
		{name: "Tab", in: "1\t200", key: "number.control"},
		{name: "NUL", in: "12\x00", key: "number.control"},
		{name: "ZeroWidthSpace", in: "1\u200b200", key: "number.control"},
		{name: "TooLarge", in: "1000000000001", key: "number.too_large"},
		{name: "TooSmall", in: "-2 000 000 000 000", key: "number.too_large"},
		{name: "Overflow", in: strings.Repeat("9", 400), key: "number.too_large"},
	}
	for _, tt := range tests {
		for _, loc := range []plan.NumberLocale{plan.NumberEnglish, plan.NumberFrench, plan.NumberNeutral} {
			t.Run(tt.name+"/"+string(loc), func(t *testing.T) {
				got, err := plan.ParseNumberLocale(tt.in, loc)
				if err == nil {
					t.Fatalf("ParseNumberLocale(%q) = %+v, want an error", tt.in, got)
				}
				if plan.ErrorCode(err) != plan.EINVALID || plan.ErrorKey(err) != tt.key {
					t.Errorf("ParseNumberLocale(%q): code %q key %q, want invalid, %s", tt.in, plan.ErrorCode(err), plan.ErrorKey(err), tt.key)
				}
			})
		}
	}
}

// ParseNumber is kept for the callers that have no locale yet: it reads
// what both conventions agree on and refuses the rest.
func TestParseNumberNeutral(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"120", 120, true},
		{"2.5", 2.5, true},
		{"2,5", 2.5, true},
		{"1,200.5", 1200.5, true},
		{"1 200,5", 1200.5, true},
		{"-3", -3, true},
		{"1,200", 0, false}, // 1 200 or 1,2: the bug of issue 11 read it as 1.2
		{"", 0, false},
		{"lots", 0, false},
		{"NaN", 0, false},
	}
	for _, tt := range tests {
		if got, ok := plan.ParseNumber(tt.in); got != tt.want || ok != tt.ok {
			t.Errorf("ParseNumber(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestNumberLocaleOf(t *testing.T) {
	tests := []struct {
		in   string
		want plan.NumberLocale
	}{
		{"fr-FR", plan.NumberFrench}, {"fr-CA", plan.NumberFrench}, {"fr", plan.NumberFrench},
		{"en-US", plan.NumberEnglish}, {"en-GB", plan.NumberEnglish}, {"EN", plan.NumberEnglish},
		{"de-DE", plan.NumberNeutral}, {"pt_BR", plan.NumberNeutral}, {"", plan.NumberNeutral},
	}
	for _, tt := range tests {
		if got := plan.NumberLocaleOf(tt.in); got != tt.want {
			t.Errorf("NumberLocaleOf(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDetectNumberColumn(t *testing.T) {
	type cell struct {
		value float64
		empty bool
		bad   string // the problem's key
	}
	ok := func(v float64) cell { return cell{value: v} }
	bad := func(key string) cell { return cell{bad: key} }
	tests := []struct {
		name  string
		cells []string
		loc   plan.NumberLocale
		mark  plan.DecimalMark
		basis plan.ColumnBasis
		key   string
		want  []cell
	}{
		{
			// "2,5" can only be a decimal comma, so "1,250" is 1,25 here,
			// whatever the reader's locale.
			name: "CommasDecide", cells: []string{"2,5", "1,250", "0,75", "3"}, loc: plan.NumberEnglish,
			mark: plan.DecimalComma, basis: plan.BasisCells, key: "number.column.decimal_comma",
			want: []cell{ok(2.5), ok(1.25), ok(0.75), ok(3)},
		},
		{
			name: "PointsDecide", cells: []string{"1,200.5", "13,250", "", "7"}, loc: plan.NumberFrench,
			mark: plan.DecimalPoint, basis: plan.BasisCells, key: "number.column.decimal_point",
			want: []cell{ok(1200.5), ok(13250), {empty: true}, ok(7)},
		},
		{
			name: "FrenchSpaces", cells: []string{"1 200,5", "20\u202f000", "1,250"}, loc: plan.NumberNeutral,
			mark: plan.DecimalComma, basis: plan.BasisCells, key: "number.column.decimal_comma",
			want: []cell{ok(1200.5), ok(20000), ok(1.25)},
		},
		{
			// Two cells say comma, one says point: the point one contradicts.
			name: "Contradiction", cells: []string{"2,5", "1.200,75", "3.5"}, loc: plan.NumberEnglish,
			mark: plan.DecimalComma, basis: plan.BasisCells, key: "number.column.decimal_comma",
			want: []cell{ok(2.5), ok(1200.75), bad("number.contradicts")},
		},
		{
			name: "TieGoesToLocale", cells: []string{"2,5", "3.5"}, loc: plan.NumberFrench,
			mark: plan.DecimalComma, basis: plan.BasisCells, key: "number.column.decimal_comma",
			want: []cell{ok(2.5), bad("number.contradicts")},
		},
		{
			name: "WholeNumbers", cells: []string{"120", "20 000", "-4"}, loc: plan.NumberFrench,
			mark: 0, basis: plan.BasisWhole, key: "number.column.whole",
			want: []cell{ok(120), ok(20000), ok(-4)},
		},
		{
			name: "EnglishLocaleReadsCommas", cells: []string{"1,250", "13,250", "900"}, loc: plan.NumberEnglish,
			mark: plan.DecimalPoint, basis: plan.BasisLocale, key: "number.column.decimal_point",
			want: []cell{ok(1250), ok(13250), ok(900)},
		},
		{
			name: "FrenchUndecided", cells: []string{"1,250", "13,250", "900", "x"}, loc: plan.NumberFrench,
			mark: 0, basis: plan.BasisUndecided, key: "number.column.undecided",
			want: []cell{bad("number.ambiguous"), bad("number.ambiguous"), ok(900), bad("number.invalid")},
		},
		{
			name: "TooLarge", cells: []string{"2,5", "1 000 000 000 000,5"}, loc: plan.NumberFrench,
			mark: plan.DecimalComma, basis: plan.BasisCells, key: "number.column.decimal_comma",
			want: []cell{ok(2.5), bad("number.too_large")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			col := plan.DetectNumberColumn(tt.cells, tt.loc)
			checkColumn(t, col, tt.mark, tt.basis, tt.key)
			problems := map[int]string{}
			for _, p := range col.Problems {
				problems[p.Index] = p.Key
				if p.Text != tt.cells[p.Index] {
					t.Errorf("problem %d text %q, want %q", p.Index, p.Text, tt.cells[p.Index])
				}
			}
			for i, w := range tt.want {
				c := col.Cells[i]
				switch {
				case w.bad != "":
					if problems[i] != w.bad || c.OK {
						t.Errorf("cell %d (%q): problem %q ok %v, want %q", i, tt.cells[i], problems[i], c.OK, w.bad)
					}
				case w.empty:
					if !c.Empty || c.OK {
						t.Errorf("cell %d: %+v, want empty", i, c)
					}
				case !c.OK || c.Value != w.value || problems[i] != "":
					t.Errorf("cell %d (%q): %+v (problem %q), want %v", i, tt.cells[i], c, problems[i], w.value)
				}
			}
			wantBad := 0
			for _, w := range tt.want {
				if w.bad != "" {
					wantBad++
				}
			}
			if len(col.Problems) != wantBad {
				t.Errorf("problems %+v, want %d", col.Problems, wantBad)
			}
		})
	}
	t.Run("AmbiguousReadings", func(t *testing.T) {
		col := plan.DetectNumberColumn([]string{"-1,250"}, plan.NumberFrench)
		if len(col.Problems) != 1 || col.Problems[0].Grouped != -1250 || col.Problems[0].Decimal != -1.25 {
			t.Errorf("problems %+v, want -1250 or -1.25", col.Problems)
		}
	})
}

func checkColumn(tb testing.TB, col plan.NumberColumn, mark plan.DecimalMark, basis plan.ColumnBasis, key string) {
	tb.Helper()
	if col.Mark != mark || col.Basis != basis || col.SummaryKey() != key {
		tb.Errorf("mark %q basis %q key %q, want %q %q %q", col.Mark, col.Basis, col.SummaryKey(), mark, basis, key)
	}
}

func TestReadNumberColumn(t *testing.T) {
	cells := []string{"1,250", "13,250", "2.5", ""}
	col := plan.ReadNumberColumn(cells, plan.DecimalComma)
	checkColumn(t, col, plan.DecimalComma, plan.BasisChosen, "number.column.decimal_comma")
	if !col.Cells[0].OK || col.Cells[0].Value != 1.25 || !col.Cells[1].OK || col.Cells[1].Value != 13.25 {
		t.Errorf("cells %+v, want 1.25 and 13.25", col.Cells[:2])
	}
	if len(col.Problems) != 1 || col.Problems[0].Index != 2 || col.Problems[0].Key != "number.contradicts" || !col.Cells[3].Empty {
		t.Errorf("problems %+v cells %+v, want 2.5 contradicting and an empty cell", col.Problems, col.Cells)
	}
	col = plan.ReadNumberColumn(cells, plan.DecimalPoint)
	if col.Cells[0].Value != 1250 || col.Cells[1].Value != 13250 || col.Cells[2].Value != 2.5 || len(col.Problems) != 0 {
		t.Errorf("read with points: %+v %+v", col.Cells, col.Problems)
	}
}

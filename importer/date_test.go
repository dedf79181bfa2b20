package importer

import (
	"testing"
	"time"
)

func TestDateColumn(t *testing.T) {
	tests := []struct {
		name  string
		col   dateColumn
		cells []string
		order DateOrder
		want  []time.Time // zero: not read
	}{
		{
			name:  "ISOAndGA4",
			col:   dateColumn{fallback: DateMDY},
			cells: []string{"2026-03-01", "2026/03/02", "20260303", "2026-03-04 14:05:00", "2026-03-05T23:30:00-08:00"},
			order: DateMDY,
			want:  []time.Time{day(1), day(2), day(3), day(4), day(5)},
		},
		{
			name:  "DayFirstFromTheColumn",
			col:   dateColumn{fallback: DateMDY},
			cells: []string{"01/03/2026", "15/03/2026", "02.03.26"},
			order: DateDMY,
			want:  []time.Time{day(1), day(15), day(2)},
		},
		{
			name:  "MonthFirstFromTheColumn",
			col:   dateColumn{fallback: DateDMY},
			cells: []string{"03/01/2026 09:15", "03/13/2026"},
			order: DateMDY,
			want:  []time.Time{day(1), day(13)},
		},
		{
			name:  "UndecidedTakesTheFallback",
			col:   dateColumn{fallback: DateDMY},
			cells: []string{"03/04/2026"},
			order: DateDMY,
			want:  []time.Time{time.Date(2026, 4, 3, 0, 0, 0, 0, time.UTC)},
		},
		{
			name:  "ChosenInMapping",
			col:   dateColumn{fallback: DateDMY, forced: DateMDY},
			cells: []string{"03/04/2026", "13/04/2026"},
			order: DateMDY,
			want:  []time.Time{day(4), {}},
		},
		{
			name:  "MonthNames",
			col:   dateColumn{fallback: DateMDY},
			cells: []string{"Mar 1, 2026", "March 2, 2026", "3 mars 2026", "1er mars 2026", "04-Mar-2026", "lundi 9 mars 2026", "5 févr. 26"},
			order: DateMDY,
			want:  []time.Time{day(1), day(2), day(3), day(1), day(4), day(9), time.Date(2026, 2, 5, 0, 0, 0, 0, time.UTC)},
		},
		{
			name:  "ExcelSerials",
			col:   dateColumn{fallback: DateMDY, serials: true},
			cells: []string{"46082", "46082.75"},
			order: DateMDY,
			want:  []time.Time{day(1), day(1)}, // Excel shows 46082 as 1 March 2026
		},
		{
			name:  "NotDates",
			col:   dateColumn{fallback: DateMDY},
			cells: []string{"2026-02-30", "31/04/2026", "46082", "next Monday", "2026-3-1x", "Q1 2026"},
			order: DateDMY, // 31 can only be a day
			want:  make([]time.Time, 6),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := tt.col
			for _, c := range tt.cells {
				d.Observe(c)
			}
			if d.Order() != tt.order {
				t.Errorf("order = %s, want %s", d.Order(), tt.order)
			}
			for i, c := range tt.cells {
				got, ok := d.Parse(c)
				if ok != !tt.want[i].IsZero() || !got.Equal(tt.want[i]) {
					t.Errorf("Parse(%q) = %v, %v; want %v", c, got, ok, tt.want[i])
				}
			}
		})
	}
}

package plan_test

import (
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
)

// TestFirstWorkingDay: weekdays from GNU date(1): 2026-11-01 is a Sunday,
// 2026-12-01 a Tuesday, 2026-08-01 a Saturday.
func TestFirstWorkingDay(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	weekdays := plan.DefaultWorkingHours
	holiday := weekdays
	holiday.Holidays = []time.Time{day(2026, 11, 2)}
	tests := []struct {
		name  string
		w     plan.WorkingHours
		month plan.YearMonth
		want  time.Time
	}{
		{"SundayFirst", weekdays, plan.YearMonth{Year: 2026, Month: time.November}, day(2026, 11, 2)},
		{"TuesdayFirst", weekdays, plan.YearMonth{Year: 2026, Month: time.December}, day(2026, 12, 1)},
		{"SaturdayFirst", weekdays, plan.YearMonth{Year: 2026, Month: time.August}, day(2026, 8, 3)},
		{"HolidayMonday", holiday, plan.YearMonth{Year: 2026, Month: time.November}, day(2026, 11, 3)},
		{"NoWorkingHours", plan.WorkingHours{}, plan.YearMonth{Year: 2026, Month: time.November}, day(2026, 11, 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := plan.FirstWorkingDay(tt.w, paris, tt.month); !got.Equal(tt.want) {
				t.Errorf("FirstWorkingDay = %s, want %s", got.Format(time.DateOnly), tt.want.Format(time.DateOnly))
			}
		})
	}
}

func TestMonthlyReportMonth(t *testing.T) {
	p := &plan.Plan{TimeZone: "Europe/Paris", WorkingHours: plan.DefaultWorkingHours}
	tests := []struct {
		due  time.Time
		want plan.YearMonth
		ok   bool
	}{
		// 09:00 in Paris is 08:00 UTC in winter.
		{time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC), plan.YearMonth{Year: 2026, Month: time.October}, true},
		{time.Date(2026, 11, 3, 8, 0, 0, 0, time.UTC), plan.YearMonth{Year: 2026, Month: time.October}, false},
		{time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC), plan.YearMonth{Year: 2026, Month: time.November}, true},
		// 23:30 UTC on November 30 is already December 1 in Paris.
		{time.Date(2026, 11, 30, 23, 30, 0, 0, time.UTC), plan.YearMonth{Year: 2026, Month: time.November}, true},
	}
	for _, tt := range tests {
		m, ok := plan.MonthlyReportMonth(p, tt.due)
		if m != tt.want || ok != tt.ok {
			t.Errorf("MonthlyReportMonth(%s) = %s, %v; want %s, %v", tt.due, m, ok, tt.want, tt.ok)
		}
	}
	r := plan.MonthlyReportRule(p)
	if r.Frequency != plan.FrequencyWeekly || len(r.Weekdays) != 5 || r.Hour != 9 || r.TimeZone != "Europe/Paris" {
		t.Errorf("MonthlyReportRule = %+v, want Monday to Friday at 09:00 in Paris", r)
	}
	if err := plan.MonthlyReportRule(&plan.Plan{}).Validate(); err != nil {
		t.Errorf("rule of a plan without working hours: %v", err)
	}
}

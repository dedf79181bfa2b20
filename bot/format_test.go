package bot

import (
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
)

func TestFormat(t *testing.T) {
	d := time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC)
	if got := formatDate(EN, d); got != "Mar 31, 2027" {
		t.Errorf("formatDate(EN) = %q", got)
	}
	if got := formatDate(FR, d); got != "31\u00a0mars 2027" {
		t.Errorf("formatDate(FR) = %q", got)
	}
	if got := formatNumber(FR, 2.5); got != "2,5" {
		t.Errorf("formatNumber(FR) = %q", got)
	}
}

func TestFormatHelpers(t *testing.T) {
	tests := []struct {
		name, got, want string
	}{
		{"CountEN", formatCount(EN, 13836), "13,836"},
		{"CountFR", formatCount(FR, 1234567), "1\u202f234\u202f567"},
		{"CountSmall", formatCount(EN, 959), "959"},
		{"PercentEN", formatPercent(EN, 0.0285), "2.9%"},
		{"PercentFR", formatPercent(FR, 0.16), "16,0\u202f%"},
		{"SpanUnderMinute", formatSpan(EN, 30*time.Second), "under a minute"},
		{"SpanHoursMinutes", formatSpan(EN, 90*time.Minute), "1 h 30 min"},
		{"SpanDaysFR", formatSpan(FR, 50*time.Hour+10*time.Minute), "2\u00a0j 2\u00a0h"},
		{"LinkForged", safeLink("https://x.example/a|b>c&d", "open|<!here>"), "<https://x.example/a%7Cb%3Ec&amp;d|open/&lt;!here&gt;>"},
		{"LinkNotHTTP", safeLink("javascript:alert(1)", "open"), "open"},
		{"LocalTimeFR", localTime(FR, time.Date(2026, 3, 29, 1, 30, 0, 0, time.UTC), fixtureParis), "29\u00a0mars 2026 à 3\u00a0h\u00a030"},
		{"LocalTimeEN", localTime(EN, time.Date(2026, 3, 29, 1, 30, 0, 0, time.UTC), fixtureParis), "Mar 29, 2026 at 03:30"},
		// French writes the first of a month "1er" (Imprimerie nationale).
		{"DateFirstFR", formatDate(FR, time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)), "1er\u00a0févr. 2026"},
		{"DateFirstEN", formatDate(EN, time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)), "Feb 1, 2026"},
		{"DateSecondFR", formatDate(FR, time.Date(2026, 2, 2, 0, 0, 0, 0, time.UTC)), "2\u00a0févr. 2026"},
		// English ordinals: 1st, 2nd, 3rd, 4th, 11th to 13th, 21st, 22nd, 23rd, 31st.
		{"Ordinal1EN", ordinalDay(EN, 1), "1st"},
		{"Ordinal2EN", ordinalDay(EN, 2), "2nd"},
		{"Ordinal3EN", ordinalDay(EN, 3), "3rd"},
		{"Ordinal4EN", ordinalDay(EN, 4), "4th"},
		{"Ordinal11EN", ordinalDay(EN, 11), "11th"},
		{"Ordinal12EN", ordinalDay(EN, 12), "12th"},
		{"Ordinal13EN", ordinalDay(EN, 13), "13th"},
		{"Ordinal21EN", ordinalDay(EN, 21), "21st"},
		{"Ordinal22EN", ordinalDay(EN, 22), "22nd"},
		{"Ordinal23EN", ordinalDay(EN, 23), "23rd"},
		{"Ordinal31EN", ordinalDay(EN, 31), "31st"},
		{"Ordinal1FR", ordinalDay(FR, 1), "1er"},
		{"Ordinal2FR", ordinalDay(FR, 2), "2"},
		{"ClockFR", formatClock(FR, 9, 0), "9\u00a0h"},
		{"ClockMinutesFR", formatClock(FR, 9, 5), "9\u00a0h\u00a005"},
		{"ClockEN", formatClock(EN, 9, 5), "09:05"},
		{"MonthlyFR", scheduleText(FR, plan.ReviewSchedule{Frequency: plan.FrequencyMonthly, MonthDay: 1, Hour: 9}), "le 1er de chaque mois à 9\u00a0h"},
		{"MonthlyEN", scheduleText(EN, plan.ReviewSchedule{Frequency: plan.FrequencyMonthly, MonthDay: 22, Hour: 9}), "on the 22nd of each month at 09:00"},
		{"WeeklyFR", scheduleText(FR, plan.ReviewSchedule{Frequency: plan.FrequencyWeekly, Weekday: time.Monday, Hour: 9, Minute: 30}), "chaque lundi à 9\u00a0h\u00a030"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}

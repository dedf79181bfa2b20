package bot

import (
	"testing"
	"time"
)

func TestFormat(t *testing.T) {
	d := time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC)
	if got := formatDate(EN, d); got != "Mar 31, 2027" {
		t.Errorf("formatDate(EN) = %q", got)
	}
	if got := formatDate(FR, d); got != "31 mars 2027" {
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
		{"PercentFR", formatPercent(FR, 0.16), "16,0\u00a0%"},
		{"SpanUnderMinute", formatSpan(EN, 30*time.Second), "under a minute"},
		{"SpanHoursMinutes", formatSpan(EN, 90*time.Minute), "1 h 30 min"},
		{"SpanDaysFR", formatSpan(FR, 50*time.Hour+10*time.Minute), "2\u00a0j 2\u00a0h"},
		{"LinkForged", safeLink("https://x.example/a|b>c&d", "open|<!here>"), "<https://x.example/a%7Cb%3Ec&amp;d|open/&lt;!here&gt;>"},
		{"LinkNotHTTP", safeLink("javascript:alert(1)", "open"), "open"},
		{"LocalTimeFR", localTime(FR, time.Date(2026, 3, 29, 1, 30, 0, 0, time.UTC), fixtureParis), "29 mars 2026 à 03:30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}

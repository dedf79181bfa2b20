package bot

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// How the views write dates, times, numbers and spans in each language.

// formatDate shows a calendar date the way the language writes it.
func formatDate(lang Lang, d time.Time) string {
	return lang.T("date", d.Day(), lang.T(fmt.Sprintf("month.%d", int(d.Month()))), d.Year())
}

// formatDateTime shows an instant in loc, the way the language writes it.
func formatDateTime(lang Lang, t time.Time, loc *time.Location) string {
	l := t.In(loc)
	return lang.T("datetime", formatDate(lang, l), l.Format("15:04"))
}

// localTime shows an instant as a date and a time of day in loc, in the
// words of reminders.
func localTime(lang Lang, t time.Time, loc *time.Location) string {
	l := t.In(loc)
	return lang.T("reminder.datetime", formatDate(lang, l), l.Format("15:04"))
}

// formatNumber shows a number without useless decimals, with a decimal
// comma in French.
func formatNumber(lang Lang, f float64) string {
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if lang == FR {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// round2 rounds to two decimals, so sums of decimals read cleanly.
func round2(f float64) float64 { return math.Round(f*100) / 100 }

// withUnit appends the goal's unit to a value, escaped.
func withUnit(lang Lang, f float64, unit string) string {
	if unit == "" {
		return formatNumber(lang, f)
	}
	return formatNumber(lang, f) + " " + Escape(unit)
}

// formatCount shows a whole number with thousands grouped.
func formatCount(lang Lang, n int64) string {
	s := strconv.FormatInt(n, 10)
	sep := ","
	if lang == FR {
		sep = "\u202f"
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 && r != '-' && s[i-1] != '-' {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// formatPercent shows a rate (0.0285) as a percentage with one decimal.
func formatPercent(lang Lang, rate float64) string {
	s := strconv.FormatFloat(rate*100, 'f', 1, 64)
	if lang == FR {
		return strings.Replace(s, ".", ",", 1) + "\u00a0%"
	}
	return s + "%"
}

// formatSpan shows a duration in days, hours and minutes.
func formatSpan(lang Lang, d time.Duration) string {
	if d < time.Minute {
		return lang.T("reminder.span.under_minute")
	}
	days, hours, mins := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour), int(d%time.Hour/time.Minute)
	var parts []string
	if days > 0 {
		parts = append(parts, lang.T("reminder.span.days", days))
	}
	if hours > 0 {
		parts = append(parts, lang.T("reminder.span.hours", hours))
	}
	if mins > 0 && days == 0 {
		parts = append(parts, lang.T("reminder.span.minutes", mins))
	}
	return strings.Join(parts, " ")
}

// formatHours shows a duration in hours without useless decimals.
func formatHours(lang Lang, d time.Duration) string {
	return formatNumber(lang, math.Round(d.Hours()*100)/100)
}

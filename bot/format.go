package bot

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// How the views write dates, times, numbers and spans in each language.

// formatDate shows a calendar date the way the language writes it:
// "Feb 1, 2026"; "1er févr. 2026", with a no-break space after the day.
func formatDate(lang Lang, d time.Time) string {
	day := strconv.Itoa(d.Day())
	if lang == FR && d.Day() == 1 {
		day = "1er"
	}
	return lang.T("date", day, lang.T(fmt.Sprintf("month.%d", int(d.Month()))), d.Year())
}

// ordinalDay writes a day of the month as an ordinal: "1st", "2nd",
// "3rd", "11th", "21st" in English; "1er", then "2", "3" in French.
func ordinalDay(lang Lang, d int) string {
	n := strconv.Itoa(d)
	if lang == FR {
		if d == 1 {
			return "1er"
		}
		return n
	}
	switch {
	case d%100 >= 11 && d%100 <= 13:
		return n + "th"
	case d%10 == 1:
		return n + "st"
	case d%10 == 2:
		return n + "nd"
	case d%10 == 3:
		return n + "rd"
	}
	return n + "th"
}

// formatClock writes a time of day: "09:30" in English; "9 h 30", or
// "9 h" on the hour, in French, with no-break spaces around the "h".
func formatClock(lang Lang, hour, minute int) string {
	if lang != FR {
		return fmt.Sprintf("%02d:%02d", hour, minute)
	}
	if minute == 0 {
		return fmt.Sprintf("%d\u00a0h", hour)
	}
	return fmt.Sprintf("%d\u00a0h\u00a0%02d", hour, minute)
}

// formatDateTime shows an instant in loc, the way the language writes it.
func formatDateTime(lang Lang, t time.Time, loc *time.Location) string {
	l := t.In(loc)
	return lang.T("datetime", formatDate(lang, l), formatClock(lang, l.Hour(), l.Minute()))
}

// localTime shows an instant as a date and a time of day in loc, in the
// words of reminders.
func localTime(lang Lang, t time.Time, loc *time.Location) string {
	l := t.In(loc)
	return lang.T("reminder.datetime", formatDate(lang, l), formatClock(lang, l.Hour(), l.Minute()))
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
		return strings.Replace(s, ".", ",", 1) + "\u202f%"
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

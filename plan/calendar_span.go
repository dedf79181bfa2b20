package plan

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// CalendarView is what a content calendar shows: a week or a month.
type CalendarView string

// Calendar views.
const (
	CalendarWeek  CalendarView = "week"
	CalendarMonth CalendarView = "month"
)

// CalendarSpan is the days a content calendar shows, as calendar dates at
// 00:00 UTC (the form Today returns) in the plan's zone: [Start, End).
type CalendarSpan struct {
	View  CalendarView
	Start time.Time // the first day
	End   time.Time // the day after the last
}

// WeekSpan returns the ISO week, Monday to Sunday, that holds now in loc:
// the plan's "this week", whatever the server's zone.
func WeekSpan(now time.Time, loc *time.Location) CalendarSpan {
	return weekSpanOf(Today(now, loc))
}

// weekSpanOf returns the ISO week of the calendar date day.
func weekSpanOf(day time.Time) CalendarSpan {
	start := mondayOf(day)
	return CalendarSpan{View: CalendarWeek, Start: start, End: start.AddDate(0, 0, 7)}
}

// mondayOf returns the Monday on or before the calendar date day.
func mondayOf(day time.Time) time.Time {
	return day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
}

// ISOWeekSpan returns week week of ISO year year (the week of January 4th
// is week 1). ok is false for a week the year does not have.
func ISOWeekSpan(year, week int) (CalendarSpan, bool) {
	if week < 1 || week > 53 || year < 1 || year > 9999 {
		return CalendarSpan{}, false
	}
	start := mondayOf(time.Date(year, time.January, 4, 0, 0, 0, 0, time.UTC)).AddDate(0, 0, 7*(week-1))
	if y, w := start.ISOWeek(); y != year || w != week {
		return CalendarSpan{}, false
	}
	return CalendarSpan{View: CalendarWeek, Start: start, End: start.AddDate(0, 0, 7)}, true
}

// YearMonth is a calendar month.
type YearMonth struct {
	Year  int
	Month time.Month
}

// MonthOf returns the month of the calendar date day.
func MonthOf(day time.Time) YearMonth { return YearMonth{Year: day.Year(), Month: day.Month()} }

// Start returns the first day of m, a calendar date at 00:00 UTC.
func (m YearMonth) Start() time.Time { return time.Date(m.Year, m.Month, 1, 0, 0, 0, 0, time.UTC) }

// End returns the first day of the month after m.
func (m YearMonth) End() time.Time { return m.Start().AddDate(0, 1, 0) }

// Next returns the month after m.
func (m YearMonth) Next() YearMonth { return MonthOf(m.End()) }

// Prev returns the month before m.
func (m YearMonth) Prev() YearMonth { return MonthOf(m.Start().AddDate(0, -1, 0)) }

// String writes m as "2026-03".
func (m YearMonth) String() string { return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month)) }

// Span returns the days of m.
func (m YearMonth) Span() CalendarSpan {
	return CalendarSpan{View: CalendarMonth, Start: m.Start(), End: m.End()}
}

// Days returns the calendar dates of s, in order.
func (s CalendarSpan) Days() []time.Time {
	var out []time.Time
	for d := s.Start; d.Before(s.End); d = d.AddDate(0, 0, 1) {
		out = append(out, d)
	}
	return out
}

// Contains reports whether the calendar date day lies in s.
func (s CalendarSpan) Contains(day time.Time) bool { return !day.Before(s.Start) && day.Before(s.End) }

// Bounds returns the instants at which s starts and ends in loc: local
// midnights, whatever daylight saving does in between. Storage selects the
// items of a span with ContentFilter{From: from, To: to}.
func (s CalendarSpan) Bounds(loc *time.Location) (from, to time.Time) {
	return LocalTime(loc, s.Start.Year(), s.Start.Month(), s.Start.Day(), 0, 0),
		LocalTime(loc, s.End.Year(), s.End.Month(), s.End.Day(), 0, 0)
}

// CheckSpan returns the days whose items BuildCalendar needs to check
// cadences over s: s widened to whole ISO weeks and whole months, since a
// week at the edge of a month, or a month around a week, counts all of its
// posts. Fetch the items of CheckSpan().Bounds(loc).
func (s CalendarSpan) CheckSpan() CalendarSpan {
	start, end := mondayOf(s.Start), mondayOf(s.End.AddDate(0, 0, -1)).AddDate(0, 0, 7)
	if first := MonthOf(s.Start).Start(); first.Before(start) {
		start = first
	}
	if last := MonthOf(s.End.AddDate(0, 0, -1)).End(); last.After(end) {
		end = last
	}
	return CalendarSpan{View: s.View, Start: start, End: end}
}

// monthNames are the names of months people type, in English and French,
// with common abbreviations; index 0 is January.
var monthNames = [12][]string{
	{"january", "jan", "janvier", "janv"}, {"february", "feb", "février", "fevrier", "févr", "fevr", "fév", "fev"},
	{"march", "mar", "mars"}, {"april", "apr", "avril", "avr"}, {"may", "mai"}, {"june", "jun", "juin"},
	{"july", "jul", "juillet", "juil"}, {"august", "aug", "août", "aout"}, {"september", "sep", "sept", "septembre"},
	{"october", "oct", "octobre"}, {"november", "nov", "novembre"}, {"december", "dec", "décembre", "decembre", "déc"},
}

// ParseMonth reads a month as typed after a command: "2026-03", "03/2026",
// "3/2026", "march 2026", "mars 2026", "Mar 2026", or a month name alone.
// A name alone means the latest such month that has begun by today (a
// calendar date) when past is true, as a report looks back, or the next
// one from today's month on otherwise, as a calendar plans ahead. ok is
// false for anything else.
func ParseMonth(s string, today time.Time, past bool) (YearMonth, bool) {
	f := strings.Fields(strings.ToLower(strings.TrimSpace(s)))
	switch len(f) {
	case 1:
		if y, m, ok := parseNumericMonth(f[0]); ok {
			return YearMonth{Year: y, Month: m}, true
		}
		m, ok := monthByName(f[0])
		if !ok {
			return YearMonth{}, false
		}
		ym := YearMonth{Year: today.Year(), Month: m}
		switch {
		case past && m > today.Month():
			ym.Year--
		case !past && m < today.Month():
			ym.Year++
		}
		return ym, true
	case 2:
		m, ok := monthByName(f[0])
		y, err := strconv.Atoi(f[1])
		if !ok || err != nil || y < 1000 || y > 9999 {
			return YearMonth{}, false
		}
		return YearMonth{Year: y, Month: m}, true
	}
	return YearMonth{}, false
}

// parseNumericMonth reads "2026-03", "03/2026" or "3/2026".
func parseNumericMonth(s string) (int, time.Month, bool) {
	var a, b string
	var yearFirst bool
	if x, y, ok := strings.Cut(s, "-"); ok {
		a, b, yearFirst = x, y, true
	} else if x, y, ok := strings.Cut(s, "/"); ok {
		a, b = x, y
	} else {
		return 0, 0, false
	}
	if !yearFirst {
		a, b = b, a
	}
	y, err1 := strconv.Atoi(a)
	m, err2 := strconv.Atoi(b)
	if err1 != nil || err2 != nil || len(a) != 4 || len(b) > 2 || m < 1 || m > 12 {
		return 0, 0, false
	}
	return y, time.Month(m), true
}

// monthByName returns the month named s ("mars", "Sept."), or false.
func monthByName(s string) (time.Month, bool) {
	s = strings.TrimSuffix(s, ".")
	for i, names := range monthNames {
		if slices.Contains(names, s) {
			return time.Month(i + 1), true
		}
	}
	return 0, false
}

// ParseCalendarSpan reads the argument of the calendar command in English
// or French, on now in loc: "" or "week" ("semaine", "this week", "cette
// semaine"), "next week" ("semaine prochaine"), "last week" ("semaine
// dernière"), "month" ("mois", "this month", "ce mois"), "next month"
// ("mois prochain"), an ISO week ("2026-W12", "W12" this ISO year), or a
// month as ParseMonth reads it, looking ahead. ok is false otherwise.
func ParseCalendarSpan(s string, now time.Time, loc *time.Location) (CalendarSpan, bool) {
	today := Today(now, loc)
	key := strings.Join(strings.Fields(strings.ToLower(s)), " ")
	switch key {
	case "", "week", "semaine", "this week", "cette semaine":
		return weekSpanOf(today), true
	case "next week", "semaine prochaine", "la semaine prochaine":
		return weekSpanOf(today.AddDate(0, 0, 7)), true
	case "last week", "semaine dernière", "semaine derniere", "la semaine dernière", "la semaine derniere":
		return weekSpanOf(today.AddDate(0, 0, -7)), true
	case "month", "mois", "this month", "ce mois", "ce mois-ci":
		return MonthOf(today).Span(), true
	case "next month", "mois prochain", "le mois prochain":
		return MonthOf(today).Next().Span(), true
	}
	if y, w, ok := parseISOWeek(key, today); ok {
		return ISOWeekSpan(y, w)
	}
	if m, ok := ParseMonth(key, today, false); ok {
		return m.Span(), true
	}
	return CalendarSpan{}, false
}

// parseISOWeek reads "2026-w12" or "w12" (in today's ISO year).
func parseISOWeek(s string, today time.Time) (year, week int, ok bool) {
	y, w, found := strings.Cut(s, "-w")
	if !found {
		if !strings.HasPrefix(s, "w") {
			return 0, 0, false
		}
		y, w = "", s[1:]
	}
	year, _ = today.ISOWeek()
	if y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || len(y) != 4 {
			return 0, 0, false
		}
		year = n
	}
	week, err := strconv.Atoi(w)
	if err != nil || len(w) > 2 {
		return 0, 0, false
	}
	return year, week, true
}

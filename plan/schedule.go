package plan

import (
	"time"
)

// Frequency is how often a reminder rule fires.
type Frequency string

// Frequencies of reminder rules.
const (
	FrequencyOnce    Frequency = "once"
	FrequencyDaily   Frequency = "daily"
	FrequencyWeekly  Frequency = "weekly"
	FrequencyMonthly Frequency = "monthly"
)

// Frequencies lists the frequencies in the order they are offered to users.
var Frequencies = []Frequency{FrequencyOnce, FrequencyDaily, FrequencyWeekly, FrequencyMonthly}

// Valid reports whether f is a known frequency.
func (f Frequency) Valid() bool {
	for _, known := range Frequencies {
		if f == known {
			return true
		}
	}
	return false
}

// MisfireGrace is how late a firing may be and still count as on time. The
// scheduler polls every few seconds, so a little lateness is normal; beyond
// this the reminder was missed (the bot was down) and says so.
const MisfireGrace = 60 * time.Second

// MaxMissed bounds Firing.Missed: after a long outage the count stops there,
// so Due stays cheap however long the bot was down. Missed == MaxMissed
// means "at least MaxMissed".
const MaxMissed = 1000

// Rule says when a reminder fires: once at an instant, or on a wall-clock
// time in an IANA zone every day, on some weekdays, or on a day of the month.
// The wall clock, not a fixed offset, is kept so that a 09:00 reminder stays
// at 09:00 local across daylight saving changes.
type Rule struct {
	Frequency Frequency
	At        time.Time      // FrequencyOnce: the instant, stored UTC
	Weekdays  []time.Weekday // FrequencyWeekly: one or more days
	MonthDay  int            // FrequencyMonthly: 1..31; a shorter month fires on its last day
	Hour      int            // FrequencyDaily, Weekly, Monthly: local wall-clock hour, 0..23
	Minute    int            // and minute, 0..59
	TimeZone  string         // IANA zone of the wall clock, e.g. "Europe/Paris"
}

// Validate returns FieldErrors for every field of r that is not valid.
// Fields the frequency does not use are not checked.
func (r Rule) Validate() error {
	var fe FieldErrors
	if !r.Frequency.Valid() {
		fe = append(fe, Invalid("frequency", "reminder.frequency.invalid", "choose how often the reminder fires"))
		return fe.Err()
	}
	if r.Frequency == FrequencyOnce {
		if r.At.IsZero() {
			fe = append(fe, Invalid("at", "reminder.at.required", "choose when the reminder fires"))
		}
		if r.TimeZone != "" {
			if _, err := time.LoadLocation(r.TimeZone); err != nil {
				fe = append(fe, Invalid("time_zone", "reminder.tz.invalid", "time zone must be an IANA name such as Europe/Paris"))
			}
		}
		return fe.Err()
	}
	switch r.Frequency {
	case FrequencyWeekly:
		if len(r.Weekdays) == 0 {
			fe = append(fe, Invalid("weekdays", "reminder.weekdays.required", "choose at least one day of the week"))
		}
		for _, d := range r.Weekdays {
			if d < time.Sunday || d > time.Saturday {
				fe = append(fe, Invalid("weekdays", "reminder.weekdays.invalid", "unknown day of the week"))
				break
			}
		}
	case FrequencyMonthly:
		if r.MonthDay < 1 || r.MonthDay > 31 {
			fe = append(fe, Invalid("month_day", "reminder.month_day.invalid", "the day of the month must be between 1 and 31"))
		}
	}
	if r.Hour < 0 || r.Hour > 23 {
		fe = append(fe, Invalid("hour", "reminder.hour.invalid", "the hour must be between 0 and 23"))
	}
	if r.Minute < 0 || r.Minute > 59 {
		fe = append(fe, Invalid("minute", "reminder.minute.invalid", "the minute must be between 0 and 59"))
	}
	if _, err := time.LoadLocation(r.TimeZone); r.TimeZone == "" || err != nil {
		fe = append(fe, Invalid("time_zone", "reminder.tz.invalid", "time zone must be an IANA name such as Europe/Paris"))
	}
	return fe.Err()
}

// Next returns the first occurrence of r strictly after after, in UTC. It
// returns false when there is none: a once rule whose At is not after
// after, or a rule that does not validate.
func (r Rule) Next(after time.Time) (time.Time, bool) {
	if r.Validate() != nil {
		return time.Time{}, false
	}
	if r.Frequency == FrequencyOnce {
		if !r.At.After(after) {
			return time.Time{}, false
		}
		return r.At.UTC(), true
	}
	loc, err := time.LoadLocation(r.TimeZone)
	if err != nil {
		return time.Time{}, false
	}
	return r.next(loc, after)
}

// next is Next for a valid recurring rule whose zone is already loaded, so
// that Due can walk many occurrences without reloading the zone.
func (r Rule) next(loc *time.Location, after time.Time) (time.Time, bool) {
	// Start a day before the local date of after: an occurrence moved
	// forward out of a DST gap can land just past midnight.
	y, m, d := after.In(loc).Date()
	switch r.Frequency {
	case FrequencyDaily, FrequencyWeekly:
		// A weekly rule fires within 7 days; 2 extra days cover the day
		// started early and the day of after itself.
		for i := -1; i <= 8; i++ {
			day := time.Date(y, m, d+i, 12, 0, 0, 0, time.UTC)
			if r.Frequency == FrequencyWeekly && !r.onWeekday(day.Weekday()) {
				continue
			}
			t := LocalTime(loc, day.Year(), day.Month(), day.Day(), r.Hour, r.Minute)
			if t.After(after) {
				return t, true
			}
		}
	case FrequencyMonthly:
		for i := -1; i <= 2; i++ {
			first := time.Date(y, m+time.Month(i), 1, 12, 0, 0, 0, time.UTC)
			day := min(r.MonthDay, daysIn(first.Year(), first.Month()))
			t := LocalTime(loc, first.Year(), first.Month(), day, r.Hour, r.Minute)
			if t.After(after) {
				return t, true
			}
		}
	}
	return time.Time{}, false
}

func (r Rule) onWeekday(wd time.Weekday) bool {
	for _, d := range r.Weekdays {
		if d == wd {
			return true
		}
	}
	return false
}

// daysIn returns the number of days of month m of year y.
func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 12, 0, 0, 0, time.UTC).Day()
}

// LocalTime returns the instant, in UTC, at which the wall clock in loc
// reads y-m-d hour:min. Unlike time.Date it has a stated policy for the two
// days a year when that reading does not name exactly one instant:
//
//   - a reading skipped by a spring-forward gap moves forward by the length
//     of the gap (02:30 on 2026-03-08 in America/New_York is 03:30 EDT), so a
//     reminder fires late that day rather than an hour early;
//   - a reading that happens twice when clocks fall back resolves to the
//     first, earlier instant (01:30 EDT on 2026-11-01), so it fires once.
func LocalTime(loc *time.Location, y int, m time.Month, d, hour, min int) time.Time {
	// wall is the reading as if loc were UTC; the instant is wall minus the
	// UTC offset in force then. Offsets lie within ±26h, so collect every
	// offset in force around wall and keep those consistent with it.
	wall := time.Date(y, m, d, hour, min, 0, 0, time.UTC)
	const window = 26 * time.Hour
	type zone struct {
		start  time.Time // when this offset took effect
		offset time.Duration
	}
	var zones []zone
	t := wall.Add(-window).In(loc)
	for len(zones) < 16 {
		start, end := t.ZoneBounds()
		_, off := t.Zone()
		zones = append(zones, zone{start: start, offset: time.Duration(off) * time.Second})
		if end.IsZero() || end.After(wall.Add(window)) {
			break
		}
		t = end.In(loc)
	}

	var best time.Time
	for _, z := range zones {
		cand := wall.Add(-z.offset)
		if _, off := cand.In(loc).Zone(); time.Duration(off)*time.Second == z.offset {
			if best.IsZero() || cand.Before(best) {
				best = cand
			}
		}
	}
	if !best.IsZero() {
		return best.UTC()
	}

	// A gap: a transition T lies between the reading under the new offset
	// (before T) and under the old one (at or after T). Reading the wall
	// clock with the old offset moves it forward by the gap's length.
	for i := 1; i < len(zones); i++ {
		prev, cur := zones[i-1], zones[i]
		if !wall.Add(-prev.offset).Before(cur.start) && wall.Add(-cur.offset).Before(cur.start) {
			return wall.Add(-prev.offset).UTC()
		}
	}
	return time.Date(y, m, d, hour, min, 0, 0, loc).UTC()
}

// Firing is one reminder post decided by Due. After an outage the
// occurrences missed meanwhile collapse into one firing for the latest.
type Firing struct {
	Due    time.Time // the occurrence being fired, UTC
	Late   bool      // fired more than MisfireGrace after Due
	Missed int       // earlier occurrences collapsed into this one, at most MaxMissed
}

// Due returns what should fire at now for r. last is the last occurrence
// already handled, zero when none; a recurring rule then counts its
// occurrences from created. A recurring rule with occurrences at or before
// now fires once, for the latest of them, never once per missed slot. A
// once rule fires when At is at or before now and after last, whenever it
// was created. ok is false when nothing is due or r does not validate.
func (r Rule) Due(created, last, now time.Time) (f Firing, ok bool) {
	if r.Validate() != nil {
		return Firing{}, false
	}
	if r.Frequency == FrequencyOnce {
		if r.At.After(now) || (!last.IsZero() && !r.At.After(last)) {
			return Firing{}, false
		}
		due := r.At.UTC()
		return Firing{Due: due, Late: now.Sub(due) > MisfireGrace}, true
	}
	loc, err := time.LoadLocation(r.TimeZone)
	if err != nil {
		return Firing{}, false
	}
	start := last
	if start.IsZero() {
		start = created
	}
	first, ok := r.next(loc, start)
	if !ok || first.After(now) {
		return Firing{}, false
	}

	// Find the latest occurrence at or before now without walking the whole
	// outage: occurrences are at most 31 days and a DST hour apart.
	due := first
	if from := now.Add(-33 * 24 * time.Hour); from.After(due) {
		if t, ok := r.next(loc, from); ok && !t.After(now) {
			due = t
		}
	}
	for {
		t, ok := r.next(loc, due)
		if !ok || t.After(now) {
			break
		}
		due = t
	}

	missed := 0
	for t := first; t.Before(due) && missed < MaxMissed; missed++ {
		n, ok := r.next(loc, t)
		if !ok {
			break
		}
		t = n
	}
	return Firing{Due: due, Late: now.Sub(due) > MisfireGrace, Missed: missed}, true
}

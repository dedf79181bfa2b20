package plan

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// WorkingHours are when a plan's team works, in the plan's zone: the days
// of the week, one span of hours on each, and holidays. Reply targets,
// overdue reminders and digests count working time only. The zero value
// means always, every hour of every day: plans without working hours keep
// counting plain time.
type WorkingHours struct {
	Days []time.Weekday // the working days; none: every day, every hour (the zero value)
	// Start and End are the working span of each working day, in minutes
	// after local midnight: 9:00 to 18:00 is 540 to 1080. End may be 1440
	// (midnight at the end of the day); a span does not cross midnight.
	Start, End int
	// Holidays are calendar dates (00:00 UTC, as Today gives them) off,
	// whatever their weekday.
	Holidays []time.Time
}

// DefaultWorkingHours are offered to a plan that sets its working hours:
// Monday to Friday, 09:00 to 18:00.
var DefaultWorkingHours = WorkingHours{
	Days:  []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday},
	Start: 9 * 60, End: 18 * 60,
}

// MaxHolidays bounds a plan's holidays: two years of them is plenty.
const MaxHolidays = 100

// IsZero reports whether w is the zero value: always working.
func (w WorkingHours) IsZero() bool { return len(w.Days) == 0 && len(w.Holidays) == 0 }

// Validate returns FieldErrors for working hours that cannot be kept.
func (w WorkingHours) Validate() error {
	if w.IsZero() {
		return nil
	}
	var fe FieldErrors
	if len(w.Days) == 0 {
		fe = append(fe, Invalid("working_days", "hours.days.required", "choose the working days"))
	}
	for _, d := range w.Days {
		if d < time.Sunday || d > time.Saturday {
			fe = append(fe, Invalid("working_days", "hours.days.invalid", "choose days of the week"))
			break
		}
	}
	if w.Start < 0 || w.End > 24*60 || w.Start >= w.End {
		fe = append(fe, Invalid("working_hours", "hours.span.invalid", "the working day must end after it starts, the same day"))
	}
	if len(w.Holidays) > MaxHolidays {
		fe = append(fe, Invalid("holidays", "hours.holidays.too_many", "too many holidays"))
	}
	return fe.Err()
}

// Normalized returns w with its days in week order (Sunday first) and
// its holidays as calendar dates, in order, each once.
func (w WorkingHours) Normalized() WorkingHours {
	out := w
	out.Days = nil
	for d := time.Sunday; d <= time.Saturday; d++ {
		if slices.Contains(w.Days, d) {
			out.Days = append(out.Days, d)
		}
	}
	for _, d := range w.Days {
		if d < time.Sunday || d > time.Saturday {
			out.Days = append(out.Days, d) // kept for Validate to refuse
		}
	}
	out.Holidays = nil
	for _, h := range w.Holidays {
		out.Holidays = append(out.Holidays, dateOf(h))
	}
	slices.SortFunc(out.Holidays, func(a, b time.Time) int { return a.Compare(b) })
	out.Holidays = slices.CompactFunc(out.Holidays, func(a, b time.Time) bool { return a.Equal(b) })
	return out
}

// String writes w as "Mon-Fri 09:00-18:00" for logs; "always" for the zero
// value.
func (w WorkingHours) String() string {
	if w.IsZero() {
		return "always"
	}
	var days []string
	for _, d := range w.Days {
		days = append(days, d.String()[:3])
	}
	hm := func(m int) string { return pad2(m/60) + ":" + pad2(m%60) }
	return strings.Join(days, ",") + " " + hm(w.Start) + "-" + hm(w.End)
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// span returns the working span of the local calendar day y-m-d in loc,
// and false when it is not a working day. Its ends go through LocalTime,
// so a span starting in a spring-forward gap starts when the clock
// resumes, and a day that loses or gains an hour works that much less or
// more.
func (w WorkingHours) span(loc *time.Location, y int, m time.Month, d int) (from, to time.Time, ok bool) {
	day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if !slices.Contains(w.Days, day.Weekday()) {
		return from, to, false
	}
	for _, h := range w.Holidays {
		if dateOf(h).Equal(day) {
			return from, to, false
		}
	}
	from = LocalTime(loc, y, m, d, w.Start/60, w.Start%60)
	to = LocalTime(loc, y, m, d, w.End/60, w.End%60)
	return from, to, from.Before(to)
}

// spans calls f with the working spans of each local day from the one
// holding t on, for at most days days, until f returns false.
func (w WorkingHours) spans(loc *time.Location, t time.Time, days int, f func(from, to time.Time) bool) {
	y, m, d := t.In(loc).Date()
	for i := range days {
		if from, to, ok := w.span(loc, y, m, d+i); ok && !f(from, to) {
			return
		}
	}
}

// searchDays bounds how far ahead working time is looked for: a plan whose
// every day is a holiday still ends its search.
const searchDays = 3 * 366

// IsWorking reports whether t falls in working hours in loc: from the
// start of a span (included) to its end (excluded).
func (w WorkingHours) IsWorking(loc *time.Location, t time.Time) bool {
	if w.IsZero() {
		return true
	}
	y, m, d := t.In(loc).Date()
	from, to, ok := w.span(loc, y, m, d)
	return ok && !t.Before(from) && t.Before(to)
}

// IsWorkingDay reports whether the local day holding t is a working day:
// a daily digest skips the others.
func (w WorkingHours) IsWorkingDay(loc *time.Location, t time.Time) bool {
	if w.IsZero() {
		return true
	}
	y, m, d := t.In(loc).Date()
	_, _, ok := w.span(loc, y, m, d)
	return ok
}

// NextWorking returns t when it falls in working hours, else the start of
// the next working span: when a reminder or a digest due at t should be
// posted. It returns t when no working time comes within three years.
func (w WorkingHours) NextWorking(loc *time.Location, t time.Time) time.Time {
	if w.IsZero() {
		return t
	}
	next := t
	w.spans(loc, t, searchDays, func(from, to time.Time) bool {
		switch {
		case !t.Before(to):
			return true // this day's span is over
		case t.Before(from):
			next = from
		}
		return false
	})
	return next
}

// WorkingTime returns the working time between from and to: 0 when to is
// not after from.
func (w WorkingHours) WorkingTime(loc *time.Location, from, to time.Time) time.Duration {
	if !to.After(from) {
		return 0
	}
	if w.IsZero() {
		return to.Sub(from)
	}
	var total time.Duration
	w.spans(loc, from, searchDays, func(a, b time.Time) bool {
		if !a.Before(to) {
			return false
		}
		end := b
		if to.Before(end) {
			end = to
		}
		if start := maxTime(a, from); end.After(start) {
			total += end.Sub(start)
		}
		return true
	})
	return total
}

// maxTime is the later of a and b.
func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// AddWorkingTime returns when d of working time after start is over: the
// due time of a reply whose target is d for a message received at start.
// A message received out of hours starts its clock at the next working
// span. It returns start + d when no working time comes within three
// years.
func (w WorkingHours) AddWorkingTime(loc *time.Location, start time.Time, d time.Duration) time.Time {
	if w.IsZero() || d <= 0 {
		return start.Add(max(d, 0))
	}
	due := start.Add(d)
	left := d
	w.spans(loc, start, searchDays, func(a, b time.Time) bool {
		from := maxTime(a, start)
		if !from.Before(b) {
			return true
		}
		if avail := b.Sub(from); left > avail {
			left -= avail
			return true
		}
		due = from.Add(left)
		return false
	})
	return due
}

// MomentFunc returns NextWorking in loc as the WorkingMomentFunc the
// check-in rules take; nil, every moment working, for the zero value.
func (w WorkingHours) MomentFunc(loc *time.Location) WorkingMomentFunc {
	if w.IsZero() {
		return nil
	}
	return func(t time.Time) time.Time { return w.NextWorking(loc, t) }
}

package plan

import "time"

// The scheduled monthly report (issue 17): with Plan.MonthlyReport set,
// the report on the month before is uploaded at MonthlyReportHour on the
// first working day of each month, in the plan's zone.

// MonthlyReportHour is the local hour the scheduled report is uploaded.
const MonthlyReportHour = 9

// MonthlyReportRule is the rule of a plan's ReminderMonthlyReport: every
// working day of the week (every day when the plan has no working days)
// at MonthlyReportHour in the plan's zone. The rule has no "first working
// day of the month", so it fires on each working weekday and
// MonthlyReportMonth says which firing uploads.
func MonthlyReportRule(p *Plan) Rule {
	days := p.WorkingHours.Days
	if len(days) == 0 {
		days = []time.Weekday{time.Sunday, time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday}
	}
	return Rule{Frequency: FrequencyWeekly, Weekdays: days, Hour: MonthlyReportHour, TimeZone: p.Location().String()}
}

// FirstWorkingDay returns the first working day of month m under w in loc
// (weekday and holidays), as a calendar date (00:00 UTC); the first day
// of the month when none of its days is a working day.
func FirstWorkingDay(w WorkingHours, loc *time.Location, m YearMonth) time.Time {
	for d := m.Start(); d.Before(m.End()); d = d.AddDate(0, 0, 1) {
		// Noon of the local day: the day's working span, whatever the
		// zone's offset.
		if w.IsWorkingDay(loc, time.Date(d.Year(), d.Month(), d.Day(), 12, 0, 0, 0, loc)) {
			return d
		}
	}
	return m.Start()
}

// MonthlyReportMonth returns the month a firing of the plan's report due
// at due reports on, the month before due's, and whether due falls on the
// first working day of its month in the plan's zone: only that firing
// uploads.
func MonthlyReportMonth(p *Plan, due time.Time) (YearMonth, bool) {
	loc := p.Location()
	today := Today(due, loc)
	m := MonthOf(today)
	return m.Prev(), FirstWorkingDay(p.WorkingHours, loc, m).Equal(today)
}

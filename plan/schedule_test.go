package plan_test

import (
	"slices"
	"testing"
	"time"
	_ "time/tzdata" // zones load on hosts without a zoneinfo database

	"github.com/planbot/planbot/plan"
)

// MustLoadLocation returns the zone called name or fails the test.
func MustLoadLocation(tb testing.TB, name string) *time.Location {
	tb.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		tb.Fatalf("load location %q: %v", name, err)
	}
	return loc
}

// MustParseTime parses an RFC 3339 time or fails the test.
func MustParseTime(tb testing.TB, s string) time.Time {
	tb.Helper()
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		tb.Fatalf("parse time %q: %v", s, err)
	}
	return t
}

func TestLocalTime(t *testing.T) {
	tests := []struct {
		name  string
		zone  string
		y     int
		m     time.Month
		d     int
		hour  int
		min   int
		want  string // UTC
		local string // the wall clock the instant reads in the zone
	}{
		{name: "NewYorkOrdinary", zone: "America/New_York", y: 2026, m: time.January, d: 15, hour: 9, want: "2026-01-15T14:00:00Z", local: "09:00 EST"},
		{name: "NewYorkBeforeGap", zone: "America/New_York", y: 2026, m: time.March, d: 8, hour: 1, min: 59, want: "2026-03-08T06:59:00Z", local: "01:59 EST"},
		{name: "NewYorkGapStart", zone: "America/New_York", y: 2026, m: time.March, d: 8, hour: 2, want: "2026-03-08T07:00:00Z", local: "03:00 EDT"},
		{name: "NewYorkGap0230MovesForward", zone: "America/New_York", y: 2026, m: time.March, d: 8, hour: 2, min: 30, want: "2026-03-08T07:30:00Z", local: "03:30 EDT"},
		{name: "NewYorkAfterGap", zone: "America/New_York", y: 2026, m: time.March, d: 8, hour: 3, want: "2026-03-08T07:00:00Z", local: "03:00 EDT"},
		{name: "NewYorkBeforeOverlap", zone: "America/New_York", y: 2026, m: time.November, d: 1, hour: 0, min: 59, want: "2026-11-01T04:59:00Z", local: "00:59 EDT"},
		{name: "NewYorkOverlap0100First", zone: "America/New_York", y: 2026, m: time.November, d: 1, hour: 1, want: "2026-11-01T05:00:00Z", local: "01:00 EDT"},
		{name: "NewYorkOverlap0130First", zone: "America/New_York", y: 2026, m: time.November, d: 1, hour: 1, min: 30, want: "2026-11-01T05:30:00Z", local: "01:30 EDT"},
		{name: "NewYorkAfterOverlap", zone: "America/New_York", y: 2026, m: time.November, d: 1, hour: 2, want: "2026-11-01T07:00:00Z", local: "02:00 EST"},
		{name: "ParisGap0230MovesForward", zone: "Europe/Paris", y: 2026, m: time.March, d: 29, hour: 2, min: 30, want: "2026-03-29T01:30:00Z", local: "03:30 CEST"},
		{name: "ParisOverlap0230First", zone: "Europe/Paris", y: 2026, m: time.October, d: 25, hour: 2, min: 30, want: "2026-10-25T00:30:00Z", local: "02:30 CEST"},
		{name: "ParisSummer", zone: "Europe/Paris", y: 2026, m: time.July, d: 1, hour: 9, want: "2026-07-01T07:00:00Z", local: "09:00 CEST"},
		{name: "SydneyOverlap0230First", zone: "Australia/Sydney", y: 2026, m: time.April, d: 5, hour: 2, min: 30, want: "2026-04-04T15:30:00Z", local: "02:30 AEDT"},
		{name: "SydneyGap0230MovesForward", zone: "Australia/Sydney", y: 2026, m: time.October, d: 4, hour: 2, min: 30, want: "2026-10-03T16:30:00Z", local: "03:30 AEDT"},
		{name: "UTC", zone: "UTC", y: 2026, m: time.March, d: 8, hour: 2, min: 30, want: "2026-03-08T02:30:00Z", local: "02:30 UTC"},
		{name: "DayOverflowNormalizes", zone: "Europe/Paris", y: 2026, m: time.February, d: 29, hour: 9, want: "2026-03-01T08:00:00Z", local: "09:00 CET"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loc := MustLoadLocation(t, tt.zone)
			got := plan.LocalTime(loc, tt.y, tt.m, tt.d, tt.hour, tt.min)
			if want := MustParseTime(t, tt.want); !got.Equal(want) {
				t.Errorf("LocalTime = %s, want %s", got.Format(time.RFC3339), tt.want)
			}
			if got.Location() != time.UTC {
				t.Errorf("LocalTime location = %s, want UTC", got.Location())
			}
			if local := got.In(loc).Format("15:04 MST"); local != tt.local {
				t.Errorf("LocalTime reads %s in %s, want %s", local, tt.zone, tt.local)
			}
		})
	}
}

// TestLocalTimeDiffersFromTimeDate documents why LocalTime exists: time.Date
// resolves a skipped reading an hour early.
func TestLocalTimeDiffersFromTimeDate(t *testing.T) {
	ny := MustLoadLocation(t, "America/New_York")
	std := time.Date(2026, time.March, 8, 2, 30, 0, 0, ny)
	ours := plan.LocalTime(ny, 2026, time.March, 8, 2, 30)
	if got := ours.Sub(std); got != time.Hour {
		t.Errorf("LocalTime - time.Date = %s, want 1h (time.Date reads %s)", got, std.Format("15:04 MST"))
	}
}

func TestRuleNext(t *testing.T) {
	daily := func(zone string, hour, min int) plan.Rule {
		return plan.Rule{Frequency: plan.FrequencyDaily, Hour: hour, Minute: min, TimeZone: zone}
	}
	weekly := func(zone string, hour, min int, days ...time.Weekday) plan.Rule {
		return plan.Rule{Frequency: plan.FrequencyWeekly, Weekdays: days, Hour: hour, Minute: min, TimeZone: zone}
	}
	monthly := func(zone string, day, hour, min int) plan.Rule {
		return plan.Rule{Frequency: plan.FrequencyMonthly, MonthDay: day, Hour: hour, Minute: min, TimeZone: zone}
	}
	once := plan.Rule{Frequency: plan.FrequencyOnce, At: time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)}
	const ny, paris, sydney = "America/New_York", "Europe/Paris", "Australia/Sydney"

	tests := []struct {
		name  string
		rule  plan.Rule
		after string
		want  string // UTC; empty when there is no next occurrence
	}{
		// America/New_York, 2026-03-08 (spring forward) and 2026-11-01 (fall back).
		{name: "NewYorkDaily0230DayBeforeGap", rule: daily(ny, 2, 30), after: "2026-03-06T07:30:00Z", want: "2026-03-07T07:30:00Z"},
		{name: "NewYorkDaily0230GapDayMovesTo0330", rule: daily(ny, 2, 30), after: "2026-03-07T07:30:00Z", want: "2026-03-08T07:30:00Z"},
		{name: "NewYorkDaily0230DayAfterGap", rule: daily(ny, 2, 30), after: "2026-03-08T07:30:00Z", want: "2026-03-09T06:30:00Z"},
		{name: "NewYorkDaily0130OverlapFiresFirst", rule: daily(ny, 1, 30), after: "2026-10-31T05:30:00Z", want: "2026-11-01T05:30:00Z"},
		{name: "NewYorkDaily0130OverlapNotAgainAnHourLater", rule: daily(ny, 1, 30), after: "2026-11-01T05:30:00Z", want: "2026-11-02T06:30:00Z"},
		{name: "NewYorkDaily0900AcrossSpring", rule: daily(ny, 9, 0), after: "2026-03-07T14:00:00Z", want: "2026-03-08T13:00:00Z"},
		{name: "NewYorkDaily0900AcrossFall", rule: daily(ny, 9, 0), after: "2026-10-31T13:00:00Z", want: "2026-11-01T14:00:00Z"},
		{name: "NewYorkWeekly0900ShiftsAcrossSpring", rule: weekly(ny, 9, 0, time.Monday), after: "2026-03-02T14:00:00Z", want: "2026-03-09T13:00:00Z"},
		{name: "NewYorkWeekly0900ShiftsAcrossFall", rule: weekly(ny, 9, 0, time.Monday), after: "2026-10-26T13:00:00Z", want: "2026-11-02T14:00:00Z"},
		{name: "NewYorkWeeklySunday0230GapDay", rule: weekly(ny, 2, 30, time.Sunday), after: "2026-03-01T07:30:00Z", want: "2026-03-08T07:30:00Z"},
		{name: "NewYorkWeeklySunday0130OverlapDay", rule: weekly(ny, 1, 30, time.Sunday), after: "2026-10-25T05:30:00Z", want: "2026-11-01T05:30:00Z"},
		{name: "NewYorkWeeklySunday0130AfterOverlapNextWeek", rule: weekly(ny, 1, 30, time.Sunday), after: "2026-11-01T05:30:00Z", want: "2026-11-08T06:30:00Z"},

		// Europe/Paris, 2026-03-29 and 2026-10-25.
		{name: "ParisDaily0230GapDayMovesTo0330", rule: daily(paris, 2, 30), after: "2026-03-28T01:30:00Z", want: "2026-03-29T01:30:00Z"},
		{name: "ParisDaily0230DayAfterGap", rule: daily(paris, 2, 30), after: "2026-03-29T01:30:00Z", want: "2026-03-30T00:30:00Z"},
		{name: "ParisDaily0230OverlapFiresFirst", rule: daily(paris, 2, 30), after: "2026-10-24T00:30:00Z", want: "2026-10-25T00:30:00Z"},
		{name: "ParisDaily0230OverlapNotAgainAnHourLater", rule: daily(paris, 2, 30), after: "2026-10-25T00:30:00Z", want: "2026-10-26T01:30:00Z"},
		{name: "ParisWeekly0900ShiftsAcrossSpring", rule: weekly(paris, 9, 0, time.Monday), after: "2026-03-23T08:00:00Z", want: "2026-03-30T07:00:00Z"},
		{name: "ParisWeekly0900ShiftsAcrossFall", rule: weekly(paris, 9, 0, time.Monday), after: "2026-10-19T07:00:00Z", want: "2026-10-26T08:00:00Z"},
		{name: "ParisWeeklySeveralDays", rule: weekly(paris, 9, 0, time.Friday, time.Monday, time.Wednesday), after: "2026-06-01T07:00:00Z", want: "2026-06-03T07:00:00Z"},
		{name: "ParisWeeklyWrapsToNextWeek", rule: weekly(paris, 9, 0, time.Monday, time.Wednesday), after: "2026-06-03T07:00:00Z", want: "2026-06-08T07:00:00Z"},
		{name: "ParisWeeklyJustBefore", rule: weekly(paris, 9, 0, time.Monday), after: "2026-06-01T06:59:59Z", want: "2026-06-01T07:00:00Z"},
		{name: "ParisWeeklySameDayLater", rule: weekly(paris, 18, 0, time.Monday), after: "2026-06-01T07:00:00Z", want: "2026-06-01T16:00:00Z"},
		{name: "ParisWeeklyAfterInOtherZoneDate", rule: weekly(paris, 0, 30, time.Tuesday), after: "2026-06-01T22:00:00Z", want: "2026-06-01T22:30:00Z"},

		// Monthly, including days a month does not have.
		{name: "Monthly31InFebruaryFiresOnLastDay", rule: monthly(paris, 31, 9, 0), after: "2026-01-31T08:00:00Z", want: "2026-02-28T08:00:00Z"},
		{name: "Monthly31AfterFebruary", rule: monthly(paris, 31, 9, 0), after: "2026-02-28T08:00:00Z", want: "2026-03-31T07:00:00Z"},
		{name: "Monthly31InApril", rule: monthly(paris, 31, 9, 0), after: "2026-04-15T00:00:00Z", want: "2026-04-30T07:00:00Z"},
		{name: "Monthly31LeapFebruary", rule: monthly(paris, 31, 9, 0), after: "2028-01-31T08:00:00Z", want: "2028-02-29T08:00:00Z"},
		{name: "Monthly30InFebruary", rule: monthly(ny, 30, 9, 0), after: "2026-02-01T00:00:00Z", want: "2026-02-28T14:00:00Z"},
		{name: "MonthlyAcrossYear", rule: monthly(ny, 15, 9, 0), after: "2026-12-15T14:00:00Z", want: "2027-01-15T14:00:00Z"},
		{name: "MonthlyBeforeDayThisMonth", rule: monthly(ny, 15, 9, 0), after: "2026-06-01T00:00:00Z", want: "2026-06-15T13:00:00Z"},

		// Australia/Sydney, 2026-04-05 (fall back) and 2026-10-04 (spring forward).
		{name: "SydneyDaily0900AcrossApril", rule: daily(sydney, 9, 0), after: "2026-04-03T22:00:00Z", want: "2026-04-04T23:00:00Z"},
		{name: "SydneyDaily0900AcrossOctober", rule: daily(sydney, 9, 0), after: "2026-10-02T23:00:00Z", want: "2026-10-03T22:00:00Z"},
		{name: "SydneyMonthly0230OverlapFiresFirst", rule: monthly(sydney, 5, 2, 30), after: "2026-03-04T15:30:00Z", want: "2026-04-04T15:30:00Z"},
		{name: "SydneyMonthly0230GapMovesForward", rule: monthly(sydney, 4, 2, 30), after: "2026-09-03T16:30:00Z", want: "2026-10-03T16:30:00Z"},
		{name: "SydneyWeekly0230OverlapNotAgain", rule: weekly(sydney, 2, 30, time.Sunday), after: "2026-04-04T15:30:00Z", want: "2026-04-11T16:30:00Z"},

		// Once.
		{name: "OnceBefore", rule: once, after: "2026-04-30T10:00:00Z", want: "2026-05-01T10:00:00Z"},
		{name: "OnceAtIsNotAfter", rule: once, after: "2026-05-01T10:00:00Z"},
		{name: "OnceAfter", rule: once, after: "2026-06-01T00:00:00Z"},
		{name: "OnceWithoutAt", rule: plan.Rule{Frequency: plan.FrequencyOnce}, after: "2026-06-01T00:00:00Z"},
		{name: "OnceInvalidZone", rule: plan.Rule{Frequency: plan.FrequencyOnce, At: once.At, TimeZone: "Mars/Olympus"}, after: "2026-04-30T10:00:00Z"},

		// Invalid rules have no occurrences.
		{name: "InvalidZone", rule: daily("Mars/Olympus", 9, 0), after: "2026-06-01T00:00:00Z"},
		{name: "InvalidWeeklyNoDays", rule: weekly(paris, 9, 0), after: "2026-06-01T00:00:00Z"},
		{name: "InvalidFrequency", rule: plan.Rule{Frequency: "hourly", TimeZone: paris}, after: "2026-06-01T00:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := tt.rule.Next(MustParseTime(t, tt.after))
			if tt.want == "" {
				if ok {
					t.Fatalf("Next = %s, want none", got.Format(time.RFC3339))
				}
				return
			}
			if !ok {
				t.Fatalf("Next = none, want %s", tt.want)
			}
			if !got.Equal(MustParseTime(t, tt.want)) || got.Location() != time.UTC {
				t.Errorf("Next = %s, want %s", got.Format(time.RFC3339), tt.want)
			}
		})
	}
}

// TestRuleNextChain walks a daily rule through two years in each zone: one
// occurrence per local calendar day, always later than the one before, at
// the rule's wall-clock time except on a spring-forward day.
func TestRuleNextChain(t *testing.T) {
	tests := []struct {
		name       string
		zone       string
		hour, min  int
		wantShifts int // days whose occurrence is not at hour:min local; -1 to skip
	}{
		{name: "NewYork0230", zone: "America/New_York", hour: 2, min: 30, wantShifts: 2},
		{name: "NewYork0130", zone: "America/New_York", hour: 1, min: 30},
		{name: "Paris0230", zone: "Europe/Paris", hour: 2, min: 30, wantShifts: 2},
		{name: "Paris0900", zone: "Europe/Paris", hour: 9},
		{name: "Sydney0230", zone: "Australia/Sydney", hour: 2, min: 30, wantShifts: 2},
		// Chile moves its clocks at midnight, and its rules change often:
		// only the one-firing-per-day property is checked.
		{name: "Santiago0000", zone: "America/Santiago", hour: 0, min: 0, wantShifts: -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loc := MustLoadLocation(t, tt.zone)
			r := plan.Rule{Frequency: plan.FrequencyDaily, Hour: tt.hour, Minute: tt.min, TimeZone: tt.zone}
			prev := time.Date(2025, 12, 31, 12, 0, 0, 0, loc)
			prevDay := time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
			shifts := 0
			for i := range 730 {
				next, ok := r.Next(prev)
				if !ok {
					t.Fatalf("step %d: Next(%s) = none", i, prev)
				}
				if !next.After(prev) {
					t.Fatalf("step %d: Next(%s) = %s, not later", i, prev, next)
				}
				local := next.In(loc)
				y, m, d := local.Date()
				day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
				if want := prevDay.AddDate(0, 0, 1); !day.Equal(want) {
					t.Fatalf("step %d: Next(%s) = %s, on %s, want a firing on %s", i, prev, next, day.Format(time.DateOnly), want.Format(time.DateOnly))
				}
				if local.Hour() != tt.hour || local.Minute() != tt.min {
					shifts++
				}
				prev, prevDay = next, day
			}
			if tt.wantShifts >= 0 && shifts != tt.wantShifts {
				t.Errorf("%d occurrences off the wall clock in two years, want %d", shifts, tt.wantShifts)
			}
		})
	}
}

func TestRuleDue(t *testing.T) {
	dailyParis := plan.Rule{Frequency: plan.FrequencyDaily, Hour: 9, TimeZone: "Europe/Paris"} // 07:00Z in summer
	weeklyNY := plan.Rule{Frequency: plan.FrequencyWeekly, Weekdays: []time.Weekday{time.Monday}, Hour: 9, TimeZone: "America/New_York"}
	once := plan.Rule{Frequency: plan.FrequencyOnce, At: time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)}
	created := "2026-05-20T00:00:00Z"

	tests := []struct {
		name    string
		rule    plan.Rule
		created string
		last    string // empty for never
		now     string
		want    *plan.Firing // nil when nothing is due
	}{
		{name: "NotYet", rule: dailyParis, created: "2026-06-01T00:00:00Z", now: "2026-06-01T06:59:59Z"},
		{name: "OnTime", rule: dailyParis, created: "2026-06-01T00:00:00Z", now: "2026-06-01T07:00:00Z",
			want: &plan.Firing{Due: MustParseTime(t, "2026-06-01T07:00:00Z")}},
		{name: "ThirtySecondsLateIsNotLate", rule: dailyParis, last: "2026-05-31T07:00:00Z", created: created, now: "2026-06-01T07:00:30Z",
			want: &plan.Firing{Due: MustParseTime(t, "2026-06-01T07:00:00Z")}},
		{name: "GraceIsInclusive", rule: dailyParis, last: "2026-05-31T07:00:00Z", created: created, now: "2026-06-01T07:01:00Z",
			want: &plan.Firing{Due: MustParseTime(t, "2026-06-01T07:00:00Z")}},
		{name: "BeyondGraceIsLate", rule: dailyParis, last: "2026-05-31T07:00:00Z", created: created, now: "2026-06-01T07:01:01Z",
			want: &plan.Firing{Due: MustParseTime(t, "2026-06-01T07:00:00Z"), Late: true}},
		{name: "AlreadyHandled", rule: dailyParis, last: "2026-06-01T07:00:00Z", created: created, now: "2026-06-01T12:00:00Z"},
		{name: "ThreeDaysDownCollapse", rule: dailyParis, last: "2026-06-01T07:00:00Z", created: created, now: "2026-06-04T07:05:00Z",
			want: &plan.Firing{Due: MustParseTime(t, "2026-06-04T07:00:00Z"), Late: true, Missed: 2}},
		{name: "DownUntilBeforeToday", rule: dailyParis, last: "2026-06-01T07:00:00Z", created: created, now: "2026-06-04T06:00:00Z",
			want: &plan.Firing{Due: MustParseTime(t, "2026-06-03T07:00:00Z"), Late: true, Missed: 1}},
		{name: "NeverFiredCountsFromCreated", rule: dailyParis, created: "2026-06-01T08:00:00Z", now: "2026-06-02T07:00:10Z",
			want: &plan.Firing{Due: MustParseTime(t, "2026-06-02T07:00:00Z")}},
		{name: "YearsDownStopsCountingAtMax", rule: dailyParis, last: "2020-01-01T08:00:00Z", created: created, now: "2026-06-04T07:05:00Z",
			want: &plan.Firing{Due: MustParseTime(t, "2026-06-04T07:00:00Z"), Late: true, Missed: plan.MaxMissed}},
		{name: "WeeklyDownAcrossSpringForward", rule: weeklyNY, last: "2026-03-02T14:00:00Z", created: created, now: "2026-03-16T13:00:20Z",
			want: &plan.Firing{Due: MustParseTime(t, "2026-03-16T13:00:00Z"), Missed: 1}},
		{name: "OnceNotYet", rule: once, created: created, now: "2026-05-01T09:59:59Z"},
		{name: "OnceOnTime", rule: once, created: created, now: "2026-05-01T10:00:30Z",
			want: &plan.Firing{Due: MustParseTime(t, "2026-05-01T10:00:00Z")}},
		{name: "OnceLate", rule: once, created: created, now: "2026-05-01T12:00:00Z",
			want: &plan.Firing{Due: MustParseTime(t, "2026-05-01T10:00:00Z"), Late: true}},
		{name: "OnceHandled", rule: once, created: created, last: "2026-05-01T10:00:00Z", now: "2026-05-02T00:00:00Z"},
		{name: "InvalidRule", rule: plan.Rule{Frequency: plan.FrequencyDaily, TimeZone: "Nowhere/Land"}, created: created, now: "2026-06-04T07:05:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var last time.Time
			if tt.last != "" {
				last = MustParseTime(t, tt.last)
			}
			got, ok := tt.rule.Due(MustParseTime(t, tt.created), last, MustParseTime(t, tt.now))
			if tt.want == nil {
				if ok {
					t.Fatalf("Due = %+v, want nothing", got)
				}
				return
			}
			if !ok {
				t.Fatalf("Due = nothing, want %+v", *tt.want)
			}
			if !got.Due.Equal(tt.want.Due) || got.Late != tt.want.Late || got.Missed != tt.want.Missed {
				t.Errorf("Due = {Due:%s Late:%t Missed:%d}, want {Due:%s Late:%t Missed:%d}",
					got.Due.Format(time.RFC3339), got.Late, got.Missed,
					tt.want.Due.Format(time.RFC3339), tt.want.Late, tt.want.Missed)
			}
		})
	}
}

func TestRuleValidate(t *testing.T) {
	at := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name       string
		rule       plan.Rule
		wantFields []string // nil when valid
	}{
		{name: "OK/Once", rule: plan.Rule{Frequency: plan.FrequencyOnce, At: at}},
		{name: "OK/OnceWithZone", rule: plan.Rule{Frequency: plan.FrequencyOnce, At: at, TimeZone: "Europe/Paris"}},
		{name: "OK/Daily", rule: plan.Rule{Frequency: plan.FrequencyDaily, Hour: 23, Minute: 59, TimeZone: "America/New_York"}},
		{name: "OK/Weekly", rule: plan.Rule{Frequency: plan.FrequencyWeekly, Weekdays: []time.Weekday{time.Sunday, time.Saturday}, TimeZone: "Australia/Sydney"}},
		{name: "OK/Monthly", rule: plan.Rule{Frequency: plan.FrequencyMonthly, MonthDay: 31, Hour: 9, TimeZone: "UTC"}},
		{name: "ErrFrequencyRequired", rule: plan.Rule{TimeZone: "UTC"}, wantFields: []string{"frequency"}},
		{name: "ErrFrequencyUnknown", rule: plan.Rule{Frequency: "hourly", TimeZone: "UTC"}, wantFields: []string{"frequency"}},
		{name: "ErrAtRequired", rule: plan.Rule{Frequency: plan.FrequencyOnce}, wantFields: []string{"at"}},
		{name: "ErrOnceZoneInvalid", rule: plan.Rule{Frequency: plan.FrequencyOnce, At: at, TimeZone: "Mars/Olympus"}, wantFields: []string{"time_zone"}},
		{name: "ErrWeekdaysRequired", rule: plan.Rule{Frequency: plan.FrequencyWeekly, TimeZone: "UTC"}, wantFields: []string{"weekdays"}},
		{name: "ErrWeekdayUnknown", rule: plan.Rule{Frequency: plan.FrequencyWeekly, Weekdays: []time.Weekday{time.Monday, 7}, TimeZone: "UTC"}, wantFields: []string{"weekdays"}},
		{name: "ErrMonthDayZero", rule: plan.Rule{Frequency: plan.FrequencyMonthly, TimeZone: "UTC"}, wantFields: []string{"month_day"}},
		{name: "ErrMonthDay32", rule: plan.Rule{Frequency: plan.FrequencyMonthly, MonthDay: 32, TimeZone: "UTC"}, wantFields: []string{"month_day"}},
		{name: "ErrHour24", rule: plan.Rule{Frequency: plan.FrequencyDaily, Hour: 24, TimeZone: "UTC"}, wantFields: []string{"hour"}},
		{name: "ErrHourNegative", rule: plan.Rule{Frequency: plan.FrequencyDaily, Hour: -1, TimeZone: "UTC"}, wantFields: []string{"hour"}},
		{name: "ErrMinute60", rule: plan.Rule{Frequency: plan.FrequencyDaily, Minute: 60, TimeZone: "UTC"}, wantFields: []string{"minute"}},
		{name: "ErrZoneRequired", rule: plan.Rule{Frequency: plan.FrequencyDaily}, wantFields: []string{"time_zone"}},
		{name: "ErrZoneUnknown", rule: plan.Rule{Frequency: plan.FrequencyDaily, TimeZone: "Mars/Olympus"}, wantFields: []string{"time_zone"}},
		{name: "ErrZoneFixedOffset", rule: plan.Rule{Frequency: plan.FrequencyDaily, TimeZone: "+02:00"}, wantFields: []string{"time_zone"}},
		{name: "ErrSeveral", rule: plan.Rule{Frequency: plan.FrequencyMonthly, MonthDay: 40, Hour: 25, Minute: -5, TimeZone: "Nowhere"},
			wantFields: []string{"month_day", "hour", "minute", "time_zone"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.rule.Validate()
			if tt.wantFields == nil {
				if err != nil {
					t.Fatalf("Validate = %v, want nil", err)
				}
				return
			}
			if code := plan.ErrorCode(err); code != plan.EINVALID {
				t.Fatalf("ErrorCode = %q, want %q (err %v)", code, plan.EINVALID, err)
			}
			var fields []string
			for _, fe := range plan.ErrorFields(err) {
				if fe.Key == "" || fe.Message == "" {
					t.Errorf("field %s: empty key or message: %+v", fe.Field, fe)
				}
				fields = append(fields, fe.Field)
			}
			if !slices.Equal(fields, tt.wantFields) {
				t.Errorf("fields = %v, want %v", fields, tt.wantFields)
			}
		})
	}
}

package plan_test

import (
	"slices"
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
)

func mustZone(tb testing.TB, name string) *time.Location {
	tb.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		tb.Fatal(err)
	}
	return loc
}

var everyDay = []time.Weekday{time.Sunday, time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday}

// The 2026 transitions of the IANA time zone database: Europe/Paris 2026-03-29 (02:00 CET
// → 03:00 CEST) and 2026-10-25 (03:00 CEST → 02:00 CET); America/New_York
// 2026-03-08 (02:00 EST → 03:00 EDT) and 2026-11-01 (02:00 EDT → 01:00
// EST). Expected instants are written in UTC from those offsets by hand.
func TestWorkingTimeDST(t *testing.T) {
	paris, ny := mustZone(t, "Europe/Paris"), mustZone(t, "America/New_York")
	allDay := plan.WorkingHours{Days: everyDay, Start: 0, End: 24 * 60}
	night := plan.WorkingHours{Days: everyDay, Start: 60, End: 4 * 60} // 01:00 to 04:00
	tests := []struct {
		name     string
		w        plan.WorkingHours
		loc      *time.Location
		from, to string
		want     time.Duration
	}{
		// Saturday noon to Monday noon across the spring gap: 47 hours.
		{"ParisSpringAllDay", allDay, paris, "2026-03-28T11:00:00Z", "2026-03-30T10:00:00Z", 47 * time.Hour},
		{"ParisAutumnAllDay", allDay, paris, "2026-10-24T10:00:00Z", "2026-10-26T11:00:00Z", 49 * time.Hour},
		// 01:00 to 04:00 on the day clocks go forward lasts two hours.
		{"ParisSpringNight", night, paris, "2026-03-29T00:00:00Z", "2026-03-29T12:00:00Z", 2 * time.Hour},
		// ...and four hours on the day they go back.
		{"ParisAutumnNight", night, paris, "2026-10-24T22:00:00Z", "2026-10-25T12:00:00Z", 4 * time.Hour},
		{"NewYorkSpringNight", night, ny, "2026-03-08T05:00:00Z", "2026-03-08T17:00:00Z", 2 * time.Hour},
		{"NewYorkAutumnNight", night, ny, "2026-11-01T04:00:00Z", "2026-11-01T17:00:00Z", 4 * time.Hour},
		// Friday 17:30 CET to Monday 10:30 CEST, 9:00–18:00 on weekdays:
		// 30 minutes on Friday, 90 on Monday.
		{"ParisWeekend", plan.DefaultWorkingHours, paris, "2026-03-27T16:30:00Z", "2026-03-30T08:30:00Z", 2 * time.Hour},
		{"Backwards", plan.DefaultWorkingHours, paris, "2026-03-30T08:30:00Z", "2026-03-27T16:30:00Z", 0},
		{"Always", plan.WorkingHours{}, paris, "2026-03-28T11:00:00Z", "2026-03-30T10:00:00Z", 47 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			from, to := MustParseTime(t, tt.from), MustParseTime(t, tt.to)
			if got := tt.w.WorkingTime(tt.loc, from, to); got != tt.want {
				t.Errorf("WorkingTime = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestAddWorkingTime(t *testing.T) {
	paris, ny := mustZone(t, "Europe/Paris"), mustZone(t, "America/New_York")
	mayDay := plan.DefaultWorkingHours
	mayDay.Holidays = []time.Time{day(2026, 5, 1)}
	nineToFive := plan.WorkingHours{Days: plan.DefaultWorkingHours.Days, Start: 9 * 60, End: 17 * 60}
	tests := []struct {
		name     string
		w        plan.WorkingHours
		loc      *time.Location
		received string
		sla      time.Duration
		want     string
	}{
		// Friday 17:30 CET + 2 h: 30 min on Friday, then Monday 09:00 CEST
		// (07:00Z) + 1 h 30 = 10:30 CEST, after the spring change.
		{"ParisOverSpringWeekend", plan.DefaultWorkingHours, paris, "2026-03-27T16:30:00Z", 2 * time.Hour, "2026-03-30T08:30:00Z"},
		// Friday 17:00 EDT, the end of the day: Monday 09:00 EST (14:00Z)
		// + 2 h, after the autumn change.
		{"NewYorkOverAutumnWeekend", nineToFive, ny, "2026-10-30T21:00:00Z", 2 * time.Hour, "2026-11-02T16:00:00Z"},
		// Thursday 17:00 CEST + 2 h, Friday 1 May off: 1 h on Thursday,
		// Monday 09:00 + 1 h = 10:00 CEST.
		{"Holiday", mayDay, paris, "2026-04-30T15:00:00Z", 2 * time.Hour, "2026-05-04T08:00:00Z"},
		// Saturday night: the clock starts on Monday at 09:00 CEST.
		{"ReceivedOutOfHours", plan.DefaultWorkingHours, paris, "2026-04-04T21:00:00Z", 30 * time.Minute, "2026-04-06T07:30:00Z"},
		// Landing on the close of a day stays on it.
		{"EndsAtClose", plan.DefaultWorkingHours, paris, "2026-04-07T14:00:00Z", 2 * time.Hour, "2026-04-07T16:00:00Z"},
		// 20 working hours: Tuesday 10:00–18:00 (8 h), Wednesday (9 h),
		// Thursday 09:00–12:00 (3 h).
		{"SeveralDays", plan.DefaultWorkingHours, paris, "2026-04-07T08:00:00Z", 20 * time.Hour, "2026-04-09T10:00:00Z"},
		{"Always", plan.WorkingHours{}, paris, "2026-04-04T21:00:00Z", 2 * time.Hour, "2026-04-04T23:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			received := MustParseTime(t, tt.received)
			got := tt.w.AddWorkingTime(tt.loc, received, tt.sla)
			if want := MustParseTime(t, tt.want); !got.Equal(want) {
				t.Errorf("AddWorkingTime = %s, want %s", got.UTC().Format(time.RFC3339), tt.want)
			}
			if back := tt.w.WorkingTime(tt.loc, received, got); back != tt.sla {
				t.Errorf("WorkingTime back = %v, want %v", back, tt.sla)
			}
			if due := plan.ReplyDue(received, tt.sla, tt.w, tt.loc); !due.Equal(got) || due.Location() != time.UTC {
				t.Errorf("ReplyDue = %v, want %v in UTC", due, got)
			}
		})
	}
}

func TestNextWorking(t *testing.T) {
	paris := mustZone(t, "Europe/Paris")
	w := plan.DefaultWorkingHours
	tests := []struct {
		name    string
		at      string
		want    string
		working bool
		workDay bool
	}{
		{"InHours", "2026-04-07T08:00:00Z", "2026-04-07T08:00:00Z", true, true},
		{"AtOpening", "2026-04-07T07:00:00Z", "2026-04-07T07:00:00Z", true, true},
		{"AtClosing", "2026-04-07T16:00:00Z", "2026-04-08T07:00:00Z", false, true},
		{"EarlyMorning", "2026-04-07T05:00:00Z", "2026-04-07T07:00:00Z", false, true},
		// A Saturday digest waits for Monday 09:00 CEST.
		{"Saturday", "2026-04-04T07:00:00Z", "2026-04-06T07:00:00Z", false, false},
		// Sunday 29 March, the spring change: Monday 09:00 CEST.
		{"SpringSunday", "2026-03-29T07:00:00Z", "2026-03-30T07:00:00Z", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			at := MustParseTime(t, tt.at)
			if got := w.NextWorking(paris, at); !got.Equal(MustParseTime(t, tt.want)) {
				t.Errorf("NextWorking = %s, want %s", got.UTC().Format(time.RFC3339), tt.want)
			}
			if got := w.IsWorking(paris, at); got != tt.working {
				t.Errorf("IsWorking = %v, want %v", got, tt.working)
			}
			if got := w.IsWorkingDay(paris, at); got != tt.workDay {
				t.Errorf("IsWorkingDay = %v, want %v", got, tt.workDay)
			}
		})
	}
	// Working hours that start in New York's spring gap (02:30) start when
	// the clock resumes, 03:30 EDT (07:30Z).
	gap := plan.WorkingHours{Days: everyDay, Start: 150, End: 300}
	if got := gap.NextWorking(mustZone(t, "America/New_York"), MustParseTime(t, "2026-03-08T05:00:00Z")); !got.Equal(MustParseTime(t, "2026-03-08T07:30:00Z")) {
		t.Errorf("NextWorking in the gap = %s", got.UTC().Format(time.RFC3339))
	}
	allOff := plan.WorkingHours{Days: []time.Weekday{time.Monday}, Start: 540, End: 600}
	for d := day(2026, 1, 5); d.Year() < 2030; d = d.AddDate(0, 0, 7) {
		allOff.Holidays = append(allOff.Holidays, d)
	}
	at := MustParseTime(t, "2026-01-01T00:00:00Z")
	if got := allOff.NextWorking(time.UTC, at); !got.Equal(at) {
		t.Errorf("no working day within reach: NextWorking = %v, want the time given", got)
	}
}

func TestWorkingHoursValidate(t *testing.T) {
	tests := []struct {
		name   string
		w      plan.WorkingHours
		fields []string
	}{
		{name: "Zero", w: plan.WorkingHours{}},
		{name: "Default", w: plan.DefaultWorkingHours},
		{name: "AllDay", w: plan.WorkingHours{Days: everyDay, End: 1440}},
		{name: "ErrSpan", w: plan.WorkingHours{Days: everyDay, Start: 600, End: 540}, fields: []string{"working_hours"}},
		{name: "ErrPastMidnight", w: plan.WorkingHours{Days: everyDay, Start: 1200, End: 1500}, fields: []string{"working_hours"}},
		{name: "ErrHolidaysWithoutDays", w: plan.WorkingHours{Holidays: []time.Time{day(2026, 5, 1)}}, fields: []string{"working_days", "working_hours"}},
		{name: "ErrDay", w: plan.WorkingHours{Days: []time.Weekday{9}, Start: 1, End: 2}, fields: []string{"working_days"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var fields []string
			for _, fe := range plan.ErrorFields(tt.w.Validate()) {
				fields = append(fields, fe.Field)
			}
			if !equalSlices(fields, tt.fields) {
				t.Errorf("fields %v, want %v", fields, tt.fields)
			}
		})
	}
	if s := plan.DefaultWorkingHours.String(); s != "Mon,Tue,Wed,Thu,Fri 09:00-18:00" {
		t.Errorf("String = %q", s)
	}
}

// Issue 11: the reply clock started when someone queued the message, not
// when the follower wrote.
func TestEngagementReplyClock(t *testing.T) {
	paris := mustZone(t, "Europe/Paris")
	wrote, ok := plan.ParseSlackTS("1775206800.123456") // 2026-04-03T09:00:00.123456Z, a Friday
	if !ok || !wrote.Equal(time.Date(2026, 4, 3, 9, 0, 0, 123456000, time.UTC)) {
		t.Fatalf("ParseSlackTS = %v, %v", wrote, ok)
	}
	it := &plan.EngagementItem{
		Status: plan.EngagementReplied, ReceivedAt: wrote,
		CreatedAt: wrote.Add(3 * time.Hour), // queued three hours later
		ClosedAt:  time.Date(2026, 4, 6, 8, 0, 0, 123456000, time.UTC),
	}
	if took, ok := it.ReplyTime(); !ok || took != 71*time.Hour {
		t.Errorf("ReplyTime = %v, want 71h from the follower's message", took)
	}
	// In working hours: Friday 11:00–18:00 CEST (7 h), Monday 09:00–10:00 (1 h).
	if took, ok := it.WorkingReplyTime(plan.DefaultWorkingHours, paris); !ok || took != 8*time.Hour {
		t.Errorf("WorkingReplyTime = %v, want 8h", took)
	}
	legacy := &plan.EngagementItem{Status: plan.EngagementReplied, CreatedAt: wrote, ClosedAt: wrote.Add(time.Hour)}
	if took, _ := legacy.ReplyTime(); took != time.Hour || !legacy.Received().Equal(wrote) {
		t.Errorf("an item without ReceivedAt counts from CreatedAt: %v", took)
	}
	now := MustParseTime(t, "2026-04-06T08:00:00Z")
	for _, tt := range []struct {
		at  time.Time
		err bool
	}{{wrote, false}, {now.Add(30 * time.Second), false}, {now.Add(2 * time.Minute), true}, {now.AddDate(-2, 0, 0), true}} {
		it := &plan.EngagementItem{ReceivedAt: tt.at}
		if err := it.ValidateReceived(now); (err != nil) != tt.err {
			t.Errorf("ValidateReceived(%v) = %v", tt.at, err)
		}
	}
	for _, ts := range []string{"", "abc", "1775206800.", ".5", "1775206800.1234567", "-1.5", "1e9"} {
		if _, ok := plan.ParseSlackTS(ts); ok {
			t.Errorf("ParseSlackTS(%q) ok", ts)
		}
	}
}

func TestWorkingHoursMomentFunc(t *testing.T) {
	paris := mustZone(t, "Europe/Paris")
	if (plan.WorkingHours{}).MomentFunc(paris) != nil {
		t.Error("always working: want a nil func")
	}
	next := plan.DefaultWorkingHours.MomentFunc(paris)
	// Saturday 4 April 2026, 09:00 CEST: asked on Monday at 09:00.
	if got := next(MustParseTime(t, "2026-04-04T07:00:00Z")); !got.Equal(MustParseTime(t, "2026-04-06T07:00:00Z")) {
		t.Errorf("MomentFunc = %s", got.UTC().Format(time.RFC3339))
	}
	k := []plan.KPIStatus{{Goal: &plan.Goal{ID: 3}, AtRisk: true}, {Goal: &plan.Goal{ID: 4}}}
	if m := plan.AtRiskByGoal(k); len(m) != 2 || !m[3] || m[4] {
		t.Errorf("AtRiskByGoal = %v", m)
	}
}

func TestWorkingHours_Normalized(t *testing.T) {
	w := plan.WorkingHours{
		Days:  []time.Weekday{time.Friday, time.Monday, time.Friday, time.Sunday},
		Start: 540, End: 1080,
		Holidays: []time.Time{
			time.Date(2026, 12, 25, 15, 30, 0, 0, time.UTC), day(2026, 5, 1), day(2026, 12, 25),
		},
	}
	got := w.Normalized()
	if want := []time.Weekday{time.Sunday, time.Monday, time.Friday}; !slices.Equal(got.Days, want) {
		t.Errorf("days %v, want %v", got.Days, want)
	}
	if want := []time.Time{day(2026, 5, 1), day(2026, 12, 25)}; !slices.EqualFunc(got.Holidays, want, time.Time.Equal) {
		t.Errorf("holidays %v, want %v", got.Holidays, want)
	}
	if got.Start != 540 || got.End != 1080 || len(w.Days) != 4 {
		t.Errorf("Normalized changed the span or its receiver: %+v, %+v", got, w)
	}
	// A day that is no weekday is kept, for Validate to refuse.
	bad := plan.WorkingHours{Days: []time.Weekday{9, time.Monday}, Start: 540, End: 1080}.Normalized()
	if err := bad.Validate(); !slices.ContainsFunc(plan.ErrorFields(err), func(e *plan.Error) bool { return e.Field == "working_days" }) {
		t.Errorf("Validate(%+v) = %v, want a working_days error", bad, err)
	}
}

func TestPlanUpdate_WorkingHoursAndSchedule(t *testing.T) {
	p := &plan.Plan{TeamID: "T1", ChannelID: "C1", TimeZone: "Europe/Paris", Language: "fr"}
	w := plan.WorkingHours{Days: []time.Weekday{time.Tuesday, time.Monday}, Start: 540, End: 1080}
	bad := plan.ReviewSchedule{Frequency: plan.FrequencyMonthly, MonthDay: 32, Hour: 9}
	upd := plan.PlanUpdate{WorkingHours: &w, ReviewSchedule: &bad}
	upd.Apply(p)
	if !slices.Equal(p.WorkingHours.Days, []time.Weekday{time.Monday, time.Tuesday}) {
		t.Errorf("applied days %v, want them in week order", p.WorkingHours.Days)
	}
	if err := upd.Validate(); len(plan.ErrorFields(err)) != 1 || plan.ErrorFields(err)[0].Field != "review_month_day" {
		t.Errorf("Validate = %v, want the schedule's review_month_day", err)
	}
	if err := (plan.PlanUpdate{}).Validate(); err != nil {
		t.Errorf("an empty update: %v", err)
	}
}

package plan_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
)

// MustZone loads an IANA zone or fails the test.
func MustZone(tb testing.TB, name string) *time.Location {
	tb.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		tb.Fatalf("load zone %q: %v", name, err)
	}
	return loc
}

// MustDay parses a calendar date ("2026-03-23") as 00:00 UTC, the form of
// plan.Today, or fails the test.
func MustDay(tb testing.TB, s string) time.Time {
	tb.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		tb.Fatalf("parse day %q: %v", s, err)
	}
	return d
}

// MustLocal parses a wall-clock time ("2026-03-23 10:00") in loc or fails
// the test.
func MustLocal(tb testing.TB, loc *time.Location, s string) time.Time {
	tb.Helper()
	t, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		tb.Fatalf("parse local time %q: %v", s, err)
	}
	return t
}

func TestWeekSpan_ZoneCorrect(t *testing.T) {
	tests := []struct {
		name  string
		now   string
		zone  string
		start string
	}{
		// 2026-03-29T23:30Z is Monday 30 March, 01:30 CEST, in Paris: a new
		// ISO week there, still Sunday in UTC.
		{name: "ParisAfterMidnight", now: "2026-03-29T23:30:00Z", zone: "Europe/Paris", start: "2026-03-30"},
		{name: "UTCSameInstant", now: "2026-03-29T23:30:00Z", zone: "UTC", start: "2026-03-23"},
		// 2026-03-30T02:00Z is Sunday 29 March, 22:00 EDT, in New York.
		{name: "NewYorkStillSunday", now: "2026-03-30T02:00:00Z", zone: "America/New_York", start: "2026-03-23"},
		{name: "Monday", now: "2026-03-23T08:00:00Z", zone: "Europe/Paris", start: "2026-03-23"},
		// 1 January 2026 is a Thursday: its ISO week starts on 29 December.
		{name: "AcrossNewYear", now: "2026-01-01T12:00:00Z", zone: "Europe/Paris", start: "2025-12-29"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := plan.WeekSpan(MustParseTime(t, tt.now), MustZone(t, tt.zone))
			if want := MustDay(t, tt.start); !s.Start.Equal(want) || !s.End.Equal(want.AddDate(0, 0, 7)) || s.View != plan.CalendarWeek {
				t.Fatalf("WeekSpan = %v..%v (%s), want %v", s.Start, s.End, s.View, want)
			}
		})
	}
}

func TestISOWeekSpan(t *testing.T) {
	// ISO 8601: week 1 holds January 4th; a year whose 1 January is a
	// Thursday (2026, 2015) or a leap year starting on a Wednesday (2020)
	// has 53 weeks.
	tests := []struct {
		name       string
		year, week int
		start      string
		ok         bool
	}{
		{name: "2026W01", year: 2026, week: 1, start: "2025-12-29", ok: true},
		{name: "2026W13", year: 2026, week: 13, start: "2026-03-23", ok: true},
		{name: "2026W53", year: 2026, week: 53, start: "2026-12-28", ok: true},
		{name: "2020W53", year: 2020, week: 53, start: "2020-12-28", ok: true},
		{name: "2015W53", year: 2015, week: 53, start: "2015-12-28", ok: true},
		{name: "Err2025W53", year: 2025, week: 53},
		{name: "ErrWeek0", year: 2026, week: 0},
		{name: "ErrWeek54", year: 2026, week: 54},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, ok := plan.ISOWeekSpan(tt.year, tt.week)
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v", ok, tt.ok)
			}
			if ok && !s.Start.Equal(MustDay(t, tt.start)) {
				t.Fatalf("start %v, want %s", s.Start, tt.start)
			}
		})
	}
}

func TestCalendarSpan_CheckSpanAndBounds(t *testing.T) {
	paris := MustZone(t, "Europe/Paris")
	march := plan.YearMonth{Year: 2026, Month: time.March}.Span()
	// March 2026 runs from Sunday 1st (ISO week 9, from 23 February) to
	// Tuesday 31st (week 14, to Sunday 5 April).
	if got := march.CheckSpan(); !got.Start.Equal(MustDay(t, "2026-02-23")) || !got.End.Equal(MustDay(t, "2026-04-06")) {
		t.Errorf("March CheckSpan = %v..%v", got.Start, got.End)
	}
	w14, _ := plan.ISOWeekSpan(2026, 14) // 30 March to 5 April: two months
	if got := w14.CheckSpan(); !got.Start.Equal(MustDay(t, "2026-03-01")) || !got.End.Equal(MustDay(t, "2026-05-01")) {
		t.Errorf("W14 CheckSpan = %v..%v", got.Start, got.End)
	}
	if n := len(march.Days()); n != 31 {
		t.Errorf("March has %d days", n)
	}
	// Week 13 starts at midnight CET (UTC+1) and ends at midnight CEST
	// (UTC+2): clocks went forward on 29 March 2026.
	w13, _ := plan.ISOWeekSpan(2026, 13)
	from, to := w13.Bounds(paris)
	if want := MustParseTime(t, "2026-03-22T23:00:00Z"); !from.Equal(want) {
		t.Errorf("from %v, want %v", from, want)
	}
	if want := MustParseTime(t, "2026-03-29T22:00:00Z"); !to.Equal(want) {
		t.Errorf("to %v, want %v", to, want)
	}
}

func TestParseMonth(t *testing.T) {
	today := MustDay(t, "2026-04-15")
	tests := []struct {
		in   string
		past bool
		want plan.YearMonth
		ok   bool
	}{
		{in: "2026-03", want: plan.YearMonth{Year: 2026, Month: time.March}, ok: true},
		{in: "03/2026", want: plan.YearMonth{Year: 2026, Month: time.March}, ok: true},
		{in: "3/2026", want: plan.YearMonth{Year: 2026, Month: time.March}, ok: true},
		{in: "mars 2026", want: plan.YearMonth{Year: 2026, Month: time.March}, ok: true},
		{in: "March 2025", want: plan.YearMonth{Year: 2025, Month: time.March}, ok: true},
		{in: "Févr. 2026", want: plan.YearMonth{Year: 2026, Month: time.February}, ok: true},
		{in: "août", past: true, want: plan.YearMonth{Year: 2025, Month: time.August}, ok: true},
		{in: "august", want: plan.YearMonth{Year: 2026, Month: time.August}, ok: true},
		{in: "mars", want: plan.YearMonth{Year: 2027, Month: time.March}, ok: true},
		{in: "mars", past: true, want: plan.YearMonth{Year: 2026, Month: time.March}, ok: true},
		{in: "avril", past: true, want: plan.YearMonth{Year: 2026, Month: time.April}, ok: true},
		{in: "2026-13"},
		{in: "26-03"},
		{in: "marzo 2026"},
		{in: "mars 26"},
		{in: ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := plan.ParseMonth(tt.in, today, tt.past)
			if got != tt.want || ok != tt.ok {
				t.Fatalf("ParseMonth(%q, past=%v) = %v, %v; want %v, %v", tt.in, tt.past, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestParseCalendarSpan(t *testing.T) {
	paris := MustZone(t, "Europe/Paris")
	now := MustParseTime(t, "2026-03-25T10:00:00Z") // Wednesday of week 13
	tests := []struct {
		in    string
		view  plan.CalendarView
		start string
		ok    bool
	}{
		{in: "", view: plan.CalendarWeek, start: "2026-03-23", ok: true},
		{in: "semaine", view: plan.CalendarWeek, start: "2026-03-23", ok: true},
		{in: "Next week", view: plan.CalendarWeek, start: "2026-03-30", ok: true},
		{in: "semaine prochaine", view: plan.CalendarWeek, start: "2026-03-30", ok: true},
		{in: "semaine dernière", view: plan.CalendarWeek, start: "2026-03-16", ok: true},
		{in: "mois", view: plan.CalendarMonth, start: "2026-03-01", ok: true},
		{in: "next month", view: plan.CalendarMonth, start: "2026-04-01", ok: true},
		{in: "2026-W14", view: plan.CalendarWeek, start: "2026-03-30", ok: true},
		{in: "w1", view: plan.CalendarWeek, start: "2025-12-29", ok: true},
		{in: "2026-05", view: plan.CalendarMonth, start: "2026-05-01", ok: true},
		{in: "janvier", view: plan.CalendarMonth, start: "2027-01-01", ok: true},
		{in: "2025-W53"},
		{in: "tomorrow"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			s, ok := plan.ParseCalendarSpan(tt.in, now, paris)
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v", ok, tt.ok)
			}
			if ok && (s.View != tt.view || !s.Start.Equal(MustDay(t, tt.start))) {
				t.Fatalf("span %s from %v, want %s from %s", s.View, s.Start, tt.view, tt.start)
			}
		})
	}
}

// calendarFixture is a plan in Paris with five chosen networks, and its
// items around week 13 of 2026 (23 to 29 March, DST on the Sunday).
func calendarFixture(tb testing.TB) ([]*plan.ContentItem, []*plan.Channel, *time.Location) {
	tb.Helper()
	paris := MustZone(tb, "Europe/Paris")
	channels := []*plan.Channel{
		{ID: 1, Network: plan.NetworkInstagram, Cadence: "3 posts a week"},
		{ID: 2, Network: plan.NetworkLinkedIn, Cadence: "whatever", PostCadence: plan.Cadence{Min: 2, Max: 2, Per: plan.CadenceMonth}},
		{ID: 3, Network: plan.NetworkFacebook, Cadence: "daily", Status: plan.ChannelStopped, StatusSince: MustLocal(tb, paris, "2026-03-10 12:00")},
		{ID: 4, Network: plan.NetworkTikTok, Cadence: "when inspired"},
		{ID: 5, Network: plan.NetworkX, Cadence: "2 par semaine"},
	}
	item := func(id int64, n plan.Network, at string, st plan.ContentStatus, pillar, cta int64) *plan.ContentItem {
		c := &plan.ContentItem{ID: id, Network: n, Status: st, PillarID: pillar, CTAID: cta}
		if at != "" {
			c.PublishAt = MustLocal(tb, paris, at)
		}
		return c
	}
	items := []*plan.ContentItem{
		item(1, plan.NetworkInstagram, "2026-03-23 10:00", plan.ContentPublished, 1, 1),
		item(2, plan.NetworkInstagram, "2026-03-25 18:00", plan.ContentApproved, 1, 1),
		// Sunday 23:30 in Paris is 21:30 UTC: still week 13.
		item(3, plan.NetworkInstagram, "2026-03-29 23:30", plan.ContentDraft, 1, 0),
		// Monday 00:30 in Paris is 22:30 UTC on Sunday: week 14 in Paris.
		item(4, plan.NetworkInstagram, "2026-03-30 00:30", plan.ContentIdea, 1, 1),
		item(5, plan.NetworkLinkedIn, "2026-03-05 09:00", plan.ContentPublished, 2, 1),
		item(6, plan.NetworkLinkedIn, "2026-03-24 09:00", plan.ContentInReview, 0, 0),
		// Facebook stopped on 10 March: one post published before, one after,
		// one still planned.
		item(7, plan.NetworkFacebook, "2026-03-02 12:00", plan.ContentPublished, 1, 1),
		item(8, plan.NetworkFacebook, "2026-03-24 12:00", plan.ContentPublished, 1, 1),
		item(9, plan.NetworkFacebook, "2026-03-26 12:00", plan.ContentDraft, 1, 1),
		// Pinterest was never chosen.
		item(10, plan.NetworkPinterest, "2026-03-26 15:00", plan.ContentIdea, 1, 1),
		item(11, plan.NetworkInstagram, "", plan.ContentIdea, 1, 1), // no date: not in any calendar
		item(12, plan.NetworkInstagram, "2026-02-24 10:00", plan.ContentPublished, 1, 1),
		item(13, plan.NetworkInstagram, "2026-05-04 10:00", plan.ContentIdea, 1, 1), // outside every check span here
	}
	return items, channels, paris
}

func TestBuildCalendar_Week(t *testing.T) {
	items, channels, paris := calendarFixture(t)
	span, _ := plan.ISOWeekSpan(2026, 13)
	cal := plan.BuildCalendar(span, items, channels, paris)

	wantRows := []plan.Network{plan.NetworkFacebook, plan.NetworkInstagram, plan.NetworkLinkedIn, plan.NetworkX, plan.NetworkTikTok, plan.NetworkPinterest}
	if !reflect.DeepEqual(cal.Networks, wantRows) {
		t.Errorf("rows %v, want %v", cal.Networks, wantRows)
	}
	if len(cal.Days) != 7 {
		t.Fatalf("%d days", len(cal.Days))
	}
	perDay := map[string][]int64{}
	for _, d := range cal.Days {
		for _, c := range d.Items {
			perDay[d.Date.Format(time.DateOnly)] = append(perDay[d.Date.Format(time.DateOnly)], c.ID)
		}
	}
	wantDays := map[string][]int64{
		"2026-03-23": {1}, "2026-03-24": {6, 8}, "2026-03-25": {2}, "2026-03-26": {9, 10}, "2026-03-29": {3},
	}
	if !reflect.DeepEqual(perDay, wantDays) {
		t.Errorf("items per day %v, want %v", perDay, wantDays)
	}
	if got := cal.Days[1].On(plan.NetworkLinkedIn); len(got) != 1 || got[0].ID != 6 {
		t.Errorf("Tuesday on LinkedIn: %v", got)
	}

	type check struct {
		network plan.Network
		start   string
		planned int
		state   plan.CadenceState
	}
	var got []check
	for _, k := range cal.Cadence {
		got = append(got, check{k.Channel.Network, k.Start.Format(time.DateOnly), k.Planned, k.State})
	}
	want := []check{
		// Items 1, 2, 3; item 4 is on Monday of week 14 in Paris.
		{plan.NetworkInstagram, "2026-03-23", 3, plan.CadenceWithin},
		// A monthly cadence in a week view is checked on the whole month.
		{plan.NetworkLinkedIn, "2026-03-01", 2, plan.CadenceWithin},
		{plan.NetworkX, "2026-03-23", 0, plan.CadenceBelow},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("cadence checks\n got %v\nwant %v", got, want)
	}
	gaps := cal.Gaps()
	if len(gaps) != 1 || gaps[0].Channel.Network != plan.NetworkX || gaps[0].Missing() != 2 {
		t.Errorf("gaps %+v", gaps)
	}
	if y, w := gaps[0].ISOWeek(); y != 2026 || w != 13 {
		t.Errorf("gap week %d-W%d", y, w)
	}
	if len(cal.Unchecked) != 1 || cal.Unchecked[0].Network != plan.NetworkTikTok {
		t.Errorf("unchecked %v", cal.Unchecked)
	}

	flags := map[int64][]plan.CalendarFlagKind{}
	for _, f := range cal.Flags {
		flags[f.Item.ID] = f.Kinds
	}
	wantFlags := map[int64][]plan.CalendarFlagKind{
		3:  {plan.FlagNoCTA},
		6:  {plan.FlagNoPillar, plan.FlagNoCTA},
		8:  {plan.FlagStoppedNetwork}, // published after the stop
		9:  {plan.FlagStoppedNetwork},
		10: {plan.FlagUnchosenNetwork},
	}
	if !reflect.DeepEqual(flags, wantFlags) {
		t.Errorf("flags %v, want %v", flags, wantFlags)
	}
}

func TestBuildCalendar_Month(t *testing.T) {
	items, channels, paris := calendarFixture(t)
	cal := plan.BuildCalendar(plan.YearMonth{Year: 2026, Month: time.March}.Span(), items, channels, paris)
	if len(cal.Days) != 31 {
		t.Fatalf("%d days", len(cal.Days))
	}
	var insta []string
	for _, k := range cal.Cadence {
		if k.Channel.Network == plan.NetworkInstagram {
			insta = append(insta, k.Start.Format(time.DateOnly)+":"+string(k.State))
			if k.Start.Format(time.DateOnly) == "2026-02-23" && k.Planned != 1 {
				t.Errorf("week 9 counts %d items; item 12 is on 24 February", k.Planned)
			}
		}
	}
	// Six ISO weeks touch March 2026, the first from 23 February.
	want := []string{"2026-02-23:below", "2026-03-02:below", "2026-03-09:below", "2026-03-16:below", "2026-03-23:within", "2026-03-30:below"}
	if !reflect.DeepEqual(insta, want) {
		t.Errorf("Instagram weeks %v, want %v", insta, want)
	}
	// Item 7 was published on Facebook before it stopped: not flagged.
	for _, f := range cal.Flags {
		if f.Item.ID == 7 {
			t.Errorf("item 7 flagged %v", f.Kinds)
		}
	}
	if n := len(cal.Items()); n != 10 {
		t.Errorf("%d items in March, want 10 (all dated March items)", n)
	}
}

func TestBuildCalendar_AboveAndEmpty(t *testing.T) {
	paris := MustZone(t, "Europe/Paris")
	span, _ := plan.ISOWeekSpan(2026, 13)
	ch := []*plan.Channel{{Network: plan.NetworkInstagram, PostCadence: plan.Cadence{Min: 1, Max: 2, Per: plan.CadenceWeek}}}
	var items []*plan.ContentItem
	for i, day := range []string{"2026-03-23", "2026-03-24", "2026-03-25"} {
		items = append(items, &plan.ContentItem{ID: int64(i + 1), Network: plan.NetworkInstagram, PillarID: 1, CTAID: 1, PublishAt: MustLocal(t, paris, day+" 09:00")})
	}
	cal := plan.BuildCalendar(span, items, ch, paris)
	if len(cal.Cadence) != 1 || cal.Cadence[0].State != plan.CadenceAbove || len(cal.Off()) != 1 || len(cal.Gaps()) != 0 {
		t.Errorf("cadence %+v", cal.Cadence)
	}
	empty := plan.BuildCalendar(span, nil, nil, paris)
	if len(empty.Days) != 7 || len(empty.Networks) != 0 || len(empty.Cadence) != 0 || len(empty.Flags) != 0 {
		t.Errorf("empty calendar %+v", empty)
	}
}

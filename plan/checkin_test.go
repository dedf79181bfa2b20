package plan_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
)

func TestCheckIn_Validate(t *testing.T) {
	tests := []struct {
		name string
		c    plan.CheckIn
		keys []string
	}{
		{name: "OK", c: plan.CheckIn{GoalID: 1, Status: plan.CheckInAtRisk, Note: "Budget cut"}},
		{name: "OKNoNote", c: plan.CheckIn{GoalID: 1, Status: plan.CheckInOnTrack}},
		{name: "ErrGoal", c: plan.CheckIn{Status: plan.CheckInOnTrack}, keys: []string{"checkin.goal.required"}},
		{name: "ErrStatus", c: plan.CheckIn{GoalID: 1, Status: "meh"}, keys: []string{"checkin.status.invalid"}},
		{name: "ErrNote", c: plan.CheckIn{GoalID: 1, Status: plan.CheckInOnTrack, Note: strings.Repeat("n", plan.MaxCheckInNoteLen+1)}, keys: []string{"checkin.note.too_long"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertFieldKeys(t, tt.c.Validate(), tt.keys...)
		})
	}
}

func TestMayCheckIn(t *testing.T) {
	owned := &plan.Plan{Owners: []string{"UBOSS"}}
	open := &plan.Plan{}
	tests := []struct {
		name  string
		p     *plan.Plan
		owner string
		user  string
		ok    bool
	}{
		{name: "GoalOwner", p: owned, owner: "UANNA", user: "UANNA", ok: true},
		{name: "PlanOwner", p: owned, owner: "UANNA", user: "UBOSS", ok: true},
		{name: "ErrSomeoneElse", p: owned, owner: "UANNA", user: "UBOB"},
		{name: "ErrSomeoneElseOpenPlan", p: open, owner: "UANNA", user: "UBOB"},
		{name: "NobodysGoalOpenPlan", p: open, user: "UBOB", ok: true},
		{name: "ErrNobodysGoalOwnedPlan", p: owned, user: "UBOB"},
		{name: "ErrNobody", p: open, user: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := plan.MayCheckIn(tt.p, &plan.Goal{OwnerID: tt.owner}, tt.user)
			if tt.ok {
				assertErrKey(t, err, "", "")
			} else {
				assertErrKey(t, err, plan.EFORBIDDEN, "forbidden.checkin")
			}
		})
	}
}

// nineToSix is a plan's working time in Paris for the tests: Monday to
// Friday, 09:00 to 18:00, with Easter Monday 2026 (6 April) off.
func nineToSix(tb testing.TB, loc *time.Location) plan.WorkingMomentFunc {
	tb.Helper()
	holiday := MustDay(tb, "2026-04-06")
	return func(t time.Time) time.Time {
		for range 14 {
			l := t.In(loc)
			day := plan.Today(t, loc)
			start := plan.LocalTime(loc, l.Year(), l.Month(), l.Day(), 9, 0)
			end := plan.LocalTime(loc, l.Year(), l.Month(), l.Day(), 18, 0)
			working := l.Weekday() != time.Saturday && l.Weekday() != time.Sunday && !day.Equal(holiday)
			switch {
			case working && t.Before(start):
				return start
			case working && t.Before(end):
				return t
			}
			t = plan.LocalTime(loc, l.Year(), l.Month(), l.Day()+1, 0, 0)
		}
		return t
	}
}

func TestCheckInSchedule_Due(t *testing.T) {
	paris := MustZone(t, "Europe/Paris")
	goal := func(edit func(g *plan.Goal)) *plan.Goal {
		g := &plan.Goal{ID: 1, OwnerID: "UANNA", Deadline: MustDay(t, "2026-06-30"), CreatedAt: MustParseTime(t, "2026-02-01T10:00:00Z")}
		if edit != nil {
			edit(g)
		}
		return g
	}
	checkIn := func(at string) *plan.CheckIn {
		return &plan.CheckIn{GoalID: 1, Status: plan.CheckInOnTrack, At: MustLocal(t, paris, at)}
	}
	early := plan.CheckInSchedule{Frequency: plan.FrequencyWeekly, Weekday: time.Monday, Hour: 7}
	monthly := plan.CheckInSchedule{Frequency: plan.FrequencyMonthly, MonthDay: 31, Hour: 10}
	tests := []struct {
		name     string
		schedule plan.CheckInSchedule
		state    plan.CheckInState
		now      string // wall clock in Paris
		work     bool
		slot     string // wall clock in Paris; "" when not due
		at       string
	}{
		// Monday 23 March 2026, 10:00 CET is 09:00 UTC.
		{name: "Due", state: plan.CheckInState{Goal: goal(nil)}, now: "2026-03-23 10:05", slot: "2026-03-23 10:00"},
		{name: "AskedAlready", state: plan.CheckInState{Goal: goal(nil), LastAsked: MustLocal(t, paris, "2026-03-23 10:00")}, now: "2026-03-23 10:05"},
		{name: "AskedLastWeek", state: plan.CheckInState{Goal: goal(nil), LastAsked: MustLocal(t, paris, "2026-03-16 10:00")}, now: "2026-03-23 10:05", slot: "2026-03-23 10:00"},
		{name: "BeforeTheHour", state: plan.CheckInState{Goal: goal(nil), LastAsked: MustLocal(t, paris, "2026-03-16 10:00")}, now: "2026-03-23 09:55"},
		// Friday 16:00 is 66 hours before Monday 10:00: within 72 hours.
		{name: "CheckedInFriday", state: plan.CheckInState{Goal: goal(nil), Last: checkIn("2026-03-20 16:00")}, now: "2026-03-23 10:05"},
		{name: "CheckedInThursday", state: plan.CheckInState{Goal: goal(nil), Last: checkIn("2026-03-19 09:00")}, now: "2026-03-23 10:05", slot: "2026-03-23 10:00"},
		{name: "CheckedInAfterSlot", state: plan.CheckInState{Goal: goal(nil), Last: checkIn("2026-03-23 10:02")}, now: "2026-03-23 10:05"},
		{name: "KPILoggedSunday", state: plan.CheckInState{Goal: goal(nil), LastUpdate: MustLocal(t, paris, "2026-03-22 20:00")}, now: "2026-03-23 10:05"},
		{name: "NewGoal", state: plan.CheckInState{Goal: goal(func(g *plan.Goal) { g.CreatedAt = MustLocal(t, paris, "2026-03-22 12:00") })}, now: "2026-03-23 10:05"},
		{name: "ShorterRecent", schedule: plan.CheckInSchedule{Frequency: plan.FrequencyWeekly, Weekday: time.Monday, Hour: 10, Recent: 24 * time.Hour},
			state: plan.CheckInState{Goal: goal(nil), Last: checkIn("2026-03-20 16:00")}, now: "2026-03-23 10:05", slot: "2026-03-23 10:00"},
		{name: "NoOwner", state: plan.CheckInState{Goal: goal(func(g *plan.Goal) { g.OwnerID = "" })}, now: "2026-03-23 10:05"},
		{name: "PastDeadline", state: plan.CheckInState{Goal: goal(func(g *plan.Goal) { g.Deadline = MustDay(t, "2026-03-22") })}, now: "2026-03-23 10:05"},
		{name: "DeadlineToday", state: plan.CheckInState{Goal: goal(func(g *plan.Goal) { g.Deadline = MustDay(t, "2026-03-23") })}, now: "2026-03-23 10:05", slot: "2026-03-23 10:00"},
		{name: "Off", schedule: plan.CheckInSchedule{}, state: plan.CheckInState{Goal: goal(nil)}, now: "2026-03-23 10:05"},
		// After the change to summer time: Monday 30 March, 10:00 CEST.
		{name: "AfterDST", state: plan.CheckInState{Goal: goal(nil), LastAsked: MustLocal(t, paris, "2026-03-23 10:00")}, now: "2026-03-30 10:00", slot: "2026-03-30 10:00"},
		// 07:00 is before working hours: asked at 09:00.
		{name: "WorkingHoursWait", schedule: early, work: true, state: plan.CheckInState{Goal: goal(nil), LastAsked: MustLocal(t, paris, "2026-03-16 09:00")}, now: "2026-03-23 08:30"},
		{name: "WorkingHoursAsk", schedule: early, work: true, state: plan.CheckInState{Goal: goal(nil), LastAsked: MustLocal(t, paris, "2026-03-16 09:00")}, now: "2026-03-23 09:00", slot: "2026-03-23 07:00", at: "2026-03-23 09:00"},
		// Easter Monday is off: the ask waits for Tuesday.
		{name: "HolidayWait", work: true, state: plan.CheckInState{Goal: goal(nil), LastAsked: MustLocal(t, paris, "2026-03-30 10:00")}, now: "2026-04-06 15:00"},
		{name: "HolidayNextDay", work: true, state: plan.CheckInState{Goal: goal(nil), LastAsked: MustLocal(t, paris, "2026-03-30 10:00")}, now: "2026-04-07 09:30", slot: "2026-04-06 10:00", at: "2026-04-07 09:00"},
		// A monthly ask on the 31st comes on 30 April.
		{name: "MonthlyShortMonth", schedule: monthly, state: plan.CheckInState{Goal: goal(nil), LastAsked: MustLocal(t, paris, "2026-03-31 10:00")}, now: "2026-04-30 10:00", slot: "2026-04-30 10:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.schedule
			if s == (plan.CheckInSchedule{}) && tt.name != "Off" {
				s = plan.DefaultCheckInSchedule
			}
			var work plan.WorkingMomentFunc
			if tt.work {
				work = nineToSix(t, paris)
			}
			ask, ok := s.Due(tt.state, MustLocal(t, paris, tt.now), paris, work)
			if ok != (tt.slot != "") {
				t.Fatalf("due = %v, want %v (ask %+v)", ok, tt.slot != "", ask)
			}
			if !ok {
				return
			}
			at := tt.at
			if at == "" {
				at = tt.slot
			}
			if !ask.Slot.Equal(MustLocal(t, paris, tt.slot)) || !ask.At.Equal(MustLocal(t, paris, at)) || ask.OwnerID != "UANNA" || ask.Goal != tt.state.Goal {
				t.Fatalf("ask %+v, want slot %s at %s", ask, tt.slot, at)
			}
		})
	}
}

func TestCheckInSchedule_OwnerAsks(t *testing.T) {
	paris := MustZone(t, "Europe/Paris")
	created := MustParseTime(t, "2026-02-01T10:00:00Z")
	states := []plan.CheckInState{
		{Goal: &plan.Goal{ID: 1, OwnerID: "UBOB", CreatedAt: created}},
		{Goal: &plan.Goal{ID: 2, OwnerID: "UANNA", CreatedAt: created}},
		{Goal: &plan.Goal{ID: 3, OwnerID: "UBOB", CreatedAt: created}},
		{Goal: &plan.Goal{ID: 4, OwnerID: "UANNA", CreatedAt: created}, LastUpdate: MustLocal(t, paris, "2026-03-22 20:00")},
	}
	got := plan.DefaultCheckInSchedule.OwnerAsks(states, MustLocal(t, paris, "2026-03-23 10:05"), paris, nil)
	var summary []string
	for _, o := range got {
		for _, a := range o.Asks {
			summary = append(summary, o.OwnerID+":"+string(rune('0'+a.Goal.ID)))
		}
	}
	if want := []string{"UBOB:1", "UBOB:3", "UANNA:2"}; !reflect.DeepEqual(summary, want) {
		t.Errorf("asks %v, want %v", summary, want)
	}
}

func TestCheckInSchedule_Validate(t *testing.T) {
	tests := []struct {
		name string
		s    plan.CheckInSchedule
		keys []string
	}{
		{name: "OKDefault", s: plan.DefaultCheckInSchedule},
		{name: "OKOff", s: plan.CheckInSchedule{}},
		{name: "ErrFrequency", s: plan.CheckInSchedule{Frequency: plan.FrequencyDaily}, keys: []string{"checkin.frequency.invalid"}},
		{name: "ErrMonthDay", s: plan.CheckInSchedule{Frequency: plan.FrequencyMonthly}, keys: []string{"checkin.month_day.invalid"}},
		{name: "ErrTime", s: plan.CheckInSchedule{Frequency: plan.FrequencyWeekly, Hour: 24}, keys: []string{"checkin.time.invalid"}},
		{name: "ErrRecent", s: plan.CheckInSchedule{Frequency: plan.FrequencyWeekly, Recent: 32 * 24 * time.Hour}, keys: []string{"checkin.recent.invalid"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertFieldKeys(t, tt.s.Validate(), tt.keys...)
		})
	}
}

func TestGoalsAtRisk(t *testing.T) {
	day := func(s string) time.Time { return MustDay(t, s) }
	goals := []*plan.Goal{
		{ID: 1, Deadline: day("2026-09-30")}, // on track, KPI fine
		{ID: 2, Deadline: day("2026-09-30")}, // at risk by its owner
		{ID: 3, Deadline: day("2026-06-30")}, // at risk by its owner, sooner
		{ID: 4, Deadline: day("2026-12-31")}, // off track
		{ID: 5, Deadline: day("2026-05-31")}, // owner says on track, KPI behind
		{ID: 6, Deadline: day("2026-05-31")}, // no check-in, KPI behind
		{ID: 7, Deadline: day("2026-05-31")}, // an old "at risk", then "on track"
	}
	at := MustParseTime(t, "2026-03-20T10:00:00Z")
	all := []*plan.CheckIn{
		{ID: 1, GoalID: 1, Status: plan.CheckInOnTrack, At: at},
		{ID: 2, GoalID: 2, Status: plan.CheckInAtRisk, At: at},
		{ID: 3, GoalID: 3, Status: plan.CheckInAtRisk, At: at},
		{ID: 4, GoalID: 4, Status: plan.CheckInOffTrack, At: at},
		{ID: 5, GoalID: 5, Status: plan.CheckInOnTrack, At: at},
		{ID: 6, GoalID: 7, Status: plan.CheckInOnTrack, At: at},
		{ID: 7, GoalID: 7, Status: plan.CheckInAtRisk, At: at.Add(-7 * 24 * time.Hour)},
	}
	latest := plan.LatestCheckIns(all)
	if latest[7].ID != 6 {
		t.Fatalf("latest check-in of goal 7 is %d", latest[7].ID)
	}
	risks := plan.GoalsAtRisk(goals, latest, map[int64]bool{5: true, 6: true})
	var got []string
	for _, r := range risks {
		got = append(got, string(rune('0'+r.Goal.ID))+":"+string(r.Level))
	}
	want := []string{"4:off_track", "5:at_risk", "6:at_risk", "3:at_risk", "2:at_risk"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("at risk %v, want %v", got, want)
	}
	if !risks[1].KPIAtRisk || risks[1].CheckIn.Status != plan.CheckInOnTrack || risks[2].CheckIn != nil {
		t.Errorf("goal 5 %+v, goal 6 %+v", risks[1], risks[2])
	}
}

package plan_test

import (
	"math"
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestProgressPercent(t *testing.T) {
	tests := []struct {
		name                    string
		baseline, target, value float64
		want                    float64
	}{
		{name: "AtBaseline", baseline: 120, target: 480, value: 120, want: 0},
		{name: "Halfway", baseline: 120, target: 480, value: 300, want: 50},
		{name: "AtTarget", baseline: 120, target: 480, value: 480, want: 100},
		{name: "Beyond", baseline: 120, target: 480, value: 660, want: 150},
		{name: "WrongWay", baseline: 120, target: 480, value: 84, want: -10},
		{name: "DownwardGoal", baseline: 6, target: 1, value: 3, want: 60},
		{name: "DownwardWrongWay", baseline: 6, target: 1, value: 7, want: -20},
		{name: "FromZero", baseline: 0, target: 12, value: 3, want: 25},
		{name: "SameTargetReached", baseline: 5, target: 5, value: 6, want: 100},
		{name: "SameTargetNot", baseline: 5, target: 5, value: 4, want: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := plan.ProgressPercent(tt.baseline, tt.target, tt.value); !near(got, tt.want) {
				t.Errorf("ProgressPercent(%v, %v, %v) = %v, want %v", tt.baseline, tt.target, tt.value, got, tt.want)
			}
		})
	}
}

func TestExpectedPercentAndValue(t *testing.T) {
	start, deadline := day(2026, 1, 1), day(2026, 1, 11) // 10 days
	tests := []struct {
		name string
		at   time.Time
		want float64
	}{
		{name: "BeforeStart", at: day(2025, 12, 31), want: 0},
		{name: "Start", at: start, want: 0},
		{name: "Day3", at: day(2026, 1, 4), want: 30},
		{name: "Deadline", at: deadline, want: 100},
		{name: "After", at: day(2026, 2, 1), want: 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := plan.ExpectedPercent(start, deadline, tt.at); !near(got, tt.want) {
				t.Errorf("ExpectedPercent = %v, want %v", got, tt.want)
			}
		})
	}
	if got := plan.ExpectedValue(120, 480, start, deadline, day(2026, 1, 4)); !near(got, 228) {
		t.Errorf("ExpectedValue = %v, want 228", got)
	}
	if got := plan.ExpectedValue(6, 1, start, deadline, day(2026, 1, 6)); !near(got, 3.5) {
		t.Errorf("ExpectedValue of a downward goal = %v, want 3.5", got)
	}
	if got := plan.ExpectedPercent(start, start, start); got != 100 {
		t.Errorf("a deadline on the start day expects %v, want 100", got)
	}
}

func TestPaceOf(t *testing.T) {
	start, deadline := day(2026, 1, 1), day(2026, 1, 11)
	at := day(2026, 1, 6) // 50 % of the time
	tests := []struct {
		name     string
		progress float64
		at       time.Time
		today    time.Time
		want     plan.Pace
	}{
		{name: "OnTheLine", progress: 50, at: at, today: at, want: plan.PaceOnTrack},
		{name: "Ahead", progress: 70, at: at, today: at, want: plan.PaceOnTrack},
		{name: "Behind", progress: 49.9, at: at, today: at, want: plan.PaceBehind},
		{name: "Reached", progress: 100, at: at, today: at, want: plan.PaceReached},
		{name: "ReachedAfterDeadline", progress: 120, at: at, today: day(2026, 2, 1), want: plan.PaceReached},
		{name: "Missed", progress: 90, at: deadline, today: day(2026, 1, 12), want: plan.PaceMissed},
		{name: "DeadlineDayNotMissed", progress: 99, at: deadline, today: deadline, want: plan.PaceBehind},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := plan.PaceOf(tt.progress, start, deadline, tt.at, tt.today); got != tt.want {
				t.Errorf("PaceOf(%v) = %s, want %s", tt.progress, got, tt.want)
			}
		})
	}
}

func TestComputeKPI(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	// Set at 23:30 UTC on Dec 31: Jan 1 in Paris, where the line starts.
	g := &plan.Goal{ID: 1, Metric: "Signups", Baseline: 100, Target: 200, Deadline: day(2026, 1, 11),
		CreatedAt: time.Date(2025, 12, 31, 23, 30, 0, 0, time.UTC)}
	o := func(metric string, n plan.Network, v float64, d time.Time) *plan.Observation {
		return &plan.Observation{Metric: metric, Network: n, Value: v, Date: d}
	}
	t.Run("NoData", func(t *testing.T) {
		k := plan.ComputeKPI(g, nil, []*plan.Observation{o("Signups", "", 500, day(2025, 12, 20)), o("other", "", 1, day(2026, 1, 2))}, day(2026, 1, 3), paris)
		if k.HasData || k.Pace != plan.PaceNoData || k.Latest != 100 || !k.Start.Equal(day(2026, 1, 1)) || len(k.Series) != 1 {
			t.Fatalf("KPI %+v", k)
		}
		if !k.Stale(day(2026, 1, 1)) {
			t.Error("a KPI without data is not stale")
		}
	})
	t.Run("LevelSumsNetworksLatest", func(t *testing.T) {
		obs := []*plan.Observation{
			o("signups", plan.NetworkInstagram, 110, day(2026, 1, 2)),
			o("SIGNUPS", plan.NetworkX, 20, day(2026, 1, 2)),
			o("signups", plan.NetworkInstagram, 130, day(2026, 1, 6)),
		}
		k := plan.ComputeKPI(g, &plan.Metric{Name: "Signups", Kind: plan.MetricLevel}, obs, day(2026, 1, 7), paris)
		want := []plan.Point{{Date: day(2026, 1, 1), Value: 100}, {Date: day(2026, 1, 2), Value: 130}, {Date: day(2026, 1, 6), Value: 150}}
		if len(k.Series) != 3 || k.Series[1] != want[1] || k.Series[2] != want[2] || k.Series[0] != want[0] {
			t.Fatalf("series %+v, want %+v", k.Series, want)
		}
		// 50 % done on Jan 6, when the line asks for 50 %: on track.
		if !near(k.Progress, 50) || !near(k.Expected, 50) || k.Pace != plan.PaceOnTrack || !k.LatestAt.Equal(day(2026, 1, 6)) {
			t.Fatalf("progress %v expected %v pace %s", k.Progress, k.Expected, k.Pace)
		}
		if k.Stale(day(2026, 1, 6)) || !k.Stale(day(2026, 1, 7)) {
			t.Error("stale is wrong around the last observation")
		}
	})
	t.Run("CountAddsUp", func(t *testing.T) {
		obs := []*plan.Observation{
			o("signups", plan.NetworkInstagram, 10, day(2026, 1, 1)),
			o("signups", plan.NetworkX, 15, day(2026, 1, 4)),
			{Metric: "signups", Value: 5, Date: day(2026, 1, 2), End: day(2026, 1, 4)},
		}
		k := plan.ComputeKPI(g, &plan.Metric{Name: "signups", Kind: plan.MetricCount}, obs, day(2026, 1, 5), paris)
		if len(k.Series) != 2 || k.Series[0].Value != 110 || k.Series[1].Value != 130 {
			t.Fatalf("series %+v", k.Series)
		}
		// 30 % done on Jan 4 when 30 % is expected.
		if !near(k.Progress, 30) || k.Pace != plan.PaceOnTrack {
			t.Fatalf("progress %v pace %s", k.Progress, k.Pace)
		}
	})
	t.Run("Behind", func(t *testing.T) {
		k := plan.ComputeKPI(g, nil, []*plan.Observation{o("signups", "", 120, day(2026, 1, 6))}, day(2026, 1, 6), paris)
		if !near(k.Progress, 20) || k.Pace != plan.PaceBehind {
			t.Fatalf("progress %v pace %s", k.Progress, k.Pace)
		}
	})
}

func TestReviewSchedule(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	weekly := plan.ReviewSchedule{Frequency: plan.FrequencyWeekly, Weekday: time.Monday, Hour: 9}
	monthly := plan.ReviewSchedule{Frequency: plan.FrequencyMonthly, MonthDay: 31, Hour: 9}
	tests := []struct {
		name string
		s    plan.ReviewSchedule
		due  time.Time
		want time.Time
	}{
		// Monday Mar 30, 2026 09:00 CEST; a week before is 09:00 CET.
		{name: "WeeklyAcrossDST", s: weekly, due: time.Date(2026, 3, 30, 7, 0, 0, 0, time.UTC), want: time.Date(2026, 3, 23, 8, 0, 0, 0, time.UTC)},
		{name: "MonthlyShortMonth", s: monthly, due: time.Date(2026, 3, 31, 7, 0, 0, 0, time.UTC), want: time.Date(2026, 2, 28, 8, 0, 0, 0, time.UTC)},
		{name: "Off", s: plan.ReviewSchedule{}, due: time.Date(2026, 3, 31, 7, 0, 0, 0, time.UTC), want: time.Date(2026, 3, 1, 7, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.s.PeriodStart(tt.due, paris); !got.Equal(tt.want) {
				t.Errorf("PeriodStart = %s, want %s", got, tt.want)
			}
		})
	}
	r := weekly.Rule("Europe/Paris")
	if err := r.Validate(); err != nil || len(r.Weekdays) != 1 || r.Weekdays[0] != time.Monday {
		t.Fatalf("rule %+v, %v", r, err)
	}
	if got := plan.ScheduleOf(&plan.Reminder{Rule: monthly.Rule("UTC"), State: plan.ReminderActive}); got != monthly {
		t.Errorf("ScheduleOf = %+v, want %+v", got, monthly)
	}
	if got := plan.ScheduleOf(&plan.Reminder{Rule: r, State: plan.ReminderCancelled}); got.Enabled() {
		t.Errorf("a cancelled reminder schedules %+v", got)
	}
	for _, bad := range []plan.ReviewSchedule{
		{Frequency: plan.FrequencyDaily, Hour: 9},
		{Frequency: plan.FrequencyMonthly, MonthDay: 32},
		{Frequency: plan.FrequencyWeekly, Weekday: 7},
		{Frequency: plan.FrequencyWeekly, Hour: 24},
	} {
		if bad.Validate() == nil {
			t.Errorf("%+v validates", bad)
		}
	}
}

package plan_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
)

func TestComputeProgress_MeasureAndReview(t *testing.T) {
	today := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	quiet := &plan.Goal{ID: 2, Title: "Be known"}
	base := plan.Snapshot{Today: today, Now: today.Add(9 * time.Hour)}

	t.Run("NotStartedIgnoresProblems", func(t *testing.T) {
		s := base
		s.Unmeasured, s.NoReviewSchedule = []*plan.Goal{quiet}, true
		p := plan.ComputeProgress(s)
		if m := p.Steps[7]; m.State != plan.StepNotStarted || len(m.Problems) != 0 {
			t.Errorf("measure step %+v", m)
		}
	})
	t.Run("InProgress", func(t *testing.T) {
		s := base
		s.Observations, s.Reviews = 4, 2
		s.Unmeasured, s.NoReviewSchedule = []*plan.Goal{quiet}, true
		p := plan.ComputeProgress(s)
		want := []plan.Problem{
			{Key: "status.measure.unmeasured", Names: []string{"Be known"}, Total: 1},
			{Key: "status.measure.no_schedule", Total: 1},
		}
		if m := p.Steps[7]; m.State != plan.StepInProgress || m.Count != 4 || !reflect.DeepEqual(m.Problems, want) {
			t.Errorf("measure step %+v", m)
		}
		if r := p.Steps[8]; r.State != plan.StepDone || r.Count != 2 {
			t.Errorf("review step %+v", r)
		}
	})
	t.Run("Done", func(t *testing.T) {
		s := base
		s.Observations = 1
		if m := plan.ComputeProgress(s).Steps[7]; m.State != plan.StepDone {
			t.Errorf("measure step %+v", m)
		}
	})
}

// TestPlanSnapshot_ProgressAtRisk: a goal whose KPI is behind its pace at
// today is at risk in step 8, judged by its type: a reply time kept under
// 2 h that is 5 h on X (a rate: not summed, judged by its worst network),
// while a count on its straight line is not.
func TestPlanSnapshot_ProgressAtRisk(t *testing.T) {
	p := &plan.Plan{ID: 1, ChannelID: "C1", TimeZone: "UTC"}
	created := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	reply := &plan.Goal{ID: 1, Title: "Answer fast", Metric: "reply time", Baseline: 3, Target: 2, Deadline: day(2026, 6, 1), CreatedAt: created,
		KPI: plan.KPIType{Direction: plan.DirectionStayBelow, Aggregation: plan.AggregateRate}}
	// From 100 on Mar 1 to 200 on Mar 11: the line asks 190 on Mar 10.
	signups := &plan.Goal{ID: 2, Title: "Signups", Metric: "signups", Baseline: 100, Target: 200, Deadline: day(2026, 3, 11), CreatedAt: created,
		KPI: plan.KPIType{Direction: plan.DirectionIncrease, Aggregation: plan.AggregateLevel, Count: true}}
	s := &plan.PlanSnapshot{Plan: p, Goals: []*plan.Goal{reply, signups}, Strategy: &plan.Strategy{}, ObservationsTotal: 3,
		Observations: []*plan.Observation{
			{Metric: "reply time", Network: plan.NetworkInstagram, Value: 1.5, Date: day(2026, 3, 9)},
			{Metric: "reply time", Network: plan.NetworkX, Value: 5, Date: day(2026, 3, 9)},
			{Metric: "signups", Network: plan.NetworkX, Value: 195, Date: day(2026, 3, 9)},
		}}
	pr := s.Progress(time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC))
	want := plan.Problem{Key: "status.measure.at_risk", Names: []string{"Answer fast"}, Total: 1}
	if m := pr.Steps[7]; len(m.Problems) == 0 || !reflect.DeepEqual(m.Problems[0], want) {
		t.Errorf("measure step problems %+v, want %+v first", m.Problems, want)
	}
}

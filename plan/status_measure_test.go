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

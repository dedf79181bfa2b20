package plan_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
)

// PlanSnapshot.Progress finds what holds steps 6 to 9 back in what the
// snapshot read: experiments past their end without results, replies past
// due (issue 15: "Engage · done" with a reply 11 days overdue), a
// measurement review that did not run, no decision in the period.
func TestPlanSnapshotProgress_Lateness(t *testing.T) {
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC) // a Tuesday
	day := 24 * time.Hour
	weekly := plan.ReviewSchedule{Frequency: plan.FrequencyWeekly, Weekday: time.Monday, Hour: 9}
	base := func() *plan.PlanSnapshot {
		return &plan.PlanSnapshot{
			Plan:     &plan.Plan{ID: 1, TimeZone: "UTC"},
			Strategy: &plan.Strategy{},
			Experiments: []*plan.Experiment{
				{Name: "Running", End: time.Date(2026, 3, 12, 0, 0, 0, 0, time.UTC)},
				{Name: "Concluded", End: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), ResultsAt: now.Add(-5 * day)},
				{Name: "Ends today", End: time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)},
			},
			Engagement: []*plan.EngagementItem{
				{Status: plan.EngagementOpen, Due: now.Add(2 * time.Hour)},
				{Status: plan.EngagementReplied, Due: now.Add(-20 * day)},
			},
			EngagementTotal: 2,
			Decisions:       []*plan.Decision{{DecidedAt: now.Add(-2 * day)}, {DecidedAt: now.Add(-40 * day)}},
			DecisionsTotal:  2,
			Schedule:        weekly,
			Review:          &plan.Reminder{Since: now.Add(-60 * day), LastDue: now.Add(-1 * day)},
		}
	}
	steps := func(s *plan.PlanSnapshot) map[string][]plan.Problem {
		out := map[string][]plan.Problem{}
		for _, st := range s.Progress(now).Steps {
			if st.Number >= 6 && len(st.Problems) > 0 {
				out[st.Step] = st.Problems
			}
		}
		return out
	}
	tests := []struct {
		name string
		edit func(s *plan.PlanSnapshot)
		want map[string][]plan.Problem
	}{
		{name: "OnTime", edit: func(*plan.PlanSnapshot) {}, want: map[string][]plan.Problem{}},
		{name: "ExperimentPastItsEnd", edit: func(s *plan.PlanSnapshot) {
			s.Experiments = append(s.Experiments, &plan.Experiment{Name: "Question", End: time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC)})
		}, want: map[string][]plan.Problem{"experiment": {{Key: "status.experiment.overdue", Names: []string{"Question"}, Total: 1}}}},
		{name: "RepliesOverdue", edit: func(s *plan.PlanSnapshot) {
			s.Engagement = append(s.Engagement,
				&plan.EngagementItem{Status: plan.EngagementOpen, Due: now.Add(-3 * time.Hour)},
				&plan.EngagementItem{Status: plan.EngagementOpen, Due: now.Add(-11 * day)})
		}, want: map[string][]plan.Problem{"engage": {{Key: "status.engage.overdue", Total: 2, Age: 11 * day}}}},
		// The weekly review looks back to Tuesday 3 March, 12:00; the
		// last one ran on Saturday 28 February.
		{name: "ReviewMissed", edit: func(s *plan.PlanSnapshot) {
			s.Review.LastDue = time.Date(2026, 2, 28, 9, 0, 0, 0, time.UTC)
			s.ObservationsTotal = 1
		}, want: map[string][]plan.Problem{"measure": {{Key: "status.measure.review_missed", Total: 1}}}},
		{name: "ReviewScheduledThisWeek", edit: func(s *plan.PlanSnapshot) {
			s.Review = &plan.Reminder{Since: now.Add(-2 * day)}
			s.ObservationsTotal = 1
		}, want: map[string][]plan.Problem{}},
		{name: "NoDecisionThisPeriod", edit: func(s *plan.PlanSnapshot) {
			s.Decisions = []*plan.Decision{{DecidedAt: now.Add(-8 * day)}}
		}, want: map[string][]plan.Problem{"review": {{Key: "status.review.stale", Total: 1, Since: now.Add(-8 * day)}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := base()
			tt.edit(s)
			if got := steps(s); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("problems of steps 6 to 9 = %+v, want %+v", got, tt.want)
			}
		})
	}
}

package storage_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/storage"
	"github.com/planbot/planbot/storage/storagetest"
)

func TestMetricService(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()
		obs := func(planID int64, metric string, n plan.Network, v float64, d time.Time) *plan.Observation {
			return &plan.Observation{PlanID: planID, Metric: metric, Network: n, Value: v, Date: d, CreatedBy: "U1"}
		}

		t.Run("Metrics", func(t *testing.T) {
			db := MustOpenDB(t, backend)
			s := storage.NewMetricService(db)
			p := MustEnsurePlan(t, db, "T1", "C1")
			m := &plan.Metric{PlanID: p.ID, Name: "  press   articles ", Kind: plan.MetricCount, GoalKind: plan.GoalAwareness, CreatedBy: "U1"}
			if err := s.CreateMetric(ctx, m); err != nil {
				t.Fatal(err)
			}
			if m.ID == 0 || m.Name != "press articles" || !m.CreatedAt.Equal(fixedNow) {
				t.Fatalf("created %+v", m)
			}
			dup := &plan.Metric{PlanID: p.ID, Name: "Press Articles", Kind: plan.MetricLevel}
			assertField(t, s.CreateMetric(ctx, dup), "name", "metric.name.taken")
			if dup.ID != 0 {
				t.Error("a refused metric got an ID")
			}
			assertField(t, s.CreateMetric(ctx, &plan.Metric{PlanID: p.ID, Name: "x", Kind: "sum"}), "kind", "metric.kind.invalid")
			list, err := s.FindMetrics(ctx, p.ID)
			if err != nil || len(list) != 1 || list[0].ID != m.ID {
				t.Fatalf("metrics %+v, %v", list, err)
			}
			if err := s.DeleteMetric(ctx, m.ID); err != nil {
				t.Fatal(err)
			}
			assertCode(t, s.DeleteMetric(ctx, m.ID), plan.ENOTFOUND)
		})

		t.Run("ObservationsAllOrNothing", func(t *testing.T) {
			db := MustOpenDB(t, backend)
			s := storage.NewMetricService(db)
			p := MustEnsurePlan(t, db, "T1", "C1")
			MustCreateGoal(t, db, p.ID) // KPI "newsletter signups"
			good := obs(p.ID, "Newsletter Signups", plan.NetworkInstagram, 140, day(2026, 3, 9))
			future := obs(p.ID, "newsletter signups", "", 1, day(2026, 3, 11))
			unknown := obs(p.ID, "followers", plan.NetworkX, 1, day(2026, 3, 9))
			err := s.CreateObservations(ctx, []*plan.Observation{good, future, unknown})
			var re plan.RowErrors
			if !errors.As(err, &re) || plan.ErrorCode(err) != plan.EINVALID {
				t.Fatalf("err = %v, want RowErrors", err)
			}
			want := plan.RowErrors{
				{Row: 2, Field: "date", Key: "observation.date.future", Value: "2026-03-11"},
				{Row: 3, Field: "metric", Key: "observation.metric.unknown", Value: "followers"},
			}
			if len(re) != 2 || re[0] != want[0] || re[1] != want[1] {
				t.Fatalf("row errors %+v, want %+v", re, want)
			}
			if got, total, _ := s.FindObservations(ctx, plan.ObservationFilter{PlanID: &p.ID}); total != 0 || len(got) != 0 || good.ID != 0 {
				t.Fatalf("%d stored from a refused batch", total)
			}

			period := obs(p.ID, "newsletter signups", "", 20, day(2026, 3, 1))
			period.End = day(2026, 3, 7)
			if err := s.CreateObservations(ctx, []*plan.Observation{good, period}); err != nil {
				t.Fatal(err)
			}
			if good.ID == 0 || !good.CreatedAt.Equal(fixedNow) {
				t.Fatalf("stored %+v", good)
			}
			got, total, err := s.FindObservations(ctx, plan.ObservationFilter{PlanID: &p.ID})
			if err != nil || total != 2 || got[0].ID != period.ID || !got[0].End.Equal(day(2026, 3, 7)) || got[1].Network != plan.NetworkInstagram {
				t.Fatalf("found %+v, %d, %v", got, total, err)
			}
			insta := plan.NetworkInstagram
			for name, f := range map[string]plan.ObservationFilter{
				"Metric":  {PlanID: &p.ID, Metric: "NEWSLETTER signups"},
				"Network": {PlanID: &p.ID, Network: &insta},
				"Range":   {PlanID: &p.ID, From: day(2026, 3, 8), To: day(2026, 3, 9)},
			} {
				got, total, err := s.FindObservations(ctx, f)
				if err != nil || (name == "Metric" && total != 2) || (name != "Metric" && (total != 1 || got[0].ID != good.ID)) {
					t.Errorf("%s: %d found, %v", name, total, err)
				}
			}
			if err := s.DeleteObservation(ctx, good.ID); err != nil {
				t.Fatal(err)
			}
			assertCode(t, s.DeleteObservation(ctx, good.ID), plan.ENOTFOUND)
		})

		t.Run("MentionsCreateTheirMetric", func(t *testing.T) {
			db := MustOpenDB(t, backend)
			s := storage.NewMetricService(db)
			p := MustEnsurePlan(t, db, "T1", "C1")
			m := obs(p.ID, plan.MetricMentions, plan.NetworkBlog, 1, day(2026, 3, 10))
			m.Mention, m.Outlet, m.Link = plan.MentionPress, "Le Monde", "https://lemonde.fr/a"
			if err := s.CreateObservations(ctx, []*plan.Observation{m}); err != nil {
				t.Fatal(err)
			}
			if err := s.CreateObservations(ctx, []*plan.Observation{obs(p.ID, "Mentions", plan.NetworkX, 1, day(2026, 3, 10))}); err != nil {
				t.Fatal(err)
			}
			list, _ := s.FindMetrics(ctx, p.ID)
			if len(list) != 1 || list[0].Kind != plan.MetricCount || list[0].GoalKind != plan.GoalAwareness {
				t.Fatalf("metrics %+v", list)
			}
			got, _, _ := s.FindObservations(ctx, plan.ObservationFilter{ID: &m.ID})
			if len(got) != 1 || got[0].Outlet != "Le Monde" || got[0].Mention != plan.MentionPress || got[0].Link != "https://lemonde.fr/a" {
				t.Fatalf("mention %+v", got)
			}
		})

		t.Run("ReviewSchedule", func(t *testing.T) {
			db := MustOpenDB(t, backend)
			s := storage.NewMetricService(db)
			p := MustEnsurePlan(t, db, "T1", "C1") // Europe/Paris
			sched, r, err := s.ReviewSchedule(ctx, p.ID)
			if err != nil || r != nil || sched.Enabled() {
				t.Fatalf("default schedule %+v, %v, %v", sched, r, err)
			}
			weekly := plan.ReviewSchedule{Frequency: plan.FrequencyWeekly, Weekday: time.Friday, MonthDay: 1, Hour: 16, Minute: 30}
			r, err = s.SetReviewSchedule(as("U1"), p.ID, weekly)
			if err != nil {
				t.Fatal(err)
			}
			// Tuesday Mar 10 noon UTC: next Friday 16:30 in Paris (UTC+1).
			if want := time.Date(2026, 3, 13, 15, 30, 0, 0, time.UTC); !r.NextAt.Equal(want) || r.ChannelID != "C1" || r.OwnerID != "U1" {
				t.Fatalf("reminder %+v, want next at %s", r, want)
			}
			if got, _, _ := s.ReviewSchedule(ctx, p.ID); got != weekly {
				t.Fatalf("read back %+v", got)
			}
			_, err = s.SetReviewSchedule(as("U1"), p.ID, plan.ReviewSchedule{Frequency: plan.FrequencyMonthly, MonthDay: 0})
			assertField(t, err, "review_month_day", "review.month_day.invalid")

			MustSetOwners(t, db, p.ID, "UOWNER")
			_, err = s.SetReviewSchedule(as("U1"), p.ID, plan.ReviewSchedule{})
			assertCode(t, err, plan.EFORBIDDEN)
			if r, err = s.SetReviewSchedule(as("UOWNER"), p.ID, plan.ReviewSchedule{}); err != nil || r.State != plan.ReminderCancelled {
				t.Fatalf("turned off: %+v, %v", r, err)
			}
			if got, _, _ := s.ReviewSchedule(ctx, p.ID); got.Enabled() {
				t.Fatalf("schedule still on: %+v", got)
			}
		})
	})
}

// assertField checks that err holds a field error on field with key.
func assertField(t *testing.T, err error, field, key string) {
	t.Helper()
	for _, fe := range plan.ErrorFields(err) {
		if fe.Field == field && fe.Key == key {
			return
		}
	}
	t.Errorf("err = %v, want %s on %s", err, key, field)
}

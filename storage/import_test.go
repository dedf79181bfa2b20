package storage_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/storage"
	"github.com/planbot/planbot/storage/storagetest"
)

func TestImportService(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()
		seq := func(obs ...plan.Observation) func(func(*plan.Observation) bool) {
			return func(yield func(*plan.Observation) bool) {
				for i := range obs {
					o := obs[i]
					if !yield(&o) {
						return
					}
				}
			}
		}
		signups := func(n plan.Network, v float64, d int, item string) plan.Observation {
			return plan.Observation{Metric: "Newsletter signups", Network: n, Value: v, Date: day(2026, 3, d), Item: item, Source: "Import: march.csv"}
		}

		t.Run("ReimportReplaces", func(t *testing.T) {
			db := MustOpenDB(t, backend)
			s := storage.NewImportService(db)
			m := storage.NewMetricService(db)
			p := MustEnsurePlan(t, db, "T1", "C1")
			MustCreateGoal(t, db, p.ID) // KPI "newsletter signups"
			// One typed by hand, which an import never replaces.
			if err := m.CreateObservations(ctx, []*plan.Observation{{PlanID: p.ID, Metric: "newsletter signups", Network: plan.NetworkInstagram, Value: 7, Date: day(2026, 3, 1), CreatedBy: "U1"}}); err != nil {
				t.Fatal(err)
			}
			first := plan.Import{PlanID: p.ID, CreatedBy: "U1", Signature: "sig1", Mapping: `{"metrics":[]}`,
				Observations: seq(signups(plan.NetworkInstagram, 10, 1, ""), signups(plan.NetworkInstagram, 12, 2, ""), signups(plan.NetworkX, 3, 2, "item-4"))}
			res, err := s.Import(ctx, first)
			if err != nil || res != (plan.ImportResult{Stored: 3}) {
				t.Fatalf("first import = %+v, %v", res, err)
			}
			// The same file again, and a later one overlapping a day with a new figure.
			first.Observations = seq(signups(plan.NetworkInstagram, 10, 1, ""), signups(plan.NetworkInstagram, 12, 2, ""), signups(plan.NetworkX, 3, 2, "item-4"))
			if res, err := s.Import(ctx, first); err != nil || res != (plan.ImportResult{Stored: 3, Replaced: 3}) {
				t.Fatalf("same import = %+v, %v", res, err)
			}
			later := plan.Import{PlanID: p.ID, CreatedBy: "U2", Observations: seq(signups(plan.NetworkInstagram, 20, 2, ""), signups(plan.NetworkInstagram, 5, 3, ""))}
			if res, err := s.Import(ctx, later); err != nil || res != (plan.ImportResult{Stored: 2, Replaced: 1}) {
				t.Fatalf("overlapping import = %+v, %v", res, err)
			}
			obs, _, err := m.FindObservations(ctx, plan.ObservationFilter{PlanID: &p.ID})
			if err != nil {
				t.Fatal(err)
			}
			var got []float64
			var items []string
			for _, o := range obs {
				got = append(got, o.Value)
				items = append(items, o.Item)
			}
			// 7 typed and 10 imported on the 1st; 20 replaced 12 on the 2nd; 3 on X; 5 on the 3rd.
			slices.Sort(got)
			if want := []float64{3, 5, 7, 10, 20}; !slices.Equal(got, want) {
				t.Errorf("values %v, want %v", got, want)
			}
			if !slices.Contains(items, "item-4") {
				t.Errorf("items %q lack item-4", items)
			}
			mp, err := s.FindImportMapping(ctx, p.ID, "sig1")
			if err != nil || mp.Mapping != `{"metrics":[]}` || mp.UpdatedBy != "U1" {
				t.Fatalf("mapping %+v, %v", mp, err)
			}
			assertCode(t, func() error { _, err := s.FindImportMapping(ctx, p.ID, "other"); return err }(), plan.ENOTFOUND)
		})

		t.Run("AllOrNothing", func(t *testing.T) {
			db := MustOpenDB(t, backend)
			s := storage.NewImportService(db)
			m := storage.NewMetricService(db)
			p := MustEnsurePlan(t, db, "T1", "C1")
			MustCreateGoal(t, db, p.ID)
			bad := plan.Observation{Metric: "followers", Value: 1, Date: day(2026, 3, 2)}
			future := signups("", 1, 11, "") // fixedNow is 10 March 2026
			alien := signups("", 1, 2, "")
			alien.ContentItemID = 999999
			_, err := s.Import(ctx, plan.Import{PlanID: p.ID, Signature: "sig", Mapping: "{}",
				Observations: seq(signups("", 4, 1, ""), bad, future, alien)})
			var re plan.RowErrors
			if !errors.As(err, &re) || plan.ErrorCode(err) != plan.EINVALID {
				t.Fatalf("err = %v, want RowErrors", err)
			}
			var keys []string
			for _, e := range re {
				keys = append(keys, e.Key)
			}
			if want := []string{"observation.metric.unknown", "observation.date.future", "observation.content_item.unknown"}; !slices.Equal(keys, want) {
				t.Errorf("row errors %v, want %v", keys, want)
			}
			if obs, _, _ := m.FindObservations(ctx, plan.ObservationFilter{PlanID: &p.ID}); len(obs) != 0 {
				t.Errorf("%d observations stored by a refused import", len(obs))
			}
			if _, err := s.FindImportMapping(ctx, p.ID, "sig"); plan.ErrorCode(err) != plan.ENOTFOUND {
				t.Errorf("a refused import remembered its mapping: %v", err)
			}
		})
	})
}

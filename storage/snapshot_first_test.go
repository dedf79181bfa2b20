package storage_test

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/storage"
	"github.com/planbot/planbot/storage/storagetest"
)

// TestSnapshot_FirstOfEachPlan checks the capped lists of the snapshots
// over several plans, read with a branch a plan and with the window
// function beyond maxBranches plans: each plan's first rows in order, the
// same as its finder returns, plans in ID order, and each plan's count.
func TestSnapshot_FirstOfEachPlan(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()
		db := MustOpenDB(t, backend)
		metrics := storage.NewMetricService(db)
		// Three plans with 6, 2 and 0 results; a plan's results share
		// dates, so that the ID breaks ties, and come in no date order.
		var ids []int64
		for i, n := range []int{6, 2, 0} {
			p := MustEnsurePlan(t, db, "T1", "C"+string(rune('A'+i)))
			MustCreateGoal(t, db, p.ID)
			ids = append(ids, p.ID)
			var batch []*plan.Observation
			for j := range n {
				batch = append(batch, &plan.Observation{PlanID: p.ID, Metric: "newsletter signups", Value: float64(j),
					Date: day(2026, 3, 1).AddDate(0, 0, (j*5)%3), CreatedBy: "U1"})
			}
			if n > 0 {
				if err := metrics.CreateObservations(ctx, batch); err != nil {
					t.Fatal(err)
				}
			}
		}
		const limit = 4
		var wantOrder []int64
		wantFirst, wantTotal := map[int64][]int64{}, map[int64]int{}
		for _, id := range ids {
			obs, total, err := metrics.FindObservations(ctx, plan.ObservationFilter{PlanID: &id, Limit: limit})
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range obs {
				wantFirst[id] = append(wantFirst[id], o.ID)
				wantOrder = append(wantOrder, o.ID)
			}
			if total > 0 {
				wantTotal[id] = total
			}
		}
		if len(wantFirst[ids[0]]) != limit || wantTotal[ids[0]] != 6 || len(wantFirst[ids[1]]) != 2 {
			t.Fatalf("the finder gives %v of %v", wantFirst, wantTotal)
		}
		for _, window := range []bool{false, true} {
			order, first, total, err := storage.FirstObservations(ctx, db, ids, limit, window)
			if err != nil {
				t.Fatalf("window %v: %v", window, err)
			}
			if !reflect.DeepEqual(first, wantFirst) || !reflect.DeepEqual(total, wantTotal) || !slices.Equal(order, wantOrder) {
				t.Errorf("window %v: first %v of %v in the order %v\nwant  %v of %v in the order %v",
					window, first, total, order, wantFirst, wantTotal, wantOrder)
			}
		}
	})
}

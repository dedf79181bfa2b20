package storage_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/storage"
	"github.com/planbot/planbot/storage/storagetest"
)

// The storage benchmarks run on a real file in a temporary directory, with
// the production DSN (WAL, synchronous=FULL): a write costs one fsync, so
// these figures depend on the disk as much as on the code.

// BenchmarkCreateGoal stores one goal per iteration: one BEGIN IMMEDIATE
// transaction and one durable commit, as a goal submission does.
func BenchmarkCreateGoal(b *testing.B) {
	ctx := context.Background()
	db := MustOpenDB(b, storagetest.SQLite)
	s := storage.NewGoalService(db)
	p := MustEnsurePlan(b, db, "T1", "C1")
	b.ReportAllocs()
	for b.Loop() {
		if err := s.CreateGoal(ctx, validGoal(p.ID)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCreateGoalParallel stores goals from several goroutines, as
// concurrent submissions do: they queue on the single writing connection.
func BenchmarkCreateGoalParallel(b *testing.B) {
	ctx := context.Background()
	db := MustOpenDB(b, storagetest.SQLite)
	s := storage.NewGoalService(db)
	p := MustEnsurePlan(b, db, "T1", "C1")
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := s.CreateGoal(ctx, validGoal(p.ID)); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkEnsurePlanExisting is the write transaction every /plan runs
// for a channel whose plan exists already.
func BenchmarkEnsurePlanExisting(b *testing.B) {
	db := MustOpenDB(b, storagetest.SQLite)
	MustEnsurePlan(b, db, "T1", "C1")
	b.ReportAllocs()
	for b.Loop() {
		MustEnsurePlan(b, db, "T1", "C1")
	}
}

// BenchmarkFindGoals reads the first page of a plan's 100 goals with the
// total count, as the goals list modal does.
func BenchmarkFindGoals(b *testing.B) {
	ctx := context.Background()
	db := MustOpenDB(b, storagetest.SQLite)
	s := storage.NewGoalService(db)
	p := MustEnsurePlan(b, db, "T1", "C1")
	for range 100 {
		MustCreateGoal(b, db, p.ID)
	}
	b.ReportAllocs()
	for b.Loop() {
		goals, total, err := s.FindGoals(ctx, plan.GoalFilter{PlanID: &p.ID, Limit: 5})
		if err != nil || len(goals) != 5 || total != 100 {
			b.Fatalf("FindGoals = %d goals, total %d, %v", len(goals), total, err)
		}
	}
}

// BenchmarkClaimEvent records one new Events API event id per iteration,
// the write every event costs before it is handled.
func BenchmarkClaimEvent(b *testing.B) {
	ctx := context.Background()
	s := storage.NewEventService(MustOpenDB(b, storagetest.SQLite))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		if ok, err := s.ClaimEvent(ctx, fmt.Sprintf("Ev%09d", i)); err != nil || !ok {
			b.Fatalf("ClaimEvent = %v, %v", ok, err)
		}
	}
}

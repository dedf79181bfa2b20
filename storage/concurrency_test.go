package storage_test

// Several processes on one database, as replicas on PostgreSQL (or two
// processes on one SQLite file): every test opens one handle per
// "replica" on the same database and starts their calls together. SQLite
// serializes the writers; PostgreSQL runs them at once, and these tests
// check the locks and unique keys that make the outcome the same.

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/storage"
	"github.com/planbot/planbot/storage/storagetest"
)

// replicas opens n handles on one new database of backend.
func replicas(t *testing.T, backend storagetest.Backend, n int) []*storage.DB {
	t.Helper()
	dsn := backend.DSN(t)
	dbs := make([]*storage.DB, n)
	for i := range dbs {
		dbs[i] = MustOpenDBAt(t, dsn)
	}
	return dbs
}

// together runs fn(i) for i in [0, n) in goroutines released at once, and
// returns when all have returned.
func together(n int, fn func(i int)) {
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			fn(i)
		})
	}
	close(start)
	wg.Wait()
}

// TestConcurrent_ClaimDelivery claims each due reminder from several
// replicas at once: each occurrence is claimed exactly once.
func TestConcurrent_ClaimDelivery(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()
		dbs := replicas(t, backend, 3)
		p := MustEnsurePlan(t, dbs[0], "T1", "C1")
		at := fixedNow // due now by the database's clock: a claim never runs ahead of it
		lease := at.Add(2 * time.Minute)

		const reminders, claimers = 8, 6
		for subject := range reminders {
			r, err := storage.ScheduleReminder(ctx, dbs[0], plan.Reminder{
				PlanID: p.ID, Kind: plan.ReminderExperimentEnd, SubjectID: int64(subject + 1),
				Rule: plan.Rule{Frequency: plan.FrequencyOnce, At: at}, ChannelID: p.ChannelID,
			})
			if err != nil {
				t.Fatal(err)
			}
			wins := make(chan string, claimers)
			errs := make(chan error, claimers)
			together(claimers, func(i int) {
				owner := fmt.Sprintf("replica-%d", i)
				d, ok, err := storage.NewReminderService(dbs[i%len(dbs)]).ClaimDelivery(ctx, r.ID, owner, at, lease)
				if err != nil {
					errs <- err
				} else if ok {
					if d.ClaimedBy != owner {
						errs <- fmt.Errorf("claim by %s returned a delivery of %s", owner, d.ClaimedBy)
					}
					wins <- owner
				}
			})
			close(wins)
			close(errs)
			for err := range errs {
				t.Error(err)
			}
			if len(wins) != 1 {
				t.Fatalf("reminder %d: %d claims won, want 1", r.ID, len(wins))
			}
			rs := storage.NewReminderService(dbs[0])
			ds, err := rs.FindDeliveries(ctx, r.ID)
			if err != nil || len(ds) != 1 || ds[0].ClaimedBy != <-wins {
				t.Fatalf("deliveries of reminder %d: %+v, %v; want the winner's one", r.ID, ds, err)
			}
			if got, err := rs.FindReminderByID(ctx, r.ID); err != nil || got.State != plan.ReminderDone {
				t.Fatalf("reminder after the claims: %+v, %v; want done", got, err)
			}
		}
	})
}

// TestConcurrent_ReclaimDeliveries takes over one delivery whose lease
// ended from several replicas at once: one of them gets it.
func TestConcurrent_ReclaimDeliveries(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()
		dbs := replicas(t, backend, 3)
		p := MustEnsurePlan(t, dbs[0], "T1", "C1")
		at := fixedNow // due now by the database's clock: a claim never runs ahead of it
		lease := at.Add(2 * time.Minute)
		r, err := storage.ScheduleReminder(ctx, dbs[0], plan.Reminder{
			PlanID: p.ID, Kind: plan.ReminderExperimentEnd, SubjectID: 1,
			Rule: plan.Rule{Frequency: plan.FrequencyOnce, At: at}, ChannelID: p.ChannelID,
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, ok, err := storage.NewReminderService(dbs[0]).ClaimDelivery(ctx, r.ID, "dead", at, lease); err != nil || !ok {
			t.Fatalf("claim: %v, %v", ok, err)
		}

		const reclaimers = 6
		taken := make(chan string, reclaimers)
		errs := make(chan error, reclaimers)
		together(reclaimers, func(i int) {
			owner := fmt.Sprintf("replica-%d", i)
			ds, _, err := storage.NewReminderService(dbs[i%len(dbs)]).ReclaimDeliveries(ctx, owner, lease, lease.Add(time.Hour), 10, 5)
			if err != nil {
				errs <- err
			}
			for _, d := range ds {
				taken <- d.ClaimedBy
			}
		})
		close(taken)
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		if len(taken) != 1 {
			t.Fatalf("%d takeovers, want 1", len(taken))
		}
		ds, err := storage.NewReminderService(dbs[0]).FindDeliveries(ctx, r.ID)
		if err != nil || len(ds) != 1 || ds[0].ClaimedBy != <-taken || ds[0].Attempts != 2 {
			t.Fatalf("delivery after the takeovers: %+v, %v; want the one taker's, second attempt", ds, err)
		}
	})
}

// TestConcurrent_MarkChannelUnreachable marks one channel from several
// replicas at once: one of them is told it is the first, so the owner is
// told once.
func TestConcurrent_MarkChannelUnreachable(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()
		dbs := replicas(t, backend, 3)
		p := MustEnsurePlan(t, dbs[0], "T1", "C1")
		const markers = 6
		firsts := make(chan bool, markers)
		together(markers, func(i int) {
			first, err := storage.NewReminderService(dbs[i%len(dbs)]).MarkChannelUnreachable(ctx, p.ID, "C1", "not_in_channel", fixedNow.Add(time.Hour))
			if err != nil {
				t.Error(err)
			}
			firsts <- first
		})
		close(firsts)
		n := 0
		for first := range firsts {
			if first {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("%d marks were first, want 1", n)
		}
	})
}

// TestConcurrent_UpdateGoal changes one field each of one goal from
// several replicas at once. Each update reads the goal and writes it back
// whole, so without the plan's lock the last one would undo the others.
func TestConcurrent_UpdateGoal(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()
		dbs := replicas(t, backend, 3)
		p := MustEnsurePlan(t, dbs[0], "T1", "C1")
		g := MustCreateGoal(t, dbs[0], p.ID)

		title, metric, unit, owner, learn := "New title", "new metric", "new unit", "UNEW", "new lesson"
		baseline, target := 1.0, 1000.0
		updates := []plan.GoalUpdate{
			{Title: &title}, {Metric: &metric}, {Unit: &unit}, {OwnerID: &owner},
			{Learn: &learn}, {Baseline: &baseline}, {Target: &target},
		}
		together(len(updates), func(i int) {
			if _, err := storage.NewGoalService(dbs[i%len(dbs)]).UpdateGoal(ctx, g.ID, updates[i]); err != nil {
				t.Error(err)
			}
		})
		got, err := storage.NewGoalService(dbs[0]).FindGoalByID(ctx, g.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != title || got.Metric != metric || got.Unit != unit || got.OwnerID != owner ||
			got.Learn != learn || got.Baseline != baseline || got.Target != target {
			t.Fatalf("goal after concurrent updates: %+v; want every update in it", got)
		}
	})
}

// TestConcurrent_PersonaName creates personas of one name, in several
// cases, from several replicas at once: one is stored, and the others are
// refused as a name taken, the error a user can act on.
func TestConcurrent_PersonaName(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()
		dbs := replicas(t, backend, 3)
		p := MustEnsurePlan(t, dbs[0], "T1", "C1")
		names := []string{"Sophie", "sophie", "SOPHIE", "SoPhIe"}
		created := make(chan string, len(names))
		together(len(names), func(i int) {
			persona := &plan.Persona{PlanID: p.ID, Name: names[i], Who: "Busy parent", Networks: []plan.Network{plan.NetworkInstagram}}
			err := storage.NewPersonaService(dbs[i%len(dbs)]).CreatePersona(ctx, persona)
			switch {
			case err == nil:
				created <- persona.Name
			case !hasFieldError(err, "name"):
				t.Errorf("create %q: %v, want a field error on name", names[i], err)
			}
		})
		close(created)
		if len(created) != 1 {
			t.Fatalf("%d personas created, want 1", len(created))
		}
		if ps, n, err := storage.NewPersonaService(dbs[0]).FindPersonas(ctx, plan.PersonaFilter{PlanID: &p.ID}); err != nil || n != 1 || ps[0].Name != <-created {
			t.Fatalf("stored personas: %d, %v", n, err)
		}
	})
}

// hasFieldError reports whether err carries a field error on field.
func hasFieldError(err error, field string) bool {
	for _, e := range plan.ErrorFields(err) {
		if e.Field == field {
			return true
		}
	}
	return false
}

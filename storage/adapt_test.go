package storage_test

import (
	"context"
	"testing"

	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/storage"
)

func TestAdaptService(t *testing.T) {
	ctx := context.Background()
	setup := func(t *testing.T) (*storage.DB, *storage.AdaptService, *plan.Plan, *plan.Channel) {
		db := MustOpenDB(t)
		p := MustEnsurePlan(t, db, "T1", "C1")
		c := &plan.Channel{PlanID: p.ID, Network: plan.NetworkX, Role: plan.GoalAwareness, Why: "Journalists", Cadence: "daily", CreatedBy: "U1"}
		if err := storage.NewChannelService(db).CreateChannel(ctx, c); err != nil {
			t.Fatal(err)
		}
		return db, storage.NewAdaptService(db), p, c
	}

	t.Run("RecordAndStepFive", func(t *testing.T) {
		db, s, p, x := setup(t)
		cta := MustCreateCTA(t, db, p.ID)
		a := &plan.Adaptation{PlanID: p.ID, CreatedBy: "U1", Decisions: []*plan.Decision{
			{Subject: plan.SubjectNetwork, SubjectID: x.ID, SubjectName: "X", Decision: plan.DecisionTry,
				Rationale: "Questions come there", NewRole: plan.GoalCustomerService, Evidence: "12 replies"},
			{Subject: plan.SubjectCTA, SubjectID: cta.ID, SubjectName: cta.Text, Decision: plan.DecisionKeep, Rationale: "Converts"},
		}}
		if err := s.RecordDecisions(as("U1"), a); err != nil {
			t.Fatal(err)
		}
		if a.ID == 0 || a.Decisions[0].ID == 0 || a.Decisions[0].DecidedBy != "U1" || !a.Decisions[0].DecidedAt.Equal(fixedNow) {
			t.Fatalf("recorded %+v %+v", a, a.Decisions[0])
		}
		got, _ := storage.NewChannelService(db).FindChannelByID(ctx, x.ID)
		if got.Role != plan.GoalCustomerService || got.Cadence != "daily" {
			t.Fatalf("step 5 after the role change: %+v", got)
		}

		// A second page joins the same adaptation.
		more := &plan.Adaptation{ID: a.ID, PlanID: p.ID, CreatedBy: "U1", Decisions: []*plan.Decision{
			{Subject: plan.SubjectNetwork, SubjectID: x.ID, SubjectName: "X", Decision: plan.DecisionStop, Rationale: "Noise", NewCadence: "Stopped"},
		}}
		if err := s.RecordDecisions(as("U1"), more); err != nil {
			t.Fatal(err)
		}
		got, _ = storage.NewChannelService(db).FindChannelByID(ctx, x.ID)
		if got.Cadence != "Stopped" {
			t.Fatalf("step 5 after stop: %+v", got)
		}
		list, total, err := s.FindDecisions(ctx, plan.DecisionFilter{AdaptationID: &a.ID})
		if err != nil || total != 3 || list[0].Decision != plan.DecisionTry || list[2].Decision != plan.DecisionStop {
			t.Fatalf("decisions of the adaptation %+v, %d, %v", list, total, err)
		}
		id := x.ID
		if _, n, _ := s.FindDecisions(ctx, plan.DecisionFilter{PlanID: &p.ID, Subject: plan.SubjectNetwork, SubjectID: &id}); n != 2 {
			t.Errorf("%d decisions on X, want 2", n)
		}
		ads, n, err := s.FindAdaptations(ctx, p.ID, 0, 10)
		if err != nil || n != 1 || len(ads[0].Decisions) != 3 || ads[0].CreatedBy != "U1" {
			t.Fatalf("adaptations %+v, %d, %v", ads, n, err)
		}
	})

	t.Run("AllOrNothing", func(t *testing.T) {
		db, s, p, x := setup(t)
		a := &plan.Adaptation{PlanID: p.ID, CreatedBy: "U1", Decisions: []*plan.Decision{
			{Subject: plan.SubjectNetwork, SubjectID: x.ID, Decision: plan.DecisionStop, Rationale: "Noise", NewCadence: "Stopped"},
			{Subject: plan.SubjectPillar, SubjectID: 999, Decision: plan.DecisionKeep, Rationale: "?"},
		}}
		assertCode(t, s.RecordDecisions(as("U1"), a), plan.ENOTFOUND)
		if a.ID != 0 {
			t.Error("a refused adaptation got an ID")
		}
		got, _ := storage.NewChannelService(db).FindChannelByID(ctx, x.ID)
		if got.Cadence != "daily" {
			t.Fatalf("step 5 changed by a refused review: %+v", got)
		}
		if _, n, _ := s.FindDecisions(ctx, plan.DecisionFilter{PlanID: &p.ID}); n != 0 {
			t.Fatalf("%d decisions stored", n)
		}
		bad := &plan.Adaptation{PlanID: p.ID, Decisions: []*plan.Decision{{Subject: plan.SubjectNetwork, SubjectID: x.ID, Decision: "more"}}}
		assertField(t, s.RecordDecisions(as("U1"), bad), "decision", "decision.kind.invalid")
		other := MustEnsurePlan(t, db, "T1", "C2")
		foreign := &plan.Adaptation{PlanID: other.ID, Decisions: []*plan.Decision{{Subject: plan.SubjectNetwork, SubjectID: x.ID, Decision: plan.DecisionKeep}}}
		assertCode(t, s.RecordDecisions(as("U1"), foreign), plan.ENOTFOUND)
	})

	t.Run("StepFiveIsReservedToOwners", func(t *testing.T) {
		db, s, p, x := setup(t)
		MustSetOwners(t, db, p.ID, "UOWNER")
		change := func() *plan.Adaptation {
			return &plan.Adaptation{PlanID: p.ID, CreatedBy: "U1", Decisions: []*plan.Decision{
				{Subject: plan.SubjectNetwork, SubjectID: x.ID, Decision: plan.DecisionDoLess, Rationale: "Less", NewCadence: "weekly"},
			}}
		}
		assertCode(t, s.RecordDecisions(as("U1"), change()), plan.EFORBIDDEN)
		if err := s.RecordDecisions(as("UOWNER"), change()); err != nil {
			t.Fatal(err)
		}
		// A decision that changes nothing in step 5 is open to the channel.
		keep := &plan.Adaptation{PlanID: p.ID, CreatedBy: "U1", Decisions: []*plan.Decision{
			{Subject: plan.SubjectNetwork, SubjectID: x.ID, Decision: plan.DecisionKeep, Rationale: "Fine"},
		}}
		if err := s.RecordDecisions(as("U1"), keep); err != nil {
			t.Fatal(err)
		}
	})
}

package storage_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/storage"
	"github.com/planbot/planbot/storage/storagetest"
)

func TestAdaptService(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()
		setup := func(t *testing.T) (*storage.DB, *storage.AdaptService, *plan.Plan, *plan.Channel) {
			db := MustOpenDB(t, backend)
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
			if got.Cadence != "Stopped" || got.Status != plan.ChannelStopped || got.StatusNote != "Noise" ||
				got.StatusBy != "U1" || !got.StatusSince.Equal(fixedNow) || got.Role != plan.GoalCustomerService {
				t.Fatalf("step 5 after stop: %+v", got)
			}
			if more.Decisions[0].NewStatus != plan.ChannelStopped || a.Decisions[0].NewStatus != "" || a.Decisions[1].NewStatus != "" {
				t.Errorf("new statuses: stop %q, try %q, keep %q", more.Decisions[0].NewStatus, a.Decisions[0].NewStatus, a.Decisions[1].NewStatus)
			}
			list, total, err := s.FindDecisions(ctx, plan.DecisionFilter{AdaptationID: &a.ID})
			if err != nil || total != 3 || list[0].Decision != plan.DecisionTry || list[2].Decision != plan.DecisionStop ||
				list[2].NewStatus != plan.ChannelStopped || list[0].NewStatus != "" {
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
			if got.Cadence != "daily" || got.Status != plan.ChannelActive {
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
			decide := func(kind plan.DecisionKind) *plan.Adaptation {
				return &plan.Adaptation{PlanID: p.ID, CreatedBy: "U1", Decisions: []*plan.Decision{
					{Subject: plan.SubjectNetwork, SubjectID: x.ID, Decision: kind, Rationale: "Fine"},
				}}
			}
			// Keeping a reduced network makes it active: a change to step 5.
			assertCode(t, s.RecordDecisions(as("U1"), decide(plan.DecisionKeep)), plan.EFORBIDDEN)
			// A decision that changes nothing in step 5 is open to the channel.
			if err := s.RecordDecisions(as("U1"), decide(plan.DecisionTry)); err != nil {
				t.Fatal(err)
			}
			if err := s.RecordDecisions(as("UOWNER"), decide(plan.DecisionKeep)); err != nil {
				t.Fatal(err)
			}
			if err := s.RecordDecisions(as("U1"), decide(plan.DecisionKeep)); err != nil {
				t.Fatalf("keeping an active network: %v", err)
			}
		})

		// Each decision moves the status of its network, in the same
		// transaction; none rewrites the cadence.
		t.Run("StatusFollowsDecisions", func(t *testing.T) {
			db, s, p, x := setup(t)
			channels := storage.NewChannelService(db)
			steps := []struct {
				kind      plan.DecisionKind
				want      plan.ChannelStatus
				newStatus plan.ChannelStatus
			}{
				{plan.DecisionKeep, plan.ChannelActive, ""},
				{plan.DecisionStop, plan.ChannelStopped, plan.ChannelStopped},
				{plan.DecisionStop, plan.ChannelStopped, ""},
				{plan.DecisionTry, plan.ChannelStopped, ""},
				{plan.DecisionKeep, plan.ChannelActive, plan.ChannelActive},
				{plan.DecisionDoLess, plan.ChannelReduced, plan.ChannelReduced},
				{plan.DecisionDoMore, plan.ChannelActive, plan.ChannelActive},
				{plan.DecisionDoMore, plan.ChannelActive, ""},
			}
			for i, step := range steps {
				now := fixedNow.Add(time.Duration(i) * time.Hour)
				db.Now = func() time.Time { return now }
				before, _ := channels.FindChannelByID(ctx, x.ID)
				a := &plan.Adaptation{PlanID: p.ID, CreatedBy: "U1", Decisions: []*plan.Decision{
					{Subject: plan.SubjectNetwork, SubjectID: x.ID, SubjectName: "X", Decision: step.kind, Rationale: "Step " + strconv.Itoa(i)},
				}}
				if err := s.RecordDecisions(as("U1"), a); err != nil {
					t.Fatalf("step %d (%s): %v", i, step.kind, err)
				}
				d := a.Decisions[0]
				got, _ := channels.FindChannelByID(ctx, x.ID)
				if got.Status != step.want || got.Cadence != "daily" || d.NewStatus != step.newStatus {
					t.Fatalf("step %d (%s): status %q, cadence %q, decision's new status %q; want %q, daily, %q",
						i, step.kind, got.Status, got.Cadence, d.NewStatus, step.want, step.newStatus)
				}
				if step.newStatus == "" {
					if !got.StatusSince.Equal(before.StatusSince) || got.StatusNote != before.StatusNote {
						t.Errorf("step %d (%s) left the status but restamped it: %+v", i, step.kind, got)
					}
				} else if !got.StatusSince.Equal(now) || got.StatusNote != d.Rationale || got.StatusBy != "U1" {
					t.Errorf("step %d (%s): since %v, note %q, by %q", i, step.kind, got.StatusSince, got.StatusNote, got.StatusBy)
				}
			}
			// A cadence typed with the decision still replaces the old one.
			d := &plan.Decision{Subject: plan.SubjectNetwork, SubjectID: x.ID, Decision: plan.DecisionDoLess, Rationale: "Less", NewCadence: "weekly"}
			if err := s.RecordDecisions(as("U1"), &plan.Adaptation{PlanID: p.ID, Decisions: []*plan.Decision{d}}); err != nil {
				t.Fatal(err)
			}
			if got, _ := channels.FindChannelByID(ctx, x.ID); got.Cadence != "weekly" || got.Status != plan.ChannelReduced {
				t.Fatalf("after do less with a cadence: %+v", got)
			}
		})
	})
}

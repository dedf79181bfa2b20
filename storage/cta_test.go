package storage_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/storage"
	"github.com/planbot/planbot/storage/storagetest"
)

// MustCreateCTA creates a call to action, with a new goal, in plan planID.
func MustCreateCTA(tb testing.TB, db *storage.DB, planID int64) *plan.CTA {
	tb.Helper()
	g := MustCreateGoal(tb, db, planID)
	c := &plan.CTA{PlanID: planID, Kind: plan.CTAEmailSignup, Text: "Get the recipe", URL: "https://acme.example/s", GoalID: g.ID, Network: plan.NetworkInstagram}
	if err := storage.NewCTAService(db).CreateCTA(context.Background(), c); err != nil {
		tb.Fatal(err)
	}
	return c
}

func TestCTAService(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()

		t.Run("CreateUpdateDelete", func(t *testing.T) {
			db := MustOpenDB(t, backend)
			s := storage.NewCTAService(db)
			p := MustEnsurePlan(t, db, "T1", "C1")
			g := MustCreateGoal(t, db, p.ID)

			c := &plan.CTA{PlanID: p.ID, Kind: plan.CTACall, Text: " Call us ", URL: "tel:+33123456789", GoalID: g.ID, Network: plan.NetworkFacebook, CreatedBy: "U1"}
			if err := s.CreateCTA(ctx, c); err != nil {
				t.Fatal(err)
			}
			got, err := s.FindCTAByID(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, c) || got.Text != "Call us" {
				t.Fatalf("stored %+v\nwant   %+v", got, c)
			}
			url := "https://acme.example/call"
			if _, err := s.UpdateCTA(ctx, c.ID, plan.CTAUpdate{URL: &url}); err != nil {
				t.Fatal(err)
			}
			list, total, err := s.FindCTAs(ctx, plan.CTAFilter{GoalID: &g.ID})
			if err != nil || total != 1 || list[0].URL != url {
				t.Fatalf("by goal: %+v %d %v", list, total, err)
			}
			if err := s.DeleteCTA(ctx, c.ID); err != nil {
				t.Fatal(err)
			}
			assertCode(t, s.DeleteCTA(ctx, c.ID), plan.ENOTFOUND)
		})

		t.Run("GoalDeletedLeavesCTA", func(t *testing.T) {
			db := MustOpenDB(t, backend)
			s := storage.NewCTAService(db)
			p := MustEnsurePlan(t, db, "T1", "C1")
			c := MustCreateCTA(t, db, p.ID)
			if err := storage.NewGoalService(db).DeleteGoal(ctx, c.GoalID); err != nil {
				t.Fatal(err)
			}
			got, err := s.FindCTAByID(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.GoalID != 0 {
				t.Fatalf("goal ID %d after the goal was deleted", got.GoalID)
			}
			// Editing it asks for a goal again.
			text := "New text"
			_, err = s.UpdateCTA(ctx, c.ID, plan.CTAUpdate{Text: &text})
			assertFields(t, err, "goal")
		})

		for _, tt := range []struct {
			name   string
			edit   func(c *plan.CTA, foreignGoal int64)
			fields []string
		}{
			{"ErrGoalOfOtherPlan", func(c *plan.CTA, foreign int64) { c.GoalID = foreign }, []string{"goal"}},
			{"ErrMany", func(c *plan.CTA, _ int64) { c.Kind, c.URL, c.GoalID = "", "nope", 0 }, []string{"kind", "url", "goal"}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				db := MustOpenDB(t, backend)
				s := storage.NewCTAService(db)
				p := MustEnsurePlan(t, db, "T1", "C1")
				other := MustEnsurePlan(t, db, "T1", "C2")
				foreign := MustCreateGoal(t, db, other.ID)
				c := &plan.CTA{PlanID: p.ID, Kind: plan.CTAOther, Text: "x", URL: "https://a.example", GoalID: 1, Network: plan.NetworkX}
				tt.edit(c, foreign.ID)
				err := s.CreateCTA(ctx, c)
				assertFields(t, err, tt.fields...)
				if _, total, _ := s.FindCTAs(ctx, plan.CTAFilter{}); total != 0 {
					t.Fatalf("%d stored after a failure", total)
				}
			})
		}

		t.Run("OwnersOnly", func(t *testing.T) {
			db := MustOpenDB(t, backend)
			s := storage.NewCTAService(db)
			p := MustEnsurePlan(t, db, "T1", "C1")
			c := MustCreateCTA(t, db, p.ID)
			MustSetOwners(t, db, p.ID, "UOWNER")
			fresh := *c
			fresh.ID = 0
			assertCode(t, s.CreateCTA(as("UOTHER"), &fresh), plan.EFORBIDDEN)
			text := "x"
			_, err := s.UpdateCTA(as("UOTHER"), c.ID, plan.CTAUpdate{Text: &text})
			assertCode(t, err, plan.EFORBIDDEN)
			assertCode(t, s.DeleteCTA(as("UOTHER"), c.ID), plan.EFORBIDDEN)
			if _, err := s.UpdateCTA(as("UOWNER"), c.ID, plan.CTAUpdate{Text: &text}); err != nil {
				t.Fatalf("owner refused: %v", err)
			}
		})
	})
}

package storage_test

import (
	"context"
	"reflect"
	"strconv"
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

		// Links that stay put (issue 11): the UTM values are frozen when
		// the call to action is created, and neither a rename of the plan
		// or of the goal nor an edit of the call to action changes them;
		// only an edit of the values themselves does.
		t.Run("LinkFrozenAtCreation", func(t *testing.T) {
			db := MustOpenDB(t, backend)
			s := storage.NewCTAService(db)
			p := MustEnsurePlan(t, db, "T1", "C1")
			c := MustCreateCTA(t, db, p.ID)
			// "Bakery" and "Grow the newsletter from Instagram", as slugs.
			want := plan.UTM{Source: "instagram", Medium: "social", Campaign: "bakery-grow-the-newsletter-from-instagram",
				Content: "cta-" + strconv.FormatInt(c.ID, 10), FrozenAt: fixedNow}
			if c.UTM != want {
				t.Fatalf("created with %+v, want %+v", c.UTM, want)
			}
			if got, err := s.FindCTAByID(ctx, c.ID); err != nil || got.UTM != want {
				t.Fatalf("stored %+v, %v; want %+v", got.UTM, err, want)
			}

			name, title, text, network := "Boulangerie Léa", "Another goal", "Come in", plan.NetworkNewsletter
			if _, err := storage.NewPlanService(db).UpdatePlanSettings(ctx, p.ID, plan.PlanUpdate{Name: &name}); err != nil {
				t.Fatal(err)
			}
			if _, err := storage.NewGoalService(db).UpdateGoal(ctx, c.GoalID, plan.GoalUpdate{Title: &title}); err != nil {
				t.Fatal(err)
			}
			got, err := s.UpdateCTA(ctx, c.ID, plan.CTAUpdate{Text: &text, Network: &network})
			if err != nil || got.UTM != want {
				t.Fatalf("after renames and an edit: %+v, %v; want %+v", got.UTM, err, want)
			}
			if n, err := s.FreezeLinks(ctx, p.ID); err != nil || n != 0 {
				t.Errorf("FreezeLinks froze %d, %v; want 0: the link is frozen", n, err)
			}

			// Edited on purpose: the new values, first frozen time kept.
			edited := plan.UTM{Source: "newsletter", Medium: "email", Campaign: "spring", Content: "footer"}
			got, err = s.UpdateCTA(ctx, c.ID, plan.CTAUpdate{UTM: &edited})
			edited.FrozenAt = fixedNow
			if err != nil || got.UTM != edited {
				t.Fatalf("edited: %+v, %v; want %+v", got.UTM, err, edited)
			}
			if stored, _ := s.FindCTAByID(ctx, c.ID); stored.UTM != edited {
				t.Errorf("stored after the edit: %+v", stored.UTM)
			}
			bad := plan.UTM{Source: "", Medium: "email", Campaign: "x\u200by"}
			_, err = s.UpdateCTA(ctx, c.ID, plan.CTAUpdate{UTM: &bad})
			assertFields(t, err, "utm_source", "utm_campaign")
		})

		// A call to action stored before its link could be frozen is
		// frozen the first time its link is shown, from the names then, or
		// before an edit changes its goal.
		t.Run("LegacyLinkFrozenAtFirstShow", func(t *testing.T) {
			db := MustOpenDB(t, backend)
			s := storage.NewCTAService(db)
			p := MustEnsurePlan(t, db, "T1", "C1")
			a, b := MustCreateCTA(t, db, p.ID), MustCreateCTA(t, db, p.ID)
			other := MustEnsurePlan(t, db, "T1", "C2")
			elsewhere := MustCreateCTA(t, db, other.ID)
			for _, c := range []*plan.CTA{a, b, elsewhere} {
				if err := storage.ClearCTALink(ctx, db, c.ID); err != nil {
					t.Fatal(err)
				}
			}
			if got, _ := s.FindCTAByID(ctx, a.ID); got.UTM.Frozen() {
				t.Fatalf("cleared link still frozen: %+v", got.UTM)
			}

			n, err := s.FreezeLinks(ctx, p.ID)
			if err != nil || n != 2 {
				t.Fatalf("FreezeLinks froze %d, %v; want 2", n, err)
			}
			got, _ := s.FindCTAByID(ctx, a.ID)
			if got.UTM != a.UTM {
				t.Errorf("frozen at first show: %+v, want %+v", got.UTM, a.UTM)
			}
			if got, _ := s.FindCTAByID(ctx, elsewhere.ID); got.UTM.Frozen() {
				t.Errorf("another plan's link was frozen: %+v", got.UTM)
			}
			if n, err := s.FreezeLinks(ctx, p.ID); err != nil || n != 0 {
				t.Errorf("second FreezeLinks froze %d, %v", n, err)
			}
			_, err = s.FreezeLinks(ctx, 999_999)
			assertCode(t, err, plan.ENOTFOUND)

			// An edit that moves a legacy call to action to another goal
			// freezes the link it had first.
			newGoal := MustCreateGoal(t, db, p.ID)
			title := "Sell bread"
			if _, err := storage.NewGoalService(db).UpdateGoal(ctx, newGoal.ID, plan.GoalUpdate{Title: &title}); err != nil {
				t.Fatal(err)
			}
			if err := storage.ClearCTALink(ctx, db, b.ID); err != nil {
				t.Fatal(err)
			}
			moved, err := s.UpdateCTA(ctx, b.ID, plan.CTAUpdate{GoalID: &newGoal.ID})
			if err != nil || moved.UTM.Campaign != "bakery-grow-the-newsletter-from-instagram" || moved.GoalID != newGoal.ID {
				t.Errorf("moved: %+v, %v; want the campaign of its first goal", moved, err)
			}
		})

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

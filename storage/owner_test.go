package storage_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/storage"
	"github.com/planbot/planbot/storage/storagetest"
)

// as returns a context acting as user.
func as(user string) context.Context {
	return plan.NewContextWithUser(context.Background(), user)
}

// MustSetOwners makes owners the owners of plan id, acting as the first
// one, or fails the test.
func MustSetOwners(tb testing.TB, db *storage.DB, id int64, owners ...string) *plan.Plan {
	tb.Helper()
	p, err := storage.NewPlanService(db).UpdatePlanSettings(as(owners[0]), id, plan.PlanUpdate{Owners: &owners})
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

func TestPlanService_UpdatePlanSettings(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		t.Run("OK", func(t *testing.T) {
			db := MustOpenDB(t, backend)
			s := storage.NewPlanService(db)
			p := MustEnsurePlan(t, db, "T1", "C1")

			name, tz, lang, target := " Acme ", "America/New_York", "en", 30*time.Minute
			owners := []string{"U2", "U1", "U2"}
			got, err := s.UpdatePlanSettings(as("U9"), p.ID, plan.PlanUpdate{
				Name: &name, TimeZone: &tz, Language: &lang, ReplyTarget: &target, Owners: &owners,
			})
			if err != nil {
				t.Fatal(err)
			}
			want := plan.Plan{
				ID: p.ID, TeamID: "T1", ChannelID: "C1", Name: "Acme", TimeZone: tz, Language: "en",
				ReplyTarget: target, Owners: []string{"U2", "U1"}, CreatedAt: fixedNow, UpdatedAt: fixedNow,
			}
			if !reflect.DeepEqual(*got, want) {
				t.Fatalf("returned %+v\nwant     %+v", *got, want)
			}
			stored, err := s.FindPlanByID(context.Background(), p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(*stored, want) {
				t.Fatalf("stored %+v\nwant   %+v", *stored, want)
			}
			// The owners are listed with every plan, too.
			plans, err := s.ListPlans(context.Background(), "T1")
			if err != nil {
				t.Fatal(err)
			}
			if len(plans) != 1 || !reflect.DeepEqual(plans[0].Owners, want.Owners) {
				t.Fatalf("ListPlans owners %+v", plans)
			}
		})

		t.Run("ErrForbiddenForNonOwner", func(t *testing.T) {
			db := MustOpenDB(t, backend)
			s := storage.NewPlanService(db)
			p := MustEnsurePlan(t, db, "T1", "C1")
			MustSetOwners(t, db, p.ID, "UOWNER")

			name, none := "Hijacked", []string{}
			_, err := s.UpdatePlanSettings(as("UOTHER"), p.ID, plan.PlanUpdate{Name: &name, Owners: &none})
			assertCode(t, err, plan.EFORBIDDEN)
			_, err = s.UpdatePlanSettings(context.Background(), p.ID, plan.PlanUpdate{Name: &name})
			assertCode(t, err, plan.EFORBIDDEN)

			got, err := s.FindPlanByID(context.Background(), p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Name != "Bakery" || !reflect.DeepEqual(got.Owners, []string{"UOWNER"}) {
				t.Fatalf("refused change was stored: %+v", got)
			}

			// The owner may hand the plan back to the channel.
			got, err = s.UpdatePlanSettings(as("UOWNER"), p.ID, plan.PlanUpdate{Owners: &none})
			if err != nil {
				t.Fatal(err)
			}
			if got.Owners != nil {
				t.Fatalf("owners %q, want none", got.Owners)
			}
		})

		t.Run("ErrInvalid", func(t *testing.T) {
			db := MustOpenDB(t, backend)
			s := storage.NewPlanService(db)
			p := MustEnsurePlan(t, db, "T1", "C1")

			tz, lang := "Mars/Olympus", "de"
			var owners []string
			for i := range plan.MaxOwners + 1 {
				owners = append(owners, "U"+string(rune('A'+i)))
			}
			_, err := s.UpdatePlanSettings(as("U1"), p.ID, plan.PlanUpdate{TimeZone: &tz, Language: &lang, Owners: &owners})
			assertFields(t, err, "time_zone", "language", "owners")
			got, err := s.FindPlanByID(context.Background(), p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.TimeZone != "Europe/Paris" || got.Owners != nil {
				t.Fatalf("invalid settings stored: %+v", got)
			}
		})

		t.Run("ErrNotFound", func(t *testing.T) {
			db := MustOpenDB(t, backend)
			_, err := storage.NewPlanService(db).UpdatePlanSettings(as("U1"), 404, plan.PlanUpdate{})
			assertCode(t, err, plan.ENOTFOUND)
		})

		// UpdatePlan is the bot's bookkeeping: it must not touch the owners.
		t.Run("UpdatePlanKeepsOwners", func(t *testing.T) {
			db := MustOpenDB(t, backend)
			s := storage.NewPlanService(db)
			p := MustEnsurePlan(t, db, "T1", "C1")
			p = MustSetOwners(t, db, p.ID, "UOWNER")

			upd := *p
			upd.Owners, upd.Name = nil, "Renamed"
			if err := s.UpdatePlan(context.Background(), &upd); err != nil {
				t.Fatal(err)
			}
			if upd.Name != "Renamed" || !reflect.DeepEqual(upd.Owners, []string{"UOWNER"}) {
				t.Fatalf("after UpdatePlan: %+v", upd)
			}
		})
	})
}

func TestPlanService_ListPlansOfUser(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()
		db := MustOpenDB(t, backend)
		s := storage.NewPlanService(db)
		owned := MustEnsurePlan(t, db, "T1", "C1")
		MustSetOwners(t, db, owned.ID, "UANA")
		withGoal := MustEnsurePlan(t, db, "T1", "C2")
		MustCreateGoal(t, db, withGoal.ID) // owner U1, created by U2
		withItem := MustEnsurePlan(t, db, "T1", "C3")
		MustCreateItem(t, db, withItem.ID, func(c *plan.ContentItem) { c.ReviewerID, c.OwnerID = "UREV", "UITEM" })
		MustEnsurePlan(t, db, "T1", "C4")
		other := MustEnsurePlan(t, db, "T2", "C1")
		MustSetOwners(t, db, other.ID, "UANA")

		tests := []struct {
			name, team, user string
			want             []int64
		}{
			{name: "Owner", team: "T1", user: "UANA", want: []int64{owned.ID}},
			{name: "GoalOwner", team: "T1", user: "U1", want: []int64{withGoal.ID}},
			{name: "GoalAuthorAndItemAuthor", team: "T1", user: "U2", want: []int64{withGoal.ID, withItem.ID}},
			{name: "Reviewer", team: "T1", user: "UREV", want: []int64{withItem.ID}},
			{name: "Nobody", team: "T1", user: "UNEW"},
			{name: "OtherTeam", team: "T2", user: "UANA", want: []int64{other.ID}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				plans, err := s.ListPlansOfUser(ctx, tt.team, tt.user)
				if err != nil {
					t.Fatal(err)
				}
				var got []int64
				for _, p := range plans {
					got = append(got, p.ID)
				}
				if !reflect.DeepEqual(got, tt.want) {
					t.Fatalf("plans %v, want %v", got, tt.want)
				}
			})
		}
	})
}

package storage_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/storage"
)

func TestChannelService(t *testing.T) {
	ctx := context.Background()
	newChannel := func(planID int64, n plan.Network, personas ...int64) *plan.Channel {
		return &plan.Channel{PlanID: planID, Network: n, Role: plan.GoalAwareness, Why: "They are there", PersonaIDs: personas, Cadence: "3 a week", CreatedBy: "U1"}
	}

	t.Run("CreateFindUpdateDelete", func(t *testing.T) {
		db := MustOpenDB(t)
		s := storage.NewChannelService(db)
		p := MustEnsurePlan(t, db, "T1", "C1")
		sophie := MustCreatePersona(t, db, p.ID, "Sophie")

		blog := newChannel(p.ID, plan.NetworkBlog)
		insta := newChannel(p.ID, plan.NetworkInstagram, sophie.ID)
		for _, c := range []*plan.Channel{blog, insta} {
			if err := s.CreateChannel(ctx, c); err != nil {
				t.Fatal(err)
			}
		}
		list, total, err := s.FindChannels(ctx, plan.ChannelFilter{PlanID: &p.ID})
		if err != nil {
			t.Fatal(err)
		}
		if total != 2 || !reflect.DeepEqual(list, []*plan.Channel{insta, blog}) {
			t.Fatalf("channels %+v, want instagram then blog", list)
		}

		role := plan.GoalCustomerService
		none := []int64{}
		got, err := s.UpdateChannel(ctx, insta.ID, plan.ChannelUpdate{Role: &role, PersonaIDs: &none})
		if err != nil {
			t.Fatal(err)
		}
		if got.Role != role || got.PersonaIDs != nil {
			t.Fatalf("updated %+v", got)
		}
		if err := s.DeleteChannel(ctx, insta.ID); err != nil {
			t.Fatal(err)
		}
		_, err = s.FindChannelByID(ctx, insta.ID)
		assertCode(t, err, plan.ENOTFOUND)
	})

	t.Run("EachNetworkOnceButOther", func(t *testing.T) {
		db := MustOpenDB(t)
		s := storage.NewChannelService(db)
		p := MustEnsurePlan(t, db, "T1", "C1")
		other := MustEnsurePlan(t, db, "T1", "C2")
		if err := s.CreateChannel(ctx, newChannel(p.ID, plan.NetworkX)); err != nil {
			t.Fatal(err)
		}
		assertFields(t, s.CreateChannel(ctx, newChannel(p.ID, plan.NetworkX)), "network")
		if err := s.CreateChannel(ctx, newChannel(other.ID, plan.NetworkX)); err != nil {
			t.Fatalf("another plan may choose x: %v", err)
		}
		for range 2 {
			if err := s.CreateChannel(ctx, newChannel(p.ID, plan.NetworkOther)); err != nil {
				t.Fatalf("other twice: %v", err)
			}
		}
		// Updating a network to itself is not a duplicate.
		c := newChannel(p.ID, plan.NetworkLinkedIn)
		if err := s.CreateChannel(ctx, c); err != nil {
			t.Fatal(err)
		}
		if _, err := s.UpdateChannel(ctx, c.ID, plan.ChannelUpdate{Network: &c.Network}); err != nil {
			t.Fatal(err)
		}
		x := plan.NetworkX
		_, err := s.UpdateChannel(ctx, c.ID, plan.ChannelUpdate{Network: &x})
		assertFields(t, err, "network")
	})

	t.Run("ErrInvalid", func(t *testing.T) {
		db := MustOpenDB(t)
		s := storage.NewChannelService(db)
		p := MustEnsurePlan(t, db, "T1", "C1")
		other := MustEnsurePlan(t, db, "T1", "C2")
		foreign := MustCreatePersona(t, db, other.ID, "Foreign")
		c := newChannel(p.ID, plan.NetworkX, foreign.ID)
		c.Why, c.Role = "", "fame"
		assertFields(t, s.CreateChannel(ctx, c), "role", "why", "personas")
		if _, total, _ := s.FindChannels(ctx, plan.ChannelFilter{}); total != 0 {
			t.Fatalf("%d stored after a failure", total)
		}
	})

	t.Run("OwnersOnly", func(t *testing.T) {
		db := MustOpenDB(t)
		s := storage.NewChannelService(db)
		p := MustEnsurePlan(t, db, "T1", "C1")
		c := newChannel(p.ID, plan.NetworkX)
		if err := s.CreateChannel(ctx, c); err != nil {
			t.Fatal(err)
		}
		MustSetOwners(t, db, p.ID, "UOWNER")
		assertCode(t, s.CreateChannel(as("UOTHER"), newChannel(p.ID, plan.NetworkBlog)), plan.EFORBIDDEN)
		why := "x"
		_, err := s.UpdateChannel(as("UOTHER"), c.ID, plan.ChannelUpdate{Why: &why})
		assertCode(t, err, plan.EFORBIDDEN)
		assertCode(t, s.DeleteChannel(as("UOTHER"), c.ID), plan.EFORBIDDEN)
		if err := s.CreateChannel(as("UOWNER"), newChannel(p.ID, plan.NetworkBlog)); err != nil {
			t.Fatalf("owner refused: %v", err)
		}
	})
}

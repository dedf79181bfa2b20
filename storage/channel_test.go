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

func TestChannelService(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()
		newChannel := func(planID int64, n plan.Network, personas ...int64) *plan.Channel {
			return &plan.Channel{PlanID: planID, Network: n, Role: plan.GoalAwareness, Why: "They are there", PersonaIDs: personas, Cadence: "3 a week", CreatedBy: "U1"}
		}

		t.Run("CreateFindUpdateDelete", func(t *testing.T) {
			db := MustOpenDB(t, backend)
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
			db := MustOpenDB(t, backend)
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

		// The status, with when, by whom and why it was set, survives a round
		// trip; storage stamps when and by whom only when the status changes.
		t.Run("Status", func(t *testing.T) {
			db := MustOpenDB(t, backend)
			s := storage.NewChannelService(db)
			p := MustEnsurePlan(t, db, "T1", "C1")
			find := func(id int64) *plan.Channel {
				t.Helper()
				c, err := s.FindChannelByID(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				return c
			}

			insta := newChannel(p.ID, plan.NetworkInstagram)
			if err := s.CreateChannel(as("U1"), insta); err != nil {
				t.Fatal(err)
			}
			if got := find(insta.ID); got.Status != plan.ChannelActive || !got.StatusSince.IsZero() || got.StatusBy != "" || got.StatusNote != "" {
				t.Fatalf("a new network: %+v, want active and never changed", got)
			}
			x := newChannel(p.ID, plan.NetworkX)
			x.Status = plan.ChannelStopped
			if err := s.CreateChannel(as("U1"), x); err != nil {
				t.Fatal(err)
			}
			if got := find(x.ID); !reflect.DeepEqual(got, x) || got.Status != plan.ChannelStopped || !got.StatusSince.Equal(fixedNow) || got.StatusBy != "U1" {
				t.Fatalf("a network created stopped: %+v, want %+v", got, x)
			}

			later := fixedNow.Add(48 * time.Hour)
			db.Now = func() time.Time { return later }
			reduced, note := plan.ChannelReduced, "Fewer posts, same reach"
			got, err := s.UpdateChannel(as("U2"), insta.ID, plan.ChannelUpdate{Status: &reduced, StatusNote: &note})
			if err != nil {
				t.Fatal(err)
			}
			if stored := find(insta.ID); !reflect.DeepEqual(stored, got) || stored.Status != reduced || stored.StatusNote != note ||
				!stored.StatusSince.Equal(later) || stored.StatusBy != "U2" {
				t.Fatalf("after reducing: stored %+v, returned %+v", stored, got)
			}

			// Other changes, or the same status again, keep when and by whom.
			db.Now = func() time.Time { return later.Add(time.Hour) }
			why := "Still there"
			if _, err := s.UpdateChannel(as("U3"), insta.ID, plan.ChannelUpdate{Why: &why, Status: &reduced}); err != nil {
				t.Fatal(err)
			}
			if stored := find(insta.ID); stored.Why != why || !stored.StatusSince.Equal(later) || stored.StatusBy != "U2" || stored.StatusNote != note {
				t.Fatalf("after an edit: %+v", stored)
			}

			// Active again: stamped, and the note of the reduction is gone.
			active := plan.ChannelActive
			if _, err := s.UpdateChannel(as("U3"), insta.ID, plan.ChannelUpdate{Status: &active}); err != nil {
				t.Fatal(err)
			}
			if stored := find(insta.ID); stored.Status != active || stored.StatusNote != "" || !stored.StatusSince.Equal(later.Add(time.Hour)) || stored.StatusBy != "U3" {
				t.Fatalf("after making it active: %+v", stored)
			}

			paused := plan.ChannelStatus("paused")
			_, err = s.UpdateChannel(as("U3"), insta.ID, plan.ChannelUpdate{Status: &paused})
			assertField(t, err, "status", "channel.status.invalid")
			if stored := find(insta.ID); stored.Status != active {
				t.Fatalf("an invalid status was stored: %+v", stored)
			}
		})

		t.Run("ErrInvalid", func(t *testing.T) {
			db := MustOpenDB(t, backend)
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
			db := MustOpenDB(t, backend)
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
	})
}

// TestChannelService_PostCadence: the structured cadence the calendar
// checks (issue 17) is stored and read back, by the service and the
// snapshot; a channel without one keeps the zero cadence.
func TestChannelService_PostCadence(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()
		db := MustOpenDB(t, backend)
		s := storage.NewChannelService(db)
		p := MustEnsurePlan(t, db, "T1", "C1")
		want := plan.Cadence{Min: 2, Max: 3, Per: plan.CadenceWeek}
		c := &plan.Channel{PlanID: p.ID, Network: plan.NetworkInstagram, Role: plan.GoalAwareness, Why: "Reach", Cadence: "2 to 3 posts a week", PostCadence: want, CreatedBy: "U1"}
		if err := s.CreateChannel(ctx, c); err != nil {
			t.Fatal(err)
		}
		plain := &plan.Channel{PlanID: p.ID, Network: plan.NetworkX, Role: plan.GoalAwareness, Why: "Press", CreatedBy: "U1"}
		if err := s.CreateChannel(ctx, plain); err != nil {
			t.Fatal(err)
		}
		got, _, err := s.FindChannels(ctx, plan.ChannelFilter{PlanID: &p.ID})
		if err != nil || len(got) != 2 {
			t.Fatalf("channels %v, %v", got, err)
		}
		if got[0].PostCadence != want || !got[1].PostCadence.IsZero() {
			t.Fatalf("cadences %+v and %+v, want %+v and none", got[0].PostCadence, got[1].PostCadence, want)
		}
		monthly := plan.Cadence{Min: 4, Max: 4, Per: plan.CadenceMonth}
		if _, err := s.UpdateChannel(ctx, c.ID, plan.ChannelUpdate{PostCadence: &monthly}); err != nil {
			t.Fatal(err)
		}
		snap, err := storage.NewSnapshotService(db).PlanSnapshot(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if snap.Channels[0].PostCadence != monthly {
			t.Fatalf("snapshot cadence %+v, want %+v", snap.Channels[0].PostCadence, monthly)
		}
	})
}

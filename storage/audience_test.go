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

// MustCreatePersona creates a persona named name in plan planID or fails.
func MustCreatePersona(tb testing.TB, db *storage.DB, planID int64, name string) *plan.Persona {
	tb.Helper()
	p := &plan.Persona{PlanID: planID, Name: name, Who: "Busy parent", Networks: []plan.Network{plan.NetworkInstagram}, CreatedBy: "U2"}
	if err := storage.NewPersonaService(db).CreatePersona(context.Background(), p); err != nil {
		tb.Fatal(err)
	}
	return p
}

func TestPersonaService(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()

		t.Run("CreateFindUpdateDelete", func(t *testing.T) {
			db := MustOpenDB(t, backend)
			s := storage.NewPersonaService(db)
			p := MustEnsurePlan(t, db, "T1", "C1")

			persona := &plan.Persona{
				PlanID: p.ID, Name: " Sophie ", Who: "Busy parent <!here>", Interests: "recipes", Excites: "new flavours",
				Networks: []plan.Network{plan.NetworkTikTok, plan.NetworkInstagram, plan.NetworkTikTok}, Notes: "n", CreatedBy: "U1",
			}
			if err := s.CreatePersona(ctx, persona); err != nil {
				t.Fatal(err)
			}
			if persona.ID == 0 || persona.Name != "Sophie" || !reflect.DeepEqual(persona.Networks, []plan.Network{plan.NetworkInstagram, plan.NetworkTikTok}) {
				t.Fatalf("created %+v", persona)
			}
			got, err := s.FindPersonaByID(ctx, persona.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, persona) {
				t.Fatalf("stored %+v\nwant   %+v", got, persona)
			}

			later := fixedNow.Add(time.Hour)
			db.Now = func() time.Time { return later }
			none, who := []plan.Network{}, "Parent of two"
			upd, err := s.UpdatePersona(ctx, persona.ID, plan.PersonaUpdate{Who: &who, Networks: &none})
			if err != nil {
				t.Fatal(err)
			}
			if upd.Who != who || upd.Networks != nil || upd.Name != "Sophie" || !upd.UpdatedAt.Equal(later) {
				t.Fatalf("updated %+v", upd)
			}

			if err := s.DeletePersona(ctx, persona.ID); err != nil {
				t.Fatal(err)
			}
			_, err = s.FindPersonaByID(ctx, persona.ID)
			assertCode(t, err, plan.ENOTFOUND)
			assertCode(t, s.DeletePersona(ctx, persona.ID), plan.ENOTFOUND)
		})

		t.Run("FindPage", func(t *testing.T) {
			db := MustOpenDB(t, backend)
			s := storage.NewPersonaService(db)
			p := MustEnsurePlan(t, db, "T1", "C1")
			other := MustEnsurePlan(t, db, "T1", "C2")
			MustCreatePersona(t, db, p.ID, "A")
			b := MustCreatePersona(t, db, p.ID, "B")
			MustCreatePersona(t, db, p.ID, "C")
			MustCreatePersona(t, db, other.ID, "A")
			got, total, err := s.FindPersonas(ctx, plan.PersonaFilter{PlanID: &p.ID, Offset: 1, Limit: 1})
			if err != nil {
				t.Fatal(err)
			}
			if total != 3 || len(got) != 1 || got[0].ID != b.ID {
				t.Fatalf("page %+v total %d", got, total)
			}
		})

		for _, tt := range []struct {
			name   string
			edit   func(p *plan.Persona)
			fields []string
		}{
			{"ErrNameRequired", func(p *plan.Persona) { p.Name = "" }, []string{"name"}},
			{"ErrNameTakenAnyCase", func(p *plan.Persona) { p.Name = "SOPHIE" }, []string{"name"}},
			{"ErrWhoAndNetwork", func(p *plan.Persona) { p.Who, p.Networks = "", []plan.Network{"myspace"} }, []string{"who", "networks"}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				db := MustOpenDB(t, backend)
				s := storage.NewPersonaService(db)
				p := MustEnsurePlan(t, db, "T1", "C1")
				MustCreatePersona(t, db, p.ID, "Sophie")
				persona := &plan.Persona{PlanID: p.ID, Name: "Marc", Who: "Runner"}
				tt.edit(persona)
				err := s.CreatePersona(ctx, persona)
				assertCode(t, err, plan.EINVALID)
				assertFields(t, err, tt.fields...)
				if _, total, _ := s.FindPersonas(ctx, plan.PersonaFilter{}); total != 1 || persona.ID != 0 {
					t.Fatalf("%d personas stored, ID %d", total, persona.ID)
				}
			})
		}

		t.Run("UpdateKeepsOwnName", func(t *testing.T) {
			db := MustOpenDB(t, backend)
			s := storage.NewPersonaService(db)
			p := MustEnsurePlan(t, db, "T1", "C1")
			persona := MustCreatePersona(t, db, p.ID, "Sophie")
			name := "sophie"
			if _, err := s.UpdatePersona(ctx, persona.ID, plan.PersonaUpdate{Name: &name}); err != nil {
				t.Fatalf("renaming a persona in another case: %v", err)
			}
		})

		t.Run("OwnersOnly", func(t *testing.T) {
			db := MustOpenDB(t, backend)
			s := storage.NewPersonaService(db)
			p := MustEnsurePlan(t, db, "T1", "C1")
			persona := MustCreatePersona(t, db, p.ID, "Sophie")
			MustSetOwners(t, db, p.ID, "UOWNER")

			assertCode(t, s.CreatePersona(as("UOTHER"), &plan.Persona{PlanID: p.ID, Name: "Marc", Who: "x"}), plan.EFORBIDDEN)
			name := "Hacked"
			_, err := s.UpdatePersona(as("UOTHER"), persona.ID, plan.PersonaUpdate{Name: &name})
			assertCode(t, err, plan.EFORBIDDEN)
			assertCode(t, s.DeletePersona(as("UOTHER"), persona.ID), plan.EFORBIDDEN)
			got, err := s.FindPersonaByID(ctx, persona.ID)
			if err != nil || got.Name != "Sophie" {
				t.Fatalf("refused change stored: %+v, %v", got, err)
			}

			if err := s.CreatePersona(as("UOWNER"), &plan.Persona{PlanID: p.ID, Name: "Marc", Who: "x"}); err != nil {
				t.Fatalf("owner refused: %v", err)
			}
		})

		t.Run("DeleteUnlinks", func(t *testing.T) {
			db := MustOpenDB(t, backend)
			s := storage.NewPersonaService(db)
			p := MustEnsurePlan(t, db, "T1", "C1")
			sophie := MustCreatePersona(t, db, p.ID, "Sophie")
			marc := MustCreatePersona(t, db, p.ID, "Marc")
			pillar := &plan.Pillar{PlanID: p.ID, Name: "Recipes", PersonaIDs: []int64{sophie.ID, marc.ID}}
			if err := storage.NewStrategyService(db).CreatePillar(ctx, pillar); err != nil {
				t.Fatal(err)
			}
			ch := &plan.Channel{PlanID: p.ID, Network: plan.NetworkInstagram, Role: plan.GoalAwareness, Why: "x", PersonaIDs: []int64{sophie.ID}}
			if err := storage.NewChannelService(db).CreateChannel(ctx, ch); err != nil {
				t.Fatal(err)
			}
			item := MustCreateItem(t, db, p.ID, func(c *plan.ContentItem) { c.PersonaID = sophie.ID })

			if err := s.DeletePersona(ctx, sophie.ID); err != nil {
				t.Fatal(err)
			}
			gotPillar, err := storage.NewStrategyService(db).FindPillarByID(ctx, pillar.ID)
			if err != nil || !reflect.DeepEqual(gotPillar.PersonaIDs, []int64{marc.ID}) {
				t.Fatalf("pillar after delete: %+v, %v", gotPillar, err)
			}
			gotCh, err := storage.NewChannelService(db).FindChannelByID(ctx, ch.ID)
			if err != nil || gotCh.PersonaIDs != nil {
				t.Fatalf("network after delete: %+v, %v", gotCh, err)
			}
			gotItem, err := storage.NewContentService(db).FindContentItemByID(ctx, item.ID)
			if err != nil || gotItem.PersonaID != 0 {
				t.Fatalf("item after delete: %+v, %v", gotItem, err)
			}
		})
	})
}

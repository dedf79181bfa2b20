package storage_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/storage"
	"github.com/planbot/planbot/storage/storagetest"
)

func TestStrategyService_Strategy(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()
		db := MustOpenDB(t, backend)
		s := storage.NewStrategyService(db)
		p := MustEnsurePlan(t, db, "T1", "C1")

		got, err := s.FindStrategy(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if *got != (plan.Strategy{PlanID: p.ID}) {
			t.Fatalf("empty strategy %+v", got)
		}
		_, err = s.FindStrategy(ctx, 404)
		assertCode(t, err, plan.ENOTFOUND)

		st := &plan.Strategy{PlanID: p.ID, Voice: " Warm, local ", Tone: "Playful on Instagram"}
		if err := s.UpdateStrategy(as("U1"), st); err != nil {
			t.Fatal(err)
		}
		want := plan.Strategy{PlanID: p.ID, Voice: "Warm, local", Tone: "Playful on Instagram", UpdatedBy: "U1", UpdatedAt: fixedNow}
		if *st != want {
			t.Fatalf("returned %+v, want %+v", *st, want)
		}
		st.Tone = ""
		if err := s.UpdateStrategy(as("U2"), st); err != nil {
			t.Fatal(err)
		}
		got, err = s.FindStrategy(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		want.Tone, want.UpdatedBy = "", "U2"
		if *got != want {
			t.Fatalf("stored %+v, want %+v", *got, want)
		}

		long := &plan.Strategy{PlanID: p.ID, Voice: stringOf('v', plan.MaxVoiceLen+1)}
		assertFields(t, s.UpdateStrategy(ctx, long), "voice")

		MustSetOwners(t, db, p.ID, "UOWNER")
		assertCode(t, s.UpdateStrategy(as("UOTHER"), &plan.Strategy{PlanID: p.ID, Voice: "x"}), plan.EFORBIDDEN)
		if err := s.UpdateStrategy(as("UOWNER"), &plan.Strategy{PlanID: p.ID, Voice: "x"}); err != nil {
			t.Fatalf("owner refused: %v", err)
		}
	})
}

func stringOf(r rune, n int) string {
	out := make([]rune, n)
	for i := range out {
		out[i] = r
	}
	return string(out)
}

func TestStrategyService_Pillars(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()

		t.Run("CreateUpdateDelete", func(t *testing.T) {
			db := MustOpenDB(t, backend)
			s := storage.NewStrategyService(db)
			p := MustEnsurePlan(t, db, "T1", "C1")
			sophie := MustCreatePersona(t, db, p.ID, "Sophie")
			marc := MustCreatePersona(t, db, p.ID, "Marc")

			pillar := &plan.Pillar{PlanID: p.ID, Name: "Recipes", Description: "d", PersonaIDs: []int64{marc.ID, sophie.ID, marc.ID}, CreatedBy: "U1"}
			if err := s.CreatePillar(ctx, pillar); err != nil {
				t.Fatal(err)
			}
			got, err := s.FindPillarByID(ctx, pillar.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, pillar) || !reflect.DeepEqual(got.PersonaIDs, []int64{sophie.ID, marc.ID}) {
				t.Fatalf("stored %+v\nwant   %+v", got, pillar)
			}

			only := []int64{marc.ID}
			if _, err := s.UpdatePillar(ctx, pillar.ID, plan.PillarUpdate{PersonaIDs: &only}); err != nil {
				t.Fatal(err)
			}
			list, total, err := s.FindPillars(ctx, plan.PillarFilter{PlanID: &p.ID})
			if err != nil {
				t.Fatal(err)
			}
			if total != 1 || !reflect.DeepEqual(list[0].PersonaIDs, only) {
				t.Fatalf("pillars %+v", list)
			}

			item := MustCreateItem(t, db, p.ID, func(c *plan.ContentItem) { c.PillarID = pillar.ID })
			if err := s.DeletePillar(ctx, pillar.ID); err != nil {
				t.Fatal(err)
			}
			assertCode(t, s.DeletePillar(ctx, pillar.ID), plan.ENOTFOUND)
			gotItem, err := storage.NewContentService(db).FindContentItemByID(ctx, item.ID)
			if err != nil || gotItem.PillarID != 0 {
				t.Fatalf("item after pillar delete: %+v, %v", gotItem, err)
			}
		})

		for _, tt := range []struct {
			name   string
			edit   func(p *plan.Pillar, foreign int64)
			fields []string
		}{
			{"ErrNameRequired", func(p *plan.Pillar, _ int64) { p.Name = "" }, []string{"name"}},
			{"ErrNameTaken", func(p *plan.Pillar, _ int64) { p.Name = "recipes" }, []string{"name"}},
			{"ErrPersonaOfOtherPlan", func(p *plan.Pillar, foreign int64) { p.PersonaIDs = []int64{foreign} }, []string{"personas"}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				db := MustOpenDB(t, backend)
				s := storage.NewStrategyService(db)
				p := MustEnsurePlan(t, db, "T1", "C1")
				other := MustEnsurePlan(t, db, "T1", "C2")
				foreign := MustCreatePersona(t, db, other.ID, "Foreign")
				if err := s.CreatePillar(ctx, &plan.Pillar{PlanID: p.ID, Name: "Recipes"}); err != nil {
					t.Fatal(err)
				}
				pillar := &plan.Pillar{PlanID: p.ID, Name: "Team"}
				tt.edit(pillar, foreign.ID)
				err := s.CreatePillar(ctx, pillar)
				assertFields(t, err, tt.fields...)
				if _, total, _ := s.FindPillars(ctx, plan.PillarFilter{PlanID: &p.ID}); total != 1 {
					t.Fatalf("%d pillars stored, want 1", total)
				}
			})
		}

		t.Run("OwnersOnly", func(t *testing.T) {
			db := MustOpenDB(t, backend)
			s := storage.NewStrategyService(db)
			p := MustEnsurePlan(t, db, "T1", "C1")
			pillar := &plan.Pillar{PlanID: p.ID, Name: "Recipes"}
			if err := s.CreatePillar(ctx, pillar); err != nil {
				t.Fatal(err)
			}
			MustSetOwners(t, db, p.ID, "UOWNER")
			assertCode(t, s.CreatePillar(as("UOTHER"), &plan.Pillar{PlanID: p.ID, Name: "Team"}), plan.EFORBIDDEN)
			name := "x"
			_, err := s.UpdatePillar(as("UOTHER"), pillar.ID, plan.PillarUpdate{Name: &name})
			assertCode(t, err, plan.EFORBIDDEN)
			assertCode(t, s.DeletePillar(as("UOTHER"), pillar.ID), plan.EFORBIDDEN)
			if err := s.DeletePillar(as("UOWNER"), pillar.ID); err != nil {
				t.Fatalf("owner refused: %v", err)
			}
		})
	})
}

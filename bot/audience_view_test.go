package bot

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/planbot/planbot/plan"
)

func testPersona(id int64, name string) *plan.Persona {
	return &plan.Persona{
		ID: id, PlanID: 1, Name: name, Who: "Busy parent " + evil, Interests: "recipes", Excites: "new flavours",
		Networks: []plan.Network{plan.NetworkInstagram, plan.NetworkTikTok}, Notes: "n",
	}
}

func TestPersonaViews(t *testing.T) {
	for _, lang := range []Lang{EN, FR} {
		t.Run("ModalNew_"+string(lang), func(t *testing.T) {
			v := personaModal(lang, &plan.Persona{}, stepsMeta)
			golden(t, "persona_modal_new_"+string(lang), v)
			checkModalLimits(t, v)
		})
		t.Run("ModalEdit_"+string(lang), func(t *testing.T) {
			v := personaModal(lang, testPersona(1, "Sophie"), viewMeta{PlanID: 1, ChannelID: "C1", ID: 1, ParentID: "V1"})
			raw := golden(t, "persona_modal_edit_"+string(lang), v)
			checkModalLimits(t, v)
			mustHave(t, string(raw), `"initial_options"`, `"value": "tiktok"`)
		})
		t.Run("List_"+string(lang), func(t *testing.T) {
			personas := []*plan.Persona{testPersona(1, "Sophie"), testPersona(2, "Marc")}
			channels := []*plan.Channel{{ID: 1, Network: plan.NetworkInstagram, PersonaIDs: []int64{1}}}
			v := personasListModal(lang, personas, 2, stepsMeta, []string{"U0OWNER"}, channels)
			raw := golden(t, "personas_list_"+string(lang), v)
			checkModalLimits(t, v)
			checkStepLimits(t, v, 100)
			if n := strings.Count(string(raw), ":warning:"); n != 1 {
				t.Errorf("%d unreached flags, want 1 (Marc)", n)
			}
			mustHave(t, string(raw), "&lt;!channel&gt;", "<@U0OWNER>")
		})
	}
	t.Run("ListFullPage", func(t *testing.T) {
		var personas []*plan.Persona
		long := strings.Repeat("é", plan.MaxPersonaTextLen)
		for i := range listPerPage {
			p := testPersona(int64(i+1), strings.Repeat("N", plan.MaxPersonaNameLen))
			p.Who, p.Interests, p.Excites, p.Networks = long, long, long, plan.Networks
			personas = append(personas, p)
		}
		v := personasListModal(FR, personas, 3*listPerPage, viewMeta{PlanID: 1, Page: 1}, []string{"U1"}, []*plan.Channel{{ID: 1}})
		checkModalLimits(t, v)
		raw := checkStepLimits(t, v, 100)
		mustHave(t, string(raw), ActionListPrev, ActionListNext, "Page 2 sur 3")
	})
	t.Run("NoUnreachedFlagWithoutNetworks", func(t *testing.T) {
		v := personasListModal(EN, []*plan.Persona{testPersona(1, "Sophie")}, 1, stepsMeta, nil, nil)
		raw, _ := json.Marshal(v)
		if strings.Contains(string(raw), ":warning:") {
			t.Error("persona flagged though the plan chose no network yet")
		}
	})
}

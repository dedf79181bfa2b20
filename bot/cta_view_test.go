package bot

import (
	"testing"

	"github.com/planbot/planbot/plan"
)

// Golden and limit tests of step 4, step 5, /plan status, /plan settings
// and the App Home.

func testGoals() []*plan.Goal {
	g := testGoal()
	other := testGoal()
	other.ID, other.Title = 8, "Sell more cakes"
	return []*plan.Goal{g, other}
}

// testCTA is a call to action whose link was frozen, then edited.
func testCTA() *plan.CTA {
	return &plan.CTA{ID: 3, PlanID: 1, Kind: plan.CTAEmailSignup, Text: "Get the recipe " + evil, URL: "https://acme.example/s?ref=x",
		GoalID: 7, Network: plan.NetworkInstagram, UTM: plan.UTM{Source: "instagram", Medium: "social",
			Campaign: "acme-spring " + evil, Content: "cta-3", FrozenAt: stepsNow}}
}

func TestCTAViews(t *testing.T) {
	p := &plan.Plan{ID: 1, ChannelID: "C1", Name: "Acme Social", Owners: []string{"U0OWNER"}}
	ctas := []*plan.CTA{
		{ID: 3, PlanID: 1, Kind: plan.CTAEmailSignup, Text: "Get the recipe " + evil, URL: "https://acme.example/s?ref=x", GoalID: 7, Network: plan.NetworkInstagram},
		{ID: 4, PlanID: 1, Kind: plan.CTACall, Text: "Call us", URL: "tel:+33123456789", GoalID: 0, Network: plan.NetworkFacebook},
	}
	for _, lang := range []Lang{EN, FR} {
		t.Run("List_"+string(lang), func(t *testing.T) {
			goals := testGoals()
			v := ctasListModal(lang, ctaList{CTAs: ctas, Total: 2, Goals: goals, WithoutCTA: goals[1:], Meta: stepsMeta, Plan: p})
			raw := golden(t, "ctas_list_"+string(lang), v)
			checkModalLimits(t, v)
			checkStepLimits(t, v, 100)
			// utm_campaign is the plan slug and the goal slug, until the
			// link is frozen; utm_content names the call to action.
			mustHave(t, string(raw), "utm_source=instagram&amp;utm_medium=social&amp;utm_campaign=acme-social-grow-signups-channel-https-evil-example&amp;utm_content=cta-3`",
				"Sell more cakes", "tel:+33123456789")
			frozen := []*plan.CTA{testCTA()}
			v = ctasListModal(lang, ctaList{CTAs: frozen, Total: 1, Goals: goals, Meta: stepsMeta, Plan: &plan.Plan{ID: 1, Name: "Renamed"}})
			// The frozen values, escaped: the plan's new name is not in it.
			mustHave(t, jsonText(t, v), "utm_campaign=acme-spring+%3C%21channel%3E+%26+%3Chttps%3A%2F%2Fevil.example%7Cbank%3E&amp;utm_content=cta-3")
		})
		t.Run("ModalEdit_"+string(lang), func(t *testing.T) {
			v := ctaModal(lang, testCTA(), testGoals(), stepsMeta)
			raw := golden(t, "cta_modal_edit_"+string(lang), v)
			checkModalLimits(t, v)
			mustHave(t, string(raw), BlockCTAUTMSource, BlockCTAUTMContent, `"initial_value": "acme-spring <!channel>`)
		})
		t.Run("ModalNew_"+string(lang), func(t *testing.T) {
			v := ctaModal(lang, &plan.CTA{}, testGoals(), stepsMeta)
			golden(t, "cta_modal_new_"+string(lang), v)
			checkModalLimits(t, v)
		})
		t.Run("ModalNoGoals_"+string(lang), func(t *testing.T) {
			v := ctaModal(lang, &plan.CTA{}, nil, stepsMeta)
			golden(t, "cta_modal_no_goals_"+string(lang), v)
			checkModalLimits(t, v)
			if v.Submit != nil {
				t.Error("a CTA form without goals can be submitted")
			}
		})
	}
}

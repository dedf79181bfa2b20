package bot

import (
	"testing"

	"github.com/planbot/planbot/plan"
)

// The fit matrix of step 5 in words, a line a persona (issue 15: not an
// ASCII table with truncated names and two-letter network codes).
func TestFitBlocksGolden(t *testing.T) {
	sophie, marc, lea := testPersona(1, "Sophie, busy parent"), testPersona(2, "Marc, retired and curious about everything"), testPersona(3, "Léa")
	marc.Networks = []plan.Network{plan.NetworkFacebook, plan.NetworkYouTube}
	lea.Networks = []plan.Network{plan.NetworkTikTok}
	channels := []*plan.Channel{
		{ID: 1, Network: plan.NetworkInstagram, PersonaIDs: []int64{1, 3}, Cadence: "daily"},
		{ID: 2, Network: plan.NetworkFacebook, PersonaIDs: []int64{1}, Cadence: "3 a week"},
		{ID: 3, Network: plan.NetworkNewsletter, PersonaIDs: []int64{2}, Status: plan.ChannelStopped},
		{ID: 4, Network: plan.NetworkPinterest},
	}
	for _, lang := range []Lang{EN, FR} {
		t.Run(string(lang), func(t *testing.T) {
			blocks := fitBlocks(lang, plan.Fit([]*plan.Persona{sophie, marc, lea}, channels))
			raw := string(golden(t, "fit_matrix_"+string(lang), blocks))
			checkStepLimits(t, blocks, 10)
			mustHave(t, raw, "Marc, retired and curious about everything", "Pinterest", `"block_id": "fit_matrix"`, `"block_id": "fit_flags"`)
		})
	}
}

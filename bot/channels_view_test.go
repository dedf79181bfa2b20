package bot

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/internal/slacktest"
	"github.com/planbot/planbot/plan"
)

func TestChannelViews(t *testing.T) {
	personas := []*plan.Persona{testPersona(1, "Sophie"), testPersona(2, "Marc "+evil)}
	personas[1].Networks = []plan.Network{plan.NetworkLinkedIn}
	// LinkedIn was reduced in a review, the Forum stopped from the form;
	// late on Nov 24 in UTC is Nov 25 in Paris.
	since := time.Date(2026, 11, 24, 23, 30, 0, 0, time.UTC)
	channels := []*plan.Channel{
		{ID: 1, PlanID: 1, Network: plan.NetworkInstagram, Role: plan.GoalAwareness, Why: "They scroll " + evil, PersonaIDs: []int64{1}, Cadence: "3 a week"},
		{ID: 2, PlanID: 1, Network: plan.NetworkLinkedIn, Role: plan.GoalLeads, Why: "B2B",
			Status: plan.ChannelReduced, StatusSince: since, StatusBy: "U0ANA", StatusNote: "Few leads " + evil},
		{ID: 3, PlanID: 1, Network: plan.NetworkOther, Role: plan.GoalCommunity, Why: "Discord"},
		{ID: 4, PlanID: 1, Network: plan.NetworkOther, Role: plan.GoalCommunity, Why: "Forum", PersonaIDs: []int64{1},
			Status: plan.ChannelStopped, StatusSince: since, StatusBy: "U0ANA"},
	}
	for _, lang := range []Lang{EN, FR} {
		t.Run("List_"+string(lang), func(t *testing.T) {
			v := channelsListModal(lang, channels, 4, plan.Fit(personas, channels), stepsMeta, nil, stepsParis)
			raw := golden(t, "channels_list_"+string(lang), v)
			checkModalLimits(t, v)
			checkStepLimits(t, v, 100)
			if live := slacktest.LiveMarkup(raw, "<@U0ANA>"); live != "" {
				t.Errorf("unescaped user text: %s", live)
			}
			// Marc is reached by nothing; LinkedIn and the first Other serve
			// nobody; the stopped Forum is not flagged for it.
			mustHave(t, string(raw), "fit_flags", "*Marc &lt;!channel&gt;")
			if strings.Contains(string(raw), "```") || strings.Contains(string(raw), "OT2") {
				t.Error("the fit matrix is an ASCII grid with network codes (issue 15)")
			}
			want := map[Lang][]string{
				EN: {":arrow_down_small: Reduced since Nov 25, 2026, by <@U0ANA>: “Few leads &lt;!channel&gt;", ":octagonal_sign: Stopped since Nov 25, 2026, by <@U0ANA>\\n",
					"chosen, but stopped: Other", "Chosen for no persona: *LinkedIn*, *Other*\""},
				FR: {":arrow_down_small: Réduit depuis le 25\u00a0nov. 2026, par <@U0ANA>\u202f: «\u202fFew leads &lt;!channel&gt;", ":octagonal_sign: Arrêté depuis le 25\u00a0nov. 2026, par <@U0ANA>\\n",
					"choisi mais à l'arrêt\u202f: Autre"},
			}
			mustHave(t, string(raw), want[lang]...)
		})
		t.Run("Modal_"+string(lang), func(t *testing.T) {
			v := channelModal(lang, channels[0], personas, viewMeta{PlanID: 1, ID: 1, ParentID: "V1"})
			golden(t, "channel_modal_"+string(lang), v)
			checkModalLimits(t, v)
			raw, _ := json.Marshal(channelModal(lang, channels[3], personas, viewMeta{PlanID: 1, ID: 4, ParentID: "V1"}))
			mustHave(t, string(raw), `"block_id":"`+BlockChannelStatus+`"`, `"initial_option":{"text":{"type":"plain_text","text":"`+lang.T("channel.status.stopped")+`","emoji":false},"value":"stopped"}`)
			none := channelModal(lang, &plan.Channel{}, nil, stepsMeta)
			raw, _ = json.Marshal(none)
			if strings.Contains(string(raw), BlockChannelPersonas) {
				t.Error("a persona select without personas")
			}
			// A new network starts active.
			mustHave(t, string(raw), `"value":"active"}`)
		})
	}
	t.Run("FitRows", func(t *testing.T) {
		// Sophie: reached on Instagram, chosen on the second Other but it
		// is stopped. Marc (user text, escaped): reached by nothing, online
		// on LinkedIn, which was chosen for no one.
		fit := plan.Fit(personas, channels)
		want := map[Lang][2]string{
			EN: {":white_check_mark: *Sophie*: Instagram · chosen, but stopped: Other",
				":warning: *Marc &lt;!channel&gt; &amp; &lt;https://evil.example|bank&gt;*: no chosen network reaches them · also online on LinkedIn, where nothing is planned for them"},
			FR: {":white_check_mark: *Sophie*\u202f: Instagram · choisi mais à l'arrêt\u202f: Autre",
				":warning: *Marc &lt;!channel&gt; &amp; &lt;https://evil.example|bank&gt;*\u202f: aucun réseau choisi ne le touche · présent aussi sur LinkedIn, où rien n'est prévu pour lui"},
		}
		for lang, rows := range want {
			for i, row := range rows {
				if got := fitRow(lang, fit.Personas[i], fit.Channels, fit.Cells[i]); got != row {
					t.Errorf("%s row %d:\n got %q\nwant %q", lang, i, got, row)
				}
			}
		}
		if b := fitBlocks(EN, plan.Fit(nil, channels)); len(b) != 1 {
			t.Errorf("fit without personas: %d blocks, want the one note", len(b))
		}
	})
	t.Run("ManyPersonas", func(t *testing.T) {
		var many []*plan.Persona
		for i := range 60 {
			many = append(many, testPersona(int64(i+1), strings.Repeat("é", plan.MaxPersonaNameLen)))
		}
		var all []*plan.Channel
		for i, n := range plan.Networks {
			all = append(all, &plan.Channel{ID: int64(i + 1), Network: n, Role: plan.GoalAwareness, Why: strings.Repeat("w", plan.MaxChannelWhyLen)})
		}
		for _, c := range all {
			c.Status, c.StatusSince, c.StatusBy, c.StatusNote = plan.ChannelStopped, stepsNow, "U1", strings.Repeat("n", plan.MaxChannelStatusNoteLen)
		}
		v := channelsListModal(FR, all, len(all), plan.Fit(many, all), stepsMeta, []string{"U1"}, stepsParis)
		checkModalLimits(t, v)
		checkStepLimits(t, v, 100)
	})
}

package bot

import (
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
)

func testProgress() plan.Progress {
	today := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	stale := testGoal()
	stale.ID, stale.Title, stale.Deadline = 8, "Old launch", today.AddDate(0, 0, -1)
	return plan.ComputeProgress(plan.Snapshot{
		Today: today, Now: stepsNow,
		Goals:        []*plan.Goal{testGoal(), stale},
		Personas:     []*plan.Persona{testPersona(1, "Sophie"), testPersona(2, "Marc")},
		Strategy:     &plan.Strategy{},
		Pillars:      []*plan.Pillar{{ID: 2, Name: "Recipes"}},
		ContentItems: 9,
		LateItems:    []*plan.ContentItem{testItem(5)},
		LateTotal:    7,
		CTAs:         []*plan.CTA{{ID: 3, GoalID: 99, Text: "x"}},
		Channels:     []*plan.Channel{{ID: 1, Network: plan.NetworkInstagram, PersonaIDs: []int64{1}}},
	})
}

func TestStatusMessage(t *testing.T) {
	p := &plan.Plan{ID: 1, ChannelID: "C1", Name: "Acme " + evil, Language: "en"}
	for _, lang := range []Lang{EN, FR} {
		t.Run(string(lang), func(t *testing.T) {
			text, blocks := statusMessage(lang, mustCommands(t), p, testProgress())
			raw := golden(t, "status_"+string(lang), blocks)
			checkStepLimits(t, blocks, 50)
			for _, s := range plan.Steps {
				mustHave(t, string(raw), `"block_id": "status_`+s+`"`)
			}
			// Every available step has an Open button.
			if n := strings.Count(string(raw), `"action_id": "`+ActionOpenStep+`"`); n < 5 {
				t.Errorf("%d Open buttons, want one a step of 1 to 5 at least", n)
			}
			if lang == EN {
				mustHave(t, string(raw), "and 6 more", "Marc", "Old", "not started")
				mustHave(t, text, "0 of 9 steps done") // audience: Marc is reached by no network
			}
			// The notification text is mrkdwn too: the plan name is escaped.
			if strings.Contains(text, "<!channel>") || !strings.Contains(text, "&lt;!channel&gt;") {
				t.Errorf("status text does not escape the plan name: %q", text)
			}
		})
	}
}

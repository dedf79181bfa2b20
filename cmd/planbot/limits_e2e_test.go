package main

import (
	"strings"
	"testing"

	"github.com/planbot/planbot/bot"
	"github.com/planbot/planbot/fakeslack"
	"github.com/planbot/planbot/plan"
)

// TestLimits_LongestGoalTitle lists a goal whose title has the most
// characters a goal may have, in both languages: its delete confirmation must
// stay within Slack's 300 characters, or /plan goals fails for the channel.
// fakeslack refuses a breach and fails the test (breachFails).
func TestLimits_LongestGoalTitle(t *testing.T) {
	h := newHarness(t)
	h.addGoal(userEN, chanMain, strings.Repeat("é", plan.MaxGoalTitleLen))
	for _, user := range []string{userEN, userFR} {
		ack := h.command(user, chanMain, "goals")
		call := h.waitCall("views.open", func(c fakeslack.Call) bool { return c.Params.Get("trigger_id") == ack.TriggerID })
		if !strings.Contains(string(call.Response), `"ok":true`) {
			t.Fatalf("goals list for %s refused: %s", user, call.Response)
		}
		if view := h.viewOfResponse(call); view.CallbackID != bot.CallbackGoalsList {
			t.Fatalf("opened %s, want the goals list", view.CallbackID)
		}
	}
}

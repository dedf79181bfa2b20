package main

import (
	"testing"

	"github.com/planbot/planbot/fakeslack"
	"github.com/planbot/planbot/internal/slacktest"
	"github.com/planbot/planbot/storage/storagetest"
)

// TestHome_KeepsThePlanAlive opens App Home after an experiment was
// started and the bot was found not to be in a channel: Home shows the
// running experiment, its end-date reminder, and what to fix.
func TestHome_KeepsThePlanAlive(t *testing.T) {
	storagetest.Run(t, testHomeKeepsThePlanAlive)
}

func testHomeKeepsThePlanAlive(t *testing.T, backend storagetest.Backend) {
	h := newHarnessOn(t, backend)
	h.addExperiment(chanMain, "2026-12-02")
	h.addGoal(userEN, chanNoBot, "A goal where the bot is not invited")

	if _, err := h.Slack.SendEvent(h.ctx(), "EvHome1", appHomeOpened(userEN), 0); err != nil {
		t.Fatal(err)
	}
	call := h.waitCall("views.publish", func(c fakeslack.Call) bool { return c.Params.Get("user_id") == userEN })
	home := slacktest.Unescape(call.Body)
	mustContain(t, "home", home, "Experiments running", "Question or statement", "ends Dec 2, 2026",
		"Next reminders", "Experiment results due", "Followers waiting for your reply", "Nobody is waiting for you")
	if live := slacktest.LiveMarkup(call.Body, "<#C", "<@U"); live != "" {
		t.Errorf("unescaped user text on Home: %s", live)
	}
}

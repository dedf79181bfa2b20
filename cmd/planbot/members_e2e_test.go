package main

import (
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/bot"
	"github.com/planbot/planbot/fakeslack"
	"github.com/planbot/planbot/internal/slacktest"
)

// chanPrivate is a private channel of the membership tests: Ana and the
// bot are in it, Camille is not.
const chanPrivate = "GSECRET"

// TestMembership_PlanOnlyForChannelMembers: Camille is named reviewer of
// an item of a private channel she is not in. She gets the review request
// by direct message, her Home shows the item but not the plan (not its
// goals, not its buttons), and neither a forged button nor the item's Open
// button opens the plan's modals for her: the item comes by direct
// message. Ana, a member, gets all of it.
func TestMembership_PlanOnlyForChannelMembers(t *testing.T) {
	h := newHarness(t)
	h.Slack.AddChannel(fakeslack.Channel{ID: chanPrivate, Name: "secret-launch", IsPrivate: true, IsMember: true, Members: []string{userEN}})
	const secretGoal = "Secret launch goal"
	h.addGoal(userEN, chanPrivate, secretGoal)
	c := h.addItem(userEN, chanPrivate, itemValues("Launch teaser", "2026-12-01", "draft"))
	list := h.openedView(h.command(userEN, chanPrivate, "content").TriggerID)
	dms := len(h.Slack.Calls("chat.postMessage"))
	h.requestReview(userEN, list.ID, itemID(c))

	// The review request reaches Camille by DM: the item, with its buttons.
	dm := h.waitCallAfter(dms, "chat.postMessage", func(c fakeslack.Call) bool { return c.Params.Get("channel") == userFR })
	blocks := slacktest.Unescape([]byte(dm.Params.Get("blocks")))
	mustContain(t, "review DM", blocks, "Launch teaser", bot.ActionReviewApprove, "<#"+chanPrivate+">")
	if strings.Contains(blocks, secretGoal) {
		t.Error("the review DM shows the plan's goal")
	}

	// Camille's Home: the item waiting for her review, not the plan.
	home := slacktest.Unescape([]byte(h.homeOf(userFR, "EvMember1", len(h.Slack.Calls("views.publish"))).Params.Get("view")))
	mustContain(t, "Camille's home", home, "Launch teaser", bot.ActionReviewApprove)
	if strings.Contains(home, secretGoal) || strings.Contains(home, chanPrivate+"|") {
		t.Errorf("Camille's home shows the plan of a channel she is not in:\n%s", home)
	}
	// Ana's Home: the plan, with its buttons.
	ana := slacktest.Unescape([]byte(h.homeOf(userEN, "EvMember2", len(h.Slack.Calls("views.publish"))).Params.Get("view")))
	mustContain(t, "Ana's home", ana, chanPrivate+"|", bot.ActionHomeOpenStep)

	// A forged step button: refused, and she is told why.
	opens, eph := len(h.Slack.Calls("views.open")), len(h.Slack.Calls("chat.postEphemeral"))
	homeView, _ := h.Slack.HomeView(userFR)
	h.click(fakeslack.Click{UserID: userFR, ActionID: bot.ActionHomeOpenStep, Value: chanPrivate + "|goals", ViewID: homeView.ID})
	told := h.waitCallAfter(eph, "chat.postEphemeral", func(c fakeslack.Call) bool { return c.Params.Get("user") == userFR })
	mustContain(t, "refusal", told.Params.Get("text"), "<#"+chanPrivate+">", "membre")
	// The item's Open button: the item by DM, not the form.
	dms = len(h.Slack.Calls("chat.postMessage"))
	h.click(fakeslack.Click{UserID: userFR, ActionID: bot.ActionHomeOpenItem, Value: itemID(c), ViewID: homeView.ID})
	item := h.waitCallAfter(dms, "chat.postMessage", func(c fakeslack.Call) bool { return c.Params.Get("channel") == userFR })
	mustContain(t, "item DM", slacktest.Unescape([]byte(item.Params.Get("blocks"))), "Launch teaser")
	if n := len(h.Slack.Calls("views.open")); n != opens {
		t.Errorf("%d modals opened for a non-member", n-opens)
	}
	for _, v := range h.Slack.OpenViews(userFR) {
		if strings.Contains(string(v.JSON), secretGoal) {
			t.Errorf("a modal of Camille shows the secret goal: %s", v.CallbackID)
		}
	}

	// Ana opens the item from Home: the form.
	anaHome, _ := h.Slack.HomeView(userEN)
	opens = len(h.Slack.Calls("views.open"))
	h.click(fakeslack.Click{UserID: userEN, ActionID: bot.ActionHomeOpenItem, Value: itemID(c), ViewID: anaHome.ID})
	if v := h.viewOfResponse(h.waitCallAfter(opens, "views.open", nil)); v.CallbackID != bot.CallbackContentItem {
		t.Errorf("Ana's Open opened %q, want the item's form", v.CallbackID)
	}
}

// TestStartup_WrongToken: a bot token Slack refuses stops planbot at
// start-up, with exit status 2 and a message that says what to do; it
// never connects.
func TestStartup_WrongToken(t *testing.T) {
	for _, code := range []string{"invalid_auth", "token_revoked"} {
		t.Run(code, func(t *testing.T) {
			srv, err := fakeslack.Start(fakeslack.Options{OnBreach: breachFails(t)})
			if err != nil {
				t.Fatal(err)
			}
			defer srv.Close()
			srv.RejectToken("xoxb-wrong", code)
			t.Setenv("SLACK_APP_TOKEN", "xapp-1-test")
			t.Setenv("SLACK_BOT_TOKEN", "xoxb-wrong")
			t.Setenv("SLACK_API_URL", srv.APIURL())
			t.Setenv("PLANBOT_DB", filepath.Join(t.TempDir(), "planbot.db"))
			t.Setenv("PLANBOT_LOG_LEVEL", "info")
			t.Setenv("PLANBOT_LANG", "en")
			t.Setenv("PLANBOT_TZ", "UTC")
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			var stderr syncBuffer
			if status := run(ctx, nil, io.Discard, &stderr); status != 2 {
				t.Errorf("exit status %d, want 2", status)
			}
			mustContain(t, "stderr", stderr.String(), "slack refused SLACK_BOT_TOKEN", code, "Bot User OAuth Token")
			if n := srv.ConnectCount(); n != 0 {
				t.Errorf("%d Socket Mode connections with a refused token", n)
			}
			if strings.Contains(stderr.String(), "xoxb-wrong") {
				t.Error("the token is in the output")
			}
		})
	}
}

package main

import (
	"context"
	"strings"
	"testing"

	"github.com/planbot/planbot/bot"
	"github.com/planbot/planbot/fakeslack"
	"github.com/planbot/planbot/internal/slacktest"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/storage"
	"github.com/planbot/planbot/storage/storagetest"
)

// The end-to-end tests of issue 17 (what an agency runs on), against
// fakeslack, in English and French, on both backends.

// reviewEphemeral clicks actionID on the review message ts as user and
// returns the ephemeral answer's text.
func (h *harness) reviewEphemeral(user, actionID, ts string) string {
	h.t.Helper()
	n := len(h.Slack.Calls("chat.postEphemeral"))
	h.click(fakeslack.Click{UserID: user, ActionID: actionID, ChannelID: chanMain, MessageTS: ts})
	return h.waitCallAfter(n, "chat.postEphemeral", func(c fakeslack.Call) bool { return c.Params.Get("user") == user }).Params.Get("text")
}

func TestAgency_Approvals(t *testing.T) {
	storagetest.Run(t, testAgencyApprovals)
}

// testAgencyApprovals: nobody approves their own item (Camille, in
// French); Ana approves it (English); Camille's edit of the approved copy
// sends it back to review with the change shown; the history keeps every
// step, who and when.
func testAgencyApprovals(t *testing.T, backend storagetest.Backend) {
	h := newHarnessOn(t, backend)
	h.status(userEN, chanMain) // Ana's plan: its channel posts are in English
	values := itemValues("Spring teaser", "2026-12-01", "draft")
	values[bot.BlockContentOwner][bot.ActionInput] = userFR
	delete(values, bot.BlockContentReviewer) // no named reviewer: anyone in this open plan
	c := h.addItem(userFR, chanMain, values)
	list := h.openedView(h.command(userFR, chanMain, "content").TriggerID)
	ts := h.requestReview(userFR, list.ID, itemID(c))

	// Self-approval refused, in Camille's language; nothing changes.
	refusal := h.reviewEphemeral(userFR, bot.ActionReviewApprove, ts)
	mustContain(t, "self-approval refusal", refusal, "Vous ne pouvez pas valider un contenu que vous avez rédigé")
	if got := h.storedItems(chanMain)[0]; got.Status != plan.ContentInReview {
		t.Fatalf("self-approval changed the status to %v", got.Status)
	}

	// Ana approves.
	edits := len(h.Slack.Calls("chat.update"))
	h.click(fakeslack.Click{UserID: userEN, ActionID: bot.ActionReviewApprove, ChannelID: chanMain, MessageTS: ts})
	h.waitCallAfter(edits, "chat.update", func(c fakeslack.Call) bool { return c.Params.Get("ts") == ts })
	if got := h.storedItems(chanMain)[0]; got.Status != plan.ContentApproved || got.Review.DecidedBy != userEN {
		t.Fatalf("after approval: %v %+v", got.Status, got.Review)
	}

	// Camille edits the copy of the approved item: back in review, and
	// the review message asks again, showing the change.
	list = h.openedView(h.command(userFR, chanMain, "content").TriggerID)
	form := h.pushed(userFR, list.ID, bot.ActionContentEdit, itemID(c))
	values[bot.BlockContentCopy][bot.ActionInput] = "Spring is really here"
	values[bot.BlockContentStatus][bot.ActionInput] = "approved"
	edits = len(h.Slack.Calls("chat.update"))
	h.mustSubmit(userFR, form.ID, values)
	h.waitCallAfter(edits, "chat.update", func(c fakeslack.Call) bool { return c.Params.Get("ts") == ts })
	got := h.storedItems(chanMain)[0]
	if got.Status != plan.ContentInReview || got.Review.RequestedBy != userFR || got.Copy != "Spring is really here" {
		t.Fatalf("after the edit: %v %+v", got.Status, got.Review)
	}
	msg, _ := h.Slack.Message(chanMain, ts)
	blocks := slacktest.Unescape(msg.Blocks)
	mustContain(t, "reopened review", blocks, "Edited after approval by <@"+userFR+">", "back in review", "*The copy*", "really here", bot.ActionReviewApprove)
	if live := slacktest.LiveMarkup(msg.Blocks); live != "" {
		t.Errorf("reopened review shows user text unescaped: %s", live)
	}
	// The editor cannot approve their own edit.
	mustContain(t, "editor refused", h.reviewEphemeral(userFR, bot.ActionReviewApprove, ts), "Vous ne pouvez pas valider")

	// The history, in the reader's language: every step, who and when.
	opens := len(h.Slack.Calls("views.open"))
	h.click(fakeslack.Click{UserID: userEN, ActionID: bot.ActionReviewHistory, ChannelID: chanMain, MessageTS: ts})
	history := slacktest.Unescape([]byte(h.waitCallAfter(opens, "views.open", nil).Params.Get("view")))
	mustContain(t, "history", history, "Review history",
		"<@"+userFR+"> asked for a review", "<@"+userEN+"> approved", "<@"+userFR+"> edited it after approval", "Spring is really here")
	opens = len(h.Slack.Calls("views.open"))
	h.click(fakeslack.Click{UserID: userFR, ActionID: bot.ActionReviewHistory, ChannelID: chanMain, MessageTS: ts})
	mustContain(t, "history in French", slacktest.Unescape([]byte(h.waitCallAfter(opens, "views.open", nil).Params.Get("view"))),
		"Historique", "<@"+userEN+"> a validé")

	events, err := storage.NewApprovalService(h.main.DB).FindReviewEvents(context.Background(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range events {
		actions = append(actions, string(e.Action)+" by "+e.By)
	}
	want := "requested by UCAMI, approved by UANA, reopened by UCAMI"
	if strings.Join(actions, ", ") != want {
		t.Fatalf("stored history %q, want %q", strings.Join(actions, ", "), want)
	}
}

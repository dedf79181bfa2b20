package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/bot"
	"github.com/planbot/planbot/fakeslack"
	"github.com/planbot/planbot/internal/testclock"
	"github.com/planbot/planbot/storage/storagetest"
)

// Fault tests of issue 12 against the real Main: what reaches Slack when
// Slack rate-limits or fails each Web API method the bot uses. fakeslack
// and the bot's call policy share a clock that the bot's waits move, so
// five Retry-Afters in a row take no real time, and a trigger expires by
// that clock as it would in Slack.

// newSlackClockHarness is newHarness with a Slack clock (see SlackClock).
func newSlackClockHarness(t *testing.T) *harness {
	t.Helper()
	return newHarnessWith(t, storagetest.SQLite, testclock.New(time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)))
}

// fiveTimes429 is five 429s in a row with Retry-After 1 s.
var fiveTimes429 = fakeslack.Fault{Status: http.StatusTooManyRequests, RetryAfter: 1, Times: 5}

// statusesOf returns the HTTP statuses fakeslack answered to method after
// the first n calls.
func (h *harness) statusesOf(method string, n int) []int {
	var out []int
	for _, c := range h.Slack.Calls(method)[n:] {
		out = append(out, c.Status)
	}
	return out
}

// wantFive429sThenOK fails unless method was answered, after its first n
// calls, five 429s and then a 200.
func (h *harness) wantFive429sThenOK(method string, n int) {
	h.t.Helper()
	got := h.statusesOf(method, n)
	if len(got) < 6 || got[0] != 429 || got[4] != 429 || got[5] != 200 {
		h.t.Errorf("%s answered %v, want five 429s, then 200", method, got)
	}
	h.t.Logf("%s: answered %v", method, got)
}

// TestFault_EachMethodRateLimitedFiveTimes answers each Web API method the
// bot uses with five 429s in a row (Retry-After 1 s) while a user acts:
// nothing is lost and nothing is done twice. A modal whose trigger
// expired meanwhile reaches the user through a button that opens it with
// a fresh trigger.
func TestFault_EachMethodRateLimitedFiveTimes(t *testing.T) {
	t.Run("ViewsOpen", func(t *testing.T) {
		h := newSlackClockHarness(t)
		n, eph := len(h.Slack.Calls("views.open")), len(h.Slack.Calls("chat.postEphemeral"))
		h.Slack.InjectFault("views.open", fiveTimes429)
		h.command(userFR, chanMain, "goals")
		// Five Retry-Afters outlast the trigger (3 s on Slack's clock): the
		// user is told why, in French, with a button.
		told := h.waitCallAfter(eph, "chat.postEphemeral", nil)
		mustContain(t, "ephemeral", told.Params.Get("text"), "Je n'ai pas pu ouvrir le formulaire à temps")
		reopen := buttonValue(t, told.Params.Get("blocks"), bot.ActionReopenView)
		opens := len(h.Slack.Calls("views.open"))
		h.click(fakeslack.Click{UserID: userFR, ActionID: bot.ActionReopenView, Value: reopen, ChannelID: chanMain, BlockID: "delivery_reopen"})
		v := h.viewOfResponse(h.waitCallAfter(opens, "views.open", func(c fakeslack.Call) bool { return c.Status == 200 }))
		if v.CallbackID != bot.CallbackGoal {
			t.Fatalf("the button opened %q, want the goal form", v.CallbackID)
		}
		if got := h.statusesOf("views.open", n); len(got) < 5 || got[0] != 429 {
			t.Errorf("views.open answered %v", got)
		}
		if open := h.Slack.OpenViews(userFR); len(open) != 1 {
			t.Errorf("%d modals open, want exactly one", len(open))
		}
	})
	t.Run("ViewsPush", func(t *testing.T) {
		h := newSlackClockHarness(t)
		h.addGoal(userEN, chanMain, "First goal")
		list := h.openedView(h.command(userEN, chanMain, "goals").TriggerID)
		n, eph := len(h.Slack.Calls("views.push")), len(h.Slack.Calls("chat.postEphemeral"))
		h.Slack.InjectFault("views.push", fiveTimes429)
		h.click(fakeslack.Click{UserID: userEN, ActionID: bot.ActionGoalAdd, ViewID: list.ID})
		told := h.waitCallAfter(eph, "chat.postEphemeral", nil)
		mustContain(t, "ephemeral", told.Params.Get("text"), "could not open the form in time")
		opens := len(h.Slack.Calls("views.open"))
		h.click(fakeslack.Click{UserID: userEN, ActionID: bot.ActionReopenView, Value: buttonValue(t, told.Params.Get("blocks"), bot.ActionReopenView), ChannelID: chanMain, BlockID: "delivery_reopen"})
		if v := h.viewOfResponse(h.waitCallAfter(opens, "views.open", nil)); v.CallbackID != bot.CallbackGoal {
			t.Fatalf("the button opened %q, want the goal form", v.CallbackID)
		}
		if got := h.statusesOf("views.push", n); len(got) < 5 || got[0] != 429 {
			t.Errorf("views.push answered %v", got)
		}
	})
	t.Run("ViewsUpdateAndNote", func(t *testing.T) {
		// Saving a goal redraws the list (views.update) and posts the note
		// (chat.postMessage): both wait out five 429s, and happen once.
		h := newSlackClockHarness(t)
		h.addGoal(userEN, chanMain, "First goal")
		list := h.openedView(h.command(userEN, chanMain, "goals").TriggerID)
		form := h.pushedGoalForm(list)
		upd, posts := len(h.Slack.Calls("views.update")), len(h.Slack.Calls("chat.postMessage"))
		h.Slack.InjectFault("views.update", fiveTimes429)
		h.Slack.InjectFault("chat.postMessage", fiveTimes429)
		if errs := ackErrors(t, h.submit(userEN, form.ID, goalValues("Second goal"))); errs != nil {
			t.Fatalf("goal refused: %v", errs)
		}
		h.waitCallAfter(upd, "views.update", func(c fakeslack.Call) bool { return c.Status == 200 })
		h.waitCallAfter(posts, "chat.postMessage", func(c fakeslack.Call) bool { return c.Status == 200 })
		h.stopMain() // drains the background: the counts are final
		h.wantFive429sThenOK("views.update", upd)
		h.wantFive429sThenOK("chat.postMessage", posts)
		notes := 0
		for _, m := range h.Slack.Messages(chanMain) {
			if strings.Contains(m.Text, "Second goal") {
				notes++
			}
		}
		if notes != 1 {
			t.Errorf("%d notes of the second goal, want 1", notes)
		}
	})
	t.Run("ViewsPublishAndUsersConversations", func(t *testing.T) {
		h := newSlackClockHarness(t)
		h.addGoal(userEN, chanMain, "A goal")
		pub, conv := len(h.Slack.Calls("views.publish")), len(h.Slack.Calls("users.conversations"))
		h.Slack.InjectFault("views.publish", fiveTimes429)
		h.Slack.InjectFault("users.conversations", fiveTimes429)
		if _, err := h.Slack.SendEvent(h.ctx(), "EvHome429", appHomeOpened(userEN), 0); err != nil {
			t.Fatal(err)
		}
		call := h.waitCallAfter(pub, "views.publish", func(c fakeslack.Call) bool { return c.Status == 200 })
		// users.conversations answered after its 429s: the plan is Ana's.
		mustContain(t, "home", call.Params.Get("view"), bot.ActionHomeOpenStep)
		h.stopMain()
		h.wantFive429sThenOK("views.publish", pub)
		h.wantFive429sThenOK("users.conversations", conv)
		if got := h.statusesOf("views.publish", pub); len(got) != 6 {
			t.Errorf("views.publish answered %v, want Home published once", got)
		}
	})
	t.Run("PostEphemeral", func(t *testing.T) {
		h := newSlackClockHarness(t)
		h.addGoal(userEN, chanMain, "A goal")
		n := len(h.Slack.Calls("chat.postEphemeral"))
		h.Slack.InjectFault("chat.postEphemeral", fiveTimes429)
		h.command(userEN, chanMain, "status")
		h.waitCallAfter(n, "chat.postEphemeral", func(c fakeslack.Call) bool { return c.Status == 200 })
		h.stopMain()
		h.wantFive429sThenOK("chat.postEphemeral", n)
		if got := h.statusesOf("chat.postEphemeral", n); len(got) != 6 {
			t.Errorf("chat.postEphemeral answered %v, want the status shown once", got)
		}
	})
	t.Run("UsersInfo", func(t *testing.T) {
		// users.info gets a second; five Retry-Afters do not fit in it: the
		// form opens at once, in the default language, and nothing waits.
		h := newSlackClockHarness(t)
		h.Slack.InjectFault("users.info", fiveTimes429)
		v := h.openedView(h.command(userFR, chanMain, "goals").TriggerID)
		if v.CallbackID != bot.CallbackGoal {
			t.Fatalf("opened %q", v.CallbackID)
		}
	})
	t.Run("ChatUpdate", func(t *testing.T) {
		// Approving a review rewrites its message (chat.update), once.
		h := newSlackClockHarness(t)
		c := h.addItem(userEN, chanMain, itemValues("Spring teaser", "2026-12-01", "draft"))
		list := h.openedView(h.command(userEN, chanMain, "content").TriggerID)
		ts := h.requestReview(userEN, list.ID, itemID(c))
		n := len(h.Slack.Calls("chat.update"))
		h.Slack.InjectFault("chat.update", fiveTimes429)
		h.click(fakeslack.Click{UserID: userFR, ActionID: bot.ActionReviewApprove, Value: itemID(c), ChannelID: chanMain, MessageTS: ts})
		h.waitCallAfter(n, "chat.update", func(c fakeslack.Call) bool { return c.Status == 200 })
		h.stopMain()
		h.wantFive429sThenOK("chat.update", n)
		if msg, _ := h.Slack.Message(chanMain, ts); !msg.Updated {
			t.Error("the review request was not updated")
		}
	})
	for _, method := range []string{"files.getUploadURLExternal", "upload", "files.completeUploadExternal"} {
		t.Run("Export "+method, func(t *testing.T) {
			h := newSlackClockHarness(t)
			h.addGoal(userEN, chanMain, "A goal")
			n, files := len(h.Slack.Calls(method)), len(h.Slack.Files())
			h.Slack.InjectFault(method, fiveTimes429)
			h.command(userEN, chanMain, "export")
			h.waitCall("files.completeUploadExternal", func(c fakeslack.Call) bool { return c.Status == 200 })
			h.stopMain()
			h.wantFive429sThenOK(method, n)
			shared := 0
			for _, f := range h.Slack.Files() {
				if f.Completed {
					shared++
				}
			}
			if shared != files+1 {
				t.Errorf("%d files shared, want %d: one export", shared, files+1)
			}
		})
	}
	t.Run("AuthTest", func(t *testing.T) {
		h := newSlackClockHarness(t)
		h.stopMain()
		n := len(h.Slack.Calls("auth.test"))
		h.Slack.InjectFault("auth.test", fiveTimes429)
		h.startMain() // starts once the check passes
		h.wantFive429sThenOK("auth.test", n)
	})
}

// TestFault_ServerErrors: a decision note and a reminder meet a 5xx (or a
// request that never answers) whether Slack posted them or not: each is in
// its channel once, found by its key in the history when Slack had posted
// it.
func TestFault_ServerErrors(t *testing.T) {
	cases := []struct {
		name  string
		fault fakeslack.Fault
	}{
		{"503NotPosted", fakeslack.Fault{Status: 503}},
		{"500Posted", fakeslack.Fault{Status: 500, AfterEffect: true}},
		{"TimeoutPosted", fakeslack.Fault{Hang: true, AfterEffect: true}},
		{"TimeoutNotPosted", fakeslack.Fault{Hang: true}},
		{"InternalErrorNotPosted", fakeslack.Fault{Error: "internal_error"}},
	}
	for _, tc := range cases {
		t.Run("Note"+tc.name, func(t *testing.T) {
			h := newSlackClockHarness(t)
			posts := len(h.Slack.Calls("chat.postMessage"))
			h.Slack.InjectFault("chat.postMessage", tc.fault)
			h.addGoal(userEN, chanMain, "Noted once")
			h.waitCallAfter(posts, "chat.postMessage", func(c fakeslack.Call) bool { return c.Status == 200 || tc.fault.AfterEffect })
			h.stopMain()
			if n := countMessages(h.Slack.Messages(chanMain), "Noted once"); n != 1 {
				t.Errorf("the note is in the channel %d times, want once", n)
			}
			if n := len(h.Slack.Calls("conversations.history")); n == 0 {
				t.Error("the history was not checked after the failure")
			}
		})
		t.Run("Reminder"+tc.name, func(t *testing.T) {
			h := newSlackClockHarness(t)
			e := h.addExperiment(chanMain, "2026-11-27")
			h.stopMain()
			posts := len(h.Slack.Calls("chat.postMessage"))
			h.startMain()
			h.Slack.InjectFault("chat.postMessage", tc.fault)
			h.Clock.Set(time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC))
			for range 3 { // the retry of a delivery that may have posted waits 30 s
				h.tick()
				h.Clock.Advance(time.Minute)
			}
			h.stopMain()
			n := 0
			for _, c := range h.Slack.Calls("chat.postMessage")[posts:] {
				if strings.Contains(c.Params.Get("blocks"), e.Name) && c.Status == 200 {
					n++
				}
			}
			reminders := 0
			for _, m := range h.Slack.Messages(chanMain) {
				if m.Metadata != nil && strings.Contains(string(m.Metadata.EventPayload), "reminder:") {
					reminders++
				}
			}
			if reminders != 1 {
				t.Errorf("the reminder is in the channel %d times (%d requests answered 200), want once", reminders, n)
			}
			if len(h.Slack.Calls("conversations.history")) == 0 {
				t.Error("the history was not checked after the failure")
			}
		})
	}
}

// countMessages counts the messages whose text or blocks contain sub.
func countMessages(msgs []fakeslack.Message, sub string) int {
	n := 0
	for _, m := range msgs {
		if strings.Contains(m.Text, sub) || strings.Contains(string(m.Blocks), sub) {
			n++
		}
	}
	return n
}

// buttonValue returns the value of the button actionID in blocks (JSON).
func buttonValue(t *testing.T, blocks, actionID string) string {
	t.Helper()
	var doc any
	if err := json.Unmarshal([]byte(blocks), &doc); err != nil {
		t.Fatalf("blocks %s: %v", blocks, err)
	}
	var find func(v any) string
	find = func(v any) string {
		switch v := v.(type) {
		case map[string]any:
			if v["action_id"] == actionID {
				s, _ := v["value"].(string)
				return s
			}
			for _, x := range v {
				if s := find(x); s != "" {
					return s
				}
			}
		case []any:
			for _, x := range v {
				if s := find(x); s != "" {
					return s
				}
			}
		}
		return ""
	}
	if s := find(doc); s != "" {
		return s
	}
	t.Fatalf("no button %s in %s", actionID, blocks)
	return ""
}

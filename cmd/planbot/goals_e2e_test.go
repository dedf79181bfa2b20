package main

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/planbot/planbot/bot"
	"github.com/planbot/planbot/fakeslack"
	"github.com/planbot/planbot/internal/slacktest"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/storage/storagetest"
)

const evilTitle = "<!channel> & <https://evil.example|bank>"

// goalValues are the form values of a valid goal.
func goalValues(title string) map[string]map[string]any {
	return map[string]map[string]any{
		bot.BlockGoalKind:     {bot.ActionInput: "leads"},
		bot.BlockGoalTitle:    {bot.ActionInput: title},
		bot.BlockGoalMetric:   {bot.ActionInput: "newsletter signups"},
		bot.BlockGoalBaseline: {bot.ActionInput: "120"},
		bot.BlockGoalTarget:   {bot.ActionInput: "480"},
		bot.BlockGoalUnit:     {bot.ActionInput: "signups"},
		bot.BlockGoalDeadline: {bot.ActionInput: "2027-03-31"},
		bot.BlockGoalOwner:    {bot.ActionInput: userEN},
		bot.BlockGoalLearn:    {bot.ActionInput: "which format brings signups"},
	}
}

// storedGoals reads the goals of a channel's plan straight from the database.
func (h *harness) storedGoals(channel string) []*plan.Goal {
	h.t.Helper()
	ctx := context.Background()
	p, err := h.main.Bot.Plans.FindPlanByChannel(ctx, fakeslack.TeamID, channel)
	if plan.ErrorCode(err) == plan.ENOTFOUND {
		return nil
	} else if err != nil {
		h.t.Fatal(err)
	}
	goals, _, err := h.main.Bot.Goals.FindGoals(ctx, plan.GoalFilter{PlanID: &p.ID})
	if err != nil {
		h.t.Fatal(err)
	}
	return goals
}

// addGoal runs /plan goals in channel and submits a valid goal. It returns
// the ack's trigger and the opened view.
func (h *harness) addGoal(user, channel, title string) {
	h.t.Helper()
	ack := h.command(user, channel, "goals")
	view := h.openedView(ack.TriggerID)
	if view.CallbackID != bot.CallbackGoal {
		h.t.Fatalf("opened %s, want the goal form (plan has goals already?)", view.CallbackID)
	}
	if errs := ackErrors(h.t, h.submit(user, view.ID, goalValues(title))); errs != nil {
		h.t.Fatalf("valid goal refused: %v", errs)
	}
}

func TestGoals_OpenModalWithTrigger(t *testing.T) {
	storagetest.Run(t, testGoalsOpenModalWithTrigger)
}

func testGoalsOpenModalWithTrigger(t *testing.T, backend storagetest.Backend) {
	h := newHarnessOn(t, backend)
	ack := h.command(userEN, chanMain, "goals")
	if len(ack.Payload) != 0 {
		t.Errorf("ack of /plan goals carries %s; want an empty ack", ack.Payload)
	}
	if ack.TriggerID == "" {
		t.Fatal("fakeslack sent no trigger id")
	}
	view := h.openedView(ack.TriggerID)
	if view.CallbackID != bot.CallbackGoal {
		t.Errorf("callback = %q, want %q", view.CallbackID, bot.CallbackGoal)
	}
	mustContain(t, "goal modal", string(view.JSON), "New goal", bot.BlockGoalTitle, bot.BlockGoalDeadline, `"initial_user":"`+userEN+`"`)
}

func TestGoals_InvalidSubmit(t *testing.T) {
	storagetest.Run(t, testGoalsInvalidSubmit)
}

func testGoalsInvalidSubmit(t *testing.T, backend storagetest.Backend) {
	h := newHarnessOn(t, backend)
	ack := h.command(userEN, chanMain, "goals")
	view := h.openedView(ack.TriggerID)

	t.Run("Empty", func(t *testing.T) {
		errs := ackErrors(t, h.submit(userEN, view.ID, map[string]map[string]any{
			bot.BlockGoalOwner: {bot.ActionInput: userEN},
		}))
		for _, block := range []string{bot.BlockGoalKind, bot.BlockGoalTitle, bot.BlockGoalMetric, bot.BlockGoalTarget, bot.BlockGoalDeadline} {
			if errs[block] == "" {
				t.Errorf("no error on %s; errors: %v", block, errs)
			}
		}
	})
	t.Run("NotSMART", func(t *testing.T) {
		v := goalValues("Grow signups")
		v[bot.BlockGoalTarget][bot.ActionInput] = "120" // same as the baseline
		v[bot.BlockGoalDeadline][bot.ActionInput] = "2026-11-24"
		v[bot.BlockGoalBaseline][bot.ActionInput] = "120"
		errs := ackErrors(t, h.submit(userEN, view.ID, v))
		mustContain(t, "target error", errs[bot.BlockGoalTarget], "differ from the baseline")
		mustContain(t, "deadline error", errs[bot.BlockGoalDeadline], "future")
		if len(errs) != 2 {
			t.Errorf("errors = %v, want exactly target and deadline", errs)
		}
	})
	t.Run("NotANumber", func(t *testing.T) {
		v := goalValues("Grow signups")
		v[bot.BlockGoalBaseline][bot.ActionInput] = "lots"
		errs := ackErrors(t, h.submit(userEN, view.ID, v))
		mustContain(t, "baseline error", errs[bot.BlockGoalBaseline], "must be a number")
	})
	if goals := h.storedGoals(chanMain); len(goals) != 0 {
		t.Errorf("invalid submits stored %d goals", len(goals))
	}
	// The modal is still open, so what the user typed is still there.
	if open := h.Slack.OpenViews(userEN); len(open) != 1 || open[0].ID != view.ID {
		t.Errorf("after field errors the open views are %v, want the form still open", open)
	}
	if n := len(h.Slack.Calls("chat.postMessage")); n != 0 {
		t.Errorf("%d messages posted for invalid input", n)
	}
}

func TestGoals_CreateStoresVerbatimPostsEscaped(t *testing.T) {
	storagetest.Run(t, testGoalsCreateStoresVerbatimPostsEscaped)
}

func testGoalsCreateStoresVerbatimPostsEscaped(t *testing.T, backend storagetest.Backend) {
	h := newHarnessOn(t, backend)
	h.addGoal(userEN, chanMain, evilTitle)

	goals := h.storedGoals(chanMain)
	if len(goals) != 1 {
		t.Fatalf("stored %d goals, want 1", len(goals))
	}
	g := goals[0]
	if g.Title != evilTitle || g.Target != 480 || g.Baseline != 120 || g.Kind != plan.GoalLeads || g.OwnerID != userEN || g.CreatedBy != userEN {
		t.Errorf("stored goal = %+v", g)
	}
	if got := g.Deadline.Format("2006-01-02"); got != "2027-03-31" {
		t.Errorf("deadline = %s", got)
	}

	call := h.waitCall("chat.postMessage", nil)
	if ch := call.Params.Get("channel"); ch != chanMain {
		t.Errorf("note posted in %s, want %s", ch, chanMain)
	}
	text, blocks := call.Params.Get("text"), slacktest.Unescape([]byte(call.Params.Get("blocks")))
	mustContain(t, "decision note", text+blocks, "<@"+userEN+"> added a goal", "&lt;!channel&gt; &amp; &lt;https://evil.example|bank&gt;")
	if strings.Contains(text, "<!channel>") || strings.Contains(text, "<https://evil") {
		t.Errorf("user text posted unescaped: %s", text)
	}
	if live := slacktest.LiveMarkup([]byte(call.Params.Get("blocks"))); live != "" {
		t.Errorf("user text posted unescaped in blocks: %s", live)
	}
	if open := h.Slack.OpenViews(userEN); len(open) != 0 {
		t.Errorf("modal still open after a valid submit: %v", open)
	}
}

func TestGoals_EditAndDelete(t *testing.T) {
	storagetest.Run(t, testGoalsEditAndDelete)
}

func testGoalsEditAndDelete(t *testing.T, backend storagetest.Backend) {
	h := newHarnessOn(t, backend)
	h.addGoal(userEN, chanMain, "Grow signups")
	id := h.storedGoals(chanMain)[0].ID

	list := h.openedView(h.command(userEN, chanMain, "goals").TriggerID)
	if list.CallbackID != bot.CallbackGoalsList {
		t.Fatalf("second /plan goals opened %s, want the list", list.CallbackID)
	}
	mustContain(t, "list", slacktest.Unescape(list.JSON), "Grow signups", bot.ActionGoalEdit, bot.ActionGoalDelete, `"confirm"`)

	// Edit: the form is pushed pre-filled; saving updates the list under it.
	pushes := len(h.Slack.Calls("views.push"))
	h.click(fakeslack.Click{UserID: userEN, ActionID: bot.ActionGoalEdit, BlockID: "goal_actions_" + strconv.FormatInt(id, 10), Value: strconv.FormatInt(id, 10), ViewID: list.ID})
	form := h.viewOfResponse(h.waitCallAfter(pushes, "views.push", nil))
	mustContain(t, "edit form", slacktest.Unescape(form.JSON), "Edit goal", `"initial_value":"Grow signups"`, `"initial_value":"480"`, `"initial_date":"2027-03-31"`)

	updates := len(h.Slack.Calls("views.update"))
	v := goalValues("Grow signups from Instagram")
	v[bot.BlockGoalTarget][bot.ActionInput] = "600"
	if errs := ackErrors(t, h.submit(userEN, form.ID, v)); errs != nil {
		t.Fatalf("edit refused: %v", errs)
	}
	g := h.storedGoals(chanMain)[0]
	if g.ID != id || g.Title != "Grow signups from Instagram" || g.Target != 600 {
		t.Errorf("after edit: %+v", g)
	}
	refreshed := h.waitCallAfter(updates, "views.update", nil)
	mustContain(t, "refreshed list", slacktest.Unescape(refreshed.Body), "Grow signups from Instagram")
	h.waitCall("chat.postMessage", func(c fakeslack.Call) bool { return strings.Contains(c.Params.Get("text"), "updated the goal") })

	// Delete: Slack asks for confirmation (the button's confirm object);
	// the click arrives once confirmed.
	updates = len(h.Slack.Calls("views.update"))
	h.click(fakeslack.Click{UserID: userEN, ActionID: bot.ActionGoalDelete, BlockID: "goal_actions_" + strconv.FormatInt(id, 10), Value: strconv.FormatInt(id, 10), ViewID: list.ID})
	h.waitCallAfter(updates, "views.update", nil)
	if goals := h.storedGoals(chanMain); len(goals) != 0 {
		t.Errorf("after delete %d goals remain", len(goals))
	}
	h.waitCall("chat.postMessage", func(c fakeslack.Call) bool { return strings.Contains(c.Params.Get("text"), "deleted the goal") })
}

func TestGoals_ForgedIDCannotReachAnotherPlan(t *testing.T) {
	storagetest.Run(t, testGoalsForgedIDCannotReachAnotherPlan)
}

func testGoalsForgedIDCannotReachAnotherPlan(t *testing.T, backend storagetest.Backend) {
	h := newHarnessOn(t, backend)
	h.addGoal(userEN, chanOther, "Client B goal")
	other := h.storedGoals(chanOther)[0]
	h.addGoal(userEN, chanMain, "Main goal")
	list := h.openedView(h.command(userEN, chanMain, "goals").TriggerID)

	// A delete whose value names another plan's goal must not delete it.
	updates := len(h.Slack.Calls("views.update"))
	h.click(fakeslack.Click{UserID: userEN, ActionID: bot.ActionGoalDelete, Value: strconv.FormatInt(other.ID, 10), ViewID: list.ID, BlockID: "x"})
	h.waitCallAfter(updates, "views.update", nil)
	if goals := h.storedGoals(chanOther); len(goals) != 1 {
		t.Errorf("a forged delete removed another plan's goal")
	}
}

func TestGoals_SurviveRestart(t *testing.T) {
	storagetest.Run(t, testGoalsSurviveRestart)
}

func testGoalsSurviveRestart(t *testing.T, backend storagetest.Backend) {
	h := newHarnessOn(t, backend)
	h.addGoal(userEN, chanMain, evilTitle)
	h.restart()
	list := h.openedView(h.command(userEN, chanMain, "goals").TriggerID)
	if list.CallbackID != bot.CallbackGoalsList {
		t.Fatalf("after restart /plan goals opened %s, want the list", list.CallbackID)
	}
	mustContain(t, "list after restart", slacktest.Unescape(list.JSON), "&lt;!channel&gt; &amp; &lt;https://evil.example|bank&gt;")
}

func TestGoals_French(t *testing.T) {
	storagetest.Run(t, testGoalsFrench)
}

func testGoalsFrench(t *testing.T, backend storagetest.Backend) {
	h := newHarnessOn(t, backend)
	ack := h.command(userFR, chanMain, "objectifs")
	view := h.openedView(ack.TriggerID)
	mustContain(t, "French modal", slacktest.Unescape(view.JSON), "Nouvel objectif", "Échéance", "Enregistrer")
	errs := ackErrors(t, h.submit(userFR, view.ID, map[string]map[string]any{bot.BlockGoalOwner: {bot.ActionInput: userFR}}))
	mustContain(t, "French error", errs[bot.BlockGoalMetric], "Un objectif SMART a besoin d'un indicateur")

	v := goalValues("Plus d'inscriptions")
	v[bot.BlockGoalOwner][bot.ActionInput] = userFR
	v[bot.BlockGoalBaseline][bot.ActionInput] = "2,5" // a decimal comma
	if errs := ackErrors(t, h.submit(userFR, view.ID, v)); errs != nil {
		t.Fatalf("French goal refused: %v", errs)
	}
	if g := h.storedGoals(chanMain); len(g) != 1 || g[0].Baseline != 2.5 {
		t.Fatalf("stored %+v", g)
	}
	// The plan was created by a French user, so its channel notes are French.
	call := h.waitCall("chat.postMessage", nil)
	mustContain(t, "French note", call.Params.Get("text"), "a ajouté un objectif")
	mustContain(t, "French note blocks", slacktest.Unescape([]byte(call.Params.Get("blocks"))), "2,5\u00a0signups", "d'ici le 31\u00a0mars 2027")

	help := h.command(userFR, chanMain, "aide")
	mustContain(t, "French help", slacktest.Unescape(help.Payload), "votre plan de médias sociaux", "Public cible")
}

func TestHelp(t *testing.T) {
	h := newHarness(t)
	for _, text := range []string{"", "help"} {
		ack := h.command(userEN, chanMain, text)
		var resp struct {
			ResponseType string            `json:"response_type"`
			Blocks       []json.RawMessage `json:"blocks"`
		}
		if err := json.Unmarshal(ack.Payload, &resp); err != nil {
			t.Fatalf("/plan %q ack: %v", text, err)
		}
		if resp.ResponseType != "ephemeral" {
			t.Errorf("/plan %q response_type = %q", text, resp.ResponseType)
		}
		mustContain(t, "help", string(ack.Payload), "1. Goals", "2. Audience", "3. Content", "4. Calls to action",
			"5. Networks", "6. Experiments", "7. Engage", "8. Measure", "9. Adapt")
	}
	unknown := h.command(userEN, chanMain, "<!here> banana")
	mustContain(t, "unknown subcommand", slacktest.Unescape(unknown.Payload), "I don't know", "&lt;!here&gt;", "1. Goals")
	if live := slacktest.LiveMarkup(unknown.Payload); live != "" {
		t.Errorf("unknown subcommand echoed unescaped: %s", live)
	}

	// The help's Open button opens the step.
	opens := len(h.Slack.Calls("views.open"))
	h.click(fakeslack.Click{UserID: userEN, ActionID: bot.ActionOpenStep, BlockID: "help_goals", Value: "goals", ChannelID: chanMain, MessageTS: "1.000001"})
	h.waitCallAfter(opens, "views.open", nil)
}

func TestGoals_NoteWhenBotNotInChannel(t *testing.T) {
	storagetest.Run(t, testGoalsNoteWhenBotNotInChannel)
}

func testGoalsNoteWhenBotNotInChannel(t *testing.T, backend storagetest.Backend) {
	h := newHarnessOn(t, backend)
	h.addGoal(userEN, chanNoBot, "Goal in a channel without the bot")
	if goals := h.storedGoals(chanNoBot); len(goals) != 1 {
		t.Fatalf("stored %d goals, want 1: the decision must not be lost", len(goals))
	}
	dm := h.waitCall("chat.postMessage", func(c fakeslack.Call) bool { return c.Params.Get("channel") == userEN })
	mustContain(t, "direct message", dm.Params.Get("text"), "/invite @planbot", "<#"+chanNoBot+">")
}

func TestGoals_SlackFailureLosesNothing(t *testing.T) {
	storagetest.Run(t, testGoalsSlackFailureLosesNothing)
}

func testGoalsSlackFailureLosesNothing(t *testing.T, backend storagetest.Backend) {
	h := newHarnessOn(t, backend)
	h.Slack.InjectFault("chat.postMessage", fakeslack.Fault{Status: 500, Times: 3})
	h.addGoal(userEN, chanMain, "Stored even when Slack fails")
	if goals := h.storedGoals(chanMain); len(goals) != 1 {
		t.Fatalf("stored %d goals, want 1", len(goals))
	}
}

// TestGoals_NoteRetriedOnceAfter429 answers the decision note with a 429:
// nothing was posted, so the bot posts it once after Retry-After.
func TestGoals_NoteRetriedOnceAfter429(t *testing.T) {
	storagetest.Run(t, testGoalsNoteRetriedOnceAfter429)
}

func testGoalsNoteRetriedOnceAfter429(t *testing.T, backend storagetest.Backend) {
	h := newHarnessOn(t, backend)
	h.Slack.InjectFault("chat.postMessage", fakeslack.Fault{Status: 429, RetryAfter: 1})
	h.addGoal(userEN, chanMain, "Posted after the rate limit")
	h.waitCall("chat.postMessage", func(c fakeslack.Call) bool { return c.Status == 200 })
	h.stopMain()
	calls := h.Slack.Calls("chat.postMessage")
	if len(calls) != 2 || calls[0].Status != 429 || calls[1].Status != 200 {
		var got []int
		for _, c := range calls {
			got = append(got, c.Status)
		}
		t.Errorf("chat.postMessage statuses %v, want [429 200]", got)
	}
	if n := len(h.Slack.Messages(chanMain)); n != 1 {
		t.Errorf("%d notes in the channel, want 1", n)
	}
}

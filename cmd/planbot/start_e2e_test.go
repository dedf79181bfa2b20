package main

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/bot"
	"github.com/planbot/planbot/fakeslack"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/storage/storagetest"
	"github.com/planbot/planbot/templates"
)

// walkNext submits the screen of /plan start viewID and returns it as the
// submission's ack updated it: the next step, in place.
func (h *harness) walkNext(user, viewID string, want int) fakeslack.View {
	h.t.Helper()
	ack := h.submit(user, viewID, nil)
	var resp struct {
		ResponseAction string `json:"response_action"`
	}
	if err := json.Unmarshal(ack.Payload, &resp); err != nil || resp.ResponseAction != "update" {
		h.t.Fatalf("Next acked with %s, want an update", ack.Payload)
	}
	v, ok := h.Slack.View(viewID)
	if !ok || v.CallbackID != bot.CallbackStartStep || !strings.Contains(v.PrivateMetadata, `"k":`+strconv.Itoa(want)) {
		h.t.Fatalf("after Next: view %s (%s), want step %d", v.CallbackID, v.PrivateMetadata, want)
	}
	return v
}

// TestStart_TemplateWalk: in a channel with no plan the help points to
// /plan start; a template chosen there is stored (steps 1 to 5, KPI types
// included), each step's screen shows what it filled and edits it in
// place, Next walks steps 1 to 5 in one modal, and the last ends on
// /plan status.
func TestStart_TemplateWalk(t *testing.T) {
	storagetest.Run(t, testStartTemplateWalk)
}

func testStartTemplateWalk(t *testing.T, backend storagetest.Backend) {
	for _, tc := range []struct {
		user, lang, word, template string
	}{
		{userEN, "en", "start", "bakery"},
		{userFR, "fr", "démarrer", "ecommerce"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			h := newHarnessOn(t, backend)
			help := h.command(tc.user, chanMain, "")
			mustContain(t, "help in a channel with no plan", string(help.Payload), `"block_id":"help_start"`, `"value":"start"`)

			pick := h.openedView(h.command(tc.user, chanMain, tc.word).TriggerID)
			if pick.CallbackID != bot.CallbackStartPick {
				t.Fatalf("/plan %s opened %s", tc.word, pick.CallbackID)
			}
			tpl, err := templates.Load(tc.template, tc.lang, h.Clock.Now(), nil)
			if err != nil {
				t.Fatal(err)
			}
			mustContain(t, "the first screen", string(pick.JSON), tpl.Name)

			notes := len(h.Slack.Calls("chat.postMessage"))
			ack := h.submit(tc.user, pick.ID, formValues{bot.BlockStartTemplate: {bot.ActionInput: tc.template}})
			if errs := ackErrors(t, ack); errs != nil {
				t.Fatalf("template refused: %v", errs)
			}
			step, _ := h.Slack.View(pick.ID)
			if step.CallbackID != bot.CallbackStartStep {
				t.Fatalf("after the choice: %s, want step 1 in place", step.CallbackID)
			}

			// Stored through the services: every entity, in the user's
			// language, goals with their KPI types.
			goals := h.storedGoals(chanMain)
			if len(goals) != len(tpl.Goals) || len(h.storedPersonas(chanMain)) != len(tpl.Personas) ||
				len(h.storedCTAs(chanMain)) != len(tpl.CTAs) || len(h.storedChannels(chanMain)) != len(tpl.Channels) {
				t.Fatalf("stored %d goals, %d personas, %d CTAs, %d networks; the template has %d, %d, %d, %d",
					len(goals), len(h.storedPersonas(chanMain)), len(h.storedCTAs(chanMain)), len(h.storedChannels(chanMain)),
					len(tpl.Goals), len(tpl.Personas), len(tpl.CTAs), len(tpl.Channels))
			}
			for i, g := range goals {
				if g.Title != tpl.Goals[i].Goal.Title || g.KPI != tpl.Goals[i].Goal.KPI || g.KPI.IsZero() {
					t.Errorf("goal %d stored as %q %+v, want %q %+v", i, g.Title, g.KPI, tpl.Goals[i].Goal.Title, tpl.Goals[i].Goal.KPI)
				}
			}
			p := h.stepPlan(chanMain)
			pillars, _, err := h.main.Bot.Strategy.FindPillars(context.Background(), plan.PillarFilter{PlanID: &p.ID})
			if err != nil || len(pillars) != len(tpl.Pillars) {
				t.Fatalf("%d pillars (%v), want %d", len(pillars), err, len(tpl.Pillars))
			}
			h.waitCallAfter(notes, "chat.postMessage", func(c fakeslack.Call) bool {
				return c.Params.Get("channel") == chanMain && strings.Contains(c.Params.Get("text"), tpl.Name)
			})

			// Step 1 shows the goals; Edit pushes the goal's form, and
			// saving it redraws the walk's screen, not the plain list.
			mustContain(t, "step 1", string(step.JSON), goals[0].Title, bot.ActionGoalEdit)
			form := h.pushed(tc.user, step.ID, bot.ActionGoalEdit, strconv.FormatInt(goals[0].ID, 10))
			updates := len(h.Slack.Calls("views.update"))
			h.mustSubmit(tc.user, form.ID, goalValues("Our own first goal"))
			h.waitCallAfter(updates, "views.update", func(c fakeslack.Call) bool { return c.Params.Get("view_id") == step.ID })
			step, _ = h.Slack.View(step.ID)
			if step.CallbackID != bot.CallbackStartStep {
				t.Fatalf("the saved form redrew %s, want the walk's screen", step.CallbackID)
			}
			mustContain(t, "step 1 redrawn", string(step.JSON), "Our own first goal")

			wants := []string{tpl.Personas[0].Name, tpl.Pillars[0].Pillar.Name, tpl.CTAs[0].CTA.Text, "fit_"}
			for n := 2; n <= 5; n++ {
				step = h.walkNext(tc.user, step.ID, n)
				mustContain(t, "step "+strconv.Itoa(n), slackText(step.JSON), wants[n-2])
				if n != 3 {
					continue
				}
				// Step 3 shows the voice and tone, and edits them in place.
				mustContain(t, "step 3", slackText(step.JSON), string([]rune(tpl.Strategy.Voice)[:20]))
				form := h.pushed(tc.user, step.ID, bot.ActionStrategyEdit, strconv.FormatInt(h.stepPlan(chanMain).ID, 10))
				updates := len(h.Slack.Calls("views.update"))
				h.mustSubmit(tc.user, form.ID, formValues{bot.BlockStrategyVoice: {bot.ActionInput: "Warm and local"}})
				h.waitCallAfter(updates, "views.update", func(c fakeslack.Call) bool { return c.Params.Get("view_id") == step.ID })
				if step, _ = h.Slack.View(step.ID); step.CallbackID != bot.CallbackStartStep || !strings.Contains(string(step.JSON), "Warm and local") {
					t.Fatalf("the saved voice redrew %s, want the walk's step 3 with the new voice", step.CallbackID)
				}
			}
			// Step 5 is the networks' list kit: a network edited from the
			// walk redraws the walk's screen too.
			nw := h.storedChannels(chanMain)[0]
			form = h.pushed(tc.user, step.ID, bot.ActionChannelEdit, strconv.FormatInt(nw.ID, 10))
			updates = len(h.Slack.Calls("views.update"))
			h.mustSubmit(tc.user, form.ID, formValues{bot.BlockChannelCadence: {bot.ActionInput: "twice a day"}})
			h.waitCallAfter(updates, "views.update", func(c fakeslack.Call) bool { return c.Params.Get("view_id") == step.ID })
			if step, _ = h.Slack.View(step.ID); step.CallbackID != bot.CallbackStartStep || !strings.Contains(string(step.JSON), "twice a day") {
				t.Fatalf("the saved network redrew %s, want the walk's screen with the new cadence", step.CallbackID)
			}

			ephemerals := len(h.Slack.Calls("chat.postEphemeral"))
			if ack := h.submit(tc.user, step.ID, nil); len(ack.Payload) != 0 {
				t.Errorf("Finish acked with %s, want the walk closed", ack.Payload)
			}
			status := h.waitCallAfter(ephemerals, "chat.postEphemeral", func(c fakeslack.Call) bool { return c.Params.Get("user") == tc.user })
			mustContain(t, "the status at the end", status.Params.Get("blocks"), "status_goals")
			if v, _ := h.Slack.View(step.ID); !v.Closed {
				t.Error("the walk is still open after Finish")
			}

			help = h.command(tc.user, chanMain, "help")
			if strings.Contains(string(help.Payload), "help_start") {
				t.Error("the help still points to /plan start in a channel with a plan")
			}
		})
	}
}

// slackText is a view's JSON with Slack's escapes undone, to look for
// user text in it.
func slackText(raw json.RawMessage) string {
	var s any
	_ = json.Unmarshal(raw, &s)
	b, _ := json.Marshal(s)
	return strings.NewReplacer(`\u0026`, "&", `\u003c`, "<", `\u003e`, ">", "&amp;", "&", "&lt;", "<", "&gt;", ">").Replace(string(b))
}

// TestStart_PlanWithContent: a plan with content is offered no template
// (it would mix with it), and a blank start walks the steps as they are.
func TestStart_PlanWithContent(t *testing.T) {
	h := newHarness(t)
	h.addGoal(userEN, chanMain, "Grow signups")
	pick := h.openedView(h.command(userEN, chanMain, "start").TriggerID)
	mustContain(t, "the first screen", string(pick.JSON), "start_not_empty")
	if strings.Contains(string(pick.JSON), `"bakery"`) {
		t.Error("a plan with content is offered a template")
	}
	errs := ackErrors(t, h.submit(userEN, pick.ID, formValues{bot.BlockStartTemplate: {bot.ActionInput: "blank"}}))
	if errs != nil {
		t.Fatalf("blank refused: %v", errs)
	}
	step, _ := h.Slack.View(pick.ID)
	if step.CallbackID != bot.CallbackStartStep {
		t.Fatalf("blank start opened %s", step.CallbackID)
	}
	if n := len(h.storedGoals(chanMain)); n != 1 || len(h.storedPersonas(chanMain)) != 0 {
		t.Errorf("a blank start stored things: %d goals", n)
	}
}

// TestStatus_ReplyOverdue: issue 15's "Engage · done" with a reply 11 days
// overdue; the status now says why step 7 is not done.
func TestStatus_ReplyOverdue(t *testing.T) {
	h := newHarness(t)
	h.addGoal(userEN, chanMain, "Grow signups")
	p := h.stepPlan(chanMain)
	it := &plan.EngagementItem{PlanID: p.ID, Network: plan.NetworkInstagram, Kind: plan.EngagementQuestion, Excerpt: "Where is my order?",
		OwnerID: userEN, Due: h.Clock.Now().Add(2 * time.Hour), CreatedBy: userEN}
	if err := h.main.Bot.Engagement.CreateEngagementItem(adaptCtx(), it); err != nil {
		t.Fatal(err)
	}
	mustContain(t, "engage on time", statusLine(t, h.status(userEN, chanMain), "engage"), "done (1)")
	h.Clock.Advance(11*24*time.Hour + 2*time.Hour)
	mustContain(t, "engage 11 days later", statusLine(t, h.status(userEN, chanMain), "engage"),
		":large_yellow_circle:", "Replies overdue: 1, the oldest by 11 days")
}

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
	"github.com/planbot/planbot/internal/slacktest"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/storage/storagetest"
)

// End-to-end tests of steps 2 to 5, /plan status, /plan settings and the
// App Home, through fakeslack and the real Main.

type formValues = map[string]map[string]any

// stepPlan reads the plan of a channel straight from the database.
func (h *harness) stepPlan(channel string) *plan.Plan {
	h.t.Helper()
	p, err := h.main.Bot.Plans.FindPlanByChannel(context.Background(), fakeslack.TeamID, channel)
	if err != nil {
		h.t.Fatal(err)
	}
	return p
}

func (h *harness) storedPersonas(channel string) []*plan.Persona {
	h.t.Helper()
	p := h.stepPlan(channel)
	out, _, err := h.main.Bot.Personas.FindPersonas(context.Background(), plan.PersonaFilter{PlanID: &p.ID})
	if err != nil {
		h.t.Fatal(err)
	}
	return out
}

func (h *harness) storedItems(channel string) []*plan.ContentItem {
	h.t.Helper()
	p := h.stepPlan(channel)
	out, _, err := h.main.Bot.Content.FindContentItems(context.Background(), plan.ContentFilter{PlanID: &p.ID})
	if err != nil {
		h.t.Fatal(err)
	}
	return out
}

func (h *harness) storedCTAs(channel string) []*plan.CTA {
	h.t.Helper()
	p := h.stepPlan(channel)
	out, _, err := h.main.Bot.CTAs.FindCTAs(context.Background(), plan.CTAFilter{PlanID: &p.ID})
	if err != nil {
		h.t.Fatal(err)
	}
	return out
}

func (h *harness) storedChannels(channel string) []*plan.Channel {
	h.t.Helper()
	p := h.stepPlan(channel)
	out, _, err := h.main.Bot.Channels.FindChannels(context.Background(), plan.ChannelFilter{PlanID: &p.ID})
	if err != nil {
		h.t.Fatal(err)
	}
	return out
}

// pushed clicks actionID in the modal viewID and returns the view pushed
// over it.
func (h *harness) pushed(user, viewID, actionID, value string) fakeslack.View {
	h.t.Helper()
	n := len(h.Slack.Calls("views.push"))
	h.click(fakeslack.Click{UserID: user, ActionID: actionID, Value: value, ViewID: viewID})
	return h.viewOfResponse(h.waitCallAfter(n, "views.push", nil))
}

// stepForm runs /plan text and returns the form of a new entity: opened
// at once when the step is empty, else pushed with addAction over the list.
func (h *harness) stepForm(user, channel, text, formCallback, addAction string) fakeslack.View {
	h.t.Helper()
	v := h.openedView(h.command(user, channel, text).TriggerID)
	if v.CallbackID == formCallback {
		return v
	}
	return h.pushed(user, v.ID, addAction, "")
}

// mustSubmit submits values and fails on field errors.
func (h *harness) mustSubmit(user, viewID string, values formValues) {
	h.t.Helper()
	if errs := ackErrors(h.t, h.submit(user, viewID, values)); errs != nil {
		h.t.Fatalf("valid form refused: %v", errs)
	}
}

func personaValues(name string, networks ...string) formValues {
	return formValues{
		bot.BlockPersonaName:      {bot.ActionInput: name},
		bot.BlockPersonaWho:       {bot.ActionInput: "Busy parent " + evilTitle},
		bot.BlockPersonaInterests: {bot.ActionInput: "recipes"},
		bot.BlockPersonaNetworks:  {bot.ActionInput: networks},
	}
}

// addPersona adds a persona through its form and returns it.
func (h *harness) addPersona(user, channel, name string, networks ...string) *plan.Persona {
	h.t.Helper()
	form := h.stepForm(user, channel, "audience", bot.CallbackPersona, bot.ActionPersonaAdd)
	h.mustSubmit(user, form.ID, personaValues(name, networks...))
	for _, p := range h.storedPersonas(channel) {
		if p.Name == name {
			return p
		}
	}
	h.t.Fatalf("persona %s not stored", name)
	return nil
}

func itemValues(title, date, status string) formValues {
	v := formValues{
		bot.BlockContentTitle:    {bot.ActionInput: title},
		bot.BlockContentNetwork:  {bot.ActionInput: "instagram"},
		bot.BlockContentFormat:   {bot.ActionInput: "image"},
		bot.BlockContentCopy:     {bot.ActionInput: "Spring is here " + evilTitle},
		bot.BlockContentLink:     {bot.ActionInput: "https://acme.example/spring.jpg"},
		bot.BlockContentDate:     {bot.ActionInput: date},
		bot.BlockContentTime:     {bot.ActionInput: "10:00"},
		bot.BlockContentOwner:    {bot.ActionInput: userEN},
		bot.BlockContentReviewer: {bot.ActionInput: userFR},
		bot.BlockContentStatus:   {bot.ActionInput: status},
	}
	if date == "" {
		delete(v, bot.BlockContentDate)
		delete(v, bot.BlockContentTime)
	}
	return v
}

// addItem adds a content item through the content list and returns it.
func (h *harness) addItem(user, channel string, values formValues) *plan.ContentItem {
	h.t.Helper()
	list := h.openedView(h.command(user, channel, "content").TriggerID)
	form := h.pushed(user, list.ID, bot.ActionContentAdd, "")
	h.mustSubmit(user, form.ID, values)
	title := values[bot.BlockContentTitle][bot.ActionInput]
	for _, c := range h.storedItems(channel) {
		if c.Title == title {
			return c
		}
	}
	h.t.Fatalf("item %v not stored", title)
	return nil
}

// status runs /plan status and returns the blocks posted, decoded.
func (h *harness) status(user, channel string) string {
	h.t.Helper()
	n := len(h.Slack.Calls("chat.postEphemeral"))
	h.command(user, channel, "status")
	call := h.waitCallAfter(n, "chat.postEphemeral", nil)
	return slacktest.Unescape([]byte(call.Params.Get("blocks")))
}

// statusLine returns the text of one step's line in a status.
func statusLine(t *testing.T, blocks, step string) string {
	t.Helper()
	var doc []struct {
		BlockID string `json:"block_id"`
		Text    struct {
			Text string `json:"text"`
		} `json:"text"`
	}
	if err := json.Unmarshal([]byte(blocks), &doc); err != nil {
		t.Fatalf("status blocks: %v", err)
	}
	for _, b := range doc {
		if b.BlockID == "status_"+step {
			return b.Text.Text
		}
	}
	t.Fatalf("status has no line for %s", step)
	return ""
}

// noteAfter waits for a chat.postMessage after the first n whose text
// holds sub, and checks that user text is escaped in it.
func (h *harness) noteAfter(n int, sub string) fakeslack.Call {
	h.t.Helper()
	call := h.waitCallAfter(n, "chat.postMessage", func(c fakeslack.Call) bool { return strings.Contains(c.Params.Get("text"), sub) })
	if live := slacktest.LiveMarkup([]byte(call.Params.Get("blocks"))); live != "" {
		h.t.Errorf("note posts user text unescaped: %s", live)
	}
	return call
}

func TestSteps_Audience(t *testing.T) {
	storagetest.Run(t, testStepsAudience)
}

func testStepsAudience(t *testing.T, backend storagetest.Backend) {
	h := newHarnessOn(t, backend)
	form := h.openedView(h.command(userEN, chanMain, "audience").TriggerID)
	if form.CallbackID != bot.CallbackPersona {
		t.Fatalf("/plan audience opened %s, want the persona form", form.CallbackID)
	}

	errs := ackErrors(t, h.submit(userEN, form.ID, formValues{bot.BlockPersonaNotes: {bot.ActionInput: "n"}}))
	if errs[bot.BlockPersonaName] == "" || errs[bot.BlockPersonaWho] == "" {
		t.Errorf("empty persona: errors %v, want name and who", errs)
	}
	if n := len(h.storedPersonas(chanMain)); n != 0 {
		t.Fatalf("invalid persona stored (%d)", n)
	}

	notes := len(h.Slack.Calls("chat.postMessage"))
	h.mustSubmit(userEN, form.ID, personaValues("Sophie", "tiktok", "instagram"))
	stored := h.storedPersonas(chanMain)
	if len(stored) != 1 || stored[0].Who != "Busy parent "+evilTitle || len(stored[0].Networks) != 2 || stored[0].Networks[0] != plan.NetworkInstagram {
		t.Fatalf("stored %+v", stored)
	}
	h.noteAfter(notes, "added a persona")

	// The same name, whatever its case, is refused.
	form = h.stepForm(userEN, chanMain, "audience", bot.CallbackPersona, bot.ActionPersonaAdd)
	errs = ackErrors(t, h.submit(userEN, form.ID, personaValues("SOPHIE")))
	mustContain(t, "duplicate name", errs[bot.BlockPersonaName], "has this name")

	// Shown in the list; edited and deleted from it.
	list := h.openedView(h.command(userEN, chanMain, "audience").TriggerID)
	mustContain(t, "personas list", slacktest.Unescape(list.JSON), "*Sophie*", "Instagram, TikTok", "&lt;!channel&gt;")
	id := strconv.FormatInt(stored[0].ID, 10)
	edit := h.pushed(userEN, list.ID, bot.ActionPersonaEdit, id)
	mustContain(t, "edit form", slacktest.Unescape(edit.JSON), `"initial_value":"Sophie"`)
	updates := len(h.Slack.Calls("views.update"))
	h.mustSubmit(userEN, edit.ID, personaValues("Sophie B.", "instagram"))
	mustContain(t, "refreshed list", slacktest.Unescape(h.waitCallAfter(updates, "views.update", nil).Body), "Sophie B.")

	updates = len(h.Slack.Calls("views.update"))
	h.click(fakeslack.Click{UserID: userEN, ActionID: bot.ActionPersonaDelete, Value: id, ViewID: list.ID})
	h.waitCallAfter(updates, "views.update", nil)
	if n := len(h.storedPersonas(chanMain)); n != 0 {
		t.Errorf("%d personas after delete", n)
	}
}

func TestSteps_NetworksAndFitMatrix(t *testing.T) {
	storagetest.Run(t, testStepsNetworksAndFitMatrix)
}

func testStepsNetworksAndFitMatrix(t *testing.T, backend storagetest.Backend) {
	h := newHarnessOn(t, backend)
	sophie := h.addPersona(userEN, chanMain, "Sophie", "instagram")
	h.addPersona(userEN, chanMain, "Marc", "linkedin")

	form := h.openedView(h.command(userEN, chanMain, "channels").TriggerID)
	if form.CallbackID != bot.CallbackChannel {
		t.Fatalf("/plan channels opened %s, want the network form", form.CallbackID)
	}
	errs := ackErrors(t, h.submit(userEN, form.ID, formValues{bot.BlockChannelCadence: {bot.ActionInput: "daily"}}))
	for _, b := range []string{bot.BlockChannelNetwork, bot.BlockChannelRole, bot.BlockChannelWhy} {
		if errs[b] == "" {
			t.Errorf("no error on %s: %v", b, errs)
		}
	}
	if n := len(h.storedChannels(chanMain)); n != 0 {
		t.Fatalf("invalid network stored")
	}
	values := formValues{
		bot.BlockChannelNetwork:  {bot.ActionInput: "instagram"},
		bot.BlockChannelRole:     {bot.ActionInput: "awareness"},
		bot.BlockChannelWhy:      {bot.ActionInput: "Parents scroll there " + evilTitle},
		bot.BlockChannelPersonas: {bot.ActionInput: []string{strconv.FormatInt(sophie.ID, 10)}},
		bot.BlockChannelCadence:  {bot.ActionInput: "3 posts a week"},
	}
	h.mustSubmit(userEN, form.ID, values)
	chosen := h.storedChannels(chanMain)
	if len(chosen) != 1 || chosen[0].Network != plan.NetworkInstagram || len(chosen[0].PersonaIDs) != 1 || chosen[0].PersonaIDs[0] != sophie.ID {
		t.Fatalf("stored %+v", chosen)
	}

	// The fit matrix flags Marc, whom no chosen network reaches.
	list := h.openedView(h.command(userEN, chanMain, "channels").TriggerID)
	mustContain(t, "networks list", slacktest.Unescape(list.JSON), "fit_matrix", "Reached by no chosen network: *Marc*", "Parents scroll there &lt;!channel&gt;")
	// The matrix says, in words, that Instagram reaches Sophie.
	mustContain(t, "fit matrix", slacktest.Unescape(list.JSON), ":white_check_mark: *Sophie*: Instagram")
	if strings.Contains(slacktest.Unescape(list.JSON), "network: *Sophie*") {
		t.Error("Sophie is flagged though Instagram reaches her")
	}
	// Step 2 is done once every persona is reached (issue 15).
	mustContain(t, "status", statusLine(t, h.status(userEN, chanMain), "audience"), "Personas reached by no chosen network: *Marc*")

	// A network is chosen once.
	again := h.pushed(userEN, list.ID, bot.ActionChannelAdd, "")
	errs = ackErrors(t, h.submit(userEN, again.ID, values))
	mustContain(t, "duplicate network", errs[bot.BlockChannelNetwork], "chosen already")
	if n := len(h.storedChannels(chanMain)); n != 1 {
		t.Errorf("%d networks stored, want 1", n)
	}

	// Stopped in the form, Instagram reaches Sophie no more.
	edit := h.pushed(userEN, list.ID, bot.ActionChannelEdit, strconv.FormatInt(chosen[0].ID, 10))
	mustContain(t, "edit form", slacktest.Unescape(edit.JSON), bot.BlockChannelStatus, `"initial_option":{"text":{"type":"plain_text","text":"Active","emoji":false},"value":"active"}`)
	values[bot.BlockChannelStatus] = map[string]any{bot.ActionInput: "stopped"}
	h.mustSubmit(userEN, edit.ID, values)
	stopped := h.storedChannels(chanMain)
	if len(stopped) != 1 || stopped[0].Status != plan.ChannelStopped || stopped[0].StatusBy != userEN || stopped[0].StatusSince.IsZero() ||
		stopped[0].Cadence != "3 posts a week" {
		t.Fatalf("stopped in the form: %+v", stopped)
	}
	mustContain(t, "status after the stop", statusLine(t, h.status(userEN, chanMain), "audience"), "Personas reached by no chosen network:", "*Sophie*", "*Marc*")
}

func TestSteps_CTAWithUTMLink(t *testing.T) {
	storagetest.Run(t, testStepsCTAWithUTMLink)
}

func testStepsCTAWithUTMLink(t *testing.T, backend storagetest.Backend) {
	h := newHarnessOn(t, backend)
	noGoal := h.openedView(h.command(userEN, chanMain, "cta").TriggerID)
	mustContain(t, "CTA without goals", slacktest.Unescape(noGoal.JSON), "add a goal first")

	h.addGoal(userEN, chanMain, "Grow the newsletter")
	goal := h.storedGoals(chanMain)[0]
	mustContain(t, "status before", statusLine(t, h.status(userEN, chanMain), "cta"), "Goals with no call to action: *Grow the newsletter*")

	form := h.openedView(h.command(userEN, chanMain, "cta").TriggerID)
	if form.CallbackID != bot.CallbackCTA {
		t.Fatalf("/plan cta opened %s, want the CTA form", form.CallbackID)
	}
	errs := ackErrors(t, h.submit(userEN, form.ID, formValues{bot.BlockCTAURL: {bot.ActionInput: "acme dot com"}}))
	for _, b := range []string{bot.BlockCTAKind, bot.BlockCTAText, bot.BlockCTAURL, bot.BlockCTAGoal, bot.BlockCTANetwork} {
		if errs[b] == "" {
			t.Errorf("no error on %s: %v", b, errs)
		}
	}
	if n := len(h.storedCTAs(chanMain)); n != 0 {
		t.Fatal("invalid CTA stored")
	}
	notes := len(h.Slack.Calls("chat.postMessage"))
	h.mustSubmit(userEN, form.ID, formValues{
		bot.BlockCTAKind:    {bot.ActionInput: "email_signup"},
		bot.BlockCTAText:    {bot.ActionInput: "Get the weekly recipe " + evilTitle},
		bot.BlockCTAURL:     {bot.ActionInput: "https://acme.example/signup?ref=bio"},
		bot.BlockCTAGoal:    {bot.ActionInput: strconv.FormatInt(goal.ID, 10)},
		bot.BlockCTANetwork: {bot.ActionInput: "instagram"},
	})
	ctas := h.storedCTAs(chanMain)
	if len(ctas) != 1 || ctas[0].GoalID != goal.ID || ctas[0].URL != "https://acme.example/signup?ref=bio" {
		t.Fatalf("stored %+v", ctas)
	}
	// The plan is named after its channel, #acme-social.
	const tagged = "https://acme.example/signup?ref=bio&amp;utm_source=instagram&amp;utm_medium=social&amp;utm_campaign=acme-social-grow-the-newsletter"
	note := h.noteAfter(notes, "added a call to action")
	mustContain(t, "CTA note", slacktest.Unescape([]byte(note.Params.Get("blocks"))), tagged)

	list := h.openedView(h.command(userEN, chanMain, "cta").TriggerID)
	mustContain(t, "CTA list", slacktest.Unescape(list.JSON), tagged, "Get the weekly recipe &lt;!channel&gt;")
	if strings.Contains(slacktest.Unescape(list.JSON), "ctas_goals_without") {
		t.Error("the goal is still flagged as having no call to action")
	}
	if line := statusLine(t, h.status(userEN, chanMain), "cta"); strings.Contains(line, "no call to action") || !strings.Contains(line, "done") {
		t.Errorf("status after the CTA: %s", line)
	}
}

// requestReview clicks Request review on item id in the content list
// listID, waits until the request is posted and recorded (the list is
// redrawn after), and returns the ts of the request.
func (h *harness) requestReview(user, listID, id string) string {
	h.t.Helper()
	posts, updates := len(h.Slack.Calls("chat.postMessage")), len(h.Slack.Calls("views.update"))
	h.click(fakeslack.Click{UserID: user, ActionID: bot.ActionContentReview, Value: id, ViewID: listID})
	call := h.waitCallAfter(posts, "chat.postMessage", func(c fakeslack.Call) bool {
		return strings.Contains(c.Params.Get("blocks"), bot.ActionReviewApprove)
	})
	h.waitCallAfter(updates, "views.update", func(c fakeslack.Call) bool { return c.Params.Get("view_id") == listID })
	var resp struct {
		TS string `json:"ts"`
	}
	if err := json.Unmarshal(call.Response, &resp); err != nil || resp.TS == "" {
		h.t.Fatalf("review request response %s", call.Response)
	}
	return resp.TS
}

func TestSteps_ContentAndReview(t *testing.T) {
	storagetest.Run(t, testStepsContentAndReview)
}

func testStepsContentAndReview(t *testing.T, backend storagetest.Backend) {
	h := newHarnessOn(t, backend)
	list := h.openedView(h.command(userEN, chanMain, "content").TriggerID)
	if list.CallbackID != bot.CallbackContentList {
		t.Fatalf("/plan content opened %s", list.CallbackID)
	}
	form := h.pushed(userEN, list.ID, bot.ActionContentAdd, "")
	bad := itemValues("", "", "scheduled")
	bad[bot.BlockContentLink][bot.ActionInput] = "spring.jpg"
	delete(bad, bot.BlockContentTime)
	errs := ackErrors(t, h.submit(userEN, form.ID, bad))
	for _, b := range []string{bot.BlockContentTitle, bot.BlockContentLink, bot.BlockContentDate} {
		if errs[b] == "" {
			t.Errorf("no error on %s: %v", b, errs)
		}
	}
	if n := len(h.storedItems(chanMain)); n != 0 {
		t.Fatal("invalid item stored")
	}

	updates := len(h.Slack.Calls("views.update"))
	h.mustSubmit(userEN, form.ID, itemValues("Spring teaser "+evilTitle, "2026-12-01", "draft"))
	items := h.storedItems(chanMain)
	// The plan's zone is Ana's, Europe/London: 10:00 in December is 10:00 UTC.
	if len(items) != 1 || !items[0].PublishAt.Equal(time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)) || items[0].ReviewerID != userFR || items[0].Status != plan.ContentDraft {
		t.Fatalf("stored %+v", items)
	}
	c := items[0]
	id := strconv.FormatInt(c.ID, 10)
	mustContain(t, "content list", slacktest.Unescape(h.waitCallAfter(updates, "views.update", nil).Body), "Spring teaser &lt;!channel&gt;", bot.ActionContentReview)

	// Request review: the item is posted with Approve and Request changes.
	ts := h.requestReview(userEN, list.ID, id)
	msg, _ := h.Slack.Message(chanMain, ts)
	if live := slacktest.LiveMarkup(msg.Blocks); live != "" {
		t.Errorf("review request posts user text unescaped: %s", live)
	}
	mustContain(t, "review request", slacktest.Unescape(msg.Blocks), "<@"+userFR+">", bot.ActionReviewChanges)
	if got := h.storedItems(chanMain)[0]; got.Status != plan.ContentInReview || got.Review.MessageTS != ts {
		t.Fatalf("after request: %v %+v", got.Status, got.Review)
	}
	mustContain(t, "status in review", statusLine(t, h.status(userEN, chanMain), "content"), "in progress")

	// Ana is not the reviewer: refused, and nothing changes.
	eph := len(h.Slack.Calls("chat.postEphemeral"))
	h.click(fakeslack.Click{UserID: userEN, ActionID: bot.ActionReviewApprove, ChannelID: chanMain, MessageTS: ts})
	refusal := h.waitCallAfter(eph, "chat.postEphemeral", nil)
	mustContain(t, "refusal", refusal.Params.Get("text"), "Only <@"+userFR+">")
	if got := h.storedItems(chanMain)[0]; got.Status != plan.ContentInReview {
		t.Fatalf("refused approval changed the status to %v", got.Status)
	}

	// Camille approves: the message is updated in place, without buttons.
	edits := len(h.Slack.Calls("chat.update"))
	h.click(fakeslack.Click{UserID: userFR, ActionID: bot.ActionReviewApprove, ChannelID: chanMain, MessageTS: ts})
	upd := h.waitCallAfter(edits, "chat.update", nil)
	if upd.Params.Get("ts") != ts {
		t.Errorf("chat.update of %s, want %s", upd.Params.Get("ts"), ts)
	}
	msg, _ = h.Slack.Message(chanMain, ts)
	mustContain(t, "approved message", slacktest.Unescape(msg.Blocks), "approved by <@"+userFR+">")
	if strings.Contains(string(msg.Blocks), bot.ActionReviewApprove) {
		t.Error("the decided review still has buttons")
	}
	if got := h.storedItems(chanMain)[0]; got.Status != plan.ContentApproved || got.Review.DecidedBy != userFR {
		t.Fatalf("after approval: %v %+v", got.Status, got.Review)
	}

	// A second round: Camille asks for changes, with a comment.
	list = h.openedView(h.command(userEN, chanMain, "content").TriggerID)
	ts2 := h.requestReview(userEN, list.ID, id)
	opens := len(h.Slack.Calls("views.open"))
	h.click(fakeslack.Click{UserID: userFR, ActionID: bot.ActionReviewChanges, ChannelID: chanMain, MessageTS: ts2})
	comment := h.viewOfResponse(h.waitCallAfter(opens, "views.open", nil))
	errs = ackErrors(t, h.submit(userFR, comment.ID, formValues{bot.BlockReviewComment: {bot.ActionInput: "  "}}))
	if errs[bot.BlockReviewComment] == "" {
		t.Errorf("empty comment accepted: %v", errs)
	}
	if got := h.storedItems(chanMain)[0]; got.Status != plan.ContentInReview {
		t.Fatalf("an empty comment changed the status to %v", got.Status)
	}
	edits = len(h.Slack.Calls("chat.update"))
	h.mustSubmit(userFR, comment.ID, formValues{bot.BlockReviewComment: {bot.ActionInput: "Plus court <!here>"}})
	h.waitCallAfter(edits, "chat.update", func(c fakeslack.Call) bool { return c.Params.Get("ts") == ts2 })
	msg, _ = h.Slack.Message(chanMain, ts2)
	// The plan's channel posts are in English (Ana created it).
	mustContain(t, "changes message", slacktest.Unescape(msg.Blocks), "Changes requested", "Plus court &lt;!here&gt;", "<@"+userFR+">")
	if live := slacktest.LiveMarkup(msg.Blocks); live != "" {
		t.Errorf("comment posted unescaped: %s", live)
	}
	if got := h.storedItems(chanMain)[0]; got.Status != plan.ContentDraft || got.Review.Comment != "Plus court <!here>" {
		t.Fatalf("after changes: %v %+v", got.Status, got.Review)
	}

	// Filters: no published item; the drafts of the week of December 1
	// hold it.
	updates = len(h.Slack.Calls("views.update"))
	h.click(fakeslack.Click{UserID: userEN, ActionID: bot.ActionContentStatus, BlockID: bot.BlockContentFilters, SelectedOption: "published", ViewID: list.ID})
	filtered := slacktest.Unescape(h.waitCallAfter(updates, "views.update", nil).Body)
	if strings.Contains(filtered, "Spring teaser") || !strings.Contains(filtered, "*0 items* match") {
		t.Errorf("status filter shows the draft:\n%s", filtered)
	}
	updates = len(h.Slack.Calls("views.update"))
	h.click(fakeslack.Click{UserID: userEN, ActionID: bot.ActionContentStatus, BlockID: bot.BlockContentFilters, SelectedOption: "draft", ViewID: list.ID})
	h.waitCallAfter(updates, "views.update", nil)
	updates = len(h.Slack.Calls("views.update"))
	h.click(fakeslack.Click{UserID: userEN, ActionID: bot.ActionContentWeek, BlockID: bot.BlockContentFilters, SelectedOption: "2026-11-30", ViewID: list.ID})
	week := slacktest.Unescape(h.waitCallAfter(updates, "views.update", nil).Body)
	mustContain(t, "week filter", week, "Spring teaser", "*1 item* matches")
	updates = len(h.Slack.Calls("views.update"))
	h.click(fakeslack.Click{UserID: userEN, ActionID: bot.ActionContentWeek, BlockID: bot.BlockContentFilters, SelectedOption: "2026-12-07", ViewID: list.ID})
	if next := slacktest.Unescape(h.waitCallAfter(updates, "views.update", nil).Body); strings.Contains(next, "Spring teaser") {
		t.Error("the item shows in the week after its date")
	}
}

func TestSteps_StrategyAndPillars(t *testing.T) {
	storagetest.Run(t, testStepsStrategyAndPillars)
}

func testStepsStrategyAndPillars(t *testing.T, backend storagetest.Backend) {
	h := newHarnessOn(t, backend)
	sophie := h.addPersona(userEN, chanMain, "Sophie", "instagram")
	list := h.openedView(h.command(userEN, chanMain, "content").TriggerID)

	strategy := h.pushed(userEN, list.ID, bot.ActionStrategyEdit, "")
	errs := ackErrors(t, h.submit(userEN, strategy.ID, formValues{bot.BlockStrategyVoice: {bot.ActionInput: strings.Repeat("v", plan.MaxVoiceLen+1)}}))
	mustContain(t, "voice error", errs[bot.BlockStrategyVoice], "1,500")
	h.mustSubmit(userEN, strategy.ID, formValues{bot.BlockStrategyVoice: {bot.ActionInput: "Warm and local"}, bot.BlockStrategyTone: {bot.ActionInput: "Playful"}})
	st, err := h.main.Bot.Strategy.FindStrategy(context.Background(), h.stepPlan(chanMain).ID)
	if err != nil || st.Voice != "Warm and local" || st.UpdatedBy != userEN {
		t.Fatalf("strategy %+v, %v", st, err)
	}

	pillars := h.pushed(userEN, list.ID, bot.ActionPillarsOpen, "")
	form := h.pushed(userEN, pillars.ID, bot.ActionPillarAdd, "")
	errs = ackErrors(t, h.submit(userEN, form.ID, formValues{bot.BlockPillarDescription: {bot.ActionInput: "d"}}))
	if errs[bot.BlockPillarName] == "" {
		t.Errorf("pillar without a name accepted: %v", errs)
	}
	updates := len(h.Slack.Calls("views.update"))
	h.mustSubmit(userEN, form.ID, formValues{
		bot.BlockPillarName:     {bot.ActionInput: "Recipes"},
		bot.BlockPillarPersonas: {bot.ActionInput: []string{strconv.FormatInt(sophie.ID, 10)}},
	})
	// The pillars list and the content list under it are both redrawn.
	h.waitCallAfter(updates, "views.update", func(c fakeslack.Call) bool { return strings.Contains(c.Params.Get("view_id"), pillars.ID) })
	h.waitCallAfter(updates, "views.update", func(c fakeslack.Call) bool {
		return c.Params.Get("view_id") == list.ID && strings.Contains(c.Params.Get("view"), "Recipes")
	})
	got, _, err := h.main.Bot.Strategy.FindPillars(context.Background(), plan.PillarFilter{})
	if err != nil || len(got) != 1 || len(got[0].PersonaIDs) != 1 || got[0].PersonaIDs[0] != sophie.ID {
		t.Fatalf("pillars %+v, %v", got, err)
	}
	mustContain(t, "status", statusLine(t, h.status(userEN, chanMain), "content"), "No content item yet")
}

func TestSteps_StatusReflectsChanges(t *testing.T) {
	storagetest.Run(t, testStepsStatusReflectsChanges)
}

func testStepsStatusReflectsChanges(t *testing.T, backend storagetest.Backend) {
	h := newHarnessOn(t, backend)
	first := h.status(userEN, chanMain)
	mustContain(t, "empty status", first, "0 of 9 steps done", "Not started: 1. Goals")
	for _, step := range []string{"goals", "audience", "content", "cta", "channels"} {
		mustContain(t, step, statusLine(t, first, step), "not started")
	}
	// Each line opens its step.
	mustContain(t, "buttons", first, `"action_id":"`+bot.ActionOpenStep+`","value":"audience"`)

	h.addGoal(userEN, chanMain, "Grow the newsletter")
	s := h.status(userEN, chanMain)
	mustContain(t, "goals", statusLine(t, s, "goals"), "done (1)")
	mustContain(t, "cta", statusLine(t, s, "cta"), "Goals with no call to action: *Grow the newsletter*")

	// A persona no chosen network reaches holds step 2 back (issue 15).
	h.addPersona(userEN, chanMain, "Sophie", "instagram")
	mustContain(t, "audience", statusLine(t, h.status(userEN, chanMain), "audience"), "Personas reached by no chosen network: *Sophie*")

	h.addItem(userEN, chanMain, itemValues("Late post", "2026-11-20", "draft"))
	mustContain(t, "content", statusLine(t, h.status(userEN, chanMain), "content"), "Past their date and not published: *Late post*")

	// The status line's button opens the step.
	msgs := h.Slack.Messages(chanMain)
	var statusTS string
	for _, m := range msgs {
		if m.Ephemeral && strings.Contains(string(m.Blocks), "status_summary") {
			statusTS = m.TS
		}
	}
	opens := len(h.Slack.Calls("views.open"))
	h.click(fakeslack.Click{UserID: userEN, ActionID: bot.ActionOpenStep, BlockID: "status_channels", Value: "channels", ChannelID: chanMain, MessageTS: statusTS})
	if v := h.viewOfResponse(h.waitCallAfter(opens, "views.open", nil)); v.CallbackID != bot.CallbackChannel {
		t.Errorf("status button opened %s, want the network form", v.CallbackID)
	}
}

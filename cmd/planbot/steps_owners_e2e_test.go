package main

import (
	"strconv"
	"strings"
	"testing"

	"github.com/planbot/planbot/bot"
	"github.com/planbot/planbot/fakeslack"
	"github.com/planbot/planbot/internal/slacktest"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/storage/storagetest"
)

// End-to-end tests of the steps, continued: the App Home, /plan settings
// and plan owners, and the French texts of every new view.

// homeOf sends app_home_opened for user and returns the view published
// for them after the first n publishes.
func (h *harness) homeOf(user, eventID string, n int) fakeslack.Call {
	h.t.Helper()
	if _, err := h.Slack.SendEvent(h.ctx(), eventID, appHomeOpened(user), 0); err != nil {
		h.t.Fatal(err)
	}
	return h.waitCallAfter(n, "views.publish", func(c fakeslack.Call) bool { return c.Params.Get("user_id") == user })
}

// publishesTo counts the views.publish calls for user.
func (h *harness) publishesTo(user string) int {
	n := 0
	for _, c := range h.Slack.Calls("views.publish") {
		if c.Params.Get("user_id") == user {
			n++
		}
	}
	return n
}

func TestSteps_AppHome(t *testing.T) {
	storagetest.Run(t, testStepsAppHome)
}

func testStepsAppHome(t *testing.T, backend storagetest.Backend) {
	h := newHarnessOn(t, backend)
	c := h.addItem(userEN, chanMain, itemValues("Spring teaser "+evilTitle, "2026-12-01", "draft"))
	list := h.openedView(h.command(userEN, chanMain, "content").TriggerID)
	ts := h.requestReview(userEN, list.ID, itemID(c))

	// Camille, the reviewer, sees the item waiting for her, in French.
	n := len(h.Slack.Calls("views.publish"))
	call := h.homeOf(userFR, "EvHome1", n)
	home := slacktest.Unescape([]byte(call.Params.Get("view")))
	mustContain(t, "Camille's home", home, "Vos plans", "<#"+chanMain+">", "En attente de votre relecture", "Spring teaser &lt;!channel&gt;", bot.ActionReviewApprove)
	if live := slacktest.LiveMarkup([]byte(call.Params.Get("view"))); live != "" {
		t.Errorf("home shows user text unescaped: %s", live)
	}
	v, ok := h.Slack.HomeView(userFR)
	if !ok {
		t.Fatal("no home stored for Camille")
	}
	// Ana, who owns the item, sees it assigned to her, in English.
	ana := slacktest.Unescape([]byte(h.homeOf(userEN, "EvHome2", len(h.Slack.Calls("views.publish"))).Params.Get("view")))
	mustContain(t, "Ana's home", ana, "Your plans", "Assigned to you", "Spring teaser", "Nothing waits for your review")

	// Opening Home again with nothing changed publishes nothing; approving
	// from Home changes it, and it is published once more.
	before := h.publishesTo(userFR)
	if _, err := h.Slack.SendEvent(h.ctx(), "EvHome3", appHomeOpened(userFR), 0); err != nil {
		t.Fatal(err)
	}
	edits := len(h.Slack.Calls("chat.update"))
	n = len(h.Slack.Calls("views.publish"))
	h.click(fakeslack.Click{UserID: userFR, ActionID: bot.ActionReviewApprove, Value: itemID(c), ViewID: v.ID})
	h.waitCallAfter(edits, "chat.update", func(c fakeslack.Call) bool { return c.Params.Get("ts") == ts })
	after := h.waitCallAfter(n, "views.publish", func(c fakeslack.Call) bool { return c.Params.Get("user_id") == userFR })
	mustContain(t, "home after approval", slacktest.Unescape([]byte(after.Params.Get("view"))), "Rien n'attend votre relecture")
	if got := h.publishesTo(userFR); got != before+1 {
		t.Errorf("%d publishes to Camille after an unchanged open and a change, want %d", got, before+1)
	}
	if got := h.storedItems(chanMain)[0].Status; got != plan.ContentApproved {
		t.Errorf("status %v after approval from Home", got)
	}
}

// itemID is the button value of a content item.
func itemID(c *plan.ContentItem) string { return strconv.FormatInt(c.ID, 10) }

func settingsValues(owners ...string) formValues {
	return formValues{
		bot.BlockSettingsName:        {bot.ActionInput: "Acme social"},
		bot.BlockSettingsTZ:          {bot.ActionInput: "Europe/Paris"},
		bot.BlockSettingsLanguage:    {bot.ActionInput: "en"},
		bot.BlockSettingsReplyTarget: {bot.ActionInput: "1.5"},
		bot.BlockSettingsOwners:      {bot.ActionInput: owners},
	}
}

func TestSteps_SettingsAndOwners(t *testing.T) {
	storagetest.Run(t, testStepsSettingsAndOwners)
}

func testStepsSettingsAndOwners(t *testing.T, backend storagetest.Backend) {
	h := newHarnessOn(t, backend)
	h.status(userEN, chanMain) // Ana starts the plan: English, Europe/London
	// Camille opens the persona form while the plan is open to everyone.
	early := h.openedView(h.command(userFR, chanMain, "public").TriggerID)

	settings := h.openedView(h.command(userEN, chanMain, "settings").TriggerID)
	mustContain(t, "settings", slacktest.Unescape(settings.JSON), "Plan settings", `"initial_option":{"text":{"type":"plain_text","text":"Europe/London"`)
	bad := settingsValues(userEN)
	bad[bot.BlockSettingsReplyTarget][bot.ActionInput] = "0"
	errs := ackErrors(t, h.submit(userEN, settings.ID, bad))
	mustContain(t, "reply target error", errs[bot.BlockSettingsReplyTarget], "above 0")
	bad = settingsValues(userEN)
	bad[bot.BlockSettingsName][bot.ActionInput] = strings.Repeat("n", plan.MaxPlanNameLen+1)
	errs = ackErrors(t, h.submit(userEN, settings.ID, bad))
	mustContain(t, "name error", errs[bot.BlockSettingsName], "80 characters")
	if p := h.stepPlan(chanMain); p.TimeZone != "Europe/London" || p.Owners != nil {
		t.Fatalf("invalid settings stored: %+v", p)
	}
	notes := len(h.Slack.Calls("chat.postMessage"))
	h.mustSubmit(userEN, settings.ID, settingsValues(userEN))
	p := h.stepPlan(chanMain)
	if p.Name != "Acme social" || p.TimeZone != "Europe/Paris" || p.ReplyTarget.Minutes() != 90 || len(p.Owners) != 1 || p.Owners[0] != userEN {
		t.Fatalf("stored settings %+v", p)
	}
	h.noteAfter(notes, "updated the plan settings")

	// Camille's earlier form is refused at submit, in the form and in an
	// ephemeral that names the owner; nothing is stored.
	eph := len(h.Slack.Calls("chat.postEphemeral"))
	errs = ackErrors(t, h.submit(userFR, early.ID, personaValues("Marc")))
	if errs[bot.BlockPersonaName] == "" {
		t.Errorf("non-owner persona accepted: %v", errs)
	}
	refusal := h.waitCallAfter(eph, "chat.postEphemeral", func(c fakeslack.Call) bool { return c.Params.Get("user") == userFR })
	mustContain(t, "refusal", refusal.Params.Get("text"), "<@"+userEN+">", "responsables")
	if n := len(h.storedPersonas(chanMain)); n != 0 {
		t.Fatalf("a non-owner's persona was stored")
	}

	// Refused at the button too, for goals and networks; settings refuse to open.
	for _, tt := range []struct{ step, add string }{{"goals", bot.ActionGoalAdd}, {"channels", bot.ActionChannelAdd}, {"cta", bot.ActionCTAAdd}} {
		list := h.openedView(h.command(userFR, chanMain, tt.step).TriggerID)
		eph = len(h.Slack.Calls("chat.postEphemeral"))
		h.click(fakeslack.Click{UserID: userFR, ActionID: tt.add, ViewID: list.ID})
		msg := h.waitCallAfter(eph, "chat.postEphemeral", nil)
		mustContain(t, tt.step+" refusal", msg.Params.Get("text"), "<@"+userEN+">")
	}
	eph = len(h.Slack.Calls("chat.postEphemeral"))
	h.command(userFR, chanMain, "reglages")
	mustContain(t, "settings refusal", h.waitCallAfter(eph, "chat.postEphemeral", nil).Params.Get("text"), "<@"+userEN+">")

	// Everyone may still add content items; the owner may change the rest.
	h.addItem(userFR, chanMain, itemValues("Camille's idea", "", "idea"))
	h.addPersona(userEN, chanMain, "Sophie", "instagram")
	h.addGoal(userEN, chanMain, "Owner's goal")
	if n := len(h.storedGoals(chanMain)); n != 1 {
		t.Errorf("%d goals after the owner's, want 1", n)
	}
}

func TestSteps_French(t *testing.T) {
	storagetest.Run(t, testStepsFrench)
}

func testStepsFrench(t *testing.T, backend storagetest.Backend) {
	h := newHarnessOn(t, backend)
	checks := []struct {
		text string
		want []string
	}{
		{"public", []string{"Nouveau persona", "Réseaux où il est présent", "Enregistrer"}},
		{"contenu", []string{"Stratégie de contenu", "Plan de contenu", "Toutes les semaines", "Ajouter un contenu"}},
		{"appel", []string{"ajoutez d'abord un objectif"}},
		{"outils", []string{"Nouveau réseau", "Pourquoi ce réseau\u202f?", "Rôle"}},
		{"reglages", []string{"Réglages du plan", "Fuseau horaire", "Responsables du plan"}},
	}
	for _, c := range checks {
		v := h.openedView(h.command(userFR, chanOther, c.text).TriggerID)
		mustContain(t, "/plan "+c.text, slacktest.Unescape(v.JSON), c.want...)
	}
	// The forms pushed from the content list.
	list := h.openedView(h.command(userFR, chanOther, "contenu").TriggerID)
	mustContain(t, "item form", slacktest.Unescape(h.pushed(userFR, list.ID, bot.ActionContentAdd, "").JSON), "Nouveau contenu", "Date de publication")
	form := h.pushed(userFR, list.ID, bot.ActionStrategyEdit, "")
	mustContain(t, "strategy form", slacktest.Unescape(form.JSON), "Voix et ton")
	errs := ackErrors(t, h.submit(userFR, form.ID, formValues{bot.BlockStrategyTone: {bot.ActionInput: strings.Repeat("t", plan.MaxToneLen+1)}}))
	mustContain(t, "French error", errs[bot.BlockStrategyTone], "Le ton ne doit pas dépasser")

	// The plan was created by Camille: its status and notes are French.
	h.addGoal(userFR, chanOther, "Plus d'inscriptions")
	mustContain(t, "French status", h.status(userFR, chanOther), "État du plan", "Étapes terminées", "Objectifs sans appel à l'action\u202f: *Plus d'inscriptions*")
	cta := h.openedView(h.command(userFR, chanOther, "appel").TriggerID)
	mustContain(t, "French CTA form", slacktest.Unescape(cta.JSON), "Nouvel appel à l'action", "Que doivent faire les gens\u202f?")
	errs = ackErrors(t, h.submit(userFR, cta.ID, formValues{bot.BlockCTAURL: {bot.ActionInput: "pas une adresse"}}))
	mustContain(t, "French CTA error", errs[bot.BlockCTAURL], "L'adresse doit commencer")
}

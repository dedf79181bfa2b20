package bot

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/internal/slacktest"
	"github.com/planbot/planbot/plan"
)

// Golden and limit tests of step 4, step 5, /plan status, /plan settings
// and the App Home.

func testGoals() []*plan.Goal {
	g := testGoal()
	other := testGoal()
	other.ID, other.Title = 8, "Sell more cakes"
	return []*plan.Goal{g, other}
}

func TestCTAViews(t *testing.T) {
	p := &plan.Plan{ID: 1, ChannelID: "C1", Name: "Acme Social", Owners: []string{"U0OWNER"}}
	ctas := []*plan.CTA{
		{ID: 3, PlanID: 1, Kind: plan.CTAEmailSignup, Text: "Get the recipe " + evil, URL: "https://acme.example/s?ref=x", GoalID: 7, Network: plan.NetworkInstagram},
		{ID: 4, PlanID: 1, Kind: plan.CTACall, Text: "Call us", URL: "tel:+33123456789", GoalID: 0, Network: plan.NetworkFacebook},
	}
	for _, lang := range []Lang{EN, FR} {
		t.Run("List_"+string(lang), func(t *testing.T) {
			goals := testGoals()
			v := ctasListModal(lang, ctaList{CTAs: ctas, Total: 2, Goals: goals, WithoutCTA: goals[1:], Meta: stepsMeta, Plan: p})
			raw := golden(t, "ctas_list_"+string(lang), v)
			checkModalLimits(t, v)
			checkStepLimits(t, v, 100)
			// utm_campaign is the plan slug and the goal slug.
			mustHave(t, string(raw), "utm_source=instagram&amp;utm_medium=social&amp;utm_campaign=acme-social-grow-signups-channel-https-evil-example`",
				"Sell more cakes", "tel:+33123456789")
		})
		t.Run("ModalNew_"+string(lang), func(t *testing.T) {
			v := ctaModal(lang, &plan.CTA{}, testGoals(), stepsMeta)
			golden(t, "cta_modal_new_"+string(lang), v)
			checkModalLimits(t, v)
		})
		t.Run("ModalNoGoals_"+string(lang), func(t *testing.T) {
			v := ctaModal(lang, &plan.CTA{}, nil, stepsMeta)
			golden(t, "cta_modal_no_goals_"+string(lang), v)
			checkModalLimits(t, v)
			if v.Submit != nil {
				t.Error("a CTA form without goals can be submitted")
			}
		})
	}
}

func TestChannelViews(t *testing.T) {
	personas := []*plan.Persona{testPersona(1, "Sophie"), testPersona(2, "Marc "+evil)}
	personas[1].Networks = []plan.Network{plan.NetworkLinkedIn}
	// LinkedIn was reduced in a review, the Forum stopped from the form;
	// late on Nov 24 in UTC is Nov 25 in Paris.
	since := time.Date(2026, 11, 24, 23, 30, 0, 0, time.UTC)
	channels := []*plan.Channel{
		{ID: 1, PlanID: 1, Network: plan.NetworkInstagram, Role: plan.GoalAwareness, Why: "They scroll " + evil, PersonaIDs: []int64{1}, Cadence: "3 a week"},
		{ID: 2, PlanID: 1, Network: plan.NetworkLinkedIn, Role: plan.GoalLeads, Why: "B2B",
			Status: plan.ChannelReduced, StatusSince: since, StatusBy: "U0ANA", StatusNote: "Few leads " + evil},
		{ID: 3, PlanID: 1, Network: plan.NetworkOther, Role: plan.GoalCommunity, Why: "Discord"},
		{ID: 4, PlanID: 1, Network: plan.NetworkOther, Role: plan.GoalCommunity, Why: "Forum", PersonaIDs: []int64{1},
			Status: plan.ChannelStopped, StatusSince: since, StatusBy: "U0ANA"},
	}
	for _, lang := range []Lang{EN, FR} {
		t.Run("List_"+string(lang), func(t *testing.T) {
			v := channelsListModal(lang, channels, 4, plan.Fit(personas, channels), stepsMeta, nil, stepsParis)
			raw := golden(t, "channels_list_"+string(lang), v)
			checkModalLimits(t, v)
			checkStepLimits(t, v, 100)
			if live := slacktest.LiveMarkup(raw, "<@U0ANA>"); live != "" {
				t.Errorf("unescaped user text: %s", live)
			}
			// Marc is reached by nothing; LinkedIn and the first Other serve
			// nobody; the stopped Forum is not flagged for it.
			mustHave(t, string(raw), "fit_flags", "*Marc &lt;!channel&gt;", "OT2", "```")
			want := map[Lang][]string{
				EN: {":arrow_down_small: Reduced since Nov 25, 2026, by <@U0ANA>: “Few leads &lt;!channel&gt;", ":octagonal_sign: Stopped since Nov 25, 2026, by <@U0ANA>\\n", "OT2 Other (stopped)", "Chosen for no persona: *LinkedIn*, *Other*\""},
				FR: {":arrow_down_small: Réduit depuis le 25 nov. 2026, par <@U0ANA> : « Few leads &lt;!channel&gt;", ":octagonal_sign: Arrêté depuis le 25 nov. 2026, par <@U0ANA>\\n", "OT2 Autre (arrêté)"},
			}
			mustHave(t, string(raw), want[lang]...)
		})
		t.Run("Modal_"+string(lang), func(t *testing.T) {
			v := channelModal(lang, channels[0], personas, stepMeta{PlanID: 1, ID: 1, ParentID: "V1"})
			golden(t, "channel_modal_"+string(lang), v)
			checkModalLimits(t, v)
			raw, _ := json.Marshal(channelModal(lang, channels[3], personas, stepMeta{PlanID: 1, ID: 4, ParentID: "V1"}))
			mustHave(t, string(raw), `"block_id":"`+BlockChannelStatus+`"`, `"initial_option":{"text":{"type":"plain_text","text":"`+lang.T("channel.status.stopped")+`","emoji":false},"value":"stopped"}`)
			none := channelModal(lang, &plan.Channel{}, nil, stepsMeta)
			raw, _ = json.Marshal(none)
			if strings.Contains(string(raw), BlockChannelPersonas) {
				t.Error("a persona select without personas")
			}
			// A new network starts active.
			mustHave(t, string(raw), `"value":"active"}`)
		})
	}
	t.Run("FitGrid", func(t *testing.T) {
		blocks := fitBlocks(EN, plan.Fit(personas, channels))
		raw, _ := json.Marshal(blocks)
		var grid string
		for _, line := range strings.Split(string(raw), `\n`) {
			if strings.HasPrefix(line, "Sophie") {
				grid = line
			}
		}
		// Sophie: reached on Instagram, chosen on the second Other but it is
		// stopped, online on neither other.
		if want := "Sophie           ●   ·   ·   ×  "; grid != want {
			t.Errorf("Sophie's row %q, want %q", grid, want)
		}
		if b := fitBlocks(EN, plan.Fit(nil, channels)); len(b) != 1 {
			t.Errorf("fit without personas: %d blocks, want the one note", len(b))
		}
	})
	t.Run("ManyPersonas", func(t *testing.T) {
		var many []*plan.Persona
		for i := range 60 {
			many = append(many, testPersona(int64(i+1), strings.Repeat("é", plan.MaxPersonaNameLen)))
		}
		var all []*plan.Channel
		for i, n := range plan.Networks {
			all = append(all, &plan.Channel{ID: int64(i + 1), Network: n, Role: plan.GoalAwareness, Why: strings.Repeat("w", plan.MaxChannelWhyLen)})
		}
		for _, c := range all {
			c.Status, c.StatusSince, c.StatusBy, c.StatusNote = plan.ChannelStopped, stepsNow, "U1", strings.Repeat("n", plan.MaxChannelStatusNoteLen)
		}
		v := channelsListModal(FR, all, len(all), plan.Fit(many, all), stepsMeta, []string{"U1"}, stepsParis)
		checkModalLimits(t, v)
		checkStepLimits(t, v, 100)
	})
}

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
			text, blocks := statusMessage(lang, p, testProgress())
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
				mustHave(t, text, "1 of 9 steps done")
			}
			// The notification text is mrkdwn too: the plan name is escaped.
			if strings.Contains(text, "<!channel>") || !strings.Contains(text, "&lt;!channel&gt;") {
				t.Errorf("status text does not escape the plan name: %q", text)
			}
		})
	}
}

func TestSettingsModal(t *testing.T) {
	p := &plan.Plan{ID: 1, ChannelID: "C1", Name: "Acme", TimeZone: "Europe/Paris", Language: "fr", ReplyTarget: 90 * time.Minute, Owners: []string{"U0OWNER"}}
	for _, lang := range []Lang{EN, FR} {
		t.Run(string(lang), func(t *testing.T) {
			v := settingsModal(lang, p, "America/Guayaquil", stepsMeta)
			raw := golden(t, "settings_modal_"+string(lang), v)
			checkModalLimits(t, v)
			checkStepLimits(t, v, 100)
			mustHave(t, string(raw), `"initial_value": "1.5"`, `"initial_users": [`, "America/Guayaquil", `"value": "Europe/Paris"`)
		})
	}
	if z := zoneOptions("Europe/Paris", "Europe/Paris"); len(z) > 100 || z[0] != "Europe/Paris" || z[1] == "Europe/Paris" {
		t.Errorf("zone options start %v, %d in all", z[:2], len(z))
	}
	for _, z := range commonZones {
		if _, err := time.LoadLocation(z); err != nil {
			t.Errorf("zone %q: %v", z, err)
		}
	}
}

func TestDashboardView(t *testing.T) {
	p := &plan.Plan{ID: 1, ChannelID: "C1", Name: "Acme " + evil}
	review := testItem(6)
	review.Status = plan.ContentInReview
	d := dashboard{
		Plans: []homePlanRow{
			{Plan: p, Progress: testProgress(), Mine: true},
			{Plan: &plan.Plan{ID: 2, ChannelID: "CPRIVATE", Name: "Secret launch"}, Progress: testProgress()},
		},
		MorePlans: 2,
		ToReview:  []homeItem{{Item: review, ChannelID: "C1", Loc: stepsParis}},
		Assigned:  []homeItem{{Item: testItem(4), ChannelID: "C1", Loc: stepsParis}},
		Live:      testLive(),
	}
	for _, lang := range []Lang{EN, FR} {
		t.Run(string(lang), func(t *testing.T) {
			v := dashboardView(lang, d)
			raw := golden(t, "dashboard_"+string(lang), v)
			checkStepLimits(t, v, 100)
			mustHave(t, string(raw), ActionReviewApprove, ActionReviewChanges, ActionHomeOpenItem, ActionHomeOpenStep, `"value": "C1|goals"`, "<#CPRIVATE>",
				"home_reply_5", "home_experiment_7", "home_reminders", "home_unreachable_CGONE", "&lt;!channel&gt;")
			if live := slacktest.LiveMarkup(raw, "<#C", "<@U"); live != "" {
				t.Errorf("unescaped user text on Home: %s", live)
			}
			// Another plan shows without its name or buttons.
			if strings.Contains(string(raw), "Secret launch") || strings.Contains(string(raw), "CPRIVATE|") {
				t.Error("a plan the user takes no part in shows its name or buttons")
			}
		})
	}
	t.Run("Empty", func(t *testing.T) {
		v := dashboardView(FR, dashboard{})
		raw := golden(t, "dashboard_fr_empty", v)
		mustHave(t, string(raw), "Aucun plan pour l'instant")
	})
	t.Run("Full", func(t *testing.T) {
		var full dashboard
		for i := range homeMaxPlans {
			full.Plans = append(full.Plans, homePlanRow{Plan: &plan.Plan{ID: int64(i), ChannelID: "C1", Name: strings.Repeat("n", 80)}, Progress: testProgress(), Mine: true})
		}
		for i := range homeMaxItems {
			full.ToReview = append(full.ToReview, homeItem{Item: testItem(int64(i)), ChannelID: "C1", Loc: stepsParis})
			full.Assigned = append(full.Assigned, homeItem{Item: testItem(int64(100 + i)), ChannelID: "C1", Loc: stepsParis})
		}
		full.MoreToDo, full.MorePlans = true, 5
		full.Live = testLive()
		for i := range homeMaxLive {
			full.Live.Replies = append(full.Live.Replies, full.Live.Replies[0])
			full.Live.Experiments = append(full.Live.Experiments, full.Live.Experiments[0])
			full.Live.Unreachable[fmt.Sprintf("C%d", i)] = "not_in_channel"
		}
		checkStepLimits(t, dashboardView(EN, full), 100)
	})
}

// TestStepsValidationKeys checks that every key the domain of steps 2 to
// 5 can return is in the catalogue, in both languages.
func TestStepsValidationKeys(t *testing.T) {
	keys := []string{
		"persona.name.required", "persona.name.too_long", "persona.name.taken", "persona.who.required", "persona.who.too_long",
		"persona.interests.too_long", "persona.excites.too_long", "persona.networks.invalid", "persona.notes.too_long",
		"strategy.voice.too_long", "strategy.tone.too_long",
		"pillar.name.required", "pillar.name.too_long", "pillar.name.taken", "pillar.description.too_long", "pillar.personas.invalid",
		"content.title.required", "content.title.too_long", "content.network.invalid", "content.format.invalid", "content.copy.too_long",
		"content.link.invalid", "content.ref.invalid", "content.status.invalid", "content.publish_at.required", "content.status.review_only",
		"content.persona.invalid", "content.pillar.invalid", "content.cta.invalid",
		"content.review.already", "content.review.published", "content.review.not_pending",
		"content.review.comment.required", "content.review.comment.too_long",
		"cta.kind.invalid", "cta.text.required", "cta.text.too_long", "cta.url.required", "cta.url.invalid", "cta.goal.required", "cta.network.invalid",
		"channel.network.invalid", "channel.network.taken", "channel.role.invalid", "channel.why.required", "channel.why.too_long",
		"channel.personas.invalid", "channel.cadence.too_long", "channel.constraints.too_long",
		"plan.name.too_long", "plan.tz.invalid", "plan.lang.invalid", "plan.reply_target.invalid", "plan.owners.too_many",
		"status.goals.not_smart", "status.content.no_pillars", "status.content.no_voice", "status.content.no_items", "status.content.late",
		"status.cta.goals_without", "status.cta.no_goal", "status.channels.unreached", "status.channels.unused",
		"status.smart.metric", "status.smart.target", "status.smart.deadline", "status.smart.deadline_passed",
	}
	for _, a := range []plan.Area{plan.AreaGoals, plan.AreaAudience, plan.AreaStrategy, plan.AreaCTAs, plan.AreaChannels, plan.AreaSettings} {
		keys = append(keys, "forbidden."+string(a))
	}
	for _, n := range plan.Networks {
		keys = append(keys, "network."+string(n))
	}
	for _, s := range plan.ContentStatuses {
		keys = append(keys, "content.status."+string(s))
	}
	for _, f := range plan.ContentFormats {
		keys = append(keys, "content.format."+string(f))
	}
	for _, k := range plan.CTAKinds {
		keys = append(keys, "cta.kind."+string(k))
	}
	for _, k := range keys {
		if !Has(k) {
			t.Errorf("key %q missing from the catalogue", k)
		}
	}
}

// testLive is the live part of a Home: a reply waiting, an experiment, a
// reminder and a channel the bot cannot post in, with user text that
// tries to ping the channel.
func testLive() liveDashboard {
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	return liveDashboard{
		Replies: []homeReply{{ChannelID: "C1", Item: &plan.EngagementItem{ID: 5, PlanID: 1, Network: plan.NetworkInstagram,
			Author: "@fan " + evil, Excerpt: "Where is my order? " + evil, Due: now.Add(-time.Hour), OwnerID: "U0ANA"}}},
		Experiments: []homeExperiment{{ChannelID: "C1", Experiment: &plan.Experiment{ID: 7, PlanID: 1, Name: "Question vs statement " + evil,
			End: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}}},
		Reminders: []homeReminder{{ChannelID: "C1", Reminder: &plan.Reminder{ID: 3, PlanID: 1, Kind: plan.ReminderMeasurementReview,
			NextAt: now.Add(24 * time.Hour)}}},
		Unreachable: map[string]string{"CGONE": "not_in_channel"},
		Now:         now,
		Loc:         stepsParis,
	}
}

package main

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/planbot/planbot/bot"
	"github.com/planbot/planbot/fakeslack"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/sandbox"
	"github.com/planbot/planbot/templates"
)

// TestSandboxBrowser_Start walks /plan start in headless Chromium as a new
// marketing lead would, in English (Ana, #acme-social, the bakery) and in
// French (Camille, #client-b, the online brand): the help of a channel
// with no plan points to it, the first screen offers the example plans, a
// template fills steps 1 to 5, each step's screen shows what it filled,
// Next goes on in the same modal, Finish ends on the status; then the plan
// holds steps 1 to 5 in storage, in the user's language.
func TestSandboxBrowser_Start(t *testing.T) {
	b := newBrowser(t)
	app := startTestSandbox(t)
	b.do(t, "open the page",
		chromedp.EmulateViewport(1280, 800),
		chromedp.Navigate(app.URL+"#u="+sandbox.UserAna+"&c="+sandbox.ChannelSocial),
		chromedp.WaitVisible(chromedp.CSS(`body[data-live="1"]`)),
		waitText("#main-title", "acme-social"),
	)
	modal := `#modal-layer .modal`
	for _, tc := range []struct {
		lang, user, channel, channelName, help, start, template, step, fit, status string
	}{
		{"en", sandbox.UserAna, sandbox.ChannelSocial, "acme-social", "New here?", "/plan start", "bakery", "step %d of 5", "Audience fit", "Plan status"},
		{"fr", sandbox.UserCamille, sandbox.ChannelB, "client-b", "Première fois", "/plan démarrer", "ecommerce", "étape %d sur 5", "Adéquation du public", "État du plan"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			tpl, err := templates.Load(tc.template, tc.lang, app.Clock.Now(), nil)
			if err != nil {
				t.Fatal(err)
			}
			b.do(t, "go to the channel as the user",
				chromedp.Click(chromedp.CSS(`.user-btn[data-user="`+tc.user+`"]`)),
				waitTrue(fmt.Sprintf(`document.body.dataset.user === %s`, js(tc.user))),
				chromedp.Click(chromedp.CSS(`.side-item[data-channel="`+tc.channel+`"]`)),
				waitText("#main-title", tc.channelName),
			)
			b.do(t, "the help points to the guided start",
				typeCommand("/plan"),
				waitText("#messages", tc.help),
			)
			b.do(t, "open the guided start and choose the template",
				typeCommand(tc.start),
				chromedp.WaitVisible(chromedp.CSS(modal+`[data-callback-id="`+bot.CallbackStartPick+`"]`)),
				waitText(modal, tpl.Name),
				chromedp.Click(chromedp.CSS(fmt.Sprintf(`%s [data-block-id=%q] input[value=%q]`, modal, bot.BlockStartTemplate, tc.template))),
				chromedp.Click(chromedp.CSS("#modal-layer [data-submit-view]")),
				chromedp.WaitVisible(chromedp.CSS(modal+`[data-callback-id="`+bot.CallbackStartStep+`"]`)),
				waitText(modal, fmt.Sprintf(tc.step, 1)),
				waitText(modal, tpl.Goals[0].Goal.Title),
			)
			// Each screen shows what the template filled in its step.
			shows := []string{tpl.Personas[0].Name, tpl.Pillars[0].Pillar.Name, tpl.CTAs[0].CTA.Text, tc.fit}
			for i, want := range shows {
				b.do(t, fmt.Sprintf("Next to step %d", i+2),
					chromedp.Click(chromedp.CSS("#modal-layer [data-submit-view]")),
					waitText(modal, fmt.Sprintf(tc.step, i+2)),
					waitText(modal, want),
				)
			}
			b.do(t, "Finish ends on the status",
				chromedp.Click(chromedp.CSS("#modal-layer [data-submit-view]")),
				chromedp.WaitNotPresent(chromedp.CSS(modal)),
				waitText("#messages", tc.status),
			)

			// Steps 1 to 5 are filled in storage, in the user's language.
			ctx := context.Background()
			bt := app.Main.Bot
			p, err := bt.Plans.FindPlanByChannel(ctx, fakeslack.TeamID, tc.channel)
			if err != nil {
				t.Fatal(err)
			}
			goals, _, err1 := bt.Goals.FindGoals(ctx, plan.GoalFilter{PlanID: &p.ID})
			personas, _, err2 := bt.Personas.FindPersonas(ctx, plan.PersonaFilter{PlanID: &p.ID})
			pillars, _, err3 := bt.Strategy.FindPillars(ctx, plan.PillarFilter{PlanID: &p.ID})
			ctas, _, err4 := bt.CTAs.FindCTAs(ctx, plan.CTAFilter{PlanID: &p.ID})
			channels, _, err5 := bt.Channels.FindChannels(ctx, plan.ChannelFilter{PlanID: &p.ID})
			strategy, err6 := bt.Strategy.FindStrategy(ctx, p.ID)
			for _, err := range []error{err1, err2, err3, err4, err5, err6} {
				if err != nil {
					t.Fatal(err)
				}
			}
			if len(goals) != len(tpl.Goals) || len(personas) != len(tpl.Personas) || len(pillars) != len(tpl.Pillars) ||
				len(ctas) != len(tpl.CTAs) || len(channels) != len(tpl.Channels) || strategy.Voice != tpl.Strategy.Voice {
				t.Errorf("stored %d goals, %d personas, %d pillars, %d CTAs, %d networks, voice %q; want the template's %d, %d, %d, %d, %d, %q",
					len(goals), len(personas), len(pillars), len(ctas), len(channels), strategy.Voice,
					len(tpl.Goals), len(tpl.Personas), len(tpl.Pillars), len(tpl.CTAs), len(tpl.Channels), tpl.Strategy.Voice)
			}
			if len(goals) > 0 && (goals[0].Title != tpl.Goals[0].Goal.Title || goals[0].KPI.IsZero()) {
				t.Errorf("first goal %q %+v, want %q with a KPI type", goals[0].Title, goals[0].KPI, tpl.Goals[0].Goal.Title)
			}
		})
	}
}

// TestSandboxBrowser_QueueTwice queues a #social-feed message for a reply
// from the page, then runs the shortcut on it again: the second time is
// refused with a notice and a link to the item, the message is queued
// once, and the feed channel is given no plan (issue 15, "traps").
func TestSandboxBrowser_QueueTwice(t *testing.T) {
	b := newBrowser(t)
	app := startTestSandbox(t)
	modal := `#modal-layer .modal`
	const msg = "Your post on cold brew was great"
	b.do(t, "open the page as Ana, with a plan in #acme-social",
		chromedp.EmulateViewport(1280, 800),
		chromedp.Navigate(app.URL+"#u="+sandbox.UserAna+"&c="+sandbox.ChannelSocial),
		chromedp.WaitVisible(chromedp.CSS(`body[data-live="1"]`)),
		waitText("#main-title", "acme-social"),
		typeCommand("/plan status"),
		waitText("#messages", "Plan status"),
	)
	shortcut := chromedp.Steps(
		chromedp.Click(chromedp.CSS(`.side-item[data-channel="`+sandbox.ChannelFeed+`"]`)),
		openMenu(msg),
		chromedp.Click(chromedp.CSS(`#messages .msg.menu-open .msg-shortcut[data-callback-id="`+bot.ShortcutEngagementAdd+`"]`)),
	)
	b.do(t, "queue the message",
		shortcut,
		chromedp.WaitVisible(chromedp.CSS(modal+`[data-callback-id="`+bot.CallbackEngagement+`"]`)),
		chromedp.SetValue(field(bot.BlockEngagementChannel), sandbox.ChannelSocial),
		chromedp.SetValue(field(bot.BlockEngagementNetwork), "linkedin"),
		chromedp.SetValue(field(bot.BlockEngagementKind), "question"),
		chromedp.Click(chromedp.CSS(modal+" [data-submit-view]")),
		chromedp.WaitNotPresent(chromedp.CSS(modal)),
	)
	b.do(t, "queue it again: refused, with a link to the item",
		shortcut,
		chromedp.WaitVisible(chromedp.CSS(modal+`[data-callback-id="`+bot.CallbackShortcutNotice+`"]`)),
		waitText(modal, "queued already in"),
		waitText(modal, "Open the item"),
	)
	ctx := context.Background()
	if p, err := app.Main.Bot.Plans.FindPlanByChannel(ctx, fakeslack.TeamID, sandbox.ChannelFeed); plan.ErrorCode(err) != plan.ENOTFOUND {
		t.Errorf("the feed channel has a plan %+v (%v): a shortcut created it", p, err)
	}
	p, err := app.Main.Bot.Plans.FindPlanByChannel(ctx, fakeslack.TeamID, sandbox.ChannelSocial)
	if err != nil {
		t.Fatal(err)
	}
	items, _, err := app.Main.Bot.Engagement.FindEngagementItems(ctx, plan.EngagementFilter{PlanID: &p.ID})
	if err != nil || len(items) != 1 {
		t.Fatalf("%d items (%v), want the message queued once", len(items), err)
	}
}

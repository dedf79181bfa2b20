package main

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/planbot/planbot/bot"
	"github.com/planbot/planbot/internal/slacktest"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/storage/storagetest"
)

// ctaValues are the form values of a call to action of goal goalID posted
// on network.
func ctaValues(text, url, network string, goalID int64) formValues {
	return formValues{
		bot.BlockCTAKind:    {bot.ActionInput: "email_signup"},
		bot.BlockCTAText:    {bot.ActionInput: text},
		bot.BlockCTAURL:     {bot.ActionInput: url},
		bot.BlockCTAGoal:    {bot.ActionInput: strconv.FormatInt(goalID, 10)},
		bot.BlockCTANetwork: {bot.ActionInput: network},
	}
}

// TestLinks_StayPut is issue 11's "Links" defect: utm_campaign was built
// from the current plan and goal names, so a rename rewrote every link
// already published; two calls to action on one page shared a link,
// content items were never tagged, and newsletter and blog links got
// utm_medium=social.
func TestLinks_StayPut(t *testing.T) {
	storagetest.Run(t, testLinksStayPut)
}

func testLinksStayPut(t *testing.T, backend storagetest.Backend) {
	h := newHarnessOn(t, backend)
	h.addGoal(userEN, chanMain, "Grow the newsletter")
	goal := h.storedGoals(chanMain)[0]

	// Two calls to action on one page: the newsletter's footer and the
	// blog's sidebar both send to the signup page.
	form := h.openedView(h.command(userEN, chanMain, "cta").TriggerID)
	h.mustSubmit(userEN, form.ID, ctaValues("Get the weekly recipe", "https://acme.example/signup", "newsletter", goal.ID))
	list := h.openedView(h.command(userEN, chanMain, "cta").TriggerID)
	form = h.pushed(userEN, list.ID, bot.ActionCTAAdd, strconv.FormatInt(goal.ID, 10))
	h.mustSubmit(userEN, form.ID, ctaValues("Read the recipes", "https://acme.example/signup", "blog", goal.ID))
	ctas := h.storedCTAs(chanMain)
	if len(ctas) != 2 {
		t.Fatalf("stored %d calls to action", len(ctas))
	}
	news, blog := ctas[0], ctas[1]
	newsID, blogID := strconv.FormatInt(news.ID, 10), strconv.FormatInt(blog.ID, 10)
	// The plan is named after its channel, #acme-social, and the goal
	// "Grow the newsletter": the campaign is their slugs. A newsletter is
	// email, a blog a referral; utm_content names each call to action.
	newsLink := "https://acme.example/signup?utm_source=newsletter&amp;utm_medium=email&amp;utm_campaign=acme-social-grow-the-newsletter&amp;utm_content=cta-" + newsID
	blogLink := "https://acme.example/signup?utm_source=blog&amp;utm_medium=referral&amp;utm_campaign=acme-social-grow-the-newsletter&amp;utm_content=cta-" + blogID
	wantNews := plan.UTM{Source: "newsletter", Medium: "email", Campaign: "acme-social-grow-the-newsletter", Content: "cta-" + newsID}
	if u := news.UTM; u.Source != wantNews.Source || u.Medium != wantNews.Medium || u.Campaign != wantNews.Campaign || u.Content != wantNews.Content || !u.Frozen() {
		t.Errorf("newsletter link stored %+v, want %+v, frozen", u, wantNews)
	}
	if blog.UTM.Medium != "referral" || blog.UTM.Content == news.UTM.Content {
		t.Errorf("blog link stored %+v", blog.UTM)
	}
	list = h.openedView(h.command(userEN, chanMain, "cta").TriggerID)
	mustContain(t, "CTA list", slacktest.Unescape(list.JSON), newsLink+"`", blogLink+"`")

	// A post carrying the newsletter's call to action, on Instagram, gets
	// its own link: the campaign of the call to action, the post's
	// network, and the post as utm_content.
	values := itemValues("Spring teaser", "2026-12-01", "draft")
	values[bot.BlockContentCTA] = map[string]any{bot.ActionInput: newsID}
	item := h.addItem(userEN, chanMain, values)
	postLink := "https://acme.example/signup?utm_source=instagram&amp;utm_medium=social&amp;utm_campaign=acme-social-grow-the-newsletter&amp;utm_content=item-" +
		strconv.FormatInt(item.ID, 10)
	content := h.openedView(h.command(userEN, chanMain, "content").TriggerID)
	mustContain(t, "content list", slacktest.Unescape(content.JSON), postLink+"`")

	// The plan and the goal are renamed: no link changes.
	name, title := "Boulangerie Léa", "Double the newsletter"
	if _, err := h.main.Bot.Plans.UpdatePlanSettings(adaptCtx(), h.planOf(chanMain).ID, plan.PlanUpdate{Name: &name}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.main.Bot.Goals.UpdateGoal(adaptCtx(), goal.ID, plan.GoalUpdate{Title: &title}); err != nil {
		t.Fatal(err)
	}
	list = h.openedView(h.command(userEN, chanMain, "cta").TriggerID)
	after := slacktest.Unescape(list.JSON)
	mustContain(t, "CTA list after the renames", after, newsLink+"`", blogLink+"`", "Double the newsletter")
	if strings.Contains(after, "boulangerie") || strings.Contains(after, "double-the-newsletter") {
		t.Errorf("a rename rewrote a link:\n%s", after)
	}
	content = h.openedView(h.command(userEN, chanMain, "content").TriggerID)
	mustContain(t, "content list after the renames", slacktest.Unescape(content.JSON), postLink+"`")
	for _, c := range h.storedCTAs(chanMain) {
		if c.UTM.Campaign != "acme-social-grow-the-newsletter" {
			t.Errorf("stored campaign after the renames: %+v", c.UTM)
		}
	}

	// Changed on purpose in the form of the call to action: the new
	// campaign is stored and shown, the rest kept.
	list = h.openedView(h.command(userEN, chanMain, "cta").TriggerID)
	edit := h.pushed(userEN, list.ID, bot.ActionCTAEdit, newsID)
	mustContain(t, "edit form", slacktest.Unescape(edit.JSON), bot.BlockCTAUTMCampaign, `"initial_value":"acme-social-grow-the-newsletter"`)
	h.mustSubmit(userEN, edit.ID, formValues{bot.BlockCTAUTMCampaign: {bot.ActionInput: "spring-2027"}})
	edited, err := h.main.Bot.CTAs.FindCTAByID(context.Background(), news.ID)
	if err != nil {
		t.Fatal(err)
	}
	if u := edited.UTM; u.Campaign != "spring-2027" || u.Source != "newsletter" || u.Content != "cta-"+newsID || !u.FrozenAt.Equal(news.UTM.FrozenAt) {
		t.Errorf("edited on purpose: %+v", u)
	}
	list = h.openedView(h.command(userEN, chanMain, "cta").TriggerID)
	mustContain(t, "CTA list after the edit", slacktest.Unescape(list.JSON),
		"utm_campaign=spring-2027&amp;utm_content=cta-"+newsID+"`", blogLink+"`")

	// A value a link cannot carry is refused in the form, with what was
	// typed kept, and nothing stored.
	edit = h.pushed(userEN, list.ID, bot.ActionCTAEdit, newsID)
	errs := ackErrors(t, h.submit(userEN, edit.ID, formValues{bot.BlockCTAUTMSource: {bot.ActionInput: "  "}}))
	mustContain(t, "UTM error", errs[bot.BlockCTAUTMSource], "needed to count the link's visits")
	if again, _ := h.main.Bot.CTAs.FindCTAByID(context.Background(), news.ID); again.UTM.Source != "newsletter" {
		t.Errorf("a refused edit stored %+v", again.UTM)
	}
}

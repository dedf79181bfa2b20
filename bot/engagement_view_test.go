package bot

import (
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
)

func fixtureItem() *plan.EngagementItem {
	return &plan.EngagementItem{
		ID: 9, PlanID: 1, Network: plan.NetworkInstagram, Link: "https://instagram.example/p/1?a=1&b=2|x>",
		Author: "@ana " + evil, Excerpt: "Do you ship to Canada?\n" + evil, Kind: plan.EngagementQuestion,
		OwnerID: "U0ANA", Due: fixtureNow.Add(-90 * time.Minute), Status: plan.EngagementOpen,
		ChannelID: "C1", MessageTS: "1700000000.000100", CreatedAt: fixtureNow.Add(-4 * time.Hour),
	}
}

func TestEngagementViews(t *testing.T) {
	for _, lang := range []Lang{EN, FR} {
		l := string(lang)
		t.Run("Modal_"+l, func(t *testing.T) {
			it := &plan.EngagementItem{Excerpt: strings.Repeat("é", 2500), Link: "https://acme.slack.com/archives/C9/p1", OwnerID: "U0ANA", Due: fixtureNow}
			v := engagementModal(lang, it, "C9", viewMeta{ChannelID: "C9", SourceTS: "1.000001"})
			raw := golden(t, "engagement_modal_"+l, v)
			checkModalLimits(t, v)
			if strings.Contains(string(raw), strings.Repeat("é", 2001)) {
				t.Error("excerpt not clipped to the input's maximum")
			}
		})
		t.Run("Item_"+l, func(t *testing.T) {
			text, blocks := engagementItemMessage(lang, fixtureItem(), fixtureNow, fixtureParis)
			checkReminderMessage(t, text, blocks)
			golden(t, "engagement_item_"+l, blocks)
		})
		t.Run("List_"+l, func(t *testing.T) {
			later := fixtureItem()
			later.ID, later.Due = 10, fixtureNow.Add(time.Hour)
			v := engagementListModal(lang, engagementList{
				Items: []*plan.EngagementItem{fixtureItem(), later}, Total: 2, Meta: viewMeta{PlanID: 1, ChannelID: "C1", Mine: true},
				Now: fixtureNow, Loc: fixtureParis, ReplyTarget: 2 * time.Hour, Unreachable: true,
				Stats:  []plan.NetworkReplyStats{{Network: plan.NetworkInstagram, Count: 12, Median: 80 * time.Minute, P90: 5 * time.Hour}},
				Digest: &plan.Reminder{Rule: plan.Rule{Frequency: plan.FrequencyDaily, Hour: 9, TimeZone: "Europe/Paris"}, State: plan.ReminderActive},
			})
			golden(t, "engagement_list_"+l, v)
			checkModalLimits(t, v)
			checkEscaped(t, v)
		})
		t.Run("Digest_"+l, func(t *testing.T) {
			var items []*plan.EngagementItem
			for i := range 20 {
				it := fixtureItem()
				it.ID, it.Due = int64(i+1), fixtureNow.Add(time.Duration(i-3)*time.Hour)
				items = append(items, it)
			}
			text, blocks := engagementDigestMessage(lang, items, 25, fixtureNow, fixtureParis, &plan.Delivery{})
			checkReminderMessage(t, text, blocks)
			golden(t, "engagement_digest_"+l, blocks)
		})
	}
	t.Run("ClosedItem", func(t *testing.T) {
		it := fixtureItem()
		it.Status, it.ClosedBy, it.ClosedAt = plan.EngagementReplied, "U0BOB", fixtureNow
		text, blocks := engagementItemMessage(EN, it, fixtureNow, fixtureParis)
		checkReminderMessage(t, text, blocks)
		raw := jsonText(t, blocks)
		mustHave(t, raw, "Replied by <@U0BOB> after 4 h")
		if strings.Contains(raw, ActionEngagementReplied) {
			t.Error("a closed item still has buttons")
		}
	})
	t.Run("Overdue", func(t *testing.T) {
		r := fixtureReminder(plan.ReminderEngagementOverdue)
		r.ThreadTS = "1700000000.000100"
		d := &plan.Delivery{Occurrence: plan.Occurrence{Snoozed: true}}
		text, blocks := engagementOverdueMessage(EN, fixtureItem(), r, d, fixtureNow, fixtureParis)
		checkReminderMessage(t, text, blocks)
		raw := golden(t, "engagement_overdue_en", blocks)
		mustHave(t, text, "<@U0ANA>", "overdue")
		mustHave(t, string(raw), ActionEngagementReplied, ActionReminderSnoozeHour, "snoozed earlier")
	})
	t.Run("Reassign", func(t *testing.T) {
		v := engagementReassignModal(EN, fixtureItem(), viewMeta{PlanID: 1, ID: 9})
		golden(t, "engagement_reassign_en", v)
		checkModalLimits(t, v)
	})
	t.Run("DigestModal", func(t *testing.T) {
		off := &plan.Reminder{Rule: plan.Rule{Frequency: plan.FrequencyDaily, Hour: 17, Minute: 30}, State: plan.ReminderCancelled}
		v := engagementDigestModal(FR, off, "Europe/Paris", viewMeta{PlanID: 1})
		raw := golden(t, "engagement_digest_modal_fr", v)
		checkModalLimits(t, v)
		mustHave(t, string(raw), `"initial_time": "17:30"`)
		if strings.Contains(string(raw), "initial_options") {
			t.Error("a digest that is off is shown as on")
		}
	})
}

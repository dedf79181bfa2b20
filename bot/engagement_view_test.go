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

// fixtureClock is the clock of a plan in Paris that counts every hour.
func fixtureClock() queueClock { return queueClock{Now: fixtureNow, Loc: fixtureParis} }

func TestEngagementViews(t *testing.T) {
	for _, lang := range []Lang{EN, FR} {
		l := string(lang)
		t.Run("Modal_"+l, func(t *testing.T) {
			it := &plan.EngagementItem{Excerpt: strings.Repeat("é", 2500), Link: "https://acme.slack.com/archives/C9/p1", OwnerID: "U0ANA", ReceivedAt: fixtureNow}
			choices := fixtureChoices()
			v := engagementModal(lang, it, &choices, viewMeta{ChannelID: "C9", SourceTS: "1.000001"})
			raw := golden(t, "engagement_modal_"+l, v)
			checkModalLimits(t, v)
			if strings.Contains(string(raw), strings.Repeat("é", 2001)) {
				t.Error("excerpt not clipped to the input's maximum")
			}
			mustHave(t, string(raw), `"callback_id": "`+CallbackEngagement+`"`, `"block_id": "`+BlockEngagementChannel+`"`,
				`"initial_date_time": 1781524800`) // 2026-06-15T12:00:00Z
		})
		t.Run("NewModal_"+l, func(t *testing.T) {
			// The list's Add button: the list's plan, no choice of plan.
			it := &plan.EngagementItem{OwnerID: "U0ANA", ReceivedAt: fixtureNow}
			v := engagementModal(lang, it, nil, viewMeta{PlanID: 1, ChannelID: "C1", ParentID: "V1"})
			checkModalLimits(t, v)
			raw := jsonText(t, v)
			mustHave(t, raw, `"callback_id":"`+CallbackEngagementNew+`"`, BlockEngagementReceived)
			if strings.Contains(raw, BlockEngagementChannel) {
				t.Error("the list's form offers to choose the plan")
			}
		})
		t.Run("Item_"+l, func(t *testing.T) {
			text, blocks := engagementItemMessage(lang, fixtureItem(), fixtureClock())
			checkReminderMessage(t, text, blocks)
			golden(t, "engagement_item_"+l, blocks)
		})
		t.Run("List_"+l, func(t *testing.T) {
			later := fixtureItem()
			later.ID, later.Due = 10, fixtureNow.Add(time.Hour)
			v := engagementListModal(lang, engagementList{
				Items: []*plan.EngagementItem{fixtureItem(), later}, Total: 2, Meta: viewMeta{PlanID: 1, ChannelID: "C1", Mine: true, Owner: "U0ANA"},
				Clock: fixtureClock(), ReplyTarget: 2 * time.Hour, Unreachable: true,
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
			text, blocks := engagementDigestMessage(lang, items, 25, fixtureClock(), &plan.Delivery{})
			checkReminderMessage(t, text, blocks)
			golden(t, "engagement_digest_"+l, blocks)
		})
	}
	t.Run("ClosedItem", func(t *testing.T) {
		it := fixtureItem()
		it.Status, it.ClosedBy, it.ClosedAt = plan.EngagementReplied, "U0BOB", fixtureNow
		text, blocks := engagementItemMessage(EN, it, fixtureClock())
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
		text, blocks := engagementOverdueMessage(EN, fixtureItem(), r, d, fixtureClock())
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

// TestItemDue_WorkingHours: lateness counts working time only. With Monday to
// Friday, 9 to 18, in Paris, an item due on Friday 17:30 (16:30Z, CET) is late
// by 30 min on Friday and 1 h on Monday at 10:00 (09:00Z): 1 h 30; on
// Saturday it is late, but by no working time past the first 30 min.
func TestItemDue_WorkingHours(t *testing.T) {
	it := fixtureItem()
	it.Due = time.Date(2026, 11, 20, 16, 30, 0, 0, time.UTC)
	c := queueClock{Loc: fixtureParis, Hours: plan.DefaultWorkingHours}
	tests := []struct {
		name string
		now  time.Time
		want string
	}{
		{"Monday", time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC), "(1 h 30 min)"},
		{"Saturday", time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC), "(30 min)"},
		{"FridayAtClose", time.Date(2026, 11, 20, 16, 30, 30, 0, time.UTC), "overdue since Nov 20, 2026 at 17:30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c.Now = tt.now
			got := itemDue(EN, it, c)
			mustHave(t, got, tt.want)
			if tt.name == "FridayAtClose" && strings.Contains(got, "(") {
				t.Errorf("itemDue = %q: under a minute late shows no span", got)
			}
		})
	}
	// A reply on Monday at 10:00 to a message received on Friday at 17:30
	// took 1 h 30 of working time, not 64 h 30.
	it.ReceivedAt, it.Status, it.ClosedBy, it.ClosedAt = it.Due, plan.EngagementReplied, "U0BOB", time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	mustHave(t, itemClosedLine(EN, it, c), "after 1 h 30 min")
}

// TestEngagementDuplicateText: the notice of a message queued already says
// where, by whom and when, and links to the item's message.
func TestEngagementDuplicateText(t *testing.T) {
	it := fixtureItem()
	it.CreatedBy = "U0ANA"
	p := &plan.Plan{ID: 1, ChannelID: "C1", TimeZone: "Europe/Paris"}
	for _, tt := range []struct {
		lang Lang
		want []string
	}{
		{EN, []string{"queued already in <#C1>, by <@U0ANA> on ", "overdue since", "<https://x.slack.com/archives/C1/p1|Open the item>"}},
		{FR, []string{"déjà dans les messages à traiter de <#C1>, ajouté par <@U0ANA> le ", "<https://x.slack.com/archives/C1/p1|Voir le message>"}},
	} {
		text := engagementDuplicateText(tt.lang, p, it, "https://x.slack.com/archives/C1/p1", fixtureClock())
		mustHave(t, text, tt.want...)
	}
	if text := engagementDuplicateText(EN, p, it, "", fixtureClock()); strings.Contains(text, "Open the item") {
		t.Errorf("a notice without a link offers one: %q", text)
	}
}

package bot

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/internal/slacktest"
	"github.com/planbot/planbot/plan"
)

const evilText = "<!channel> & <https://evil.example|bank>"

var (
	fixtureParis = mustLoadLoc("Europe/Paris")
	fixtureNow   = time.Date(2026, 6, 15, 12, 0, 0, 0, time.UTC)
)

func mustLoadLoc(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

func fixtureExperiment() *plan.Experiment {
	return &plan.Experiment{
		ID: 3, PlanID: 1, Name: "Question " + evilText, Hypothesis: "A question gets more clicks " + evilText,
		Variable: plan.VariableQuestion, Network: plan.NetworkInstagram,
		Variants:      []plan.ExperimentVariant{{Name: "Statement"}, {Name: "Question " + evilText}},
		SuccessMetric: "clicks", ExposureMetric: "impressions",
		BaselineRate: 2, MinEffect: 0.5, PlannedSample: 2000,
		Start: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 6, 14, 0, 0, 0, 0, time.UTC),
		OwnerID: "U0ANA", CreatedBy: "U0ANA",
	}
}

// concluded returns fixtureExperiment with results: B wins 192/1200 over 144/1200.
func fixtureConcluded(tb testing.TB) *plan.Experiment {
	e := fixtureExperiment()
	res := []plan.VariantResult{{Exposures: 1200, Successes: 144}, {Exposures: 1200, Successes: 192}}
	if err := e.SetResults(res, "U0ANA", e.End, fixtureNow); err != nil {
		tb.Fatal(err)
	}
	return e
}

func fixtureItem() *plan.EngagementItem {
	return &plan.EngagementItem{
		ID: 9, PlanID: 1, Network: plan.NetworkInstagram, Link: "https://instagram.example/p/1?a=1&b=2|x>",
		Author: "@ana " + evilText, Excerpt: "Do you ship to Canada?\n" + evilText, Kind: plan.EngagementQuestion,
		OwnerID: "U0ANA", Due: fixtureNow.Add(-90 * time.Minute), Status: plan.EngagementOpen,
		ChannelID: "C1", MessageTS: "1700000000.000100", CreatedAt: fixtureNow.Add(-4 * time.Hour),
	}
}

func fixtureReminder(kind plan.ReminderKind) *plan.Reminder {
	return &plan.Reminder{ID: 42, PlanID: 1, Kind: kind, SubjectID: 3, ChannelID: "C1", OwnerID: "U0ANA", State: plan.ReminderActive}
}

// jsonText returns v as JSON, read the way Slack decodes it.
func jsonText(t *testing.T, v any) string {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return slacktest.Unescape(raw)
}

// checkEscaped fails when a mrkdwn text of v would ping or link from user
// text. The links the bot writes itself to a validated URL are allowed.
func checkEscaped(t *testing.T, v any) {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if live := slacktest.LiveMarkup(raw, "<https://instagram.example/"); live != "" {
		t.Errorf("unescaped user text in mrkdwn: %s", live)
	}
}

// checkReminderMessage checks what Slack enforces on a message and that no
// user text went out unescaped.
func checkReminderMessage(t *testing.T, text string, blocks []slack.Block) {
	t.Helper()
	if len(blocks) > 50 {
		t.Errorf("%d blocks, over 50", len(blocks))
	}
	if strings.Contains(text, "<!channel>") || strings.Contains(text, "<https://evil") {
		t.Errorf("unescaped user text in %s", text)
	}
	checkEscaped(t, blocks)
	for _, b := range blocks {
		if s, ok := b.(*slack.SectionBlock); ok && s.Text != nil && len([]rune(s.Text.Text)) > 3000 {
			t.Errorf("section text of %d characters", len([]rune(s.Text.Text)))
		}
	}
}

func TestExperimentViews(t *testing.T) {
	today := time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC)
	meta := reminderMeta{PlanID: 1, ChannelID: "C1"}
	for _, lang := range []Lang{EN, FR} {
		l := string(lang)
		t.Run("Modal_"+l, func(t *testing.T) {
			v := experimentModal(lang, fixtureExperiment(), reminderMeta{PlanID: 1, ChannelID: "C1", ID: 3, ParentID: "V1"})
			golden(t, "experiment_modal_edit_"+l, v)
			checkModalLimits(t, v)
		})
		t.Run("List_"+l, func(t *testing.T) {
			running := fixtureExperiment()
			running.ID, running.End = 4, today.AddDate(0, 0, 7)
			v := experimentsListModal(lang, []*plan.Experiment{running, fixtureExperiment(), fixtureConcluded(t)}, 3, meta, today)
			raw := golden(t, "experiments_list_"+l, v)
			checkModalLimits(t, v)
			checkEscaped(t, v)
			// Results open only for the ended experiment that has none.
			if n := strings.Count(string(raw), `"action_id": "`+ActionExperimentResults+`"`); n != 1 {
				t.Errorf("%d Record results buttons, want 1", n)
			}
		})
		t.Run("Verdict_"+l, func(t *testing.T) {
			e := fixtureConcluded(t)
			v, err := e.Verdict()
			if err != nil {
				t.Fatal(err)
			}
			text, blocks := experimentVerdictMessage(lang, "U0ANA", e, v)
			checkReminderMessage(t, text, blocks)
			golden(t, "experiment_verdict_"+l, blocks)
		})
	}
	t.Run("NewModal", func(t *testing.T) {
		v := experimentModal(EN, &plan.Experiment{OwnerID: "U0ANA", Start: today, End: today.AddDate(0, 0, 14), SuccessMetric: "clicks", ExposureMetric: "impressions"}, meta)
		golden(t, "experiment_modal_new_en", v)
		checkModalLimits(t, v)
	})
	t.Run("Results", func(t *testing.T) {
		v := experimentResultsModal(EN, fixtureExperiment(), reminderMeta{PlanID: 1, ID: 3})
		raw := golden(t, "experiment_results_en", v)
		checkModalLimits(t, v)
		for _, b := range []string{BlockExperimentExposures + "a", BlockExperimentSuccesses + "b"} {
			if !strings.Contains(string(raw), b) {
				t.Errorf("results form lacks %s", b)
			}
		}
	})
	t.Run("Note", func(t *testing.T) {
		text, blocks := experimentNote(EN, "note.experiment.created", "U0ANA", fixtureExperiment())
		checkReminderMessage(t, text, blocks)
		raw := golden(t, "experiment_note_en", blocks)
		mustHaveText(t, string(raw), "13,8", "Too small to conclude", "Planned: 2,000")
	})
	t.Run("VerdictMoreNeeded", func(t *testing.T) {
		e := fixtureExperiment()
		if err := e.SetResults([]plan.VariantResult{{Exposures: 100, Successes: 5}, {Exposures: 100, Successes: 8}}, "U0ANA", e.End, fixtureNow); err != nil {
			t.Fatal(err)
		}
		v, _ := e.Verdict()
		text, blocks := experimentVerdictMessage(EN, "U0ANA", e, v)
		checkReminderMessage(t, text, blocks)
		mustHaveText(t, text, "No significant difference", "959 more impressions per variant")
	})
	t.Run("Reminder", func(t *testing.T) {
		d := &plan.Delivery{Occurrence: plan.Occurrence{Firing: plan.Firing{Due: fixtureNow.Add(-72 * time.Hour), Late: true, Missed: 0}}}
		text, blocks := experimentEndMessage(EN, fixtureExperiment(), fixtureReminder(plan.ReminderExperimentEnd), d, fixtureParis)
		checkReminderMessage(t, text, blocks)
		raw := golden(t, "experiment_reminder_en", blocks)
		mustHaveText(t, string(raw), ActionExperimentResults, ActionReminderSnoozeHour, ActionReminderSnoozeDay, ActionOpenStep, "Late: this reminder was due Jun 12, 2026 at 14:00")
	})
}

func TestEngagementViews(t *testing.T) {
	for _, lang := range []Lang{EN, FR} {
		l := string(lang)
		t.Run("Modal_"+l, func(t *testing.T) {
			it := &plan.EngagementItem{Excerpt: strings.Repeat("é", 2500), Link: "https://acme.slack.com/archives/C9/p1", OwnerID: "U0ANA", Due: fixtureNow}
			v := engagementModal(lang, it, "C9", reminderMeta{ChannelID: "C9", SourceTS: "1.000001"})
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
				Items: []*plan.EngagementItem{fixtureItem(), later}, Total: 2, Meta: reminderMeta{PlanID: 1, ChannelID: "C1", Mine: true},
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
		mustHaveText(t, raw, "Replied by <@U0BOB> after 4 h")
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
		mustHaveText(t, text, "<@U0ANA>", "overdue")
		mustHaveText(t, string(raw), ActionEngagementReplied, ActionReminderSnoozeHour, "snoozed earlier")
	})
	t.Run("Reassign", func(t *testing.T) {
		v := engagementReassignModal(EN, fixtureItem(), reminderMeta{PlanID: 1, ID: 9})
		golden(t, "engagement_reassign_en", v)
		checkModalLimits(t, v)
	})
	t.Run("DigestModal", func(t *testing.T) {
		off := &plan.Reminder{Rule: plan.Rule{Frequency: plan.FrequencyDaily, Hour: 17, Minute: 30}, State: plan.ReminderCancelled}
		v := engagementDigestModal(FR, off, "Europe/Paris", reminderMeta{PlanID: 1})
		raw := golden(t, "engagement_digest_modal_fr", v)
		checkModalLimits(t, v)
		mustHaveText(t, string(raw), `"initial_time": "17:30"`)
		if strings.Contains(string(raw), "initial_options") {
			t.Error("a digest that is off is shown as on")
		}
	})
}

func TestUnreachableMessage(t *testing.T) {
	p := &plan.Plan{ID: 1, ChannelID: "C1", Language: "fr"}
	for _, tt := range []struct {
		lang         Lang
		reason, want string
	}{
		{EN, "not_in_channel", "/invite @planbot"},
		{FR, "is_archived", "archivé"},
		{EN, "<!channel>", "&lt;!channel&gt;"},
	} {
		text, blocks := unreachableMessage(tt.lang, p, tt.reason)
		checkReminderMessage(t, text, blocks)
		raw := jsonText(t, blocks)
		mustHaveText(t, raw, tt.want, ActionChannelRetry, "<#C1>")
		if strings.Contains(raw, "%!") {
			t.Errorf("format error in %s", raw)
		}
	}
	_, blocks := unreachableMessage(EN, p, "not_in_channel")
	golden(t, "channel_unreachable_en", blocks)
}

func TestFormatHelpers(t *testing.T) {
	tests := []struct {
		name, got, want string
	}{
		{"CountEN", formatCount(EN, 13836), "13,836"},
		{"CountFR", formatCount(FR, 1234567), "1\u202f234\u202f567"},
		{"CountSmall", formatCount(EN, 959), "959"},
		{"PercentEN", formatPercent(EN, 0.0285), "2.9%"},
		{"PercentFR", formatPercent(FR, 0.16), "16,0\u00a0%"},
		{"SpanUnderMinute", formatSpan(EN, 30*time.Second), "under a minute"},
		{"SpanHoursMinutes", formatSpan(EN, 90*time.Minute), "1 h 30 min"},
		{"SpanDaysFR", formatSpan(FR, 50*time.Hour+10*time.Minute), "2 j 2 h"},
		{"LinkForged", safeLink("https://x.example/a|b>c&d", "open|<!here>"), "<https://x.example/a%7Cb%3Ec&amp;d|open/&lt;!here&gt;>"},
		{"LinkNotHTTP", safeLink("javascript:alert(1)", "open"), "open"},
		{"LocalTimeFR", localTime(FR, time.Date(2026, 3, 29, 1, 30, 0, 0, time.UTC), fixtureParis), "29 mars 2026 à 03:30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}

// TestReplaceActions checks that a used reminder loses its buttons and
// keeps its text.
func TestReplaceActions(t *testing.T) {
	_, blocks := experimentEndMessage(EN, fixtureExperiment(), fixtureReminder(plan.ReminderExperimentEnd), &plan.Delivery{}, fixtureParis)
	out := replaceActions(blocks, "done")
	if len(out) != len(blocks) {
		t.Fatalf("%d blocks, want %d", len(out), len(blocks))
	}
	for _, b := range out {
		if b.BlockType() == slack.MBTAction {
			t.Error("actions block kept")
		}
	}
	if c, ok := out[len(out)-1].(*slack.ContextBlock); !ok || c.ContextElements.Elements[0].(*slack.TextBlockObject).Text != "done" {
		t.Errorf("last block %#v, want the note", out[len(out)-1])
	}
}

// TestNetworkLabels checks the network names the views take from the
// shared catalogue exist in both languages.
func TestNetworkLabels(t *testing.T) {
	for _, n := range plan.Networks {
		if !Has("network." + string(n)) {
			t.Errorf("catalogue lacks network.%s", n)
		}
	}
	for _, k := range plan.EngagementKinds {
		if !Has("engagement.kind." + string(k)) {
			t.Errorf("catalogue lacks engagement.kind.%s", k)
		}
	}
	for _, v := range plan.ExperimentVariables {
		if !Has("experiment.variable." + string(v)) {
			t.Errorf("catalogue lacks experiment.variable.%s", v)
		}
	}
}

func mustHaveText(t *testing.T, s string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			t.Errorf("lacks %q in:\n%s", sub, s)
		}
	}
}

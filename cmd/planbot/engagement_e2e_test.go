package main

import (
	"context"
	"encoding/json"
	"slices"
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

// End-to-end tests of step 7 (issues 11, 12 and 15): reply clocks from the
// follower's message in working hours, shortcuts that choose their plan,
// the same message queued once, text as typed, and settings saved in one
// transaction.

// The feed channel of these tests: an integration posts the networks'
// mentions there, and it has no plan.
const (
	chanFeed = "CFEED"
	userFeed = "UFEED"
)

// newFeedHarness is a harness whose fake Slack runs on the test clock,
// with a feed channel that both users are in.
func newFeedHarness(t *testing.T, backend storagetest.Backend) *harness {
	t.Helper()
	h := newHarnessOn(t, backend, slackOnTestClock)
	h.Slack.AddUser(fakeslack.User{ID: userFeed, Name: "social-feed", RealName: "Social feed", Locale: "en-US", TZ: "UTC"})
	h.Slack.AddChannel(fakeslack.Channel{ID: chanFeed, Name: "social-feed", IsMember: true, Members: []string{userEN, userFR, userFeed}})
	return h
}

// feedMessage posts text in the feed channel, as typed, at the test
// clock's time, and returns its ts.
func (h *harness) feedMessage(text string) string {
	h.t.Helper()
	m, err := h.Slack.PostAsUser(fakeslack.UserMessage{Channel: chanFeed, User: userFeed, Text: text})
	if err != nil {
		h.t.Fatal(err)
	}
	return m.TS
}

// shortcutOn runs the message shortcut callbackID as user on the feed
// message ts and returns the view it opened.
func (h *harness) shortcutOn(callbackID, user, ts string) fakeslack.View {
	h.t.Helper()
	ack, err := h.Slack.MessageShortcut(h.ctx(), fakeslack.Shortcut{
		CallbackID: callbackID, UserID: user, TeamID: fakeslack.TeamID, ChannelID: chanFeed, MessageTS: ts,
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return h.openedView(ack.TriggerID)
}

// queueValues fills what the engagement form cannot guess; the plan, the
// text, the owner and the time come from the shortcut.
func queueValues() formValues {
	return formValues{
		bot.BlockEngagementNetwork: {bot.ActionInput: "instagram"},
		bot.BlockEngagementKind:    {bot.ActionInput: "question"},
	}
}

// itemsOf returns the engagement items of the plan of channel.
func (h *harness) itemsOf(channel string) []*plan.EngagementItem {
	h.t.Helper()
	p := h.planOf(channel)
	items, _, err := h.main.Bot.Engagement.FindEngagementItems(context.Background(), plan.EngagementFilter{PlanID: &p.ID})
	if err != nil {
		h.t.Fatal(err)
	}
	return items
}

// noPlanIn fails the test when channel has a plan.
func (h *harness) noPlanIn(channel string) {
	h.t.Helper()
	if p, err := h.main.Bot.Plans.FindPlanByChannel(context.Background(), fakeslack.TeamID, channel); plan.ErrorCode(err) != plan.ENOTFOUND {
		h.t.Fatalf("channel %s has a plan %+v (%v): a shortcut created it", channel, p, err)
	}
}

// TestEngagement_FeedMessageToReply: "Add to engagement queue" on a feed
// channel's message files it in the plan the user chooses, the plan they
// last worked in being offered first; no plan is created in the feed
// channel. The reply clock starts at the follower's message, not at the
// queueing; the original message gets a reaction and a thread reply in the
// plan's language; the overdue reminder and Mark replied follow.
func TestEngagement_FeedMessageToReply(t *testing.T) {
	storagetest.Run(t, testEngagementFeedMessageToReply)
}

func testEngagementFeedMessageToReply(t *testing.T, backend storagetest.Backend) {
	h := newFeedHarness(t, backend)
	// No plan in any of Ana's channels: the shortcut says so, and creates
	// none.
	ts := h.feedMessage("Do you ship to Canada? " + evilTitle)
	notice := h.shortcutOn(bot.ShortcutEngagementAdd, userEN, ts)
	mustContain(t, "notice", slacktest.Unescape(notice.JSON), "None of the channels you are in has a plan yet")
	h.noPlanIn(chanFeed)

	// Camille starts the plan of #acme-social (French, Paris), Ana the one
	// of #client-b, then works in #acme-social.
	if v := h.openedView(h.command(userFR, chanMain, "engager").TriggerID); v.CallbackID != bot.CallbackEngagementList {
		t.Fatalf("/plan engager opened %s, want the (empty) queue", v.CallbackID)
	}
	h.status(userEN, chanOther)
	h.openedView(h.command(userEN, chanMain, "engage").TriggerID)

	// The follower wrote at 09:10; Ana queues the message at 09:25.
	h.Clock.Set(time.Date(2026, 11, 25, 9, 10, 0, 0, time.UTC))
	ts = h.feedMessage("Do you still ship to Canada? " + evilTitle)
	received, _ := plan.ParseSlackTS(ts)
	h.Clock.Set(time.Date(2026, 11, 25, 9, 25, 0, 0, time.UTC))
	form := h.shortcutOn(bot.ShortcutEngagementAdd, userEN, ts)
	if form.CallbackID != bot.CallbackEngagement {
		t.Fatalf("shortcut opened %s, want the engagement form", form.CallbackID)
	}
	raw := slacktest.Unescape(form.JSON)
	mustContain(t, "form", raw, `"initial_option":{"text":{"type":"plain_text","text":"#acme-social","emoji":false},"value":"`+chanMain+`"}`,
		`"value":"`+chanOther+`"`, "Do you still ship to Canada? "+evilTitle, `"initial_user":"`+userEN+`"`,
		`"initial_date_time":`+strconv.FormatInt(received.Unix(), 10))
	if strings.Contains(raw, `"value":"`+chanFeed+`"`) {
		t.Error("the form offers the feed channel, which has no plan")
	}

	// A plan whose channel Ana left since the form opened, and a bad link:
	// both refused at once, nothing stored, no plan created.
	if err := h.Slack.RemoveMembers(chanOther, userEN); err != nil {
		t.Fatal(err)
	}
	values := queueValues()
	values[bot.BlockEngagementChannel] = map[string]any{bot.ActionInput: chanOther}
	values[bot.BlockEngagementLink] = map[string]any{bot.ActionInput: "javascript:alert(1)"}
	errs := ackErrors(t, h.submit(userEN, form.ID, values))
	mustContain(t, "plan error", errs[bot.BlockEngagementChannel], "plans of your channels")
	mustContain(t, "link error", errs[bot.BlockEngagementLink], "https://")
	if items := h.itemsOf(chanOther); len(items) != 0 {
		t.Fatalf("%d items in a plan of a channel Ana left", len(items))
	}
	h.noPlanIn(chanFeed)

	h.mustSubmit(userEN, form.ID, queueValues())
	itemMsg, itemTS := h.posted(0, chanMain, "Nouveau message à traiter")
	// The one link is the bot's own, to the follower's message.
	if live := slacktest.LiveMarkup([]byte(itemMsg.Params.Get("blocks")), "<https://"+fakeslack.TeamDomain+".slack.com/archives/"+chanFeed+"/p"); live != "" {
		t.Errorf("user text posted unescaped: %s", live)
	}
	h.noPlanIn(chanFeed)
	items := h.itemsOf(chanMain)
	if len(items) != 1 {
		t.Fatalf("%d items in #acme-social's plan, want 1", len(items))
	}
	it := items[0]
	// Due 2 h after the follower wrote (09:10), not after the queueing.
	if !it.ReceivedAt.Equal(received) || !it.Due.Equal(received.Add(2*time.Hour)) || it.SourceChannelID != chanFeed ||
		it.SourceTS != ts || it.OwnerID != userEN || it.CreatedBy != userEN || it.Excerpt != "Do you still ship to Canada? "+evilTitle {
		t.Fatalf("stored item %+v", it)
	}

	// The original message is marked: a reaction, and a thread reply that
	// says by whom and where, in the plan's language (French).
	reply := h.waitCall("chat.postMessage", func(c fakeslack.Call) bool {
		return c.Params.Get("channel") == chanFeed && c.Params.Get("thread_ts") == ts
	})
	if got, want := reply.Params.Get("text"), ":inbox_tray: Ajouté aux messages à traiter de <#"+chanMain+"> par <@"+userEN+">."; got != want {
		t.Errorf("thread reply %q, want %q", got, want)
	}
	h.waitCall("reactions.add", func(c fakeslack.Call) bool { return c.Params.Get("timestamp") == ts })
	if m, ok := h.Slack.Message(chanFeed, ts); !ok || len(m.Reactions) != 1 || m.Reactions[0].Name != "inbox_tray" {
		t.Errorf("original message reactions %+v", m.Reactions)
	}

	// Overdue at 11:10, two hours after the follower wrote.
	h.Clock.Set(received.Add(2*time.Hour - time.Minute))
	h.tick()
	if n := h.posts(chanMain); n != 1 {
		t.Fatalf("%d posts before the due time, want the item only", n)
	}
	h.Clock.Set(received.Add(2*time.Hour + 30*time.Second))
	h.tick()
	rem, remTS := h.posted(1, chanMain, bot.ActionEngagementReplied)
	if rem.Params.Get("thread_ts") != itemTS {
		t.Errorf("reminder in thread %q, want the item's %q", rem.Params.Get("thread_ts"), itemTS)
	}

	updates := len(h.Slack.Calls("chat.update"))
	h.click(fakeslack.Click{UserID: userFR, ActionID: bot.ActionEngagementReplied, ChannelID: chanMain, MessageTS: remTS})
	itemUp := h.waitCallAfter(updates, "chat.update", func(c fakeslack.Call) bool { return c.Params.Get("ts") == itemTS })
	mustContain(t, "item message", slacktest.Unescape([]byte(itemUp.Params.Get("blocks"))), "Répondu par <@"+userFR+"> en 2\u00a0h")
	got, err := h.main.Bot.Engagement.FindEngagementItemByID(context.Background(), it.ID)
	if took, ok := got.ReplyTime(); err != nil || !ok || took != 2*time.Hour+30*time.Second {
		t.Fatalf("reply time %s (%v), want 2 h 30 s from the follower's message", took, err)
	}
	list := h.openedView(h.command(userFR, chanMain, "engager").TriggerID)
	mustContain(t, "list", slacktest.Unescape(list.JSON), "Instagram\u202f: médiane 2\u00a0h")
}

// TestEngagement_SameMessageTwice: a message queued already is refused
// with a link to its item, whether the user runs the shortcut again or
// submits a second form opened before the first was saved.
func TestEngagement_SameMessageTwice(t *testing.T) {
	storagetest.Run(t, testEngagementSameMessageTwice)
}

func testEngagementSameMessageTwice(t *testing.T, backend storagetest.Backend) {
	h := newFeedHarness(t, backend)
	h.status(userEN, chanMain)
	ts := h.feedMessage("Can I change my order? " + evilTitle)
	first := h.shortcutOn(bot.ShortcutEngagementAdd, userEN, ts)
	second := h.shortcutOn(bot.ShortcutEngagementAdd, userFR, ts) // Camille, before Ana saves hers
	h.mustSubmit(userEN, first.ID, queueValues())
	_, itemTS := h.posted(0, chanMain, "New in the engagement queue")
	// The bot marks the original message once the item's message is
	// recorded: from then on a duplicate's notice can link to it.
	h.waitCall("reactions.add", func(fakeslack.Call) bool { return true })
	link := "https://" + fakeslack.TeamDomain + ".slack.com/archives/" + chanMain + "/p" + strings.ReplaceAll(itemTS, ".", "")

	// Camille's form becomes a notice with a link to the item.
	ack := h.submit(userFR, second.ID, queueValues())
	var resp struct {
		ResponseAction string          `json:"response_action"`
		View           json.RawMessage `json:"view"`
	}
	if err := json.Unmarshal(ack.Payload, &resp); err != nil || resp.ResponseAction != "update" {
		t.Fatalf("second submit acked %s, want the form updated to a notice", ack.Payload)
	}
	mustContain(t, "second submit", slacktest.Unescape(resp.View), "déjà dans les messages à traiter de <#"+chanMain+">, ajouté par <@"+userEN+">", "<"+link+"|Voir le message>")
	// The shortcut again: the notice instead of the form.
	again := h.shortcutOn(bot.ShortcutEngagementAdd, userEN, ts)
	if again.CallbackID != bot.CallbackShortcutNotice {
		t.Fatalf("shortcut on a queued message opened %s, want the notice", again.CallbackID)
	}
	mustContain(t, "notice", slacktest.Unescape(again.JSON), "queued already in <#"+chanMain+">", "<"+link+"|Open the item>")
	if items := h.itemsOf(chanMain); len(items) != 1 {
		t.Fatalf("%d items, want the message queued once", len(items))
	}
	h.noPlanIn(chanFeed)
}

// TestEngagement_TextAsTyped: a follower's "late & the bag was torn
// <again>" reaches the bot as Slack escapes it; it shows as typed in the
// form, is stored as typed, and is escaped once in the queue, the
// channel post and Home: never &amp;amp;.
func TestEngagement_TextAsTyped(t *testing.T) {
	storagetest.Run(t, testEngagementTextAsTyped)
}

func testEngagementTextAsTyped(t *testing.T, backend storagetest.Backend) {
	h := newFeedHarness(t, backend)
	const typed = "Order #1042 arrived late & the bag was torn <again>."
	const once = "Order #1042 arrived late &amp; the bag was torn &lt;again&gt;."
	h.status(userEN, chanMain)
	ts := h.feedMessage(typed)
	if m, _ := h.Slack.Message(chanFeed, ts); !strings.Contains(m.Text, "&amp;") {
		t.Fatalf("the fake stored %q: Slack escapes a member's text", m.Text)
	}
	form := h.shortcutOn(bot.ShortcutEngagementAdd, userEN, ts)
	// A plain_text input's initial value is not parsed: the text as typed.
	mustContain(t, "form", slacktest.Unescape(form.JSON), `"initial_value":"`+typed+`"`)
	h.mustSubmit(userEN, form.ID, queueValues())
	if items := h.itemsOf(chanMain); len(items) != 1 || items[0].Excerpt != typed {
		t.Fatalf("stored %q, want the text as typed", items[0].Excerpt)
	}
	post, _ := h.posted(0, chanMain, "New in the engagement queue")
	list := h.openedView(h.command(userEN, chanMain, "engage").TriggerID)
	home := h.homeOf(userEN, "EvHome1", h.publishesTo(userEN))
	for what, raw := range map[string][]byte{
		"channel post": []byte(post.Params.Get("blocks")), "queue": list.JSON, "home": []byte(home.Params.Get("view")),
	} {
		texts := strings.Join(slacktest.MrkdwnTexts(raw), "\n")
		mustContain(t, what, texts, once)
		if strings.Contains(texts, "&amp;amp;") || strings.Contains(texts, "&amp;lt;") {
			t.Errorf("%s escapes twice:\n%s", what, texts)
		}
	}
}

// TestEngagement_WorkingHours: with Monday to Friday, 9 to 18, working hours in
// Paris and a 2 h reply target, a message a follower wrote on Friday at
// 19:30 is due on Monday at 11:00, Paris time, also when the clocks
// change over the weekend; the overdue reminder comes then, and the daily
// digest keeps quiet on Saturday and Sunday.
func TestEngagement_WorkingHours(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	// Friday 19:30 and Monday 11:00 in Paris, written in UTC by hand from
	// the offsets: CET is UTC+1, CEST UTC+2; the clocks go forward on
	// 29 March 2026 and back on 25 October 2026.
	tests := []struct {
		name          string
		friday, dueAt string
	}{
		{"Winter", "2026-11-20T18:30:00Z", "2026-11-23T10:00:00Z"},
		{"SpringForward", "2026-03-27T18:30:00Z", "2026-03-30T09:00:00Z"},
		{"FallBack", "2026-10-23T17:30:00Z", "2026-10-26T10:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
				testEngagementWorkingHours(t, backend, paris, mustTime(t, tt.friday), mustTime(t, tt.dueAt))
			})
		})
	}
}

func mustTime(tb testing.TB, s string) time.Time {
	tb.Helper()
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

func testEngagementWorkingHours(t *testing.T, backend storagetest.Backend, paris *time.Location, friday, due time.Time) {
	h := newFeedHarness(t, backend)
	h.Clock.Set(friday.Add(-8 * time.Hour))
	// Camille (Paris) sets the plan's working hours in /plan réglages.
	settings := h.openedView(h.command(userFR, chanMain, "reglages").TriggerID)
	mustContain(t, "settings", slacktest.Unescape(settings.JSON), "Heures de travail", `"initial_time":"09:00"`, `"initial_time":"18:00"`)
	values := formValues{
		bot.BlockSettingsWorkingDays: {bot.ActionInput: []string{"1", "2", "3", "4", "5"}},
		bot.BlockSettingsReplyTarget: {bot.ActionInput: "2"},
	}
	h.mustSubmit(userFR, settings.ID, values)
	h.posted(0, chanMain, "a modifié les réglages du plan")
	if p := h.planOf(chanMain); p.TimeZone != "Europe/Paris" || p.ReplyTargetOrDefault() != 2*time.Hour ||
		!slices.Equal(p.WorkingHours.Days, plan.DefaultWorkingHours.Days) || p.WorkingHours.Start != 9*60 || p.WorkingHours.End != 18*60 {
		t.Fatalf("plan after the settings: %+v", p)
	}

	h.Clock.Set(friday)
	ts := h.feedMessage("Is the shop open on Saturday?")
	h.Clock.Set(friday.Add(5 * time.Minute))
	form := h.shortcutOn(bot.ShortcutEngagementAdd, userFR, ts)
	n := len(h.Slack.Calls("chat.postMessage"))
	h.mustSubmit(userFR, form.ID, queueValues())
	h.posted(n, chanMain, "Nouveau message à traiter")
	items := h.itemsOf(chanMain)
	if len(items) != 1 || !items[0].Due.Equal(due) {
		t.Fatalf("items %+v, want one due %s (Monday 11:00 in Paris)", items, due)
	}
	if local := items[0].Due.In(paris); local.Weekday() != time.Monday || local.Hour() != 11 || local.Minute() != 0 {
		t.Fatalf("due %s in Paris, want Monday 11:00", local)
	}
	posts := h.posts(chanMain) // the settings note and the item

	// The digest (09:00 in Paris, every day) skips Saturday and Sunday.
	for day := 1; day <= 2; day++ {
		h.Clock.Set(nineInParis(paris, friday, day).Add(10 * time.Second))
		h.tick()
		if n := h.posts(chanMain); n != posts {
			t.Fatalf("%d posts on %s, want no digest on a day off", n, h.Clock.Now().In(paris).Weekday())
		}
	}
	monday := nineInParis(paris, friday, 3)
	h.Clock.Set(monday.Add(10 * time.Second))
	h.tick()
	h.posted(posts, chanMain, "*Messages à traiter*")
	posts++

	// Overdue on Monday at 11:00, not during the weekend.
	h.Clock.Set(due.Add(-time.Minute))
	h.tick()
	if n := h.posts(chanMain); n != posts {
		t.Fatalf("%d posts before Monday 11:00, want no overdue reminder yet", n)
	}
	h.Clock.Set(due.Add(30 * time.Second))
	h.tick()
	h.posted(posts, chanMain, bot.ActionEngagementReplied)
}

// nineInParis returns 09:00 in Paris days days after friday's date.
func nineInParis(paris *time.Location, friday time.Time, days int) time.Time {
	y, m, d := friday.In(paris).Date()
	return time.Date(y, m, d+days, 9, 0, 0, 0, paris)
}

// TestSettings_HandOverWithSchedule reproduces issue 12: an owner who
// hands the plan over and sets a review schedule in one submit was told
// "only the plan owners can change this" while the owners and name were
// saved and the schedule dropped. Now all of it is saved, and the former
// owner's next change is refused with nothing saved.
func TestSettings_HandOverWithSchedule(t *testing.T) {
	storagetest.Run(t, testSettingsHandOverWithSchedule)
}

func testSettingsHandOverWithSchedule(t *testing.T, backend storagetest.Backend) {
	h := newHarnessOn(t, backend)
	const userBob = "UBOB"
	h.Slack.AddUser(fakeslack.User{ID: userBob, Name: "bob", RealName: "Bob", Locale: "en-US", TZ: "Europe/London"})
	h.status(userEN, chanMain)
	// Camille opens the settings while the plan is open to everyone, and
	// leaves the form open.
	stale := h.openedView(h.command(userFR, chanMain, "reglages").TriggerID)
	settings := h.openedView(h.command(userEN, chanMain, "settings").TriggerID)
	first := len(h.Slack.Calls("chat.postMessage"))
	h.mustSubmit(userEN, settings.ID, settingsValues(userEN))
	// Notes are posted after the ack: wait for this one, so that the note
	// of the hand-over below is the next.
	h.noteAfter(first, "updated the plan settings")

	// Ana hands the plan over to Bob and sets the reviews, in one submit.
	settings = h.openedView(h.command(userEN, chanMain, "settings").TriggerID)
	values := settingsValues(userBob)
	values[bot.BlockSettingsName] = map[string]any{bot.ActionInput: "Handed over"}
	values[bot.BlockSettingsReviewFrequency] = map[string]any{bot.ActionInput: "weekly"}
	values[bot.BlockSettingsReviewWeekday] = map[string]any{bot.ActionInput: "1"}
	values[bot.BlockSettingsReviewTime] = map[string]any{bot.ActionInput: "09:30"}
	values[bot.BlockSettingsWorkingDays] = map[string]any{bot.ActionInput: []string{"1", "2", "3", "4"}}
	values[bot.BlockSettingsHolidays] = map[string]any{bot.ActionInput: "2026-12-25\n2026-12-24"}
	ephemerals := len(h.Slack.Calls("chat.postEphemeral"))
	notes := len(h.Slack.Calls("chat.postMessage"))
	h.mustSubmit(userEN, settings.ID, values)

	p := h.planOf(chanMain)
	wantDays := []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday}
	if p.Name != "Handed over" || !slices.Equal(p.Owners, []string{userBob}) || !slices.Equal(p.WorkingHours.Days, wantDays) ||
		len(p.WorkingHours.Holidays) != 2 || p.WorkingHours.Holidays[0].Format(time.DateOnly) != "2026-12-24" {
		t.Fatalf("stored plan %+v", p)
	}
	sched, r, err := h.main.Bot.Metrics.ReviewSchedule(context.Background(), p.ID)
	if err != nil || sched.Frequency != plan.FrequencyWeekly || sched.Weekday != time.Monday || sched.Hour != 9 || sched.Minute != 30 || r.OwnerID != userEN {
		t.Fatalf("review schedule %+v (%+v), %v; want weekly on Monday at 09:30", sched, r, err)
	}
	note := h.noteAfter(notes, "updated the plan settings")
	mustContain(t, "note", slacktest.Unescape([]byte(note.Params.Get("blocks"))), "Monday to Thursday, 09:00–18:00 · 2 days off", "Measurement reviews")
	if n := len(h.Slack.Calls("chat.postEphemeral")); n != ephemerals {
		t.Errorf("%d ephemeral messages after the hand-over, want none", n-ephemerals)
	}

	// Camille's stale form is refused whole: neither the owners nor the
	// schedule change.
	values[bot.BlockSettingsReviewFrequency] = map[string]any{bot.ActionInput: "off"}
	values[bot.BlockSettingsOwners] = map[string]any{bot.ActionInput: []string{userFR}}
	errs := ackErrors(t, h.submit(userFR, stale.ID, values))
	mustContain(t, "refusal", errs[bot.BlockSettingsName], "Seuls les responsables du plan")
	if sched, _, _ := h.main.Bot.Metrics.ReviewSchedule(context.Background(), p.ID); sched.Frequency != plan.FrequencyWeekly {
		t.Errorf("schedule %+v after a refused change", sched)
	}
	if p := h.planOf(chanMain); !slices.Equal(p.Owners, []string{userBob}) || p.Name != "Handed over" {
		t.Errorf("plan %+v after a refused change", p)
	}
	// And Ana, no longer an owner, is told so when she opens them.
	n := len(h.Slack.Calls("chat.postEphemeral"))
	h.command(userEN, chanMain, "settings")
	h.ephemeralAfter(n, "<@"+userBob+">")
}

// TestMention_FeedMessage: "Log as mention" on a feed message counts it in
// the plan the user chooses, creates no plan in the feed channel, and
// marks the message.
func TestMention_FeedMessage(t *testing.T) {
	storagetest.Run(t, testMentionFeedMessage)
}

func testMentionFeedMessage(t *testing.T, backend storagetest.Backend) {
	h := newFeedHarness(t, backend)
	h.status(userFR, chanOther)
	ts := h.feedMessage("Le Monde wrote about us: <https://www.lemonde.fr/eco/a.html?x=1&y=2|article> & more")
	form := h.shortcutOn(bot.ShortcutMentionLog, userEN, ts)
	raw := slacktest.Unescape(form.JSON)
	// The only plan of Ana's channels is offered first; the link is read
	// from the message's markup, decoded.
	mustContain(t, "mention form", raw, `"value":"`+chanOther+`"}`, "https://www.lemonde.fr/eco/a.html?x=1&y=2", "lemonde.fr")
	h.mustSubmit(userEN, form.ID, nil)
	h.noPlanIn(chanFeed)
	obs := h.observationsOf(chanOther)
	if len(obs) != 1 || obs[0].Link != "https://www.lemonde.fr/eco/a.html?x=1&y=2" || obs[0].Outlet != "lemonde.fr" {
		t.Fatalf("mentions %+v", obs)
	}
	reply := h.waitCall("chat.postMessage", func(c fakeslack.Call) bool { return c.Params.Get("thread_ts") == ts })
	if got, want := reply.Params.Get("text"), ":mega: Comptée comme mention dans <#"+chanOther+"> par <@"+userEN+">."; got != want {
		t.Errorf("thread reply %q, want %q", got, want)
	}
	if m, _ := h.Slack.Message(chanFeed, ts); len(m.Reactions) != 1 || m.Reactions[0].Name != "mega" {
		t.Errorf("reactions %+v", m.Reactions)
	}
}

// TestEngagement_AddFromList: the queue's Add button takes a message
// typed in, received when the user says: due by the reply target from
// then, posted in the plan's channel, and listed.
func TestEngagement_AddFromList(t *testing.T) {
	storagetest.Run(t, testEngagementAddFromList)
}

func testEngagementAddFromList(t *testing.T, backend storagetest.Backend) {
	h := newHarnessOn(t, backend)
	list := h.openedView(h.command(userEN, chanMain, "engage").TriggerID)
	mustContain(t, "empty queue", slacktest.Unescape(list.JSON), "0 open items", bot.ActionEngagementAdd)
	form := h.pushed(userEN, list.ID, bot.ActionEngagementAdd, "")
	if form.CallbackID != bot.CallbackEngagementNew {
		t.Fatalf("Add pushed %s, want the form of a new item", form.CallbackID)
	}
	now := h.Clock.Now()
	mustContain(t, "form", string(form.JSON), `"initial_date_time":`+strconv.FormatInt(now.Unix(), 10))
	if strings.Contains(string(form.JSON), bot.BlockEngagementChannel) {
		t.Error("the list's form offers to choose a plan")
	}
	// The comment came in 45 minutes ago, by phone.
	received := now.Add(-45 * time.Minute)
	values := queueValues()
	values[bot.BlockEngagementExcerpt] = map[string]any{bot.ActionInput: "Called: the order never came " + evilTitle}
	values[bot.BlockEngagementReceived] = map[string]any{bot.ActionInput: strconv.FormatInt(received.Unix(), 10)}
	h.mustSubmit(userEN, form.ID, values)
	h.posted(0, chanMain, "New in the engagement queue")
	items := h.itemsOf(chanMain)
	if len(items) != 1 || !items[0].ReceivedAt.Equal(received) || !items[0].Due.Equal(received.Add(2*time.Hour)) || items[0].SourceTS != "" {
		t.Fatalf("items %+v, want one received 45 min ago, due 2 h after", items)
	}
	update := h.waitCall("views.update", func(c fakeslack.Call) bool { return c.Params.Get("view_id") == list.ID })
	mustContain(t, "list after the add", slacktest.Unescape([]byte(update.Params.Get("view"))), "1 open item", "Called: the order never came")

	// "Mine": Camille has none; the filter stays through a page redraw.
	updates := len(h.Slack.Calls("views.update"))
	list = h.openedView(h.command(userFR, chanMain, "engager").TriggerID)
	h.click(fakeslack.Click{UserID: userFR, ViewID: list.ID, ActionID: bot.ActionEngagementFilter, Value: "mine"})
	mine := h.waitCallAfter(updates, "views.update", func(c fakeslack.Call) bool { return c.Params.Get("view_id") == list.ID })
	mustContain(t, "Camille's items", slacktest.Unescape([]byte(mine.Params.Get("view"))), "0 message", `\"m\":true,\"o\":\"`+userFR)

	// A time in the future is refused, with what was typed kept.
	form = h.pushed(userEN, list.ID, bot.ActionEngagementAdd, "")
	values[bot.BlockEngagementReceived] = map[string]any{bot.ActionInput: strconv.FormatInt(now.Add(time.Hour).Unix(), 10)}
	errs := ackErrors(t, h.submit(userEN, form.ID, values))
	mustContain(t, "received error", errs[bot.BlockEngagementReceived], "future")
}

package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/bot"
	"github.com/planbot/planbot/fakeslack"
	"github.com/planbot/planbot/internal/slacktest"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/storage/storagetest"
)

// tick runs one scheduler tick at the harness clock. Main's own loop may
// tick too; claims in the database keep each firing to one post.
func (h *harness) tick() {
	h.t.Helper()
	if err := h.main.Scheduler.Tick(h.ctx(), h.Clock.Now()); err != nil {
		h.t.Fatalf("tick: %v", err)
	}
}

// posted waits for a chat.postMessage to channel whose text or blocks
// contain want, made after the first n such calls, and returns it with
// its ts.
func (h *harness) posted(n int, channel, want string) (fakeslack.Call, string) {
	h.t.Helper()
	var resp struct {
		OK bool   `json:"ok"`
		TS string `json:"ts"`
	}
	c := h.waitCallAfter(n, "chat.postMessage", func(c fakeslack.Call) bool {
		return c.Params.Get("channel") == channel && json.Unmarshal(c.Response, &resp) == nil && resp.OK &&
			strings.Contains(c.Params.Get("text")+slacktest.Unescape([]byte(c.Params.Get("blocks"))), want)
	})
	return c, resp.TS
}

// posts counts the chat.postMessage calls to channel, but the weekly
// digests.
func (h *harness) posts(channel string) int {
	n := 0
	for _, c := range h.Slack.Calls("chat.postMessage") {
		// The weekly digest (issue 17) comes on Monday mornings whatever a
		// test is about: it is not counted.
		if c.Params.Get("channel") == channel && !strings.Contains(c.Params.Get("blocks"), "digest_head") {
			n++
		}
	}
	return n
}

// planOf returns the stored plan of a channel.
func (h *harness) planOf(channel string) *plan.Plan {
	h.t.Helper()
	p, err := h.main.Bot.Plans.FindPlanByChannel(context.Background(), fakeslack.TeamID, channel)
	if err != nil {
		h.t.Fatal(err)
	}
	return p
}

// reminderOf returns the stored reminder of kind about subject.
func (h *harness) reminderOf(kind plan.ReminderKind, subject int64) *plan.Reminder {
	h.t.Helper()
	rs, err := h.main.Bot.Reminders.FindReminders(context.Background(), plan.ReminderFilter{Kind: &kind, SubjectID: &subject})
	if err != nil || len(rs) != 1 {
		h.t.Fatalf("%s reminders of %d: %d, %v", kind, subject, len(rs), err)
	}
	return rs[0]
}

func experimentValues(end string) map[string]map[string]any {
	in := func(v string) map[string]any { return map[string]any{bot.ActionInput: v} }
	return map[string]map[string]any{
		bot.BlockExperimentName:          in("Question or statement"),
		bot.BlockExperimentHypothesis:    in("A question gets more clicks " + evilTitle),
		bot.BlockExperimentVariable:      in("question"),
		bot.BlockExperimentNetwork:       in("instagram"),
		bot.BlockExperimentVariant + "a": in("Statement"),
		bot.BlockExperimentVariant + "b": in("Question"),
		bot.BlockExperimentSuccess:       in("clicks"),
		bot.BlockExperimentExposure:      in("impressions"),
		bot.BlockExperimentBaseline:      in("2"),
		bot.BlockExperimentEffect:        in("0.5"),
		bot.BlockExperimentPlanned:       in("2000"),
		bot.BlockExperimentStart:         in("2026-11-25"),
		bot.BlockExperimentEnd:           in(end),
		bot.BlockExperimentOwner:         in(userEN),
	}
}

// addExperiment opens /plan experiment in channel and submits a valid
// experiment ending on end; it returns the stored experiment.
func (h *harness) addExperiment(channel, end string) *plan.Experiment {
	h.t.Helper()
	view := h.openedView(h.command(userEN, channel, "experiment").TriggerID)
	if view.CallbackID != bot.CallbackExperiment {
		h.t.Fatalf("opened %s, want the experiment form", view.CallbackID)
	}
	if errs := ackErrors(h.t, h.submit(userEN, view.ID, experimentValues(end))); errs != nil {
		h.t.Fatalf("valid experiment refused: %v", errs)
	}
	p := h.planOf(channel)
	exps, _, err := h.main.Bot.Experiments.FindExperiments(context.Background(), plan.ExperimentFilter{PlanID: &p.ID})
	if err != nil || len(exps) != 1 {
		h.t.Fatalf("stored experiments: %d, %v", len(exps), err)
	}
	return exps[0]
}

// TestExperiment_FromCreationToVerdict: the form refuses bad input, a
// valid experiment is stored with the sample it needs, the end-date
// reminder comes once, a snooze brings it back an hour later, and the
// results posted from it give the verdict.
func TestExperiment_FromCreationToVerdict(t *testing.T) {
	storagetest.Run(t, testExperimentFromCreationToVerdict)
}

func testExperimentFromCreationToVerdict(t *testing.T, backend storagetest.Backend) {
	h := newHarnessOn(t, backend)

	view := h.openedView(h.command(userEN, chanMain, "experiment").TriggerID)
	bad := experimentValues("2026-11-20")
	bad[bot.BlockExperimentBaseline][bot.ActionInput] = "lots"
	errs := ackErrors(t, h.submit(userEN, view.ID, bad))
	mustContain(t, "end error", errs[bot.BlockExperimentEnd], "before the start")
	mustContain(t, "baseline error", errs[bot.BlockExperimentBaseline], "between 0 and 100")
	if errs := ackErrors(t, h.submit(userEN, view.ID, experimentValues("2026-11-30"))); errs != nil {
		t.Fatalf("valid experiment refused: %v", errs)
	}
	p := h.planOf(chanMain)
	exps, _, _ := h.main.Bot.Experiments.FindExperiments(context.Background(), plan.ExperimentFilter{PlanID: &p.ID})
	if len(exps) != 1 || exps[0].Hypothesis != "A question gets more clicks "+evilTitle || exps[0].PlannedSample != 2000 {
		t.Fatalf("stored experiments %+v", exps)
	}
	e := exps[0]
	note, _ := h.posted(0, chanMain, "started an experiment")
	mustContain(t, "note", slacktest.Unescape([]byte(note.Params.Get("blocks"))), "13,809 impressions per variant", "Too small to conclude")
	if live := slacktest.LiveMarkup([]byte(note.Params.Get("blocks"))); live != "" {
		t.Errorf("user text posted unescaped: %s", live)
	}
	r := h.reminderOf(plan.ReminderExperimentEnd, e.ID)
	// Nov 30, 09:00 in London, the zone of the user who opened the plan.
	if want := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC); !r.NextAt.Equal(want) || r.ChannelID != chanMain {
		t.Fatalf("reminder at %s in %s, want %s in %s", r.NextAt, r.ChannelID, want, chanMain)
	}

	// Nothing before the end date; then exactly one reminder.
	h.Clock.Set(time.Date(2026, 11, 30, 8, 59, 0, 0, time.UTC))
	h.tick()
	if n := h.posts(chanMain); n != 1 {
		t.Fatalf("%d posts before the end date, want only the note", n)
	}
	h.Clock.Set(time.Date(2026, 11, 30, 9, 0, 20, 0, time.UTC))
	h.tick()
	first, ts1 := h.posted(1, chanMain, bot.ActionExperimentResults)
	mustContain(t, "reminder", first.Params.Get("text"), "<@"+userEN+">", "ended on Nov 30, 2026")
	h.tick()
	if n := h.posts(chanMain); n != 2 {
		t.Fatalf("%d posts after two ticks at the end date, want note + one reminder", n)
	}

	// Snooze 1 h: the message says so, and the reminder comes back once.
	updates := len(h.Slack.Calls("chat.update"))
	h.click(fakeslack.Click{UserID: userEN, ActionID: bot.ActionReminderSnoozeHour, ChannelID: chanMain, MessageTS: ts1})
	up := h.waitCallAfter(updates, "chat.update", func(c fakeslack.Call) bool { return c.Params.Get("ts") == ts1 })
	mustContain(t, "snoozed message", slacktest.Unescape([]byte(up.Params.Get("blocks"))), "snoozed this reminder until Nov 30, 2026 at 10:00")
	// Snoozed at 09:00:20 for an hour.
	h.Clock.Set(time.Date(2026, 11, 30, 10, 0, 10, 0, time.UTC))
	h.tick()
	if n := h.posts(chanMain); n != 2 {
		t.Fatalf("%d posts before the snooze ends, want 2", n)
	}
	h.Clock.Set(time.Date(2026, 11, 30, 10, 0, 25, 0, time.UTC))
	h.tick()
	_, ts2 := h.posted(2, chanMain, "snoozed earlier")

	// Record results from the reminder: the verdict is posted and stored.
	ack := h.click(fakeslack.Click{UserID: userEN, ActionID: bot.ActionExperimentResults, ChannelID: chanMain, MessageTS: ts2})
	form := h.openedView(ack.TriggerID)
	if form.CallbackID != bot.CallbackExperimentResults {
		t.Fatalf("opened %s, want the results form", form.CallbackID)
	}
	results := map[string]map[string]any{
		bot.BlockExperimentExposures + "a": {bot.ActionInput: "1200"},
		bot.BlockExperimentSuccesses + "a": {bot.ActionInput: "144"},
		bot.BlockExperimentExposures + "b": {bot.ActionInput: "1200"},
		bot.BlockExperimentSuccesses + "b": {bot.ActionInput: "1300"},
	}
	errs = ackErrors(t, h.submit(userEN, form.ID, results))
	mustContain(t, "results error", errs[bot.BlockExperimentSuccesses+"b"], "more than the exposures")
	results[bot.BlockExperimentSuccesses+"b"][bot.ActionInput] = "192"
	if errs := ackErrors(t, h.submit(userEN, form.ID, results)); errs != nil {
		t.Fatalf("results refused: %v", errs)
	}
	verdict, _ := h.posted(3, chanMain, "Variant B did better than variant A")
	// 144/1200 vs 192/1200 gives z = −2.824, p = 0.0047 (by hand and
	// with R's prop.test without continuity correction).
	mustContain(t, "verdict", slacktest.Unescape([]byte(verdict.Params.Get("blocks"))), "p = 0.0047 (two-proportion z-test", "12.0% (144 of 1,200)", "16.0% (192 of 1,200)")

	stored, err := h.main.Bot.Experiments.FindExperimentByID(context.Background(), e.ID)
	if err != nil || !stored.Concluded() || stored.Variants[1].Successes != 192 || stored.ResultsBy != userEN {
		t.Fatalf("stored %+v, %v", stored, err)
	}
	if r := h.reminderOf(plan.ReminderExperimentEnd, e.ID); r.State != plan.ReminderCancelled {
		t.Errorf("reminder %s after the results, want cancelled", r.State)
	}
	h.Clock.Set(time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC))
	h.tick()
	if n := h.posts(chanMain); n != 4 {
		t.Errorf("%d posts in the end, want note, reminder, snoozed reminder, verdict", n)
	}
}

// TestReminder_ChannelUnreachable: a reminder in a channel the bot is not
// in is tried once, its owner is told once by DM, and it goes out when the
// bot is invited and the owner clicks "try again".
func TestReminder_ChannelUnreachable(t *testing.T) {
	storagetest.Run(t, testReminderChannelUnreachable)
}

func testReminderChannelUnreachable(t *testing.T, backend storagetest.Backend) {
	h := newHarnessOn(t, backend)
	e := h.addExperiment(chanNoBot, "2026-11-26")
	h.waitCall("chat.postMessage", func(c fakeslack.Call) bool { return c.Params.Get("channel") == userEN }) // note not posted: the user is told

	h.Clock.Set(time.Date(2026, 11, 26, 9, 0, 10, 0, time.UTC))
	before := h.posts(chanNoBot)
	h.tick()
	_, dmTS := h.posted(0, userEN, bot.ActionChannelRetry)
	for _, d := range []time.Duration{5 * time.Second, 10 * time.Minute} {
		h.Clock.Set(time.Date(2026, 11, 26, 9, 0, 10, 0, time.UTC).Add(d))
		h.tick()
	}
	if n := h.posts(chanNoBot) - before; n != 1 {
		t.Fatalf("%d tries in the unreachable channel, want 1: no retry loop", n)
	}
	dms := 0
	for _, c := range h.Slack.Calls("chat.postMessage") {
		if c.Params.Get("channel") == userEN && strings.Contains(c.Params.Get("blocks"), bot.ActionChannelRetry) {
			dms++
		}
	}
	if dms != 1 {
		t.Fatalf("%d DMs about the channel, want 1", dms)
	}
	if reason, _ := h.main.Bot.Reminders.UnreachableReason(context.Background(), e.PlanID); reason != "not_in_channel" {
		t.Fatalf("plan marked %q, want not_in_channel", reason)
	}

	// The bot is invited; the owner asks to try again.
	h.Slack.AddChannel(fakeslack.Channel{ID: chanNoBot, Name: "no-bot", IsMember: true})
	h.click(fakeslack.Click{UserID: userEN, ActionID: bot.ActionChannelRetry, ChannelID: "D" + userEN[1:], MessageTS: dmTS})
	h.waitCall("chat.update", func(c fakeslack.Call) bool { return c.Params.Get("ts") == dmTS })
	h.tick()
	rem, _ := h.posted(0, chanNoBot, bot.ActionExperimentResults)
	mustContain(t, "late reminder", slacktest.Unescape([]byte(rem.Params.Get("blocks"))), "Late: this reminder was due Nov 26, 2026 at 09:00")
	if reason, _ := h.main.Bot.Reminders.UnreachableReason(context.Background(), e.PlanID); reason != "" {
		t.Errorf("plan still marked %q after a post", reason)
	}
}

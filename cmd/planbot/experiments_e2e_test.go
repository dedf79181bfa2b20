package main

import (
	"context"
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

// The end-to-end tests of issue 11's "Peeking" and "Small and clustered
// samples": each reproduces a defect through Slack and checks what Slack
// received and what was stored. The harness clock starts on Nov 25, 2026
// at 09:00 UTC; the plan's zone is London, its creator's.

// newExperimentIn adds an experiment through /plan experiment, starting
// on start and ending on end, with planned exposures per variant and the
// variants given (two or more), and returns it as stored.
func (h *harness) newExperimentIn(channel, start, end, planned string, variants ...string) *plan.Experiment {
	h.t.Helper()
	values := experimentValues(end)
	values[bot.BlockExperimentStart][bot.ActionInput] = start
	values[bot.BlockExperimentPlanned][bot.ActionInput] = planned
	for i, v := range variants {
		values[bot.BlockExperimentVariant+string(rune('a'+i))] = map[string]any{bot.ActionInput: v}
	}
	form := h.stepForm(userEN, channel, "experiment", bot.CallbackExperiment, bot.ActionExperimentAdd)
	n := len(h.Slack.Calls("chat.postMessage"))
	h.mustSubmit(userEN, form.ID, values)
	h.noteAfter(n, "started an experiment") // posted after the ack: wait, so later waits see later posts only
	p := h.planOf(channel)
	exps, _, err := h.main.Bot.Experiments.FindExperiments(context.Background(), plan.ExperimentFilter{PlanID: &p.ID})
	if err != nil || len(exps) == 0 {
		h.t.Fatalf("stored experiments: %d, %v", len(exps), err)
	}
	newest := exps[0]
	for _, e := range exps {
		if e.ID > newest.ID {
			newest = e
		}
	}
	return newest
}

// experimentList opens /plan experiment as user, a list.
func (h *harness) experimentList(user, channel string) fakeslack.View {
	h.t.Helper()
	v := h.openedView(h.command(user, channel, "experiment").TriggerID)
	if v.CallbackID != bot.CallbackExperimentsList {
		h.t.Fatalf("opened %s, want the experiments list", v.CallbackID)
	}
	return v
}

// storedExperiment reads experiment id back.
func (h *harness) storedExperiment(id int64) *plan.Experiment {
	h.t.Helper()
	e, err := h.main.Bot.Experiments.FindExperimentByID(context.Background(), id)
	if err != nil {
		h.t.Fatal(err)
	}
	return e
}

// counts are a results form's values: exposures then successes of each
// variant, as typed.
func counts(typed ...string) formValues {
	v := formValues{}
	for i := 0; i+1 < len(typed); i += 2 {
		l := string(rune('a' + i/2))
		v[bot.BlockExperimentExposures+l] = map[string]any{bot.ActionInput: typed[i]}
		v[bot.BlockExperimentSuccesses+l] = map[string]any{bot.ActionInput: typed[i+1]}
	}
	return v
}

// recordFromList records results through the list's Record results
// button and returns the verdict posted, its text then its blocks.
func (h *harness) recordFromList(user, channel string, e *plan.Experiment, values formValues) string {
	h.t.Helper()
	list := h.experimentList(user, channel)
	form := h.pushed(user, list.ID, bot.ActionExperimentResults, idOf(e))
	if form.CallbackID != bot.CallbackExperimentResults {
		h.t.Fatalf("pushed %s, want the results form", form.CallbackID)
	}
	n := len(h.Slack.Calls("chat.postMessage"))
	h.mustSubmit(user, form.ID, values)
	c := h.noteAfter(n, "Results of")
	return c.Params.Get("text") + "\n" + slacktest.Unescape([]byte(c.Params.Get("blocks")))
}

func idOf(e *plan.Experiment) string { return strconv.FormatInt(e.ID, 10) }

// mustNotContain fails if s contains any of subs.
func mustNotContain(t *testing.T, what, s string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			t.Errorf("%s has %q:\n%s", what, sub, s)
		}
	}
}

// Peeking: while a test ran its end date could be moved to today. Now the
// design is locked from the start: a form opened before the start and
// submitted 3 days in is refused on the end date; the locked form offers
// a restart, which cannot end today either; the stored experiment and its
// reminder do not move, and the results stay closed until the end.
func TestExperiment_EndDateLockedWhileRunning(t *testing.T) {
	storagetest.Run(t, testExperimentEndDateLocked)
}

func testExperimentEndDateLocked(t *testing.T, backend storagetest.Backend) {
	h := newHarnessOn(t, backend)
	e := h.newExperimentIn(chanMain, "2026-11-26", "2026-12-09", "2000")
	list := h.experimentList(userEN, chanMain)
	stale := h.pushed(userEN, list.ID, bot.ActionExperimentEdit, idOf(e))
	if stale.CallbackID != bot.CallbackExperiment || !strings.Contains(string(stale.JSON), bot.BlockExperimentEnd) {
		t.Fatalf("edit before the start: %s, want the full form", stale.CallbackID)
	}

	h.Clock.Set(time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)) // 3 days into the test
	peek := experimentValues("2026-11-28")
	peek[bot.BlockExperimentStart][bot.ActionInput] = "2026-11-26"
	errs := ackErrors(t, h.submit(userEN, stale.ID, peek))
	mustContain(t, "end error", errs[bot.BlockExperimentEnd], "locked", "Restart")

	// The locked form shows the design read-only and offers a restart.
	list = h.experimentList(userEN, chanMain)
	locked := h.pushed(userEN, list.ID, bot.ActionExperimentEdit, idOf(e))
	mustContain(t, "locked form", slacktest.Unescape(locked.JSON), "design is locked", bot.ActionExperimentRestart, "Dec 9, 2026")
	mustNotContain(t, "locked form", string(locked.JSON), `"block_id":"`+bot.BlockExperimentEnd+`"`)
	updates := len(h.Slack.Calls("views.update"))
	h.click(fakeslack.Click{UserID: userEN, ActionID: bot.ActionExperimentRestart, Value: idOf(e), ViewID: locked.ID})
	restart := h.viewOfResponse(h.waitCallAfter(updates, "views.update", func(c fakeslack.Call) bool {
		return strings.Contains(c.Params.Get("view"), bot.CallbackExperimentRestart)
	}))
	values := experimentValues("2026-11-28")
	values[bot.BlockExperimentReason] = map[string]any{bot.ActionInput: "Let's see now"}
	errs = ackErrors(t, h.submit(userEN, restart.ID, values))
	mustContain(t, "restart end error", errs[bot.BlockExperimentEnd], "must end after today")

	stored := h.storedExperiment(e.ID)
	if !stored.End.Equal(time.Date(2026, 12, 9, 0, 0, 0, 0, time.UTC)) || stored.RunNumber() != 1 {
		t.Fatalf("stored end %s, run %d after refused changes", stored.End, stored.RunNumber())
	}
	if r := h.reminderOf(plan.ReminderExperimentEnd, e.ID); !r.NextAt.Equal(time.Date(2026, 12, 9, 9, 0, 0, 0, time.UTC)) {
		t.Fatalf("reminder moved to %s", r.NextAt)
	}

	// A Record results click before the end (a stale button) gives no form
	// and no figure.
	n := len(h.Slack.Calls("chat.postEphemeral"))
	pushes := len(h.Slack.Calls("views.push"))
	h.click(fakeslack.Click{UserID: userEN, ActionID: bot.ActionExperimentResults, Value: idOf(e), ViewID: list.ID})
	eph := h.ephemeralAfter(n, "from the end date on")
	mustNotContain(t, "ephemeral", eph.Params.Get("text"), "p =")
	if got := len(h.Slack.Calls("views.push")); got != pushes {
		t.Errorf("%d views pushed before the end date", got-pushes)
	}

	// A restart that runs longer is fine, and keeps run 1.
	values = experimentValues("2026-12-23")
	values[bot.BlockExperimentReason] = map[string]any{bot.ActionInput: "Too small: pool more posts " + evilTitle}
	values[bot.BlockExperimentPlanned][bot.ActionInput] = "4000"
	n = len(h.Slack.Calls("chat.postMessage"))
	h.mustSubmit(userEN, restart.ID, values)
	note := h.noteAfter(n, "restarted the experiment")
	mustContain(t, "restart note", slacktest.Unescape([]byte(note.Params.Get("blocks"))), "(run 2)", "Changed: Planned sample per variant, Start, End.", "Too small: pool more posts")
	stored = h.storedExperiment(e.ID)
	runs, err := h.main.Bot.Experiments.FindExperimentRuns(context.Background(), e.ID)
	if err != nil || stored.RunNumber() != 2 || len(runs) != 1 || runs[0].Design.PlannedSample != 2000 || runs[0].EndedBy != userEN {
		t.Fatalf("after restart: run %d, runs %+v, %v", stored.RunNumber(), runs, err)
	}
}

// Peeking: results could be recorded twice, the second overwriting the
// verdict. Now a second recording is refused and points to a correction;
// the correction needs a note, keeps the first record and says who
// changed what, in the channel and in the experiment's history.
func TestExperiment_ResultsRecordedOnce(t *testing.T) {
	storagetest.Run(t, testExperimentResultsRecordedOnce)
}

func testExperimentResultsRecordedOnce(t *testing.T, backend storagetest.Backend) {
	h := newHarnessOn(t, backend)
	e := h.newExperimentIn(chanMain, "2026-11-25", "2026-11-30", "1000")
	h.Clock.Set(time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC))

	// Two people open the results form at the end date.
	first := h.pushed(userEN, h.experimentList(userEN, chanMain).ID, bot.ActionExperimentResults, idOf(e))
	second := h.pushed(userFR, h.experimentList(userFR, chanMain).ID, bot.ActionExperimentResults, idOf(e))
	n := len(h.Slack.Calls("chat.postMessage"))
	// Typed as an English user writes them: 1,000.
	h.mustSubmit(userEN, first.ID, counts("1,000", "200", "1,000", "250"))
	verdict := h.noteAfter(n, "Results of")
	// Issue 11's reference: 200/1000 vs 250/1000, z ≈ 2.68, p ≈ 0.0074.
	mustContain(t, "verdict", verdict.Params.Get("text"), "Variant B did better than variant A", "p = 0.0074 (two-proportion z-test")

	errs := ackErrors(t, h.submit(userFR, second.ID, counts("1 000", "200", "1 000", "300")))
	mustContain(t, "second recording", errs[bot.BlockExperimentExposures+"a"], "déjà saisis", "Corriger les résultats")

	// The correction: its form comes filled with the figures in force.
	list := h.experimentList(userEN, chanMain)
	fix := h.pushed(userEN, list.ID, bot.ActionExperimentCorrect, idOf(e))
	mustContain(t, "correction form", string(fix.JSON), bot.BlockExperimentNote, `"initial_value":"1,000"`, `"initial_value":"250"`)
	values := counts("1000", "200", "1000", "210")
	values[bot.BlockExperimentNote] = map[string]any{bot.ActionInput: "  "}
	errs = ackErrors(t, h.submit(userEN, fix.ID, values))
	mustContain(t, "note error", errs[bot.BlockExperimentNote], "Say what was wrong")
	values[bot.BlockExperimentNote] = map[string]any{bot.ActionInput: "B's clicks counted twice " + evilTitle}
	n = len(h.Slack.Calls("chat.postMessage"))
	h.mustSubmit(userEN, fix.ID, values)
	note := h.noteAfter(n, "corrected the results")
	// 200/1000 vs 210/1000: z ≈ 0.55, p ≈ 0.58 (pooled, two-sided).
	mustContain(t, "correction note", slacktest.Unescape([]byte(note.Params.Get("blocks"))),
		"Corrected by <@"+userEN+">", "B · clicks: 250 → 210", "B's clicks counted twice", "*No clear difference*", "p = 0.58")

	stored := h.storedExperiment(e.ID)
	if len(stored.Results) != 2 || stored.Results[0].Variants[1].Successes != 250 || stored.Results[0].RecordedBy != userEN ||
		stored.Results[1].Variants[1].Successes != 210 || stored.Results[1].Note != "B's clicks counted twice "+evilTitle ||
		stored.Variants[1].Successes != 210 {
		t.Fatalf("stored results %+v", stored.Results)
	}

	// The history shows both entries.
	list = h.experimentList(userEN, chanMain)
	history := h.pushed(userEN, list.ID, bot.ActionExperimentDetail, idOf(e))
	mustContain(t, "history", slacktest.Unescape(history.JSON), "Recorded by <@"+userEN+">", "A 200/1,000 · B 250/1,000", "Corrected by", "250 → 210")
}

// Peeking: 3 days into a 14-day test, 100 of 2,000 planned exposures gave
// "winner, 97.0 % confidence" (2/100 against 9/100: p = 0.030, which the
// old verdict showed as 1 − p). Now there is no verdict before the end;
// at the end the verdict gives the p-value, and says the test was
// underpowered, whether or not a variant did better.
func TestExperiment_UnderpoweredOnlyAtTheEnd(t *testing.T) {
	storagetest.Run(t, testExperimentUnderpowered)
}

func testExperimentUnderpowered(t *testing.T, backend storagetest.Backend) {
	h := newHarnessOn(t, backend)
	e := h.newExperimentIn(chanMain, "2026-11-25", "2026-12-09", "2000")
	h.Clock.Set(time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC))
	list := h.experimentList(userEN, chanMain)
	mustContain(t, "list", slacktest.Unescape(list.JSON), "Running until Dec 9, 2026")
	mustNotContain(t, "list", string(list.JSON), bot.ActionExperimentResults, "p =")

	h.Clock.Set(time.Date(2026, 12, 9, 9, 0, 10, 0, time.UTC))
	h.tick()
	_, ts := h.posted(0, chanMain, bot.ActionExperimentResults)
	ack := h.click(fakeslack.Click{UserID: userEN, ActionID: bot.ActionExperimentResults, Value: idOf(e), ChannelID: chanMain, MessageTS: ts})
	form := h.openedView(ack.TriggerID)
	n := len(h.Slack.Calls("chat.postMessage"))
	h.mustSubmit(userEN, form.ID, counts("100", "2", "100", "9"))
	verdict := h.noteAfter(n, "Results of")
	text := verdict.Params.Get("text")
	// 2/100 vs 9/100: pooled p = 0.055, SE = sqrt(0.055·0.945·0.02) =
	// 0.03224, z = 0.07/0.03224 = 2.171, two-sided p = 0.030.
	mustContain(t, "verdict", text, "p = 0.03 (two-proportion z-test", "Underpowered: 100 of 2,000 planned impressions per variant",
		"Confirm this winner with a longer test")
	mustNotContain(t, "verdict", text, "onfidence", "97")

	// A test with no clear difference at the end is underpowered, not
	// "no difference".
	other := h.newExperimentIn(chanMain, "2026-12-09", "2026-12-10", "2000")
	h.Clock.Set(time.Date(2026, 12, 10, 10, 0, 0, 0, time.UTC))
	got := h.recordFromList(userEN, chanMain, other, counts("100", "2", "100", "3"))
	mustContain(t, "verdict", got, "*Underpowered: 100 of 2,000 planned* impressions per variant", "that is not proof that there is none")
	mustNotContain(t, "verdict", got, "did better", "No clear difference")
}

// Small samples: 3/4 vs 0/4 was "A wins, 97 %". Fisher's exact test gives
// p = 1/7 ≈ 0.14 (issue 11): no winner.
func TestExperiment_SmallSampleFisher(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		h := newHarnessOn(t, backend)
		e := h.newExperimentIn(chanMain, "2026-11-25", "2026-11-30", "4")
		h.Clock.Set(time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC))
		got := h.recordFromList(userEN, chanMain, e, counts("4", "3", "4", "0"))
		mustContain(t, "verdict", got, "*No clear difference* between variant A and variant B", "p = 0.14 (Fisher's exact test")
		mustNotContain(t, "verdict", got, "did better", "onfidence")
	})
}

// Clustered samples: with several posts per variant and no real
// difference, the pooled z-test named false winners. Here, pasted by a
// French user in French figures, A's posts did 5 %, 1 % and 3 % and B's
// 6 %, 2 % and 2 %: pooled, 540/12 000 against 280/12 000 gives z = 9.24,
// p ≈ 2.5e-20, a "winner"; on the posts' rates, Welch's t-test gives
// t = 0.189, df = 3.92, p = 0.86 (computed with mpmath's regularized
// incomplete beta): no winner.
func TestExperiment_PostsAreTheUnits(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		h := newHarnessOn(t, backend)
		e := h.newExperimentIn(chanMain, "2026-11-25", "2026-11-30", "2000")
		h.Clock.Set(time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC))
		posts := formValues{bot.BlockExperimentPosts: {bot.ActionInput: "variante; publication; impressions; clics\n" +
			"A; lundi; 10 000; 500\nA; mercredi; 1 000; 10\nA; vendredi; 1\u202f000; 30\n" +
			"B; mardi; 1 000; 60\nB; jeudi; 10\u00a0000; 200\nB; samedi; 1 000; 20"}}
		got := h.recordFromList(userFR, chanMain, e, posts)
		// The channel's plan speaks English: the verdict is in English.
		mustContain(t, "verdict", got, "*No clear difference* between variant B and variant A", "p = 0.86 (Welch's t-test on the posts' rates, 3 and 3 posts",
			"mean of 3 posts (280 of 12,000)")
		mustNotContain(t, "verdict", got, "did better")
		stored := h.storedExperiment(e.ID)
		if rec, ok := stored.InForce(); !ok || len(rec.Posts) != 6 || rec.Posts[4] != (plan.ExperimentPost{Variant: 1, Label: "jeudi", Exposures: 10000, Successes: 200}) ||
			rec.Variants[0] != (plan.VariantResult{Exposures: 12000, Successes: 540}) {
			t.Fatalf("stored %+v", rec)
		}
	})
}

// Several significant variants: the best was picked without testing it
// against the runner-up. A 100/1000, B 150/1000, C 140/1000: B beats A
// (p ≈ 0.001), but against C, 150/1000 vs 140/1000, z = 0.635, p = 0.53
// (pooled, two-sided; computed by hand and with mpmath): no winner.
func TestExperiment_BestAgainstRunnerUp(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		h := newHarnessOn(t, backend)
		e := h.newExperimentIn(chanMain, "2026-11-25", "2026-11-30", "1000", "Statement", "Question", "Emoji")
		if len(e.Variants) != 3 {
			t.Fatalf("stored %d variants", len(e.Variants))
		}
		h.Clock.Set(time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC))
		got := h.recordFromList(userEN, chanMain, e, counts("1000", "100", "1000", "150", "1000", "140"))
		mustContain(t, "verdict", got, "*No clear difference* between variant B and variant C", "p = 0.53",
			"With 3 variants, the best (B) was tested against the runner-up (C).")
		mustNotContain(t, "verdict", got, "did better")
	})
}

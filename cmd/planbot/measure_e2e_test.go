package main

import (
	"bytes"
	"context"
	"encoding/csv"
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

// pngSignature starts every PNG file.
var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// observationsOf reads the observations of a channel's plan from storage.
func (h *harness) observationsOf(channel string) []*plan.Observation {
	h.t.Helper()
	p := h.planOf(channel)
	obs, _, err := h.main.Bot.Metrics.FindObservations(context.Background(), plan.ObservationFilter{PlanID: &p.ID})
	if err != nil {
		h.t.Fatal(err)
	}
	return obs
}

// ephemeralAfter waits for a chat.postEphemeral after the first n whose
// text holds sub.
func (h *harness) ephemeralAfter(n int, sub string) fakeslack.Call {
	h.t.Helper()
	return h.waitCallAfter(n, "chat.postEphemeral", func(c fakeslack.Call) bool { return strings.Contains(c.Params.Get("text"), sub) })
}

// fileAfter waits until more than n files were shared and returns the
// newest.
func (h *harness) fileAfter(n int) fakeslack.File {
	h.t.Helper()
	h.waitCallAfter(n, "files.completeUploadExternal", nil)
	files := h.Slack.Files()
	if len(files) <= n || !files[len(files)-1].Completed {
		h.t.Fatalf("%d files, want more than %d, completed", len(files), n)
	}
	return files[len(files)-1]
}

// TestMeasure_ResultsCSVAndScheduledReview: results are logged in the
// form (a bad value stores nothing), a CSV paste with bad rows is refused
// whole with an error per row, the review schedule is set in the settings,
// and the review fires on schedule, once, with the KPIs, a warning for the
// goal nobody measures, and a PNG chart in its thread.
func TestMeasure_ResultsCSVAndScheduledReview(t *testing.T) {
	storagetest.Run(t, testMeasureResultsCSVAndScheduledReview)
}

func testMeasureResultsCSVAndScheduledReview(t *testing.T, backend storagetest.Backend) {
	h := newHarnessOn(t, backend)
	h.addGoal(userEN, chanMain, "Grow signups")
	p := h.planOf(chanMain)
	ctx := plan.NewContextWithUser(context.Background(), userEN)
	unmeasured := &plan.Goal{PlanID: p.ID, Kind: plan.GoalAwareness, Title: "Be known", Metric: "press articles",
		Baseline: 0, Target: 12, Deadline: time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC), OwnerID: userEN}
	if err := h.main.Bot.Goals.CreateGoal(ctx, unmeasured); err != nil {
		t.Fatal(err)
	}

	// The results form: a value that is not a number stores nothing.
	measure := h.openedView(h.command(userEN, chanMain, "measure").TriggerID)
	if measure.CallbackID != bot.CallbackMeasure {
		t.Fatalf("/plan measure opened %s", measure.CallbackID)
	}
	mustContain(t, "measure modal", slacktest.Unescape(measure.JSON), "newsletter signups", "No result for")
	id := strconv.FormatInt(p.ID, 10)
	form := h.pushed(userEN, measure.ID, bot.ActionMeasureLog, id)
	if form.CallbackID != bot.CallbackObservations {
		t.Fatalf("Log results pushed %s", form.CallbackID)
	}
	values := formValues{
		bot.BlockObsDate:            {bot.ActionInput: "2026-11-25"},
		bot.BlockObsSource:          {bot.ActionInput: "Mailchimp " + evilTitle},
		bot.BlockObsMetricRow + "1": {bot.ActionInput: "newsletter signups"},
		bot.BlockObsNetRow + "1":    {bot.ActionInput: "instagram"},
		bot.BlockObsValueRow + "1":  {bot.ActionInput: "150"},
		bot.BlockObsMetricRow + "2": {bot.ActionInput: "newsletter signups"},
		bot.BlockObsNetRow + "2":    {bot.ActionInput: "linkedin"},
		bot.BlockObsValueRow + "2":  {bot.ActionInput: "twenty"},
	}
	errs := ackErrors(t, h.submit(userEN, form.ID, values))
	mustContain(t, "value error", errs[bot.BlockObsValueRow+"2"], "must be a number")
	if n := len(h.observationsOf(chanMain)); n != 0 {
		t.Fatalf("%d observations stored from a refused form", n)
	}
	values[bot.BlockObsValueRow+"2"] = map[string]any{bot.ActionInput: "20"}
	notes := len(h.Slack.Calls("chat.postMessage"))
	h.mustSubmit(userEN, form.ID, values)
	if obs := h.observationsOf(chanMain); len(obs) != 2 || obs[0].Value+obs[1].Value != 170 || obs[0].Source != "Mailchimp "+evilTitle {
		t.Fatalf("stored %+v", obs)
	}
	h.noteAfter(notes, "logged 2 results")

	// A paste with bad rows: one error a row, and nothing stored.
	h.Clock.Set(time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC))
	paste := h.pushed(userEN, measure.ID, bot.ActionMeasurePaste, id)
	bad := strings.Join([]string{
		"date,metric,network,value",
		"2026-11-27,newsletter signups,instagram,200",
		"2026-13-01,newsletter signups,instagram,1",
		"2026-11-27,followers,instagram,3",
		"2026-11-27,newsletter signups,myspace,4",
		"2026-11-27,newsletter signups,instagram,abc",
		"2026-11-27,newsletter signups,instagram",
		"2099-01-01,newsletter signups,instagram,5",
	}, "\n")
	errs = ackErrors(t, h.submit(userEN, paste.ID, formValues{bot.BlockObsCSV: {bot.ActionInput: bad}}))
	mustContain(t, "CSV errors", errs[bot.BlockObsCSV],
		`Row 3: "2026-13-01" is not a date`, "Row 4: Unknown metric “followers”", `Row 5: unknown network "myspace"`,
		`Row 6: "abc" is not a number`, "Row 7: 4 columns expected", "Row 8: The date is in the future")
	if strings.Contains(errs[bot.BlockObsCSV], "Row 2") {
		t.Errorf("the good row is flagged: %s", errs[bot.BlockObsCSV])
	}
	if n := len(h.observationsOf(chanMain)); n != 2 {
		t.Fatalf("%d observations after a refused paste, want 2", n)
	}
	notes = len(h.Slack.Calls("chat.postMessage"))
	h.mustSubmit(userEN, paste.ID, formValues{bot.BlockObsCSV: {bot.ActionInput: "2026-11-27;newsletter signups;instagram;200\n2026-11-27;Newsletter Signups;linkedin;40,5\n"}})
	h.noteAfter(notes, "logged 2 results")
	if n := len(h.observationsOf(chanMain)); n != 4 {
		t.Fatalf("%d observations after a good paste, want 4", n)
	}

	// Reviews every Monday at 09:00, set in the settings.
	settings := h.openedView(h.command(userEN, chanMain, "settings").TriggerID)
	notes = len(h.Slack.Calls("chat.postMessage"))
	h.mustSubmit(userEN, settings.ID, formValues{
		bot.BlockSettingsReviewFrequency: {bot.ActionInput: "weekly"},
		bot.BlockSettingsReviewWeekday:   {bot.ActionInput: "1"},
		bot.BlockSettingsReviewTime:      {bot.ActionInput: "09:00"},
	})
	settingsNote := h.noteAfter(notes, "updated the plan settings")
	mustContain(t, "settings note", settingsNote.Params.Get("blocks"), "Measurement reviews: every Monday at 09:00")
	r := h.reminderOf(plan.ReminderMeasurementReview, p.ID)
	if want := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC); !r.NextAt.Equal(want) {
		t.Fatalf("review at %s, want %s (Monday 09:00 in London)", r.NextAt, want)
	}

	// Nothing before; then one review, with a chart in its thread.
	h.Clock.Set(time.Date(2026, 11, 30, 8, 59, 0, 0, time.UTC))
	h.tick()
	if len(h.Slack.Calls("files.getUploadURLExternal")) != 0 {
		t.Fatal("a chart was uploaded before the review")
	}
	posts := h.posts(chanMain)
	h.Clock.Set(time.Date(2026, 11, 30, 9, 0, 20, 0, time.UTC))
	h.tick()
	review, ts := h.posted(posts, chanMain, "Measurement review: ")
	blocks := slacktest.Unescape([]byte(review.Params.Get("blocks")))
	mustContain(t, "review", blocks,
		"*Grow signups*", "newsletter signups: baseline 120 signups · latest 240.5 signups (Nov 27, 2026) · target 480 signups by Mar 31, 2027",
		"On track", "33.5% of the way", "Nothing logged since Nov 23, 2026 for *press articles*",
		"No experiment concluded since the last review", "*Reply time*", bot.ActionAdaptStart, bot.ActionMeasureLog)
	if live := slacktest.LiveMarkup([]byte(review.Params.Get("blocks"))); live != "" {
		t.Errorf("review posts user text unescaped: %s", live)
	}
	chart := h.fileAfter(0)
	if !bytes.HasPrefix(chart.Data, pngSignature) || len(chart.Data) < 2048 {
		t.Fatalf("chart is not a PNG of plausible size: %d bytes, starts %q", len(chart.Data), chart.Data[:min(8, len(chart.Data))])
	}
	if chart.Channel != chanMain || chart.ThreadTS != ts || !strings.HasSuffix(chart.Name, ".png") {
		t.Errorf("chart %s shared in %s thread %s, want %s thread %s", chart.Name, chart.Channel, chart.ThreadTS, chanMain, ts)
	}
	h.tick()
	if n := h.posts(chanMain); n != posts+1 {
		t.Errorf("%d posts after a second tick, want one review", n-posts)
	}
	if n := len(h.Slack.Files()); n != 1 {
		t.Errorf("%d charts, want 1: the goal without results has none", n)
	}

	// Log results from the review opens the form.
	ack := h.click(fakeslack.Click{UserID: userEN, ActionID: bot.ActionMeasureLog, Value: id, ChannelID: chanMain, MessageTS: ts})
	if v := h.openedView(ack.TriggerID); v.CallbackID != bot.CallbackObservations {
		t.Errorf("Log results on the review opened %s", v.CallbackID)
	}
}

// TestExport_MarkdownAndCSV: the plan exports as a Markdown file where
// user text is Markdown-escaped (and Slack-escaped in chat only), and the
// results of a period as CSV, guarded against formulas; a bad range says
// why.
func TestExport_MarkdownAndCSV(t *testing.T) {
	storagetest.Run(t, testExportMarkdownAndCSV)
}

func testExportMarkdownAndCSV(t *testing.T, backend storagetest.Backend) {
	h := newHarnessOn(t, backend)
	const title = "Grow <!channel> & *bold* signups"
	notes := len(h.Slack.Calls("chat.postMessage"))
	h.addGoal(userEN, chanMain, title)
	note := h.noteAfter(notes, "added a goal")
	mustContain(t, "goal note", note.Params.Get("text"), "Grow &lt;!channel&gt; &amp; *bold* signups")
	p := h.planOf(chanMain)
	ctx := plan.NewContextWithUser(context.Background(), userEN)
	obs := []*plan.Observation{
		{PlanID: p.ID, Metric: "newsletter signups", Network: plan.NetworkInstagram, Value: 150, Date: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC),
			Source: "=HYPERLINK(\"https://evil.example\")", CreatedBy: userEN},
		{PlanID: p.ID, Metric: "newsletter signups", Network: plan.NetworkLinkedIn, Value: 20, Date: time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC),
			Source: "Export, \"quoted\"", CreatedBy: userEN},
		{PlanID: p.ID, Metric: "newsletter signups", Value: 9, Date: time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC), CreatedBy: userEN},
	}
	if err := h.main.Bot.Metrics.CreateObservations(ctx, obs); err != nil {
		t.Fatal(err)
	}

	h.command(userEN, chanMain, "export")
	md := h.fileAfter(0)
	doc := string(md.Data)
	if !strings.HasSuffix(md.Name, ".md") || md.Channel != chanMain {
		t.Fatalf("exported %s in %s", md.Name, md.Channel)
	}
	mustContain(t, "markdown", doc, `Grow \<!channel\> \& \*bold\* signups`, "## 1. Goals", "## 8. Measure", "## 9. Adapt",
		"| Goal | Kind | Metric |", "newsletter signups", "### Decision log")
	for _, bad := range []string{"&lt;", "&amp;", "<!channel>", "*bold*"} {
		if strings.Contains(doc, bad) {
			t.Errorf("the Markdown holds %q", bad)
		}
	}
	if live := slacktest.LiveMarkup([]byte(`[{"type":"mrkdwn","text":`+strconv.Quote(md.InitialComment)+`}]`), "<@"+userEN+">"); live != "" {
		t.Errorf("the file's comment is not Slack-escaped: %s", live)
	}

	h.command(userEN, chanMain, "export csv 2026-11-01 2026-11-30")
	file := h.fileAfter(1)
	// An English plan: commas, decimal points, and the byte order mark
	// that tells spreadsheets it is UTF-8.
	data, bom := bytes.CutPrefix(file.Data, []byte(plan.CSVBOM))
	if !strings.HasSuffix(file.Name, "_comma.csv") || !bom {
		t.Fatalf("exported %s, byte order mark %v", file.Name, bom)
	}
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatalf("CSV does not parse: %v\n%s", err, file.Data)
	}
	if len(rows) != 3 || rows[0][0] != "date" || rows[1][0] != "2026-11-02" || rows[2][0] != "2026-11-24" {
		t.Fatalf("rows %q, want the header and the two of November", rows)
	}
	if got := rows[1][5]; got != "'=HYPERLINK(\"https://evil.example\")" {
		t.Errorf("formula cell %q not guarded", got)
	}
	if rows[2][5] != "Export, \"quoted\"" || !bytes.Contains(file.Data, []byte("\r\n")) {
		t.Errorf("RFC 4180 quoting or line ends lost: %q", file.Data)
	}

	for text, want := range map[string]string{
		"export csv 2026-11-30 2026-11-01": "starts (2026-11-30) after it ends (2026-11-01)",
		"export csv 2026-13-01 2026-12-01": "`2026-13-01` is not a date",
		"export csv 2026-11-01":            "Give the first and the last day",
		"export pdf":                       "I do not know the export `pdf`",
	} {
		n := len(h.Slack.Calls("chat.postEphemeral"))
		h.command(userEN, chanMain, text)
		h.ephemeralAfter(n, want)
	}
	if n := len(h.Slack.Files()); n != 2 {
		t.Errorf("%d files after bad ranges, want 2", n)
	}
}

// TestMeasure_MentionShortcut: "Log as mention" on a message with a press
// link records one mention with its outlet, and counts it for awareness.
func TestMeasure_MentionShortcut(t *testing.T) {
	storagetest.Run(t, testMeasureMentionShortcut)
}

func testMeasureMentionShortcut(t *testing.T, backend storagetest.Backend) {
	h := newHarnessOn(t, backend)
	h.status(userEN, chanMain) // a shortcut files in an existing plan, never creates one
	ack, err := h.Slack.MessageShortcut(h.ctx(), fakeslack.Shortcut{
		CallbackID: bot.ShortcutMentionLog, UserID: userEN, TeamID: fakeslack.TeamID, ChannelID: chanMain, MessageTS: "1700000000.000100",
		MessageText: "They wrote about us! <https://www.lemonde.fr/eco/article.html|Le Monde> " + evilTitle, MessageUser: "UFEED",
	})
	if err != nil {
		t.Fatal(err)
	}
	form := h.openedView(ack.TriggerID)
	if form.CallbackID != bot.CallbackMention {
		t.Fatalf("shortcut opened %s", form.CallbackID)
	}
	mustContain(t, "mention form", string(form.JSON), "https://www.lemonde.fr/eco/article.html", "lemonde.fr", `"value":"press_article"`)
	notes := len(h.Slack.Calls("chat.postMessage"))
	h.mustSubmit(userEN, form.ID, nil)
	obs := h.observationsOf(chanMain)
	if len(obs) != 1 || obs[0].Metric != plan.MetricMentions || obs[0].Value != 1 || obs[0].Outlet != "lemonde.fr" ||
		obs[0].Mention != plan.MentionPress || obs[0].Link != "https://www.lemonde.fr/eco/article.html" {
		t.Fatalf("stored %+v", obs)
	}
	metrics, err := h.main.Bot.Metrics.FindMetrics(context.Background(), h.planOf(chanMain).ID)
	if err != nil || len(metrics) != 1 || metrics[0].Kind != plan.MetricCount || metrics[0].GoalKind != plan.GoalAwareness {
		t.Fatalf("metrics %+v, %v", metrics, err)
	}
	h.noteAfter(notes, "logged a mention")
}

// TestMeasure_French: the views of steps 8 and 9 speak French to a
// French user.
func TestMeasure_French(t *testing.T) {
	storagetest.Run(t, testMeasureFrench)
}

func testMeasureFrench(t *testing.T, backend storagetest.Backend) {
	h := newHarnessOn(t, backend)
	v := h.openedView(h.command(userFR, chanOther, "mesurer").TriggerID)
	mustContain(t, "measure modal", slacktest.Unescape(v.JSON), "Mesurer, mesurer, mesurer", "Saisir des résultats", "Revues des résultats\u202f: non planifiées")
	a := h.openedView(h.command(userFR, chanOther, "adapter").TriggerID)
	mustContain(t, "review modal", slacktest.Unescape(a.JSON), "Adapter", "Journal des décisions", "Rien à décider pour l'instant")
}

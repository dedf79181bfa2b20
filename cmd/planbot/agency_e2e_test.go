package main

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ledongthuc/pdf"

	"github.com/planbot/planbot/bot"
	"github.com/planbot/planbot/fakeslack"
	"github.com/planbot/planbot/internal/slacktest"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/storage"
	"github.com/planbot/planbot/storage/storagetest"
)

// The end-to-end tests of issue 17 (what an agency runs on), against
// fakeslack, in English and French, on both backends.

// reviewEphemeral clicks actionID on the review message ts as user and
// returns the ephemeral answer's text.
func (h *harness) reviewEphemeral(user, actionID, ts string) string {
	h.t.Helper()
	n := len(h.Slack.Calls("chat.postEphemeral"))
	h.click(fakeslack.Click{UserID: user, ActionID: actionID, ChannelID: chanMain, MessageTS: ts})
	return h.waitCallAfter(n, "chat.postEphemeral", func(c fakeslack.Call) bool { return c.Params.Get("user") == user }).Params.Get("text")
}

func TestAgency_Approvals(t *testing.T) {
	storagetest.Run(t, testAgencyApprovals)
}

// testAgencyApprovals: nobody approves their own item (Camille, in
// French); Ana approves it (English); Camille's edit of the approved copy
// sends it back to review with the change shown; the history keeps every
// step, who and when.
func testAgencyApprovals(t *testing.T, backend storagetest.Backend) {
	h := newHarnessOn(t, backend)
	h.status(userEN, chanMain) // Ana's plan: its channel posts are in English
	values := itemValues("Spring teaser", "2026-12-01", "draft")
	values[bot.BlockContentOwner][bot.ActionInput] = userFR
	delete(values, bot.BlockContentReviewer) // no named reviewer: anyone in this open plan
	c := h.addItem(userFR, chanMain, values)
	list := h.openedView(h.command(userFR, chanMain, "content").TriggerID)
	ts := h.requestReview(userFR, list.ID, itemID(c))

	// Self-approval refused, in Camille's language; nothing changes.
	refusal := h.reviewEphemeral(userFR, bot.ActionReviewApprove, ts)
	mustContain(t, "self-approval refusal", refusal, "Vous ne pouvez pas valider un contenu que vous avez rédigé")
	if got := h.storedItems(chanMain)[0]; got.Status != plan.ContentInReview {
		t.Fatalf("self-approval changed the status to %v", got.Status)
	}

	// Ana approves.
	edits := len(h.Slack.Calls("chat.update"))
	h.click(fakeslack.Click{UserID: userEN, ActionID: bot.ActionReviewApprove, ChannelID: chanMain, MessageTS: ts})
	h.waitCallAfter(edits, "chat.update", func(c fakeslack.Call) bool { return c.Params.Get("ts") == ts })
	if got := h.storedItems(chanMain)[0]; got.Status != plan.ContentApproved || got.Review.DecidedBy != userEN {
		t.Fatalf("after approval: %v %+v", got.Status, got.Review)
	}

	// Camille edits the copy of the approved item: back in review, and
	// the review message asks again, showing the change.
	list = h.openedView(h.command(userFR, chanMain, "content").TriggerID)
	form := h.pushed(userFR, list.ID, bot.ActionContentEdit, itemID(c))
	values[bot.BlockContentCopy][bot.ActionInput] = "Spring is really here"
	values[bot.BlockContentStatus][bot.ActionInput] = "approved"
	edits = len(h.Slack.Calls("chat.update"))
	h.mustSubmit(userFR, form.ID, values)
	h.waitCallAfter(edits, "chat.update", func(c fakeslack.Call) bool { return c.Params.Get("ts") == ts })
	got := h.storedItems(chanMain)[0]
	if got.Status != plan.ContentInReview || got.Review.RequestedBy != userFR || got.Copy != "Spring is really here" {
		t.Fatalf("after the edit: %v %+v", got.Status, got.Review)
	}
	msg, _ := h.Slack.Message(chanMain, ts)
	blocks := slacktest.Unescape(msg.Blocks)
	mustContain(t, "reopened review", blocks, "Edited after approval by <@"+userFR+">", "back in review", "*The copy*", "really here", bot.ActionReviewApprove)
	if live := slacktest.LiveMarkup(msg.Blocks); live != "" {
		t.Errorf("reopened review shows user text unescaped: %s", live)
	}
	// The editor cannot approve their own edit.
	mustContain(t, "editor refused", h.reviewEphemeral(userFR, bot.ActionReviewApprove, ts), "Vous ne pouvez pas valider")

	// The history, in the reader's language: every step, who and when.
	opens := len(h.Slack.Calls("views.open"))
	h.click(fakeslack.Click{UserID: userEN, ActionID: bot.ActionReviewHistory, ChannelID: chanMain, MessageTS: ts})
	history := slacktest.Unescape([]byte(h.waitCallAfter(opens, "views.open", nil).Params.Get("view")))
	mustContain(t, "history", history, "Review history",
		"<@"+userFR+"> asked for a review", "<@"+userEN+"> approved", "<@"+userFR+"> edited it after approval", "Spring is really here")
	opens = len(h.Slack.Calls("views.open"))
	h.click(fakeslack.Click{UserID: userFR, ActionID: bot.ActionReviewHistory, ChannelID: chanMain, MessageTS: ts})
	mustContain(t, "history in French", slacktest.Unescape([]byte(h.waitCallAfter(opens, "views.open", nil).Params.Get("view"))),
		"Historique", "<@"+userEN+"> a validé")

	events, err := storage.NewApprovalService(h.main.DB).FindReviewEvents(context.Background(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range events {
		actions = append(actions, string(e.Action)+" by "+e.By)
	}
	want := "requested by UCAMI, approved by UANA, reopened by UCAMI"
	if strings.Join(actions, ", ") != want {
		t.Fatalf("stored history %q, want %q", strings.Join(actions, ", "), want)
	}
}

// extractPDF returns the text of a PDF, read back with
// github.com/ledongthuc/pdf through the fonts' ToUnicode maps, as a
// client's tools would: lines top to bottom.
func extractPDF(t *testing.T, b []byte) string {
	t.Helper()
	r, err := pdf.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("read pdf: %v", err)
	}
	var lines []string
	for i := 1; i <= r.NumPage(); i++ {
		rows, err := r.Page(i).GetTextByRow()
		if err != nil {
			t.Fatalf("page %d: %v", i, err)
		}
		for _, row := range rows {
			var s strings.Builder
			for _, piece := range row.Content {
				s.WriteString(piece.S)
			}
			lines = append(lines, s.String())
		}
	}
	return strings.Join(lines, "\n")
}

// addFollowersGoal stores a goal on followers with a result at the end of
// October and one in November, as logged in step 8.
func (h *harness) addFollowersGoal(channel, owner string) *plan.Goal {
	h.t.Helper()
	p := h.stepPlan(channel)
	g := &plan.Goal{PlanID: p.ID, Kind: plan.GoalAwareness, Title: "Grow the community", Metric: "Followers",
		Baseline: 1000, Target: 2000, Deadline: time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC), OwnerID: owner, CreatedBy: owner}
	if err := h.main.Bot.Goals.CreateGoal(actorCtx(owner), g); err != nil {
		h.t.Fatal(err)
	}
	if err := h.main.Bot.Metrics.CreateObservations(actorCtx(owner), []*plan.Observation{
		{PlanID: p.ID, Metric: "Followers", Network: plan.NetworkInstagram, Value: 1200, Date: time.Date(2026, 10, 20, 0, 0, 0, 0, time.UTC), CreatedBy: owner},
		{PlanID: p.ID, Metric: "Followers", Network: plan.NetworkInstagram, Value: 1500, Date: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), CreatedBy: owner},
	}); err != nil {
		h.t.Fatal(err)
	}
	return g
}

// actorCtx is a context acting for user, as the bot's handlers pass it.
func actorCtx(user string) context.Context {
	return plan.NewContextWithUser(context.Background(), user)
}

func TestAgency_MonthlyReport(t *testing.T) {
	storagetest.Run(t, testAgencyMonthlyReport)
}

// testAgencyMonthlyReport: /plan report uploads a PDF to the plan's
// channel whose text holds the KPI figures of both months, in the plan's
// language: 1,200 at the end of October and 1,500 at the end of
// November, a change of +300 (30 % of the way from 1,000 to 2,000 is
// 50 %), in English; 1 200, 1 500 and +300 with narrow no-break spaces in
// French.
func testAgencyMonthlyReport(t *testing.T, backend storagetest.Backend) {
	h := newHarnessOn(t, backend)
	tests := []struct {
		user, channel, command string
		want                   []string
	}{
		{userEN, chanMain, "report 2026-11", []string{"Monthly report", "November 2026, compared with October 2026",
			"October 2026", "November 2026", "1,200", "1,500", "+300", "50.0%", "Grow the community"}},
		{userFR, chanOther, "rapport novembre", []string{"Rapport mensuel", "novembre 2026, comparé à octobre 2026",
			"1\u202f200", "1\u202f500", "+300", "50,0", "Évolution"}},
	}
	for _, tt := range tests {
		h.status(tt.user, tt.channel) // the plan, in its creator's language
		h.addFollowersGoal(tt.channel, tt.user)
		n := len(h.Slack.Files())
		h.command(tt.user, tt.channel, tt.command)
		h.waitCall("files.completeUploadExternal", func(fakeslack.Call) bool { return len(h.Slack.Files()) > n })
		f := h.Slack.Files()[n]
		if f.Channel != tt.channel || !strings.HasSuffix(f.Name, "-2026-11.pdf") || !bytes.HasPrefix(f.Data, []byte("%PDF-")) {
			t.Fatalf("%s: uploaded %q to %s (%d bytes)", tt.command, f.Name, f.Channel, len(f.Data))
		}
		text := extractPDF(t, f.Data)
		for _, w := range tt.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: PDF text lacks %q", tt.command, w)
			}
		}
		if t.Failed() {
			t.Fatalf("extracted text:\n%s", text)
		}
	}
	// A month that does not read is refused, with the usage.
	n := len(h.Slack.Calls("chat.postEphemeral"))
	h.command(userEN, chanMain, "report smarch")
	mustContain(t, "bad month", h.waitCallAfter(n, "chat.postEphemeral", nil).Params.Get("text"), "cannot read smarch", "/plan report [month]")
}

func TestAgency_CheckIns(t *testing.T) {
	storagetest.Run(t, testAgencyCheckIns)
}

// testAgencyCheckIns: a goal owned by Camille is asked about on the
// default schedule (Mondays at 10:00 in the plan's zone, Europe/London);
// her one click on At risk puts it on the at-risk list of /plan status
// (Ana, English) and of her Home (French). Asked once per occurrence.
func testAgencyCheckIns(t *testing.T, backend storagetest.Backend) {
	h := newHarnessOn(t, backend)
	h.status(userEN, chanMain)
	g := h.addFollowersGoal(chanMain, userFR) // created on Wednesday, November 25
	if line := statusLine(t, h.status(userEN, chanMain), "goals"); strings.Contains(line, "at risk") {
		t.Fatalf("at risk before any check-in: %s", line)
	}

	n := len(h.Slack.Calls("chat.postMessage"))
	h.Clock.Set(time.Date(2026, 11, 30, 10, 0, 20, 0, time.UTC)) // Monday, 10:00 in London
	h.tick()
	_, ts := h.posted(n, chanMain, "Goal check-in")
	msg, _ := h.Slack.Message(chanMain, ts)
	mustContain(t, "ask", slacktest.Unescape(msg.Blocks), "<@"+userFR+">", "Grow the community", bot.ActionCheckInAtRisk, "On track", "Off track")
	h.tick() // the same occurrence is not asked twice
	if got := len(h.Slack.Calls("chat.postMessage")); got != n+1 {
		t.Fatalf("%d posts after a second tick, want %d", got, n+1)
	}

	// Ana may not answer for Camille's goal.
	eph := len(h.Slack.Calls("chat.postEphemeral"))
	h.click(fakeslack.Click{UserID: userEN, ActionID: bot.ActionCheckInAtRisk, Value: itemID(&plan.ContentItem{ID: g.ID}), ChannelID: chanMain, MessageTS: ts})
	mustContain(t, "refusal", h.waitCallAfter(eph, "chat.postEphemeral", nil).Params.Get("text"), "Only the goal's owner")

	// Camille: one click, answered in French.
	eph = len(h.Slack.Calls("chat.postEphemeral"))
	h.click(fakeslack.Click{UserID: userFR, ActionID: bot.ActionCheckInAtRisk, Value: itemID(&plan.ContentItem{ID: g.ID}), ChannelID: chanMain, MessageTS: ts})
	mustContain(t, "recorded", h.waitCallAfter(eph, "chat.postEphemeral", nil).Params.Get("text"), "C'est noté", "À risque")
	cs, total, err := h.main.Bot.CheckIns.FindCheckIns(context.Background(), plan.CheckInFilter{GoalID: &g.ID})
	if err != nil || total != 1 || cs[0].Status != plan.CheckInAtRisk || cs[0].By != userFR {
		t.Fatalf("stored check-ins %v (%d), %v", cs, total, err)
	}

	mustContain(t, "status", statusLine(t, h.status(userEN, chanMain), "goals"), "Goals their owners say are at risk or off track", "Grow the community")
	home := slacktest.Unescape([]byte(h.homeOf(userFR, "EvHomeCheckIn", len(h.Slack.Calls("views.publish"))).Params.Get("view")))
	mustContain(t, "Camille's home", home, ":warning:", "Grow the community")

	// The measurement review of step 8 lists it too (the plan's language,
	// English), and step 9's review modal names it (Camille's, French).
	p := h.stepPlan(chanMain)
	if _, err := h.main.Bot.Metrics.SetReviewSchedule(actorCtx(userEN), p.ID, plan.ReviewSchedule{Frequency: plan.FrequencyWeekly, Weekday: time.Monday, Hour: 11}); err != nil {
		t.Fatal(err)
	}
	posts := h.posts(chanMain)
	h.Clock.Set(time.Date(2026, 11, 30, 11, 0, 20, 0, time.UTC))
	h.tick()
	review, _ := h.posted(posts, chanMain, "Measurement review")
	mustContain(t, "measurement review", slacktest.Unescape([]byte(review.Params.Get("blocks"))),
		"Goals their owners say are at risk or off track", "*Grow the community* (At risk)")
	view := h.openedView(h.command(userFR, chanMain, "adapter").TriggerID)
	mustContain(t, "review modal", slacktest.Unescape(view.JSON), "Dits à risque lors des points objectifs\u202f: *Grow the community* (À risque)")
}

func TestAgency_Calendar(t *testing.T) {
	storagetest.Run(t, testAgencyCalendar)
}

// testAgencyCalendar: Instagram is chosen at "3 posts a week" (free text,
// read by plan.ParseCadence) and LinkedIn at "2 par mois"; the week of
// November 30 has one Instagram post and one on TikTok, never chosen. The
// calendar of that week flags Instagram below its cadence (1 of 3) and
// the TikTok post, in English for Ana and in French for Camille.
func testAgencyCalendar(t *testing.T, backend storagetest.Backend) {
	h := newHarnessOn(t, backend)
	tests := []struct {
		user, channel, command string
		want                   []string
	}{
		{userEN, chanMain, "calendar next week", []string{"Content calendar", "Off cadence",
			"Instagram, week 49", "1 post planned, below its cadence of 3 a week", "TikTok was never chosen", "no pillar", ":large_orange_circle: Instagram · Spring teaser"}},
		{userFR, chanOther, "calendrier semaine prochaine", []string{"Calendrier éditorial", "Hors du rythme prévu",
			"Instagram, semaine 49", "1 publication prévue, sous le rythme de 3 par semaine", "TikTok n'a jamais été choisi", "sans pilier"}},
	}
	for _, tt := range tests {
		h.status(tt.user, tt.channel)
		p := h.stepPlan(tt.channel)
		for _, ch := range []*plan.Channel{
			{PlanID: p.ID, Network: plan.NetworkInstagram, Role: plan.GoalAwareness, Why: "Our audience", Cadence: "3 posts a week", CreatedBy: tt.user},
			{PlanID: p.ID, Network: plan.NetworkLinkedIn, Role: plan.GoalLeads, Why: "Buyers", Cadence: "2 par mois", CreatedBy: tt.user},
		} {
			if err := h.main.Bot.Channels.CreateChannel(actorCtx(tt.user), ch); err != nil {
				t.Fatal(err)
			}
		}
		values := itemValues("Spring teaser", "2026-12-01", "draft")
		h.addItem(tt.user, tt.channel, values)
		values = itemValues("Dance video", "2026-12-03", "idea")
		values[bot.BlockContentNetwork][bot.ActionInput] = "tiktok"
		h.addItem(tt.user, tt.channel, values)

		n := len(h.Slack.Calls("chat.postEphemeral"))
		h.command(tt.user, tt.channel, tt.command)
		call := h.waitCallAfter(n, "chat.postEphemeral", func(c fakeslack.Call) bool { return strings.Contains(c.Params.Get("blocks"), "calendar_head") })
		blocks := slacktest.Unescape([]byte(call.Params.Get("blocks")))
		mustContain(t, tt.command, blocks, tt.want...)
	}
	// On Monday of that week, Home shows the gap.
	h.Clock.Set(time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC))
	home := slacktest.Unescape([]byte(h.homeOf(userFR, "EvHomeGaps", len(h.Slack.Calls("views.publish"))).Params.Get("view")))
	mustContain(t, "Camille's home", home, "Sous le rythme cette semaine", "Instagram 1 pour 3 par semaine")
}

func TestAgency_WeeklyDigest(t *testing.T) {
	storagetest.Run(t, testAgencyWeeklyDigest)
}

// testAgencyWeeklyDigest: on Monday November 30 at 09:00 (the plans'
// first working day, in their zones) each plan's digest says what is due
// in the week ahead, in the plan's language; a week later nothing has
// changed and nothing is due, and the digests are skipped.
func testAgencyWeeklyDigest(t *testing.T, backend storagetest.Backend) {
	h := newHarnessOn(t, backend)
	plans := []struct {
		user, channel string
		want          []string
	}{
		{userEN, chanMain, []string{"Weekly digest", "Due in the week ahead", "1 post to publish: Spring teaser"}},
		{userFR, chanOther, []string{"Le point de la semaine", "À venir cette semaine", "1 publication prévue\u202f: Spring teaser"}},
	}
	for _, p := range plans {
		h.status(p.user, p.channel)
		h.addItem(p.user, p.channel, itemValues("Spring teaser", "2026-12-01", "draft"))
	}
	n := len(h.Slack.Calls("chat.postMessage"))
	h.Clock.Set(time.Date(2026, 11, 30, 9, 0, 20, 0, time.UTC)) // 09:00 in London, 10:00 in Paris
	h.tick()
	h.posted(n, chanMain, "Weekly digest")
	h.Clock.Set(time.Date(2026, 11, 30, 10, 0, 20, 0, time.UTC))
	h.tick()
	h.posted(n, chanOther, "Le point de la semaine")
	for _, p := range plans {
		var found bool
		for _, c := range h.Slack.Calls("chat.postMessage")[n:] {
			if c.Params.Get("channel") == p.channel && strings.Contains(c.Params.Get("blocks"), "digest_head") {
				mustContain(t, "digest in "+p.channel, slacktest.Unescape([]byte(c.Params.Get("blocks"))), p.want...)
				found = true
			}
		}
		if !found {
			t.Errorf("no digest in %s", p.channel)
		}
	}

	// A week later: nothing changed, nothing due; no digest.
	n = len(h.Slack.Calls("chat.postMessage"))
	h.Clock.Set(time.Date(2026, 12, 7, 10, 0, 20, 0, time.UTC))
	h.tick()
	h.tick()
	for _, c := range h.Slack.Calls("chat.postMessage")[n:] {
		if strings.Contains(c.Params.Get("blocks"), "digest_head") {
			t.Errorf("empty digest posted in %s: %s", c.Params.Get("channel"), c.Params.Get("text"))
		}
	}
	tx, err := h.main.DB.BeginTx(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	var skipped int
	if err := tx.QueryRowContext(context.Background(), `
		SELECT COUNT(*) FROM reminder_deliveries d JOIN reminders r ON r.id = d.reminder_id
		WHERE r.kind = 'weekly_digest' AND d.state = 'skipped' AND d.reason = 'nothing to say this week'`).Scan(&skipped); err != nil {
		t.Fatal(err)
	}
	if skipped != 2 {
		t.Errorf("%d digests skipped as empty, want 2 (one a plan)", skipped)
	}
}

func TestAgency_FrenchCSVBytes(t *testing.T) {
	storagetest.Run(t, testAgencyFrenchCSVBytes)
}

// testAgencyFrenchCSVBytes: the results CSV of a French plan, checked byte
// by byte as French Excel reads it: the UTF-8 byte order mark EF BB BF
// first, ";" between cells and a decimal comma, CRLF line ends, every row
// as many cells as the header, and the separator named in the file name.
// The English plan's file has a comma and a decimal point.
func testAgencyFrenchCSVBytes(t *testing.T, backend storagetest.Backend) {
	h := newHarnessOn(t, backend)
	followers := formValues{bot.BlockGoalMetric: in("followers"), bot.BlockGoalUnit: in("followers"),
		bot.BlockGoalBaseline: in("1000"), bot.BlockGoalTarget: in("20000")}
	tests := []struct {
		user, channel, command, typed, sep, decimal, name string
	}{
		{userFR, chanOther, "exporter csv", "1 200,5", ";", "1200,5", "_point-virgule.csv"},
		{userEN, chanMain, "export csv", "1,200.5", ",", "1200.5", "_comma.csv"},
	}
	for i, tt := range tests {
		h.typedGoal(tt.user, tt.channel, "Grow followers", followers)
		if errs := h.logResults(tt.user, tt.channel, "2026-11-24", result{"followers", "instagram", tt.typed}); errs != nil {
			t.Fatal(errs)
		}
		h.command(tt.user, tt.channel, tt.command)
		f := h.fileAfter(i)
		data := f.Data
		if !bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}) {
			t.Fatalf("%s: starts with % x, want the UTF-8 byte order mark EF BB BF", tt.command, data[:min(3, len(data))])
		}
		if !strings.HasSuffix(f.Name, tt.name) {
			t.Errorf("%s: file %q does not name its separator (%s)", tt.command, f.Name, tt.name)
		}
		lines := strings.Split(strings.TrimSuffix(string(data[3:]), "\r\n"), "\r\n")
		if len(lines) != 2 {
			t.Fatalf("%s: %d lines, want a header and one row:\n%q", tt.command, len(lines), data)
		}
		header, row := strings.Split(lines[0], tt.sep), strings.Split(lines[1], tt.sep)
		if len(header) < 4 || len(row) != len(header) {
			t.Fatalf("%s: header %q and row %q do not split on %q into the same columns", tt.command, lines[0], lines[1], tt.sep)
		}
		if !slices.Contains(row, tt.decimal) {
			t.Errorf("%s: row %q lacks the cell %q", tt.command, lines[1], tt.decimal)
		}
	}
}

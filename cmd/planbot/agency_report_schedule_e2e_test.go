package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/bot"
	"github.com/planbot/planbot/fakeslack"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/storage/storagetest"
)

func TestAgency_ScheduledReport(t *testing.T) {
	storagetest.Run(t, testAgencyScheduledReport)
}

// filesIn returns the files shared in channel.
func (h *harness) filesIn(channel string) []fakeslack.File {
	var out []fakeslack.File
	for _, f := range h.Slack.Files() {
		if f.Channel == channel {
			out = append(out, f)
		}
	}
	return out
}

// testAgencyScheduledReport: two plans turn on "Post the monthly report
// on the first working day" in /plan settings, Monday to Friday. The
// English plan has a goal, the French one none yet. Monday 30 November
// is not the first working day of its month: nothing. Tuesday 1 December
// 2026 at 09:00 in London (09:00 UTC) the English plan gets November's
// PDF, the French one nothing (no goal); a second tick uploads nothing
// more. Friday 1 January 2027, a working day, the French plan, which has a
// goal by then, gets December's report in French.
func testAgencyScheduledReport(t *testing.T, backend storagetest.Backend) {
	h := newHarnessOn(t, backend)
	for _, c := range []struct{ user, channel, command string }{{userEN, chanMain, "settings"}, {userFR, chanOther, "reglages"}} {
		h.status(c.user, c.channel)
		view := h.openedView(h.command(c.user, c.channel, c.command).TriggerID)
		mustContain(t, "settings", string(view.JSON), bot.BlockSettingsMonthlyReport)
		h.mustSubmit(c.user, view.ID, formValues{
			bot.BlockSettingsWorkingDays:   {bot.ActionInput: []string{"1", "2", "3", "4", "5"}},
			bot.BlockSettingsMonthlyReport: {bot.ActionInput: []string{"on"}},
		})
		if p := h.stepPlan(c.channel); !p.MonthlyReport {
			t.Fatalf("%s: the setting was not stored", c.channel)
		}
	}
	mustContain(t, "settings shown again", string(h.openedView(h.command(userEN, chanMain, "settings").TriggerID).JSON),
		"Post the monthly report on the first working day", `"initial_options"`)
	h.addFollowersGoal(chanMain, userEN)

	h.Clock.Set(time.Date(2026, 11, 30, 9, 0, 20, 0, time.UTC))
	h.tick()
	if n := len(h.Slack.Files()); n != 0 {
		t.Fatalf("%d files on a day that is not the first working day of the month", n)
	}

	h.Clock.Set(time.Date(2026, 12, 1, 9, 0, 20, 0, time.UTC))
	h.tick()
	h.tick()
	files := h.filesIn(chanMain)
	if len(files) != 1 || !strings.HasSuffix(files[0].Name, "-2026-11.pdf") || !bytes.HasPrefix(files[0].Data, []byte("%PDF-")) {
		t.Fatalf("files in the English channel: %v, want November's PDF once", fileNames(files))
	}
	mustContain(t, "November's report", extractPDF(t, files[0].Data), "Monthly report", "November 2026, compared with October 2026", "1,500")
	if fs := h.filesIn(chanOther); len(fs) != 0 {
		t.Fatalf("a plan with no goal got a report: %v", fileNames(fs))
	}

	h.addFollowersGoal(chanOther, userFR)
	h.Clock.Set(time.Date(2027, 1, 1, 9, 0, 20, 0, time.UTC))
	h.tick()
	fr := h.filesIn(chanOther)
	if len(fr) != 1 || !strings.HasSuffix(fr[0].Name, "-2026-12.pdf") {
		t.Fatalf("files in the French channel: %v, want December's PDF", fileNames(fr))
	}
	mustContain(t, "December's report", extractPDF(t, fr[0].Data), "Rapport mensuel", "décembre 2026, comparé à novembre 2026")
	if r := h.reminderOf(plan.ReminderMonthlyReport, h.stepPlan(chanOther).ID); r.State != plan.ReminderActive {
		t.Fatalf("reminder %+v, want still active", r)
	}
}

// fileNames lists the names of files.
func fileNames(files []fakeslack.File) []string {
	var out []string
	for _, f := range files {
		out = append(out, f.Name+" in "+f.Channel)
	}
	return out
}

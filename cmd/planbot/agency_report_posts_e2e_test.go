package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/fakeslack"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/storage/storagetest"
)

func TestAgency_MonthlyReportPosts(t *testing.T) {
	storagetest.Run(t, testAgencyMonthlyReportPosts)
}

// testAgencyMonthlyReportPosts: per-post results imported for November
// (reach of four posts: 3000, 1200, 800 and 150) put the best two (3000
// and 1200) and the weakest two (150 then 800) in the PDF report, in
// the plan's language; a post of October is left out of November's lists.
func testAgencyMonthlyReportPosts(t *testing.T, backend storagetest.Backend) {
	h := newHarnessOn(t, backend)
	tests := []struct {
		user, channel, command string
		want                   []string
	}{
		{userEN, chanMain, "report 2026-11", []string{"Best posts by Reach", "Weakest posts by Reach",
			"Carousel launch", "Behind the scenes", "Quiet Tuesday", "Late recap", "3,000", "1,200"}},
		{userFR, chanOther, "rapport novembre", []string{"Meilleures publications (Reach)", "Publications les plus faibles (Reach)",
			"Carousel launch", "Quiet Tuesday", "3\u202f000", "1\u202f200"}},
	}
	posts := []struct {
		title string
		day   time.Time
		reach float64
	}{
		{"Carousel launch", time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC), 3000},
		{"Behind the scenes", time.Date(2026, 11, 10, 10, 0, 0, 0, time.UTC), 1200},
		{"Late recap", time.Date(2026, 11, 17, 10, 0, 0, 0, time.UTC), 800},
		{"Quiet Tuesday", time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC), 150},
		{"October teaser", time.Date(2026, 10, 20, 10, 0, 0, 0, time.UTC), 9000},
	}
	for _, tt := range tests {
		h.status(tt.user, tt.channel)
		h.addFollowersGoal(tt.channel, tt.user)
		h.mustMetric(tt.channel, "Reach", plan.MetricCount)
		p := h.stepPlan(tt.channel)
		for _, post := range posts {
			it := &plan.ContentItem{PlanID: p.ID, Title: post.title, Network: plan.NetworkInstagram, Format: plan.FormatImage,
				Status: plan.ContentPublished, PublishAt: post.day, CreatedBy: tt.user}
			if err := h.main.Bot.Content.CreateContentItem(actorCtx(tt.user), it); err != nil {
				t.Fatal(err)
			}
			o := &plan.Observation{PlanID: p.ID, Metric: "Reach", Network: plan.NetworkInstagram, Value: post.reach,
				Date: post.day.AddDate(0, 0, 1), ContentItemID: it.ID, CreatedBy: tt.user}
			if err := h.main.Bot.Metrics.CreateObservations(actorCtx(tt.user), []*plan.Observation{o}); err != nil {
				t.Fatal(err)
			}
		}
		n := len(h.Slack.Files())
		h.command(tt.user, tt.channel, tt.command)
		h.waitCall("files.completeUploadExternal", func(fakeslack.Call) bool { return len(h.Slack.Files()) > n })
		f := h.Slack.Files()[n]
		if !bytes.HasPrefix(f.Data, []byte("%PDF-")) {
			t.Fatalf("%s: uploaded %q, not a PDF", tt.command, f.Name)
		}
		text := extractPDF(t, f.Data)
		for _, w := range tt.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: PDF text lacks %q", tt.command, w)
			}
		}
		if strings.Contains(text, "October teaser") {
			t.Errorf("%s: an October post is ranked in November", tt.command)
		}
		best := strings.Index(text, "Carousel launch")
		if worst := strings.Index(text, "Quiet Tuesday"); best < 0 || worst < best {
			t.Errorf("%s: the best post (at %d) should come before the weakest (at %d)", tt.command, best, worst)
		}
		if t.Failed() {
			t.Fatalf("extracted text:\n%s", text)
		}
	}
}

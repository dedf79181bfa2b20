package main

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/planbot/planbot/bot"
	"github.com/planbot/planbot/fakeslack"
	"github.com/planbot/planbot/plan"
)

// BenchmarkImport200k imports a 200,000-row GA4 export (7.3 MiB) through
// the real path: a member uploads it to fakeslack, runs Import results,
// keeps the suggested mapping, previews and imports; the bot downloads it
// three times, reads it twice per preview, and stores 160,000 values of
// Sessions in one transaction (a fifth of the rows are search traffic,
// set aside). Each op imports the same file again, replacing every value.
// peak-rss-MiB is the process's peak resident set (getrusage), the bot
// and fakeslack together.
func BenchmarkImport200k(b *testing.B) {
	fb := startFuzzBot(b, slog.LevelWarn)
	sessions := &plan.Metric{PlanID: fb.PlanID, Name: "Sessions", Kind: plan.MetricCount, GoalKind: plan.GoalAwareness, CreatedBy: userEN}
	if err := fb.Main.Bot.Metrics.CreateMetric(plan.NewContextWithUser(context.Background(), userEN), sessions); err != nil {
		b.Fatal(err)
	}
	sources := []string{"ig / social", "lnkd.in / referral", "facebook.com / referral", "newsletter / email", "google / organic"}
	var csv bytes.Buffer
	csv.WriteString("# Start date: 20250101\n# End date: 20260301\nDate,Session source / medium,Session manual ad content,Sessions\n")
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 200_000 {
		// 5 sources a day, each with its own post: every row its own key.
		fmt.Fprintf(&csv, "%s,%s,post-%d,%d\n", start.AddDate(0, 0, i/5/80).Format("20060102"), sources[i%5], i/5%80, 10+i%37)
	}
	data := csv.Bytes()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	b.ResetTimer()
	for b.Loop() {
		if done := importThrough(ctx, b, fb.Slack, data); !strings.Contains(done, "160,000 values imported") {
			b.Fatalf("import ended with %s", done)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(len(data))/(1<<20), "file-MiB")
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err == nil {
		b.ReportMetric(float64(ru.Maxrss)/1024, "peak-rss-MiB") // Linux reports KiB
	}
}

// importThrough runs one import of data through srv and returns the text
// of its last screen.
func importThrough(ctx context.Context, b *testing.B, srv *fakeslack.Server, data []byte) string {
	b.Helper()
	if err := srv.AddMembers(chanMain, userEN); err != nil {
		b.Fatal(err)
	}
	_, msg, err := srv.UploadFile(fakeslack.Upload{Channel: chanMain, User: userEN, Name: "ga4.csv", Data: data})
	if err != nil {
		b.Fatal(err)
	}
	n := len(srv.Calls("views.update"))
	ack, err := srv.MessageShortcut(ctx, fakeslack.Shortcut{CallbackID: bot.ShortcutImport, UserID: userEN, TeamID: fakeslack.TeamID, ChannelID: chanMain, MessageTS: msg.TS})
	if err != nil {
		b.Fatal(err)
	}
	open, err := srv.WaitCall(ctx, "views.open", func(c fakeslack.Call) bool { return c.Params.Get("trigger_id") == ack.TriggerID })
	if err != nil {
		b.Fatal(err)
	}
	viewID, ok := openedViewID(open)
	if !ok {
		b.Fatalf("views.open: %s", open.Response)
	}
	// after waits for the next successful views.update of the import after
	// the first n, and returns the view.
	after := func(n int) fakeslack.View {
		seen := 0
		if _, err := srv.WaitCall(ctx, "views.update", func(c fakeslack.Call) bool {
			seen++
			return seen > n && (c.Params.Get("view_id") == viewID || strings.HasPrefix(c.Params.Get("external_id"), "import-")) &&
				strings.Contains(string(c.Response), `"ok":true`)
		}); err != nil {
			b.Fatal(err)
		}
		v, _ := srv.View(viewID)
		return v
	}
	for _, want := range []string{bot.CallbackImportMapping, bot.CallbackImportPreview} {
		v := after(n)
		if v.CallbackID != want {
			b.Fatalf("view %s, want %s: %s", v.CallbackID, want, v.JSON)
		}
		n = len(srv.Calls("views.update"))
		values := formValues{}
		if want == bot.CallbackImportMapping {
			values = initialValues(b, v)
		}
		if _, err := srv.SubmitView(ctx, userEN, viewID, values); err != nil {
			b.Fatal(err)
		}
	}
	return string(after(n).JSON)
}

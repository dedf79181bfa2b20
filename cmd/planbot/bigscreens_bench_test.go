package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/bot"
	"github.com/planbot/planbot/fakeslack"
	"github.com/planbot/planbot/internal/fixture"
)

// BenchmarkBigScreens is issue 14's table: every slash command that opens
// a screen, and Home, on the big fixture, through the real Main and
// fakeslack (Slack's 3 s trigger life), as the fixture's owner in the big
// plan's channel (a user of 500 plans). Each iteration of a screen's
// sub-benchmark sends the command once and waits for its last call:
//
//   - open-*: command sent to views.open answered (the light modal of a
//     screen that opens first and fills after);
//   - final-*: command sent to the call that shows the screen: the
//     views.update that fills the light modal, the views.open itself for
//     a modal opened filled, the ephemeral message, or views.publish for
//     Home (event sent to views.publish).
//
// The baseline, measured first in the same process: the /plan help ack
// (its answer is the ack). x-help-p99 is the screen's final p99 over it.
// With -benchtime Nx, p99 of N samples is their maximum.
//
// It needs a database seeded by `planbench -fixture big` in
// PLANBOT_FIXTURE_DB (a SQLite file, copied: the original is not
// changed); it is a benchmark, not a test, because it takes minutes.
//
//	PLANBOT_DB=/tmp/big.db go run ./cmd/planbench -fixture big
//	PLANBOT_FIXTURE_DB=/tmp/big.db go test -run '^$' -bench BenchmarkBigScreens -benchtime 5x -timeout 60m -v ./cmd/planbot
func BenchmarkBigScreens(b *testing.B) {
	src := os.Getenv("PLANBOT_FIXTURE_DB")
	if src == "" {
		b.Skip("PLANBOT_FIXTURE_DB is not set: seed one with `planbench -fixture big` (it takes about 30 s)")
	}
	bb := startBigBot(b, src)
	help := &screenTimes{}
	b.Run("help", func(b *testing.B) {
		*help = screenTimes{}
		for b.Loop() {
			t0 := time.Now()
			ack, err := bb.Slack.SlashCommand(bb.ctx(b), bb.command("help"))
			if err != nil || len(ack.Payload) == 0 {
				b.Fatalf("help: %v %s", err, ack.Payload)
			}
			d := time.Since(t0)
			help.open = append(help.open, d)
			help.final = append(help.final, d)
		}
		help.report(b, nil)
	})
	var rows []string
	for _, text := range []string{"goals", "audience", "content", "cta", "channels", "experiment", "engage", "measure", "review",
		"settings", "start", "calendar", "approvals", "import", "status", "export", "report", "home"} {
		st := &screenTimes{}
		b.Run(text, func(b *testing.B) {
			*st = screenTimes{}
			for b.Loop() {
				bb.screen(b, text, st)
			}
			st.report(b, help)
		})
		rows = append(rows, st.row(text, help))
	}
	b.Logf("baseline /plan help ack: p50 %s p99 %s (n=%d)\n| screen | final call | n | open p50 | open p99 | final p50 | final p99 | final p99 / help p99 |\n|---|---|---:|---:|---:|---:|---:|---:|\n%s",
		ms(pct(help.final, 50)), ms(pct(help.final, 99)), len(help.final), strings.Join(rows, "\n"))
}

// bigBot is a Main serving a copy of the big fixture.
type bigBot struct {
	Slack *fakeslack.Server
	Main  *Main
	Logs  *syncBuffer // the bot's warnings and errors
	DB    *sql.DB     // the copy Main serves, to forget the Home it published
}

// startBigBot copies the fixture's database, moves its plans to
// fakeslack's team (its events carry that team), and starts a Main on it
// against fakeslack, on the fixture's present.
func startBigBot(b *testing.B, src string) *bigBot {
	b.Helper()
	dst := filepath.Join(b.TempDir(), "big.db")
	if err := copyFile(src, dst); err != nil {
		b.Fatal(err)
	}
	db, err := sql.Open("sqlite3", dst)
	if err != nil {
		b.Fatal(err)
	}
	for _, q := range []string{"UPDATE plans SET team_id = ?", "UPDATE plan_visits SET team_id = ?"} {
		if _, err := db.Exec(q, fakeslack.TeamID); err != nil {
			b.Fatalf("%s: %v", q, err)
		}
	}
	b.Cleanup(func() { db.Close() })
	srv, err := fakeslack.Start(fakeslack.Options{OnBreach: breachFails(b)})
	if err != nil {
		b.Fatal(err)
	}
	srv.AddUser(fakeslack.User{ID: fixture.HomeUser, Name: "owner", RealName: "Owner", Locale: "en-US", TZ: fixture.TimeZone})
	srv.AddChannel(fakeslack.Channel{ID: fixture.ChannelID, Name: "big-plan", IsMember: true, Members: []string{fixture.HomeUser}})
	cfg := Config{AppToken: "xapp-1-test", BotToken: "xoxb-test", APIURL: srv.APIURL(), DB: dst, Lang: "en", TZ: "UTC", LogLevel: "warn"}
	if err := cfg.Validate(); err != nil {
		b.Fatal(err)
	}
	logs := &syncBuffer{}
	m := NewMain(cfg, slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelWarn})))
	m.Now = func() time.Time { return fixture.DefaultNow }
	if err := m.Open(); err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx) }()
	b.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			b.Errorf("Main.Run: %v", err)
		}
		if err := m.Close(); err != nil {
			b.Errorf("Main.Close: %v", err)
		}
		srv.Close()
	})
	bb := &bigBot{Slack: srv, Main: m, Logs: logs, DB: db}
	if err := srv.WaitConnected(bb.ctx(b)); err != nil {
		b.Fatal(err)
	}
	bb.quiet(b)
	return bb
}

// quiet waits until the scheduler's catch-up at start (the fixture's due
// reminders and digests, posted at once) has made no Slack call for 2 s,
// at most 4 minutes: the screens are measured on a bot that is otherwise
// idle, as the targets are.
func (bb *bigBot) quiet(b *testing.B) {
	start, last, n := time.Now(), time.Now(), 0
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for now := range tick.C {
		if c := len(bb.Slack.Calls("")); c != n {
			n, last = c, now
		}
		if now.Sub(last) >= 2*time.Second || now.Sub(start) > 4*time.Minute {
			b.Logf("start-up catch-up: %d Slack calls, quiet after %s", n, last.Sub(start).Round(time.Millisecond))
			return
		}
	}
}

// ctx bounds one screen: a minute, far past any target.
func (bb *bigBot) ctx(b *testing.B) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	b.Cleanup(cancel)
	return ctx
}

// command is /plan text as the fixture's owner in the big plan's channel.
func (bb *bigBot) command(text string) fakeslack.SlashCommand {
	return fakeslack.SlashCommand{Command: "/plan", Text: text, UserID: fixture.HomeUser, ChannelID: fixture.ChannelID}
}

// screen opens one screen and adds its times to st.
func (bb *bigBot) screen(b *testing.B, text string, st *screenTimes) {
	ctx := bb.ctx(b)
	if text == "home" {
		// The bot publishes no Home identical to the last one: forget
		// its content (not Slack's hash) so that each round publishes.
		if _, err := bb.DB.Exec("UPDATE home_views SET content_sha = '' WHERE user_id = ?", fixture.HomeUser); err != nil {
			b.Fatal(err)
		}
	}
	feed, stop := bb.Slack.Subscribe()
	defer stop()
	t0 := time.Now()
	var trigger string
	if text == "home" {
		if _, err := bb.Slack.SendEvent(ctx, fmt.Sprintf("EvBig%d", t0.UnixNano()), appHomeOpened(fixture.HomeUser), 0); err != nil {
			b.Fatal(err)
		}
	} else {
		ack, err := bb.Slack.SlashCommand(ctx, bb.command(text))
		if err != nil {
			b.Fatalf("/plan %s: %v", text, err)
		}
		trigger = ack.TriggerID
	}
	var open time.Duration
	loading := ""
	for {
		var c fakeslack.Call
		select {
		case c = <-feed:
		case <-ctx.Done():
			// Counted, not fatal: the table says how many screens never
			// showed, and the log why.
			st.lost++
			b.Logf("/plan %s: no final call within a minute (light modal %q); the bot's last warnings:\n%s", text, loading, bb.Logs.tail(20))
			return
		}
		at := c.At.Sub(t0)
		switch {
		case c.Method == "views.open" && c.Params.Get("trigger_id") == trigger:
			id, cb, err := viewOf(c.Response)
			if err != nil {
				b.Fatalf("/plan %s: views.open: %v", text, err)
			}
			open = at
			if cb == bot.CallbackLoading {
				loading = id
				continue
			}
			st.add(open, at, "views.open ("+cb+")")
			return
		case c.Method == "views.update" && loading != "" && c.Params.Get("view_id") == loading:
			_, cb, err := viewOf(c.Response)
			if err != nil {
				b.Fatalf("/plan %s: views.update: %v", text, err)
			}
			st.add(open, at, "views.update ("+cb+")")
			return
		case c.Method == "views.publish" && text == "home":
			st.add(at, at, "views.publish")
			bb.homeRecorded(b)
			return
		case c.Method == "chat.postEphemeral" && c.Params.Get("user") == fixture.HomeUser && c.Params.Get("channel") == fixture.ChannelID,
			c.Method == "files.completeUploadExternal":
			st.add(at, at, c.Method+": "+clipText(c.Params.Get("text"), 50))
			return
		}
	}
}

// homeRecorded waits until the bot has recorded the Home it just
// published (it records after views.publish answers): the next round
// clears that record, and clearing it before it lands would make the bot
// skip the next Home as unchanged.
func (bb *bigBot) homeRecorded(b *testing.B) {
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for range 2000 { // 10 s
		var sum string
		err := bb.DB.QueryRow("SELECT content_sha FROM home_views WHERE user_id = ?", fixture.HomeUser).Scan(&sum)
		if err == nil && sum != "" {
			return
		}
		if err != nil && err != sql.ErrNoRows {
			b.Fatal(err)
		}
		<-tick.C
	}
	b.Fatal("the published Home was not recorded within 10 s")
}

// viewOf reads the view id and callback id of a views.* answer.
func viewOf(resp []byte) (id, callback string, err error) {
	var r struct {
		OK    bool   `json:"ok"`
		Error string `json:"error"`
		View  struct {
			ID         string `json:"id"`
			CallbackID string `json:"callback_id"`
		} `json:"view"`
	}
	if err := json.Unmarshal(resp, &r); err != nil {
		return "", "", err
	}
	if !r.OK {
		return "", "", fmt.Errorf("%s", r.Error)
	}
	return r.View.ID, r.View.CallbackID, nil
}

// screenTimes are one screen's samples.
type screenTimes struct {
	open, final []time.Duration
	last        string // the final call
	lost        int    // screens that never showed within a minute
}

func (st *screenTimes) add(open, final time.Duration, last string) {
	st.open, st.final, st.last = append(st.open, open), append(st.final, final), last
}

// report reports the percentiles, and the final p99 over the baseline's.
func (st *screenTimes) report(b *testing.B, base *screenTimes) {
	b.ReportMetric(0, "ns/op") // the iterations are not the figure
	b.ReportMetric(msf(pct(st.open, 50)), "open-p50-ms")
	b.ReportMetric(msf(pct(st.open, 99)), "open-p99-ms")
	b.ReportMetric(msf(pct(st.final, 50)), "final-p50-ms")
	b.ReportMetric(msf(pct(st.final, 99)), "final-p99-ms")
	if base != nil && len(base.final) > 0 {
		b.ReportMetric(float64(pct(st.final, 99))/float64(pct(base.final, 99)), "x-help-p99")
	}
}

// row is the screen's line of the markdown table.
func (st *screenTimes) row(text string, base *screenTimes) string {
	if len(st.final) == 0 {
		return fmt.Sprintf("| %s | (none) | 0 (%d lost) | | | | | |", text, st.lost)
	}
	return fmt.Sprintf("| %s | %s | %d (%d lost) | %s | %s | %s | %s | %.0fx |", text, st.last, len(st.final), st.lost,
		ms(pct(st.open, 50)), ms(pct(st.open, 99)), ms(pct(st.final, 50)), ms(pct(st.final, 99)),
		float64(pct(st.final, 99))/float64(pct(base.final, 99)))
}

// pct is the p-th percentile of ds, nearest rank.
func pct(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := (p*len(s)+99)/100 - 1
	return s[max(0, min(i, len(s)-1))]
}

// tail is the last n lines of the log.
func (b *syncBuffer) tail(n int) string {
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// clipText is the start of a message's text, for the table: enough to
// tell the screen from an error.
func clipText(s string, n int) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

func msf(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", msf(d)) }

// copyFile copies the file src to dst.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

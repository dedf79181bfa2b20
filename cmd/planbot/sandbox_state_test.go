package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/bot"
	"github.com/planbot/planbot/fakeslack"
	"github.com/planbot/planbot/sandbox"
)

// TestSandboxRestart runs a session (a goal saved through the real bot, a
// reply in its thread, a week gone by), stops the sandbox, starts it again
// on the same database, and finds the history and the clock as they were,
// with the plan still answering.
func TestSandboxRestart(t *testing.T) {
	db := filepath.Join(t.TempDir(), "sandbox.db")
	app := startTestSandboxWith(t, func(o *sandboxOptions) { o.DB = db })
	if len(app.Notes) != 0 {
		t.Errorf("notes on a fresh start: %q", app.Notes)
	}
	p := page{t, app.URL}
	ana, camille := sandbox.UserAna, sandbox.UserCamille

	p.post("/api/command", map[string]string{"user": ana, "channel": sandbox.ChannelSocial, "text": "/plan goals"})
	if _, err := app.Slack.WaitCall(waitCtx(t), "views.open", nil); err != nil {
		t.Fatal(err)
	}
	views := app.Slack.OpenViews(ana)
	if len(views) != 1 {
		t.Fatalf("open views = %d, want the goal form", len(views))
	}
	deadline := app.Clock.Now().AddDate(0, 1, 0).Format(time.DateOnly)
	p.post("/api/submit", map[string]any{"user": ana, "view_id": views[0].ID, "values": sandboxGoal("Kept across restarts", "100", "500", deadline, ana)})
	if _, err := app.Slack.WaitCall(waitCtx(t), "chat.postMessage", nil); err != nil {
		t.Fatal(err)
	}
	var note fakeslack.Message
	for _, m := range app.Slack.Messages(sandbox.ChannelSocial) {
		if strings.Contains(string(m.Blocks)+m.Text, "Kept across restarts") {
			note = m
		}
	}
	if note.TS == "" {
		t.Fatalf("no decision note in #acme-social: %+v", app.Slack.Messages(sandbox.ChannelSocial))
	}
	p.post("/api/command", map[string]string{"user": camille, "channel": sandbox.ChannelSocial, "text": "je m'en occupe", "thread_ts": note.TS})
	p.post("/api/advance", map[string]string{"duration": "168h"})

	pages := []string{
		"/ui/channel?channel=CSOCIAL&user=" + ana, "/ui/channel?channel=CSOCIAL&user=" + camille,
		"/ui/thread?channel=CSOCIAL&user=" + ana + "&ts=" + note.TS, "/ui/channel?channel=CFEED&user=" + ana,
	}
	before := map[string]string{}
	for _, path := range pages {
		before[path] = p.get(path)
	}
	mustContain(t, "thread before the restart", before[pages[2]], "Kept across restarts", "je m&#39;en occupe")
	if err := app.Close(); err != nil {
		t.Fatal(err)
	}

	again := startTestSandboxWith(t, func(o *sandboxOptions) { o.DB = db })
	if len(again.Notes) != 1 || !strings.Contains(again.Notes[0], "restored the channel history and the clock") || !strings.Contains(again.Notes[0], "7 d ahead") {
		t.Errorf("notes after the restart = %q, want one saying what was restored", again.Notes)
	}
	p = page{t, again.URL}
	for _, path := range pages {
		if got := p.get(path); got != before[path] {
			t.Errorf("%s after the restart:\n%s\n\nbefore:\n%s", path, got, before[path])
		}
	}
	var clock struct{ Offset string }
	if err := json.Unmarshal([]byte(p.get("/api/clock?user="+ana)), &clock); err != nil || clock.Offset != "7 d" {
		t.Errorf("clock after the restart: %+v %v, want 7 d ahead", clock, err)
	}
	if ahead := again.Main.Now().Sub(time.Now()); ahead < 167*time.Hour {
		t.Errorf("the bot's clock is %s ahead after the restart, want a week", ahead)
	}

	// The plan answers from the database: /plan goals lists the goal.
	n := len(again.Slack.Calls("views.open"))
	p.post("/api/command", map[string]string{"user": ana, "channel": sandbox.ChannelSocial, "text": "/plan goals"})
	seen := 0
	if _, err := again.Slack.WaitCall(waitCtx(t), "views.open", func(fakeslack.Call) bool { seen++; return seen > n }); err != nil {
		t.Fatal(err)
	}
	mustContain(t, "goals after the restart", p.get("/ui/modal?user="+ana), `data-callback-id="goals_list"`, "Kept across restarts")
	mustContain(t, "the bot's note after the restart", p.get("/ui/channel?channel=CSOCIAL&user="+camille), "1 reply")
	if strings.Contains(p.get("/ui/modal?user="+ana), bot.BlockGoalTitle) {
		t.Error("after the restart /plan goals opened an empty goal form, as for a new plan")
	}
}

// TestSandboxStateGoesWithDatabase checks the history and its database
// are kept or cleared together, and each case is said.
func TestSandboxStateGoesWithDatabase(t *testing.T) {
	oldState := func(t *testing.T, dir string) string {
		t.Helper()
		// A real state file, as a sandbox session leaves it.
		app := startTestSandboxWith(t, func(o *sandboxOptions) { o.DB = filepath.Join(dir, "first.db") })
		app.Web.Post(sandbox.ChannelB, sandbox.UserCamille, "old history", "")
		if err := app.Web.Advance(context.Background(), 48*time.Hour); err != nil {
			t.Fatal(err)
		}
		if err := app.Close(); err != nil {
			t.Fatal(err)
		}
		return sandbox.StatePath(filepath.Join(dir, "first.db"))
	}
	for _, tt := range []struct {
		name            string
		db, state       bool
		corrupt         bool
		restored        bool
		note, err       string
		stateLeftBehind bool
	}{
		{name: "Neither"},
		{name: "Both", db: true, state: true, restored: true, note: "restored the channel history and the clock from sandbox.db.state.json (sandbox time 2 d ahead)", stateLeftBehind: true},
		{name: "DatabaseAlone", db: true, note: "has no saved history beside it (sandbox.db.state.json): its plans are kept, but the channels start empty"},
		{name: "StateAlone", state: true, note: "sandbox.db is gone, so the channel history and clock saved with it (sandbox.db.state.json) were cleared too"},
		{name: "ErrCorrupt", db: true, state: true, corrupt: true, err: "move it away to keep the plans with an empty history, or start with -reset", stateLeftBehind: true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			db := filepath.Join(dir, "sandbox.db")
			if tt.db {
				if err := os.WriteFile(db, nil, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			if tt.state {
				data, err := os.ReadFile(oldState(t, dir))
				if err != nil {
					t.Fatal(err)
				}
				if tt.corrupt {
					data = data[:len(data)/2]
				}
				if err := os.WriteFile(sandbox.StatePath(db), data, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			st, notes, err := loadSandboxState(db)
			switch {
			case tt.err != "":
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Errorf("error = %v, want one with %q", err, tt.err)
				}
			case err != nil:
				t.Fatal(err)
			case (st != nil) != tt.restored:
				t.Errorf("state = %v, want restored %v", st, tt.restored)
			case tt.note == "" && len(notes) > 0:
				t.Errorf("notes = %q, want none", notes)
			case tt.note != "" && (len(notes) != 1 || !strings.Contains(notes[0], tt.note)):
				t.Errorf("notes = %q, want one with %q", notes, tt.note)
			}
			if _, err := os.Stat(sandbox.StatePath(db)); (err == nil) != tt.stateLeftBehind {
				t.Errorf("state file left behind: %v, want %v", err == nil, tt.stateLeftBehind)
			}
		})
	}
}

// TestSandboxReset checks -reset clears the history with the database.
func TestSandboxReset(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "sandbox.db")
	app := startTestSandboxWith(t, func(o *sandboxOptions) { o.DB = db })
	app.Web.Post(sandbox.ChannelB, sandbox.UserCamille, "old history", "")
	if err := app.Close(); err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(sandbox.StatePath(db)); err != nil || !bytes.Contains(data, []byte("old history")) {
		t.Fatalf("state before -reset: %v, has the message: %v", err, bytes.Contains(data, []byte("old history")))
	}
	t.Setenv("PLANBOT_LOG_LEVEL", "warn")
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // start, then stop at once, as Ctrl-C right after the start
	var stdout bytes.Buffer
	if code := run(ctx, []string{"sandbox", "-reset", "-db", db, "-addr", "127.0.0.1:0", "-manifest", ""}, &stdout, io.Discard); code != 0 {
		t.Fatalf("planbot sandbox -reset = %d; stdout:\n%s", code, stdout.String())
	}
	if strings.Contains(stdout.String(), "restored") || strings.Contains(stdout.String(), "no saved history") {
		t.Errorf("stdout after -reset:\n%s", stdout.String())
	}
	data, err := os.ReadFile(sandbox.StatePath(db))
	if err != nil || bytes.Contains(data, []byte("old history")) {
		t.Errorf("state after -reset: %v, still has the old message: %v", err, bytes.Contains(data, []byte("old history")))
	}
}

// TestSandboxDBFlag checks -db takes a SQLite file, as a path or a
// sqlite:// URL, and refuses PostgreSQL: the history lives beside the file.
func TestSandboxDBFlag(t *testing.T) {
	var stderr bytes.Buffer
	if code := run(context.Background(), []string{"sandbox", "-db", "postgres://planbot@db.example/planbot"}, io.Discard, &stderr); code != 2 {
		t.Errorf("planbot sandbox -db postgres://... = %d, want 2", code)
	}
	mustContain(t, "stderr", stderr.String(), "SQLite file")

	dir := t.TempDir()
	t.Setenv("PLANBOT_LOG_LEVEL", "warn")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if code := run(ctx, []string{"sandbox", "-db", "sqlite://" + filepath.Join(dir, "s.db"), "-addr", "127.0.0.1:0", "-manifest", ""}, io.Discard, &stderr); code != 0 {
		t.Fatalf("planbot sandbox -db sqlite://... = %d; stderr:\n%s", code, stderr.String())
	}
	for _, name := range []string{"s.db", "s.db.state.json"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("after a run on sqlite://%s: %v", filepath.Join(dir, "s.db"), err)
		}
	}
}

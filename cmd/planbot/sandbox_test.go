package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/planbot/planbot/bot"
	"github.com/planbot/planbot/fakeslack"
	"github.com/planbot/planbot/sandbox"
)

// testShortcut is listed on messages in tests besides the manifest's, so
// the hover menu always has a shortcut to run (the bot acks an unknown one).
var testShortcut = sandbox.Shortcut{Name: "Sandbox test shortcut", Type: "message", CallbackID: "sandbox_test", Description: "used by tests"}

// startTestSandbox starts the whole sandbox as `planbot sandbox` does, on
// a free port and a temporary database, and stops it when the test ends.
func startTestSandbox(t *testing.T) *sandboxApp {
	t.Helper()
	return startTestSandboxWith(t, nil)
}

// startTestSandboxWith is startTestSandbox with options tweak changes (the
// database, the wall clock).
func startTestSandboxWith(t *testing.T, tweak func(*sandboxOptions)) *sandboxApp {
	t.Helper()
	shortcuts, err := loadShortcuts(filepath.Join("..", "..", "manifest.yml"))
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	o := sandboxOptions{
		Addr:      "127.0.0.1:0",
		DB:        filepath.Join(t.TempDir(), "sandbox.db"),
		Shortcuts: append(append([]sandbox.Shortcut{}, shortcuts...), testShortcut),
		Base:      Config{Lang: "en", TZ: "UTC", LogLevel: "debug"},
		Logger:    slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	if tweak != nil {
		tweak(&o)
	}
	app, err := startSandbox(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("sandbox ready in %s at %s", app.Ready, app.URL)
	t.Cleanup(func() {
		if err := app.Close(); err != nil {
			t.Errorf("sandbox close: %v", err)
		}
		for _, b := range app.Slack.Breaches() {
			t.Errorf("%v", b)
		}
		if t.Failed() {
			t.Logf("logs:\n%s", logs.String())
		}
	})
	return app
}

// page is an HTTP client of the sandbox page, as app.js uses it.
type page struct {
	t    *testing.T
	base string
}

func (p page) get(path string) string {
	p.t.Helper()
	res, err := http.Get(strings.TrimSuffix(p.base, "/") + path)
	if err != nil {
		p.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		p.t.Fatalf("GET %s: %s: %s", path, res.Status, body)
	}
	return string(body)
}

func (p page) post(path string, in any) map[string]any {
	p.t.Helper()
	raw, _ := json.Marshal(in)
	res, err := http.Post(strings.TrimSuffix(p.base, "/")+path, "application/json", bytes.NewReader(raw))
	if err != nil {
		p.t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil || res.StatusCode != http.StatusOK {
		p.t.Fatalf("POST %s: %s: %v %v", path, res.Status, out, err)
	}
	return out
}

func waitCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), hangTimeout)
	t.Cleanup(cancel)
	return ctx
}

// sandboxGoal is a goal form as the page submits it.
func sandboxGoal(title, baseline, target, deadline, owner string) map[string]map[string]any {
	in := func(v any) map[string]any { return map[string]any{bot.ActionInput: v} }
	return map[string]map[string]any{
		bot.BlockGoalKind:     in("awareness"),
		bot.BlockGoalTitle:    in(title),
		bot.BlockGoalMetric:   in("newsletter signups"),
		bot.BlockGoalBaseline: in(baseline),
		bot.BlockGoalTarget:   in(target),
		bot.BlockGoalUnit:     in("signups"),
		bot.BlockGoalDeadline: in(deadline),
		bot.BlockGoalOwner:    in(owner),
		bot.BlockGoalLearn:    in(""),
	}
}

// TestSandboxOverHTTP drives the page's HTTP API as app.js does, so the
// whole sandbox is tested where Chromium is not installed too.
func TestSandboxOverHTTP(t *testing.T) {
	app := startTestSandbox(t)
	p := page{t, app.URL}
	ana, camille := sandbox.UserAna, sandbox.UserCamille

	t.Run("HelpIsEphemeral", func(t *testing.T) {
		p.post("/api/command", map[string]string{"user": ana, "channel": sandbox.ChannelSocial, "text": "/plan"})
		mustContain(t, "Ana's #acme-social", p.get("/ui/channel?channel=CSOCIAL&user="+ana),
			"your social media plan in nine steps", "Only visible to you", `data-action-id="open_step"`)
		if html := p.get("/ui/channel?channel=CSOCIAL&user=" + camille); strings.Contains(html, "nine steps") {
			t.Errorf("Camille sees Ana's ephemeral help:\n%s", html)
		}
	})

	var viewID string
	t.Run("GoalModal", func(t *testing.T) {
		n := len(app.Slack.Calls("views.open"))
		p.post("/api/command", map[string]string{"user": ana, "channel": sandbox.ChannelSocial, "text": "/plan goals"})
		seen := 0
		if _, err := app.Slack.WaitCall(waitCtx(t), "views.open", func(fakeslack.Call) bool { seen++; return seen > n }); err != nil {
			t.Fatal(err)
		}
		html := p.get("/ui/modal?user=" + ana)
		mustContain(t, "modal", html, `data-callback-id="goal_modal"`, "New goal", `data-block-id="goal_target"`,
			`<input class="bk-input-text" data-type="plain_text_input" data-action-id="input" data-block-id="goal_target"`, `type="date"`, `<option value="UANA" selected>Ana</option>`)
		views := app.Slack.OpenViews(ana)
		if len(views) != 1 {
			t.Fatalf("open views = %d, want 1", len(views))
		}
		viewID = views[0].ID
	})
	if viewID == "" {
		return
	}

	london, _ := time.LoadLocation("Europe/London")
	deadline := app.Clock.Now().In(london).AddDate(0, 0, 3).Format(time.DateOnly)
	t.Run("FieldErrorKeepsModal", func(t *testing.T) {
		out := p.post("/api/submit", map[string]any{"user": ana, "view_id": viewID, "values": sandboxGoal("Grow the newsletter", "100", "100", deadline, ana)})
		errs, _ := out["errors"].(map[string]any)
		if msg, _ := errs[bot.BlockGoalTarget].(string); !strings.Contains(msg, "differ from the baseline") {
			t.Fatalf("errors = %v, want one on %s", out, bot.BlockGoalTarget)
		}
		if v := app.Slack.OpenViews(ana); len(v) != 1 || v[0].ID != viewID {
			t.Fatalf("modal closed after a field error: %v", v)
		}
	})

	t.Run("ValidGoalPostsNote", func(t *testing.T) {
		out := p.post("/api/submit", map[string]any{"user": ana, "view_id": viewID, "values": sandboxGoal("Grow the <newsletter> & more", "100", "500", deadline, ana)})
		if out["errors"] != nil {
			t.Fatalf("errors = %v", out["errors"])
		}
		if _, err := app.Slack.WaitCall(waitCtx(t), "chat.postMessage", nil); err != nil {
			t.Fatal(err)
		}
		html := p.get("/ui/channel?channel=CSOCIAL&user=" + camille)
		mustContain(t, "#acme-social", html, "added a goal", "Grow the &lt;newsletter&gt; &amp; more", `<span class="bk-mention" data-user-id="UANA">@Ana</span>`)
		if len(app.Slack.OpenViews(ana)) != 0 {
			t.Error("modal still open after a valid submit")
		}
		if mustNot := p.get("/ui/modal?user=" + ana); mustNot != "" {
			t.Errorf("modal fragment = %q, want empty", mustNot)
		}
	})

	t.Run("AppHome", func(t *testing.T) {
		p.post("/api/home", map[string]string{"user": camille})
		if _, err := app.Slack.WaitCall(waitCtx(t), "views.publish", func(c fakeslack.Call) bool { return c.Params.Get("user_id") == camille }); err != nil {
			t.Fatal(err)
		}
		mustContain(t, "Camille's home", p.get("/ui/home?user="+camille), "Vos plans", "#acme-social")
	})

	t.Run("ClockMovesBotTime", func(t *testing.T) {
		before := app.Main.Now()
		out := p.post("/api/advance", map[string]string{"duration": "168h"})
		if got := app.Main.Now().Sub(before); got < 168*time.Hour || got > 169*time.Hour {
			t.Errorf("Main.Now moved %s, want a week (answer %v)", got, out)
		}
		mustContain(t, "clock", p.get("/api/clock?user="+ana), `"advance":true`, `"offset":"7 d"`)
	})

	t.Run("ShortcutOnMemberMessage", func(t *testing.T) {
		html := p.get("/ui/channel?channel=CFEED&user=" + ana)
		mustContain(t, "#social-feed", html, "Do you ship your coffee beans", "&lt;again&gt;", `data-callback-id="sandbox_test"`)
		msgs := strings.Split(html, `data-ts="`)
		if len(msgs) < 2 {
			t.Fatalf("no message in #social-feed:\n%s", html)
		}
		ts := msgs[1][:strings.IndexByte(msgs[1], '"')]
		p.post("/api/shortcut", map[string]string{"user": ana, "callback_id": "sandbox_test", "channel": sandbox.ChannelFeed, "ts": ts})
	})
}

// TestSandboxAddr checks the page refuses a non-loopback address unless
// -public is given, before it starts anything.
func TestSandboxAddr(t *testing.T) {
	_, err := startSandbox(sandboxOptions{Addr: "0.0.0.0:0", DB: filepath.Join(t.TempDir(), "x.db")})
	if err == nil || !strings.Contains(err.Error(), "not a loopback address") {
		t.Fatalf("startSandbox(0.0.0.0) = %v, want a refusal", err)
	}
	var stderr bytes.Buffer
	if code := run(context.Background(), []string{"sandbox", "-addr", ":0"}, io.Discard, &stderr); code != 2 {
		t.Errorf("planbot sandbox -addr :0 = %d, want 2; stderr:\n%s", code, stderr.String())
	}
	mustContain(t, "stderr", stderr.String(), "-public")
	stderr.Reset()
	if code := run(context.Background(), []string{"sandbox", "-h"}, io.Discard, &stderr); code != 0 {
		t.Errorf("planbot sandbox -h = %d, want 0", code)
	}
	mustContain(t, "help", stderr.String(), "-addr", "-db", "-public", "-reset")
}

// firstLine is a writer that hands over what was written up to the first
// newline, so a test waits for a command's first line without polling.
type firstLine struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	sent bool
	line chan string
}

func (w *firstLine) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if !w.sent && bytes.IndexByte(w.buf.Bytes(), '\n') >= 0 {
		w.sent = true
		w.line <- w.buf.String()
	}
	return len(p), nil
}

// TestRunSandboxCommand runs `planbot sandbox` as the README says and stops
// it as Ctrl-C does.
func TestRunSandboxCommand(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stdout := &firstLine{line: make(chan string, 1)}
	done := make(chan int, 1)
	db := filepath.Join(t.TempDir(), "sandbox.db")
	t.Setenv("PLANBOT_LOG_LEVEL", "warn")
	go func() {
		done <- run(ctx, []string{"sandbox", "-addr", "127.0.0.1:0", "-db", db, "-manifest", ""}, stdout, io.Discard)
	}()
	var out string
	select {
	case out = <-stdout.line:
	case code := <-done:
		t.Fatalf("planbot sandbox exited with %d before serving", code)
	case <-time.After(hangTimeout):
		t.Fatalf("planbot sandbox did not print its URL within %v", hangTimeout)
	}
	mustContain(t, "stdout", out, "planbot sandbox: open http://127.0.0.1:")
	url := strings.Fields(out[strings.Index(out, "http://"):])[0]
	mustContain(t, "page", page{t, url}.get("/"), "<title>planbot sandbox</title>")
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit status %d after Ctrl-C, want 0", code)
		}
	case <-time.After(hangTimeout):
		t.Fatalf("planbot sandbox did not stop within %v of Ctrl-C", hangTimeout)
	}
}

// TestSandboxAgency: the sandbox shows the content calendar of /plan
// calendar, and the PDF of /plan report with a link that opens it in the
// browser (issue 17).
func TestSandboxAgency(t *testing.T) {
	app := startTestSandbox(t)
	p := page{t, app.URL}
	ana := sandbox.UserAna

	n := len(app.Slack.Calls("chat.postEphemeral"))
	p.post("/api/command", map[string]string{"user": ana, "channel": sandbox.ChannelSocial, "text": "/plan calendar"})
	seen := 0
	if _, err := app.Slack.WaitCall(waitCtx(t), "chat.postEphemeral", func(c fakeslack.Call) bool {
		seen++
		return seen > n && strings.Contains(c.Params.Get("blocks"), "calendar_head")
	}); err != nil {
		t.Fatal(err)
	}
	mustContain(t, "calendar", p.get("/ui/channel?channel=CSOCIAL&user="+ana), "Content calendar", "Only visible to you")

	files := len(app.Slack.Files())
	p.post("/api/command", map[string]string{"user": ana, "channel": sandbox.ChannelSocial, "text": "/plan report"})
	if _, err := app.Slack.WaitCall(waitCtx(t), "files.completeUploadExternal", func(fakeslack.Call) bool { return len(app.Slack.Files()) > files }); err != nil {
		t.Fatal(err)
	}
	f := app.Slack.Files()[files]
	link := "/files/" + f.ID + "?open=1"
	mustContain(t, "report", p.get("/ui/channel?channel=CSOCIAL&user="+ana), f.Name, `href="`+link+`"`, ">Open</a>")
	res, err := http.Get(strings.TrimSuffix(app.URL, "/") + link)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" ||
		!strings.HasPrefix(res.Header.Get("Content-Disposition"), "inline") || !bytes.HasPrefix(body, []byte("%PDF-")) {
		t.Fatalf("GET %s: %s, %q, %q, %d bytes", link, res.Status, res.Header.Get("Content-Type"), res.Header.Get("Content-Disposition"), len(body))
	}
}

package sandbox

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/planbot/planbot/fakeslack"
)

// env is a sandbox page on fakeslack, with a slack-go client standing in
// for the bot: what it posts is what the page must show.
type env struct {
	t     *testing.T
	slack *fakeslack.Server
	srv   *Server
	web   *httptest.Server
	api   *slack.Client
	clock *Clock
}

var wall = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)

func newEnv(t *testing.T, public bool) *env {
	t.Helper()
	return newEnvWith(t, func(c *Config) { c.Public = public })
}

// newEnvWith starts an env whose Config tweak may change; tweak may also
// restore a State into c.Slack and c.Clock before New.
func newEnvWith(t *testing.T, tweak func(*Config)) *env {
	t.Helper()
	fs, err := fakeslack.Start(fakeslack.Options{OnBreach: func(b fakeslack.Breach) { t.Errorf("%v", b) }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fs.Close() })
	cfg := Config{
		Slack: fs, Workspace: DefaultWorkspace(), Clock: NewClock(func() time.Time { return wall }), AckTimeout: 300 * time.Millisecond,
		Shortcuts: []Shortcut{{Name: "Add to queue", Type: "message", CallbackID: "engage_add"}, {Name: "Global one", Type: "global", CallbackID: "g"}},
	}
	tweak(&cfg)
	clock := cfg.Clock
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	web := httptest.NewServer(srv)
	t.Cleanup(web.Close)
	t.Cleanup(func() { srv.Close() }) // runs first: ends the event streams web.Close waits for
	return &env{t: t, slack: fs, srv: srv, web: web, clock: clock, api: slack.New("xoxb-test", slack.OptionAPIURL(fs.APIURL()))}
}

func (e *env) do(method, path, contentType, body string, header map[string]string) (*http.Response, string) {
	e.t.Helper()
	req, err := http.NewRequest(method, e.web.URL+path, strings.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for k, v := range header {
		if k == "Host" {
			req.Host = v
		} else {
			req.Header.Set(k, v)
		}
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return res, string(out)
}

func (e *env) get(path string) string {
	e.t.Helper()
	res, body := e.do("GET", path, "", "", nil)
	if res.StatusCode != http.StatusOK {
		e.t.Fatalf("GET %s: %s: %s", path, res.Status, body)
	}
	return body
}

func (e *env) post(path, body string) string {
	e.t.Helper()
	res, out := e.do("POST", path, "application/json", body, nil)
	if res.StatusCode != http.StatusOK {
		e.t.Fatalf("POST %s: %s: %s", path, res.Status, out)
	}
	return out
}

func TestMessagesThreadsAndEphemerals(t *testing.T) {
	e := newEnv(t, false)
	ctx := context.Background()
	_, parent, err := e.api.PostMessageContext(ctx, ChannelSocial, slack.MsgOptionText("parent *note*", false))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.api.PostMessageContext(ctx, ChannelSocial, slack.MsgOptionText("reply &lt;x&gt;", false), slack.MsgOptionTS(parent)); err != nil {
		t.Fatal(err)
	}
	if _, err := e.api.PostEphemeralContext(ctx, ChannelSocial, UserAna, slack.MsgOptionText("only for Ana", false)); err != nil {
		t.Fatal(err)
	}
	e.srv.Post(ChannelSocial, UserCamille, "<b>hi</b> & <@UANA> *team*", "")

	ana := e.get("/ui/channel?channel=CSOCIAL&user=UANA")
	check(t, ana, []string{
		"parent <strong>note</strong>", "1 reply", `data-open-thread="` + parent + `"`, "only for Ana", "Only visible to you",
		"&lt;b&gt;hi&lt;/b&gt; &amp; &lt;@UANA&gt; <strong>team</strong>", `<span class="msg-author">Camille</span>`,
		`<span class="msg-author">planbot</span><span class="msg-badge">APP</span>`, "Wed 25 Nov, 09:00",
		`data-callback-id="engage_add"`, "Add to queue", "Reply in thread",
	}, []string{"reply &lt;x&gt;", "Global one", "<b>"})
	check(t, e.get("/ui/channel?channel=CSOCIAL&user=UCAMI"), []string{"parent"}, []string{"only for Ana"})
	check(t, e.get("/ui/thread?channel=CSOCIAL&user=UANA&ts="+parent), []string{"parent <strong>note</strong>", "Replies", "reply &lt;x&gt;"}, []string{"only for Ana", "1 reply"})
	check(t, e.get("/ui/thread?channel=CSOCIAL&user=UANA&ts=1.000001"), []string{"This message is gone."}, nil)
	check(t, e.get("/ui/channel?channel=CCLIENTB&user=UANA"), []string{"This is the very beginning of #client-b"}, nil)
	check(t, e.get("/ui/channel?channel=CFEED&user=UANA"), []string{"Social feed", "Do you ship your coffee beans", "torn &lt;again&gt;."}, nil)

	// A member's reply in a thread, as the thread composer sends it.
	e.post("/api/command", `{"user":"UCAMI","channel":"CSOCIAL","text":"on it","thread_ts":"`+parent+`"}`)
	check(t, e.get("/ui/channel?channel=CSOCIAL&user=UANA"), []string{"2 replies"}, []string{"on it"})
	check(t, e.get("/ui/thread?channel=CSOCIAL&user=UANA&ts="+parent), []string{"on it"}, nil)
}

func TestTimesFollowTheSandboxClock(t *testing.T) {
	e := newEnv(t, false)
	if _, _, err := e.api.PostMessage(ChannelB, slack.MsgOptionText("first", false)); err != nil {
		t.Fatal(err)
	}
	check(t, e.get("/ui/channel?channel=CCLIENTB&user=UCAMI"), []string{"Wed 25 Nov, 10:00"}, nil) // Paris
	if err := e.srv.Advance(context.Background(), 49*time.Hour); err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.api.PostMessage(ChannelB, slack.MsgOptionText("second", false)); err != nil {
		t.Fatal(err)
	}
	check(t, e.get("/ui/channel?channel=CCLIENTB&user=UCAMI"), []string{"Wed 25 Nov, 10:00", "Fri 27 Nov, 11:00"}, nil)
	check(t, e.get("/api/clock?user=UANA"), []string{`"label":"Fri 27 Nov 2026, 10:00 GMT"`, `"offset":"2 d 1 h"`}, nil)
	res, body := e.do("POST", "/api/advance", "application/json", `{"duration":"-1h"}`, nil)
	if res.StatusCode != http.StatusBadRequest {
		t.Errorf("advance -1h: %s %s", res.Status, body)
	}
}

func pngBytes(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	img.Set(1, 1, color.RGBA{R: 255, A: 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestFiles(t *testing.T) {
	e := newEnv(t, false)
	upload := func(name string, data []byte) string {
		f, err := e.api.UploadFileContext(context.Background(), slack.UploadFileParameters{
			Filename: name, Title: "Title of " + name, Reader: bytes.NewReader(data), FileSize: len(data), Channel: ChannelSocial,
		})
		if err != nil {
			t.Fatalf("upload %s: %v", name, err)
		}
		return f.ID
	}
	chart := upload("chart.png", pngBytes(t))
	export := upload("plan.md", []byte("# Plan\n\n<script>alert(1)</script>\n"))
	svg := upload("logo.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>`))

	check(t, e.get("/ui/channel?channel=CSOCIAL&user=UANA"), []string{
		`<a class="msg-file-link" target="_blank" rel="noopener" title="Open full size" href="/files/` + chart + `"><img class="msg-file-image" src="/files/` + chart + `" alt="chart.png"></a>`, "Title of chart.png",
		`<a class="msg-file-download" download href="/files/` + export + `">`, "plan.md", " B</span>",
		`href="/files/` + svg + `"><span class="msg-file-icon">`,
	}, []string{`src="/files/` + svg})

	res, body := e.do("GET", "/files/"+chart, "", "", nil)
	if res.Header.Get("Content-Type") != "image/png" || res.Header.Get("Content-Disposition") != "" || !bytes.Equal([]byte(body), pngBytes(t)) {
		t.Errorf("chart: %v %q", res.Header, res.Header.Get("Content-Disposition"))
	}
	for _, id := range []string{export, svg} {
		res, _ = e.do("GET", "/files/"+id, "", "", nil)
		if cd := res.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment; filename=") {
			t.Errorf("file %s: Content-Disposition = %q, want an attachment", id, cd)
		}
		if !strings.HasPrefix(res.Header.Get("Content-Security-Policy"), "sandbox") || res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("file %s: headers %v", id, res.Header)
		}
	}
	if res, _ := e.do("GET", "/files/F404", "", "", nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown file: %s", res.Status)
	}
}

// TestEvents reads the page's event stream while the bot posts, publishes
// Home and the clock moves.
func TestEvents(t *testing.T) {
	e := newEnv(t, false)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", e.web.URL+"/events", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if ct := res.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("Content-Type = %q", ct)
	}
	lines := bufio.NewReader(res.Body)
	waitFor := func(want string) {
		t.Helper()
		for {
			line, err := lines.ReadString('\n')
			if err != nil {
				t.Fatalf("waiting for %q: %v", want, err)
			}
			if strings.Contains(line, want) {
				return
			}
		}
	}
	waitFor("event: hello")
	if _, _, err := e.api.PostMessage(UserAna, slack.MsgOptionText("a direct message", false)); err != nil {
		t.Fatal(err)
	}
	waitFor(`data: {"kind":"messages","channel":"DANA"}`)
	check(t, e.get("/ui/channel?channel=DANA&user=UANA"), []string{"a direct message"}, nil)
	home := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: []slack.Block{slack.NewHeaderBlock(plain("Your plans"))}}}
	if _, err := e.api.PublishView(UserAna, home, ""); err != nil {
		t.Fatal(err)
	}
	waitFor(`data: {"kind":"call","method":"views.publish","status":200}`)
	waitFor(`data: {"kind":"home"}`)
	check(t, e.get("/ui/home?user=UANA"), []string{`<div class="home" data-container="view"`, "Your plans"}, nil)
	check(t, e.get("/ui/home?user=UCAMI"), []string{"has not published a Home tab"}, nil)
	e.post("/api/advance", `{"duration":"1h"}`)
	waitFor(`data: {"kind":"clock"}`)
}

func TestRequestChecks(t *testing.T) {
	e := newEnv(t, false)
	if res, _ := e.do("GET", "/", "", "", map[string]string{"Host": "rebind.example:8080"}); res.StatusCode != http.StatusForbidden {
		t.Errorf("foreign Host: %s, want 403", res.Status)
	}
	if res, _ := e.do("POST", "/api/command", "text/plain", `{"text":"x"}`, nil); res.StatusCode != http.StatusUnsupportedMediaType {
		t.Errorf("text/plain POST: %s, want 415", res.Status)
	}
	if res, _ := e.do("POST", "/api/advance", "application/json", `{"duration":"1h"}`, map[string]string{"Origin": "http://evil.example"}); res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-origin POST: %s, want 403", res.Status)
	}
	if e.clock.Offset() != 0 {
		t.Error("a refused request moved the clock")
	}
	res, body := e.do("GET", "/", "", "", map[string]string{"Host": "localhost:8080"})
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "<title>planbot sandbox</title>") {
		t.Errorf("GET / on localhost: %s", res.Status)
	}
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
		t.Errorf("CSP = %q", csp)
	}
	for _, p := range []string{"/static/app.js", "/static/app.css"} {
		if res, _ := e.do("GET", p, "", "", nil); res.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %s", p, res.Status)
		}
	}
	if res, _ := e.do("POST", "/api/action", "application/json", `{"user":"UANA"}`, nil); res.StatusCode != http.StatusBadRequest {
		t.Errorf("action without id: %s", res.Status)
	}
	if res, _ := e.do("POST", "/api/command", "application/json", `not json`, nil); res.StatusCode != http.StatusBadRequest {
		t.Errorf("bad JSON: %s", res.Status)
	}

	public := newEnv(t, true)
	if res, _ := public.do("GET", "/", "", "", map[string]string{"Host": "sandbox.example:8080"}); res.StatusCode != http.StatusOK {
		t.Errorf("Public: foreign Host: %s, want 200", res.Status)
	}
}

func TestBootstrapAndCommands(t *testing.T) {
	e := newEnv(t, false)
	var boot struct {
		Users     []User
		Channels  []Channel
		Shortcuts []struct{ Name, CallbackID string }
		Command   string
		Scheduler bool
	}
	if err := json.Unmarshal([]byte(e.get("/api/bootstrap")), &boot); err != nil {
		t.Fatal(err)
	}
	if len(boot.Users) != 2 || boot.Users[1].Locale != "fr-FR" || len(boot.Channels) != 3 || boot.Command != "/plan" || boot.Scheduler {
		t.Errorf("bootstrap = %+v", boot)
	}
	if len(boot.Shortcuts) != 1 || boot.Shortcuts[0].CallbackID != "engage_add" {
		t.Errorf("shortcuts = %+v, want the message one only", boot.Shortcuts)
	}

	e.post("/api/command", `{"user":"UANA","channel":"CSOCIAL","text":"/remind me <b>"}`)
	check(t, e.get("/ui/channel?channel=CSOCIAL&user=UANA"), []string{"Slackbot", `<code class="bk-code">/remind</code> is not a valid command`}, nil)
	check(t, e.get("/ui/channel?channel=CSOCIAL&user=UCAMI"), nil, []string{"Slackbot"})

	// The messages a slash command's ack carries, as Slack shows them.
	if err := e.srv.ackMessage(ChannelB, UserAna, json.RawMessage(`{"response_type":"in_channel","text":"for *everyone*"}`)); err != nil {
		t.Fatal(err)
	}
	if err := e.srv.ackMessage(ChannelB, UserAna, json.RawMessage(`{"text":"fallback","blocks":[{"type":"section","text":{"type":"mrkdwn","text":"just _you_"}}]}`)); err != nil {
		t.Fatal(err)
	}
	if err := e.srv.ackMessage(ChannelB, UserAna, nil); err != nil {
		t.Fatal(err)
	}
	if err := e.srv.ackMessage(ChannelB, UserAna, json.RawMessage(`{"text":`)); err == nil {
		t.Error("a broken ack payload gave no error")
	}
	check(t, e.get("/ui/channel?channel=CCLIENTB&user=UANA"), []string{"for <strong>everyone</strong>", "just <em>you</em>"}, []string{"fallback"})
	check(t, e.get("/ui/channel?channel=CCLIENTB&user=UCAMI"), []string{"for <strong>everyone</strong>"}, []string{"just"})

	// Without a bot on the socket, actions fail with a message, not a hang.
	res, body := e.do("POST", "/api/shortcut", "application/json", `{"user":"UANA","callback_id":"engage_add","channel":"CFEED","ts":"1.000001"}`, nil)
	if res.StatusCode != http.StatusBadGateway || !strings.Contains(body, "message shortcut") {
		t.Errorf("shortcut with no bot: %s %s", res.Status, body)
	}
	if got := e.get("/ui/modal?user=UANA"); got != "" {
		t.Errorf("modal with none open = %q", got)
	}
}

// standIn is a minimal bot on fakeslack's Socket Mode: it acks every
// envelope and hands over the interactive payloads it gets.
func standIn(t *testing.T, fs *fakeslack.Server) <-chan slack.InteractionCallback {
	t.Helper()
	api := slack.New("xoxb-test", slack.OptionAPIURL(fs.APIURL()), slack.OptionAppLevelToken("xapp-1-test"))
	client := socketmode.New(api)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	got := make(chan slack.InteractionCallback, 16)
	go func() {
		defer close(done)
		_ = client.RunContext(ctx)
	}()
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case evt := <-client.Events:
				if evt.Request == nil || evt.Request.EnvelopeID == "" {
					continue
				}
				client.Ack(*evt.Request)
				if cb, ok := evt.Data.(slack.InteractionCallback); ok {
					got <- cb
				}
			}
		}
	}()
	t.Cleanup(func() { cancel(); <-done })
	wctx, wcancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer wcancel()
	if err := fs.WaitConnected(wctx); err != nil {
		t.Fatal(err)
	}
	return got
}

// TestActionsReachTheBot checks what the bot receives for each kind of
// interactive element the page sends, and for a shortcut.
func TestActionsReachTheBot(t *testing.T) {
	e := newEnv(t, false)
	got := standIn(t, e.slack)
	next := func() slack.InteractionCallback {
		t.Helper()
		select {
		case cb := <-got:
			return cb
		case <-time.After(10 * time.Second):
			t.Fatal("the bot got no payload")
			return slack.InteractionCallback{}
		}
	}
	overflow := slack.NewOverflowBlockElement("more", opt("snooze_1h", "Snooze 1 h"), opt("snooze_1d", "Snooze 1 day"))
	sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, nil, "pick", opt("a", "A"), opt("b", "B"))
	done := slack.NewButtonBlockElement("done", "item-7", plain("Mark replied"))
	_, ts, err := e.api.PostMessage(ChannelSocial, slack.MsgOptionBlocks(slack.NewActionBlock("acts", done, overflow, sel)))
	if err != nil {
		t.Fatal(err)
	}
	send := func(body string) slack.BlockAction {
		t.Helper()
		e.post("/api/action", body)
		cb := next()
		if cb.Type != slack.InteractionTypeBlockActions || len(cb.ActionCallback.BlockActions) != 1 || cb.User.ID != UserCamille || cb.Channel.ID != ChannelSocial {
			t.Fatalf("payload = %+v", cb)
		}
		return *cb.ActionCallback.BlockActions[0]
	}
	msg := `"user":"UCAMI","channel":"CSOCIAL","ts":"` + ts + `","block_id":"acts"`
	if a := send(`{` + msg + `,"action_id":"done","type":"button","value":"item-7"}`); a.ActionID != "done" || a.Value != "item-7" {
		t.Errorf("button: %+v", a)
	}
	if a := send(`{` + msg + `,"action_id":"more","type":"overflow","selected_option":"snooze_1d"}`); a.Type != "overflow" || a.SelectedOption.Value != "snooze_1d" {
		t.Errorf("overflow: %+v", a)
	}
	if a := send(`{` + msg + `,"action_id":"pick","type":"static_select","selected_option":"b","value":"b"}`); a.Type != "static_select" || a.SelectedOption.Value != "b" {
		t.Errorf("select: %+v", a)
	}

	feed := strings.Split(e.get("/ui/channel?channel=CFEED&user=UANA"), `data-ts="`)[1]
	feedTS := feed[:strings.IndexByte(feed, '"')]
	e.post("/api/shortcut", `{"user":"UANA","callback_id":"engage_add","channel":"CFEED","ts":"`+feedTS+`"}`)
	cb := next()
	if cb.Type != slack.InteractionTypeMessageAction || cb.CallbackID != "engage_add" || !strings.Contains(cb.Message.Text, "Do you ship") || cb.Message.User != UserFeed {
		t.Errorf("shortcut payload: type %s callback %s message %+v", cb.Type, cb.CallbackID, cb.Message)
	}
}

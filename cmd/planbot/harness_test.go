package main

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/planbot/planbot/bot"
	"github.com/planbot/planbot/bot/slackcall"
	"github.com/planbot/planbot/fakeslack"
	"github.com/planbot/planbot/internal/testclock"
	"github.com/planbot/planbot/storage/storagetest"
)

// Users and channels of the test workspace.
const (
	userEN    = "UANA"  // Ana, en-US, Europe/London
	userFR    = "UCAMI" // Camille, fr-FR, Europe/Paris
	chanMain  = "CSOCIAL"
	chanOther = "CCLIENTB"
	chanNoBot = "CNOBOT" // the bot is not a member
)

// hangTimeout bounds each wait of these tests, and only catches a hang. CI
// runs them with -race on a shared 2-core machine whose load average
// reaches 10 to 30, where a step that takes milliseconds alone can take
// seconds: no wait here is a measure of speed. How fast planbot is, is
// measured by the benchmarks (bench_test.go).
const hangTimeout = 2 * time.Minute

// syncBuffer is a bytes.Buffer safe for the logger's concurrent writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// breachFails fails tb for every Slack limit the bot breaks, as fakeslack
// reports it: Slack would have refused the view or message.
func breachFails(tb testing.TB) func(fakeslack.Breach) {
	return func(b fakeslack.Breach) { tb.Errorf("%v", b) }
}

// harness runs the real Main against fakeslack and a database, as planbot
// runs against Slack: a SQLite file in a temporary directory, or a
// PostgreSQL database of the test server.
type harness struct {
	t     *testing.T
	Slack *fakeslack.Server
	Clock *testclock.Clock
	// DBPath is the harness's PLANBOT_DB: a SQLite file, or the URL of a
	// PostgreSQL database.
	DBPath string
	Logs   *syncBuffer
	// SlackClock, when set, is the clock of fakeslack and of the bot's
	// Slack call policy (Retry-After, backoff, pace, trigger expiry): the
	// bot's waits move it instead of sleeping.
	SlackClock *testclock.Clock

	// Tune, if set, adjusts each Main after Open and before Run.
	Tune func(*Main)

	main      *Main
	stop      context.CancelFunc
	done      chan error
	configure func(*Config) // see newHarnessWith
}

// newHarness starts fakeslack with two users and three channels, then a
// Main connected to it, on a SQLite file. Everything is stopped when the
// test ends.
func newHarness(t *testing.T) *harness {
	t.Helper()
	return newHarnessOn(t, storagetest.SQLite)
}

// harnessOption changes the options of a harness's fake Slack, which runs
// next to the harness's clock.
type harnessOption func(o *fakeslack.Options, clock *testclock.Clock)

// slackOnTestClock runs the fake Slack on the test's clock: members'
// messages get the ts of the test's time, which a shortcut's reply clock
// starts from.
func slackOnTestClock(o *fakeslack.Options, clock *testclock.Clock) { o.Now = clock.Now }

// newHarnessOn is newHarness on a new database of backend. Trigger ids
// live hangTimeout, not Slack's 3 s: no test here is about that limit, and
// under load the bot can take longer than 3 s to get to views.open. Both
// users are members of chanMain and chanOther.
func newHarnessOn(t *testing.T, backend storagetest.Backend, opts ...harnessOption) *harness {
	t.Helper()
	return newHarnessWith(t, backend, nil, opts...)
}

// newHarnessWith is newHarnessOn with slackClock, when not nil, as the
// clock of fakeslack and of the bot's Slack call policy (see SlackClock).
func newHarnessWith(t *testing.T, backend storagetest.Backend, slackClock *testclock.Clock, opts ...harnessOption) *harness {
	t.Helper()
	clock := testclock.New(time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC))
	o := fakeslack.Options{PingInterval: 5 * time.Second, AckTimeout: 2 * time.Second, OnBreach: breachFails(t)}
	if slackClock != nil {
		// On the Slack clock, nothing moves while the machine is slow:
		// triggers live Slack's 3 s, which the fault tests are about.
		o.Now = slackClock.Now
	} else {
		o.TriggerTTL = hangTimeout
	}
	for _, opt := range opts {
		opt(&o, clock)
	}
	srv, err := fakeslack.Start(o)
	if err != nil {
		t.Fatal(err)
	}
	srv.AddUser(fakeslack.User{ID: userEN, Name: "ana", RealName: "Ana", Locale: "en-US", TZ: "Europe/London"})
	srv.AddUser(fakeslack.User{ID: userFR, Name: "camille", RealName: "Camille", Locale: "fr-FR", TZ: "Europe/Paris"})
	// Ana and Camille are in every channel: the bot shows a plan only to
	// members of its channel.
	both := []string{userEN, userFR}
	srv.AddChannel(fakeslack.Channel{ID: chanMain, Name: "acme-social", IsMember: true, Members: both})
	srv.AddChannel(fakeslack.Channel{ID: chanOther, Name: "client-b", IsMember: true, Members: both})
	srv.AddChannel(fakeslack.Channel{ID: chanNoBot, Name: "no-bot", IsMember: false, Members: both})
	h := &harness{
		t:          t,
		Slack:      srv,
		Clock:      clock,
		DBPath:     backend.DSN(t),
		Logs:       &syncBuffer{},
		SlackClock: slackClock,
	}
	t.Cleanup(func() {
		h.stopMain()
		srv.Close()
		if t.Failed() {
			t.Logf("bot logs:\n%s", h.Logs.String())
		}
	})
	h.startMain()
	return h
}

// startMain starts a Main on the harness database and waits until its
// Socket Mode connection is up.
func (h *harness) startMain() {
	h.t.Helper()
	before := h.Slack.ConnectCount()
	cfg := Config{
		AppToken: "xapp-1-test", BotToken: "xoxb-test", APIURL: h.Slack.APIURL(),
		DB: h.DBPath, Lang: "en", TZ: "UTC", LogLevel: "debug",
	}
	if h.configure != nil {
		h.configure(&cfg)
	}
	if err := cfg.Validate(); err != nil {
		h.t.Fatal(err)
	}
	m := NewMain(cfg, slog.New(slog.NewTextHandler(h.Logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	m.Now = h.Clock.Now
	if h.SlackClock != nil {
		// A request unanswered for 2 s is a timeout: fakeslack answers in
		// milliseconds, or hangs on purpose.
		m.Calls = &slackcall.Client{Now: h.SlackClock.Now, Sleep: h.SlackClock.Sleep, AttemptTimeout: 2 * time.Second}
	}
	if err := m.Open(); err != nil {
		h.t.Fatal(err)
	}
	if h.Tune != nil {
		h.Tune(m)
	}
	ctx, cancel := context.WithCancel(context.Background())
	h.main, h.stop, h.done = m, cancel, make(chan error, 1)
	go func() { h.done <- m.Run(ctx) }()
	if err := h.Slack.WaitConnectCount(h.ctx(), before+1); err != nil {
		h.t.Fatalf("bot did not connect: %v", err)
	}
}

// stopMain shuts Main down as SIGTERM does and checks it ended cleanly.
func (h *harness) stopMain() {
	if h.main == nil {
		return
	}
	h.stop()
	select {
	case err := <-h.done:
		if err != nil {
			h.t.Errorf("Main.Run: %v", err)
		}
	case <-time.After(hangTimeout):
		h.t.Errorf("Main.Run did not return within %v of shutdown", hangTimeout)
	}
	if err := h.main.Close(); err != nil {
		h.t.Errorf("Main.Close: %v", err)
	}
	h.main = nil
}

// restart stops Main and starts a new one on the same database file.
func (h *harness) restart() {
	h.t.Helper()
	h.stopMain()
	h.startMain()
}

// ctx bounds one wait of a test: see hangTimeout.
func (h *harness) ctx() context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), hangTimeout)
	h.t.Cleanup(cancel)
	return ctx
}

// command types /plan text as user in channel and returns the ack.
func (h *harness) command(user, channel, text string) fakeslack.Ack {
	h.t.Helper()
	ack, err := h.Slack.SlashCommand(h.ctx(), fakeslack.SlashCommand{
		Command: "/plan", Text: text, UserID: user, ChannelID: channel, TeamID: fakeslack.TeamID,
	})
	if err != nil {
		h.t.Fatalf("/plan %s: %v", text, err)
	}
	return ack
}

// openedView waits for views.open with triggerID and returns the view.
// A slow screen opens a light modal first (bot.CallbackLoading) and fills
// it with views.update: openedView then returns the filled view.
func (h *harness) openedView(triggerID string) fakeslack.View {
	h.t.Helper()
	call := h.waitCall("views.open", func(c fakeslack.Call) bool { return c.Params.Get("trigger_id") == triggerID })
	v := h.viewOfResponse(call)
	if v.CallbackID != bot.CallbackLoading {
		return v
	}
	return h.filledView(v.ID)
}

// filledView waits for the views.update that fills the light modal
// viewID, and returns the view it drew.
func (h *harness) filledView(viewID string) fakeslack.View {
	h.t.Helper()
	return h.viewOfResponse(h.waitCall("views.update", func(c fakeslack.Call) bool { return c.Params.Get("view_id") == viewID }))
}

// viewOfResponse returns the stored view a views.* call answered with.
func (h *harness) viewOfResponse(call fakeslack.Call) fakeslack.View {
	h.t.Helper()
	var resp struct {
		OK    bool   `json:"ok"`
		Error string `json:"error"`
		View  struct {
			ID string `json:"id"`
		} `json:"view"`
	}
	if err := json.Unmarshal(call.Response, &resp); err != nil || !resp.OK {
		h.t.Fatalf("%s failed: %s", call.Method, call.Response)
	}
	v, ok := h.Slack.View(resp.View.ID)
	if !ok {
		h.t.Fatalf("view %s not stored", resp.View.ID)
	}
	return v
}

// waitCall waits for a Web API call to method matching match.
func (h *harness) waitCall(method string, match func(fakeslack.Call) bool) fakeslack.Call {
	h.t.Helper()
	c, err := h.Slack.WaitCall(h.ctx(), method, match)
	if err != nil {
		h.t.Fatalf("waiting for %s: %v", method, err)
	}
	return c
}

// waitCallAfter waits for a call to method matching match, skipping the
// first n calls to method: n is taken before the action that should make
// the call, so an older call cannot satisfy the wait.
func (h *harness) waitCallAfter(n int, method string, match func(fakeslack.Call) bool) fakeslack.Call {
	h.t.Helper()
	seen := 0
	return h.waitCall(method, func(c fakeslack.Call) bool {
		seen++ // WaitCall looks at each call to method once, in order
		return seen > n && (match == nil || match(c))
	})
}

// submit submits the view viewID as user with values.
func (h *harness) submit(user, viewID string, values map[string]map[string]any) fakeslack.Ack {
	h.t.Helper()
	ack, err := h.Slack.SubmitView(h.ctx(), user, viewID, values)
	if err != nil {
		h.t.Fatalf("submit %s: %v", viewID, err)
	}
	return ack
}

// click clicks a button.
func (h *harness) click(c fakeslack.Click) fakeslack.Ack {
	h.t.Helper()
	if c.TeamID == "" {
		c.TeamID = fakeslack.TeamID
	}
	ack, err := h.Slack.ClickButton(h.ctx(), c)
	if err != nil {
		h.t.Fatalf("click %s: %v", c.ActionID, err)
	}
	return ack
}

// ackErrors decodes the field errors of a view submission ack.
func ackErrors(t *testing.T, ack fakeslack.Ack) map[string]string {
	t.Helper()
	if len(ack.Payload) == 0 {
		return nil
	}
	var resp struct {
		ResponseAction string            `json:"response_action"`
		Errors         map[string]string `json:"errors"`
	}
	if err := json.Unmarshal(ack.Payload, &resp); err != nil {
		t.Fatalf("ack payload: %v: %s", err, ack.Payload)
	}
	if resp.ResponseAction != "errors" {
		return nil
	}
	return resp.Errors
}

// mustContain fails unless s contains every one of subs.
func mustContain(t *testing.T, what, s string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			t.Errorf("%s lacks %q:\n%s", what, sub, s)
		}
	}
}

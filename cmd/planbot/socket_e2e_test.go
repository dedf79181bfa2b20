package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/planbot/planbot/bot"
	"github.com/planbot/planbot/fakeslack"
	"github.com/planbot/planbot/storage/storagetest"
)

func appHomeOpened(user string) map[string]any {
	return map[string]any{"type": "app_home_opened", "user": user, "channel": "D" + user[1:], "tab": "home", "event_ts": "1764063600.000100"}
}

// TestEvents_RedeliveryHandledOnce sends an app_home_opened event, changes
// the plan so Home would look different, then redelivers the same event
// with retry_attempt 1: Slack's redelivery must not be handled again.
func TestEvents_RedeliveryHandledOnce(t *testing.T) {
	storagetest.Run(t, testEventsRedeliveryHandledOnce)
}

func testEventsRedeliveryHandledOnce(t *testing.T, backend storagetest.Backend) {
	h := newHarnessOn(t, backend)
	if _, err := h.Slack.SendEvent(h.ctx(), "Ev001", appHomeOpened(userEN), 0); err != nil {
		t.Fatal(err)
	}
	first := h.waitCall("views.publish", nil)
	mustContain(t, "home", first.Params.Get("user_id"), userEN)

	h.addGoal(userEN, chanMain, "Grow signups")
	// Control: a new event id is handled, and Home changed.
	if _, err := h.Slack.SendEvent(h.ctx(), "Ev002", appHomeOpened(userEN), 0); err != nil {
		t.Fatal(err)
	}
	h.waitCallAfter(1, "views.publish", nil)

	h.addGoal(userEN, chanOther, "Another goal") // Home would change again
	ack, err := h.Slack.SendEvent(h.ctx(), "Ev002", appHomeOpened(userEN), 1)
	if err != nil {
		t.Fatal(err)
	}
	if ack.EnvelopeID == "" {
		t.Error("redelivery not acked")
	}
	h.stopMain() // drains the handlers in flight, so the count is final
	if n := len(h.Slack.Calls("views.publish")); n != 2 {
		t.Errorf("views.publish called %d times, want 2 (the redelivery handled once)", n)
	}
	mustContain(t, "logs", h.Logs.String(), "duplicate event ignored", "event_id=Ev002")
}

// TestSocket_BadInputKeepsServing sends a malformed envelope, an unknown
// action and an unknown view callback: each is acked and logged, and the
// bot keeps answering.
func TestSocket_BadInputKeepsServing(t *testing.T) {
	h := newHarness(t)
	bad := []byte(`{"envelope_id":"bad-1","type":"slash_commands","payload":{"command":"/plan","text":5}}`)
	if err := h.Slack.SendRaw(h.ctx(), bad); err != nil {
		t.Fatal(err)
	}
	if ack := h.click(fakeslack.Click{UserID: userEN, ActionID: "no_such_action", BlockID: "b", Value: "1", ChannelID: chanMain, MessageTS: "1.000001"}); ack.EnvelopeID == "" {
		t.Error("unknown action not acked")
	}
	ack, err := h.Slack.Send(h.ctx(), "interactive", map[string]any{
		"type": "view_submission", "team": map[string]any{"id": fakeslack.TeamID}, "user": map[string]any{"id": userEN},
		"view": map[string]any{"id": "VNOPE", "callback_id": "no_such_view", "type": "modal"},
	})
	if err != nil || ack.EnvelopeID == "" {
		t.Fatalf("unknown callback not acked: %v", err)
	}
	help := h.command(userEN, chanMain, "help")
	if !bytes.Contains(help.Payload, []byte("1. Goals")) {
		t.Errorf("bot stopped answering: %s", help.Payload)
	}
	h.stopMain()
	mustContain(t, "logs", h.Logs.String(), "malformed envelope", "envelope_id=bad-1", "unknown action", "action_id=no_such_action", "unknown view callback", "callback_id=no_such_view")
	if strings.Contains(h.Logs.String(), "panic") {
		t.Error("a handler panicked")
	}
}

func TestSocket_Reconnects(t *testing.T) {
	h := newHarness(t)
	for _, tc := range []struct {
		name  string
		fault func()
	}{
		{name: "Dropped", fault: h.Slack.DropSockets},
		{name: "RefreshRequested", fault: h.Slack.RequestRefresh},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := h.Slack.ConnectCount()
			tc.fault()
			if err := h.Slack.WaitConnectCount(h.ctx(), n+1); err != nil {
				t.Fatalf("no reconnect: %v", err)
			}
			ack := h.command(userEN, chanMain, "goals")
			if v := h.openedView(ack.TriggerID); v.CallbackID != bot.CallbackGoal {
				t.Errorf("after reconnect opened %s", v.CallbackID)
			}
		})
	}
}

func TestSocket_ViewsOpenFailureTellsUser(t *testing.T) {
	h := newHarness(t)
	h.Slack.InjectFault("views.open", fakeslack.Fault{Error: "expired_trigger_id"})
	h.command(userEN, chanMain, "goals")
	call := h.waitCall("chat.postEphemeral", nil)
	mustContain(t, "ephemeral", call.Params.Get("text"), "could not open the form in time")
	if call.Params.Get("user") != userEN {
		t.Errorf("told %s, want %s", call.Params.Get("user"), userEN)
	}
}

func TestRun_ConfigErrors(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want []string
	}{
		{name: "Missing", env: map[string]string{}, want: []string{"SLACK_APP_TOKEN is not set", "SLACK_BOT_TOKEN is not set", "README"}},
		{name: "Swapped", env: map[string]string{"SLACK_APP_TOKEN": "xoxb-1", "SLACK_BOT_TOKEN": "xapp-1"}, want: []string{"does not start with xapp-", "does not start with xoxb-"}},
		{name: "BadZone", env: map[string]string{"SLACK_APP_TOKEN": "xapp-1", "SLACK_BOT_TOKEN": "xoxb-1", "PLANBOT_TZ": "Mars/Olympus"}, want: []string{"PLANBOT_TZ"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, k := range []string{"SLACK_APP_TOKEN", "SLACK_BOT_TOKEN", "SLACK_API_URL", "PLANBOT_DB", "PLANBOT_LANG", "PLANBOT_TZ", "PLANBOT_LOG_LEVEL"} {
				t.Setenv(k, tt.env[k])
			}
			var stdout, stderr bytes.Buffer
			if code := run(context.Background(), []string{"run"}, &stdout, &stderr); code != 2 {
				t.Errorf("exit status %d, want 2", code)
			}
			mustContain(t, "error", stderr.String(), tt.want...)
			if strings.Count(strings.TrimSpace(stderr.String()), "\n") != 0 {
				t.Errorf("error is not one paragraph: %q", stderr.String())
			}
		})
	}
}

func TestRun_VersionAndHelp(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"version"}, &stdout, &stderr); code != 0 || !strings.HasPrefix(stdout.String(), "planbot ") {
		t.Errorf("version: %d %q", code, stdout.String())
	}
	stdout.Reset()
	if code := run(context.Background(), []string{"help"}, &stdout, &stderr); code != 0 || !strings.Contains(stdout.String(), "SLACK_APP_TOKEN") {
		t.Errorf("help: %d %q", code, stdout.String())
	}
	if code := run(context.Background(), []string{"bogus"}, &stdout, &stderr); code != 2 {
		t.Errorf("unknown command exit %d, want 2", code)
	}
}

// TestRun_CleanShutdown runs the planbot command itself against fakeslack
// and cancels it as SIGTERM does: exit status 0.
func TestRun_CleanShutdown(t *testing.T) {
	srv, err := fakeslack.Start(fakeslack.Options{OnBreach: breachFails(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	t.Setenv("SLACK_APP_TOKEN", "xapp-1-test")
	t.Setenv("SLACK_BOT_TOKEN", "xoxb-test")
	t.Setenv("SLACK_API_URL", srv.APIURL())
	t.Setenv("PLANBOT_DB", t.TempDir()+"/planbot.db")
	ctx, cancel := context.WithCancel(context.Background())
	code := make(chan int, 1)
	var stderr syncBuffer
	go func() { code <- run(ctx, nil, &bytes.Buffer{}, &stderr) }()
	if err := srv.WaitConnected(h2ctx(t)); err != nil {
		t.Fatal(err)
	}
	cancel()
	if c := <-code; c != 0 {
		t.Errorf("exit status %d after shutdown, want 0; logs:\n%s", c, stderr.String())
	}
	mustContain(t, "logs", stderr.String(), "stopped cleanly")
	for _, secret := range []string{"xoxb-test", "xapp-1-test"} {
		if strings.Contains(stderr.String(), secret) {
			t.Errorf("logs contain a token")
		}
	}
}

func h2ctx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), hangTimeout)
	t.Cleanup(cancel)
	return ctx
}

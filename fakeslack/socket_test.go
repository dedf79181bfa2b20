package fakeslack

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

func TestSlashCommand(t *testing.T) {
	srv := MustStart(t, Options{})
	srv.AddChannel(Channel{ID: "C1", Name: "general", IsMember: true})
	bot := MustStartBot(t, srv, func(evt socketmode.Event) any {
		return map[string]any{"text": "hello " + evt.Data.(slack.SlashCommand).Text}
	})
	ack, err := srv.SlashCommand(testCtx(t), SlashCommand{Command: "/plan", Text: "help", UserID: "U1", ChannelID: "C1"})
	if err != nil {
		t.Fatalf("slash command: %v", err)
	}
	if ack.TriggerID == "" || ack.EnvelopeID == "" {
		t.Fatalf("ack = %+v, want trigger and envelope ids", ack)
	}
	var got struct{ Text string }
	if err := json.Unmarshal(ack.Payload, &got); err != nil || got.Text != "hello help" {
		t.Fatalf("ack payload = %s (%v), want text %q", ack.Payload, err, "hello help")
	}
	evt := bot.next(t)
	cmd := evt.Data.(slack.SlashCommand)
	if cmd.TriggerID != ack.TriggerID || cmd.Command != "/plan" || cmd.ChannelName != "general" || cmd.TeamID != TeamID || cmd.ResponseURL == "" {
		t.Fatalf("command = %+v", cmd)
	}
}

func TestDropSocketsReconnects(t *testing.T) {
	srv := MustStart(t, Options{})
	bot := MustStartBot(t, srv, nil)
	before := srv.ConnectCount()
	srv.DropSockets()
	if err := srv.WaitConnectCount(testCtx(t), before+1); err != nil {
		t.Fatalf("no reconnect: %v", err)
	}
	if n := len(srv.Calls("apps.connections.open")); n < 2 {
		t.Fatalf("apps.connections.open calls = %d, want >= 2", n)
	}
	if _, err := srv.SlashCommand(testCtx(t), SlashCommand{Command: "/plan", UserID: "U1", ChannelID: "C1"}); err != nil {
		t.Fatalf("slash command after reconnect: %v", err)
	}
	bot.next(t)
}

func TestRequestRefreshReconnects(t *testing.T) {
	srv := MustStart(t, Options{})
	MustStartBot(t, srv, nil)
	before := srv.ConnectCount()
	srv.RequestRefresh()
	if err := srv.WaitConnectCount(testCtx(t), before+1); err != nil {
		t.Fatalf("no reconnect: %v", err)
	}
	if _, err := srv.SlashCommand(testCtx(t), SlashCommand{Command: "/plan", UserID: "U1"}); err != nil {
		t.Fatalf("slash command after refresh: %v", err)
	}
}

func TestSendRawMalformedIsSurvived(t *testing.T) {
	srv := MustStart(t, Options{})
	MustStartBot(t, srv, nil)
	if err := srv.SendRaw(testCtx(t), []byte(`{"type":"slash_commands","envelope_id":"x","payload":`)); err != nil {
		t.Fatalf("send raw: %v", err)
	}
	if _, err := srv.SlashCommand(testCtx(t), SlashCommand{Command: "/plan", UserID: "U1"}); err != nil {
		t.Fatalf("slash command after malformed frame: %v", err)
	}
}

func TestEventRedelivery(t *testing.T) {
	srv := MustStart(t, Options{})
	bot := MustStartBot(t, srv, func(evt socketmode.Event) any {
		if evt.Request.RetryAttempt == 0 {
			return noAck
		}
		return nil
	})
	event := map[string]any{"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"}
	ack, err := srv.SendEvent(testCtx(t), "Ev1", event, 0)
	if err != nil {
		t.Fatalf("send event: %v", err)
	}
	first, second := bot.next(t), bot.next(t)
	if first.Request.RetryAttempt != 0 || second.Request.RetryAttempt != 1 || second.Request.RetryReason != "timeout" {
		t.Fatalf("attempts = %d, %d (%q), want 0, 1 (timeout)", first.Request.RetryAttempt, second.Request.RetryAttempt, second.Request.RetryReason)
	}
	if first.Request.EnvelopeID == second.Request.EnvelopeID || ack.EnvelopeID != second.Request.EnvelopeID {
		t.Fatalf("envelope ids: first %s, second %s, acked %s", first.Request.EnvelopeID, second.Request.EnvelopeID, ack.EnvelopeID)
	}
	ev := second.Data.(slackevents.EventsAPIEvent)
	if cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent); !ok || cb.EventID != "Ev1" {
		t.Fatalf("event data = %#v", ev.Data)
	}
	if _, ok := ev.InnerEvent.Data.(*slackevents.AppHomeOpenedEvent); !ok {
		t.Fatalf("inner event = %#v", ev.InnerEvent.Data)
	}
}

func TestEventNeverAcked(t *testing.T) {
	srv := MustStart(t, Options{})
	bot := MustStartBot(t, srv, func(socketmode.Event) any { return noAck })
	_, err := srv.SendEvent(testCtx(t), "Ev1", map[string]any{"type": "app_home_opened", "user": "U1"}, 0)
	if !errors.Is(err, ErrNotAcked) {
		t.Fatalf("err = %v, want ErrNotAcked", err)
	}
	for want := range 4 {
		if got := bot.next(t).Request.RetryAttempt; got != want {
			t.Fatalf("delivery %d retry_attempt = %d", want, got)
		}
	}
}

func TestEventSentWhileOfflineArrivesAsRetry(t *testing.T) {
	srv := MustStart(t, Options{})
	type res struct {
		ack Ack
		err error
	}
	done := make(chan res, 1)
	waiting := make(chan struct{}, 1)
	srv.mu.Lock()
	srv.waitingHook = func() { waiting <- struct{}{} }
	srv.mu.Unlock()
	ctx := testCtx(t)
	go func() {
		ack, err := srv.SendEvent(ctx, "Ev2", map[string]any{"type": "app_home_opened", "user": "U1"}, 0)
		done <- res{ack, err}
	}()
	select {
	case <-waiting:
	case <-ctx.Done():
		t.Fatal("send never waited for a socket")
	}
	bot := MustStartBot(t, srv, nil)
	r := <-done
	if r.err != nil {
		t.Fatalf("send event: %v", r.err)
	}
	if got := bot.next(t).Request; got.RetryAttempt != 1 || got.RetryReason != "timeout" {
		t.Fatalf("retry = %d %q, want 1 timeout", got.RetryAttempt, got.RetryReason)
	}
}

func TestRoundRobinAcrossConnections(t *testing.T) {
	srv := MustStart(t, Options{})
	a := MustStartBot(t, srv, nil)
	b := MustStartBot(t, srv, nil)
	if err := srv.WaitConnectCount(testCtx(t), 2); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := srv.SlashCommand(testCtx(t), SlashCommand{Command: "/plan", UserID: "U1"}); err != nil {
			t.Fatal(err)
		}
	}
	a.next(t)
	b.next(t)
}

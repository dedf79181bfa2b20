package fakeslack

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/gorilla/websocket"

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
	var acked []int
	for range 2 {
		ack, err := srv.SlashCommand(testCtx(t), SlashCommand{Command: "/plan", UserID: "U1"})
		if err != nil {
			t.Fatal(err)
		}
		acked = append(acked, ack.ConnID)
	}
	a.next(t)
	b.next(t)
	slices.Sort(acked)
	if !slices.Equal(acked, []int{1, 2}) {
		t.Fatalf("acks arrived on connections %v, want one on each of 1 and 2", acked)
	}
	var got []int
	for _, d := range srv.Deliveries() {
		got = append(got, d.ConnID)
	}
	slices.Sort(got)
	if !slices.Equal(got, []int{1, 2}) {
		t.Fatalf("deliveries went to connections %v, want 1 and 2", got)
	}
}

// rawSocket is a Socket Mode client driven by hand, to hold a socket open
// where slack-go would close it.
type rawSocket struct {
	ws *websocket.Conn
}

// mustDialRaw opens a socket as a Socket Mode client does and reads its hello.
func mustDialRaw(t *testing.T, srv *Server) *rawSocket {
	t.Helper()
	var open struct {
		OK  bool   `json:"ok"`
		URL string `json:"url"`
	}
	req, _ := http.NewRequest(http.MethodPost, srv.APIURL()+"apps.connections.open", nil)
	req.Header.Set("Authorization", "Bearer xapp-test")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(&open); err != nil || !open.OK {
		t.Fatalf("apps.connections.open: %v %+v", err, open)
	}
	ws, _, err := websocket.DefaultDialer.Dial(open.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ws.Close() })
	rs := &rawSocket{ws: ws}
	if typ := rs.read(t)["type"]; typ != "hello" {
		t.Fatalf("first frame type %v, want hello", typ)
	}
	// The hello goes out just before the server lists the socket; sockets
	// are dialled one at a time here, so this one is the last accepted.
	if err := srv.WaitConnectCount(testCtx(t), srv.ConnectCount()); err != nil {
		t.Fatal(err)
	}
	return rs
}

// read returns the next frame as JSON; it fails the test after 5 s.
func (rs *rawSocket) read(t *testing.T) map[string]any {
	t.Helper()
	_ = rs.ws.SetReadDeadline(time.Now().Add(5 * time.Second))
	var m map[string]any
	if err := rs.ws.ReadJSON(&m); err != nil {
		t.Fatalf("read frame: %v", err)
	}
	return m
}

// TestRefreshRoutesToNewSocket is the cause of a flaky test: after a
// disconnect request, an envelope written to the old socket is lost, because
// slack-go closes it while the server may not have noticed yet.
func TestRefreshRoutesToNewSocket(t *testing.T) {
	srv := MustStart(t, Options{})
	old := mustDialRaw(t, srv)
	srv.RequestRefresh()
	if m := old.read(t); m["type"] != "disconnect" || m["reason"] != "refresh_requested" {
		t.Fatalf("frame = %v, want disconnect refresh_requested", m)
	}
	if n := srv.Connections(); n != 0 {
		t.Fatalf("Connections() = %d after refresh, want 0 (the old socket takes no envelope)", n)
	}
	fresh := mustDialRaw(t, srv)
	type result struct {
		ack Ack
		err error
	}
	done := make(chan result, 1)
	go func() {
		ack, err := srv.SlashCommand(testCtx(t), SlashCommand{Command: "/plan", UserID: "U1"})
		done <- result{ack, err}
	}()
	env := fresh.read(t)
	if err := fresh.ws.WriteJSON(map[string]any{"envelope_id": env["envelope_id"]}); err != nil {
		t.Fatal(err)
	}
	r := <-done
	if r.err != nil || r.ack.ConnID != 2 {
		t.Fatalf("ack = %+v, %v; want acked on connection 2", r.ack, r.err)
	}
	if d := srv.Deliveries(); len(d) != 1 || d[0].ConnID != 2 || d[0].Type != "slash_commands" {
		t.Fatalf("deliveries = %+v, want one to connection 2", d)
	}
}

func TestDropOneSocket(t *testing.T) {
	srv := MustStart(t, Options{})
	a := mustDialRaw(t, srv)
	mustDialRaw(t, srv)
	if ids := srv.ConnIDs(); !slices.Equal(ids, []int{1, 2}) {
		t.Fatalf("ConnIDs() = %v, want [1 2]", ids)
	}
	if !srv.DropSocket(1) || srv.DropSocket(9) {
		t.Fatal("DropSocket: want true for a connected socket, false for an unknown one")
	}
	_ = a.ws.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, _, err := a.ws.ReadMessage(); err == nil {
		t.Fatal("dropped socket still readable")
	}
	if ids := srv.ConnIDs(); !slices.Equal(ids, []int{2}) {
		t.Fatalf("ConnIDs() = %v after drop, want [2]", ids)
	}
}

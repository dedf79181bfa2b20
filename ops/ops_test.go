package ops_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/slack-go/slack"

	"github.com/planbot/planbot/fakeslack"
	"github.com/planbot/planbot/ops"
)

// TestTransport makes Web API calls through the metrics' transport, to
// fakeslack: each is counted by method and status.
func TestTransport(t *testing.T) {
	srv, err := fakeslack.Start(fakeslack.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	srv.AddChannel(fakeslack.Channel{ID: "C1", Name: "social", IsMember: true})
	srv.AddChannel(fakeslack.Channel{ID: "C2", Name: "no-bot", IsMember: false})
	m := ops.NewMetrics(ops.Info{Version: "test", ReplicaID: "r1", Backend: "sqlite"})
	api := slack.New("xoxb-test", slack.OptionAPIURL(srv.APIURL()),
		slack.OptionHTTPClient(&http.Client{Transport: m.Transport(nil), Timeout: 5 * time.Second}))
	ctx := context.Background()

	post := func(channel string) error {
		_, _, err := api.PostMessageContext(ctx, channel, slack.MsgOptionText("hello", false))
		return err
	}
	if err := post("C1"); err != nil {
		t.Fatal(err)
	}
	if err := post("C1"); err != nil {
		t.Fatal(err)
	}
	if err := post("C2"); err == nil {
		t.Fatal("posted in a channel the bot is not in")
	}
	srv.InjectFault("chat.postMessage", fakeslack.Fault{Status: 429, RetryAfter: 1})
	var rl *slack.RateLimitedError
	if err := post("C1"); !errors.As(err, &rl) {
		t.Fatalf("want a rate limit, got %v", err)
	}
	srv.InjectFault("users.info", fakeslack.Fault{Status: 503})
	if _, err := api.GetUserInfoContext(ctx, "UANY"); err == nil {
		t.Fatal("users.info succeeded through a 503")
	}

	for _, c := range []struct {
		method, status string
		want           float64
	}{
		{"chat.postMessage", "ok", 2},
		{"chat.postMessage", "not_in_channel", 1},
		{"chat.postMessage", "429", 1},
		{"users.info", "503", 1},
	} {
		got := testutil.ToFloat64(m.SlackCalls().WithLabelValues(c.method, c.status))
		if got != c.want {
			t.Errorf("planbot_slack_calls_total{method=%q,status=%q} = %v, want %v", c.method, c.status, got, c.want)
		}
	}

	// No answer at all.
	srv.Close()
	if err := post("C1"); err == nil {
		t.Fatal("posted to a closed server")
	}
	if got := testutil.ToFloat64(m.SlackCalls().WithLabelValues("chat.postMessage", "transport_error")); got != 1 {
		t.Errorf("transport errors = %v, want 1", got)
	}
}

// TestServer checks the three endpoints, readiness both ways.
func TestServer(t *testing.T) {
	m := ops.NewMetrics(ops.Info{Version: "v1.2.3", ReplicaID: "host-42", Backend: "postgres"})
	m.Envelope("events_api", "duplicate")
	m.Acked("slash_commands", 3*time.Millisecond)
	m.Reminder("sent", 2)
	m.Transaction(true, "commit", time.Millisecond)
	var notReady error = errors.New("socket mode not connected")
	s := &ops.Server{Addr: "127.0.0.1:0", Metrics: m, Ready: func(context.Context) error { return notReady }}
	if err := s.Open(); err != nil {
		t.Fatal(err)
	}
	defer s.Close(context.Background())
	base := "http://" + s.ListenAddr()

	get := func(path string) (int, string) {
		t.Helper()
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, string(b)
	}
	if code, body := get("/healthz"); code != 200 || body != "ok\n" {
		t.Errorf("/healthz: %d %q", code, body)
	}
	if code, body := get("/readyz"); code != 503 || !strings.Contains(body, "socket mode not connected") {
		t.Errorf("/readyz while not ready: %d %q", code, body)
	}
	notReady = nil
	if code, body := get("/readyz"); code != 200 || body != "ready\n" {
		t.Errorf("/readyz when ready: %d %q", code, body)
	}
	code, body := get("/metrics")
	if code != 200 {
		t.Fatalf("/metrics: %d", code)
	}
	for _, want := range []string{
		`planbot_build_info{backend="postgres",replica_id="host-42",version="v1.2.3"} 1`,
		`planbot_envelopes_total{outcome="duplicate",type="events_api"} 1`,
		`planbot_ack_duration_seconds_bucket{type="slash_commands",le="0.005"} 1`,
		`planbot_ack_duration_seconds_bucket{type="slash_commands",le="0.0025"} 0`,
		`planbot_reminders_total{outcome="sent"} 2`,
		`planbot_db_transaction_duration_seconds_count{kind="read",outcome="commit"} 1`,
		`go_goroutines `,
		`process_resident_memory_bytes `,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	if code, _ := get("/nothing"); code != 404 {
		t.Errorf("/nothing: %d", code)
	}
	if err := s.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("served after Close")
	}
}

package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/fakeslack"
	"github.com/planbot/planbot/storage/storagetest"
)

// TestOps_HealthReadyMetrics runs Main with PLANBOT_HTTP_ADDR set: health
// from the start, readiness only while the socket is up, metrics of what
// it did (an envelope, Slack calls, transactions), and the replica's ID
// on every log line.
func TestOps_HealthReadyMetrics(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		srv, err := fakeslack.Start(fakeslack.Options{OnBreach: breachFails(t)})
		if err != nil {
			t.Fatal(err)
		}
		defer srv.Close()
		srv.AddUser(fakeslack.User{ID: userEN, Name: "ana", Locale: "en-US", TZ: "Europe/London"})
		srv.AddChannel(fakeslack.Channel{ID: chanMain, Name: "acme-social", IsMember: true})
		cfg := Config{AppToken: "xapp-1-test", BotToken: "xoxb-test", APIURL: srv.APIURL(), DB: backend.DSN(t),
			Lang: "en", TZ: "UTC", LogLevel: "debug", HTTPAddr: "127.0.0.1:0", ReplicaID: "replica-7"}
		if err := cfg.Validate(); err != nil {
			t.Fatal(err)
		}
		logs := &syncBuffer{}
		m := NewMain(cfg, slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
		if err := m.Open(); err != nil {
			t.Fatal(err)
		}
		closed := false
		defer func() {
			if !closed {
				m.Close()
			}
		}()
		base := "http://" + m.HTTP.ListenAddr()
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

		// Open, not running yet: alive, not ready.
		if code, _ := get("/healthz"); code != 200 {
			t.Errorf("/healthz before Run: %d", code)
		}
		if code, body := get("/readyz"); code != 503 || !strings.Contains(body, "socket mode not connected") {
			t.Errorf("/readyz before Run: %d %q", code, body)
		}

		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- m.Run(ctx) }()
		wctx, wcancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer wcancel()
		if err := srv.WaitConnected(wctx); err != nil {
			t.Fatal(err)
		}
		// The ack of a command comes after the bot saw its connection up.
		if _, err := srv.SlashCommand(wctx, fakeslack.SlashCommand{Command: "/plan", Text: "help", UserID: userEN, ChannelID: chanMain}); err != nil {
			t.Fatal(err)
		}
		ack, err := srv.SlashCommand(wctx, fakeslack.SlashCommand{Command: "/plan", Text: "goals", UserID: userEN, ChannelID: chanMain})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := srv.WaitCall(wctx, "views.open", func(c fakeslack.Call) bool { return c.Params.Get("trigger_id") == ack.TriggerID }); err != nil {
			t.Fatal(err)
		}
		if code, body := get("/readyz"); code != 200 {
			t.Errorf("/readyz while serving: %d %q", code, body)
		}
		if _, body := get("/metrics"); !strings.Contains(body, "planbot_socket_connected 1") {
			t.Error("/metrics lacks planbot_socket_connected 1 while serving")
		}

		// Stopped, its handlers drained: alive until Close, not ready, and
		// the counts are final.
		cancel()
		if err := <-done; err != nil {
			t.Fatalf("Run: %v", err)
		}
		if code, body := get("/readyz"); code != 503 {
			t.Errorf("/readyz after Run: %d %q", code, body)
		}
		_, body := get("/metrics")
		for _, want := range []string{
			`planbot_build_info{backend="` + string(backend) + `",replica_id="replica-7",version="dev"} 1`,
			`planbot_envelopes_total{outcome="ok",type="slash_commands"} 2`,
			`planbot_ack_duration_seconds_count{type="slash_commands"} 2`,
			`planbot_slack_calls_total{method="apps.connections.open",status="ok"} 1`,
			`planbot_slack_calls_total{method="views.open",status="ok"} 1`,
			`planbot_socket_connected 0`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("/metrics lacks %q", want)
			}
		}
		// At least the plan the goals command created was written.
		if n := metricValue(t, body, `planbot_db_transaction_duration_seconds_count{kind="write",outcome="commit"}`); n < 1 {
			t.Errorf("%v write transactions committed, want at least 1", n)
		}
		closed = true
		if err := m.Close(); err != nil {
			t.Fatal(err)
		}
		if _, err := http.Get(base + "/healthz"); err == nil {
			t.Error("health served after Close")
		}

		lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
		if len(lines) < 3 {
			t.Fatalf("%d log lines", len(lines))
		}
		for _, line := range lines {
			if !strings.Contains(line, "replica_id=replica-7") {
				t.Errorf("log line without the replica's ID: %s", line)
			}
		}
	})
}

// metricValue returns the value of the sample named series in a /metrics
// exposition, or fails the test.
func metricValue(t *testing.T, body, series string) float64 {
	t.Helper()
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(series) + ` (\S+)$`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("/metrics lacks %s", series)
	}
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

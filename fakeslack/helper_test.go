package fakeslack

import (
	"context"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// noAck is returned by a test handler that must not ack.
type noAckT struct{}

var noAck = noAckT{}

// testBot is a real slack-go bot: a Web API client and a Socket Mode client whose
// requests are answered by handle and copied to received.
type testBot struct {
	api      *slack.Client
	received chan socketmode.Event
}

// MustStart starts a server with short intervals, closed at the end of the test.
// Unless opts.OnBreach is set, a breach of Slack's limits fails the test.
func MustStart(tb testing.TB, opts Options) *Server {
	tb.Helper()
	if opts.OnBreach == nil {
		opts.OnBreach = func(b Breach) { tb.Errorf("%v", b) }
	}
	if opts.PingInterval == 0 {
		opts.PingInterval = 50 * time.Millisecond
	}
	if opts.AckTimeout == 0 {
		opts.AckTimeout = 200 * time.Millisecond
	}
	if os.Getenv("FAKESLACK_LOG") != "" {
		opts.Logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	srv, err := Start(opts)
	if err != nil {
		tb.Fatalf("start: %v", err)
	}
	tb.Cleanup(func() { _ = srv.Close() })
	return srv
}

// MustStartBot runs a slack-go bot against srv. handle returns the ack payload (nil for
// an empty ack, noAck for none); a nil handle acks everything empty.
func MustStartBot(tb testing.TB, srv *Server, handle func(socketmode.Event) any) *testBot {
	tb.Helper()
	api := slack.New("xoxb-test", slack.OptionAPIURL(srv.APIURL()), slack.OptionAppLevelToken("xapp-test"))
	sm := socketmode.New(api)
	ctx, cancel := context.WithCancel(context.Background())
	b := &testBot{api: api, received: make(chan socketmode.Event, 100)}
	runDone := make(chan struct{})
	go func() {
		defer close(runDone)
		_ = sm.RunContext(ctx)
	}()
	loopDone := make(chan struct{})
	go func() {
		defer close(loopDone)
		for {
			select {
			case <-ctx.Done():
				return
			case evt := <-sm.Events:
				if evt.Request == nil || evt.Type == socketmode.EventTypeHello {
					continue
				}
				var payload any
				if handle != nil {
					payload = handle(evt)
				}
				if payload != noAck {
					actx, acancel := context.WithTimeout(ctx, 2*time.Second)
					_ = sm.AckCtx(actx, evt.Request.EnvelopeID, payload)
					acancel()
				}
				select {
				case b.received <- evt:
				default:
					tb.Errorf("received buffer full")
				}
			}
		}
	}()
	tb.Cleanup(func() {
		cancel()
		<-runDone
		<-loopDone
	})
	ctx2, cancel2 := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel2()
	if err := srv.WaitConnected(ctx2); err != nil {
		tb.Fatalf("wait connected: %v", err)
	}
	return b
}

// next returns the next request the bot received.
func (b *testBot) next(tb testing.TB) socketmode.Event {
	tb.Helper()
	select {
	case evt := <-b.received:
		return evt
	case <-time.After(5 * time.Second):
		tb.Fatal("no request received")
		return socketmode.Event{}
	}
}

func testCtx(tb testing.TB) context.Context {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	tb.Cleanup(cancel)
	return ctx
}

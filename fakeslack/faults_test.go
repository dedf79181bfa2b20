package fakeslack

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/internal/testclock"
)

func TestFaultBeforeOrAfterEffect(t *testing.T) {
	for _, tt := range []struct {
		name       string
		fault      Fault
		wantStatus int // of the slack-go error, 0 = no status error
		wantPosted int
	}{
		{"ErrBefore", Fault{Status: http.StatusInternalServerError}, 500, 0},
		{"ErrAfter", Fault{Status: http.StatusInternalServerError, AfterEffect: true}, 500, 1},
		{"Err503After", Fault{Status: http.StatusServiceUnavailable, AfterEffect: true}, 503, 1},
		{"SlackErrorAfter", Fault{Error: "fatal_error", AfterEffect: true}, 0, 1},
		{"DelayAfterSucceeds", Fault{Delay: time.Millisecond, AfterEffect: true}, 0, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := MustStart(t, Options{})
			srv.AddChannel(Channel{ID: "C1", IsMember: true})
			srv.InjectFault("chat.postMessage", tt.fault)
			_, _, err := newClient(srv, "xoxb-test").PostMessageContext(testCtx(t), "C1", slack.MsgOptionText("hi", false))
			var se slack.StatusCodeError
			switch {
			case tt.wantStatus != 0 && (!errors.As(err, &se) || se.Code != tt.wantStatus):
				t.Fatalf("err = %v, want HTTP %d", err, tt.wantStatus)
			case tt.wantStatus == 0 && tt.fault.Error != "" && errString(err) != tt.fault.Error:
				t.Fatalf("err = %v, want %s", err, tt.fault.Error)
			case tt.wantStatus == 0 && tt.fault.Error == "" && err != nil:
				t.Fatalf("err = %v, want success", err)
			}
			if n := len(srv.Messages("C1")); n != tt.wantPosted {
				t.Fatalf("posted %d messages, want %d", n, tt.wantPosted)
			}
		})
	}
}

// TestFaultHang plays a timeout: the client gives up while the server holds
// the request, before or after the message was posted.
func TestFaultHang(t *testing.T) {
	for _, tt := range []struct {
		name       string
		after      bool
		wantPosted int
	}{
		{"BeforeEffect", false, 0},
		{"AfterEffect", true, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := MustStart(t, Options{})
			srv.AddChannel(Channel{ID: "C1", IsMember: true})
			srv.InjectFault("chat.postMessage", Fault{Hang: true, AfterEffect: tt.after})
			api := newClient(srv, "xoxb-test")
			ctx, cancel := context.WithCancel(testCtx(t))
			errc := make(chan error, 1)
			go func() {
				_, _, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("hi", false))
				errc <- err
			}()
			call, err := srv.WaitCall(testCtx(t), "chat.postMessage", nil)
			if err != nil {
				t.Fatal(err)
			}
			if call.Status != 0 || call.Response != nil {
				t.Fatalf("hanging call recorded with status %d, response %q; want 0, none", call.Status, call.Response)
			}
			cancel() // the client times out
			if err := <-errc; !errors.Is(err, context.Canceled) {
				t.Fatalf("err = %v, want context.Canceled", err)
			}
			if n := len(srv.Messages("C1")); n != tt.wantPosted {
				t.Fatalf("posted %d messages, want %d", n, tt.wantPosted)
			}
			// The next call is answered normally, and the hang was recorded once.
			if _, _, err := api.PostMessageContext(testCtx(t), "C1", slack.MsgOptionText("again", false)); err != nil {
				t.Fatalf("after the hang: %v", err)
			}
			if n := len(srv.Calls("chat.postMessage")); n != 2 {
				t.Fatalf("recorded %d calls, want 2", n)
			}
		})
	}
}

func TestStorm(t *testing.T) {
	clock := testclock.New(time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC))
	srv := MustStart(t, Options{Now: clock.Now})
	srv.AddChannel(Channel{ID: "C1", IsMember: true})
	srv.AddChannel(Channel{ID: "C2", IsMember: true})
	api := newClient(srv, "xoxb-test")
	ctx := testCtx(t)
	post := func(channel string) error {
		_, _, err := api.PostMessageContext(ctx, channel, slack.MsgOptionText("hi", false))
		return err
	}
	wantLimited := func(channel string, retryAfter time.Duration) {
		t.Helper()
		var rl *slack.RateLimitedError
		if err := post(channel); !errors.As(err, &rl) || rl.RetryAfter != retryAfter {
			t.Fatalf("post to %s at %s: err = %v, want RateLimitedError after %v", channel, clock.Now().Format(time.TimeOnly), err, retryAfter)
		}
	}
	srv.StartStorm(Storm{Method: "chat.postMessage", Channel: "C1", For: 4 * time.Minute, RetryAfter: 30 * time.Second})
	wantLimited("C1", 30*time.Second)
	if err := post("C2"); err != nil {
		t.Fatalf("other channel during the storm: %v", err)
	}
	if _, err := api.AuthTestContext(ctx); err != nil {
		t.Fatalf("other method during the storm: %v", err)
	}
	clock.Advance(4*time.Minute - time.Second)
	wantLimited("C1", 30*time.Second)
	clock.Advance(time.Second)
	if err := post("C1"); err != nil {
		t.Fatalf("after the storm: %v", err)
	}
	if got := len(srv.Messages("C1")); got != 1 {
		t.Fatalf("C1 has %d messages, want 1 (limited calls take no effect)", got)
	}

	// Without RetryAfter, Slack's answer is the time left, rounded up.
	srv.StartStorm(Storm{Channel: "C2", For: 90 * time.Second})
	wantLimited("C2", 90*time.Second)
	clock.Advance(30*time.Second + time.Millisecond)
	wantLimited("C2", 60*time.Second)
	if n := len(srv.Calls("chat.postMessage")); n != 6 {
		t.Fatalf("recorded %d calls, want 6", n)
	}
}

func TestRejectToken(t *testing.T) {
	srv := MustStart(t, Options{})
	srv.RejectToken("xoxb-wrong", "")
	srv.RejectToken("xoxb-old", "token_revoked")
	ctx := testCtx(t)
	for _, tt := range []struct{ token, want string }{
		{"xoxb-wrong", "invalid_auth"},
		{"xoxb-old", "token_revoked"},
		{"xoxb-good", ""},
	} {
		if _, err := newClient(srv, tt.token).AuthTestContext(ctx); errString(err) != tt.want {
			t.Errorf("auth.test with %s: err = %v, want %q", tt.token, err, tt.want)
		}
	}
	if _, err := newClient(srv, "xoxb-wrong").GetUserInfoContext(ctx, BotUserID); errString(err) != "invalid_auth" {
		t.Fatalf("users.info with a wrong token: %v", err)
	}
}

package fakeslack

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/internal/testclock"
)

func TestPostRateLimit(t *testing.T) {
	clock := testclock.New(time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC))
	srv := MustStart(t, Options{PostRateLimit: time.Second, Now: clock.Now})
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
		err := post(channel)
		var rl *slack.RateLimitedError
		if !errors.As(err, &rl) || rl.RetryAfter != retryAfter {
			t.Fatalf("post to %s: err = %v, want RateLimitedError after %v", channel, err, retryAfter)
		}
	}

	if err := post("C1"); err != nil {
		t.Fatalf("first post: %v", err)
	}
	// Other channels have their own limit.
	if err := post("C2"); err != nil {
		t.Fatalf("first post to C2: %v", err)
	}
	// 1 ms too early: refused, Retry-After rounded up to 1 s.
	clock.Advance(999 * time.Millisecond)
	wantLimited("C1", time.Second)
	// A refused post does not move the window: exactly one interval after
	// the last accepted post goes through.
	clock.Advance(time.Millisecond)
	if err := post("C1"); err != nil {
		t.Fatalf("post after 1 s: %v", err)
	}
	if err := post("C2"); err != nil {
		t.Fatalf("second post to C2 after 1 s: %v", err)
	}
	// At once again: refused with at least 1 s.
	wantLimited("C1", time.Second)

	msgs := srv.Messages("C1")
	if len(msgs) != 2 {
		t.Fatalf("messages in C1 = %d, want 2 (refused posts are not posted)", len(msgs))
	}
	calls := srv.Calls("chat.postMessage")
	var statuses []int
	for _, c := range calls {
		statuses = append(statuses, c.Status)
	}
	want := []int{200, 200, 429, 200, 200, 429}
	if len(statuses) != len(want) {
		t.Fatalf("statuses = %v, want %v", statuses, want)
	}
	for i := range want {
		if statuses[i] != want[i] {
			t.Fatalf("statuses = %v, want %v", statuses, want)
		}
	}
	if got := calls[2].Response; string(got) != `{"error":"ratelimited","ok":false}` {
		t.Fatalf("429 body = %s", got)
	}
	if n := srv.RateLimited(); n != 2 {
		t.Fatalf("RateLimited() = %d, want 2", n)
	}
}

func TestPostRateLimit_RetryAfterRoundsUp(t *testing.T) {
	clock := testclock.New(time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC))
	srv := MustStart(t, Options{PostRateLimit: 2500 * time.Millisecond, Now: clock.Now})
	srv.AddChannel(Channel{ID: "C1", IsMember: true})
	ctx := testCtx(t)
	for _, tc := range []struct {
		after time.Duration // since the accepted post
		want  string        // Retry-After
	}{
		{0, "3"},
		{400 * time.Millisecond, "3"}, // 2.1 s left
		{1500 * time.Millisecond, "1"},
		{2499 * time.Millisecond, "1"}, // 1 ms left: at least 1
	} {
		t.Run(tc.after.String(), func(t *testing.T) {
			srv.limiter.mu.Lock()
			delete(srv.limiter.last, "C1")
			srv.limiter.mu.Unlock()
			if status, _ := rawPost(ctx, t, srv, "C1"); status != http.StatusOK {
				t.Fatalf("first post: status %d", status)
			}
			clock.Advance(tc.after)
			status, h := rawPost(ctx, t, srv, "C1")
			if status != http.StatusTooManyRequests || h.Get("Retry-After") != tc.want {
				t.Fatalf("status %d, Retry-After %q; want 429, %q", status, h.Get("Retry-After"), tc.want)
			}
			clock.Advance(2500*time.Millisecond - tc.after) // next test starts afresh
		})
	}
}

func TestPostRateLimit_OffByDefault(t *testing.T) {
	srv := MustStart(t, Options{})
	srv.AddChannel(Channel{ID: "C1", IsMember: true})
	api := newClient(srv, "xoxb-test")
	ctx := testCtx(t)
	for i := range 20 {
		if _, _, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("hi", false)); err != nil {
			t.Fatalf("post %d: %v", i, err)
		}
	}
	if n := srv.RateLimited(); n != 0 {
		t.Fatalf("RateLimited() = %d", n)
	}
}

func TestRetryAfterSeconds(t *testing.T) {
	for _, tc := range []struct {
		wait time.Duration
		want int
	}{
		{time.Nanosecond, 1}, {999 * time.Millisecond, 1}, {time.Second, 1},
		{time.Second + time.Nanosecond, 2}, {30 * time.Second, 30}, {0, 1},
	} {
		if got := retryAfterSeconds(tc.wait); got != tc.want {
			t.Errorf("retryAfterSeconds(%v) = %d, want %d", tc.wait, got, tc.want)
		}
	}
}

// rawPost posts "hi" to channel with net/http, to read the status and
// headers slack-go hides.
func rawPost(ctx context.Context, t *testing.T, srv *Server, channel string) (int, http.Header) {
	t.Helper()
	form := url.Values{"channel": {channel}, "text": {"hi"}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, srv.APIURL()+"chat.postMessage", strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Bearer xoxb-test")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, resp.Header
}

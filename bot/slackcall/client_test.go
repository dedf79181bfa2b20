package slackcall_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/planbot/planbot/bot/slackcall"
	"github.com/planbot/planbot/fakeslack"
	"github.com/planbot/planbot/internal/testclock"
)

// fixture is a Client on fakeslack, both on one test clock that only the
// Client's sleeps move: no test sleeps for real.
type fixture struct {
	srv   *fakeslack.Server
	c     *slackcall.Client
	clock *testclock.Clock
}

func newFixture(t *testing.T, opts fakeslack.Options) *fixture {
	t.Helper()
	clock := testclock.New(time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC))
	opts.Now = clock.Now
	opts.OnBreach = func(b fakeslack.Breach) { t.Errorf("%v", b) }
	srv, err := fakeslack.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	srv.AddUser(fakeslack.User{ID: "UANA", Name: "ana", Locale: "en-US", TZ: "UTC"})
	srv.AddChannel(fakeslack.Channel{ID: "C1", Name: "social", IsMember: true, Members: []string{"UANA"}})
	srv.AddChannel(fakeslack.Channel{ID: "CNOBOT", Name: "no-bot"})
	api := slack.New("xoxb-test", slack.OptionAPIURL(srv.APIURL()), slack.OptionAppLevelToken("xapp-1-test"))
	c := &slackcall.Client{API: api, Now: clock.Now, Sleep: clock.Sleep}
	return &fixture{srv: srv, c: c, clock: clock}
}

// ctx is a call's deadline: long, as for a background call.
func testCtx(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// statuses are the HTTP statuses fakeslack answered to method, in order.
func (f *fixture) statuses(method string) []int {
	var out []int
	for _, c := range f.srv.Calls(method) {
		out = append(out, c.Status)
	}
	return out
}

// trigger gets a fresh trigger id from a slash command, answered by a
// Socket Mode client that acks everything.
func (f *fixture) trigger(t *testing.T) string {
	t.Helper()
	api := slack.New("xoxb-test", slack.OptionAPIURL(f.srv.APIURL()), slack.OptionAppLevelToken("xapp-1-test"))
	sm := socketmode.New(api)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { _ = sm.RunContext(ctx) }()
	go func() {
		defer close(done)
		for {
			select {
			case <-ctx.Done():
				return
			case evt := <-sm.Events:
				if evt.Request != nil && evt.Type != socketmode.EventTypeHello {
					_ = sm.Ack(*evt.Request)
				}
			}
		}
	}()
	t.Cleanup(func() { cancel(); <-done })
	if err := f.srv.WaitConnected(testCtx(t, 10*time.Second)); err != nil {
		t.Fatal(err)
	}
	ack, err := f.srv.SlashCommand(testCtx(t, 10*time.Second), fakeslack.SlashCommand{Command: "/plan", UserID: "UANA", ChannelID: "C1"})
	if err != nil {
		t.Fatal(err)
	}
	return ack.TriggerID
}

func modal(title string) slack.ModalViewRequest {
	return slack.ModalViewRequest{Type: slack.VTModal, Title: slack.NewTextBlockObject(slack.PlainTextType, title, false, false),
		Close:  slack.NewTextBlockObject(slack.PlainTextType, "Close", false, false),
		Blocks: slack.Blocks{BlockSet: []slack.Block{slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, "hi", false, false), nil, nil)}}}
}

func text(s string) []slack.MsgOption { return []slack.MsgOption{slack.MsgOptionText(s, false)} }

// TestCall_RateLimitedFiveTimes answers each method the bot uses with
// five 429s in a row: the call waits Retry-After each time and then takes
// effect once. Nothing is lost, nothing is done twice.
func TestCall_RateLimitedFiveTimes(t *testing.T) {
	limited := fakeslack.Fault{Status: http.StatusTooManyRequests, RetryAfter: 2, Times: 5}
	cases := []struct {
		name   string
		method string
		call   func(t *testing.T, f *fixture) error
		effect func(t *testing.T, f *fixture) int // how many times the call took effect
	}{
		{"PostMessage", "chat.postMessage", func(t *testing.T, f *fixture) error {
			_, _, err := f.c.PostMessage(testCtx(t, time.Minute), slackcall.Post{Channel: "C1", Key: "k1", Options: text("note")})
			return err
		}, func(t *testing.T, f *fixture) int { return len(f.srv.Messages("C1")) }},
		{"PostEphemeral", "chat.postEphemeral", func(t *testing.T, f *fixture) error {
			return f.c.PostEphemeral(testCtx(t, time.Minute), "C1", "UANA", text("only you")...)
		}, func(t *testing.T, f *fixture) int { return len(f.srv.Messages("C1")) }},
		{"UpdateMessage", "chat.update", func(t *testing.T, f *fixture) error {
			_, ts, _ := f.c.PostMessage(testCtx(t, time.Minute), slackcall.Post{Channel: "C1", Options: text("before")})
			return f.c.UpdateMessage(testCtx(t, time.Minute), "C1", ts, text("after")...)
		}, func(t *testing.T, f *fixture) int {
			if m := f.srv.Messages("C1"); len(m) == 1 && m[0].Text == "after" {
				return 1
			}
			return 0
		}},
		{"DeleteMessage", "chat.delete", func(t *testing.T, f *fixture) error {
			_, ts, _ := f.c.PostMessage(testCtx(t, time.Minute), slackcall.Post{Channel: "C1", Options: text("gone")})
			return f.c.DeleteMessage(testCtx(t, time.Minute), "C1", ts)
		}, func(t *testing.T, f *fixture) int { return 1 - len(f.srv.Messages("C1")) }},
		{"Permalink", "chat.getPermalink", func(t *testing.T, f *fixture) error {
			_, ts, _ := f.c.PostMessage(testCtx(t, time.Minute), slackcall.Post{Channel: "C1", Options: text("link me")})
			link, err := f.c.Permalink(testCtx(t, time.Minute), "C1", ts)
			if err == nil && link == "" {
				err = errors.New("empty permalink")
			}
			return err
		}, nil},
		{"UpdateView", "views.update", func(t *testing.T, f *fixture) error {
			v, err := f.c.OpenView(testCtx(t, 3*time.Second), f.trigger(t), modal("First"))
			if err != nil {
				return err
			}
			_, err = f.c.UpdateView(testCtx(t, time.Minute), v.ID, modal("Second"))
			return err
		}, func(t *testing.T, f *fixture) int {
			if v := f.srv.OpenViews("UANA"); len(v) == 1 && strings.Contains(string(v[0].JSON), "Second") {
				return 1
			}
			return 0
		}},
		{"PublishView", "views.publish", func(t *testing.T, f *fixture) error {
			home := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: []slack.Block{
				slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, "home", false, false), nil, nil)}}}
			return f.c.PublishView(testCtx(t, time.Minute), "UANA", home)
		}, func(t *testing.T, f *fixture) int {
			if _, ok := f.srv.HomeView("UANA"); ok {
				return 1
			}
			return 0
		}},
		{"UserInfo", "users.info", func(t *testing.T, f *fixture) error {
			u, err := f.c.UserInfo(testCtx(t, time.Minute), "UANA")
			if err == nil && u.Locale != "en-US" {
				err = errors.New("locale " + u.Locale)
			}
			return err
		}, nil},
		{"UserChannels", "users.conversations", func(t *testing.T, f *fixture) error {
			chans, err := f.c.UserChannels(testCtx(t, time.Minute), "UANA")
			if err == nil && (len(chans) != 1 || chans[0] != "C1") {
				err = errors.New("channels " + strings.Join(chans, ","))
			}
			return err
		}, nil},
		{"ChannelMembers", "conversations.members", func(t *testing.T, f *fixture) error {
			members, err := f.c.ChannelMembers(testCtx(t, time.Minute), "C1")
			if err == nil && !strings.Contains(strings.Join(members, ","), "UANA") {
				err = errors.New("members " + strings.Join(members, ","))
			}
			return err
		}, nil},
		{"History", "conversations.history", func(t *testing.T, f *fixture) error {
			_, _, _ = f.c.PostMessage(testCtx(t, time.Minute), slackcall.Post{Channel: "C1", Key: "k-h", Options: text("find me")})
			if _, found, err := f.c.FindPost(testCtx(t, time.Minute), "C1", "", "k-h"); err != nil || !found {
				return errors.Join(err, errors.New("not found"))
			}
			return nil
		}, nil},
		{"Replies", "conversations.replies", func(t *testing.T, f *fixture) error {
			_, parent, _ := f.c.PostMessage(testCtx(t, time.Minute), slackcall.Post{Channel: "C1", Options: text("parent")})
			_, _, _ = f.c.PostMessage(testCtx(t, time.Minute), slackcall.Post{Channel: "C1", ThreadTS: parent, Key: "k-r", Options: text("reply")})
			if _, found, err := f.c.FindPost(testCtx(t, time.Minute), "C1", parent, "k-r"); err != nil || !found {
				return errors.Join(err, errors.New("not found"))
			}
			return nil
		}, nil},
		{"AddReaction", "reactions.add", func(t *testing.T, f *fixture) error {
			_, ts, _ := f.c.PostMessage(testCtx(t, time.Minute), slackcall.Post{Channel: "C1", Options: text("react")})
			return f.c.AddReaction(testCtx(t, time.Minute), "eyes", "C1", ts)
		}, func(t *testing.T, f *fixture) int {
			if m := f.srv.Messages("C1"); len(m) == 1 && len(m[0].Reactions) == 1 {
				return len(m[0].Reactions[0].Users)
			}
			return 0
		}},
		{"UploadURL", "files.getUploadURLExternal", upload, uploaded},
		{"UploadPost", "upload", upload, uploaded},
		{"UploadComplete", "files.completeUploadExternal", upload, uploaded},
		{"AuthTest", "auth.test", func(t *testing.T, f *fixture) error {
			_, err := f.c.AuthTest(testCtx(t, time.Minute))
			return err
		}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, fakeslack.Options{})
			f.srv.InjectFault(tc.method, limited)
			start := f.clock.Now()
			if err := tc.call(t, f); err != nil {
				t.Fatalf("call failed after five 429s: %v", err)
			}
			got := f.statuses(tc.method)
			if n := len(got); n < 6 || got[0] != 429 || got[4] != 429 || got[5] != 200 {
				t.Fatalf("%s answered %v, want five 429s then 200", tc.method, got)
			}
			if waited := f.clock.Now().Sub(start); waited < 10*time.Second {
				t.Errorf("waited %s on the clock, want at least 5 × Retry-After (10s)", waited)
			}
			if tc.effect != nil {
				if n := tc.effect(t, f); n != 1 {
					t.Errorf("took effect %d times, want once", n)
				}
			}
		})
	}
}

func upload(t *testing.T, f *fixture) error {
	_, err := f.c.UploadFile(testCtx(t, time.Minute), slackcall.Upload{Channel: "C1", Filename: "plan.csv", Title: "Plan", Data: []byte("a;b\n1;2\n")})
	return err
}

func uploaded(t *testing.T, f *fixture) int {
	n := 0
	for _, file := range f.srv.Files() {
		if file.Completed && file.Channel == "C1" {
			n++
		}
	}
	return n
}

// TestOpenView_RateLimitWithinTrigger: views.open is retried after a 429
// while the trigger lives, and not after a 5xx (the trigger is single
// use). A Retry-After longer than the deadline gives up at once, saying
// rate limited.
func TestOpenView_RateLimitWithinTrigger(t *testing.T) {
	t.Run("ShortRetryAfter", func(t *testing.T) {
		f := newFixture(t, fakeslack.Options{})
		f.srv.InjectFault("views.open", fakeslack.Fault{Status: 429, RetryAfter: 1, Times: 2})
		if _, err := f.c.OpenView(testCtx(t, 3*time.Second), f.trigger(t), modal("Goal")); err != nil {
			t.Fatalf("views.open after two 429s of 1 s: %v", err)
		}
		if got := f.statuses("views.open"); len(got) != 3 {
			t.Errorf("views.open answered %v, want 429, 429, 200", got)
		}
	})
	t.Run("LongRetryAfter", func(t *testing.T) {
		f := newFixture(t, fakeslack.Options{})
		f.srv.InjectFault("views.open", fakeslack.Fault{Status: 429, RetryAfter: 30})
		_, err := f.c.OpenView(testCtx(t, 3*time.Second), f.trigger(t), modal("Goal"))
		if slackcall.ReasonOf(err) != slackcall.RateLimited {
			t.Fatalf("err = %v, want rate limited", err)
		}
		if got := f.statuses("views.open"); len(got) != 1 {
			t.Errorf("views.open answered %v, want one 429 and no wait", got)
		}
	})
	t.Run("ServerError", func(t *testing.T) {
		f := newFixture(t, fakeslack.Options{})
		f.srv.InjectFault("views.open", fakeslack.Fault{Status: 503})
		_, err := f.c.OpenView(testCtx(t, 3*time.Second), f.trigger(t), modal("Goal"))
		var e *slackcall.Error
		if !errors.As(err, &e) || e.Reason != slackcall.SlackDown || !e.MayHaveTakenEffect {
			t.Fatalf("err = %v, want Slack down, may have opened", err)
		}
		if got := f.statuses("views.open"); len(got) != 1 {
			t.Errorf("views.open answered %v, want one 503, not retried", got)
		}
	})
}

// TestIdempotent_ServerErrors: the idempotent methods are retried after a
// 5xx, a hang (timeout) and a dropped connection, and take effect.
func TestIdempotent_ServerErrors(t *testing.T) {
	f := newFixture(t, fakeslack.Options{})
	f.c.AttemptTimeout = 200 * time.Millisecond
	f.srv.InjectFault("views.publish", fakeslack.Fault{Status: 502, Times: 2})
	f.srv.InjectFault("views.publish", fakeslack.Fault{Hang: true})
	f.srv.InjectFault("views.publish", fakeslack.Fault{Status: 500, AfterEffect: true})
	home := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: []slack.Block{
		slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, "home", false, false), nil, nil)}}}
	if err := f.c.PublishView(testCtx(t, time.Minute), "UANA", home); err != nil {
		t.Fatal(err)
	}
	if got := f.statuses("views.publish"); len(got) != 5 || got[4] != 200 {
		t.Errorf("views.publish answered %v, want 502, 502, a hang, 500, 200", got)
	}
	if _, ok := f.srv.HomeView("UANA"); !ok {
		t.Error("Home not published")
	}
}

// TestPostMessage_ExactlyOnce: a post with a key that meets a 5xx, a hang
// or a dropped answer, whether Slack posted it or not, is in the channel
// once.
func TestPostMessage_ExactlyOnce(t *testing.T) {
	cases := []struct {
		name  string
		fault fakeslack.Fault
		calls int // chat.postMessage requests
	}{
		{"503BeforePosting", fakeslack.Fault{Status: 503}, 2},
		{"500AfterPosting", fakeslack.Fault{Status: 500, AfterEffect: true}, 1},
		{"HangBeforePosting", fakeslack.Fault{Hang: true}, 2},
		{"HangAfterPosting", fakeslack.Fault{Hang: true, AfterEffect: true}, 1},
		{"InternalErrorBefore", fakeslack.Fault{Error: "internal_error"}, 2},
		{"Twice503ThenPosted", fakeslack.Fault{Status: 503, Times: 2}, 3},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, fakeslack.Options{})
			f.c.AttemptTimeout = 200 * time.Millisecond
			f.srv.InjectFault("chat.postMessage", tc.fault)
			// Unrelated messages after ours do not hide it.
			_, ts, err := f.c.PostMessage(testCtx(t, time.Minute), slackcall.Post{Channel: "C1", Key: "reminder:7:2026-06-01", Options: text("reminder")})
			if err != nil {
				t.Fatalf("post: %v", err)
			}
			msgs := f.srv.Messages("C1")
			if len(msgs) != 1 || msgs[0].TS != ts {
				t.Fatalf("%d messages in C1 (ts %s), want exactly one, ts %s", len(msgs), tsOf(msgs), ts)
			}
			if msgs[0].Metadata == nil || msgs[0].Metadata.EventType != slackcall.EventType || !strings.Contains(string(msgs[0].Metadata.EventPayload), "reminder:7:2026-06-01") {
				t.Errorf("metadata %+v, want the delivery key", msgs[0].Metadata)
			}
			if n := len(f.srv.Calls("chat.postMessage")); n != tc.calls {
				t.Errorf("%d chat.postMessage requests, want %d", n, tc.calls)
			}
			if n := len(f.srv.Calls("conversations.history")); n == 0 {
				t.Error("the history was not checked")
			}
		})
	}
	t.Run("WithoutKeyNotRetried", func(t *testing.T) {
		f := newFixture(t, fakeslack.Options{})
		f.srv.InjectFault("chat.postMessage", fakeslack.Fault{Status: 500, AfterEffect: true})
		_, _, err := f.c.PostMessage(testCtx(t, time.Minute), slackcall.Post{Channel: "C1", Options: text("dm")})
		var e *slackcall.Error
		if !errors.As(err, &e) || e.Reason != slackcall.SlackDown || !e.MayHaveTakenEffect {
			t.Fatalf("err = %v, want Slack down, may have posted", err)
		}
		if n := len(f.srv.Messages("C1")); n != 1 {
			t.Errorf("%d messages, want the one Slack posted, not a second", n)
		}
	})
	t.Run("FoundAfterCrash", func(t *testing.T) {
		f := newFixture(t, fakeslack.Options{})
		_, first, _ := f.c.PostMessage(testCtx(t, time.Minute), slackcall.Post{Channel: "C1", Key: "k-crash", Options: text("posted before the crash")})
		_, ts, err := f.c.PostMessage(testCtx(t, time.Minute), slackcall.Post{Channel: "C1", Key: "k-crash", MayHavePosted: true, Options: text("again")})
		if err != nil || ts != first || len(f.srv.Messages("C1")) != 1 {
			t.Fatalf("ts %s (first %s), err %v, %d messages; want the first found, none posted", ts, first, err, len(f.srv.Messages("C1")))
		}
		_, _, err = f.c.PostMessage(testCtx(t, time.Minute), slackcall.Post{Channel: "C1", Key: "k-never", MayHavePosted: true, Options: text("never posted")})
		if err != nil || len(f.srv.Messages("C1")) != 2 {
			t.Fatalf("err %v, %d messages; want the missing post made", err, len(f.srv.Messages("C1")))
		}
	})
}

func tsOf(msgs []fakeslack.Message) string {
	var out []string
	for _, m := range msgs {
		out = append(out, m.TS)
	}
	return strings.Join(out, ",")
}

// TestUpload_CompleteUnanswered: a completeUploadExternal that got no
// answer is checked with files.info: the file is shared once.
func TestUpload_CompleteUnanswered(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fault fakeslack.Fault
	}{
		{"Before", fakeslack.Fault{Status: 502}},
		{"After", fakeslack.Fault{Status: 502, AfterEffect: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, fakeslack.Options{})
			f.srv.InjectFault("files.completeUploadExternal", tc.fault)
			if err := upload(t, f); err != nil {
				t.Fatal(err)
			}
			if n := uploaded(t, f); n != 1 {
				t.Errorf("%d files shared, want 1", n)
			}
			if n := len(f.srv.Messages("C1")); n != 1 {
				t.Errorf("%d messages, want 1", n)
			}
			if len(f.srv.Calls("files.info")) == 0 {
				t.Error("files.info was not asked")
			}
		})
	}
}

// TestPostMessage_Pace: posts to one channel keep a second apart on the
// clock, so a limiter as strict as Slack never answers 429; a channel held
// by a Retry-After makes a post with a short MaxWait return at once,
// posting nothing, with the time left.
func TestPostMessage_Pace(t *testing.T) {
	f := newFixture(t, fakeslack.Options{PostRateLimit: time.Second})
	for i := range 5 {
		if _, _, err := f.c.PostMessage(testCtx(t, time.Minute), slackcall.Post{Channel: "C1", Options: text("paced")}); err != nil {
			t.Fatalf("post %d: %v", i, err)
		}
	}
	if n := f.srv.RateLimited(); n != 0 {
		t.Errorf("%d posts refused by the per-channel limit", n)
	}
	f.srv.StartStorm(fakeslack.Storm{Method: "chat.postMessage", Channel: "C1", For: 30 * time.Second})
	_, _, err := f.c.PostMessage(testCtx(t, time.Minute), slackcall.Post{Channel: "C1", Options: text("held"), MaxWait: 2 * time.Second})
	var e *slackcall.Error
	if !errors.As(err, &e) || e.Reason != slackcall.RateLimited || e.RetryAfter < 25*time.Second {
		t.Fatalf("err = %v, want rate limited for about 30 s", err)
	}
	if d := f.c.PostDelay("C1"); d < 25*time.Second {
		t.Errorf("PostDelay(C1) = %s, want the hold", d)
	}
	if d := f.c.PostDelay("C2"); d > 0 {
		t.Errorf("PostDelay(C2) = %s, want 0", d)
	}
	// Without MaxWait, a background post waits the storm out and posts.
	if _, _, err := f.c.PostMessage(testCtx(t, time.Minute), slackcall.Post{Channel: "C1", Options: text("after the storm")}); err != nil {
		t.Fatal(err)
	}
	if n := len(f.srv.Messages("C1")); n != 6 {
		t.Errorf("%d messages, want 6", n)
	}
}

// TestRefused: an error answer is not retried, and says why.
func TestRefused(t *testing.T) {
	f := newFixture(t, fakeslack.Options{})
	_, _, err := f.c.PostMessage(testCtx(t, time.Minute), slackcall.Post{Channel: "CNOBOT", Key: "k", Options: text("x")})
	if slackcall.ReasonOf(err) != slackcall.Unreachable || slackcall.CodeOf(err) != "not_in_channel" {
		t.Fatalf("err = %v, want unreachable, not_in_channel", err)
	}
	var se slack.SlackErrorResponse
	if !errors.As(err, &se) {
		t.Error("slack-go's error is not wrapped")
	}
	if n := len(f.srv.Calls("chat.postMessage")); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
	f.srv.RejectToken("xoxb-test", "invalid_auth")
	_, err = f.c.AuthTest(testCtx(t, time.Minute))
	if !slackcall.TokenRefused(err) {
		t.Errorf("auth.test with a rejected token: %v, want the token refused", err)
	}
}

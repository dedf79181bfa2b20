package fakeslack

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
)

func newClient(srv *Server, token string) *slack.Client {
	return slack.New(token, slack.OptionAPIURL(srv.APIURL()))
}

func TestPostMessageChannels(t *testing.T) {
	srv := MustStart(t, Options{})
	srv.AddChannel(Channel{ID: "C1", Name: "general", IsMember: true})
	srv.AddChannel(Channel{ID: "C2", Name: "random"})
	srv.AddChannel(Channel{ID: "C3", Name: "old", IsMember: true, IsArchived: true})
	api := newClient(srv, "xoxb-test")
	ctx := testCtx(t)
	for _, tt := range []struct {
		name, channel, wantErr string
	}{
		{"OK", "C1", ""},
		{"ErrNotInChannel", "C2", "not_in_channel"},
		{"ErrArchived", "C3", "is_archived"},
		{"ErrUnknown", "C9", "channel_not_found"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := api.PostMessageContext(ctx, tt.channel, slack.MsgOptionText("hi", false))
			if got := errString(err); got != tt.wantErr {
				t.Fatalf("err = %q, want %q", got, tt.wantErr)
			}
		})
	}
	if n := len(srv.Calls("chat.postMessage")); n != 4 {
		t.Fatalf("recorded %d calls, want 4 (failed ones too)", n)
	}
	if msgs := srv.Messages(""); len(msgs) != 1 || msgs[0].Channel != "C1" || msgs[0].Text != "hi" || msgs[0].User != BotUserID {
		t.Fatalf("messages = %+v", msgs)
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestMessagesLifecycle(t *testing.T) {
	srv := MustStart(t, Options{})
	srv.AddChannel(Channel{ID: "C1", IsMember: true})
	srv.AddUser(User{ID: "U1", Name: "ann"})
	api := newClient(srv, "xoxb-test")
	ctx := testCtx(t)
	block := slack.NewSectionBlock(slack.NewTextBlockObject("mrkdwn", "*hi*", false, false), nil, nil)
	_, ts1, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("one", false), slack.MsgOptionBlocks(block))
	if err != nil {
		t.Fatal(err)
	}
	_, ts2, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("two", false), slack.MsgOptionTS(ts1))
	if err != nil {
		t.Fatal(err)
	}
	if ts2 <= ts1 {
		t.Fatalf("ts not increasing: %s then %s", ts1, ts2)
	}
	if _, _, _, err := api.UpdateMessageContext(ctx, "C1", ts1, slack.MsgOptionText("one!", false)); err != nil {
		t.Fatal(err)
	}
	eph, err := api.PostEphemeralContext(ctx, "C1", "U1", slack.MsgOptionText("psst", false))
	if err != nil || eph == "" {
		t.Fatalf("ephemeral: %q %v", eph, err)
	}
	if _, _, err := api.DeleteMessageContext(ctx, "C1", ts2); err != nil {
		t.Fatal(err)
	}
	link, err := api.GetPermalinkContext(ctx, &slack.PermalinkParameters{Channel: "C1", Ts: ts1})
	if err != nil || !strings.Contains(link, "/archives/C1/p") {
		t.Fatalf("permalink %q %v", link, err)
	}
	msgs := srv.Messages("C1")
	if len(msgs) != 2 || msgs[0].Text != "one!" || !msgs[0].Updated || !strings.Contains(string(msgs[0].Blocks), "*hi*") || !msgs[1].Ephemeral || msgs[1].EphemeralUser != "U1" {
		t.Fatalf("messages = %+v", msgs)
	}
	if m, ok := srv.Message("C1", ts2); !ok || !m.Deleted || m.ThreadTS != ts1 {
		t.Fatalf("deleted message = %+v %v", m, ok)
	}
}

func TestAuthAndUnknownMethod(t *testing.T) {
	srv := MustStart(t, Options{})
	srv.AddUser(User{ID: "U1", Name: "marie", Locale: "fr-FR", TZ: "Europe/Paris"})
	ctx := testCtx(t)
	if _, err := newClient(srv, "xapp-nope").AuthTestContext(ctx); errString(err) != "invalid_auth" {
		t.Fatalf("auth.test with app token: %v", err)
	}
	api := newClient(srv, "xoxb-test")
	at, err := api.AuthTestContext(ctx)
	if err != nil || at.UserID != BotUserID || at.TeamID != TeamID {
		t.Fatalf("auth.test = %+v %v", at, err)
	}
	u, err := api.GetUserInfoContext(ctx, "U1")
	if err != nil || u.Locale != "fr-FR" || u.TZ != "Europe/Paris" {
		t.Fatalf("users.info = %+v %v", u, err)
	}
	if _, err := api.GetUserInfoContext(ctx, "U9"); errString(err) != "user_not_found" {
		t.Fatalf("unknown user: %v", err)
	}
	if _, err := api.SetTopicOfConversationContext(ctx, "C1", "x"); errString(err) != "unknown_method" {
		t.Fatalf("unknown method: %v", err)
	}
	if c := srv.Calls("conversations.setTopic"); len(c) != 1 || c[0].Token != "xoxb-test" {
		t.Fatalf("unknown method call not recorded: %+v", c)
	}
}

func TestFaultRateLimited(t *testing.T) {
	srv := MustStart(t, Options{})
	srv.AddChannel(Channel{ID: "C1", IsMember: true})
	srv.InjectFault("chat.postMessage", Fault{Status: http.StatusTooManyRequests, RetryAfter: 7})
	srv.InjectFault("chat.postMessage", Fault{Error: "fatal_error", Times: 2})
	api := newClient(srv, "xoxb-test")
	ctx := testCtx(t)
	_, _, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("hi", false))
	var rl *slack.RateLimitedError
	if !errors.As(err, &rl) || rl.RetryAfter != 7*time.Second {
		t.Fatalf("err = %v, want RateLimitedError after 7s", err)
	}
	for range 2 {
		if _, _, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("hi", false)); errString(err) != "fatal_error" {
			t.Fatalf("err = %v, want fatal_error", err)
		}
	}
	if _, _, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("hi", false)); err != nil {
		t.Fatalf("after faults: %v", err)
	}
	calls := srv.Calls("chat.postMessage")
	if len(calls) != 4 || calls[0].Status != 429 || calls[3].Status != 200 {
		t.Fatalf("calls = %d, first status %d", len(calls), calls[0].Status)
	}
	if n := len(srv.Messages("C1")); n != 1 {
		t.Fatalf("messages = %d, want 1", n)
	}
}

func TestFileUploadV2(t *testing.T) {
	srv := MustStart(t, Options{})
	srv.AddChannel(Channel{ID: "C1", IsMember: true})
	api := newClient(srv, "xoxb-test")
	content := "name,score\nann,3\n"
	sum, err := api.UploadFileContext(testCtx(t), slack.UploadFileParameters{
		Filename: "report.csv", FileSize: len(content), Content: content,
		Title: "Report", Channel: "C1", InitialComment: "weekly report",
	})
	if err != nil {
		t.Fatalf("upload: %v", err)
	}
	files := srv.Files()
	if len(files) != 1 || files[0].ID != sum.ID || string(files[0].Data) != content || !files[0].Completed || files[0].Title != "Report" || files[0].Channel != "C1" {
		t.Fatalf("files = %+v", files)
	}
	up := srv.Calls("upload")
	if len(up) != 1 || up[0].Token != "xoxb-test" {
		t.Fatalf("upload calls = %+v", up)
	}
	msgs := srv.Messages("C1")
	if len(msgs) != 1 || msgs[0].Text != "weekly report" || len(msgs[0].Files) != 1 || msgs[0].Files[0] != sum.ID {
		t.Fatalf("messages = %+v", msgs)
	}
}

func TestWaitCallAndSubscribe(t *testing.T) {
	srv := MustStart(t, Options{})
	srv.AddChannel(Channel{ID: "C1", IsMember: true})
	feed, cancel := srv.Subscribe()
	defer cancel()
	ctx := testCtx(t)
	got := make(chan Call, 1)
	go func() {
		c, err := srv.WaitCall(ctx, "chat.postMessage", func(c Call) bool { return c.Params.Get("text") == "second" })
		if err != nil {
			t.Error(err)
		}
		got <- c
	}()
	api := newClient(srv, "xoxb-test")
	for _, text := range []string{"first", "second"} {
		if _, _, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText(text, false)); err != nil {
			t.Fatal(err)
		}
	}
	if c := <-got; c.Params.Get("channel") != "C1" || !strings.Contains(string(c.Response), `"ok":true`) {
		t.Fatalf("call = %+v", c)
	}
	for _, want := range []string{"first", "second"} {
		if c := <-feed; c.Params.Get("text") != want {
			t.Fatalf("feed text = %q, want %q", c.Params.Get("text"), want)
		}
	}
	cancel()
	if _, ok := <-feed; ok {
		t.Fatal("feed still open after cancel")
	}
}

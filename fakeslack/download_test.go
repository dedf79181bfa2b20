package fakeslack

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

func TestMemberUploadDownload(t *testing.T) {
	srv := MustStart(t, Options{})
	srv.AddUser(User{ID: "U1", Name: "ann"})
	srv.AddChannel(Channel{ID: "C1", IsMember: true, Members: []string{"U1"}})
	srv.AddChannel(Channel{ID: "C2", Members: []string{"U1"}})
	data := []byte("Date,Sessions\n20260601,120\n")
	f, msg, err := srv.UploadFile(Upload{Channel: "C1", User: "U1", Name: "ga4 export.csv", Comment: "June <GA4>", Data: data})
	if err != nil {
		t.Fatal(err)
	}
	if msg.User != "U1" || len(msg.Files) != 1 || msg.Files[0] != f.ID || msg.Text != "June &lt;GA4&gt;" {
		t.Fatalf("upload message = %+v", msg)
	}
	api := newClient(srv, "xoxb-test")
	ctx := testCtx(t)

	h, err := api.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{ChannelID: "C1"})
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Messages) != 1 || h.Messages[0].SubType != "file_share" || len(h.Messages[0].Files) != 1 || h.Messages[0].Files[0].ID != f.ID {
		t.Fatalf("history = %+v", h.Messages)
	}
	info, _, _, err := api.GetFileInfoContext(ctx, f.ID, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if info.Name != "ga4 export.csv" || info.Mimetype != "text/csv" || info.Filetype != "csv" || info.User != "U1" || info.Size != len(data) || !strings.HasPrefix(info.URLPrivateDownload, srv.APIURL()[:len(srv.APIURL())-len("api/")]) {
		t.Fatalf("files.info = %+v", info)
	}

	var got bytes.Buffer
	if err := api.GetFileContext(ctx, info.URLPrivateDownload, &got); err != nil || !bytes.Equal(got.Bytes(), data) {
		t.Fatalf("download with the bot token: %q, %v", got.Bytes(), err)
	}

	// Without a valid bot token, Slack answers the sign-in page, not the file.
	srv.RejectToken("xoxb-revoked", "token_revoked")
	got.Reset()
	err = newClient(srv, "xoxb-revoked").GetFileContext(ctx, info.URLPrivateDownload, &got)
	if err == nil || !strings.Contains(err.Error(), "sign-in") || got.Len() != 0 {
		t.Fatalf("download with a revoked token: %q, %v; want slack-go's sign-in error", got.Bytes(), err)
	}
	for _, auth := range []string{"", "Bearer xoxp-user", "Bearer xoxb-revoked"} {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, info.URLPrivateDownload, nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") || bytes.Contains(body, data) || resp.Request.URL.Query().Get("redir") == "" {
			t.Fatalf("download with %q: %d %s %q, want the HTML sign-in page", auth, resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
	}

	// A file shared where the bot is not is invisible to it.
	hidden, _, err := srv.UploadFile(Upload{Channel: "C2", User: "U1", Name: "x.csv", Data: data})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := api.GetFileInfoContext(ctx, hidden.ID, 0, 0); errString(err) != "file_not_found" {
		t.Fatalf("files.info of a file outside the bot's channels: %v", err)
	}
	if n := len(srv.Calls("download")); n != 5 {
		t.Fatalf("recorded %d downloads, want 5", n)
	}
	if _, _, err := srv.UploadFile(Upload{Channel: "C1", User: "U2", Name: "x.csv"}); err == nil {
		t.Fatal("upload by a non-member succeeded")
	}
}

func TestBotUploadDownloadable(t *testing.T) {
	srv := MustStart(t, Options{})
	srv.AddChannel(Channel{ID: "C1", IsMember: true})
	api := newClient(srv, "xoxb-test")
	ctx := testCtx(t)
	content := "week,reach\n1,100\n"
	sum, err := api.UploadFileContext(ctx, slack.UploadFileParameters{Filename: "export.csv", FileSize: len(content), Content: content, Channel: "C1"})
	if err != nil {
		t.Fatal(err)
	}
	info, _, _, err := api.GetFileInfoContext(ctx, sum.ID, 0, 0)
	if err != nil || info.User != BotUserID {
		t.Fatalf("files.info = %+v, %v", info, err)
	}
	var got bytes.Buffer
	if err := api.GetFileContext(ctx, info.URLPrivateDownload, &got); err != nil || got.String() != content {
		t.Fatalf("download = %q, %v", got.String(), err)
	}
}

// TestUploadInPayloads checks a member's upload as the bot sees it: in a
// message shortcut payload and in a message event.
func TestUploadInPayloads(t *testing.T) {
	srv := MustStart(t, Options{})
	srv.AddUser(User{ID: "U1"})
	srv.AddChannel(Channel{ID: "C1", IsMember: true, Members: []string{"U1"}})
	bot := MustStartBot(t, srv, nil)
	f, msg, err := srv.UploadFile(Upload{Channel: "C1", User: "U1", Name: "leads.xlsx", Data: []byte("PK\x03\x04")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.MessageShortcut(testCtx(t), Shortcut{CallbackID: "import_results", UserID: "U1", ChannelID: "C1", MessageTS: msg.TS}); err != nil {
		t.Fatal(err)
	}
	cb := bot.next(t).Data.(slack.InteractionCallback)
	if files := cb.Message.Files; len(files) != 1 || files[0].ID != f.ID || files[0].URLPrivateDownload == "" || files[0].Filetype != "xlsx" {
		t.Fatalf("shortcut message files = %+v", cb.Message.Files)
	}
	if _, err := srv.SendMessageEvent(testCtx(t), "Ev1", "C1", msg.TS); err != nil {
		t.Fatal(err)
	}
	evt := bot.next(t)
	me, ok := evt.Data.(slackevents.EventsAPIEvent).InnerEvent.Data.(*slackevents.MessageEvent)
	if !ok || me.SubType != "file_share" || me.User != "U1" || me.Channel != "C1" || me.ChannelType != "channel" || len(me.Message.Files) != 1 || me.Message.Files[0].ID != f.ID {
		t.Fatalf("message event = %#v", evt.Data)
	}
}

package fakeslack

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/slack-go/slack"
)

// TestSnapshotRestore fills a server through the Web API, carries its
// State through JSON into a new server, and checks the new one shows the
// same history and goes on from it.
func TestSnapshotRestore(t *testing.T) {
	ctx := context.Background()
	old := MustStart(t, Options{})
	old.AddUser(User{ID: "UANA", Name: "ana"})
	old.AddChannel(Channel{ID: "C1", Name: "general", IsMember: true})
	api := slack.New("xoxb-test", slack.OptionAPIURL(old.APIURL()))

	_, parent, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("parent", false),
		slack.MsgOptionBlocks(slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, "*parent*", false, false), nil, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("reply", false), slack.MsgOptionTS(parent)); err != nil {
		t.Fatal(err)
	}
	_, gone, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("deleted later", false))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := api.DeleteMessageContext(ctx, "C1", gone); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := api.UpdateMessageContext(ctx, "C1", parent, slack.MsgOptionText("parent, edited", false)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := api.PostMessageContext(ctx, "UANA", slack.MsgOptionText("a DM", false)); err != nil {
		t.Fatal(err)
	}
	chart := []byte("\x89PNG\r\n\x1a\nnot really")
	file, err := api.UploadFileContext(ctx, slack.UploadFileParameters{
		Filename: "chart.png", Reader: bytes.NewReader(chart), FileSize: len(chart), Channel: "C1", ThreadTimestamp: parent,
	})
	if err != nil {
		t.Fatal(err)
	}
	home := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: []slack.Block{
		slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, "Your plans", false, false)),
	}}}
	if _, err := api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: "UANA", View: home}); err != nil {
		t.Fatal(err)
	}

	snap, err := old.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	oldMessages, oldFiles := old.Messages(""), old.Files()
	// The snapshot is the caller's: later changes do not reach it.
	if _, _, _, err := api.UpdateMessageContext(ctx, "C1", parent, slack.MsgOptionText("changed after the snapshot", false)); err != nil {
		t.Fatal(err)
	}
	if snap.Messages[0].Text != "parent, edited" {
		t.Errorf("snapshot's message changed with the server: %q", snap.Messages[0].Text)
	}
	raw, err := json.Marshal(snap)
	if err != nil {
		t.Fatal(err)
	}
	var st State
	if err := json.Unmarshal(raw, &st); err != nil {
		t.Fatal(err)
	}
	srv := MustStart(t, Options{})
	srv.AddUser(User{ID: "UANA", Name: "ana"})
	srv.AddChannel(Channel{ID: "C1", Name: "general", IsMember: true})
	if err := srv.Restore(st); err != nil {
		t.Fatal(err)
	}

	if got, want := srv.Messages(""), oldMessages; !reflect.DeepEqual(got, want) {
		t.Errorf("messages after restore:\n got %+v\nwant %+v", got, want)
	}
	if m, ok := srv.Message("C1", gone); !ok || !m.Deleted {
		t.Errorf("deleted message after restore = %+v, %v; want it kept as deleted", m, ok)
	}
	if got, want := srv.Files(), oldFiles; !reflect.DeepEqual(got, want) || len(got) != 1 || !bytes.Equal(got[0].Data, chart) {
		t.Errorf("files after restore:\n got %+v\nwant %+v", got, want)
	}
	if v, ok := srv.HomeView("UANA"); !ok || !strings.Contains(string(v.JSON), "Your plans") {
		t.Errorf("Home after restore = %+v, %v", v, ok)
	}

	// The server goes on from the restored history: the bot edits an old
	// message and replies in a DM, ids and timestamps come after the old ones.
	api = slack.New("xoxb-test", slack.OptionAPIURL(srv.APIURL()))
	if _, _, _, err := api.UpdateMessageContext(ctx, "C1", parent, slack.MsgOptionText("edited after the restart", false)); err != nil {
		t.Errorf("update a restored message: %v", err)
	}
	dm := old.Messages("DANA")
	if len(dm) != 1 {
		t.Fatalf("DMs before the restart = %+v", dm)
	}
	if _, _, _, err := api.UpdateMessageContext(ctx, "DANA", dm[0].TS, slack.MsgOptionText("DM, edited", false)); err != nil {
		t.Errorf("update a restored DM: %v", err)
	}
	_, next, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("after", false))
	if err != nil {
		t.Fatal(err)
	}
	if maxTS([]Message{{TS: next}}) <= st.LastTS {
		t.Errorf("new ts %s is not after the restored ones (last %d)", next, st.LastTS)
	}
	again, err := api.UploadFileContext(ctx, slack.UploadFileParameters{Filename: "b.csv", Content: "a,b", FileSize: 3, Channel: "C1"})
	if err != nil {
		t.Fatal(err)
	}
	if again.ID == file.ID {
		t.Errorf("a new file got the restored file's id %s", file.ID)
	}
	if err := srv.Restore(st); !errors.Is(err, ErrNotEmpty) {
		t.Errorf("restore into a server with messages = %v, want ErrNotEmpty", err)
	}
}

func TestRestoreRefusesBadState(t *testing.T) {
	msg := func(ch, ts string, files ...string) Message { return Message{Channel: ch, TS: ts, Files: files} }
	for _, tt := range []struct {
		name string
		st   State
		want string
	}{
		{"ErrVersion", State{Version: 99}, "version 99"},
		{"ErrRepeatedTS", State{Version: StateVersion, Messages: []Message{msg("C1", "1.000001"), msg("C1", "1.000001")}}, "repeated"},
		{"ErrMissingFile", State{Version: StateVersion, Messages: []Message{msg("C1", "1.000001", "F9")}}, "names file F9"},
		{"ErrRepeatedHome", State{Version: StateVersion, Homes: []View{{ID: "V1", User: "U1"}, {ID: "V2", User: "U1"}}}, "repeated"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := MustStart(t, Options{})
			err := srv.Restore(tt.st)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Restore = %v, want an error with %q", err, tt.want)
			}
			if len(srv.Messages("")) != 0 {
				t.Error("a refused state left messages behind")
			}
		})
	}
}

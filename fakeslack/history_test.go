package fakeslack

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/slack-go/slack"
)

// mustPost posts text to channel through slack-go and returns the ts.
func mustPost(t *testing.T, api *slack.Client, channel string, opts ...slack.MsgOption) string {
	t.Helper()
	_, ts, err := api.PostMessageContext(testCtx(t), channel, opts...)
	if err != nil {
		t.Fatalf("post to %s: %v", channel, err)
	}
	return ts
}

func texts(msgs []slack.Message) []string {
	var out []string
	for _, m := range msgs {
		out = append(out, m.Text)
	}
	return out
}

func TestHistoryMetadata(t *testing.T) {
	srv := MustStart(t, Options{})
	srv.AddChannel(Channel{ID: "C1", IsMember: true})
	srv.AddUser(User{ID: "U1"})
	api := newClient(srv, "xoxb-test")
	ctx := testCtx(t)
	md := slack.SlackMetadata{EventType: "planbot_delivery", EventPayload: map[string]any{"key": "reminder:7:2026-06-01"}}
	mustPost(t, api, "C1", slack.MsgOptionText("one", false))
	mustPost(t, api, "C1", slack.MsgOptionText("two", false), slack.MsgOptionMetadata(md))
	mustPost(t, api, "C1", slack.MsgOptionText("three", false), slack.MsgOptionPostMessageParameters(slack.PostMessageParameters{MetaData: md}))
	if _, err := api.PostEphemeralContext(ctx, "C1", "U1", slack.MsgOptionText("psst", false)); err != nil {
		t.Fatal(err)
	}
	stored := srv.Messages("C1")
	if stored[1].Metadata == nil || stored[1].Metadata.EventType != "planbot_delivery" || stored[0].Metadata != nil {
		t.Fatalf("stored metadata: %+v, %+v", stored[0].Metadata, stored[1].Metadata)
	}

	for _, tt := range []struct {
		name    string
		all     bool
		wantKey string
	}{
		{"WithoutIncludeAllMetadata", false, ""},
		{"WithIncludeAllMetadata", true, "reminder:7:2026-06-01"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h, err := api.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{ChannelID: "C1", IncludeAllMetadata: tt.all})
			if err != nil {
				t.Fatal(err)
			}
			if got := texts(h.Messages); !slices.Equal(got, []string{"three", "two", "one"}) {
				t.Fatalf("history = %q, want newest first without the ephemeral message", got)
			}
			for i, m := range h.Messages[:2] {
				key, _ := m.Metadata.EventPayload["key"].(string)
				if key != tt.wantKey {
					t.Errorf("message %d metadata key = %q, want %q", i, key, tt.wantKey)
				}
			}
			if h.Messages[2].Metadata.EventType != "" {
				t.Errorf("message without metadata shows %+v", h.Messages[2].Metadata)
			}
		})
	}

	// chat.update replaces the metadata.
	ts := stored[0].TS
	upd := slack.SlackMetadata{EventType: "planbot_delivery", EventPayload: map[string]any{"key": "late"}}
	if _, _, _, err := api.UpdateMessageContext(ctx, "C1", ts, slack.MsgOptionText("one!", false), slack.MsgOptionMetadata(upd)); err != nil {
		t.Fatal(err)
	}
	if m, _ := srv.Message("C1", ts); m.Metadata == nil || string(m.Metadata.EventPayload) != `{"key":"late"}` {
		t.Fatalf("updated metadata = %+v", m.Metadata)
	}
}

func TestHistoryPagingAndWindow(t *testing.T) {
	srv := MustStart(t, Options{})
	srv.AddChannel(Channel{ID: "C1", IsMember: true})
	srv.AddChannel(Channel{ID: "C2", IsMember: true})
	api := newClient(srv, "xoxb-test")
	ctx := testCtx(t)
	var ts []string
	for _, text := range []string{"a", "b", "c", "d", "e"} {
		ts = append(ts, mustPost(t, api, "C1", slack.MsgOptionText(text, false)))
		mustPost(t, api, "C2", slack.MsgOptionText("other "+text, false))
	}
	var pages [][]string
	cursor := ""
	for {
		h, err := api.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{ChannelID: "C1", Limit: 2, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, texts(h.Messages))
		if h.HasMore != (h.ResponseMetaData.NextCursor != "") {
			t.Fatalf("has_more %v with next_cursor %q", h.HasMore, h.ResponseMetaData.NextCursor)
		}
		if cursor = h.ResponseMetaData.NextCursor; cursor == "" {
			break
		}
	}
	if got, _ := json.Marshal(pages); string(got) != `[["e","d"],["c","b"],["a"]]` {
		t.Fatalf("pages = %s", got)
	}

	for _, tt := range []struct {
		name      string
		params    slack.GetConversationHistoryParameters
		wantTexts []string
	}{
		{"Oldest", slack.GetConversationHistoryParameters{Oldest: ts[2]}, []string{"e", "d"}},
		{"OldestInclusive", slack.GetConversationHistoryParameters{Oldest: ts[2], Inclusive: true}, []string{"e", "d", "c"}},
		{"Latest", slack.GetConversationHistoryParameters{Latest: ts[1]}, []string{"a"}},
		{"Window", slack.GetConversationHistoryParameters{Oldest: ts[0], Latest: ts[3]}, []string{"c", "b"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.params.ChannelID = "C1"
			h, err := api.GetConversationHistoryContext(ctx, &tt.params)
			if err != nil {
				t.Fatal(err)
			}
			if got := texts(h.Messages); !slices.Equal(got, tt.wantTexts) {
				t.Fatalf("history = %q, want %q", got, tt.wantTexts)
			}
		})
	}
}

func TestHistoryErrors(t *testing.T) {
	srv := MustStart(t, Options{})
	srv.AddChannel(Channel{ID: "C1", IsMember: true})
	srv.AddChannel(Channel{ID: "C2"})
	srv.AddChannel(Channel{ID: "C3", IsPrivate: true})
	api := newClient(srv, "xoxb-test")
	ctx := testCtx(t)
	for _, tt := range []struct {
		name    string
		params  slack.GetConversationHistoryParameters
		wantErr string
	}{
		{"ErrNotInChannel", slack.GetConversationHistoryParameters{ChannelID: "C2"}, "not_in_channel"},
		{"ErrPrivateNotMember", slack.GetConversationHistoryParameters{ChannelID: "C3"}, "channel_not_found"},
		{"ErrUnknown", slack.GetConversationHistoryParameters{ChannelID: "C9"}, "channel_not_found"},
		{"ErrCursor", slack.GetConversationHistoryParameters{ChannelID: "C1", Cursor: "bm9wZQ=="}, "invalid_cursor"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := api.GetConversationHistoryContext(ctx, &tt.params); errString(err) != tt.wantErr {
				t.Fatalf("err = %v, want %s", err, tt.wantErr)
			}
		})
	}
	_, _, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("x", false), slack.MsgOptionMetadata(slack.SlackMetadata{EventPayload: map[string]any{"k": 1}}))
	if errString(err) != "invalid_metadata_format" {
		t.Fatalf("metadata without event_type: %v", err)
	}
}

func TestThreadsAndReactions(t *testing.T) {
	srv := MustStart(t, Options{})
	srv.AddUser(User{ID: "U1", Name: "ann"})
	srv.AddChannel(Channel{ID: "C1", IsMember: true, Members: []string{"U1"}})
	api := newClient(srv, "xoxb-test")
	ctx := testCtx(t)
	parent := mustPost(t, api, "C1", slack.MsgOptionText("parent", false))
	reply, err := srv.PostAsUser(UserMessage{Channel: "C1", User: "U1", Text: "late & torn <again>", ThreadTS: parent})
	if err != nil {
		t.Fatal(err)
	}
	if reply.Text != "late &amp; torn &lt;again&gt;" || reply.User != "U1" {
		t.Fatalf("member reply stored as %+v, want Slack's escapes and the member as author", reply)
	}
	// A reply to a reply joins the parent's thread, as in Slack.
	mustPost(t, api, "C1", slack.MsgOptionText("queued", false), slack.MsgOptionTS(reply.TS))
	mustPost(t, api, "C1", slack.MsgOptionText("shown", false), slack.MsgOptionTS(parent), slack.MsgOptionBroadcast())
	mustPost(t, api, "C1", slack.MsgOptionText("after", false))

	h, err := api.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{ChannelID: "C1"})
	if err != nil {
		t.Fatal(err)
	}
	if got := texts(h.Messages); !slices.Equal(got, []string{"after", "shown", "parent"}) {
		t.Fatalf("history = %q, want top-level messages and the broadcast reply", got)
	}
	p := h.Messages[2]
	if p.ReplyCount != 3 || p.ThreadTimestamp != parent || !slices.Equal(p.ReplyUsers, []string{"U1", BotUserID}) {
		t.Fatalf("parent: reply_count %d, thread_ts %q, reply_users %v", p.ReplyCount, p.ThreadTimestamp, p.ReplyUsers)
	}

	msgs, hasMore, _, err := api.GetConversationRepliesContext(ctx, &slack.GetConversationRepliesParameters{ChannelID: "C1", Timestamp: reply.TS})
	if err != nil || hasMore {
		t.Fatalf("replies: %v (has_more %v)", err, hasMore)
	}
	if got := texts(msgs); !slices.Equal(got, []string{"parent", reply.Text, "queued", "shown"}) {
		t.Fatalf("replies = %q", got)
	}
	if _, _, _, err := api.GetConversationRepliesContext(ctx, &slack.GetConversationRepliesParameters{ChannelID: "C1", Timestamp: "1.000001"}); errString(err) != "thread_not_found" {
		t.Fatalf("unknown thread: %v", err)
	}

	ref := slack.NewRefToMessage("C1", reply.TS)
	if err := api.AddReactionContext(ctx, "eyes", ref); err != nil {
		t.Fatal(err)
	}
	if err := api.AddReactionContext(ctx, "eyes", ref); errString(err) != "already_reacted" {
		t.Fatalf("second reaction: %v", err)
	}
	if err := api.AddReactionContext(ctx, "eyes", slack.NewRefToMessage("C1", "1.000001")); errString(err) != "message_not_found" {
		t.Fatalf("reaction on unknown message: %v", err)
	}
	m, _ := srv.Message("C1", reply.TS)
	if len(m.Reactions) != 1 || m.Reactions[0].Name != "eyes" || !slices.Equal(m.Reactions[0].Users, []string{BotUserID}) {
		t.Fatalf("reactions = %+v", m.Reactions)
	}
	msgs, _, _, _ = api.GetConversationRepliesContext(ctx, &slack.GetConversationRepliesParameters{ChannelID: "C1", Timestamp: parent})
	if r := msgs[1].Reactions; len(r) != 1 || r[0].Name != "eyes" || r[0].Count != 1 {
		t.Fatalf("reply in replies shows reactions %+v", r)
	}

	// The bot cannot edit or delete a member's message.
	if _, _, _, err := api.UpdateMessageContext(ctx, "C1", reply.TS, slack.MsgOptionText("x", false)); errString(err) != "cant_update_message" {
		t.Fatalf("update a member's message: %v", err)
	}
	if _, _, err := api.DeleteMessageContext(ctx, "C1", reply.TS); errString(err) != "cant_delete_message" {
		t.Fatalf("delete a member's message: %v", err)
	}
	if _, err := srv.PostAsUser(UserMessage{Channel: "C1", User: BotUserID + "x", Text: "hi"}); err == nil {
		t.Fatal("PostAsUser by an unknown user succeeded")
	}
}

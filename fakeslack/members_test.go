package fakeslack

import (
	"slices"
	"testing"

	"github.com/slack-go/slack"
)

func TestConversationsMembersPaged(t *testing.T) {
	srv := MustStart(t, Options{})
	srv.AddChannel(Channel{ID: "C1", IsMember: true, Members: []string{"U1", "U2", "U3", "U4"}})
	api := newClient(srv, "xoxb-test")
	ctx := testCtx(t)
	var all []string
	cursor, pages := "", 0
	for {
		ids, next, err := api.GetUsersInConversationContext(ctx, &slack.GetUsersInConversationParameters{ChannelID: "C1", Limit: 2, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		if len(ids) > 2 {
			t.Fatalf("page of %d members, limit 2", len(ids))
		}
		all, cursor, pages = append(all, ids...), next, pages+1
		if cursor == "" {
			break
		}
	}
	if want := []string{BotUserID, "U1", "U2", "U3", "U4"}; !slices.Equal(all, want) || pages != 3 {
		t.Fatalf("members = %v in %d pages, want %v in 3", all, pages, want)
	}
	if err := srv.RemoveMembers("C1", "U2"); err != nil {
		t.Fatal(err)
	}
	if err := srv.AddMembers("C1", "U5", "U1"); err != nil {
		t.Fatal(err)
	}
	if got, want := srv.Members("C1"), []string{BotUserID, "U1", "U3", "U4", "U5"}; !slices.Equal(got, want) {
		t.Fatalf("Members = %v, want %v", got, want)
	}
	ch, err := api.GetConversationInfoContext(ctx, &slack.GetConversationInfoInput{ChannelID: "C1", IncludeNumMembers: true})
	if err != nil || ch.NumMembers != 5 || !ch.IsMember {
		t.Fatalf("conversations.info = %+v, %v; want 5 members, bot in", ch, err)
	}
	if err := srv.AddMembers("C9", "U1"); err == nil {
		t.Fatal("AddMembers to an unknown channel succeeded")
	}
}

func TestPrivateChannel(t *testing.T) {
	srv := MustStart(t, Options{})
	srv.AddUser(User{ID: "U1"})
	srv.AddChannel(Channel{ID: "C1", Name: "secret", IsPrivate: true, Members: []string{"U1"}})
	api := newClient(srv, "xoxb-test")
	ctx := testCtx(t)
	// Without the bot, a private channel does not exist for it.
	if _, err := api.GetConversationInfoContext(ctx, &slack.GetConversationInfoInput{ChannelID: "C1"}); errString(err) != "channel_not_found" {
		t.Fatalf("info: %v", err)
	}
	if _, _, err := api.GetUsersInConversationContext(ctx, &slack.GetUsersInConversationParameters{ChannelID: "C1"}); errString(err) != "channel_not_found" {
		t.Fatalf("members: %v", err)
	}
	if _, _, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("hi", false)); errString(err) != "channel_not_found" {
		t.Fatalf("post: %v", err)
	}
	if err := srv.AddMembers("C1", BotUserID); err != nil {
		t.Fatal(err)
	}
	ch, err := api.GetConversationInfoContext(ctx, &slack.GetConversationInfoInput{ChannelID: "C1"})
	if err != nil || !ch.IsPrivate || !ch.IsChannel || ch.IsGroup || !ch.IsMember || ch.Name != "secret" {
		t.Fatalf("info after the bot joined = %+v, %v", ch, err)
	}
	if _, _, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("hi", false)); err != nil {
		t.Fatalf("post after the bot joined: %v", err)
	}
}

func TestUsersConversations(t *testing.T) {
	srv := MustStart(t, Options{})
	srv.AddUser(User{ID: "U1"})
	srv.AddUser(User{ID: "U2"})
	srv.AddChannel(Channel{ID: "C1", IsMember: true, Members: []string{"U1", "U2"}})
	srv.AddChannel(Channel{ID: "C2", Members: []string{"U1"}})                                  // public, bot not in
	srv.AddChannel(Channel{ID: "C3", IsMember: true, IsPrivate: true, Members: []string{"U1"}}) // private, bot in
	srv.AddChannel(Channel{ID: "C4", IsPrivate: true, Members: []string{"U1"}})                 // private, bot not in: hidden
	srv.AddChannel(Channel{ID: "C5", IsMember: true, IsArchived: true, Members: []string{"U1"}})
	srv.AddChannel(Channel{ID: "C6", IsMember: true})
	dm := srv.DMChannel("U1")
	api := newClient(srv, "xoxb-test")
	ctx := testCtx(t)
	ids := func(p slack.GetConversationsForUserParameters) []string {
		t.Helper()
		var out []string
		for {
			chans, next, err := api.GetConversationsForUserContext(ctx, &p)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range chans {
				out = append(out, c.ID)
			}
			if p.Cursor = next; next == "" {
				return out
			}
		}
	}
	for _, tt := range []struct {
		name   string
		params slack.GetConversationsForUserParameters
		want   []string
	}{
		{"DefaultPublic", slack.GetConversationsForUserParameters{UserID: "U1", Limit: 1}, []string{"C1", "C2", "C5"}},
		{"ExcludeArchived", slack.GetConversationsForUserParameters{UserID: "U1", ExcludeArchived: true}, []string{"C1", "C2"}},
		{"Private", slack.GetConversationsForUserParameters{UserID: "U1", Types: []string{"private_channel"}}, []string{"C3"}},
		{"IM", slack.GetConversationsForUserParameters{UserID: "U1", Types: []string{"im"}}, []string{dm}},
		{"OtherUser", slack.GetConversationsForUserParameters{UserID: "U2", Types: []string{"public_channel", "private_channel"}}, []string{"C1"}},
		{"Bot", slack.GetConversationsForUserParameters{}, []string{"C1", "C5", "C6"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := ids(tt.params); !slices.Equal(got, tt.want) {
				t.Fatalf("channels = %v, want %v", got, tt.want)
			}
		})
	}
	if _, _, err := api.GetConversationsForUserContext(ctx, &slack.GetConversationsForUserParameters{UserID: "U9"}); errString(err) != "user_not_found" {
		t.Fatalf("unknown user: %v", err)
	}
	if _, err := srv.PostAsUser(UserMessage{Channel: "C6", User: "U1", Text: "hi"}); err == nil {
		t.Fatal("PostAsUser in a channel the user is not in succeeded")
	}
}

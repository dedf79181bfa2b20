package bot

import (
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/bot/slackcall"
	"github.com/planbot/planbot/fakeslack"
	"github.com/planbot/planbot/internal/testclock"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/storage"
)

// TestOutbox_NoteOutlivesARateLimitStorm: a decision note meets a
// Retry-After storm longer than its background deadline. It stays in the
// outbox, the user who decided is told, in their language, that Slack
// rate-limits the channel and the note will follow; once the storm is
// over, the outbox's next pass looks for it in the history and posts it,
// once.
func TestOutbox_NoteOutlivesARateLimitStorm(t *testing.T) {
	clock := testclock.New(time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC))
	srv, err := fakeslack.Start(fakeslack.Options{Now: clock.Now, OnBreach: func(b fakeslack.Breach) { t.Errorf("%v", b) }})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	srv.AddUser(fakeslack.User{ID: "UCAMI", Name: "camille", Locale: "fr-FR", TZ: "Europe/Paris"})
	srv.AddChannel(fakeslack.Channel{ID: "C1", Name: "social", IsMember: true, Members: []string{"UCAMI"}})
	db := storage.NewDB(filepath.Join(t.TempDir(), "planbot.db"))
	db.Now = clock.Now
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	outbox := storage.NewOutboxService(db)
	api := slack.New("xoxb-test", slack.OptionAPIURL(srv.APIURL()))
	logs := &lockedBuffer{}
	b := &Bot{API: api, Calls: &slackcall.Client{API: api, Now: clock.Now, Sleep: clock.Sleep}, Outbox: outbox,
		Now: clock.Now, Logger: slog.New(slog.NewTextHandler(logs, nil)), BackgroundTimeout: 300 * time.Millisecond, ID: "bot-A"}
	if err := b.init(); err != nil {
		t.Fatal(err)
	}
	drain := func() { b.bg.drain(10*time.Second, b.Logger) }
	posted := func() []fakeslack.Message {
		var out []fakeslack.Message
		for _, m := range srv.Messages("C1") {
			if !m.Ephemeral {
				out = append(out, m)
			}
		}
		return out
	}

	srv.StartStorm(fakeslack.Storm{Method: "chat.postMessage", Channel: "C1", For: time.Hour, RetryAfter: 30 * time.Second})
	b.postNote(context.Background(), "C1", "UCAMI", FR, "Objectif ajouté", []slack.Block{slack.NewSectionBlock(mrkdwn("Objectif ajouté"), nil, nil)})
	drain()

	if n := len(posted()); n != 0 {
		t.Fatalf("%d messages during the storm", n)
	}
	posts, err := outbox.FindPosts(context.Background(), "C1")
	if err != nil || len(posts) != 1 || posts[0].State != plan.OutboxPending || posts[0].Reason != "paced" {
		t.Fatalf("outbox %+v, %v; want the note pending, its channel paced (held by the Retry-After)", *posts[0], err)
	}
	told := srv.Calls("chat.postEphemeral")
	if len(told) != 1 || told[0].Params.Get("user") != "UCAMI" {
		t.Fatalf("%d ephemeral messages, want Camille told once", len(told))
	}
	mustHave(t, told[0].Params.Get("text"), "la note n'est pas encore publiée", "Slack limite le rythme", "je réessaierai")

	// The storm ends; the outbox's next pass posts the note.
	clock.Advance(time.Hour)
	b.FlushOutbox(context.Background())
	drain()
	msgs := posted()
	if len(msgs) != 1 || !strings.Contains(msgs[0].Text, "Objectif ajouté") {
		t.Fatalf("messages %+v, want the note once", msgs)
	}
	if posts, _ := outbox.FindPosts(context.Background(), "C1"); posts[0].State != plan.OutboxSent || posts[0].MessageTS != msgs[0].TS {
		t.Fatalf("outbox %+v, want sent with the message's ts", posts[0])
	}
	if len(srv.Calls("conversations.history")) == 0 {
		t.Error("the pass posted without looking for the note first")
	}
	// Nothing is left: another pass posts nothing.
	b.FlushOutbox(context.Background())
	drain()
	if n := len(posted()); n != 1 {
		t.Errorf("%d messages after another pass", n)
	}
}

// TestOutbox_UnreachableToldByDM: a note to a channel the bot is not in
// fails at once; the user is told by direct message to invite the bot,
// and the outbox keeps it as failed.
func TestOutbox_UnreachableToldByDM(t *testing.T) {
	srv, err := fakeslack.Start(fakeslack.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	srv.AddUser(fakeslack.User{ID: "UANA", Name: "ana", Locale: "en-US", TZ: "UTC"})
	srv.AddChannel(fakeslack.Channel{ID: "CNOBOT", Name: "no-bot"})
	db := storage.NewDB(filepath.Join(t.TempDir(), "planbot.db"))
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	outbox := storage.NewOutboxService(db)
	api := slack.New("xoxb-test", slack.OptionAPIURL(srv.APIURL()))
	b := &Bot{API: api, Outbox: outbox}
	if err := b.init(); err != nil {
		t.Fatal(err)
	}
	b.postNote(context.Background(), "CNOBOT", "UANA", EN, "Goal added", nil)
	b.bg.drain(10*time.Second, b.Logger)
	dms := srv.Messages(srv.DMChannel("UANA"))
	if len(dms) != 1 {
		t.Fatalf("%d DMs, want 1", len(dms))
	}
	mustHave(t, dms[0].Text, "not posted in <#CNOBOT>", "/invite @planbot")
	if posts, _ := outbox.FindPosts(context.Background(), "CNOBOT"); len(posts) != 1 || posts[0].State != plan.OutboxFailed || posts[0].Reason != "not_in_channel" {
		t.Fatalf("outbox %+v, want failed, not_in_channel", posts)
	}
}

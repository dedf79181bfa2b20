package sandbox

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
)

// TestStateSurvivesRestart fills a sandbox with what a session leaves
// behind (bot and member messages, a thread, a chart in it, an ephemeral
// message, Home, a clock a week and more ahead), closes it, starts a new
// one from the saved state and checks the page shows exactly the same.
func TestStateSurvivesRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sandbox.db.state.json")
	e := newEnvWith(t, func(c *Config) { c.StatePath = path })
	ctx := context.Background()
	_, parent, err := e.api.PostMessageContext(ctx, ChannelSocial, slack.MsgOptionText("fallback", false),
		slack.MsgOptionBlocks(slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, ":pencil2: *Ana* added a goal", false, false), nil, nil)))
	if err != nil {
		t.Fatal(err)
	}
	e.post("/api/command", `{"user":"UCAMI","channel":"CSOCIAL","text":"on it & <more>","thread_ts":"`+parent+`"}`)
	chart := pngBytes(t)
	if _, err := e.api.UploadFileContext(ctx, slack.UploadFileParameters{
		Filename: "chart.png", Reader: bytes.NewReader(chart), FileSize: len(chart), Channel: ChannelSocial, ThreadTimestamp: parent,
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.api.PostEphemeralContext(ctx, ChannelSocial, UserAna, slack.MsgOptionText("only for Ana", false)); err != nil {
		t.Fatal(err)
	}
	home := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: []slack.Block{slack.NewHeaderBlock(plain("Your plans"))}}}
	if _, err := e.api.PublishView(UserAna, home, ""); err != nil {
		t.Fatal(err)
	}
	if err := e.srv.Advance(ctx, 8*24*time.Hour+3*time.Hour); err != nil {
		t.Fatal(err)
	}
	e.srv.Post(ChannelSocial, UserAna, "a week later", "")
	pages := []string{
		"/ui/channel?channel=CSOCIAL&user=UANA", "/ui/channel?channel=CFEED&user=UCAMI",
		"/ui/thread?channel=CSOCIAL&user=UCAMI&ts=" + parent, "/ui/home?user=UANA", "/api/clock?user=UCAMI",
	}
	before := map[string]string{}
	for _, p := range pages {
		before[p] = e.get(p)
	}
	check(t, before[pages[0]], []string{"✏️", "a week later", "only for Ana", "2 replies"}, nil)
	if err := e.srv.Close(); err != nil {
		t.Fatal(err)
	}

	st, err := ReadState(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Offset != 8*24*time.Hour+3*time.Hour {
		t.Errorf("saved offset = %s", st.Offset)
	}
	again := newEnvWith(t, func(c *Config) {
		if err := st.Apply(c.Slack, c.Clock); err != nil {
			t.Fatal(err)
		}
		c.State, c.StatePath = st, path
	})
	for _, p := range pages {
		if got := again.get(p); got != before[p] {
			t.Errorf("%s after the restart:\n%s\nbefore:\n%s", p, got, before[p])
		}
	}
	if again.clock.Offset() != st.Offset {
		t.Errorf("clock offset after the restart = %s, want %s", again.clock.Offset(), st.Offset)
	}

	// The workspace goes on: new messages come after the old ones.
	if _, _, err := again.api.PostMessageContext(ctx, ChannelSocial, slack.MsgOptionText("after the restart", false)); err != nil {
		t.Fatal(err)
	}
	again.srv.Post(ChannelSocial, UserCamille, "me too", "")
	html := again.get("/ui/channel?channel=CSOCIAL&user=UANA")
	if i, j, k := strings.Index(html, "a week later"), strings.Index(html, "after the restart"), strings.Index(html, "me too"); i < 0 || j < i || k < j {
		t.Errorf("order after the restart: %d %d %d in\n%s", i, j, k, html)
	}
	if n := strings.Count(again.get("/ui/channel?channel=CFEED&user=UANA"), "Do you ship your coffee beans"); n != 1 {
		t.Errorf("the feed's seed message shows %d times after the restart, want 1: seeds are for a fresh start", n)
	}
}

// TestStateSavedOnChange checks the state file follows changes without
// waiting for Close, so a crash loses little.
func TestStateSavedOnChange(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sandbox.db.state.json")
	saved := make(chan error, 8)
	e := newEnvWith(t, func(c *Config) {
		c.StatePath, c.SaveInterval = path, time.Millisecond
		c.OnSave = func(err error) { saved <- err }
	})
	if err := <-saved; err != nil { // a fresh start is saved at once
		t.Fatal(err)
	}
	e.srv.Post(ChannelB, UserCamille, "écrit avant la panne", "")
	for {
		if err := <-saved; err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(data, []byte("écrit avant la panne")) {
			break
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Errorf("files beside the state: %v, want the state file alone (no temporary file left)", entries)
	}
}

func TestReadStateErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	if _, err := ReadState(filepath.Join(dir, "missing.json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v, want os.ErrNotExist", err)
	}
	for _, tt := range []struct{ name, content, want string }{
		{"ErrTruncated", `{"version":1,"slack":{`, "unexpected end"},
		{"ErrVersion", `{"version":2}`, "version 2"},
		{"ErrNegativeOffset", `{"version":1,"offset_ns":-5}`, "negative"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadState(write(tt.name+".json", tt.content))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ReadState = %v, want an error with %q", err, tt.want)
			}
		})
	}
}

package bot

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/internal/slacktest"
)

// Helpers of the view tests: golden files, the Block Kit limits Slack
// enforces, and fixtures that carry Slack markup in user text, so the
// goldens show it escaped.

// Fixtures of the views of steps 2 to 5.
var (
	stepsNow   = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC) // a Tuesday
	stepsParis = mustLoad("Europe/Paris")
	stepsMeta  = viewMeta{PlanID: 1, ChannelID: "C1"}
)

// Fixtures of the views of steps 6 and 7 and of reminders.
var (
	fixtureParis = mustLoad("Europe/Paris")
	fixtureNow   = time.Date(2026, 6, 15, 12, 0, 0, 0, time.UTC)
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares v, as indented JSON, with testdata/name.golden.
func golden(t *testing.T, name string, v any) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // keep < and & visible, so escaping is checked
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	got := []byte(slacktest.Unescape(buf.Bytes()))
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./bot -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; run go test ./bot -update and review the diff\ngot:\n%s", path, got)
	}
	return got
}

// checkModalLimits checks the Block Kit limits Slack enforces on modals.
func checkModalLimits(t *testing.T, v slack.ModalViewRequest) {
	t.Helper()
	if n := len(v.Blocks.BlockSet); n > 100 {
		t.Errorf("%d blocks, over 100", n)
	}
	for _, o := range []*slack.TextBlockObject{v.Title, v.Submit, v.Close} {
		if o != nil && len([]rune(o.Text)) > 24 {
			t.Errorf("modal title/submit/close %q over 24 characters", o.Text)
		}
	}
	if len(v.PrivateMetadata) > 3000 {
		t.Errorf("private_metadata %d bytes", len(v.PrivateMetadata))
	}
	if !slack.ValidateUniqueBlockID(v) {
		t.Error("block IDs are not unique")
	}
}

const evil = "<!channel> & <https://evil.example|bank>"

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// checkStepLimits checks the Block Kit limits of any view or message: at
// most max blocks, section and context texts within 3000 characters,
// headers within 150, buttons and options within 75, button values within
// 2000, no live markup from user text.
func checkStepLimits(t *testing.T, v any, maxBlocks int) []byte {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	var blocks []any
	switch d := doc.(type) {
	case []any:
		blocks = d
	case map[string]any:
		blocks, _ = d["blocks"].([]any)
	}
	if len(blocks) > maxBlocks {
		t.Errorf("%d blocks, over %d", len(blocks), maxBlocks)
	}
	var walk func(v any, parent string)
	walk = func(v any, parent string) {
		switch v := v.(type) {
		case map[string]any:
			typ, _ := v["type"].(string)
			if text, ok := v["text"].(string); ok {
				limit := 3000
				switch parent {
				case "header":
					limit = 150
				case "button", "option":
					limit = 75
				}
				if n := len([]rune(text)); n > limit {
					t.Errorf("%s text of %d characters, over %d", parent, n, limit)
				}
			}
			if typ == "button" {
				if val, _ := v["value"].(string); len(val) > 2000 {
					t.Errorf("button value of %d bytes", len(val))
				}
			}
			if opts, ok := v["options"].([]any); ok && len(opts) > 100 {
				t.Errorf("select with %d options", len(opts))
			}
			for k, child := range v {
				p := typ
				if k == "options" || k == "initial_option" || k == "initial_options" {
					p = "option"
				}
				walk(child, p)
			}
		case []any:
			for _, child := range v {
				if _, isObj := child.(map[string]any); isObj && parent == "option" {
					walk(child, "option")
					continue
				}
				walk(child, parent)
			}
		}
	}
	walk(doc, "")
	if live := slacktest.LiveMarkup(raw); live != "" {
		t.Errorf("live markup from user text: %s", live)
	}
	return raw
}

// mustHave fails unless s holds every one of subs.
func mustHave(t *testing.T, s string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			t.Errorf("missing %q", sub)
		}
	}
}

// jsonText returns v as JSON, read the way Slack decodes it.
func jsonText(t *testing.T, v any) string {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return slacktest.Unescape(raw)
}

// checkEscaped fails when a mrkdwn text of v would ping or link from user
// text. The links the bot writes itself to a validated URL are allowed.
func checkEscaped(t *testing.T, v any) {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if live := slacktest.LiveMarkup(raw, "<https://instagram.example/"); live != "" {
		t.Errorf("unescaped user text in mrkdwn: %s", live)
	}
}

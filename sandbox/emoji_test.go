package sandbox

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"testing"
)

// TestEmojiCoversTheBot finds every :short_name: in the bot's sources and
// golden views, and in the plan templates, and checks the page knows it:
// a new one in the catalogue must be added to emojis.
func TestEmojiCoversTheBot(t *testing.T) {
	shortName := regexp.MustCompile(`:([a-z0-9_+-]+):`)
	digits := regexp.MustCompile(`^[0-9]+$`) // "10:30:00" is a time
	var files []string
	for _, pattern := range []string{"../bot/*.go", "../bot/testdata/*", "../templates/data/*", "../templates/data/*/*"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 10 {
		t.Fatalf("found %d files of the bot; run the test from sandbox/", len(files))
	}
	found := map[string][]string{}
	for _, f := range files {
		if info, err := os.Stat(f); err != nil || info.IsDir() {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range shortName.FindAllStringSubmatch(string(data), -1) {
			if !digits.MatchString(m[1]) {
				found[m[1]] = append(found[m[1]], f)
			}
		}
	}
	if len(found) < 5 {
		t.Fatalf("found only %v in the bot: the pattern no longer matches its emoji", found)
	}
	var missing []string
	for name, where := range found {
		if _, ok := emojis[name]; !ok {
			missing = append(missing, name+" (in "+where[0]+")")
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("the bot uses :%s, which the sandbox shows as text: add it to emojis in sandbox/emoji.go", m)
	}
}

func TestEmoji(t *testing.T) {
	r := testRenderer()
	for _, tt := range []struct {
		name, in, want string
	}{
		{"BotStatuses", ":pencil2: Draft · :white_circle: not started · :white_check_mark: done", "✏️ Draft · ⚪ not started · ✅ done"},
		{"Unknown", ":not_an_emoji: and :warning:", ":not_an_emoji: and ⚠️"},
		{"Time", "at 10:30:00", "at 10:30:00"},
		{"Adjacent", ":+1::skin-tone-3: :tada::tada:", "👍🏼 🎉🎉"},
		{"Keycap", ":one: :hash:", "1️⃣ #️⃣"},
		{"Flag", ":flag-fr: :gb:", "🇫🇷 🇬🇧"},
		{"LoneColons", ": : :: :", ": : :: :"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := r.Mrkdwn(tt.in); got != tt.want {
				t.Errorf("Mrkdwn(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestEmojiInPlainText checks plain_text follows its emoji flag: shown as
// emoji when true or absent (Slack's default), as typed when false.
func TestEmojiInPlainText(t *testing.T) {
	r := testRenderer()
	for _, tt := range []struct {
		name, flag, want, notWant string
	}{
		{"True", `,"emoji":true`, "🔔 Remind", ":bell:"},
		{"Absent", ``, "🔔 Remind", ":bell:"},
		{"False", `,"emoji":false`, ":bell: Remind", "🔔"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			text := `{"type":"plain_text","text":":bell: Remind"` + tt.flag + `}`
			raw := json.RawMessage(`[{"type":"header","text":` + text + `},
				{"type":"actions","elements":[{"type":"static_select","action_id":"a","placeholder":` + text + `,"options":[{"text":` + text + `,"value":"v"}]}]}]`)
			check(t, r.Blocks(raw), []string{`<h3 class="bk-header-text">` + tt.want + `</h3>`, `<option value="v">` + tt.want + `</option>`}, []string{tt.notWant})
		})
	}
}

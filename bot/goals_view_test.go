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
	"github.com/planbot/planbot/plan"
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

func testGoal() *plan.Goal {
	return &plan.Goal{
		ID: 7, PlanID: 1, Kind: plan.GoalLeads,
		Title:  "Grow signups <!channel> & <https://evil.example|bank>",
		Metric: "newsletter signups", Baseline: 120, Target: 480.5, Unit: "signups",
		Deadline: time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC), OwnerID: "U0ANA",
		Learn: "Which post format brings signups",
	}
}

func TestGoalModal(t *testing.T) {
	for _, lang := range []Lang{EN, FR} {
		t.Run("New_"+string(lang), func(t *testing.T) {
			v := goalModal(lang, &plan.Goal{OwnerID: "U0ANA"}, viewMeta{PlanID: 1, ChannelID: "C1"})
			golden(t, "goal_modal_new_"+string(lang), v)
			checkModalLimits(t, v)
		})
		t.Run("Edit_"+string(lang), func(t *testing.T) {
			v := goalModal(lang, testGoal(), viewMeta{PlanID: 1, ChannelID: "C1", GoalID: 7, ParentID: "V1"})
			golden(t, "goal_modal_edit_"+string(lang), v)
			checkModalLimits(t, v)
		})
	}
}

func TestGoalsListModal(t *testing.T) {
	today := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	for _, lang := range []Lang{EN, FR} {
		t.Run(string(lang), func(t *testing.T) {
			past := testGoal()
			past.ID, past.Deadline = 8, today.AddDate(0, 0, -1)
			v := goalsListModal(lang, []*plan.Goal{testGoal(), past}, 2, viewMeta{PlanID: 1, ChannelID: "C1"}, today)
			raw := golden(t, "goals_list_"+string(lang), v)
			checkModalLimits(t, v)
			if !bytes.Contains(raw, []byte("&lt;!channel&gt;")) {
				t.Error("the goal title is missing from the list")
			}
			if live := slacktest.LiveMarkup(raw); live != "" {
				t.Errorf("unescaped user text in the list: %s", live)
			}
		})
	}
	t.Run("Paginated", func(t *testing.T) {
		var goals []*plan.Goal
		for i := range goalsPerPage {
			g := testGoal()
			g.ID = int64(i + 1)
			goals = append(goals, g)
		}
		v := goalsListModal(EN, goals, 3*goalsPerPage, viewMeta{PlanID: 1, Page: 1}, today)
		checkModalLimits(t, v)
		raw, _ := json.Marshal(v)
		for _, want := range []string{ActionGoalsPrev, ActionGoalsNext, "Page 2 of 3"} {
			if !bytes.Contains(raw, []byte(want)) {
				t.Errorf("page 2 of 3 lacks %q", want)
			}
		}
	})
}

func TestHelpBlocks(t *testing.T) {
	for _, lang := range []Lang{EN, FR} {
		t.Run(string(lang), func(t *testing.T) {
			resp := helpResponse(lang, lang.T("help.unknown", Escape("<!here>")))
			raw := golden(t, "help_"+string(lang), resp)
			if len(raw) > 20_000 {
				t.Errorf("help ack payload is %d bytes; Slack drops acks over 20 KB", len(raw))
			}
			if live := slacktest.LiveMarkup(raw); live != "" {
				t.Errorf("unescaped user text in help: %s", live)
			}
			for _, s := range steps {
				if s.Method && !bytes.Contains(raw, []byte("/plan "+s.Command)) {
					t.Errorf("help lacks step %s", s.Command)
				}
			}
		})
	}
}

func TestGoalNote(t *testing.T) {
	text, blocks := goalNote(EN, "note.goal.created", "U0ANA", testGoal())
	if strings.Contains(text, "<!channel>") || strings.Contains(text, "<https://evil") {
		t.Errorf("note text not escaped: %q", text)
	}
	if !strings.Contains(text, "&lt;!channel&gt; &amp; &lt;https://evil.example|bank&gt;") {
		t.Errorf("note text lost the title: %q", text)
	}
	raw := golden(t, "goal_note_en", blocks)
	if live := slacktest.LiveMarkup(raw); live != "" {
		t.Errorf("unescaped user text in the note: %s", live)
	}
	_, fr := goalNote(FR, "note.goal.created", "U0ANA", testGoal())
	golden(t, "goal_note_fr", fr)
}

func TestFormat(t *testing.T) {
	d := time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC)
	if got := formatDate(EN, d); got != "Mar 31, 2027" {
		t.Errorf("formatDate(EN) = %q", got)
	}
	if got := formatDate(FR, d); got != "31 mars 2027" {
		t.Errorf("formatDate(FR) = %q", got)
	}
	if got := formatNumber(FR, 2.5); got != "2,5" {
		t.Errorf("formatNumber(FR) = %q", got)
	}
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

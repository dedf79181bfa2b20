package bot

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/internal/slacktest"
	"github.com/planbot/planbot/plan"
)

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
			v := goalModal(lang, testGoal(), viewMeta{PlanID: 1, ChannelID: "C1", ID: 7, ParentID: "V1"})
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
		for i := range listPerPage {
			g := testGoal()
			g.ID = int64(i + 1)
			goals = append(goals, g)
		}
		v := goalsListModal(EN, goals, 3*listPerPage, viewMeta{PlanID: 1, Page: 1}, today)
		checkModalLimits(t, v)
		raw, _ := json.Marshal(v)
		for _, want := range []string{ActionListPrev, ActionListNext, "Page 2 of 3"} {
			if !bytes.Contains(raw, []byte(want)) {
				t.Errorf("page 2 of 3 lacks %q", want)
			}
		}
	})
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

package bot

import (
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/templates"
)

// The first screen of /plan start lists the example plans of package
// templates in the user's language, with a blank plan; on a plan with
// content, only the blank plan.
func TestStartPickModal(t *testing.T) {
	meta := viewMeta{PlanID: 1, ChannelID: "C1"}
	for _, lang := range []Lang{EN, FR} {
		t.Run(string(lang), func(t *testing.T) {
			tpls, err := templates.List(string(lang))
			if err != nil || len(tpls) < 3 {
				t.Fatalf("templates.List = %d, %v", len(tpls), err)
			}
			v := startPickModal(lang, tpls, true, meta)
			raw := string(golden(t, "start_pick_"+string(lang), v))
			checkModalLimits(t, v)
			checkStepLimits(t, v, 100)
			for _, tp := range tpls {
				mustHave(t, raw, `"value": "`+tp.ID+`"`, tp.Name)
			}
			mustHave(t, raw, `"value": "`+startBlank+`"`, `"block_id": "`+BlockStartTemplate+`"`)

			full := startPickModal(lang, tpls, false, meta)
			fraw := jsonText(t, full)
			if strings.Contains(fraw, tpls[0].ID) || !strings.Contains(fraw, "start_not_empty") {
				t.Errorf("a plan with content is offered a template:\n%s", fraw)
			}
		})
	}
}

// A screen of the walk is the step's own list with a head, a title that
// says how far the walk is, and Next (Finish on the last step); its
// buttons are the list's.
func TestWalkView(t *testing.T) {
	today := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	for _, lang := range []Lang{EN, FR} {
		t.Run(string(lang), func(t *testing.T) {
			meta := viewMeta{PlanID: 1, ChannelID: "C1", Walk: 1}
			list := goalsListModal(lang, []*plan.Goal{testGoal()}, 1, meta, today)
			v := walkView(lang, 1, nil, list)
			raw := string(golden(t, "start_step_goals_"+string(lang), v))
			checkModalLimits(t, v)
			checkStepLimits(t, v, 100)
			checkEscaped(t, v)
			if v.CallbackID != CallbackStartStep || v.Submit == nil || v.Submit.Text != lang.T("start.next") {
				t.Errorf("callback %q, submit %v", v.CallbackID, v.Submit)
			}
			mustHave(t, raw, `"action_id": "`+ActionGoalEdit+`"`, `"action_id": "`+ActionGoalAdd+`"`, `\"k\":1`)
			if got := len(v.Blocks.BlockSet); got != len(list.Blocks.BlockSet)+2 {
				t.Errorf("%d blocks, want the list's %d and 2", got, len(list.Blocks.BlockSet))
			}

			last := walkView(lang, len(walkSteps), walkStrategy(lang, 1, &plan.Strategy{Voice: evil, Tone: "warm"}), list)
			checkEscaped(t, last)
			if last.Submit.Text != lang.T("start.finish") {
				t.Errorf("last step submit %q", last.Submit.Text)
			}
		})
	}
}

// In a channel with no plan, the help points to /plan start with a
// button, after its title and intro.
func TestHelpStart(t *testing.T) {
	for _, lang := range []Lang{EN, FR} {
		blocks := append([]slack.Block{}, helpBlocks(lang, mustCommands(t), "")...)
		blocks = append(append(blocks[:2:2], helpStart(lang)...), blocks[2:]...)
		raw := string(golden(t, "help_start_"+string(lang), blocks))
		checkStepLimits(t, blocks, 50)
		mustHave(t, raw, `"block_id": "help_start"`, `"value": "start"`)
		if _, ok := mustCommands(t).lookup(lang.T("step.start.command")); !ok {
			t.Errorf("%s: the command the help names is not routed", lang)
		}
	}
}

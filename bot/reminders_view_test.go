package bot

import (
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

func fixtureReminder(kind plan.ReminderKind) *plan.Reminder {
	return &plan.Reminder{ID: 42, PlanID: 1, Kind: kind, SubjectID: 3, ChannelID: "C1", OwnerID: "U0ANA", State: plan.ReminderActive}
}

// checkReminderMessage checks what Slack enforces on a message and that no
// user text went out unescaped.
func checkReminderMessage(t *testing.T, text string, blocks []slack.Block) {
	t.Helper()
	if len(blocks) > 50 {
		t.Errorf("%d blocks, over 50", len(blocks))
	}
	if strings.Contains(text, "<!channel>") || strings.Contains(text, "<https://evil") {
		t.Errorf("unescaped user text in %s", text)
	}
	checkEscaped(t, blocks)
	for _, b := range blocks {
		if s, ok := b.(*slack.SectionBlock); ok && s.Text != nil && len([]rune(s.Text.Text)) > 3000 {
			t.Errorf("section text of %d characters", len([]rune(s.Text.Text)))
		}
	}
}

func TestUnreachableMessage(t *testing.T) {
	p := &plan.Plan{ID: 1, ChannelID: "C1", Language: "fr"}
	for _, tt := range []struct {
		lang         Lang
		reason, want string
	}{
		{EN, "not_in_channel", "/invite @planbot"},
		{FR, "is_archived", "archivé"},
		{EN, "<!channel>", "&lt;!channel&gt;"},
	} {
		text, blocks := unreachableMessage(tt.lang, p, tt.reason)
		checkReminderMessage(t, text, blocks)
		raw := jsonText(t, blocks)
		mustHave(t, raw, tt.want, ActionChannelRetry, "<#C1>")
		if strings.Contains(raw, "%!") {
			t.Errorf("format error in %s", raw)
		}
	}
	_, blocks := unreachableMessage(EN, p, "not_in_channel")
	golden(t, "channel_unreachable_en", blocks)
}

// TestReplaceActions checks that a used reminder loses its buttons and
// keeps its text.
func TestReplaceActions(t *testing.T) {
	_, blocks := experimentEndMessage(EN, fixtureExperiment(), fixtureReminder(plan.ReminderExperimentEnd), &plan.Delivery{}, fixtureParis)
	out := replaceActions(blocks, "done")
	if len(out) != len(blocks) {
		t.Fatalf("%d blocks, want %d", len(out), len(blocks))
	}
	for _, b := range out {
		if b.BlockType() == slack.MBTAction {
			t.Error("actions block kept")
		}
	}
	if c, ok := out[len(out)-1].(*slack.ContextBlock); !ok || c.ContextElements.Elements[0].(*slack.TextBlockObject).Text != "done" {
		t.Errorf("last block %#v, want the note", out[len(out)-1])
	}
}

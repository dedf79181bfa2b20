package bot

import (
	"bytes"
	"testing"

	"github.com/planbot/planbot/internal/slacktest"
)

func TestHelpBlocks(t *testing.T) {
	for _, lang := range []Lang{EN, FR} {
		t.Run(string(lang), func(t *testing.T) {
			resp := helpResponse(lang, mustCommands(t), lang.T("help.unknown", Escape("<!here>")))
			raw := golden(t, "help_"+string(lang), resp)
			if len(raw) > 20_000 {
				t.Errorf("help ack payload is %d bytes; Slack drops acks over 20 KB", len(raw))
			}
			if live := slacktest.LiveMarkup(raw); live != "" {
				t.Errorf("unescaped user text in help: %s", live)
			}
			for _, c := range mustCommands(t) {
				// The French help shows the French commands.
				if name := lang.T("step." + c.id + ".command"); c.method && !bytes.Contains(raw, []byte("/plan "+name)) {
					t.Errorf("help lacks step %s as /plan %s", c.id, name)
				}
			}
		})
	}
}

package bot

import (
	"strings"

	"github.com/slack-go/slack"
)

// Control characters are stripped from every input at the boundary: the
// text of a slash command, what users type in forms, the text of a
// message a shortcut runs on. A NUL byte or an escape sequence is never
// stored nor echoed back; tabs and line breaks stay (a CR LF becomes a
// LF). Everything else is stored as typed.

// stripControl removes C0 control characters but tab and line feed, DEL
// and C1 control characters from s.
func stripControl(s string) string {
	clean := true
	for _, r := range s {
		if isControl(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		if isControl(r) {
			return -1
		}
		return r
	}, s)
}

func isControl(r rune) bool {
	return (r < 0x20 && r != '\t' && r != '\n') || r == 0x7f || (r >= 0x80 && r <= 0x9f)
}

// sanitizeCallback strips control characters from what the user typed in
// cb: the values of the view's inputs and the shortcut's message text.
func sanitizeCallback(cb *slack.InteractionCallback) {
	cb.Message.Text = stripControl(cb.Message.Text)
	if cb.View.State == nil {
		return
	}
	for _, actions := range cb.View.State.Values {
		for id, a := range actions {
			a.Value = stripControl(a.Value)
			actions[id] = a
		}
	}
}

package bot

import (
	"testing"

	"github.com/slack-go/slack"
)

func TestStripControl(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"Plain", "Grow Instagram followers", "Grow Instagram followers"},
		{"NUL", "Grow\x00 followers", "Grow followers"},
		{"Escape", "\x1b[31mred\x1b[0m", "[31mred[0m"},
		{"KeepsTabsAndLines", "one\ttwo\nthree", "one\ttwo\nthree"},
		{"CRLF", "one\r\ntwo\rthree", "one\ntwothree"},
		{"DELAndC1", "a\x7fb\u0085c\u009fd", "abcd"},
		{"Accents", "Objectif : 20 000 abonnés — « été »", "Objectif : 20 000 abonnés — « été »"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := stripControl(tt.in); got != tt.want {
				t.Errorf("stripControl(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSanitizeCallback(t *testing.T) {
	cb := &slack.InteractionCallback{View: slack.View{State: &slack.ViewState{Values: map[string]map[string]slack.BlockAction{
		"goal_title": {"input": {Value: "Title\x00 with NUL"}},
	}}}}
	cb.Message.Text = "shortcut\x00 text"
	sanitizeCallback(cb)
	if got := cb.View.State.Values["goal_title"]["input"].Value; got != "Title with NUL" {
		t.Errorf("form value %q", got)
	}
	if cb.Message.Text != "shortcut text" {
		t.Errorf("message text %q", cb.Message.Text)
	}
}

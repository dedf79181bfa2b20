package slacktest

import (
	"encoding/json"
	"testing"
)

func TestLiveMarkup(t *testing.T) {
	blocks := func(text, typ string) []byte {
		raw, err := json.Marshal([]map[string]any{{"type": "section", "text": map[string]any{"type": typ, "text": text}}})
		if err != nil {
			t.Fatal(err)
		}
		return raw
	}
	tests := []struct {
		name string
		raw  []byte
		live bool
	}{
		{name: "ChannelPing", raw: blocks("hi <!channel>", "mrkdwn"), live: true},
		{name: "ForgedLink", raw: blocks("<https://evil.example|bank>", "mrkdwn"), live: true},
		{name: "Escaped", raw: blocks("hi &lt;!channel&gt;", "mrkdwn"), live: false},
		{name: "PlainTextIsNotParsed", raw: blocks("hi <!channel>", "plain_text"), live: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := LiveMarkup(tt.raw) != ""; got != tt.live {
				t.Errorf("LiveMarkup = %v, want %v", got, tt.live)
			}
		})
	}
	if got := Unescape([]byte(`"\u003c!channel\u003e \u0026"`)); got != `"<!channel> &"` {
		t.Errorf("Unescape = %s", got)
	}
}

// Package slacktest holds test helpers shared by the bot's unit tests and
// the end-to-end tests: reading Block Kit JSON as Slack would.
package slacktest

import (
	"encoding/json"
	"strings"
)

var unicodeEscapes = strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&")

// Unescape undoes encoding/json's HTML escaping (\u003c, \u003e, \u0026),
// so tests read JSON the way Slack decodes it. Without it, a check that
// "<!channel>" is absent from encoded JSON passes whatever the bot sent.
func Unescape(raw []byte) string {
	return unicodeEscapes.Replace(string(raw))
}

// MrkdwnTexts returns every mrkdwn text in a Block Kit JSON document,
// decoded: the texts Slack parses for mentions and links. Plain-text
// objects are not parsed by Slack, so they are left out.
func MrkdwnTexts(raw []byte) []string {
	var doc any
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil
	}
	var out []string
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if v["type"] == "mrkdwn" {
				if s, ok := v["text"].(string); ok {
					out = append(out, s)
				}
			}
			for _, child := range v {
				walk(child)
			}
		case []any:
			for _, child := range v {
				walk(child)
			}
		}
	}
	walk(doc)
	return out
}

// LiveMarkup returns the first Slack control sequence that would ping or
// link in mrkdwn texts of raw (<!channel>, <!here>, <!everyone>, <http...|),
// or "" when there is none. allowed lists sequences the bot itself writes,
// such as "<@U123>" mentions of the acting user.
func LiveMarkup(raw []byte, allowed ...string) string {
	for _, text := range MrkdwnTexts(raw) {
		for _, bad := range []string{"<!channel", "<!here", "<!everyone", "<http", "<mailto"} {
			if i := strings.Index(text, bad); i >= 0 {
				frag := text[i:]
				ok := false
				for _, a := range allowed {
					if strings.HasPrefix(frag, a) {
						ok = true
					}
				}
				if !ok {
					return frag
				}
			}
		}
	}
	return ""
}

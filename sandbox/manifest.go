package sandbox

import (
	"fmt"
	"strconv"
	"strings"
)

// Shortcut is a shortcut declared in the app manifest. The sandbox lists
// the message shortcuts in the hover menu of every message.
type Shortcut struct {
	Name        string
	Type        string // "message" or "global"
	CallbackID  string
	Description string
}

// DefaultShortcuts are the shortcuts of manifest.yml, for a sandbox binary
// run away from the repository. TestDefaultShortcutsMatchManifest keeps
// them equal to manifest.yml: add a shortcut there and here together.
var DefaultShortcuts = []Shortcut{
	{Name: "Add to engagement queue", Type: "message", CallbackID: "engagement_add", Description: "Queue this message for a reply, with an owner and a due time"},
	{Name: "Log as mention", Type: "message", CallbackID: "mention_log", Description: "Count this blog post, tag, post or press article as a mention"},
	{Name: "Import results · Importer des résultats", Type: "message", CallbackID: "import_results", Description: "Import the analytics export (CSV or Excel) attached to this message"},
}

// ParseManifestShortcuts reads features.shortcuts from a Slack app manifest
// in YAML. It understands the block style manifest.yml uses (nested maps,
// "- " list items, plain or quoted scalars, # comments), not all of YAML.
func ParseManifestShortcuts(manifest []byte) ([]Shortcut, error) {
	type frame struct {
		indent int
		key    string
	}
	var stack []frame
	var out []Shortcut
	listIndent := -1 // indent of the shortcuts: key while inside it
	var cur *Shortcut
	for n, line := range strings.Split(string(manifest), "\n") {
		line = stripComment(strings.TrimRight(line, " \t\r"))
		body := strings.TrimLeft(line, " ")
		if body == "" {
			continue
		}
		indent := len(line) - len(body)
		if listIndent >= 0 {
			if indent <= listIndent {
				listIndent = -1
			} else {
				if body == "-" || strings.HasPrefix(body, "- ") {
					out = append(out, Shortcut{})
					cur = &out[len(out)-1]
					if body = strings.TrimSpace(body[1:]); body == "" {
						continue
					}
				}
				if cur == nil {
					return nil, fmt.Errorf("manifest line %d: shortcut field outside a list item", n+1)
				}
				key, value, ok := strings.Cut(body, ":")
				if !ok {
					return nil, fmt.Errorf("manifest line %d: want key: value", n+1)
				}
				v, err := scalar(strings.TrimSpace(value))
				if err != nil {
					return nil, fmt.Errorf("manifest line %d: %w", n+1, err)
				}
				switch strings.TrimSpace(key) {
				case "name":
					cur.Name = v
				case "type":
					cur.Type = v
				case "callback_id":
					cur.CallbackID = v
				case "description":
					cur.Description = v
				}
				continue
			}
		}
		for len(stack) > 0 && stack[len(stack)-1].indent >= indent {
			stack = stack[:len(stack)-1]
		}
		key, value, ok := strings.Cut(body, ":")
		if !ok || strings.HasPrefix(body, "- ") {
			continue
		}
		key = strings.TrimSpace(key)
		stack = append(stack, frame{indent, key})
		if key == "shortcuts" && len(stack) == 2 && stack[0].key == "features" {
			switch v := strings.TrimSpace(value); v {
			case "", "[]":
				listIndent = indent
			default:
				return nil, fmt.Errorf("manifest line %d: shortcuts must be a block list", n+1)
			}
		}
	}
	return out, nil
}

// stripComment removes a # comment that is not inside quotes.
func stripComment(line string) string {
	var quote rune
	for i, r := range line {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '"' || r == '\'':
			quote = r
		case r == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t'):
			return strings.TrimRight(line[:i], " \t")
		}
	}
	return line
}

// scalar unquotes a YAML scalar.
func scalar(v string) (string, error) {
	switch {
	case strings.HasPrefix(v, `"`):
		return strconv.Unquote(v)
	case strings.HasPrefix(v, "'"):
		if len(v) < 2 || !strings.HasSuffix(v, "'") {
			return "", fmt.Errorf("unterminated quote in %s", v)
		}
		return strings.ReplaceAll(v[1:len(v)-1], "''", "'"), nil
	}
	return v, nil
}

// MessageShortcuts returns the shortcuts of type message.
func MessageShortcuts(all []Shortcut) []Shortcut {
	var out []Shortcut
	for _, s := range all {
		if s.Type == "message" {
			out = append(out, s)
		}
	}
	return out
}

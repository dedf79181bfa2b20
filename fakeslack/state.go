package fakeslack

import (
	"encoding/json"
	"fmt"
	"strconv"
)

// valueKind is how an element's state value is shaped.
type valueKind int

const (
	kindString  valueKind = iota // "value": "x"
	kindOption                   // "selected_option": {text, value}
	kindOptions                  // "selected_options": [{text, value}]
	kindStrings                  // "selected_users": ["U1"]
	kindInt                      // "selected_date_time": 1700000000
)

// elementShape tells, per element type, the state key, the initial key and the kind.
type elementShape struct {
	key, initial string
	kind         valueKind
}

var elementShapes = map[string]elementShape{
	"plain_text_input":           {"value", "initial_value", kindString},
	"number_input":               {"value", "initial_value", kindString},
	"email_text_input":           {"value", "initial_value", kindString},
	"url_text_input":             {"value", "initial_value", kindString},
	"static_select":              {"selected_option", "initial_option", kindOption},
	"external_select":            {"selected_option", "initial_option", kindOption},
	"radio_buttons":              {"selected_option", "initial_option", kindOption},
	"multi_static_select":        {"selected_options", "initial_options", kindOptions},
	"multi_external_select":      {"selected_options", "initial_options", kindOptions},
	"checkboxes":                 {"selected_options", "initial_options", kindOptions},
	"users_select":               {"selected_user", "initial_user", kindString},
	"multi_users_select":         {"selected_users", "initial_users", kindStrings},
	"conversations_select":       {"selected_conversation", "initial_conversation", kindString},
	"multi_conversations_select": {"selected_conversations", "initial_conversations", kindStrings},
	"channels_select":            {"selected_channel", "initial_channel", kindString},
	"multi_channels_select":      {"selected_channels", "initial_channels", kindStrings},
	"datepicker":                 {"selected_date", "initial_date", kindString},
	"timepicker":                 {"selected_time", "initial_time", kindString},
	"datetimepicker":             {"selected_date_time", "initial_date_time", kindInt},
}

// block is a decoded Block Kit block; elements stay generic so options are copied as sent.
type block struct {
	Type      string           `json:"type"`
	BlockID   string           `json:"block_id"`
	Element   map[string]any   `json:"element"`
	Elements  []map[string]any `json:"elements"`
	Accessory map[string]any   `json:"accessory"`
}

func decodeBlocks(viewOrBlocks json.RawMessage, inView bool) ([]block, error) {
	if inView {
		var v struct {
			Blocks []block `json:"blocks"`
		}
		err := json.Unmarshal(viewOrBlocks, &v)
		return v.Blocks, err
	}
	var blocks []block
	err := json.Unmarshal(viewOrBlocks, &blocks)
	return blocks, err
}

// interactive returns the block's interactive elements.
func (b block) interactive() []map[string]any {
	var out []map[string]any
	switch {
	case b.Element != nil:
		out = append(out, b.Element)
	case b.Accessory != nil:
		out = append(out, b.Accessory)
	}
	if b.Type == "actions" {
		out = append(out, b.Elements...)
	}
	return out
}

// findElement finds the element with actionID in blocks, preferring blockID if given.
func findElement(blocks []block, blockID, actionID string) (map[string]any, string) {
	for _, b := range blocks {
		if blockID != "" && b.BlockID != blockID {
			continue
		}
		for _, el := range b.interactive() {
			if str(el["action_id"]) == actionID {
				return el, b.BlockID
			}
		}
	}
	return nil, ""
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// buildState builds view.state.values as Slack does: every input block, with its value,
// else its initial value, else an empty value; other elements only when given a value.
func buildState(viewJSON json.RawMessage, values map[string]map[string]any) (map[string]any, error) {
	blocks, err := decodeBlocks(viewJSON, true)
	if err != nil {
		return nil, fmt.Errorf("decode view blocks: %w", err)
	}
	out := map[string]any{}
	used := map[string]bool{}
	for _, b := range blocks {
		if b.BlockID == "" {
			continue
		}
		given := values[b.BlockID]
		for _, el := range b.interactive() {
			actionID := str(el["action_id"])
			if actionID == "" && len(given) == 1 {
				for k := range given { // Slack made up an action_id: use the caller's
					actionID = k
				}
			}
			v, present := given[actionID]
			if !present && b.Type != "input" {
				continue
			}
			st, err := elementState(el, v, present)
			if err != nil {
				return nil, fmt.Errorf("block %q action %q: %w", b.BlockID, actionID, err)
			}
			if out[b.BlockID] == nil {
				out[b.BlockID] = map[string]any{}
			}
			out[b.BlockID].(map[string]any)[actionID] = st
			used[b.BlockID+"\x00"+actionID] = true
		}
	}
	for blockID, actions := range values {
		for actionID := range actions {
			if !used[blockID+"\x00"+actionID] {
				return nil, fmt.Errorf("block %q action %q: not in the view", blockID, actionID)
			}
		}
	}
	return map[string]any{"values": out}, nil
}

// elementState is the state value of one element.
func elementState(el map[string]any, v any, present bool) (map[string]any, error) {
	typ := str(el["type"])
	shape, ok := elementShapes[typ]
	if !ok {
		shape = elementShape{"value", "initial_value", kindString}
	}
	st := map[string]any{"type": typ}
	if !present {
		if init, ok := el[shape.initial]; ok {
			st[shape.key] = init
			return st, nil
		}
		switch shape.kind {
		case kindOptions, kindStrings:
			st[shape.key] = []any{}
		default:
			st[shape.key] = nil
		}
		return st, nil
	}
	list, isList := asStrings(v)
	single, isSingle := v.(string)
	switch shape.kind {
	case kindString, kindInt, kindOption:
		if !isSingle {
			return nil, fmt.Errorf("%s takes a string, got %T", typ, v)
		}
	default:
		if isSingle {
			list, isList = []string{single}, true
		}
		if !isList {
			return nil, fmt.Errorf("%s takes []string, got %T", typ, v)
		}
	}
	switch shape.kind {
	case kindString:
		st[shape.key] = single
	case kindInt:
		n, err := strconv.ParseInt(single, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%s takes a unix time: %w", typ, err)
		}
		st[shape.key] = n
	case kindOption:
		opt, err := findOption(el, single)
		if err != nil {
			return nil, err
		}
		st[shape.key] = opt
	case kindOptions:
		opts := make([]any, 0, len(list))
		for _, val := range list {
			opt, err := findOption(el, val)
			if err != nil {
				return nil, err
			}
			opts = append(opts, opt)
		}
		st[shape.key] = opts
	case kindStrings:
		st[shape.key] = list
	}
	return st, nil
}

func asStrings(v any) ([]string, bool) {
	switch l := v.(type) {
	case []string:
		return l, true
	case []any:
		out := make([]string, 0, len(l))
		for _, x := range l {
			s, ok := x.(string)
			if !ok {
				return nil, false
			}
			out = append(out, s)
		}
		return out, true
	}
	return nil, false
}

// findOption returns the element's option with value, as the view defines it. External
// selects have no options in the view, so one is made up.
func findOption(el map[string]any, value string) (any, error) {
	var options []any
	if l, ok := el["options"].([]any); ok {
		options = append(options, l...)
	}
	if groups, ok := el["option_groups"].([]any); ok {
		for _, g := range groups {
			if gm, ok := g.(map[string]any); ok {
				if l, ok := gm["options"].([]any); ok {
					options = append(options, l...)
				}
			}
		}
	}
	for _, o := range options {
		if om, ok := o.(map[string]any); ok && str(om["value"]) == value {
			return om, nil
		}
	}
	typ := str(el["type"])
	if typ == "external_select" || typ == "multi_external_select" || len(options) == 0 {
		return map[string]any{"text": map[string]any{"type": "plain_text", "text": value, "emoji": true}, "value": value}, nil
	}
	return nil, fmt.Errorf("%s has no option with value %q", typ, value)
}

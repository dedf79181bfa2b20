package fakeslack

import (
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// Breach is a Slack limit that a view, a message or an ack broke: Slack would
// have refused it, and the fake refused it as Slack does. Every breach is
// recorded (Breaches) and reported to Options.OnBreach, so that a test whose
// bot breaks a limit fails loudly even when the bot swallows the error.
type Breach struct {
	Method  string // "views.open", "chat.postMessage", "response_url", "ack" (an envelope's ack payload); "" from CheckView and CheckBlocks
	Where   string // the channel of a message, the callback_id of a view
	Pointer string // JSON pointer to the offending field, as in Slack's errors: "/blocks/3/elements/0/confirm/text/text"
	Rule    string // Slack's words: "must be less than 301 characters"
	Excerpt string // the start of the offending text, if any
}

// String is the breach as a test failure shows it.
func (b Breach) String() string {
	s := fmt.Sprintf("fakeslack: %s refused: %s [json-pointer:%s]", b.Method, b.Rule, b.Pointer)
	if b.Where != "" {
		s += " in " + b.Where
	}
	if b.Excerpt != "" {
		s += fmt.Sprintf(" (%q)", b.Excerpt)
	}
	return s
}

// Limits of Block Kit, from Slack's reference (blocks, block elements,
// composition objects, views). Texts are counted in characters.
const (
	maxMessageBlocks  = 50
	maxViewBlocks     = 100
	maxViewTitle      = 24 // also submit and close
	maxPrivateMeta    = 3000
	maxID             = 255 // block_id, action_id, callback_id, external_id
	maxSectionText    = 3000
	maxFields         = 10
	maxFieldText      = 2000
	maxHeaderText     = 150
	maxContextItems   = 10
	maxActionsItems   = 25
	maxLabel          = 2000 // input label and hint
	maxPlaceholder    = 150
	maxButtonText     = 75
	maxButtonValue    = 2000
	maxURL            = 3000
	maxOptionText     = 75 // also option description and option group label
	maxOptionValue    = 150
	maxSelectOptions  = 100 // also option groups, and options per group
	maxOverflowItems  = 5
	maxChoiceOptions  = 10 // checkboxes, radio buttons
	maxConfirmTitle   = 100
	maxConfirmText    = 300
	maxConfirmButton  = 30
	maxAltText        = 2000
	maxImageBlockText = 2000 // image block title
)

// problem is one breach before it is tied to a call.
type problem struct {
	pointer, rule, excerpt string
}

// checker walks Block Kit JSON and collects the limits it breaks.
type checker struct {
	problems []problem
}

func (c *checker) add(pointer, rule, excerpt string) {
	if n := 40; utf8.RuneCountInString(excerpt) > n {
		excerpt = string([]rune(excerpt)[:n]) + "…"
	}
	c.problems = append(c.problems, problem{pointer, rule, excerpt})
}

// maxLen checks a string field; absent fields pass.
func (c *checker) maxLen(pointer string, v any, limit int) {
	s, ok := v.(string)
	if ok && utf8.RuneCountInString(s) > limit {
		c.add(pointer, fmt.Sprintf("must be less than %d characters", limit+1), s)
	}
}

// text checks a text object's text: present, not empty, within limit.
func (c *checker) text(pointer string, v any, limit int) {
	obj, ok := v.(map[string]any)
	if !ok {
		if v != nil {
			c.add(pointer, "must be a text object", "")
		}
		return
	}
	s, _ := obj["text"].(string)
	switch {
	case s == "":
		c.add(pointer+"/text", "must be more than 0 characters", "")
	case utf8.RuneCountInString(s) > limit:
		c.add(pointer+"/text", fmt.Sprintf("must be less than %d characters", limit+1), s)
	}
}

// items checks the length of an array field and returns its items.
func (c *checker) items(pointer string, v any, limit int) []any {
	list, _ := v.([]any)
	if len(list) > limit {
		c.add(pointer, fmt.Sprintf("no more than %d items allowed", limit), "")
	}
	return list
}

func object(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

// blockList checks a list of blocks: their number, unique block_ids, each block.
func (c *checker) blockList(pointer string, v any, limit int) {
	seen := map[string]bool{}
	for i, raw := range c.items(pointer, v, limit) {
		b := object(raw)
		if b == nil {
			c.add(fmt.Sprintf("%s/%d", pointer, i), "must be a block object", "")
			continue
		}
		p := fmt.Sprintf("%s/%d", pointer, i)
		if id, _ := b["block_id"].(string); id != "" {
			if seen[id] {
				c.add(p+"/block_id", fmt.Sprintf("duplicate block_id %q", id), "")
			}
			seen[id] = true
		}
		c.block(p, b)
	}
}

func (c *checker) block(p string, b map[string]any) {
	c.maxLen(p+"/block_id", b["block_id"], maxID)
	actionIDs := map[string]bool{}
	el := func(ptr string, v any) {
		e := object(v)
		if e == nil {
			return
		}
		if id, _ := e["action_id"].(string); id != "" {
			if actionIDs[id] {
				c.add(ptr+"/action_id", fmt.Sprintf("non-unique action_id %q within the block", id), "")
			}
			actionIDs[id] = true
		}
		c.element(ptr, e)
	}
	switch b["type"] {
	case "section":
		if b["text"] == nil && b["fields"] == nil {
			c.add(p, "must provide either text or fields", "")
		}
		if b["text"] != nil {
			c.text(p+"/text", b["text"], maxSectionText)
		}
		for i, f := range c.items(p+"/fields", b["fields"], maxFields) {
			c.text(fmt.Sprintf("%s/fields/%d", p, i), f, maxFieldText)
		}
		el(p+"/accessory", b["accessory"])
	case "header":
		c.text(p+"/text", b["text"], maxHeaderText)
	case "context":
		for i, e := range c.items(p+"/elements", b["elements"], maxContextItems) {
			ptr := fmt.Sprintf("%s/elements/%d", p, i)
			if object(e)["type"] == "image" {
				c.element(ptr, object(e))
			} else {
				c.text(ptr, e, maxSectionText)
			}
		}
	case "actions":
		for i, e := range c.items(p+"/elements", b["elements"], maxActionsItems) {
			el(fmt.Sprintf("%s/elements/%d", p, i), e)
		}
	case "input":
		c.text(p+"/label", b["label"], maxLabel)
		if b["hint"] != nil {
			c.text(p+"/hint", b["hint"], maxLabel)
		}
		el(p+"/element", b["element"])
	case "image":
		c.altText(p, b)
		c.maxLen(p+"/image_url", b["image_url"], maxURL)
		if b["title"] != nil {
			c.text(p+"/title", b["title"], maxImageBlockText)
		}
	}
}

func (c *checker) altText(p string, e map[string]any) {
	alt, _ := e["alt_text"].(string)
	if alt == "" {
		c.add(p+"/alt_text", "must be more than 0 characters", "")
	}
	c.maxLen(p+"/alt_text", e["alt_text"], maxAltText)
}

func (c *checker) element(p string, e map[string]any) {
	c.maxLen(p+"/action_id", e["action_id"], maxID)
	if e["placeholder"] != nil {
		c.text(p+"/placeholder", e["placeholder"], maxPlaceholder)
	}
	if e["confirm"] != nil {
		c.confirm(p+"/confirm", object(e["confirm"]))
	}
	switch e["type"] {
	case "button":
		c.text(p+"/text", e["text"], maxButtonText)
		c.maxLen(p+"/value", e["value"], maxButtonValue)
		c.maxLen(p+"/url", e["url"], maxURL)
	case "image":
		c.altText(p, e)
	case "static_select", "multi_static_select":
		c.options(p+"/options", e["options"], maxSelectOptions)
		for i, g := range c.items(p+"/option_groups", e["option_groups"], maxSelectOptions) {
			gp := fmt.Sprintf("%s/option_groups/%d", p, i)
			c.text(gp+"/label", object(g)["label"], maxOptionText)
			c.options(gp+"/options", object(g)["options"], maxSelectOptions)
		}
	case "overflow":
		c.options(p+"/options", e["options"], maxOverflowItems)
	case "checkboxes", "radio_buttons":
		c.options(p+"/options", e["options"], maxChoiceOptions)
	}
}

func (c *checker) options(p string, v any, limit int) {
	for i, o := range c.items(p, v, limit) {
		op := fmt.Sprintf("%s/%d", p, i)
		opt := object(o)
		c.text(op+"/text", opt["text"], maxOptionText)
		if opt["description"] != nil {
			c.text(op+"/description", opt["description"], maxOptionText)
		}
		c.maxLen(op+"/value", opt["value"], maxOptionValue)
		c.maxLen(op+"/url", opt["url"], maxURL)
	}
}

func (c *checker) confirm(p string, cf map[string]any) {
	c.text(p+"/title", cf["title"], maxConfirmTitle)
	c.text(p+"/text", cf["text"], maxConfirmText)
	c.text(p+"/confirm", cf["confirm"], maxConfirmButton)
	c.text(p+"/deny", cf["deny"], maxConfirmButton)
}

// view checks a view object (modal or home) at pointer.
func (c *checker) view(p string, v map[string]any) {
	typ, _ := v["type"].(string)
	if typ == "modal" {
		if v["title"] == nil {
			c.add(p+"/title", "missing required field: title", "")
		} else {
			c.text(p+"/title", v["title"], maxViewTitle)
		}
		for _, k := range []string{"submit", "close"} {
			if v[k] != nil {
				c.text(p+"/"+k, v[k], maxViewTitle)
			}
		}
		if v["submit"] == nil && hasInput(v["blocks"]) {
			c.add(p, "must provide a submit property when using input blocks", "")
		}
	}
	c.maxLen(p+"/private_metadata", v["private_metadata"], maxPrivateMeta)
	c.maxLen(p+"/callback_id", v["callback_id"], maxID)
	c.maxLen(p+"/external_id", v["external_id"], maxID)
	c.blockList(p+"/blocks", v["blocks"], maxViewBlocks)
}

func hasInput(blocks any) bool {
	list, _ := blocks.([]any)
	for _, b := range list {
		if object(b)["type"] == "input" {
			return true
		}
	}
	return false
}

func toBreaches(problems []problem) []Breach {
	out := make([]Breach, 0, len(problems))
	for _, p := range problems {
		out = append(out, Breach{Pointer: p.pointer, Rule: p.rule, Excerpt: p.excerpt})
	}
	return out
}

// CheckBlocks returns the Block Kit limits that the blocks of a message (a JSON
// array) break, as the fake checks every message it is sent. Unit tests of
// views can use it without a server; invalid JSON is one breach.
func CheckBlocks(blocks json.RawMessage) []Breach {
	var v any
	if err := json.Unmarshal(blocks, &v); err != nil {
		return []Breach{{Pointer: "/blocks", Rule: "invalid JSON: " + err.Error()}}
	}
	var c checker
	c.blockList("/blocks", v, maxMessageBlocks)
	return toBreaches(c.problems)
}

// CheckView returns the limits that a view object (modal or home) breaks, as
// the fake checks every view it is sent.
func CheckView(view json.RawMessage) []Breach {
	var v map[string]any
	if err := json.Unmarshal(view, &v); err != nil {
		return []Breach{{Pointer: "/view", Rule: "invalid JSON: " + err.Error()}}
	}
	var c checker
	c.view("/view", v)
	return toBreaches(c.problems)
}

// Breaches returns the breaches recorded so far, in order.
func (s *Server) Breaches() []Breach {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Breach(nil), s.breaches...)
}

// recordBreaches records problems found in a call to method and reports each
// one to Options.OnBreach.
func (s *Server) recordBreaches(method, where string, problems []problem) {
	if len(problems) == 0 {
		return
	}
	bs := toBreaches(problems)
	for i := range bs {
		bs[i].Method, bs[i].Where = method, where
		s.log.Warn("slack limit breached", "method", method, "where", where, "pointer", bs[i].Pointer, "rule", bs[i].Rule)
	}
	s.mu.Lock()
	s.breaches = append(s.breaches, bs...)
	s.mu.Unlock()
	if s.opts.OnBreach != nil {
		for _, b := range bs {
			s.opts.OnBreach(b)
		}
	}
}

// slackMessages are the problems in Slack's response_metadata form.
func slackMessages(problems []problem) []string {
	out := make([]string, 0, len(problems))
	for _, p := range problems {
		out = append(out, fmt.Sprintf("[ERROR] %s [json-pointer:%s]", p.rule, p.pointer))
	}
	return out
}

// invalidBlocks is chat.*'s answer to a message that breaks limits:
// {"ok":false,"error":"invalid_blocks","errors":[...],"response_metadata":{"messages":[...]}}.
func invalidBlocks(problems []problem) result {
	body := slackErr("invalid_blocks")
	errs := make([]string, 0, len(problems))
	for _, p := range problems {
		errs = append(errs, fmt.Sprintf("%s [json-pointer:%s]", p.rule, p.pointer))
	}
	body["errors"] = errs
	body["response_metadata"] = map[string]any{"messages": slackMessages(problems)}
	return result{body: body}
}

// checkMessage checks the blocks param of a message sent with method to
// channel; a breach is recorded and answered as Slack answers it. It returns
// the blocks to store, nil when there are none.
func (s *Server) checkMessage(method, channel, raw string) (json.RawMessage, result, bool) {
	if raw == "" {
		return nil, result{}, true
	}
	var v any
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		return nil, errResult("invalid_blocks_format"), false
	}
	if _, ok := v.([]any); !ok {
		return nil, errResult("invalid_blocks_format"), false
	}
	var c checker
	c.blockList("/blocks", v, maxMessageBlocks)
	if len(c.problems) > 0 {
		s.recordBreaches(method, channel, c.problems)
		return nil, invalidBlocks(c.problems), false
	}
	return json.RawMessage(raw), result{}, true
}

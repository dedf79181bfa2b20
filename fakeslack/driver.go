package fakeslack

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
)

// SlashCommand is a slash command a user types.
type SlashCommand struct {
	Command, Text, UserID, UserName, ChannelID, ChannelName, TeamID string
}

// Click is a click on an interactive element of a view or a message.
type Click struct {
	UserID, TeamID, ActionID, BlockID, Value string
	ViewID                                   string // click inside a modal/home view (container type "view"); payload includes the view JSON
	ChannelID, MessageTS                     string // click on a message button (container "message"); payload includes the message and channel
	SelectedOption                           string // for static_select / overflow actions (then the action type is static_select/overflow)
}

// Shortcut is a message shortcut a user runs on a message. MessageText and MessageUser
// describe a message the bot did not post (the fake knows only the bot's own messages).
type Shortcut struct {
	CallbackID, UserID, TeamID, ChannelID, MessageTS string
	MessageText, MessageUser                         string
}

// userJSON is the "user" object of interactive payloads. Callers hold s.mu.
func (s *Server) userJSON(id, team string) map[string]any {
	if team == "" {
		team = TeamID
	}
	name := id
	if u, ok := s.users[id]; ok && u.Name != "" {
		name = u.Name
	}
	return map[string]any{"id": id, "username": name, "name": name, "team_id": team}
}

// channelName returns a channel's name, or its id. Callers hold s.mu.
func (s *Server) channelName(id string) string {
	if c, ok := s.channels[id]; ok && c.Name != "" {
		return c.Name
	}
	return id
}

// interactive starts an interactive payload. Callers hold s.mu.
func (s *Server) interactive(typ, user, team, triggerID string) map[string]any {
	if team == "" {
		team = TeamID
	}
	p := map[string]any{
		"type":                  typ,
		"token":                 VerificationToken,
		"api_app_id":            AppID,
		"team":                  map[string]any{"id": team, "domain": TeamDomain},
		"user":                  s.userJSON(user, team),
		"enterprise":            nil,
		"is_enterprise_install": false,
	}
	if triggerID != "" {
		p["trigger_id"] = triggerID
	}
	return p
}

// actionTS is an action_ts on the server's clock.
func (s *Server) actionTS() string {
	now := s.now().UnixMicro()
	return fmt.Sprintf("%d.%06d", now/1e6, now%1e6)
}

// sendPayload marshals payload, sends it and sets the ack's trigger id.
func (s *Server) sendPayload(ctx context.Context, typ string, payload any, triggerID string) (Ack, error) {
	raw, err := marshalPayload(payload)
	if err != nil {
		return Ack{}, err
	}
	ack, err := s.send(ctx, typ, raw, 0)
	ack.TriggerID = triggerID
	return ack, err
}

// SlashCommand delivers a slash command shaped like Slack's, with a fresh trigger id
// and a response_url, and waits for its ack.
func (s *Server) SlashCommand(ctx context.Context, c SlashCommand) (Ack, error) {
	if c.TeamID == "" {
		c.TeamID = TeamID
	}
	s.mu.Lock()
	trig := s.newTrigger(c.UserID)
	if c.UserName == "" {
		c.UserName = str(s.userJSON(c.UserID, c.TeamID)["name"])
	}
	if c.ChannelName == "" {
		c.ChannelName = s.channelName(c.ChannelID)
	}
	payload := map[string]any{
		"token":                 VerificationToken,
		"team_id":               c.TeamID,
		"team_domain":           TeamDomain,
		"channel_id":            c.ChannelID,
		"channel_name":          c.ChannelName,
		"user_id":               c.UserID,
		"user_name":             c.UserName,
		"command":               c.Command,
		"text":                  c.Text,
		"api_app_id":            AppID,
		"is_enterprise_install": false,
		"response_url":          s.newResponseURL(c.ChannelID, c.UserID, ""),
		"trigger_id":            trig,
	}
	s.mu.Unlock()
	ack, err := s.sendPayload(ctx, "slash_commands", payload, trig)
	if err == nil && ack.Payload != nil {
		s.checkMessageAck(c.ChannelID, ack.Payload)
	}
	return ack, err
}

// checkMessageAck checks the message in the ack of a slash command, which
// Slack shows to the user: its blocks must keep the limits of a message.
func (s *Server) checkMessageAck(channel string, payload json.RawMessage) {
	var msg struct {
		Blocks json.RawMessage `json:"blocks"`
	}
	if json.Unmarshal(payload, &msg) != nil || len(msg.Blocks) == 0 || string(msg.Blocks) == "null" {
		return
	}
	var v any
	_ = json.Unmarshal(msg.Blocks, &v)
	var c checker
	c.blockList("/blocks", v, maxMessageBlocks)
	s.recordBreaches("ack", channel, c.problems)
}

// ClickButton delivers a "block_actions" payload for a click in a view (c.ViewID) or on
// a message (c.ChannelID, c.MessageTS), with a fresh trigger id, and waits for its ack.
func (s *Server) ClickButton(ctx context.Context, c Click) (Ack, error) {
	s.mu.Lock()
	trig := s.newTrigger(c.UserID)
	p := s.interactive("block_actions", c.UserID, c.TeamID, trig)
	var blocks []block
	if c.ViewID != "" {
		v, ok := s.views[c.ViewID]
		if !ok || v.Closed {
			s.mu.Unlock()
			return Ack{}, fmt.Errorf("fakeslack: view %q is not open", c.ViewID)
		}
		blocks, _ = decodeBlocks(v.JSON, true)
		p["container"] = map[string]any{"type": "view", "view_id": v.ID}
		p["view"] = fullView(v, nil)
	} else {
		msg := map[string]any{"type": "message", "ts": c.MessageTS, "text": ""}
		ephemeral := false
		if i, ok := s.msgIndex[c.ChannelID+"\x00"+c.MessageTS]; ok {
			m := s.messages[i]
			msg, ephemeral = s.messageJSON(m, false), m.Ephemeral
			if m.Blocks != nil {
				blocks, _ = decodeBlocks(m.Blocks, false)
			}
		}
		p["container"] = map[string]any{"type": "message", "message_ts": c.MessageTS, "channel_id": c.ChannelID, "is_ephemeral": ephemeral}
		p["channel"] = map[string]any{"id": c.ChannelID, "name": s.channelName(c.ChannelID)}
		p["message"] = msg
		p["state"] = map[string]any{"values": map[string]any{}}
		p["response_url"] = s.newResponseURL(c.ChannelID, c.UserID, c.MessageTS)
	}
	s.mu.Unlock()

	el, blockID := findElement(blocks, c.BlockID, c.ActionID)
	if c.BlockID == "" {
		c.BlockID = blockID
	}
	action := map[string]any{"action_id": c.ActionID, "block_id": c.BlockID, "action_ts": s.actionTS()}
	if el != nil && el["text"] != nil {
		action["text"] = el["text"]
	}
	if c.SelectedOption != "" {
		typ := "static_select"
		if el != nil {
			typ = str(el["type"])
		} else {
			el = map[string]any{"type": typ}
		}
		opt, err := findOption(el, c.SelectedOption)
		if err != nil {
			return Ack{}, err
		}
		action["type"], action["selected_option"] = typ, opt
	} else {
		action["type"] = "button"
		if c.Value == "" && el != nil {
			c.Value = str(el["value"])
		}
		if c.Value != "" {
			action["value"] = c.Value
		}
	}
	p["actions"] = []any{action}
	return s.sendPayload(ctx, "interactive", p, trig)
}

// openView returns user's open view id, or an error. Callers hold s.mu.
func (s *Server) openView(user, id string) (*View, error) {
	v, ok := s.views[id]
	if !ok || v.Closed || v.Type != "modal" || v.User != user {
		return nil, fmt.Errorf("fakeslack: view %q is not open for %q", id, user)
	}
	return v, nil
}

// SubmitView delivers a "view_submission" for user's open modal viewID, with state built
// from values (block_id -> action_id -> string or []string) and the element types of the
// stored view, then applies the ack's response_action to the user's modal stack.
func (s *Server) SubmitView(ctx context.Context, userID, viewID string, values map[string]map[string]any) (Ack, error) {
	s.mu.Lock()
	v, err := s.openView(userID, viewID)
	if err != nil {
		s.mu.Unlock()
		return Ack{}, err
	}
	state, err := buildState(v.JSON, values)
	if err != nil {
		s.mu.Unlock()
		return Ack{}, err
	}
	trig := s.newTrigger(userID)
	p := s.interactive("view_submission", userID, "", trig)
	p["view"] = fullView(v, state)
	p["response_urls"] = []any{}
	submitted := v.JSON
	s.mu.Unlock()

	ack, err := s.sendPayload(ctx, "interactive", p, trig)
	if err != nil {
		return ack, err
	}
	s.applySubmissionAck(userID, viewID, submitted, ack.Payload)
	return ack, nil
}

// submissionAck is the ack payload of a view_submission.
type submissionAck struct {
	ResponseAction string            `json:"response_action"`
	View           json.RawMessage   `json:"view"`
	Errors         map[string]string `json:"errors"`
}

// checkSubmissionAck checks an ack to the submission of the view submitted:
// a view to update or push must keep Slack's limits, and errors must name input
// blocks of the submitted view (Slack shows the user an error otherwise). A
// breach is recorded; ok is false when Slack would not apply the ack.
func (s *Server) checkSubmissionAck(res submissionAck, submitted json.RawMessage) (h viewHead, ok bool) {
	switch res.ResponseAction {
	case "update", "push":
		h, _, ok = s.parseView("ack", string(res.View), "modal")
		return h, ok
	case "errors":
		var sent struct {
			CallbackID string  `json:"callback_id"`
			Blocks     []block `json:"blocks"`
		}
		_ = json.Unmarshal(submitted, &sent)
		var c checker
		for id, msg := range res.Errors {
			i := slices.IndexFunc(sent.Blocks, func(b block) bool { return b.BlockID == id && b.Type == "input" })
			if i < 0 {
				c.add("/errors/"+id, fmt.Sprintf("no input block with block_id %q in the view", id), msg)
			}
		}
		s.recordBreaches("ack", sent.CallbackID, c.problems)
		return h, len(c.problems) == 0
	}
	return h, true
}

// applySubmissionAck does to the modal stack what Slack does on a view_submission ack.
func (s *Server) applySubmissionAck(user, viewID string, submitted, payload json.RawMessage) {
	var res submissionAck
	if payload != nil {
		if err := json.Unmarshal(payload, &res); err != nil {
			s.log.Warn("bad view submission ack", "view_id", viewID, "error", err)
			return
		}
	}
	h, ok := s.checkSubmissionAck(res, submitted)
	if !ok {
		s.log.Warn("view submission ack refused", "view_id", viewID, "response_action", res.ResponseAction)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	v, err := s.openView(user, viewID)
	if err != nil {
		return
	}
	switch res.ResponseAction {
	case "":
		s.closeStackFrom(user, viewID)
	case "clear":
		if stack := s.stacks[user]; len(stack) > 0 {
			s.closeStackFrom(user, stack[0])
		}
	case "update", "push":
		if res.ResponseAction == "update" {
			setView(v, h, string(res.View))
			return
		}
		stack := s.stacks[user]
		if len(stack) >= 3 {
			s.log.Warn("push_limit_reached in submission ack", "view_id", viewID)
			return
		}
		nv := s.newView(user, "", h, string(res.View))
		nv.root, nv.previous = stack[0], stack[len(stack)-1]
		s.stacks[user] = append(stack, nv.ID)
	case "errors":
	default:
		s.log.Warn("unknown response_action", "view_id", viewID, "response_action", res.ResponseAction)
	}
}

// CloseView closes user's modal viewID as the user's close button does: the view (and
// those above it, or the whole stack with clear_on_close) is closed, and "view_closed" is
// delivered only if the view asked for notify_on_close; otherwise the zero Ack is returned.
func (s *Server) CloseView(ctx context.Context, userID, viewID string) (Ack, error) {
	s.mu.Lock()
	v, err := s.openView(userID, viewID)
	if err != nil {
		s.mu.Unlock()
		return Ack{}, err
	}
	var h viewHead
	_ = json.Unmarshal(v.JSON, &h)
	full := fullView(v, nil)
	if h.ClearOnClose {
		s.closeStackFrom(userID, s.stacks[userID][0])
	} else {
		s.closeStackFrom(userID, viewID)
	}
	p := s.interactive("view_closed", userID, "", "")
	p["view"] = full
	p["is_cleared"] = h.ClearOnClose
	s.mu.Unlock()
	if !h.NotifyOnClose {
		return Ack{}, nil
	}
	return s.sendPayload(ctx, "interactive", p, "")
}

// MessageShortcut delivers a "message_action" payload with a fresh trigger id and a
// response_url, and waits for its ack.
func (s *Server) MessageShortcut(ctx context.Context, sc Shortcut) (Ack, error) {
	s.mu.Lock()
	trig := s.newTrigger(sc.UserID)
	p := s.interactive("message_action", sc.UserID, sc.TeamID, trig)
	msg := map[string]any{"type": "message", "ts": sc.MessageTS, "text": sc.MessageText, "user": sc.MessageUser}
	if sc.MessageText == "" && sc.MessageUser == "" {
		if i, ok := s.msgIndex[sc.ChannelID+"\x00"+sc.MessageTS]; ok {
			msg = s.messageJSON(s.messages[i], false)
		}
	}
	p["callback_id"] = sc.CallbackID
	p["action_ts"] = s.actionTS()
	p["message_ts"] = sc.MessageTS
	p["message"] = msg
	p["channel"] = map[string]any{"id": sc.ChannelID, "name": s.channelName(sc.ChannelID)}
	p["response_url"] = s.newResponseURL(sc.ChannelID, sc.UserID, "")
	s.mu.Unlock()
	return s.sendPayload(ctx, "interactive", p, trig)
}

// SendEvent delivers an events_api envelope wrapping event in an event_callback, and
// waits for its ack. retryAttempt > 0 marks the first delivery as a retry.
func (s *Server) SendEvent(ctx context.Context, eventID string, event map[string]any, retryAttempt int) (Ack, error) {
	p := map[string]any{
		"token":      VerificationToken,
		"team_id":    TeamID,
		"api_app_id": AppID,
		"event":      event,
		"type":       "event_callback",
		"event_id":   eventID,
		"event_time": s.now().Unix(),
		"authorizations": []any{map[string]any{
			"team_id": TeamID, "user_id": BotUserID, "is_bot": true, "is_enterprise_install": false,
		}},
		"is_ext_shared_channel": false,
	}
	raw, err := marshalPayload(p)
	if err != nil {
		return Ack{}, err
	}
	return s.send(ctx, "events_api", raw, retryAttempt)
}

// SendMessageEvent delivers a "message" event for the stored message ts in
// channel (a member's post, upload or reply, or the bot's own), shaped as Slack
// sends it, and waits for its ack.
func (s *Server) SendMessageEvent(ctx context.Context, eventID, channel, ts string) (Ack, error) {
	s.mu.Lock()
	i, ok := s.msgIndex[channel+"\x00"+ts]
	if !ok {
		s.mu.Unlock()
		return Ack{}, fmt.Errorf("fakeslack: no message %s in %s", ts, channel)
	}
	event := s.messageJSON(s.messages[i], false)
	event["channel"] = channel
	event["event_ts"] = ts
	event["channel_type"] = map[string]string{"im": "im", "private_channel": "group"}[conversationType(s.channels[channel])]
	if event["channel_type"] == "" {
		event["channel_type"] = "channel"
	}
	s.mu.Unlock()
	return s.SendEvent(ctx, eventID, event, 0)
}

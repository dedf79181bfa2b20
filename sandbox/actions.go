package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/planbot/planbot/fakeslack"
)

// handleCommand takes what the composer sent: a slash command goes to the
// bot (its ack's message is shown as Slack shows it), anything else is
// posted as the member's message.
func (s *Server) handleCommand(w http.ResponseWriter, r *http.Request) {
	var req struct {
		User     string `json:"user"`
		Channel  string `json:"channel"`
		Text     string `json:"text"`
		ThreadTS string `json:"thread_ts"`
	}
	if !decode(w, r, &req) {
		return
	}
	u := s.user(req.User)
	text := strings.TrimSpace(req.Text)
	if req.Channel == "" || text == "" {
		writeJSON(w, http.StatusBadRequest, map[string]any{"ok": false, "error": "channel and text are required"})
		return
	}
	if !strings.HasPrefix(text, "/") {
		s.Post(req.Channel, u.ID, text, req.ThreadTS)
		writeJSON(w, http.StatusOK, map[string]any{"ok": true})
		return
	}
	cmd, args, _ := strings.Cut(text, " ")
	if cmd != s.cfg.Command {
		s.addLocal(localMessage{Channel: req.Channel, User: "USLACKBOT", EphemeralUser: u.ID,
			Text: fmt.Sprintf("`%s` is not a valid command. In this sandbox, the app's command is `%s`.", userEscaper.Replace(cmd), s.cfg.Command)})
		s.hub.publish(event{Kind: "messages", Channel: req.Channel})
		writeJSON(w, http.StatusOK, map[string]any{"ok": true})
		return
	}
	ctx, cancel := s.ackCtx(r)
	defer cancel()
	ack, err := s.cfg.Slack.SlashCommand(ctx, fakeslack.SlashCommand{
		Command: cmd, Text: strings.TrimSpace(args), UserID: u.ID, ChannelID: req.Channel,
	})
	if err != nil {
		s.fail(w, "slash command", err)
		return
	}
	if err := s.ackMessage(req.Channel, u.ID, ack.Payload); err != nil {
		s.fail(w, "slash command", err)
		return
	}
	s.hub.publish(event{Kind: "messages", Channel: req.Channel})
	writeJSON(w, http.StatusOK, map[string]any{"ok": true})
}

// actionRequest is a click or a selection on an interactive element, in a
// view (ViewID) or on a message (Channel and TS).
type actionRequest struct {
	User           string `json:"user"`
	ViewID         string `json:"view_id"`
	Channel        string `json:"channel"`
	TS             string `json:"ts"`
	ActionID       string `json:"action_id"`
	BlockID        string `json:"block_id"`
	Type           string `json:"type"`
	Value          string `json:"value"`
	SelectedOption string `json:"selected_option"`
}

// handleAction delivers a block_actions payload. Selections of a static
// select or an overflow menu carry the option, as in Slack; other
// elements carry their value.
func (s *Server) handleAction(w http.ResponseWriter, r *http.Request) {
	var req actionRequest
	if !decode(w, r, &req) {
		return
	}
	if req.ActionID == "" || (req.ViewID == "" && (req.Channel == "" || req.TS == "")) {
		writeJSON(w, http.StatusBadRequest, map[string]any{"ok": false, "error": "action_id and a view or a message are required"})
		return
	}
	c := fakeslack.Click{
		UserID: s.user(req.User).ID, ActionID: req.ActionID, BlockID: req.BlockID,
		ViewID: req.ViewID, ChannelID: req.Channel, MessageTS: req.TS,
	}
	switch req.Type {
	case "static_select", "external_select", "overflow", "radio_buttons":
		c.SelectedOption = req.SelectedOption
	default:
		c.Value = req.Value
	}
	ctx, cancel := s.ackCtx(r)
	defer cancel()
	if _, err := s.cfg.Slack.ClickButton(ctx, c); err != nil {
		s.fail(w, "block action", err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"ok": true})
}

// handleSubmit delivers a view_submission and answers the field errors of
// the ack (response_action "errors"), which the page shows under inputs.
func (s *Server) handleSubmit(w http.ResponseWriter, r *http.Request) {
	var req struct {
		User   string                    `json:"user"`
		ViewID string                    `json:"view_id"`
		Values map[string]map[string]any `json:"values"`
	}
	if !decode(w, r, &req) {
		return
	}
	ctx, cancel := s.ackCtx(r)
	defer cancel()
	ack, err := s.cfg.Slack.SubmitView(ctx, s.user(req.User).ID, req.ViewID, req.Values)
	s.hub.publish(event{Kind: "views"})
	if err != nil {
		s.fail(w, "view submission", err)
		return
	}
	var res struct {
		ResponseAction string            `json:"response_action"`
		Errors         map[string]string `json:"errors"`
	}
	if len(ack.Payload) > 0 {
		if err := json.Unmarshal(ack.Payload, &res); err != nil {
			s.fail(w, "view submission ack", err)
			return
		}
	}
	out := map[string]any{"ok": true, "response_action": res.ResponseAction}
	if res.ResponseAction == "errors" {
		out["errors"] = res.Errors
	}
	writeJSON(w, http.StatusOK, out)
}

// handleClose closes a modal as its close button, back arrow or × does.
func (s *Server) handleClose(w http.ResponseWriter, r *http.Request) {
	var req struct {
		User   string `json:"user"`
		ViewID string `json:"view_id"`
	}
	if !decode(w, r, &req) {
		return
	}
	ctx, cancel := s.ackCtx(r)
	defer cancel()
	_, err := s.cfg.Slack.CloseView(ctx, s.user(req.User).ID, req.ViewID)
	s.hub.publish(event{Kind: "views"})
	if err != nil {
		s.fail(w, "close view", err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"ok": true})
}

// handleShortcut runs a message shortcut on a message. For a message the
// fake does not keep (typed by a member), the page's copy is sent.
func (s *Server) handleShortcut(w http.ResponseWriter, r *http.Request) {
	var req struct {
		User       string `json:"user"`
		CallbackID string `json:"callback_id"`
		Channel    string `json:"channel"`
		TS         string `json:"ts"`
	}
	if !decode(w, r, &req) {
		return
	}
	sc := fakeslack.Shortcut{CallbackID: req.CallbackID, UserID: s.user(req.User).ID, ChannelID: req.Channel, MessageTS: req.TS}
	if m, ok := s.findLocal(req.Channel, req.TS); ok {
		sc.MessageText, sc.MessageUser = m.Text, m.User
	}
	ctx, cancel := s.ackCtx(r)
	defer cancel()
	if _, err := s.cfg.Slack.MessageShortcut(ctx, sc); err != nil {
		s.fail(w, "message shortcut", err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"ok": true})
}

// handleHomeOpened sends app_home_opened, as Slack does when a member
// opens the app's Home tab; the bot answers with views.publish.
func (s *Server) handleHomeOpened(w http.ResponseWriter, r *http.Request) {
	var req struct {
		User string `json:"user"`
	}
	if !decode(w, r, &req) {
		return
	}
	u := s.user(req.User)
	s.mu.Lock()
	s.seq++
	id := fmt.Sprintf("EvSBX%d%04d", time.Now().UnixNano(), s.seq) // unique across restarts on one database
	s.mu.Unlock()
	now := time.Now()
	ev := map[string]any{
		"type":     "app_home_opened",
		"user":     u.ID,
		"channel":  dmOf(u.ID),
		"tab":      "home",
		"event_ts": fmt.Sprintf("%d.%06d", now.Unix(), now.Nanosecond()/1000),
	}
	ctx, cancel := s.ackCtx(r)
	defer cancel()
	if _, err := s.cfg.Slack.SendEvent(ctx, id, ev, 0); err != nil {
		s.fail(w, "app_home_opened", err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"ok": true})
}

package fakeslack

import (
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
)

// Message is a message in a channel, as last updated: one the bot posted
// (chat.postMessage, chat.postEphemeral, a response_url, a file it shared) or one
// a member posted (PostAsUser, UploadFile).
type Message struct {
	Channel, TS, Text string
	ThreadTS          string          // the thread's parent ts for a reply ("" for a message outside threads)
	ReplyBroadcast    bool            // a reply also shown in the channel (reply_broadcast)
	Blocks            json.RawMessage // the blocks as posted (JSON array), nil if none
	Ephemeral         bool
	EphemeralUser     string
	Updated           bool       // true once chat.update (or replace_original) changed it
	Deleted           bool       // true once chat.delete removed it; Messages leaves it out
	User              string     // the author: BotUserID for the bot's posts, else a member's id
	Files             []string   // ids of the files shared with it
	Metadata          *Metadata  // message metadata (chat.postMessage, chat.update), nil if none
	Reactions         []Reaction // in the order first added
}

// Metadata is Slack message metadata: an event type and a JSON object payload.
// conversations.history and conversations.replies return it only when asked
// with include_all_metadata.
type Metadata struct {
	EventType    string          `json:"event_type"`
	EventPayload json.RawMessage `json:"event_payload"`
}

// Reaction is an emoji reaction on a message and who added it.
type Reaction struct {
	Name  string   // without colons: "eyes"
	Users []string // in the order they reacted
}

// Messages returns the messages in channel ("" = all channels) in post order,
// leaving out deleted ones.
func (s *Server) Messages(channel string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Message
	for _, m := range s.messages {
		if !m.Deleted && (channel == "" || m.Channel == channel) {
			out = append(out, m.clone())
		}
	}
	return out
}

// clone copies m deep enough that the server's later changes (reactions) do
// not reach the copy a test holds.
func (m Message) clone() Message {
	m.Files = slices.Clone(m.Files)
	m.Reactions = slices.Clone(m.Reactions)
	for i := range m.Reactions {
		m.Reactions[i].Users = slices.Clone(m.Reactions[i].Users)
	}
	return m
}

// Message returns the message with ts in channel, deleted or not.
func (s *Server) Message(channel, ts string) (Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i, ok := s.msgIndex[channel+"\x00"+ts]
	if !ok {
		return Message{}, false
	}
	return s.messages[i].clone(), true
}

// addMessage stores m with a fresh ts, as the bot's unless m.User is set. A
// reply to a reply joins the parent's thread, as in Slack. Callers hold s.mu.
func (s *Server) addMessage(m Message) Message {
	m.TS = s.nextTS()
	if m.User == "" {
		m.User = BotUserID
	}
	if m.ThreadTS != "" {
		if i, ok := s.msgIndex[m.Channel+"\x00"+m.ThreadTS]; ok && s.messages[i].ThreadTS != "" {
			m.ThreadTS = s.messages[i].ThreadTS
		}
	}
	if m.ThreadTS != "" {
		key := m.Channel + "\x00" + m.ThreadTS
		s.threads[key] = append(s.threads[key], len(s.messages))
	}
	s.msgIndex[m.Channel+"\x00"+m.TS] = len(s.messages)
	s.byChannel[m.Channel] = append(s.byChannel[m.Channel], len(s.messages))
	s.messages = append(s.messages, m)
	return m
}

// resolveChannel checks that the bot may post to id and returns the channel to post
// to: a user id stands for the DM with that user ("D" + the id without its first letter).
// Callers hold s.mu.
func (s *Server) resolveChannel(id string) (string, string) {
	if c, ok := s.channels[id]; ok {
		switch {
		case c.private() && !c.IsMember:
			return "", "channel_not_found" // a private channel is invisible to non-members
		case c.IsArchived:
			return "", "is_archived"
		case !c.IsMember:
			return "", "not_in_channel"
		}
		return id, ""
	}
	if _, ok := s.users[id]; ok && len(id) > 1 {
		return s.dm(id), ""
	}
	return "", "channel_not_found"
}

// messageJSON is m as Slack shows it in API answers and payloads, with thread
// details, reactions and files; metadata only if withMetadata. Callers hold s.mu.
func (s *Server) messageJSON(m Message, withMetadata bool) map[string]any {
	out := map[string]any{
		"type": "message",
		"text": m.Text,
		"user": m.User,
		"ts":   m.TS,
		"team": TeamID,
	}
	if m.User == BotUserID {
		out["bot_id"], out["app_id"] = BotID, AppID
	}
	if m.Blocks != nil {
		out["blocks"] = m.Blocks
	}
	if m.Updated {
		out["edited"] = map[string]any{"user": m.User, "ts": m.TS}
	}
	switch {
	case m.ThreadTS != "":
		out["thread_ts"] = m.ThreadTS
		if i, ok := s.msgIndex[m.Channel+"\x00"+m.ThreadTS]; ok {
			out["parent_user_id"] = s.messages[i].User
		}
		if m.ReplyBroadcast {
			out["subtype"] = "thread_broadcast"
		}
	default:
		if replies := s.replies(m.Channel, m.TS); len(replies) > 0 {
			var users []string
			for _, r := range replies {
				if !slices.Contains(users, r.User) {
					users = append(users, r.User)
				}
			}
			out["thread_ts"] = m.TS
			out["reply_count"] = len(replies)
			out["reply_users"] = users
			out["reply_users_count"] = len(users)
			out["latest_reply"] = replies[len(replies)-1].TS
		}
	}
	if len(m.Reactions) > 0 {
		reactions := make([]map[string]any, 0, len(m.Reactions))
		for _, r := range m.Reactions {
			reactions = append(reactions, map[string]any{"name": r.Name, "users": r.Users, "count": len(r.Users)})
		}
		out["reactions"] = reactions
	}
	if len(m.Files) > 0 {
		files := make([]map[string]any, 0, len(m.Files))
		for _, id := range m.Files {
			if f, ok := s.files[id]; ok {
				files = append(files, s.fileJSON(f))
			}
		}
		out["files"] = files
		if m.User != BotUserID {
			out["subtype"], out["upload"], out["display_as_bot"] = "file_share", true, false
		}
	}
	if withMetadata && m.Metadata != nil {
		out["metadata"] = m.Metadata
	}
	return out
}

// replies returns the live replies to the message ts in channel, oldest first.
// Callers hold s.mu.
func (s *Server) replies(channel, ts string) []Message {
	var out []Message
	for _, i := range s.threads[channel+"\x00"+ts] {
		if m := s.messages[i]; m.TS != ts && !m.Deleted && !m.Ephemeral {
			out = append(out, m)
		}
	}
	return out
}

// metadataParam decodes the "metadata" param: {"event_type": "...", "event_payload": {...}}.
func metadataParam(v string) (*Metadata, string) {
	if v == "" {
		return nil, ""
	}
	var md Metadata
	if err := json.Unmarshal([]byte(v), &md); err != nil || md.EventType == "" {
		return nil, "invalid_metadata_format"
	}
	var payload map[string]any
	if len(md.EventPayload) > 0 && json.Unmarshal(md.EventPayload, &payload) != nil {
		return nil, "invalid_metadata_format"
	}
	if payload == nil {
		md.EventPayload = json.RawMessage("{}")
	}
	return &md, ""
}

// newMessage decodes a message sent with method, checking its blocks; a
// breach is answered with bad.
func (s *Server) newMessage(method string, req *apiRequest) (m Message, code string, bad *result) {
	p := req.params
	blocks, res, ok := s.checkMessage(method, p.Get("channel"), p.Get("blocks"))
	if !ok {
		return Message{}, "", &res
	}
	if p.Get("text") == "" && blocks == nil && p.Get("attachments") == "" {
		return Message{}, "no_text", nil
	}
	if len(p.Get("text")) > 40000 {
		return Message{}, "msg_too_long", nil
	}
	md, code := metadataParam(p.Get("metadata"))
	if code != "" {
		return Message{}, code, nil
	}
	m = Message{Text: p.Get("text"), Blocks: blocks, ThreadTS: p.Get("thread_ts"), Metadata: md}
	m.ReplyBroadcast = m.ThreadTS != "" && isTrue(p.Get("reply_broadcast"))
	return m, "", nil
}

// isTrue reads a boolean param as Slack does: "true" or "1".
func isTrue(v string) bool { return v == "true" || v == "1" }

func (s *Server) chatPostMessage(req *apiRequest) result {
	m, code, bad := s.newMessage("chat.postMessage", req)
	switch {
	case bad != nil:
		return *bad
	case code != "":
		return errResult(code)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if m.Channel, code = s.resolveChannel(req.params.Get("channel")); code != "" {
		return errResult(code)
	}
	m = s.addMessage(m)
	return okResult(map[string]any{"channel": m.Channel, "ts": m.TS, "message": s.messageJSON(m, true)})
}

func (s *Server) chatPostEphemeral(req *apiRequest) result {
	m, code, bad := s.newMessage("chat.postEphemeral", req)
	switch {
	case bad != nil:
		return *bad
	case code != "":
		return errResult(code)
	}
	m.Ephemeral, m.EphemeralUser = true, req.params.Get("user")
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.users[m.EphemeralUser]; !ok {
		return errResult("user_not_found")
	}
	if m.Channel, code = s.resolveChannel(req.params.Get("channel")); code != "" {
		return errResult(code)
	}
	m = s.addMessage(m)
	return okResult(map[string]any{"message_ts": m.TS})
}

// findMessage looks a message up by the channel (or user id) the bot names. Callers hold s.mu.
func (s *Server) findMessage(channel, ts string) (*Message, string) {
	if _, ok := s.channels[channel]; !ok {
		if _, ok := s.users[channel]; ok && len(channel) > 1 {
			channel = "D" + channel[1:]
		} else {
			return nil, "channel_not_found"
		}
	}
	i, ok := s.msgIndex[channel+"\x00"+ts]
	if !ok || s.messages[i].Deleted {
		return nil, "message_not_found"
	}
	return &s.messages[i], ""
}

func (s *Server) chatUpdate(req *apiRequest) result {
	p := req.params
	blocks, bad, ok := s.checkMessage("chat.update", p.Get("channel"), p.Get("blocks"))
	if !ok {
		return bad
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m, code := s.findMessage(p.Get("channel"), p.Get("ts"))
	if code != "" {
		return errResult(code)
	}
	if m.Ephemeral || m.User != BotUserID {
		return errResult("cant_update_message")
	}
	md, code := metadataParam(p.Get("metadata"))
	if code != "" {
		return errResult(code)
	}
	if md != nil {
		m.Metadata = md
	}
	if _, ok := p["text"]; ok {
		m.Text = p.Get("text")
	}
	if blocks != nil {
		m.Blocks = blocks
	}
	m.Updated = true
	return okResult(map[string]any{"channel": m.Channel, "ts": m.TS, "text": m.Text, "message": s.messageJSON(*m, true)})
}

func (s *Server) chatDelete(req *apiRequest) result {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, code := s.findMessage(req.params.Get("channel"), req.params.Get("ts"))
	if code != "" {
		return errResult(code)
	}
	if m.User != BotUserID {
		return errResult("cant_delete_message")
	}
	m.Deleted = true
	return okResult(map[string]any{"channel": m.Channel, "ts": m.TS})
}

func (s *Server) chatGetPermalink(req *apiRequest) result {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, code := s.findMessage(req.params.Get("channel"), req.params.Get("message_ts"))
	if code != "" {
		return errResult(code)
	}
	link := "https://" + TeamDomain + ".slack.com/archives/" + m.Channel + "/p" + strings.ReplaceAll(m.TS, ".", "")
	return okResult(map[string]any{"channel": m.Channel, "permalink": link})
}

// handleResponseURL serves the response_url of slash commands, shortcuts and message
// clicks: in_channel posts a message, ephemeral (the default) an ephemeral one;
// replace_original and delete_original act on the clicked message.
func (s *Server) handleResponseURL(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	req := &apiRequest{r: r, body: body}
	req.params, req.token = parseParams(r, body)
	res := s.serveResponseURL(r.PathValue("id"), req)
	s.finish(w, "response_url", req, res)
}

func (s *Server) serveResponseURL(id string, req *apiRequest) result {
	return s.serveFaulty("response_url", req, func() result { return s.postResponseURL(id, req) })
}

func (s *Server) postResponseURL(id string, req *apiRequest) result {
	var msg struct {
		Text            string          `json:"text"`
		Blocks          json.RawMessage `json:"blocks"`
		ThreadTS        string          `json:"thread_ts"`
		ResponseType    string          `json:"response_type"`
		ReplaceOriginal bool            `json:"replace_original"`
		DeleteOriginal  bool            `json:"delete_original"`
	}
	if err := json.Unmarshal(req.body, &msg); err != nil {
		return result{status: http.StatusBadRequest, raw: []byte("invalid_payload")}
	}
	if string(msg.Blocks) == "null" {
		msg.Blocks = nil
	}
	if msg.Blocks != nil {
		if _, _, ok := s.checkMessage("response_url", "", string(msg.Blocks)); !ok {
			return result{status: http.StatusBadRequest, raw: []byte("invalid_blocks")}
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ru, ok := s.respURLs[id]
	if !ok {
		return result{status: http.StatusNotFound, raw: []byte("no_active_hooks")}
	}
	if msg.ReplaceOriginal || msg.DeleteOriginal {
		m, code := s.findMessage(ru.channel, ru.ts)
		if code != "" {
			return result{status: http.StatusNotFound, raw: []byte(code)}
		}
		if msg.DeleteOriginal {
			m.Deleted = true
		} else {
			m.Text, m.Blocks, m.Updated = msg.Text, msg.Blocks, true
		}
		return result{body: map[string]any{"ok": true}}
	}
	m := Message{Channel: ru.channel, Text: msg.Text, Blocks: msg.Blocks, ThreadTS: msg.ThreadTS}
	if msg.ResponseType != "in_channel" {
		m.Ephemeral, m.EphemeralUser = true, ru.user
	}
	s.addMessage(m)
	return result{body: map[string]any{"ok": true}}
}

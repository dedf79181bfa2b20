package fakeslack

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// UserMessage is a message a workspace member posts; the test plays the member.
type UserMessage struct {
	Channel, User string
	Text          string // as typed: the fake escapes &, < and > as Slack does
	ThreadTS      string // reply in this thread
}

// PostAsUser stores m as the member's message and returns it as stored. The
// member must be in the channel (AddChannel's Members, AddMembers).
func (s *Server) PostAsUser(m UserMessage) (Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	channel, err := s.memberChannel(m.Channel, m.User)
	if err != nil {
		return Message{}, err
	}
	return s.addMessage(Message{Channel: channel, User: m.User, Text: EscapeText(m.Text), ThreadTS: m.ThreadTS}), nil
}

// memberChannel checks that user may post in channel. Callers hold s.mu.
func (s *Server) memberChannel(channel, user string) (string, error) {
	if _, ok := s.users[user]; !ok {
		return "", fmt.Errorf("fakeslack: no user %q (AddUser first)", user)
	}
	if _, ok := s.channels[channel]; !ok {
		return "", fmt.Errorf("fakeslack: no channel %q", channel)
	}
	if !slices.Contains(s.members[channel], user) {
		return "", fmt.Errorf("fakeslack: %s is not a member of %s (AddMembers first)", user, channel)
	}
	return channel, nil
}

var slackEscapes = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// EscapeText escapes &, < and > as Slack does in the text of a message a member
// types, and as a bot must in text it posts.
func EscapeText(text string) string { return slackEscapes.Replace(text) }

// parseTS reads a message ts ("1700000000.000100", or whole seconds) as
// microseconds.
func parseTS(ts string) (int64, bool) {
	sec, frac, _ := strings.Cut(ts, ".")
	n, err := strconv.ParseInt(sec, 10, 64)
	if err != nil || n < 0 {
		return 0, false
	}
	if len(frac) > 6 {
		frac = frac[:6]
	}
	var f int64
	if frac != "" {
		if f, err = strconv.ParseInt(frac+strings.Repeat("0", 6-len(frac)), 10, 64); err != nil {
			return 0, false
		}
	}
	return n*1e6 + f, true
}

// window is the oldest/latest/inclusive filter of history methods.
type window struct {
	oldest, latest int64 // microseconds; latest 0 = no bound
	inclusive      bool
}

func windowParams(get func(string) string) (window, string) {
	w := window{inclusive: isTrue(get("inclusive"))}
	var ok bool
	if v := get("oldest"); v != "" {
		if w.oldest, ok = parseTS(v); !ok {
			return w, "invalid_ts_oldest"
		}
	}
	if v := get("latest"); v != "" {
		if w.latest, ok = parseTS(v); !ok {
			return w, "invalid_ts_latest"
		}
	}
	return w, ""
}

func (w window) contains(ts string) bool {
	t, _ := parseTS(ts)
	if t < w.oldest || (t == w.oldest && !w.inclusive && w.oldest != 0) {
		return false
	}
	if w.latest != 0 && (t > w.latest || (t == w.latest && !w.inclusive)) {
		return false
	}
	return true
}

// historyMessage reports whether m shows in its channel's history: not
// ephemeral, not deleted, and not a reply unless broadcast.
func historyMessage(m Message) bool {
	return !m.Ephemeral && !m.Deleted && (m.ThreadTS == "" || m.ThreadTS == m.TS || m.ReplyBroadcast)
}

// conversationsHistory answers newest first, pages with a cursor, and shows
// metadata only with include_all_metadata, as Slack does.
func (s *Server) conversationsHistory(req *apiRequest) result {
	p := req.params
	limit, code := limitParam(p.Get("limit"), 100, 999)
	if code != "" {
		return errResult(code)
	}
	w, code := windowParams(p.Get)
	if code != "" {
		return errResult(code)
	}
	var before int64 = -1 // the cursor: only messages older than this
	if c := p.Get("cursor"); c != "" {
		key, ok := decodeCursor(c)
		if ok {
			before, ok = parseTS(key)
		}
		if !ok {
			return errResult("invalid_cursor")
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, code := s.readableChannel(p.Get("channel"))
	if code != "" {
		return errResult(code)
	}
	var out []map[string]any
	hasMore := false
	last := ""
	idx := s.byChannel[c.ID]
	for j := len(idx) - 1; j >= 0; j-- { // ts grow with the index
		m := s.messages[idx[j]]
		if !historyMessage(m) || !w.contains(m.TS) {
			continue
		}
		if t, _ := parseTS(m.TS); before >= 0 && t >= before {
			continue
		}
		if len(out) == limit {
			hasMore = true
			break
		}
		out = append(out, s.messageJSON(m, isTrue(p.Get("include_all_metadata"))))
		last = m.TS
	}
	next := ""
	if hasMore {
		next = encodeCursor(last)
	}
	if out == nil {
		out = []map[string]any{}
	}
	return okResult(map[string]any{
		"messages":          out,
		"has_more":          hasMore,
		"pin_count":         0,
		"response_metadata": map[string]any{"next_cursor": next},
	})
}

// conversationsReplies answers a thread oldest first: the parent, then its
// replies, paged with a cursor; ts may name the parent or any reply.
func (s *Server) conversationsReplies(req *apiRequest) result {
	p := req.params
	limit, code := limitParam(p.Get("limit"), 1000, 1000)
	if code != "" {
		return errResult(code)
	}
	w, code := windowParams(p.Get)
	if code != "" {
		return errResult(code)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, code := s.readableChannel(p.Get("channel"))
	if code != "" {
		return errResult(code)
	}
	i, ok := s.msgIndex[c.ID+"\x00"+p.Get("ts")]
	if !ok || s.messages[i].Deleted || s.messages[i].Ephemeral {
		return errResult("thread_not_found")
	}
	parent := s.messages[i]
	if parent.ThreadTS != "" && parent.ThreadTS != parent.TS {
		parent = s.messages[s.msgIndex[c.ID+"\x00"+parent.ThreadTS]]
	}
	thread := []Message{parent}
	for _, r := range s.replies(c.ID, parent.TS) {
		if w.contains(r.TS) {
			thread = append(thread, r)
		}
	}
	got, next, code := page(thread, func(m Message) string { return m.TS }, p.Get("cursor"), limit)
	if code != "" {
		return errResult(code)
	}
	withMD := isTrue(p.Get("include_all_metadata"))
	out := make([]map[string]any, 0, len(got))
	for _, m := range got {
		out = append(out, s.messageJSON(m, withMD))
	}
	return okResult(map[string]any{
		"messages":          out,
		"has_more":          next != "",
		"response_metadata": map[string]any{"next_cursor": next},
	})
}

// validReactionName reports whether name looks like an emoji name without colons.
func validReactionName(name string) bool {
	return name != "" && !strings.ContainsAny(name, ": \t\n")
}

// reactionsAdd records the bot's reaction on a message.
func (s *Server) reactionsAdd(req *apiRequest) result {
	p := req.params
	name := p.Get("name")
	if p.Get("channel") == "" || p.Get("timestamp") == "" {
		return errResult("no_item_specified")
	}
	if !validReactionName(name) {
		return errResult("invalid_name")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, code := s.readableChannel(p.Get("channel"))
	if code != "" {
		return errResult(code)
	}
	m, code := s.findMessage(c.ID, p.Get("timestamp"))
	if code != "" {
		return errResult(code)
	}
	i := slices.IndexFunc(m.Reactions, func(r Reaction) bool { return r.Name == name })
	switch {
	case i < 0:
		m.Reactions = append(m.Reactions, Reaction{Name: name, Users: []string{BotUserID}})
	case slices.Contains(m.Reactions[i].Users, BotUserID):
		return errResult("already_reacted")
	default:
		m.Reactions[i].Users = append(m.Reactions[i].Users, BotUserID)
	}
	return okResult(nil)
}

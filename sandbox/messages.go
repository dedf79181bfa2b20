package sandbox

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/planbot/planbot/fakeslack"
)

// localMessage is a message fakeslack does not keep: one a member typed,
// or the message a slash command's ack carried (Slack shows it, fakeslack
// only returns it to the caller).
type localMessage struct {
	Channel, TS, ThreadTS, User, Text string
	Blocks                            json.RawMessage
	EphemeralUser                     string
}

// item is a message as the page shows it, from either source.
type item struct {
	Channel, TS, ThreadTS, User, Text string
	Blocks                            json.RawMessage
	EphemeralUser                     string
	Updated, Local                    bool
	Files                             []string
	At                                time.Time // sandbox time it appeared
}

// isReply reports whether the message belongs in a thread pane.
func (it item) isReply() bool { return it.ThreadTS != "" && it.ThreadTS != it.TS }

// userEscaper escapes what a member types, as Slack's client does before
// sending it: the text is then mrkdwn like the bot's.
var userEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// Post adds a message from a member of the workspace to channel (in the
// thread threadTS when not empty) and returns its ts. text is what the
// member typed: it is escaped as Slack's client escapes it.
func (s *Server) Post(channel, user, text, threadTS string) string {
	ts := s.addLocal(localMessage{Channel: channel, User: user, Text: userEscaper.Replace(text), ThreadTS: threadTS})
	s.hub.publish(event{Kind: "messages", Channel: channel})
	return ts
}

// addLocal stores m with a fresh ts.
func (s *Server) addLocal(m localMessage) string {
	defer s.changed()
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now().UnixMicro()
	if now <= s.lastTS {
		now = s.lastTS + 1
	}
	s.lastTS = now
	m.TS = fmt.Sprintf("%d.%06d", now/1e6, now%1e6)
	s.local = append(s.local, m)
	s.seen[m.Channel+"\x00"+m.TS] = s.cfg.Clock.Now()
	return m.TS
}

// localMessage returns the local message ts of channel.
func (s *Server) findLocal(channel, ts string) (localMessage, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range s.local {
		if m.Channel == channel && m.TS == ts {
			return m, true
		}
	}
	return localMessage{}, false
}

// stampMessages records the sandbox time at which each new message of
// fakeslack appeared, so the page shows times on the sandbox clock.
func (s *Server) stampMessages() {
	msgs := s.cfg.Slack.Messages("")
	now := s.cfg.Clock.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range msgs {
		key := m.Channel + "\x00" + m.TS
		if _, ok := s.seen[key]; !ok {
			s.seen[key] = now
		}
	}
}

// timeline returns the messages of channel that viewer may see (others'
// ephemeral messages are left out), oldest first.
func (s *Server) timeline(channel, viewer string) []item {
	msgs := s.cfg.Slack.Messages(channel)
	now := s.cfg.Clock.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []item
	for _, m := range msgs {
		if m.Ephemeral && m.EphemeralUser != viewer {
			continue
		}
		key := m.Channel + "\x00" + m.TS
		at, ok := s.seen[key]
		if !ok {
			at = now
			s.seen[key] = at
		}
		eu := ""
		if m.Ephemeral {
			eu = m.EphemeralUser
		}
		out = append(out, item{Channel: m.Channel, TS: m.TS, ThreadTS: m.ThreadTS, User: m.User, Text: m.Text,
			Blocks: m.Blocks, EphemeralUser: eu, Updated: m.Updated, Files: m.Files, At: at})
	}
	for _, m := range s.local {
		if m.Channel != channel || (m.EphemeralUser != "" && m.EphemeralUser != viewer) {
			continue
		}
		out = append(out, item{Channel: m.Channel, TS: m.TS, ThreadTS: m.ThreadTS, User: m.User, Text: m.Text,
			Blocks: m.Blocks, EphemeralUser: m.EphemeralUser, Local: true, At: s.seen[m.Channel+"\x00"+m.TS]})
	}
	sort.SliceStable(out, func(i, j int) bool { return tsLess(out[i].TS, out[j].TS) })
	return out
}

// tsLess orders message timestamps ("seconds.micros").
func tsLess(a, b string) bool {
	as, af, _ := strings.Cut(a, ".")
	bs, bf, _ := strings.Cut(b, ".")
	ai, _ := strconv.ParseInt(as, 10, 64)
	bi, _ := strconv.ParseInt(bs, 10, 64)
	if ai != bi {
		return ai < bi
	}
	return af < bf
}

// filesByID returns the uploaded files by id.
func (s *Server) filesByID() map[string]fakeslack.File {
	out := map[string]fakeslack.File{}
	for _, f := range s.cfg.Slack.Files() {
		out[f.ID] = f
	}
	return out
}

// ackMessage stores the message a slash command's ack carried, as Slack
// shows it: to the user alone unless response_type is in_channel.
func (s *Server) ackMessage(channel, user string, payload json.RawMessage) error {
	if len(payload) == 0 {
		return nil
	}
	var msg struct {
		ResponseType string          `json:"response_type"`
		Text         string          `json:"text"`
		Blocks       json.RawMessage `json:"blocks"`
	}
	if err := json.Unmarshal(payload, &msg); err != nil {
		return fmt.Errorf("decode ack payload: %w", err)
	}
	if msg.Text == "" && len(msg.Blocks) == 0 {
		return nil
	}
	m := localMessage{Channel: channel, User: fakeslack.BotUserID, Text: msg.Text, Blocks: msg.Blocks}
	if string(m.Blocks) == "null" {
		m.Blocks = nil
	}
	if msg.ResponseType != "in_channel" {
		m.EphemeralUser = user
	}
	s.addLocal(m)
	return nil
}

// formatTime shows t in the zone tz (UTC when unknown).
func formatTime(t time.Time, tz string, long bool) string {
	loc, err := time.LoadLocation(tz)
	if err != nil || tz == "" {
		loc = time.UTC
	}
	t = t.In(loc)
	if long {
		return t.Format("Mon 2 Jan 2006, 15:04 MST")
	}
	return t.Format("Mon 2 Jan, 15:04")
}

package fakeslack

import (
	"encoding/base64"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// AddMembers adds users to channel, in order; adding BotUserID makes the bot a
// member (IsMember). It fails for an unknown channel.
func (s *Server) AddMembers(channel string, users ...string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.channels[channel]
	if !ok {
		return fmt.Errorf("fakeslack: no channel %q", channel)
	}
	for _, u := range users {
		if !slices.Contains(s.members[channel], u) {
			s.members[channel] = append(s.members[channel], u)
		}
		if u == BotUserID {
			c.IsMember = true
		}
	}
	s.channels[channel] = c
	return nil
}

// RemoveMembers removes users from channel; removing BotUserID makes the bot leave.
func (s *Server) RemoveMembers(channel string, users ...string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.channels[channel]
	if !ok {
		return fmt.Errorf("fakeslack: no channel %q", channel)
	}
	s.members[channel] = slices.DeleteFunc(s.members[channel], func(u string) bool { return slices.Contains(users, u) })
	if slices.Contains(users, BotUserID) {
		c.IsMember = false
	}
	s.channels[channel] = c
	return nil
}

// Members returns channel's members in join order, the bot included if it is one.
func (s *Server) Members(channel string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.members[channel])
}

// DMChannel returns the id of the direct message channel between the bot and
// user ("D" + the user id without its first letter), creating it.
func (s *Server) DMChannel(user string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dm(user)
}

// dm returns the DM channel with user, creating it. Callers hold s.mu.
func (s *Server) dm(user string) string {
	id := "D" + user[1:]
	if _, ok := s.channels[id]; !ok {
		s.channels[id] = Channel{ID: id, Name: user, IsMember: true}
		s.members[id] = []string{BotUserID, user}
	}
	return id
}

// visibleChannel returns the channel id names as the bot sees it: a private
// channel without the bot is not found, as in Slack. Callers hold s.mu.
func (s *Server) visibleChannel(id string) (Channel, string) {
	c, ok := s.channels[id]
	if !ok || (c.private() && !c.IsMember) {
		return Channel{}, "channel_not_found"
	}
	return c, ""
}

// readableChannel is visibleChannel for reading messages, which needs the bot in
// the channel. Callers hold s.mu.
func (s *Server) readableChannel(id string) (Channel, string) {
	c, code := s.visibleChannel(id)
	if code == "" && !c.IsMember {
		code = "not_in_channel"
	}
	return c, code
}

func (s *Server) conversationsInfo(req *apiRequest) result {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, code := s.visibleChannel(req.params.Get("channel"))
	if code != "" {
		return errResult(code)
	}
	out := s.channelJSON(c)
	if isTrue(req.params.Get("include_num_members")) {
		out["num_members"] = len(s.members[c.ID])
	}
	return okResult(map[string]any{"channel": out})
}

// channelJSON is c as conversations.info shows it: a private channel is a
// channel with is_private, and is_group only for the legacy "G" ids, as in
// Slack. Callers hold s.mu.
func (s *Server) channelJSON(c Channel) map[string]any {
	im := strings.HasPrefix(c.ID, "D")
	out := map[string]any{
		"id":          c.ID,
		"name":        c.Name,
		"is_channel":  !im,
		"is_group":    strings.HasPrefix(c.ID, "G"),
		"is_private":  !im && c.private(),
		"is_im":       im,
		"is_mpim":     false,
		"is_member":   c.IsMember,
		"is_archived": c.IsArchived,
		"created":     1700000000,
	}
	if im {
		out["user"] = c.Name
		delete(out, "name")
	}
	return out
}

// page cuts items after the cursor (the key of the last item of the previous
// page) to at most limit, and returns the next cursor, "" on the last page.
// Items are sorted by key.
func page[T any](items []T, key func(T) string, cursor string, limit int) ([]T, string, string) {
	if cursor != "" {
		after, ok := decodeCursor(cursor)
		if !ok {
			return nil, "", "invalid_cursor"
		}
		i := 0
		for i < len(items) && key(items[i]) <= after {
			i++
		}
		items = items[i:]
	}
	if len(items) <= limit {
		return items, "", ""
	}
	items = items[:limit]
	return items, encodeCursor(key(items[limit-1])), ""
}

// encodeCursor makes an opaque cursor, base64 like Slack's, from the key of the
// last item returned.
func encodeCursor(key string) string {
	return base64.StdEncoding.EncodeToString([]byte("next:" + key))
}

func decodeCursor(cursor string) (string, bool) {
	raw, err := base64.StdEncoding.DecodeString(cursor)
	if err != nil {
		return "", false
	}
	return strings.CutPrefix(string(raw), "next:")
}

// limitParam reads a "limit" param: def when absent, at most most.
func limitParam(v string, def, most int) (int, string) {
	if v == "" || v == "0" {
		return def, ""
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, "invalid_limit"
	}
	return min(n, most), ""
}

func (s *Server) conversationsMembers(req *apiRequest) result {
	limit, code := limitParam(req.params.Get("limit"), 100, 1000)
	if code != "" {
		return errResult(code)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, code := s.visibleChannel(req.params.Get("channel"))
	if code != "" {
		return errResult(code)
	}
	// Slack pages in its own order; join order keyed by position keeps pages stable.
	type member struct {
		pos string
		id  string
	}
	var all []member
	for i, u := range s.members[c.ID] {
		all = append(all, member{fmt.Sprintf("%08d", i), u})
	}
	got, next, code := page(all, func(m member) string { return m.pos }, req.params.Get("cursor"), limit)
	if code != "" {
		return errResult(code)
	}
	ids := make([]string, 0, len(got))
	for _, m := range got {
		ids = append(ids, m.id)
	}
	return okResult(map[string]any{"members": ids, "response_metadata": map[string]any{"next_cursor": next}})
}

// conversationType is the users.conversations "types" name of c.
func conversationType(c Channel) string {
	switch {
	case strings.HasPrefix(c.ID, "D"):
		return "im"
	case c.private():
		return "private_channel"
	}
	return "public_channel"
}

func (s *Server) usersConversations(req *apiRequest) result {
	p := req.params
	limit, code := limitParam(p.Get("limit"), 100, 1000)
	if code != "" {
		return errResult(code)
	}
	types := []string{"public_channel"}
	if v := p.Get("types"); v != "" {
		types = strings.Split(v, ",")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	user := p.Get("user")
	if user == "" {
		user = BotUserID
	}
	if _, ok := s.users[user]; !ok {
		return errResult("user_not_found")
	}
	var chans []Channel
	for id, c := range s.channels {
		switch {
		case !slices.Contains(types, conversationType(c)),
			!slices.Contains(s.members[id], user),
			c.private() && !c.IsMember, // the bot sees only its own private channels
			isTrue(p.Get("exclude_archived")) && c.IsArchived:
			continue
		}
		chans = append(chans, c)
	}
	slices.SortFunc(chans, func(a, b Channel) int { return strings.Compare(a.ID, b.ID) })
	got, next, code := page(chans, func(c Channel) string { return c.ID }, p.Get("cursor"), limit)
	if code != "" {
		return errResult(code)
	}
	out := make([]map[string]any, 0, len(got))
	for _, c := range got {
		out = append(out, s.channelJSON(c))
	}
	return okResult(map[string]any{"channels": out, "response_metadata": map[string]any{"next_cursor": next}})
}

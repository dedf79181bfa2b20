package fakeslack

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// State is the part of a Server that a workspace keeps across a restart:
// the messages (threads, files, ephemeral ones, and every field Message
// has), the shared files with their bytes, the DM channels the bot opened,
// the Home tabs, and the counters that keep new ids and timestamps after
// the old ones. Users, channels given by AddChannel, open modals, sockets,
// calls and faults are not part of it: the caller sets those up again.
// The sandbox saves a State next to its database so that a restart keeps
// the channel history the database refers to.
type State struct {
	Messages []Message `json:"messages"`
	Files    []File    `json:"files"`   // completed files only
	DMs      []Channel `json:"dms"`     // the bot's direct message channels
	Homes    []View    `json:"homes"`   // the Home tab last published for each user
	Seq      int64     `json:"seq"`     // last number given to an id (files, views)
	LastTS   int64     `json:"last_ts"` // last message ts, in microseconds
	Version  int       `json:"version"` // StateVersion when written
}

// StateVersion is the version of State this package writes and reads.
const StateVersion = 1

// ErrNotEmpty is returned by Restore when the server already has messages
// or files: a State is restored before anything is posted.
var ErrNotEmpty = errors.New("fakeslack: restore into a server that already has messages or files")

// Snapshot returns the server's State, as deep a copy as its JSON: the
// caller may keep or encode it while the server goes on changing messages
// (edits, reactions), whatever fields Message gains.
func (s *Server) Snapshot() (State, error) {
	s.mu.Lock()
	data, err := json.Marshal(s.state())
	s.mu.Unlock()
	var st State
	if err == nil {
		err = json.Unmarshal(data, &st)
	}
	if err != nil {
		return State{}, fmt.Errorf("fakeslack: snapshot: %w", err)
	}
	return st, nil
}

// state gathers the State, sharing slices with the server. Callers hold
// s.mu until they are done with it.
func (s *Server) state() State {
	st := State{Seq: s.seq, LastTS: s.lastTS, Version: StateVersion, Messages: s.messages}
	for _, id := range s.fileOrder {
		if f := s.files[id]; f.Completed { // an upload in progress is the bot's to finish or drop
			st.Files = append(st.Files, *f)
		}
	}
	for _, c := range s.channels {
		if strings.HasPrefix(c.ID, "D") {
			st.DMs = append(st.DMs, c)
		}
	}
	slices.SortFunc(st.DMs, func(a, b Channel) int { return strings.Compare(a.ID, b.ID) })
	for user, id := range s.homes {
		v := *s.views[id]
		v.User = user
		st.Homes = append(st.Homes, v)
	}
	slices.SortFunc(st.Homes, func(a, b View) int { return strings.Compare(a.User, b.User) })
	return st
}

// Restore puts st into a server that has no message and no file yet,
// before the bot connects: later messages get later timestamps and new
// ids do not collide with restored ones. It returns ErrNotEmpty if the
// server already has messages or files, and an error naming the first
// inconsistency of st (a duplicate ts, a message naming a missing file).
func (s *Server) Restore(st State) error {
	if st.Version != StateVersion {
		return fmt.Errorf("fakeslack: state version %d, this build reads %d", st.Version, StateVersion)
	}
	if err := st.check(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.messages) > 0 || len(s.fileOrder) > 0 {
		return ErrNotEmpty
	}
	for _, c := range st.DMs {
		if _, ok := s.channels[c.ID]; !ok {
			s.channels[c.ID] = c
		}
	}
	for _, f := range st.Files {
		f := f
		f.Data = bytes.Clone(f.Data)
		f.uploaded, f.length = true, len(f.Data)
		s.files[f.ID] = &f
		s.fileOrder = append(s.fileOrder, f.ID)
	}
	for _, m := range st.Messages {
		m.Blocks = bytes.Clone(m.Blocks)
		if string(m.Blocks) == "null" { // nil blocks, through JSON
			m.Blocks = nil
		}
		m.Files = slices.Clone(m.Files)
		s.msgIndex[m.Channel+"\x00"+m.TS] = len(s.messages)
		s.messages = append(s.messages, m)
	}
	for _, v := range st.Homes {
		v := v
		v.JSON = bytes.Clone(v.JSON)
		v.Type, v.Closed = "home", false
		s.views[v.ID] = &v
		s.homes[v.User] = v.ID
	}
	s.seq = max(s.seq, st.Seq, maxIDNumber(st))
	s.lastTS = max(s.lastTS, st.LastTS, maxTS(st.Messages))
	return nil
}

// check finds what would make a restored server inconsistent.
func (st State) check() error {
	files := map[string]bool{}
	for _, f := range st.Files {
		if f.ID == "" || files[f.ID] {
			return fmt.Errorf("fakeslack: state: file id %q empty or repeated", f.ID)
		}
		files[f.ID] = true
	}
	seen := map[string]bool{}
	for _, m := range st.Messages {
		key := m.Channel + "\x00" + m.TS
		if m.Channel == "" || m.TS == "" || seen[key] {
			return fmt.Errorf("fakeslack: state: message %s/%s empty or repeated", m.Channel, m.TS)
		}
		seen[key] = true
		for _, id := range m.Files {
			if !files[id] {
				return fmt.Errorf("fakeslack: state: message %s/%s names file %s, which the state lacks", m.Channel, m.TS, id)
			}
		}
	}
	users := map[string]bool{}
	for _, v := range st.Homes {
		if v.ID == "" || v.User == "" || users[v.User] {
			return fmt.Errorf("fakeslack: state: Home view %q of user %q empty or repeated", v.ID, v.User)
		}
		users[v.User] = true
	}
	return nil
}

// maxIDNumber is the largest number in the ids of st's files and views
// ("F00000012" is 12), so that nextID never hands one out again.
func maxIDNumber(st State) int64 {
	var n int64
	num := func(id string) {
		if len(id) > 1 {
			if v, err := strconv.ParseInt(id[1:], 10, 64); err == nil {
				n = max(n, v)
			}
		}
	}
	for _, f := range st.Files {
		num(f.ID)
	}
	for _, v := range st.Homes {
		num(v.ID)
	}
	return n
}

// maxTS is the latest message ts of msgs, in microseconds.
func maxTS(msgs []Message) int64 {
	var n int64
	for _, m := range msgs {
		sec, frac, _ := strings.Cut(m.TS, ".")
		s, err1 := strconv.ParseInt(sec, 10, 64)
		f, err2 := strconv.ParseInt(frac, 10, 64)
		if err1 == nil && err2 == nil {
			n = max(n, s*1e6+f)
		}
	}
	return n
}

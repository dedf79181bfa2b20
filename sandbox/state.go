package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/planbot/planbot/fakeslack"
)

// stateVersion is the version of the state file this build writes and reads.
const stateVersion = 1

// StatePath is where the sandbox keeps the history of the database at db:
// "sandbox.db" has "sandbox.db.state.json" beside it.
func StatePath(db string) string { return db + ".state.json" }

// State is what the sandbox keeps beside its database so that a restart
// finds the workspace as it was: the channel history fakeslack holds (the
// bot's messages, threads, files, Home tabs), the members' messages the
// page holds, the sandbox time each message appeared at, and the clock's
// offset, without which the plans' dates would lie in the future. Read it
// with ReadState, Apply it before the bot starts, and give it to New.
type State struct {
	// SavedAt is the wall time it was saved at.
	SavedAt time.Time
	// Offset is how far the sandbox clock was ahead of the wall clock.
	Offset time.Duration

	slack  fakeslack.State
	local  []localMessage
	seen   map[string]time.Time
	lastTS int64
}

// stateFile is the state file's JSON.
type stateFile struct {
	Version int    `json:"version"`
	Note    string `json:"note"`
	// SavedAt is the wall time of the save, SandboxTime the sandbox's.
	SavedAt     time.Time            `json:"saved_at"`
	SandboxTime time.Time            `json:"sandbox_time"`
	OffsetNS    int64                `json:"offset_ns"`
	Slack       fakeslack.State      `json:"slack"`
	Local       []localMessage       `json:"local"`
	Seen        map[string]time.Time `json:"seen"` // channel + "\x00" + ts
	LastTS      int64                `json:"last_ts"`
}

const stateNote = "planbot sandbox: the channel history and the clock offset of the database beside this file; planbot sandbox -reset deletes both"

// ReadState reads the state file at path. A missing file gives an error
// for which errors.Is(err, os.ErrNotExist) holds.
func ReadState(path string) (*State, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f stateFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if f.Version != stateVersion {
		return nil, fmt.Errorf("%s: version %d, this build reads version %d", path, f.Version, stateVersion)
	}
	if f.OffsetNS < 0 {
		return nil, fmt.Errorf("%s: negative clock offset", path)
	}
	for i, m := range f.Local {
		if string(m.Blocks) == "null" {
			f.Local[i].Blocks = nil
		}
	}
	if f.Seen == nil {
		f.Seen = map[string]time.Time{}
	}
	return &State{SavedAt: f.SavedAt, Offset: time.Duration(f.OffsetNS), slack: f.Slack, local: f.Local, seen: f.Seen, lastTS: f.LastTS}, nil
}

// Apply puts the saved history into slack and moves clock forward by the
// saved offset. Call it before the bot connects, on a fakeslack with no
// message yet and a clock not yet advanced.
func (st *State) Apply(slack *fakeslack.Server, clock *Clock) error {
	if err := slack.Restore(st.slack); err != nil {
		return fmt.Errorf("restore the channel history: %w", err)
	}
	clock.Advance(st.Offset)
	return nil
}

// Save writes the sandbox's state to Config.StatePath, atomically: a crash
// leaves the previous file or the new one, never half of one. It does
// nothing when StatePath is empty.
func (s *Server) Save() error {
	if s.cfg.StatePath == "" {
		return nil
	}
	s.saveMu.Lock()
	defer s.saveMu.Unlock()
	snap, err := s.cfg.Slack.Snapshot()
	if err != nil {
		return err
	}
	f := stateFile{Version: stateVersion, Note: stateNote, SavedAt: time.Now().UTC(), Slack: snap}
	f.SandboxTime, f.OffsetNS = s.cfg.Clock.Now().UTC(), int64(s.cfg.Clock.Offset())
	s.mu.Lock()
	f.Local = append([]localMessage(nil), s.local...)
	f.Seen = make(map[string]time.Time, len(s.seen))
	for k, v := range s.seen {
		f.Seen[k] = v
	}
	f.LastTS = s.lastTS
	s.mu.Unlock()
	data, err := json.Marshal(f)
	if err != nil {
		return fmt.Errorf("encode sandbox state: %w", err)
	}
	if err := writeFileAtomic(s.cfg.StatePath, data); err != nil {
		return fmt.Errorf("save sandbox state: %w", err)
	}
	return nil
}

// changed asks the saver to write the state soon.
func (s *Server) changed() {
	select {
	case s.dirty <- struct{}{}:
	default:
	}
}

// saver writes the state after changes, at most once per SaveInterval, so
// a burst of posts costs one or two writes. Close saves a last time.
func (s *Server) saver() {
	defer s.wg.Done()
	for {
		select {
		case <-s.done:
			return
		case <-s.dirty:
		}
		err := s.Save()
		if err != nil {
			s.log.Warn("sandbox: save state", "path", s.cfg.StatePath, "error", err)
		}
		if s.cfg.OnSave != nil {
			s.cfg.OnSave(err)
		}
		select {
		case <-s.done:
			return
		case <-time.After(s.cfg.SaveInterval):
		}
	}
}

// writeFileAtomic writes data to a temporary file beside path, syncs it
// and renames it over path.
func writeFileAtomic(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	if d, err := os.Open(dir); err == nil { // make the rename durable too
		_ = d.Sync()
		_ = d.Close()
	}
	return nil
}

// RemoveState deletes the state file at path; a missing one is no error.
func RemoveState(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}

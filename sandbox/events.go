package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/planbot/planbot/fakeslack"
)

// event tells the page that something it shows changed, so it fetches the
// part again. Events carry no content: the page always renders the
// server's current state, so a missed or merged event loses nothing.
type event struct {
	Kind    string `json:"kind"`              // messages, views, home, clock, call
	Channel string `json:"channel,omitempty"` // for messages; "" = any channel
	Method  string `json:"method,omitempty"`  // for call: the Web API method
	Status  int    `json:"status,omitempty"`  // for call
}

// hub fans events out to the page's Server-Sent Events streams. A slow
// page never blocks the hub: its pending events are merged.
type hub struct {
	mu   sync.Mutex
	subs map[*stream]struct{}
}

type stream struct {
	mu      sync.Mutex
	pending []event
	notify  chan struct{}
}

func newHub() *hub { return &hub{subs: map[*stream]struct{}{}} }

func (h *hub) subscribe() *stream {
	st := &stream{notify: make(chan struct{}, 1)}
	h.mu.Lock()
	h.subs[st] = struct{}{}
	h.mu.Unlock()
	return st
}

func (h *hub) unsubscribe(st *stream) {
	h.mu.Lock()
	delete(h.subs, st)
	h.mu.Unlock()
}

// publish queues e on every stream, once: an equal pending event is kept.
func (h *hub) publish(e event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for st := range h.subs {
		st.mu.Lock()
		dup := false
		for _, p := range st.pending {
			if p == e {
				dup = true
				break
			}
		}
		if !dup {
			if len(st.pending) >= 256 { // a stuck page: drop the oldest call notes
				st.pending = st.pending[1:]
			}
			st.pending = append(st.pending, e)
		}
		st.mu.Unlock()
		select {
		case st.notify <- struct{}{}:
		default:
		}
	}
}

func (st *stream) take() []event {
	st.mu.Lock()
	defer st.mu.Unlock()
	out := st.pending
	st.pending = nil
	return out
}

// handleEvents streams events to the page until it goes away or the
// server closes.
func (s *Server) handleEvents(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	st := s.hub.subscribe()
	defer s.hub.unsubscribe(st)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	fmt.Fprint(w, "retry: 1000\n\nevent: hello\ndata: {}\n\n")
	flusher.Flush()
	keepalive := time.NewTicker(15 * time.Second)
	defer keepalive.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		case <-keepalive.C:
			fmt.Fprint(w, ": keepalive\n\n")
		case <-st.notify:
			for _, e := range st.take() {
				data, _ := json.Marshal(e) // strings and ints cannot fail
				fmt.Fprintf(w, "event: change\ndata: %s\n\n", data)
			}
		}
		flusher.Flush()
	}
}

// feed turns fakeslack's record of Web API calls into events for the page.
func (s *Server) feed(calls <-chan fakeslack.Call) {
	defer s.wg.Done()
	for c := range calls {
		s.hub.publish(event{Kind: "call", Method: c.Method, Status: c.Status})
		switch c.Method {
		case "chat.postMessage", "chat.postEphemeral", "chat.update", "chat.delete",
			"response_url", "files.completeUploadExternal", "reactions.add", "reactions.remove":
			s.stampMessages()
			ch := c.Params.Get("channel")
			if c.Method == "files.completeUploadExternal" {
				ch = c.Params.Get("channel_id")
			}
			s.hub.publish(event{Kind: "messages", Channel: dmOf(ch)})
		case "views.open", "views.push":
			s.hub.publish(event{Kind: "views"})
		case "views.update": // of a modal or of a Home tab
			s.hub.publish(event{Kind: "views"})
			s.hub.publish(event{Kind: "home"})
		case "views.publish":
			s.hub.publish(event{Kind: "home"})
		}
		if changesHistory(c.Method) { // after stampMessages, so the times are saved too
			s.changed()
		}
	}
}

// dmOf maps a user id the bot posts to onto its direct message channel,
// as fakeslack does ("D" + the id without its first letter).
func dmOf(id string) string {
	if strings.HasPrefix(id, "U") || strings.HasPrefix(id, "W") {
		return "D" + id[1:]
	}
	return id
}

// changesHistory reports whether a Web API method may change what the
// sandbox saves (see State): messages, files, reactions, Home tabs.
func changesHistory(method string) bool {
	switch method {
	case "chat.postMessage", "chat.postEphemeral", "chat.update", "chat.delete", "response_url",
		"files.completeUploadExternal", "views.publish", "views.update", "reactions.add", "reactions.remove":
		return true
	}
	return false
}

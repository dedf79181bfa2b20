package fakeslack

import (
	"net/http"
	"strconv"
	"time"
)

// Fault describes how the next calls to a method misbehave.
type Fault struct {
	Status     int           // HTTP status (e.g. 429, 500, 503); 0 = 200
	RetryAfter int           // seconds, sets Retry-After header; a 429 always gets one (default 1), as from Slack
	Error      string        // {"ok":false,"error":Error} with status 200 (e.g. "not_in_channel", "ratelimited")
	Delay      time.Duration // delay before answering (slow response); the call may still succeed if no Status/Error
	Times      int           // how many next calls get this fault; 0 = 1
}

// InjectFault queues f for the next calls to method (a Web API method name, "upload"
// or "response_url"). Faults of one method apply in FIFO order.
func (s *Server) InjectFault(method string, f Fault) {
	if f.Times <= 0 {
		f.Times = 1
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[method] = append(s.faults[method], f)
}

// takeFault pops one use of the first fault queued for method.
func (s *Server) takeFault(method string) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.faults[method]
	if len(q) == 0 {
		return Fault{}, false
	}
	f := q[0]
	q[0].Times--
	if q[0].Times == 0 {
		q = q[1:]
	}
	if len(q) == 0 {
		delete(s.faults, method)
	} else {
		s.faults[method] = q
	}
	return f, true
}

// applyFault waits out f.Delay and returns the faulty answer, or ok false if the
// call should then be served normally.
func (s *Server) applyFault(r *http.Request, f Fault) (res result, ok bool) {
	if f.Delay > 0 {
		t := time.NewTimer(f.Delay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
		case <-s.done:
		}
	}
	switch {
	case f.Status != 0 && f.Status != http.StatusOK:
		res = result{status: f.Status, header: http.Header{}}
		if f.RetryAfter > 0 || f.Status == http.StatusTooManyRequests {
			res.header.Set("Retry-After", strconv.Itoa(max(f.RetryAfter, 1)))
		}
		code := f.Error
		if code == "" && f.Status == http.StatusTooManyRequests {
			code = "ratelimited"
		}
		if code != "" {
			res.body = slackErr(code)
		} else {
			res.raw = []byte(http.StatusText(f.Status))
		}
		return res, true
	case f.Error != "":
		return result{body: slackErr(f.Error)}, true
	}
	return result{}, false
}

// DropSockets closes every Socket Mode connection abruptly, without a close frame, as a
// network failure would. slack-go must reconnect through apps.connections.open.
func (s *Server) DropSockets() {
	s.mu.Lock()
	conns := append([]*wsConn(nil), s.conns...)
	for _, c := range conns {
		c.draining = true
	}
	s.mu.Unlock()
	for _, c := range conns {
		s.log.Info("drop socket", "conn_id", c.id)
		_ = c.ws.Close()
	}
}

// RequestRefresh sends {"type":"disconnect","reason":"refresh_requested"} to every socket,
// as Slack does every few hours.
//
// From then on no envelope goes to those sockets: Slack stops routing to a
// connection it asked to go, and slack-go closes it at once, so an envelope
// written to it would be lost. Envelopes wait for the client's new socket.
func (s *Server) RequestRefresh() {
	s.mu.Lock()
	conns := append([]*wsConn(nil), s.conns...)
	for _, c := range conns {
		c.draining = true
	}
	s.mu.Unlock()
	msg := []byte(`{"type":"disconnect","reason":"refresh_requested","debug_info":{"host":"fakeslack"}}`)
	for _, c := range conns {
		if err := c.write(msg); err != nil {
			s.log.Warn("write disconnect", "conn_id", c.id, "error", err)
		}
	}
}

package fakeslack

import (
	"net/http"
	"strconv"
	"time"
)

// Fault describes how the next calls to a method misbehave.
//
// By default a fault strikes before the call takes effect: nothing is posted,
// opened or stored, as after a 429 or a request that never reached Slack. With
// AfterEffect the call takes effect first (the message is posted, the view
// opened) and only the answer is lost or wrong: the case a client that retries
// after a 5xx or a timeout must not double.
type Fault struct {
	Status     int           // HTTP status (e.g. 429, 500, 503); 0 = 200
	RetryAfter int           // seconds, sets Retry-After header; a 429 always gets one (default 1), as from Slack
	Error      string        // {"ok":false,"error":Error} with status 200 (e.g. "not_in_channel", "ratelimited")
	Delay      time.Duration // delay before answering (slow response); the call may still succeed if no Status/Error
	Times      int           // how many next calls get this fault; 0 = 1
	// AfterEffect performs the call, then answers as the fault says: Status
	// and Error replace the real answer, Delay delays it, Hang withholds it.
	AfterEffect bool
	// Hang never answers: the request stays open until the client gives up
	// (its context or timeout) or the server closes, then the connection is
	// dropped without a response. The call is recorded with Status 0 as soon
	// as it starts to hang, so WaitCall tells a test the client is waiting.
	Hang bool
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

// serveFaulty serves one call to method through the first fault queued for it, if
// any: a fault answers instead of serve, or, with AfterEffect, after serve ran.
func (s *Server) serveFaulty(method string, req *apiRequest, serve func() result) result {
	f, ok := s.takeFault(method)
	if !ok {
		return serve()
	}
	if !f.AfterEffect {
		if res, faulted := s.applyFault(method, req, f); faulted {
			return res
		}
		return serve()
	}
	res := serve()
	s.log.Debug("fault after effect", "method", method)
	if faulty, faulted := s.applyFault(method, req, f); faulted {
		return faulty
	}
	return res
}

// applyFault waits out f.Delay and returns the faulty answer, or ok false if the
// call should then be answered normally.
func (s *Server) applyFault(method string, req *apiRequest, f Fault) (res result, ok bool) {
	r := req.r
	if f.Delay > 0 {
		t := time.NewTimer(f.Delay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
		case <-s.done:
		}
	}
	if f.Hang {
		// Recorded now, so that a test can act while the client waits
		// (WaitCall), then not again when the client gives up.
		s.record(Call{Method: method, Params: req.params, Body: req.body, Token: req.token, At: s.now()})
		s.log.Debug("api call hangs", "method", method)
		select {
		case <-r.Context().Done():
		case <-s.done:
		}
		return result{abort: true}, true
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

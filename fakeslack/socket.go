package fakeslack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// ErrNotAcked is returned by Send for an events_api envelope still not acked after
// Slack's last redelivery.
var ErrNotAcked = errors.New("fakeslack: envelope not acked")

// Ack is the bot's acknowledgement of an envelope.
type Ack struct {
	EnvelopeID string          // the envelope that was acked (for a redelivered event, the one acked)
	TriggerID  string          // the trigger id this server generated for the envelope (slash commands, shortcuts, block actions), "" otherwise
	Payload    json.RawMessage // ack payload, nil if empty
	ConnID     int             // the connection the ack arrived on (see Delivery.ConnID)
}

// Delivery is one envelope written to one Socket Mode connection. Connections are
// numbered from 1 in the order they were accepted, so a test that starts replicas
// one after the other (WaitConnectCount between them) knows which is which.
type Delivery struct {
	EnvelopeID   string
	Type         string // "slash_commands", "interactive", "events_api"
	ConnID       int
	RetryAttempt int // events_api only
	At           time.Time
}

// wsConn is one Socket Mode connection.
type wsConn struct {
	id   int
	ws   *websocket.Conn
	wmu  sync.Mutex    // serializes data frames; gorilla allows one writer
	gone chan struct{} // closed once the connection is deregistered

	// draining is set, under Server.mu, once the server has asked the client to
	// go (disconnect) or has closed the socket itself: no new envelope is routed
	// to it, as Slack stops routing to a connection it is refreshing. The client
	// closes such a socket at once, and its reader may notice only after the
	// client's new socket is up: an envelope written in between would be lost.
	draining bool
}

func (c *wsConn) write(b []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_ = c.ws.SetWriteDeadline(time.Now().Add(5 * time.Second))
	return c.ws.WriteMessage(websocket.TextMessage, b)
}

var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

// handleWS accepts a Socket Mode connection opened with a ticket from apps.connections.open.
func (s *Server) handleWS(w http.ResponseWriter, r *http.Request) {
	ticket := r.URL.Query().Get("ticket")
	s.mu.Lock()
	ok := s.tickets[ticket]
	delete(s.tickets, ticket)
	s.mu.Unlock()
	if !ok {
		http.Error(w, "invalid ticket", http.StatusUnauthorized)
		return
	}
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		s.log.Warn("websocket upgrade", "error", err)
		return
	}
	s.mu.Lock()
	if s.isClosed() {
		s.mu.Unlock()
		_ = ws.Close()
		return
	}
	s.wg.Add(1)
	s.connectCount++
	c := &wsConn{id: s.connectCount, ws: ws, gone: make(chan struct{})}
	n := len(s.conns) + 1
	s.mu.Unlock()
	defer s.wg.Done()

	hello := fmt.Appendf(nil, `{"type":"hello","num_connections":%d,"debug_info":{"host":"fakeslack","build_number":1,"approximate_connection_time":18060},"connection_info":{"app_id":%q}}`, n, AppID)
	if err := c.write(hello); err != nil {
		s.log.Warn("write hello", "conn_id", c.id, "error", err)
		_ = ws.Close()
		close(c.gone)
		return
	}
	s.mu.Lock()
	s.conns = append(s.conns, c)
	s.signalConns()
	if s.isClosed() { // Close may have listed the sockets before this one joined
		_ = ws.Close()
	}
	s.mu.Unlock()
	s.log.Info("socket connected", "conn_id", c.id)

	stopPing := make(chan struct{})
	pinged := make(chan struct{})
	go func() {
		defer close(pinged)
		s.pingLoop(c, stopPing)
	}()
	s.readLoop(c)

	close(stopPing)
	<-pinged
	_ = ws.Close()
	s.mu.Lock()
	s.conns = slices.DeleteFunc(s.conns, func(o *wsConn) bool { return o == c })
	s.signalConns()
	s.mu.Unlock()
	close(c.gone)
	s.log.Info("socket disconnected", "conn_id", c.id)
}

func (s *Server) isClosed() bool {
	select {
	case <-s.done:
		return true
	default:
		return false
	}
}

// signalConns wakes whoever waits for a connection change. Callers hold s.mu.
func (s *Server) signalConns() {
	close(s.connChanged)
	s.connChanged = make(chan struct{})
}

func (s *Server) pingLoop(c *wsConn, stop <-chan struct{}) {
	t := time.NewTicker(s.opts.PingInterval)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			if err := c.ws.WriteControl(websocket.PingMessage, []byte("ping"), time.Now().Add(5*time.Second)); err != nil {
				s.log.Debug("write ping", "conn_id", c.id, "error", err)
				return
			}
		}
	}
}

// readLoop reads acks until the connection fails.
func (s *Server) readLoop(c *wsConn) {
	for {
		_, data, err := c.ws.ReadMessage()
		if err != nil {
			s.log.Debug("socket read", "conn_id", c.id, "error", err)
			return
		}
		var res struct {
			EnvelopeID string          `json:"envelope_id"`
			Payload    json.RawMessage `json:"payload"`
		}
		if err := json.Unmarshal(data, &res); err != nil || res.EnvelopeID == "" {
			s.log.Warn("unexpected socket message", "conn_id", c.id, "bytes", len(data))
			continue
		}
		if string(res.Payload) == "null" || len(res.Payload) == 0 {
			res.Payload = nil
		}
		s.mu.Lock()
		ch, ok := s.pending[res.EnvelopeID]
		s.mu.Unlock()
		if !ok {
			s.log.Info("ack for unknown envelope", "conn_id", c.id, "envelope_id", res.EnvelopeID)
			continue
		}
		select {
		case ch <- Ack{EnvelopeID: res.EnvelopeID, Payload: res.Payload, ConnID: c.id}:
		default: // an ack for this envelope group is already waiting
		}
	}
}

// WaitConnected waits until at least one socket is connected and has been sent its hello.
func (s *Server) WaitConnected(ctx context.Context) error {
	for {
		s.mu.Lock()
		n, ch := s.activeConns(), s.connChanged
		s.mu.Unlock()
		if n > 0 {
			return nil
		}
		if err := s.waitChanged(ctx, ch); err != nil {
			return err
		}
	}
}

// WaitConnectCount waits until the n-th socket ever accepted, or a later one, is
// connected and has been sent its hello. To wait for a reconnect, pass ConnectCount()+1
// taken before the drop.
func (s *Server) WaitConnectCount(ctx context.Context, n int) error {
	for {
		s.mu.Lock()
		ok := slices.ContainsFunc(s.conns, func(c *wsConn) bool { return c.id >= n && !c.draining })
		ch := s.connChanged
		s.mu.Unlock()
		if ok {
			return nil
		}
		if err := s.waitChanged(ctx, ch); err != nil {
			return err
		}
	}
}

// Connections returns how many sockets are connected now and may receive envelopes
// (not asked to disconnect).
func (s *Server) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.activeConns()
}

// activeConns counts the connections that may receive envelopes. Callers hold s.mu.
func (s *Server) activeConns() int {
	n := 0
	for _, c := range s.conns {
		if !c.draining {
			n++
		}
	}
	return n
}

// ConnectCount returns how many sockets were ever accepted, to observe reconnects.
func (s *Server) ConnectCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.connectCount
}

// pickConn returns the next connection, round robin, waiting for one if none is open.
func (s *Server) pickConn(ctx context.Context) (*wsConn, bool, error) {
	waited := false
	for {
		s.mu.Lock()
		if n := len(s.conns); n > 0 {
			for i := range n {
				c := s.conns[(s.rr+i)%n]
				if !c.draining {
					s.rr += i + 1
					s.mu.Unlock()
					return c, waited, nil
				}
			}
		}
		ch := s.connChanged
		hook := s.waitingHook
		s.mu.Unlock()
		waited = true
		if hook != nil {
			hook()
		}
		if err := s.waitChanged(ctx, ch); err != nil {
			return nil, waited, err
		}
	}
}

// deliver writes the message build returns to one connection, waiting for one if none
// is open and trying another if the write fails. build learns whether it had to wait.
// It returns the id of the connection written to.
func (s *Server) deliver(ctx context.Context, build func(waited bool) []byte) (int, error) {
	waitedAny := false
	for {
		c, waited, err := s.pickConn(ctx)
		if err != nil {
			return 0, err
		}
		waitedAny = waitedAny || waited
		err = c.write(build(waitedAny))
		if err == nil {
			return c.id, nil
		}
		s.log.Warn("socket write", "conn_id", c.id, "error", err)
		s.mu.Lock()
		c.draining = true
		s.mu.Unlock()
		_ = c.ws.Close()
		select {
		case <-c.gone:
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-s.done:
			return 0, ErrClosed
		}
	}
}

// Send delivers an envelope of type typ ("slash_commands", "interactive", "events_api")
// with payload and waits for its ack, on whichever connection it arrives. If no socket is
// connected it waits for one. ctx bounds all of it. events_api envelopes are redelivered
// as described in the package documentation.
func (s *Server) Send(ctx context.Context, typ string, payload any) (Ack, error) {
	raw, err := marshalPayload(payload)
	if err != nil {
		return Ack{}, err
	}
	return s.send(ctx, typ, raw, 0)
}

func marshalPayload(payload any) (json.RawMessage, error) {
	switch p := payload.(type) {
	case json.RawMessage:
		return p, nil
	case []byte:
		return p, nil
	}
	raw, err := json.Marshal(payload)
	if err != nil {
		return nil, fmt.Errorf("marshal payload: %w", err)
	}
	return raw, nil
}

// maxRetries is how many times Slack redelivers an unacked events_api envelope.
const maxRetries = 3

func (s *Server) send(ctx context.Context, typ string, payload json.RawMessage, retryAttempt int) (Ack, error) {
	acks := make(chan Ack, 1)
	var ids []string
	defer func() {
		s.mu.Lock()
		for _, id := range ids {
			delete(s.pending, id)
		}
		s.mu.Unlock()
	}()
	isEvent := typ == "events_api"
	attempt := retryAttempt
	for {
		id := newEnvelopeID()
		s.mu.Lock()
		s.pending[id] = acks
		s.mu.Unlock()
		ids = append(ids, id)
		sent := attempt
		connID, err := s.deliver(ctx, func(waited bool) []byte {
			sent = attempt
			if isEvent && waited && attempt < maxRetries {
				sent = attempt + 1 // Slack delivers events missed while offline as retries
			}
			return envelopeJSON(id, typ, payload, sent)
		})
		if err != nil {
			return Ack{}, err
		}
		attempt = sent
		s.mu.Lock()
		s.deliveries = append(s.deliveries, Delivery{EnvelopeID: id, Type: typ, ConnID: connID, RetryAttempt: attempt, At: s.now()})
		s.mu.Unlock()
		s.log.Debug("envelope sent", "envelope_id", id, "type", typ, "retry_attempt", attempt, "conn_id", connID)
		var timeout <-chan time.Time
		if isEvent && s.opts.AckTimeout > 0 {
			t := time.NewTimer(s.opts.AckTimeout)
			defer t.Stop()
			timeout = t.C
		}
		select {
		case a := <-acks:
			return a, nil
		case <-timeout:
			if attempt >= maxRetries {
				return Ack{}, fmt.Errorf("%w: %d deliveries", ErrNotAcked, len(ids))
			}
			attempt++
			s.log.Info("redeliver unacked event", "envelope_id", id, "retry_attempt", attempt)
		case <-ctx.Done():
			return Ack{}, ctx.Err()
		case <-s.done:
			return Ack{}, ErrClosed
		}
	}
}

func envelopeJSON(id, typ string, payload json.RawMessage, attempt int) []byte {
	env := map[string]any{
		"envelope_id":              id,
		"type":                     typ,
		"payload":                  payload,
		"accepts_response_payload": typ != "events_api",
	}
	if typ == "events_api" {
		env["retry_attempt"] = attempt
		env["retry_reason"] = ""
		if attempt > 0 {
			env["retry_reason"] = "timeout"
		}
	}
	b, _ := json.Marshal(env)
	return b
}

func newEnvelopeID() string {
	h := randomHex(16)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// SendRaw writes raw as a text frame to one connection, waiting for one if none is open.
// No ack is awaited: it is meant for malformed envelopes.
func (s *Server) SendRaw(ctx context.Context, raw []byte) error {
	_, err := s.deliver(ctx, func(bool) []byte { return raw })
	return err
}

// Deliveries returns every envelope written to a socket so far, in order, with the
// connection that got it. A redelivered event appears once per delivery.
func (s *Server) Deliveries() []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.deliveries)
}

// ConnIDs returns the ids of the connected sockets that may receive envelopes, in
// the order they connected.
func (s *Server) ConnIDs() []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []int
	for _, c := range s.conns {
		if !c.draining {
			out = append(out, c.id)
		}
	}
	return out
}

// DropSocket closes connection id abruptly, as DropSockets does for all of them,
// and reports whether it was connected: one replica loses its socket.
func (s *Server) DropSocket(id int) bool {
	s.mu.Lock()
	var found *wsConn
	for _, c := range s.conns {
		if c.id == id {
			found = c
			c.draining = true
		}
	}
	s.mu.Unlock()
	if found == nil {
		return false
	}
	s.log.Info("drop socket", "conn_id", id)
	_ = found.ws.Close()
	return true
}

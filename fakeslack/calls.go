package fakeslack

import (
	"context"
	"net/url"
	"sync"
	"time"
)

// Call records one HTTP request to the fake: a Web API method, a POST to an upload_url
// (Method "upload") or to a response_url (Method "response_url"). Failed and faulted
// calls are recorded too.
type Call struct {
	Method   string     // "chat.postMessage"
	Params   url.Values // form and query params; for JSON bodies, top-level keys as their string value or JSON text
	Body     []byte     // raw request body
	Token    string     // token used (Authorization: Bearer or form "token"); never logged
	Status   int        // HTTP status returned; 0 if none was (Fault.Hang)
	Response []byte     // body returned
	At       time.Time
}

// record appends c and wakes waiters and subscribers.
func (s *Server) record(c Call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, c)
	close(s.callsChanged)
	s.callsChanged = make(chan struct{})
	for sub := range s.subs {
		sub.push(c)
	}
}

// Calls returns the recorded calls to method, in order; method "" returns all of them.
func (s *Server) Calls(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if method == "" || c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// WaitCall returns the first call, past or future, to method ("" = any) for which match
// returns true (nil matches any). It returns ctx's error if none arrives in time.
func (s *Server) WaitCall(ctx context.Context, method string, match func(Call) bool) (Call, error) {
	next := 0
	for {
		s.mu.Lock()
		calls := s.calls[next:]
		changed := s.callsChanged
		next = len(s.calls)
		s.mu.Unlock()
		for _, c := range calls {
			if (method == "" || c.Method == method) && (match == nil || match(c)) {
				return c, nil
			}
		}
		if err := s.waitChanged(ctx, changed); err != nil {
			return Call{}, err
		}
	}
}

// Subscribe returns a live feed of calls recorded from now on, and a cancel func that
// closes the feed. Each subscriber has an unbounded queue, so a slow reader never makes
// the server drop a call or block; the feed is closed by cancel or by Close.
func (s *Server) Subscribe() (<-chan Call, func()) {
	sub := &subscriber{
		out:    make(chan Call),
		notify: make(chan struct{}, 1),
		quit:   make(chan struct{}),
	}
	s.mu.Lock()
	s.subs[sub] = struct{}{}
	s.mu.Unlock()
	go sub.run()
	cancel := func() {
		s.mu.Lock()
		delete(s.subs, sub)
		s.mu.Unlock()
		sub.stop()
	}
	return sub.out, cancel
}

type subscriber struct {
	mu     sync.Mutex
	queue  []Call
	notify chan struct{}
	quit   chan struct{}
	once   sync.Once
	out    chan Call
}

func (sub *subscriber) push(c Call) {
	sub.mu.Lock()
	sub.queue = append(sub.queue, c)
	sub.mu.Unlock()
	select {
	case sub.notify <- struct{}{}:
	default:
	}
}

func (sub *subscriber) stop() { sub.once.Do(func() { close(sub.quit) }) }

func (sub *subscriber) run() {
	defer close(sub.out)
	for {
		sub.mu.Lock()
		var c Call
		ok := len(sub.queue) > 0
		if ok {
			c = sub.queue[0]
			sub.queue = sub.queue[1:]
		}
		sub.mu.Unlock()
		if !ok {
			select {
			case <-sub.notify:
				continue
			case <-sub.quit:
				return
			}
		}
		select {
		case sub.out <- c:
		case <-sub.quit:
			return
		}
	}
}

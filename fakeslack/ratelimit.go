package fakeslack

import (
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"
)

// postLimiter is the per-channel limit of chat.postMessage that
// Options.PostRateLimit turns on: a post to a channel less than interval
// after the last post it let through is refused with HTTP 429 and a
// Retry-After in whole seconds, rounded up, at least 1, as Slack answers.
//
// It is stricter than Slack, which lets short bursts through: here no two
// posts to one channel are ever less than interval apart, so a client that
// paces exactly at the limit sees a 429 for any jitter on the way.
type postLimiter struct {
	interval time.Duration
	now      func() time.Time

	mu      sync.Mutex
	last    map[string]time.Time // channel -> when its last accepted post arrived
	limited int                  // posts refused so far
}

func newPostLimiter(interval time.Duration, now func() time.Time) *postLimiter {
	if interval <= 0 {
		return nil
	}
	return &postLimiter{interval: interval, now: now, last: map[string]time.Time{}}
}

// allow reports whether a post to channel may go through now, and books it
// if so; otherwise it returns how long the channel must wait.
func (l *postLimiter) allow(channel string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if last, ok := l.last[channel]; ok {
		if wait := last.Add(l.interval).Sub(now); wait > 0 {
			l.limited++
			return false, wait
		}
	}
	l.last[channel] = now
	return true, 0
}

// retryAfterSeconds is the Retry-After header Slack would send for wait:
// whole seconds, rounded up, at least 1.
func retryAfterSeconds(wait time.Duration) int {
	s := int((wait + time.Second - 1) / time.Second)
	return max(s, 1)
}

// limitPost answers a chat.postMessage that the limiter refuses: HTTP 429,
// Retry-After, {"ok":false,"error":"ratelimited"}. ok is false when the post
// may go through.
func (s *Server) limitPost(req *apiRequest) (res result, limited bool) {
	if s.limiter == nil {
		return result{}, false
	}
	channel := req.params.Get("channel")
	ok, wait := s.limiter.allow(channel)
	if ok {
		return result{}, false
	}
	h := http.Header{}
	h.Set("Retry-After", strconv.Itoa(retryAfterSeconds(wait)))
	s.log.Debug("rate limited", "method", "chat.postMessage", "channel", channel, "wait", wait)
	return result{status: http.StatusTooManyRequests, header: h, body: slackErr("ratelimited")}, true
}

// RateLimited returns how many chat.postMessage calls the limiter of
// Options.PostRateLimit refused (each is also recorded as a call with
// status 429). It is 0 when the limiter is off.
func (s *Server) RateLimited() int {
	if s.limiter == nil {
		return 0
	}
	s.limiter.mu.Lock()
	defer s.limiter.mu.Unlock()
	return s.limiter.limited
}

// Storm rate-limits calls for a span of the server's clock (Options.Now), as
// Slack does to an app that posts too much to a channel: every matching call
// answers HTTP 429 with Retry-After and {"ok":false,"error":"ratelimited"}, and
// takes no effect.
type Storm struct {
	Method  string        // "chat.postMessage"; "" = every Web API method
	Channel string        // only calls naming this channel (param channel or channel_id); "" = any
	For     time.Duration // how long, from StartStorm, on the server's clock
	// RetryAfter is the Retry-After sent, rounded up to whole seconds, at
	// least 1; 0 = the time left in the storm (a client that waits it out
	// then succeeds at once).
	RetryAfter time.Duration
}

type activeStorm struct {
	Storm
	until time.Time
}

// StartStorm starts st now. Storms add up: a call is limited while any matches.
func (s *Server) StartStorm(st Storm) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.storms = append(s.storms, activeStorm{Storm: st, until: s.now().Add(st.For)})
}

// storm answers a call that a storm limits; limited is false when none does.
func (s *Server) storm(method string, req *apiRequest) (res result, limited bool) {
	s.mu.Lock()
	now := s.now()
	s.storms = slices.DeleteFunc(s.storms, func(st activeStorm) bool { return !now.Before(st.until) })
	var wait time.Duration
	for _, st := range s.storms {
		if st.Method != "" && st.Method != method {
			continue
		}
		if ch := st.Channel; ch != "" && req.params.Get("channel") != ch && req.params.Get("channel_id") != ch {
			continue
		}
		w := st.RetryAfter
		if w <= 0 {
			w = st.until.Sub(now)
		}
		wait = max(wait, w)
		limited = true
	}
	s.mu.Unlock()
	if !limited {
		return result{}, false
	}
	h := http.Header{}
	h.Set("Retry-After", strconv.Itoa(retryAfterSeconds(wait)))
	s.log.Debug("rate limited by storm", "method", method, "wait", wait)
	return result{status: http.StatusTooManyRequests, header: h, body: slackErr("ratelimited")}, true
}

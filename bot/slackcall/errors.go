package slackcall

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"slices"
	"time"

	"github.com/slack-go/slack"
)

// Reason is why a call gave up, in the terms the bot tells a user.
type Reason string

// Reasons a call gives up.
const (
	// RateLimited: Slack asked to wait (HTTP 429, "ratelimited") longer
	// than the call's deadline allowed. Nothing took effect.
	RateLimited Reason = "rate_limited"
	// Unreachable: the channel cannot be posted to until someone acts:
	// not_in_channel, channel_not_found, is_archived.
	Unreachable Reason = "unreachable"
	// SlackDown: Slack answered 5xx, or not at all, until the deadline.
	SlackDown Reason = "slack_down"
	// Refused: Slack answered with another error code (Code).
	Refused Reason = "refused"
	// Canceled: the caller's context ended first (shutdown).
	Canceled Reason = "canceled"
)

// UnreachableCodes are the Slack error codes that mean a channel cannot be
// posted to until a person acts.
var UnreachableCodes = []string{"not_in_channel", "channel_not_found", "is_archived"}

// transientCodes are Slack error answers that mean Slack failed, not the
// request: treated as a 5xx.
var transientCodes = []string{"internal_error", "fatal_error", "service_unavailable", "request_timeout"}

// Error is a call that gave up. It wraps slack-go's error, so errors.As
// still finds a slack.SlackErrorResponse or a *slack.RateLimitedError in it.
type Error struct {
	Method string
	Reason Reason
	// Code is Slack's error code ("not_in_channel"), "http_503", or
	// "timeout" for no answer.
	Code string
	// RetryAfter is Slack's last Retry-After, for RateLimited.
	RetryAfter time.Duration
	// MayHaveTakenEffect is true when a request of the call got no answer
	// (a 5xx, a timeout) and the call could not check whether it took
	// effect: a post may be in the channel.
	MayHaveTakenEffect bool
	Err                error
}

// Error implements the error interface.
func (e *Error) Error() string {
	s := fmt.Sprintf("%s: %s", e.Method, e.Reason)
	if e.Code != "" {
		s += " (" + e.Code + ")"
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns slack-go's error.
func (e *Error) Unwrap() error { return e.Err }

// ReasonOf returns why err gave up: the Reason of an *Error, Canceled for a
// context error, Refused for anything else.
func ReasonOf(err error) Reason {
	var e *Error
	switch {
	case errors.As(err, &e):
		return e.Reason
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return Canceled
	}
	return Refused
}

// CodeOf returns Slack's error code in err, or "".
func CodeOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		return se.Err
	}
	return ""
}

// outcome is what one request's error says.
type outcome int

const (
	ok          outcome = iota
	limited             // 429: nothing happened; wait
	notSent             // the connection never opened: nothing happened
	unanswered          // 5xx, timeout, dropped connection: may have happened
	refusedCall         // an error answer: nothing happened
	canceled            // the caller's context ended
)

// classify reads one request's error. wait is Retry-After for limited.
func classify(m Method, err error) (o outcome, wait time.Duration, code string) {
	if err == nil {
		return ok, 0, ""
	}
	var rl *slack.RateLimitedError
	var se slack.SlackErrorResponse
	var sc slack.StatusCodeError
	var op *net.OpError
	switch {
	case errors.As(err, &rl):
		wait = rl.RetryAfter
		if wait <= 0 {
			wait = m.fallbackWait()
		}
		return limited, wait, "ratelimited"
	case errors.As(err, &se):
		switch {
		case se.Err == "ratelimited" || se.Err == "rate_limited":
			return limited, m.fallbackWait(), "ratelimited"
		case slices.Contains(transientCodes, se.Err):
			return unanswered, 0, se.Err
		}
		return refusedCall, 0, se.Err
	case errors.As(err, &sc):
		code = fmt.Sprintf("http_%d", sc.Code)
		switch {
		case sc.Code == http.StatusTooManyRequests: // a 429 without Retry-After
			return limited, m.fallbackWait(), "ratelimited"
		case sc.Code >= 500:
			return unanswered, 0, code
		}
		return refusedCall, 0, code
	case errors.As(err, &op) && op.Op == "dial":
		return notSent, 0, "connection_refused"
	case errors.Is(err, context.Canceled):
		return canceled, 0, "canceled"
	}
	// A timeout, a dropped connection, a body that could not be read: the
	// request may have reached Slack.
	return unanswered, 0, "timeout"
}

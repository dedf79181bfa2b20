package bot

import (
	"crypto/rand"
	"encoding/hex"
	"time"
)

// Observer is told what becomes of each envelope, for metrics
// (cmd/planbot counts them for Prometheus). Its methods must be fast and
// safe for concurrent use.
type Observer interface {
	// Envelope reports an envelope handled: its Socket Mode type
	// (slash_commands, interactive, events_api) and its outcome, one of
	// the Outcome constants.
	Envelope(envelopeType, outcome string)
	// Acked reports the time from an envelope's arrival to its ack
	// written on the socket.
	Acked(envelopeType string, d time.Duration)
}

// The outcomes of an envelope, as Observer.Envelope reports them.
const (
	OutcomeOK        = "ok"         // acked and handled
	OutcomeRefused   = "refused"    // a form acked with field errors: the user has something to fix
	OutcomeDuplicate = "duplicate"  // an event handled already, by this process or another
	OutcomeTakenOver = "taken_over" // an event handled for a process that died after acking it (no envelope)
	OutcomeAckFailed = "ack_failed" // the ack could not be written: Slack will show a timeout or redeliver
	OutcomeUnacked   = "unacked"    // the handler never acked: a bug
	OutcomePanic     = "panic"      // the handler panicked: a bug
)

// Outcomes the handler's goroutine sets on an envelope.
const (
	outcomePanic     = OutcomePanic
	outcomeDuplicate = OutcomeDuplicate
)

// observe tells the Observer the outcome of env, once its handler returned.
func (b *Bot) observe(env *envelope) {
	if b.Observer == nil {
		return
	}
	outcome := env.outcome
	switch {
	case outcome != "":
	case !env.acked.Load():
		outcome = OutcomeUnacked
	case env.ackErr.Load():
		outcome = OutcomeAckFailed
	case env.refused.Load():
		outcome = OutcomeRefused
	default:
		outcome = OutcomeOK
	}
	b.Observer.Envelope(env.kind, outcome)
}

// randomID returns prefix followed by 16 random hexadecimal digits.
func randomID(prefix string) string {
	buf := make([]byte, 8)
	_, _ = rand.Read(buf) // crypto/rand.Read never fails
	return prefix + hex.EncodeToString(buf)
}

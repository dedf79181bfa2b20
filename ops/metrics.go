// Package ops makes planbot operable: Prometheus metrics of what the bot,
// the reminder scheduler, the database and the Slack Web API calls do, and
// a small HTTP server for them with health and readiness probes.
//
// It imports no other planbot package. cmd/planbot hands a Metrics to the
// bot (as its Observer), to the scheduler and the database (as their
// observe hooks) and to slack-go (Transport, around the HTTP client's
// transport, so that every Web API call is counted, whichever layer makes
// it).
package ops

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Info describes the process, for the planbot_build_info metric.
type Info struct {
	Version   string
	ReplicaID string
	Backend   string // sqlite or postgres
}

// Metrics holds planbot's collectors, on a registry of its own with the
// Go runtime's and the process's.
type Metrics struct {
	// Registry is what /metrics serves.
	Registry *prometheus.Registry

	envelopes    *prometheus.CounterVec
	ackSeconds   *prometheus.HistogramVec
	slackCalls   *prometheus.CounterVec
	slackSeconds *prometheus.HistogramVec
	reminders    *prometheus.CounterVec
	dbSeconds    *prometheus.HistogramVec
}

// Latency buckets, in seconds. Acks: Slack's deadline is 3 s, and a
// healthy ack takes a millisecond or two. Slack calls: tens of ms to the
// client's 30 s timeout. Transactions: a fraction of a millisecond to the
// 15 s statement timeout.
var (
	ackBuckets   = []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2, 3, 5}
	slackBuckets = []float64{.01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}
	dbBuckets    = []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 5, 15}
)

// NewMetrics returns the collectors of a process described by info.
func NewMetrics(info Info) *Metrics {
	m := &Metrics{
		Registry: prometheus.NewRegistry(),
		envelopes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "planbot_envelopes_total",
			Help: "Socket Mode envelopes handled, by type (slash_commands, interactive, events_api) and outcome (ok, refused, duplicate, taken_over, ack_failed, unacked, panic).",
		}, []string{"type", "outcome"}),
		ackSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "planbot_ack_duration_seconds",
			Help:    "Time from an envelope's arrival to its ack written on the socket, by envelope type.",
			Buckets: ackBuckets,
		}, []string{"type"}),
		slackCalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "planbot_slack_calls_total",
			Help: "Slack Web API calls, by method and status: ok, Slack's error code for an {\"ok\":false} answer, the HTTP status of any other answer, or transport_error.",
		}, []string{"method", "status"}),
		slackSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "planbot_slack_call_duration_seconds",
			Help:    "Duration of Slack Web API calls, request to the end of the answer, by method.",
			Buckets: slackBuckets,
		}, []string{"method"}),
		reminders: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "planbot_reminders_total",
			Help: "Reminders by outcome: due (read as due by a tick), sent, skipped, failed, uncertain (may or may not be in Slack), retry (back for a later attempt).",
		}, []string{"outcome"}),
		dbSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "planbot_db_transaction_duration_seconds",
			Help:    "Database transactions, from begin (the wait for a connection included) to commit or rollback, by kind (read, write) and outcome (commit, rollback, error).",
			Buckets: dbBuckets,
		}, []string{"kind", "outcome"}),
	}
	build := prometheus.NewGauge(prometheus.GaugeOpts{
		Name:        "planbot_build_info",
		Help:        "Always 1: the version, replica and database backend of this process.",
		ConstLabels: prometheus.Labels{"version": info.Version, "replica_id": info.ReplicaID, "backend": info.Backend},
	})
	build.Set(1)
	m.Registry.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		build, m.envelopes, m.ackSeconds, m.slackCalls, m.slackSeconds, m.reminders, m.dbSeconds,
	)
	return m
}

// Envelope counts an envelope handled; it implements bot.Observer.
func (m *Metrics) Envelope(envelopeType, outcome string) {
	m.envelopes.WithLabelValues(envelopeType, outcome).Inc()
}

// Acked records an ack's latency; it implements bot.Observer.
func (m *Metrics) Acked(envelopeType string, d time.Duration) {
	m.ackSeconds.WithLabelValues(envelopeType).Observe(d.Seconds())
}

// Reminder counts n reminders with outcome: remind.Scheduler.Observe.
func (m *Metrics) Reminder(outcome string, n int) {
	m.reminders.WithLabelValues(outcome).Add(float64(n))
}

// Transaction records a database transaction: storage.DB.Observe.
func (m *Metrics) Transaction(readOnly bool, outcome string, d time.Duration) {
	kind := "write"
	if readOnly {
		kind = "read"
	}
	m.dbSeconds.WithLabelValues(kind, outcome).Observe(d.Seconds())
}

// Gauge registers a gauge named name, read from value at each scrape.
func (m *Metrics) Gauge(name, help string, value func() float64) {
	m.Registry.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, value))
}

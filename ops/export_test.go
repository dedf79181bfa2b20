package ops

import "github.com/prometheus/client_golang/prometheus"

// SlackCalls exposes the Slack call counter to the tests.
func (m *Metrics) SlackCalls() *prometheus.CounterVec { return m.slackCalls }

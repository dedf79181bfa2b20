package plan

import "time"

// ExportDoc is everything a plan recorded, as plain data for an export
// (markdown.Export writes it). Lists may be cut to a first part; the
// totals say how many there are in all.
type ExportDoc struct {
	Plan              *Plan
	Now               time.Time
	Users             map[string]string // Slack user ID -> name
	Goals             []*Goal
	KPIs              []KPIStatus // one a goal, in the same order, judged at Now
	Personas          []*Persona
	Strategy          *Strategy
	Pillars           []*Pillar
	Content           []*ContentItem
	ContentTotal      int
	CTAs              []*CTA
	Channels          []*Channel
	Experiments       []*Experiment
	Engagement        []*EngagementItem
	EngagementTotal   int
	Replies           []NetworkReplyStats
	Metrics           []*Metric
	ObservationCounts map[string]int // per MetricKey
	Observations      []*Observation // the latest, newest first
	ObservationsTotal int
	Schedule          ReviewSchedule
	Matrix            HolisticMatrix
	Decisions         []*Decision // newest first
	DecisionsTotal    int
}

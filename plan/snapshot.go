package plan

import (
	"context"
	"time"
)

// Limits of a PlanSnapshot: what one read holds of the lists that grow
// with a plan's life. Each list says how many there are in all.
const (
	SnapshotMaxContent    = MaxContentItemsShown
	SnapshotMaxEngagement = 500
	SnapshotMaxDecisions  = 500
	SnapshotMaxReminders  = 10
)

// PlanSnapshot is everything one plan has recorded, as one read-only
// transaction saw it: what /plan status, the App Home, export and the
// review of step 9 show, read at once instead of a dozen reads that could
// each see another state of the plan. The lists are in the order of the
// plan's services; the capped ones say how many there are in all.
type PlanSnapshot struct {
	Plan     *Plan
	Goals    []*Goal
	Personas []*Persona
	Strategy *Strategy // never nil: an empty strategy when none was set
	Pillars  []*Pillar
	CTAs     []*CTA
	Channels []*Channel

	// Content is the first SnapshotMaxContent items by publishing date,
	// items without a date last, of ContentTotal.
	Content      []*ContentItem
	ContentTotal int

	Experiments []*Experiment // all of them: running first, by end date

	// Engagement is the first SnapshotMaxEngagement items, open first,
	// soonest due first, of EngagementTotal; Replies are every item
	// replied to, for reply times.
	Engagement      []*EngagementItem
	EngagementTotal int
	Replies         []Reply

	// Metrics are the metrics stored; PlanMetrics adds the goals' own.
	Metrics []*Metric
	// Observations are every observation of the plan, oldest first,
	// whatever their number: KPIs, reviews and step 9 read them all. In
	// a HomeSnapshot they are those of the metrics the goals' KPIs read
	// (KPIMetrics), all that Progress needs. ObservationsTotal counts
	// every observation of the plan.
	Observations      []*Observation
	ObservationsTotal int

	// Decisions are the SnapshotMaxDecisions newest decisions of step 9,
	// of DecisionsTotal.
	Decisions      []*Decision
	DecisionsTotal int

	// CheckIns are the latest check-in of each goal, by goal ID (issue
	// 17): what their owners last said of them.
	CheckIns map[int64]*CheckIn

	// Review is the reminder of the measurement reviews, nil when the
	// plan never had one; Schedule is its schedule, or the default, off.
	Review   *Reminder
	Schedule ReviewSchedule
	// Reminders are the next SnapshotMaxReminders active reminders that
	// have a next firing, soonest first.
	Reminders []*Reminder
	// Unreachable is why the bot cannot post in the plan's channel, or "".
	Unreachable string
}

// Reply is one follower's message replied to: on which network, when, and
// how long the reply took.
type Reply struct {
	Network   Network
	RepliedAt time.Time
	Took      time.Duration
}

// ReplyStats returns the reply times per network of the replies given
// since since.
func (s *PlanSnapshot) ReplyStats(since time.Time) []NetworkReplyStats {
	var samples []ReplySample
	for _, r := range s.Replies {
		if !r.RepliedAt.Before(since) {
			samples = append(samples, ReplySample{Network: r.Network, Took: r.Took})
		}
	}
	return ReplyStatsByNetwork(samples)
}

// AllMetrics returns the plan's metrics with the goals' own (PlanMetrics).
func (s *PlanSnapshot) AllMetrics() []*Metric { return PlanMetrics(s.Goals, s.Metrics) }

// Late returns the content items late at now (see ContentItem.Late), in
// the order of Content.
func (s *PlanSnapshot) Late(now time.Time) []*ContentItem {
	var late []*ContentItem
	for _, c := range s.Content {
		if c.Late(now) {
			late = append(late, c)
		}
	}
	return late
}

// Progress returns the progress of the plan's nine steps at now: what
// /plan status and the App Home show. A goal is unmeasured when no
// observation of its KPI falls in the current review period, and at risk
// when its KPI is behind its pace or missed its deadline (KPIStatus); an
// experiment is overdue past its end date without results, a reply past
// its due time; the review period is the schedule's (30 days without
// one), in which the measurement review should have run and step 9 have
// decided something.
func (s *PlanSnapshot) Progress(now time.Time) Progress {
	loc := s.Plan.Location()
	today := Today(now, loc)
	late := s.Late(now)
	in := Snapshot{
		Today: today, Now: now,
		Goals: s.Goals, Personas: s.Personas, Strategy: s.Strategy, Pillars: s.Pillars,
		ContentItems: s.ContentTotal, LateItems: late, LateTotal: len(late),
		CTAs: s.CTAs, Channels: s.Channels,
		Experiments: len(s.Experiments), Engagements: s.EngagementTotal,
		Observations: s.ObservationsTotal, Reviews: s.DecisionsTotal,
		NoReviewSchedule: !s.Schedule.Enabled(),
	}
	period := s.Schedule.PeriodStart(now, loc)
	since := Today(period, loc)
	in.PeriodStart = period
	if r := s.Review; r != nil && s.Schedule.Enabled() && r.Since.Before(period) && r.LastDue.Before(period) {
		in.ReviewMissed = true // a review was due in the period and none ran
	}
	for _, d := range s.Decisions {
		if d.DecidedAt.After(in.LastDecision) {
			in.LastDecision = d.DecidedAt
		}
	}
	for _, e := range s.Experiments {
		if !e.Concluded() && e.End.Before(today) {
			in.OverdueExperiments = append(in.OverdueExperiments, e)
		}
	}
	for _, it := range s.Engagement {
		if it.Open() && !it.Due.IsZero() && it.Due.Before(now) {
			if in.OverdueReplies++; in.OldestDue.IsZero() || it.Due.Before(in.OldestDue) {
				in.OldestDue = it.Due
			}
		}
	}
	for _, k := range s.KPIs(now) {
		if k.Stale(since) {
			in.Unmeasured = append(in.Unmeasured, k.Goal)
		}
		if k.AtRisk {
			in.AtRisk = append(in.AtRisk, k.Goal)
		}
	}
	for _, r := range GoalsAtRisk(s.Goals, s.CheckIns, nil) {
		in.SaidAtRisk = append(in.SaidAtRisk, r.Goal)
	}
	return ComputeProgress(in)
}

// KPIs returns where the KPI of each goal stands at now, in the order of
// Goals, read by its type from the snapshot's observations (see
// EvaluateKPIs).
func (s *PlanSnapshot) KPIs(now time.Time) []KPIStatus {
	loc := s.Plan.Location()
	return EvaluateKPIs(s.Goals, s.AllMetrics(), IndexObservations(s.Observations), Today(now, loc), loc)
}

// HomeFilter says whose App Home to read, and how much of it.
type HomeFilter struct {
	TeamID, UserID string
	MaxPlans       int // plans read in full; the others are counted
	MaxItems       int // content items of each list
	MaxReplies     int // engagement items waiting for the user
}

// HomeSnapshot is what the App Home of one user shows, read in one
// transaction and with as many queries whatever the number of plans.
type HomeSnapshot struct {
	// Plans are the plans the user owns or took part in (Mine), then the
	// team's others, at most MaxPlans; MorePlans counts those left out.
	Plans     []*PlanSnapshot
	Mine      map[int64]bool
	MorePlans int
	// ToReview are the items in review that name the user as reviewer,
	// and those without a reviewer in the plans the user owns; Assigned
	// the items the user owns that are not published yet. At most
	// MaxItems+1 of each kind, so a view can say there are more.
	ToReview []*ContentItem
	Assigned []*ContentItem
	// Replies are the open engagement items the user owns, soonest due
	// first, at most MaxReplies.
	Replies []*EngagementItem
}

// SnapshotService reads snapshots of plans. Implemented by
// storage.SnapshotService.
type SnapshotService interface {
	// PlanSnapshot returns everything the plan id recorded, read in one
	// read-only transaction. Returns ENOTFOUND.
	PlanSnapshot(ctx context.Context, id int64) (*PlanSnapshot, error)

	// HomeSnapshot returns what the App Home of filter.UserID in
	// filter.TeamID shows, read in one read-only transaction with a fixed
	// number of queries, not one per plan.
	HomeSnapshot(ctx context.Context, filter HomeFilter) (*HomeSnapshot, error)
}

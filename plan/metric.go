package plan

import (
	"context"
	"slices"
	"strings"
	"time"
)

// MetricKind says how the observations of a metric add up.
type MetricKind string

// Metric kinds.
const (
	// MetricCount: each observation adds to the total (mentions, clicks,
	// leads, sales). A KPI counted this way is its baseline plus every
	// observation since the goal was set.
	MetricCount MetricKind = "count"
	// MetricLevel: an observation is the value at its date (followers,
	// signups to date, reach). With several networks, the KPI is the sum of
	// each network's latest value.
	MetricLevel MetricKind = "level"
)

// MetricKinds lists the kinds in the order they are offered to users.
var MetricKinds = []MetricKind{MetricCount, MetricLevel}

// Valid reports whether k is a known kind.
func (k MetricKind) Valid() bool { return slices.Contains(MetricKinds, k) }

// MetricMentions is the metric that the "Log as mention" shortcut records:
// earned exposure (a blog post, a tag, a post, a press article) counts one.
const MetricMentions = "mentions"

// Metric limits.
const (
	MaxMetricNameLen = 100 // as a goal's KPI metric
	MaxMetricUnitLen = 30
	MaxMetrics       = 100 // a select offers at most 100 options
)

// Metric is something the plan measures (step 8): every goal's KPI, and the
// metrics the team adds (mentions in blogs, press articles, followers...).
// Observations name their metric; names match whatever their case.
type Metric struct {
	ID       int64 // 0 for a goal's KPI that has no record of its own
	PlanID   int64
	Name     string
	Unit     string
	Kind     MetricKind
	GoalKind GoalKind // the kind of goal it tells about; "" when none
	// GoalIDs are the goals whose KPI it is; derived by PlanMetrics.
	GoalIDs   []int64
	CreatedBy string
	CreatedAt time.Time
}

// MetricKey is the form in which metric names are compared: trimmed,
// lowercase, inner spaces collapsed.
func MetricKey(name string) string {
	return strings.ToLower(strings.Join(strings.Fields(name), " "))
}

// Normalize trims the text fields of m.
func (m *Metric) Normalize() {
	m.Name = strings.Join(strings.Fields(m.Name), " ")
	m.Unit = strings.TrimSpace(m.Unit)
}

// Validate returns FieldErrors for every field of m that is not valid.
// That the name is unique in the plan is checked by storage.
func (m *Metric) Validate() error {
	var fe FieldErrors
	switch n := len([]rune(m.Name)); {
	case n == 0:
		fe = append(fe, Invalid("name", "metric.name.required", "name the metric"))
	case n > MaxMetricNameLen:
		fe = append(fe, Invalid("name", "metric.name.too_long", "the name is too long"))
	}
	if len([]rune(m.Unit)) > MaxMetricUnitLen {
		fe = append(fe, Invalid("unit", "metric.unit.too_long", "the unit is too long"))
	}
	if !m.Kind.Valid() {
		fe = append(fe, Invalid("kind", "metric.kind.invalid", "choose how the metric adds up"))
	}
	if m.GoalKind != "" && !m.GoalKind.Valid() {
		fe = append(fe, Invalid("goal_kind", "metric.goal_kind.invalid", "choose a kind of goal"))
	}
	return fe.Err()
}

// PlanMetrics returns the metrics of a plan: those stored, then the KPIs of
// goals that have no stored metric of the same name (as level metrics).
// Each carries the IDs of the goals it measures; a stored metric without a
// kind of goal takes the kind of its first goal.
func PlanMetrics(goals []*Goal, stored []*Metric) []*Metric {
	out := make([]*Metric, 0, len(stored)+len(goals))
	byKey := map[string]*Metric{}
	for _, m := range stored {
		c := *m
		c.GoalIDs = nil
		out = append(out, &c)
		byKey[MetricKey(c.Name)] = &c
	}
	for _, g := range goals {
		key := MetricKey(g.Metric)
		if key == "" {
			continue
		}
		m, ok := byKey[key]
		if !ok {
			m = &Metric{PlanID: g.PlanID, Name: strings.Join(strings.Fields(g.Metric), " "), Unit: g.Unit, Kind: MetricLevel}
			out = append(out, m)
			byKey[key] = m
		}
		if m.GoalKind == "" {
			m.GoalKind = g.Kind
		}
		if m.Unit == "" {
			m.Unit = g.Unit
		}
		m.GoalIDs = append(m.GoalIDs, g.ID)
	}
	return out
}

// FindMetric returns the metric of metrics named name, whatever its case,
// or nil.
func FindMetric(metrics []*Metric, name string) *Metric {
	key := MetricKey(name)
	for _, m := range metrics {
		if MetricKey(m.Name) == key {
			return m
		}
	}
	return nil
}

// ReminderMeasurementReview posts a plan's measurement review on the
// schedule set in its settings. SubjectID is the plan.
const ReminderMeasurementReview ReminderKind = "measurement_review"

// ReviewSchedule is when a plan's measurement reviews come: weekly on a
// weekday, or monthly on a day, at a local time. A zero Frequency means
// no reviews.
type ReviewSchedule struct {
	Frequency Frequency // FrequencyWeekly, FrequencyMonthly, or "" for none
	Weekday   time.Weekday
	MonthDay  int // 1..31; a shorter month has its review on its last day
	Hour      int
	Minute    int
}

// DefaultReviewSchedule is what the settings offer before a plan has one:
// Mondays at 09:00, not yet turned on.
var DefaultReviewSchedule = ReviewSchedule{Weekday: time.Monday, MonthDay: 1, Hour: 9}

// Enabled reports whether reviews are scheduled.
func (s ReviewSchedule) Enabled() bool { return s.Frequency != "" }

// Validate returns FieldErrors for a schedule that cannot be kept.
func (s ReviewSchedule) Validate() error {
	var fe FieldErrors
	switch s.Frequency {
	case "":
		return nil
	case FrequencyWeekly:
		if s.Weekday < time.Sunday || s.Weekday > time.Saturday {
			fe = append(fe, Invalid("review_weekday", "review.weekday.invalid", "choose a day of the week"))
		}
	case FrequencyMonthly:
		if s.MonthDay < 1 || s.MonthDay > 31 {
			fe = append(fe, Invalid("review_month_day", "review.month_day.invalid", "choose a day of the month"))
		}
	default:
		fe = append(fe, Invalid("review_frequency", "review.frequency.invalid", "reviews are weekly or monthly"))
	}
	if s.Hour < 0 || s.Hour > 23 || s.Minute < 0 || s.Minute > 59 {
		fe = append(fe, Invalid("review_time", "review.time.invalid", "choose a time of day"))
	}
	return fe.Err()
}

// Rule returns the reminder rule of s in zone tz.
func (s ReviewSchedule) Rule(tz string) Rule {
	r := Rule{Frequency: s.Frequency, Hour: s.Hour, Minute: s.Minute, TimeZone: tz}
	switch s.Frequency {
	case FrequencyWeekly:
		r.Weekdays = []time.Weekday{s.Weekday}
	case FrequencyMonthly:
		r.MonthDay = s.MonthDay
	}
	return r
}

// ScheduleOf returns the schedule of a measurement review reminder; the
// default, turned off, when r is nil or cancelled.
func ScheduleOf(r *Reminder) ReviewSchedule {
	if r == nil || r.State == ReminderCancelled {
		return DefaultReviewSchedule
	}
	s := ReviewSchedule{Frequency: r.Rule.Frequency, MonthDay: max(r.Rule.MonthDay, 1), Hour: r.Rule.Hour, Minute: r.Rule.Minute}
	if len(r.Rule.Weekdays) > 0 {
		s.Weekday = r.Rule.Weekdays[0]
	}
	return s
}

// PeriodStart returns when the period that a review due at due looks back
// on began: a week or a month of calendar before it, in loc. A schedule
// that is turned off looks back 30 days.
func (s ReviewSchedule) PeriodStart(due time.Time, loc *time.Location) time.Time {
	l := due.In(loc)
	switch s.Frequency {
	case FrequencyWeekly:
		return LocalTime(loc, l.Year(), l.Month(), l.Day()-7, l.Hour(), l.Minute())
	case FrequencyMonthly:
		first := time.Date(l.Year(), l.Month()-1, 1, 12, 0, 0, 0, time.UTC)
		day := min(l.Day(), daysIn(first.Year(), first.Month()))
		return LocalTime(loc, first.Year(), first.Month(), day, l.Hour(), l.Minute())
	}
	return due.AddDate(0, 0, -30)
}

// MetricService manages a plan's metrics, its observations and the
// schedule of its measurement reviews. Implemented by storage.MetricService.
type MetricService interface {
	// FindMetrics returns the metrics stored for a plan, by name. Goals'
	// KPIs without a record of their own are added by PlanMetrics.
	FindMetrics(ctx context.Context, planID int64) ([]*Metric, error)

	// CreateMetric normalizes, validates and stores m. Returns FieldErrors
	// (EINVALID), among them a name the plan has already, or ENOTFOUND for
	// the plan.
	CreateMetric(ctx context.Context, m *Metric) error

	// DeleteMetric removes the metric with id; its observations stay.
	// Returns ENOTFOUND.
	DeleteMetric(ctx context.Context, id int64) error

	// FindObservations returns the observations matching filter, oldest
	// first, and the total count ignoring Offset and Limit.
	FindObservations(ctx context.Context, filter ObservationFilter) ([]*Observation, int, error)

	// CreateObservations validates and stores obs, all of the same plan, in
	// one transaction: all of them or none. Returns RowErrors (EINVALID)
	// naming each bad row (1-based), or ENOTFOUND for the plan. A metric
	// must be one of the plan's (see PlanMetrics), except MetricMentions,
	// which is created the first time it is used.
	CreateObservations(ctx context.Context, obs []*Observation) error

	// DeleteObservation removes the observation with id. Returns ENOTFOUND.
	DeleteObservation(ctx context.Context, id int64) error

	// ReviewSchedule returns the schedule of the plan's measurement
	// reviews and its reminder, nil when there never was one.
	ReviewSchedule(ctx context.Context, planID int64) (ReviewSchedule, *Reminder, error)

	// SetReviewSchedule sets when the plan's measurement reviews come, in
	// the plan's zone, on behalf of the user in ctx, or turns them off.
	// Returns ENOTFOUND, EFORBIDDEN (settings are reserved to the owners)
	// or FieldErrors (EINVALID).
	SetReviewSchedule(ctx context.Context, planID int64, s ReviewSchedule) (*Reminder, error)
}

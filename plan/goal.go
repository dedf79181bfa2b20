package plan

import (
	"context"
	"math"
	"strings"
	"time"
)

// GoalKind is what a goal is about, in the words of the method's step 1.
type GoalKind string

// Goal kinds.
const (
	GoalAwareness       GoalKind = "awareness"
	GoalSales           GoalKind = "sales"
	GoalLeads           GoalKind = "leads"
	GoalEngagement      GoalKind = "engagement"
	GoalCustomerService GoalKind = "customer_service"
	GoalCommunity       GoalKind = "community"
	GoalOther           GoalKind = "other"
)

// GoalKinds lists the kinds in the order they are offered to users.
var GoalKinds = []GoalKind{
	GoalAwareness, GoalSales, GoalLeads, GoalEngagement,
	GoalCustomerService, GoalCommunity, GoalOther,
}

// Valid reports whether k is a known kind.
func (k GoalKind) Valid() bool {
	for _, known := range GoalKinds {
		if k == known {
			return true
		}
	}
	return false
}

// Goal field limits. They keep a goal within what one Slack text block shows.
const (
	MaxGoalTitleLen  = 300
	MaxGoalMetricLen = 100
	MaxGoalUnitLen   = 30
	MaxGoalLearnLen  = 1000
)

// Goal is a measurable outcome the plan works toward (step 1). A SMART goal
// has a metric, a numeric target different from its baseline, and a deadline.
type Goal struct {
	ID       int64
	PlanID   int64
	Kind     GoalKind
	Title    string // the statement: "Grow the newsletter from Instagram"
	Metric   string // the KPI: "newsletter signups"
	Baseline float64
	Target   float64
	Unit     string    // "signups", "%", "€"
	Deadline time.Time // a calendar date, stored at 00:00 UTC
	OwnerID  string    // Slack user ID; plan does not interpret it
	Learn    string    // what the team wants to learn
	// KPI says which way the KPI should go and how its values combine;
	// the zero value reads as DefaultKPIType (see EffectiveKPI).
	KPI KPIType
	// BaselineDate is the calendar date Baseline was measured: the KPI
	// counts from it. Zero means the day the goal was created.
	BaselineDate time.Time
	CreatedBy    string // Slack user ID
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Normalize trims the text fields of g, clears what its KPI type does
// not use and makes its baseline date a calendar date.
func (g *Goal) Normalize() {
	g.Title = strings.TrimSpace(g.Title)
	g.Metric = strings.TrimSpace(g.Metric)
	g.Unit = strings.TrimSpace(g.Unit)
	g.Learn = strings.TrimSpace(g.Learn)
	g.KPI.Normalize()
	g.BaselineDate = dateOf(g.BaselineDate)
}

// Validate returns FieldErrors for every field of g that is not valid.
// today is the current date in the plan's time zone (see Today); a new
// deadline must come after it. requireFutureDeadline is false when an edit
// keeps the stored deadline, so a goal past its deadline can still be
// corrected.
func (g *Goal) Validate(today time.Time, requireFutureDeadline bool) error {
	var fe FieldErrors
	if !g.Kind.Valid() {
		fe = append(fe, Invalid("kind", "goal.kind.invalid", "choose what kind of goal this is"))
	}
	switch n := len([]rune(g.Title)); {
	case n == 0:
		fe = append(fe, Invalid("title", "goal.title.required", "describe the goal"))
	case n > MaxGoalTitleLen:
		fe = append(fe, Invalid("title", "goal.title.too_long", "the statement is too long"))
	}
	switch n := len([]rune(g.Metric)); {
	case n == 0:
		fe = append(fe, Invalid("metric", "goal.metric.required", "a SMART goal needs a metric"))
	case n > MaxGoalMetricLen:
		fe = append(fe, Invalid("metric", "goal.metric.too_long", "the metric name is too long"))
	}
	if math.IsNaN(g.Baseline) || math.IsInf(g.Baseline, 0) {
		fe = append(fe, Invalid("baseline", "goal.baseline.invalid", "the baseline must be a number"))
	}
	if math.IsNaN(g.Target) || math.IsInf(g.Target, 0) {
		fe = append(fe, Invalid("target", "goal.target.invalid", "the target must be a number"))
	} else {
		fe = append(fe, g.validateKPI()...)
	}
	if len([]rune(g.Unit)) > MaxGoalUnitLen {
		fe = append(fe, Invalid("unit", "goal.unit.too_long", "the unit is too long"))
	}
	switch {
	case g.Deadline.IsZero():
		fe = append(fe, Invalid("deadline", "goal.deadline.required", "a SMART goal needs a deadline"))
	case requireFutureDeadline && !g.Deadline.After(today):
		fe = append(fe, Invalid("deadline", "goal.deadline.past", "the deadline must be in the future"))
	}
	if !g.BaselineDate.IsZero() && g.BaselineDate.After(today) {
		fe = append(fe, Invalid("baseline_date", "goal.baseline_date.future", "the baseline is measured today or before"))
	}
	if len([]rune(g.Learn)) > MaxGoalLearnLen {
		fe = append(fe, Invalid("learn", "goal.learn.too_long", "this text is too long"))
	}
	return fe.Err()
}

// Today returns the calendar date of now in loc, as 00:00 UTC, the form in
// which dates such as Goal.Deadline are stored and compared.
func Today(now time.Time, loc *time.Location) time.Time {
	y, m, d := now.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// GoalUpdate holds the fields of a goal to change; nil fields are kept.
type GoalUpdate struct {
	Kind     *GoalKind
	Title    *string
	Metric   *string
	Baseline *float64
	Target   *float64
	Unit     *string
	Deadline *time.Time
	OwnerID  *string
	Learn    *string
	KPI      *KPIType
	// BaselineDate sets the date the KPI counts from.
	BaselineDate *time.Time
}

// Apply copies the set fields of upd into g and reports whether the
// deadline changed.
func (upd GoalUpdate) Apply(g *Goal) (deadlineChanged bool) {
	if upd.Kind != nil {
		g.Kind = *upd.Kind
	}
	if upd.Title != nil {
		g.Title = *upd.Title
	}
	if upd.Metric != nil {
		g.Metric = *upd.Metric
	}
	if upd.Baseline != nil {
		g.Baseline = *upd.Baseline
	}
	if upd.Target != nil {
		g.Target = *upd.Target
	}
	if upd.Unit != nil {
		g.Unit = *upd.Unit
	}
	if upd.Deadline != nil {
		deadlineChanged = !upd.Deadline.Equal(g.Deadline)
		g.Deadline = *upd.Deadline
	}
	if upd.OwnerID != nil {
		g.OwnerID = *upd.OwnerID
	}
	if upd.Learn != nil {
		g.Learn = *upd.Learn
	}
	if upd.KPI != nil {
		g.KPI = *upd.KPI
		g.KPI.Normalize()
	}
	if upd.BaselineDate != nil {
		g.BaselineDate = dateOf(*upd.BaselineDate)
	}
	return deadlineChanged
}

// GoalFilter selects goals. Zero fields match everything.
type GoalFilter struct {
	ID     *int64
	PlanID *int64
	Offset int
	Limit  int
}

// GoalService manages goals. Implemented by storage.GoalService.
type GoalService interface {
	// FindGoalByID returns the goal with id. Returns ENOTFOUND.
	FindGoalByID(ctx context.Context, id int64) (*Goal, error)

	// FindGoals returns the goals matching filter, oldest first, and the
	// total count of matches ignoring Offset and Limit.
	FindGoals(ctx context.Context, filter GoalFilter) ([]*Goal, int, error)

	// CreateGoal normalizes, validates and stores g, setting its ID and
	// timestamps. The acting user (NewContextWithUser) must be allowed to
	// change goals. Returns FieldErrors (EINVALID), EFORBIDDEN, or
	// ENOTFOUND for the plan.
	CreateGoal(ctx context.Context, g *Goal) error

	// UpdateGoal applies upd to the goal with id, validates and stores it.
	// Returns ENOTFOUND, EFORBIDDEN or FieldErrors (EINVALID).
	UpdateGoal(ctx context.Context, id int64, upd GoalUpdate) (*Goal, error)

	// DeleteGoal removes the goal with id. Returns ENOTFOUND or EFORBIDDEN.
	DeleteGoal(ctx context.Context, id int64) error
}

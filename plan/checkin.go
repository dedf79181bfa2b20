package plan

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"
)

// CheckInStatus is how a goal's owner says the goal is going.
type CheckInStatus string

// Check-in statuses.
const (
	CheckInOnTrack  CheckInStatus = "on_track"
	CheckInAtRisk   CheckInStatus = "at_risk"
	CheckInOffTrack CheckInStatus = "off_track"
)

// CheckInStatuses lists the statuses in the order they are offered.
var CheckInStatuses = []CheckInStatus{CheckInOnTrack, CheckInAtRisk, CheckInOffTrack}

// Valid reports whether s is a known status.
func (s CheckInStatus) Valid() bool { return slices.Contains(CheckInStatuses, s) }

// MaxCheckInNoteLen bounds a check-in's note.
const MaxCheckInNoteLen = 1000

// CheckIn is a goal owner's word on how their goal is going (issue 17):
// a status and an optional note, who gave it and when. Check-ins are kept:
// the latest one counts, the others tell the story.
type CheckIn struct {
	ID     int64
	PlanID int64
	GoalID int64
	Status CheckInStatus
	Note   string
	By     string // Slack user ID
	At     time.Time
}

// Normalize trims the note.
func (c *CheckIn) Normalize() { c.Note = strings.TrimSpace(c.Note) }

// Validate returns FieldErrors for every field of c that is not valid. The
// note is optional, so that a check-in can be one click on the message
// that asks for it.
func (c *CheckIn) Validate() error {
	var fe FieldErrors
	if c.GoalID <= 0 {
		fe = append(fe, Invalid("goal", "checkin.goal.required", "choose a goal"))
	}
	if !c.Status.Valid() {
		fe = append(fe, Invalid("status", "checkin.status.invalid", "say how the goal is going"))
	}
	if len([]rune(c.Note)) > MaxCheckInNoteLen {
		fe = append(fe, Invalid("note", "checkin.note.too_long", "the note is too long"))
	}
	return fe.Err()
}

// MayCheckIn returns nil when userID may check in on goal g of plan p: its
// owner, an owner of the plan, or, for a goal nobody owns, whoever may
// change goals (see Plan.Authorize). Returns EFORBIDDEN with the key
// "forbidden.checkin".
func MayCheckIn(p *Plan, g *Goal, userID string) error {
	switch {
	case userID == "":
	case g.OwnerID == userID || p.IsOwner(userID):
		return nil
	case g.OwnerID == "" && p.Authorize(userID, AreaGoals) == nil:
		return nil
	}
	return &Error{Code: EFORBIDDEN, Key: "forbidden.checkin", Message: "only the goal's owner or the plan owners check in"}
}

// CheckInSchedule is when goal owners are asked how their goals are going:
// weekly on a weekday or monthly on a day, at a local time in the plan's
// zone. A zero Frequency asks nobody.
type CheckInSchedule struct {
	Frequency Frequency // FrequencyWeekly, FrequencyMonthly, or "" for none
	Weekday   time.Weekday
	MonthDay  int // 1..31; a shorter month asks on its last day
	Hour      int
	Minute    int
	// Recent is how recent an update must be to spare its owner the ask:
	// a check-in, a goal created or a KPI logged that long before the ask
	// is news enough. Zero means DefaultCheckInRecent.
	Recent time.Duration
}

// DefaultCheckInRecent is how recent an update spares the ask by default.
const DefaultCheckInRecent = 72 * time.Hour

// DefaultCheckInSchedule asks every Monday at 10:00, in the plan's zone.
var DefaultCheckInSchedule = CheckInSchedule{Frequency: FrequencyWeekly, Weekday: time.Monday, MonthDay: 1, Hour: 10}

// Validate returns FieldErrors for a schedule that cannot be stored.
func (s CheckInSchedule) Validate() error {
	var fe FieldErrors
	switch s.Frequency {
	case "":
	case FrequencyWeekly:
		if s.Weekday < time.Sunday || s.Weekday > time.Saturday {
			fe = append(fe, Invalid("checkin_weekday", "checkin.weekday.invalid", "choose a day of the week"))
		}
	case FrequencyMonthly:
		if s.MonthDay < 1 || s.MonthDay > 31 {
			fe = append(fe, Invalid("checkin_month_day", "checkin.month_day.invalid", "choose a day of the month"))
		}
	default:
		fe = append(fe, Invalid("checkin_frequency", "checkin.frequency.invalid", "check-ins are weekly or monthly"))
	}
	if s.Hour < 0 || s.Hour > 23 || s.Minute < 0 || s.Minute > 59 {
		fe = append(fe, Invalid("checkin_time", "checkin.time.invalid", "choose a time of day"))
	}
	if s.Recent < 0 || s.Recent > 31*24*time.Hour {
		fe = append(fe, Invalid("checkin_recent", "checkin.recent.invalid", "choose up to 31 days"))
	}
	return fe.Err()
}

// Rule returns the reminder rule of the asks in zone tz.
func (s CheckInSchedule) Rule(tz string) Rule {
	r := Rule{Frequency: s.Frequency, Hour: s.Hour, Minute: s.Minute, TimeZone: tz}
	switch s.Frequency {
	case FrequencyWeekly:
		r.Weekdays = []time.Weekday{s.Weekday}
	case FrequencyMonthly:
		r.MonthDay = s.MonthDay
	}
	return r
}

func (s CheckInSchedule) recent() time.Duration {
	if s.Recent <= 0 {
		return DefaultCheckInRecent
	}
	return s.Recent
}

// WorkingMomentFunc returns the first working moment at or after t: t
// itself during working hours, else when work next starts. It is the seam
// to the plan's working hours and days (issue 11), which live beside the
// plan; a method value such as hours.Next fits. Nil means every moment is
// a working one.
type WorkingMomentFunc func(t time.Time) time.Time

// CheckInState is what the ask rules need to know about one goal.
type CheckInState struct {
	Goal *Goal
	Last *CheckIn // the goal's latest check-in; nil when none
	// LastAsked is when its owner was last asked about it; zero when never.
	LastAsked time.Time
	// LastUpdate is the latest other sign of life: a KPI value logged for
	// the goal, an edit of the goal. Zero when none.
	LastUpdate time.Time
}

// CheckInAsk is one goal whose owner is to be asked now.
type CheckInAsk struct {
	Goal    *Goal
	OwnerID string
	Slot    time.Time // the scheduled occurrence this ask answers: a key for "asked once"
	At      time.Time // when to ask: Slot moved into working hours
}

// Due returns the ask for st's goal at now, and whether it is due: the
// goal has an owner and its deadline is not past (in loc), the latest
// occurrence of the schedule at or before now has come within working
// hours, its owner was not asked since that occurrence, and nothing
// happened on the goal in the Recent window before it (a check-in, an
// update, the goal's creation). Record At as LastAsked once asked.
func (s CheckInSchedule) Due(st CheckInState, now time.Time, loc *time.Location, work WorkingMomentFunc) (CheckInAsk, bool) {
	g := st.Goal
	if s.Frequency == "" || g == nil || g.OwnerID == "" || (!g.Deadline.IsZero() && Today(now, loc).After(g.Deadline)) {
		return CheckInAsk{}, false
	}
	// The latest occurrence at or before now: occurrences are at most a
	// month apart, so looking back 32 days finds it.
	f, ok := s.Rule(loc.String()).Due(now.Add(-32*24*time.Hour), time.Time{}, now)
	if !ok {
		return CheckInAsk{}, false
	}
	ask := CheckInAsk{Goal: g, OwnerID: g.OwnerID, Slot: f.Due, At: f.Due}
	if work != nil {
		ask.At = work(f.Due)
	}
	if ask.At.After(now) || !st.LastAsked.Before(f.Due) {
		return CheckInAsk{}, false
	}
	latest := g.CreatedAt
	if st.Last != nil && st.Last.At.After(latest) {
		latest = st.Last.At
	}
	if st.LastUpdate.After(latest) {
		latest = st.LastUpdate
	}
	if latest.After(f.Due.Add(-s.recent())) {
		return CheckInAsk{}, false
	}
	return ask, true
}

// OwnerCheckIn is what one owner is asked about at once.
type OwnerCheckIn struct {
	OwnerID string
	Asks    []CheckInAsk // in the order of the states given
}

// OwnerAsks groups the asks due at now by owner, so that each owner gets
// one message about all their goals: owners in the order of their first
// goal in states.
func (s CheckInSchedule) OwnerAsks(states []CheckInState, now time.Time, loc *time.Location, work WorkingMomentFunc) []OwnerCheckIn {
	var out []OwnerCheckIn
	for _, st := range states {
		a, ok := s.Due(st, now, loc, work)
		if !ok {
			continue
		}
		i := slices.IndexFunc(out, func(o OwnerCheckIn) bool { return o.OwnerID == a.OwnerID })
		if i < 0 {
			out, i = append(out, OwnerCheckIn{OwnerID: a.OwnerID}), len(out)
		}
		out[i].Asks = append(out[i].Asks, a)
	}
	return out
}

// LatestCheckIns returns the latest check-in of each goal among all.
func LatestCheckIns(all []*CheckIn) map[int64]*CheckIn {
	out := map[int64]*CheckIn{}
	for _, c := range all {
		if l, ok := out[c.GoalID]; !ok || c.At.After(l.At) || (c.At.Equal(l.At) && c.ID > l.ID) {
			out[c.GoalID] = c
		}
	}
	return out
}

// GoalRisk is a goal on the "at risk" list, and why.
type GoalRisk struct {
	Goal *Goal
	// Level is CheckInOffTrack when the owner says so, else CheckInAtRisk.
	Level   CheckInStatus
	CheckIn *CheckIn // the latest check-in; nil when none
	// KPIAtRisk is the KPI's own verdict (its pace at today), which can
	// put a goal on the list while its owner says it is on track.
	KPIAtRisk bool
}

// GoalsAtRisk returns the goals whose latest check-in says at risk or off
// track, or whose KPI is at risk (kpiAtRisk, by goal ID, as the KPI rules
// judge it at today): off track first, then by deadline, then by ID. It
// feeds /plan status, Home, the weekly digest and the review.
func GoalsAtRisk(goals []*Goal, latest map[int64]*CheckIn, kpiAtRisk map[int64]bool) []GoalRisk {
	var out []GoalRisk
	for _, g := range goals {
		c := latest[g.ID]
		r := GoalRisk{Goal: g, CheckIn: c, KPIAtRisk: kpiAtRisk[g.ID], Level: CheckInAtRisk}
		said := c != nil && (c.Status == CheckInAtRisk || c.Status == CheckInOffTrack)
		if !said && !r.KPIAtRisk {
			continue
		}
		if c != nil && c.Status == CheckInOffTrack {
			r.Level = CheckInOffTrack
		}
		out = append(out, r)
	}
	slices.SortStableFunc(out, func(a, b GoalRisk) int {
		return cmp.Or(
			cmp.Compare(riskRank(b.Level), riskRank(a.Level)),
			a.Goal.Deadline.Compare(b.Goal.Deadline),
			cmp.Compare(a.Goal.ID, b.Goal.ID),
		)
	})
	return out
}

func riskRank(s CheckInStatus) int {
	if s == CheckInOffTrack {
		return 1
	}
	return 0
}

// CheckInFilter selects check-ins. Zero fields match everything.
type CheckInFilter struct {
	PlanID *int64
	GoalID *int64
	// Since selects the check-ins given at or after it, when set.
	Since  time.Time
	Offset int
	Limit  int
}

// CheckInService stores goal check-ins and the schedule that asks for
// them. To be implemented by storage.
type CheckInService interface {
	// CreateCheckIn normalizes, validates and stores c on behalf of the
	// user in ctx (see MayCheckIn), setting its ID, By and At. Returns
	// ENOTFOUND for the goal, EFORBIDDEN, or FieldErrors (EINVALID).
	CreateCheckIn(ctx context.Context, c *CheckIn) error

	// FindCheckIns returns the check-ins matching filter, newest first,
	// and the total count ignoring Offset and Limit.
	FindCheckIns(ctx context.Context, filter CheckInFilter) ([]*CheckIn, int, error)

	// CheckInSchedule returns the plan's schedule; DefaultCheckInSchedule
	// when it never set one. Returns ENOTFOUND.
	CheckInSchedule(ctx context.Context, planID int64) (CheckInSchedule, error)

	// SetCheckInSchedule validates and stores the plan's schedule on
	// behalf of the user in ctx (settings are reserved to the owners).
	// Returns ENOTFOUND, EFORBIDDEN or FieldErrors (EINVALID).
	SetCheckInSchedule(ctx context.Context, planID int64, s CheckInSchedule) error
}

package plan

import (
	"context"
	"time"
)

// DefaultReplyTarget is the reply target of a plan that has not set one.
const DefaultReplyTarget = 2 * time.Hour

// ReplyTargetOrDefault returns the plan's reply target, or the default.
func (p *Plan) ReplyTargetOrDefault() time.Duration {
	if p.ReplyTarget <= 0 {
		return DefaultReplyTarget
	}
	return p.ReplyTarget
}

// MaxPlanNameLen bounds a plan's name, shown in headers (150 characters).
const MaxPlanNameLen = 80

// Plan is the social media plan of one Slack channel. A workspace holds many
// plans: an agency runs one channel per client.
type Plan struct {
	ID        int64
	TeamID    string // Slack workspace ID
	ChannelID string // Slack channel ID; the plan's reminders are posted there
	Name      string
	TimeZone  string // IANA zone, e.g. "Europe/Paris"
	Language  string // "en" or "fr"; the language of the plan's channel posts
	// ReplyTarget is how soon the team means to answer a follower (step 7);
	// zero means DefaultReplyTarget.
	ReplyTarget time.Duration
	// Owners are the Slack user IDs who alone may change the reserved areas
	// (see Area); a plan with no owners is open to its whole channel.
	Owners []string
	// WorkingHours are when the team works, in TimeZone; the zero value
	// means always. Reply targets, overdue reminders and digests follow
	// them.
	WorkingHours WorkingHours
	// MonthlyReport posts the monthly report of the month before in the
	// channel on the first working day of each month (issue 17).
	MonthlyReport bool
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// Location returns the plan's time zone, or UTC when it cannot be loaded.
func (p *Plan) Location() *time.Location {
	if p.TimeZone == "" {
		return time.UTC
	}
	loc, err := time.LoadLocation(p.TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// Validate returns field errors for a plan that cannot be stored.
func (p *Plan) Validate() error {
	var fe FieldErrors
	// Slack IDs are letters and digits. Checking it keeps a forged ID out
	// of the <#C…> mentions the bot writes.
	if !isSlackID(p.TeamID) {
		fe = append(fe, Invalid("team_id", "plan.team.required", "team ID required"))
	}
	if !isSlackID(p.ChannelID) {
		fe = append(fe, Invalid("channel_id", "plan.channel.required", "channel ID required"))
	}
	if len([]rune(p.Name)) > MaxPlanNameLen {
		fe = append(fe, Invalid("name", "plan.name.too_long", "the plan name is too long"))
	}
	// "Local" would make the plan's zone depend on the host it runs on.
	if _, err := time.LoadLocation(p.TimeZone); p.TimeZone == "" || p.TimeZone == "Local" || err != nil {
		fe = append(fe, Invalid("time_zone", "plan.tz.invalid", "time zone must be an IANA name such as Europe/Paris"))
	}
	if p.ReplyTarget < 0 || p.ReplyTarget > 30*24*time.Hour {
		fe = append(fe, Invalid("reply_target", "plan.reply_target.invalid", "the reply target must be between 1 minute and 30 days"))
	}
	if p.Language != "en" && p.Language != "fr" {
		fe = append(fe, Invalid("language", "plan.lang.invalid", "language must be en or fr"))
	}
	fe = append(fe, ErrorFields(p.WorkingHours.Validate())...)
	if len(p.Owners) > MaxOwners {
		fe = append(fe, Invalid("owners", "plan.owners.too_many", "a plan has at most 20 owners"))
	}
	return fe.Err()
}

// PlanUpdate holds the settings of a plan to change; nil fields are kept.
type PlanUpdate struct {
	Name         *string
	TimeZone     *string
	Language     *string
	ReplyTarget  *time.Duration
	Owners       *[]string
	WorkingHours *WorkingHours
	// ReviewSchedule, when set, is the schedule of the plan's measurement
	// reviews (step 8), saved in the same transaction as the rest: an
	// owner who hands the plan over and sets the schedule in one form gets
	// both or neither.
	ReviewSchedule *ReviewSchedule
	MonthlyReport  *bool
}

// Apply copies the set fields of upd into p, normalizing the owners.
func (upd PlanUpdate) Apply(p *Plan) {
	if upd.Name != nil {
		p.Name = *upd.Name
	}
	if upd.TimeZone != nil {
		p.TimeZone = *upd.TimeZone
	}
	if upd.Language != nil {
		p.Language = *upd.Language
	}
	if upd.ReplyTarget != nil {
		p.ReplyTarget = *upd.ReplyTarget
	}
	if upd.Owners != nil {
		p.Owners = NormalizeOwners(*upd.Owners)
	}
	if upd.MonthlyReport != nil {
		p.MonthlyReport = *upd.MonthlyReport
	}
	if upd.WorkingHours != nil {
		p.WorkingHours = upd.WorkingHours.Normalized()
	}
}

// Validate returns the field errors of upd that the plan alone cannot
// see: the review schedule's.
func (upd PlanUpdate) Validate() error {
	if upd.ReviewSchedule == nil {
		return nil
	}
	return upd.ReviewSchedule.Validate()
}

// PlanService manages plans. Implemented by storage.PlanService.
type PlanService interface {
	// EnsurePlan returns the plan of team and channel, creating it from
	// defaults (TimeZone, Language, Name) when it does not exist yet.
	// Safe to call concurrently for the same channel: one plan results.
	EnsurePlan(ctx context.Context, defaults Plan) (*Plan, error)

	// FindPlanByID returns the plan with id. Returns ENOTFOUND.
	FindPlanByID(ctx context.Context, id int64) (*Plan, error)

	// FindPlanByChannel returns the plan of a channel. Returns ENOTFOUND.
	FindPlanByChannel(ctx context.Context, teamID, channelID string) (*Plan, error)

	// ListPlans returns the plans of a workspace, oldest first.
	ListPlans(ctx context.Context, teamID string) ([]*Plan, error)

	// UpdatePlan validates p and saves its name, time zone, language,
	// reply target and working hours, but not its owners; it checks no
	// permission, for the bot's own bookkeeping. Returns FieldErrors
	// (EINVALID) or ENOTFOUND.
	UpdatePlan(ctx context.Context, p *Plan) error

	// UpdatePlanSettings applies upd to the plan with id on behalf of the
	// user in ctx (see NewContextWithUser), owners, working hours and
	// review schedule included, in one write transaction: all of upd is
	// saved, or nothing. The user's right is checked against the owners
	// before the change, so an owner may hand the plan over. Returns the
	// stored plan, or ENOTFOUND, EFORBIDDEN when the plan has owners and
	// the user is not one, or FieldErrors (EINVALID) with every invalid
	// field of upd.
	UpdatePlanSettings(ctx context.Context, id int64, upd PlanUpdate) (*Plan, error)

	// RecordPlanVisit records that userID worked in the plan planID of
	// teamID just now: the plan a message shortcut offers first.
	RecordPlanVisit(ctx context.Context, teamID, userID string, planID int64) error

	// LastPlanVisited returns the ID of the plan of teamID that userID last
	// worked in (see RecordPlanVisit). Returns ENOTFOUND when none.
	LastPlanVisited(ctx context.Context, teamID, userID string) (int64, error)

	// ListPlansOfUser returns the plans of a workspace that userID owns or
	// has taken part in (created or been assigned a goal, persona, content
	// item, call to action, network or review), oldest first.
	ListPlansOfUser(ctx context.Context, teamID, userID string) ([]*Plan, error)
}

// isSlackID reports whether s looks like a Slack ID: 1 to 32 ASCII
// letters and digits.
func isSlackID(s string) bool {
	if len(s) == 0 || len(s) > 32 {
		return false
	}
	for _, c := range s {
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

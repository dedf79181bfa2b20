package plan

import (
	"context"
	"slices"
	"strings"
)

// Area is a part of a plan that its owners can reserve to themselves.
type Area string

// Areas of a plan. Goals, audience, strategy, calls to action, networks and
// settings are reserved to the owners of a plan that has owners; content
// items, experiments and the engagement queue stay open to everyone in the
// channel.
const (
	AreaGoals    Area = "goals"
	AreaAudience Area = "audience"
	AreaStrategy Area = "strategy"
	AreaCTAs     Area = "cta"
	AreaChannels Area = "channels"
	AreaSettings Area = "settings"
	AreaContent  Area = "content"
	// AreaExperiments, like content, stays open to everyone in the
	// channel: whoever runs a test records its results.
	AreaExperiments Area = "experiments"
	// AreaEngagement is the engagement queue (step 7): whoever reads the
	// followers' messages queues them.
	AreaEngagement Area = "engagement"
)

// MaxOwners bounds the owners of a plan.
const MaxOwners = 20

// Reserved reports whether only the owners of a plan with owners may change
// area.
func (a Area) Reserved() bool { return a != AreaContent && a != AreaExperiments && a != AreaEngagement }

// IsOwner reports whether userID is one of the plan's owners.
func (p *Plan) IsOwner(userID string) bool {
	return userID != "" && slices.Contains(p.Owners, userID)
}

// Authorize returns nil when userID may change area of p: always when p has
// no owners (the plan is open to its channel) or the area is not reserved,
// otherwise only when userID is an owner. It returns EFORBIDDEN with the
// key "forbidden.<area>"; an empty userID is nobody's and is refused.
func (p *Plan) Authorize(userID string, area Area) error {
	if len(p.Owners) == 0 || !area.Reserved() || p.IsOwner(userID) {
		return nil
	}
	return &Error{
		Code:    EFORBIDDEN,
		Key:     "forbidden." + string(area),
		Message: "only the owners of plan " + p.ChannelID + " may change " + string(area),
	}
}

// NormalizeOwners trims the user IDs of owners, drops empty ones and
// duplicates, and keeps the first-seen order.
func NormalizeOwners(owners []string) []string {
	var out []string
	for _, o := range owners {
		o = strings.TrimSpace(o)
		if o != "" && !slices.Contains(out, o) {
			out = append(out, o)
		}
	}
	return out
}

type contextKey int

const userIDKey contextKey = iota

// NewContextWithUser returns a copy of ctx that carries the Slack user ID
// acting on the plan. Services read it to enforce owner-only areas.
func NewContextWithUser(ctx context.Context, userID string) context.Context {
	return context.WithValue(ctx, userIDKey, userID)
}

// UserIDFromContext returns the acting user ID carried by ctx, or "" when
// there is none.
func UserIDFromContext(ctx context.Context) string {
	id, _ := ctx.Value(userIDKey).(string)
	return id
}

package plan

import (
	"context"
	"slices"
	"strings"
	"time"
)

// Network is a social network or another place where the plan publishes,
// from a fixed catalogue shared by personas, content items, calls to
// action and chosen networks.
type Network string

// Networks of the catalogue.
const (
	NetworkFacebook   Network = "facebook"
	NetworkInstagram  Network = "instagram"
	NetworkLinkedIn   Network = "linkedin"
	NetworkX          Network = "x"
	NetworkTikTok     Network = "tiktok"
	NetworkYouTube    Network = "youtube"
	NetworkPinterest  Network = "pinterest"
	NetworkThreads    Network = "threads"
	NetworkBluesky    Network = "bluesky"
	NetworkMastodon   Network = "mastodon"
	NetworkBlog       Network = "blog"
	NetworkNewsletter Network = "newsletter"
	NetworkOther      Network = "other"
)

// Networks lists the catalogue in the order it is offered to users.
var Networks = []Network{
	NetworkFacebook, NetworkInstagram, NetworkLinkedIn, NetworkX, NetworkTikTok,
	NetworkYouTube, NetworkPinterest, NetworkThreads, NetworkBluesky, NetworkMastodon,
	NetworkBlog, NetworkNewsletter, NetworkOther,
}

// Valid reports whether n is in the catalogue.
func (n Network) Valid() bool { return slices.Contains(Networks, n) }

// SortNetworks removes duplicates from ns and orders them as Networks does.
// Unknown networks are kept at the end, so that validation still sees them.
func SortNetworks(ns []Network) []Network {
	var out []Network
	for _, n := range Networks {
		if slices.Contains(ns, n) {
			out = append(out, n)
		}
	}
	for _, n := range ns {
		if !n.Valid() && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// ChannelStatus says whether the team still works a chosen network. A
// review (step 9) reduces or stops a network, or makes it active again;
// the form of step 5 can set it too. The zero value means active.
type ChannelStatus string

// Statuses of a chosen network.
const (
	ChannelActive  ChannelStatus = "active"
	ChannelReduced ChannelStatus = "reduced" // still worked, less than before
	ChannelStopped ChannelStatus = "stopped" // no longer worked: it reaches no one
)

// ChannelStatuses lists the statuses in the order they are offered.
var ChannelStatuses = []ChannelStatus{ChannelActive, ChannelReduced, ChannelStopped}

// Valid reports whether s is a known status. The zero value is one: it
// means active.
func (s ChannelStatus) Valid() bool { return s == "" || slices.Contains(ChannelStatuses, s) }

// OrActive returns s, or ChannelActive for the zero value.
func (s ChannelStatus) OrActive() ChannelStatus {
	if s == "" {
		return ChannelActive
	}
	return s
}

// Channel field limits.
const (
	MaxChannelWhyLen         = 500
	MaxChannelCadenceLen     = 100
	MaxChannelConstraintsLen = 1000
	MaxChannelPersonas       = 50
	// MaxChannelStatusNoteLen holds the rationale of the review decision
	// that set the status.
	MaxChannelStatusNoteLen = MaxRationaleLen
)

// Channel is a network the plan chose (step 5), not a Slack channel: what
// it is for (Role, one of the goal kinds), why, which personas it reaches,
// how often the team posts there, under which constraints, and whether the
// team still works it (Status). A plan chooses each network once, except
// NetworkOther.
type Channel struct {
	ID          int64
	PlanID      int64
	Network     Network
	Role        GoalKind // awareness, customer service, sales, ...
	Why         string
	PersonaIDs  []int64 // the personas this network is chosen to reach
	Cadence     string  // "3 posts a week"
	PostCadence Cadence // Cadence as figures, which the calendar checks; zero: see PlannedCadence
	Constraints string  // "no budget for ads; photos need consent"
	Status      ChannelStatus
	// StatusSince and StatusBy say when and by whom the network took its
	// status; storage sets them when the status changes, and they are zero
	// for a network active since it was chosen. StatusNote says why: the
	// rationale of the review decision that set it, empty when the status
	// was set in step 5.
	StatusSince time.Time
	StatusBy    string // Slack user ID
	StatusNote  string
	CreatedBy   string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Stopped reports whether the team stopped c: a stopped network reaches
// none of its personas.
func (c *Channel) Stopped() bool { return c.Status == ChannelStopped }

// Normalize trims the text fields of c, sorts its persona IDs and writes
// the zero status as active.
func (c *Channel) Normalize() {
	c.Why = strings.TrimSpace(c.Why)
	c.Cadence = strings.TrimSpace(c.Cadence)
	c.Constraints = strings.TrimSpace(c.Constraints)
	c.StatusNote = strings.TrimSpace(c.StatusNote)
	c.PersonaIDs = normalizeIDs(c.PersonaIDs)
	c.Status = c.Status.OrActive()
}

// Validate returns FieldErrors for every field of c that is not valid.
// That the personas belong to the plan is checked by storage.
func (c *Channel) Validate() error {
	var fe FieldErrors
	if !c.Network.Valid() {
		fe = append(fe, Invalid("network", "channel.network.invalid", "choose a network"))
	}
	if !c.Role.Valid() {
		fe = append(fe, Invalid("role", "channel.role.invalid", "choose the role of this network"))
	}
	switch n := len([]rune(c.Why)); {
	case n == 0:
		fe = append(fe, Invalid("why", "channel.why.required", "say why this network"))
	case n > MaxChannelWhyLen:
		fe = append(fe, Invalid("why", "channel.why.too_long", "the reason is too long"))
	}
	if len(c.PersonaIDs) > MaxChannelPersonas || slices.ContainsFunc(c.PersonaIDs, func(id int64) bool { return id <= 0 }) {
		fe = append(fe, Invalid("personas", "channel.personas.invalid", "choose personas of this plan"))
	}
	if len([]rune(c.Cadence)) > MaxChannelCadenceLen {
		fe = append(fe, Invalid("cadence", "channel.cadence.too_long", "the cadence is too long"))
	}
	fe = append(fe, ErrorFields(c.PostCadence.Validate())...)
	if len([]rune(c.Constraints)) > MaxChannelConstraintsLen {
		fe = append(fe, Invalid("constraints", "channel.constraints.too_long", "the constraints are too long"))
	}
	if !c.Status.Valid() {
		fe = append(fe, Invalid("status", "channel.status.invalid", "choose a status"))
	}
	if len([]rune(c.StatusNote)) > MaxChannelStatusNoteLen {
		fe = append(fe, Invalid("status_note", "channel.status_note.too_long", "the note on the status is too long"))
	}
	return fe.Err()
}

// ChannelUpdate holds the fields of a chosen network to change; nil fields
// are kept. A new status takes StatusNote as its note, or none: the note of
// the old status does not say why the new one was set. StatusSince and
// StatusBy are not set here: storage stamps them when the status changes.
type ChannelUpdate struct {
	Network     *Network
	Role        *GoalKind
	Why         *string
	PersonaIDs  *[]int64
	Cadence     *string
	PostCadence *Cadence
	Constraints *string
	Status      *ChannelStatus
	StatusNote  *string
}

// Apply copies the set fields of upd into c.
func (upd ChannelUpdate) Apply(c *Channel) {
	if upd.Network != nil {
		c.Network = *upd.Network
	}
	if upd.Role != nil {
		c.Role = *upd.Role
	}
	if upd.Why != nil {
		c.Why = *upd.Why
	}
	if upd.PersonaIDs != nil {
		c.PersonaIDs = slices.Clone(*upd.PersonaIDs)
	}
	if upd.Cadence != nil {
		c.Cadence = *upd.Cadence
	}
	if upd.PostCadence != nil {
		c.PostCadence = *upd.PostCadence
	}
	if upd.Constraints != nil {
		c.Constraints = *upd.Constraints
	}
	if upd.Status != nil && upd.Status.OrActive() != c.Status.OrActive() {
		c.Status, c.StatusNote = upd.Status.OrActive(), ""
	}
	if upd.StatusNote != nil {
		c.StatusNote = *upd.StatusNote
	}
}

// ChannelFilter selects chosen networks. Zero fields match everything.
type ChannelFilter struct {
	ID     *int64
	PlanID *int64
	Offset int
	Limit  int
}

// ChannelService manages the networks a plan chose. Implemented by
// storage.ChannelService. Changes are made on behalf of the user in ctx
// (NewContextWithUser) and reserved to the owners of a plan with owners.
type ChannelService interface {
	// FindChannelByID returns the chosen network with id. Returns ENOTFOUND.
	FindChannelByID(ctx context.Context, id int64) (*Channel, error)

	// FindChannels returns the chosen networks matching filter in catalogue
	// order, and the total count of matches ignoring Offset and Limit.
	FindChannels(ctx context.Context, filter ChannelFilter) ([]*Channel, int, error)

	// CreateChannel normalizes, validates and stores c, setting its ID and
	// timestamps. Returns FieldErrors (EINVALID), among them a network the
	// plan chose already, ENOTFOUND for the plan, or EFORBIDDEN.
	CreateChannel(ctx context.Context, c *Channel) error

	// UpdateChannel applies upd to the chosen network with id, validates
	// and stores it. Returns ENOTFOUND, FieldErrors (EINVALID) or EFORBIDDEN.
	UpdateChannel(ctx context.Context, id int64, upd ChannelUpdate) (*Channel, error)

	// DeleteChannel removes the chosen network with id. Returns ENOTFOUND
	// or EFORBIDDEN.
	DeleteChannel(ctx context.Context, id int64) error
}

// normalizeIDs returns ids sorted without duplicates, nil when empty.
func normalizeIDs(ids []int64) []int64 {
	if len(ids) == 0 {
		return nil
	}
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out)
}

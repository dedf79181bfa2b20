package plan

import (
	"context"
	"slices"
	"strings"
	"time"
)

// DecisionKind is what the team decides about a network, a content pillar
// or a call to action in a review (step 9).
type DecisionKind string

// Decisions, from the method's step 9: do more of what works, less of what
// does not, and do not be afraid to stop a strategy.
const (
	DecisionDoMore DecisionKind = "do_more"
	DecisionKeep   DecisionKind = "keep"
	DecisionDoLess DecisionKind = "do_less"
	DecisionStop   DecisionKind = "stop"
	DecisionTry    DecisionKind = "try" // try something new
)

// DecisionKinds lists the decisions in the order they are offered.
var DecisionKinds = []DecisionKind{DecisionDoMore, DecisionKeep, DecisionDoLess, DecisionStop, DecisionTry}

// Valid reports whether k is a known decision.
func (k DecisionKind) Valid() bool { return slices.Contains(DecisionKinds, k) }

// SubjectKind is what a decision is about.
type SubjectKind string

// Subjects of decisions.
const (
	SubjectNetwork SubjectKind = "network" // a network chosen in step 5
	SubjectPillar  SubjectKind = "pillar"  // a content pillar of step 3
	SubjectCTA     SubjectKind = "cta"     // a call to action of step 4
)

// SubjectKinds lists the subjects in the order a review shows them.
var SubjectKinds = []SubjectKind{SubjectNetwork, SubjectPillar, SubjectCTA}

// Valid reports whether k is a known subject.
func (k SubjectKind) Valid() bool { return slices.Contains(SubjectKinds, k) }

// Decision limits.
const (
	MaxRationaleLen = 1000
	MaxEvidenceLen  = 2000
	MaxSubjectLen   = 200
)

// Decision is one decision of a review (step 9): about which subject, what,
// why, and the evidence it was taken on, as shown then. A decision on a
// network may change it in step 5: its role (NewRole), its cadence
// (NewCadence) and its status (see StatusFor), which RecordDecisions
// records in NewStatus.
type Decision struct {
	ID           int64
	AdaptationID int64
	PlanID       int64
	Subject      SubjectKind
	SubjectID    int64  // the chosen network, pillar or call to action
	SubjectName  string // its name then, kept once it is deleted
	Decision     DecisionKind
	Rationale    string
	Evidence     string // the figures shown beside it, in the plan's language
	NewRole      GoalKind
	NewCadence   string
	NewStatus    ChannelStatus // set by RecordDecisions; empty when the status was left as it was
	DecidedBy    string
	DecidedAt    time.Time
}

// Normalize trims the text fields of d.
func (d *Decision) Normalize() {
	d.SubjectName = strings.TrimSpace(d.SubjectName)
	d.Rationale = strings.TrimSpace(d.Rationale)
	d.Evidence = strings.TrimSpace(d.Evidence)
	d.NewCadence = strings.TrimSpace(d.NewCadence)
}

// Validate returns FieldErrors for every field of d that is not valid.
func (d *Decision) Validate() error {
	var fe FieldErrors
	if !d.Subject.Valid() || d.SubjectID <= 0 {
		fe = append(fe, Invalid("subject", "decision.subject.invalid", "the decision is about nothing known"))
	}
	if !d.Decision.Valid() {
		fe = append(fe, Invalid("decision", "decision.kind.invalid", "choose a decision"))
	}
	if len([]rune(d.Rationale)) > MaxRationaleLen {
		fe = append(fe, Invalid("rationale", "decision.rationale.too_long", "the rationale is too long"))
	}
	if len([]rune(d.Evidence)) > MaxEvidenceLen {
		d.Evidence = string([]rune(d.Evidence)[:MaxEvidenceLen])
	}
	if len([]rune(d.SubjectName)) > MaxSubjectLen {
		d.SubjectName = string([]rune(d.SubjectName)[:MaxSubjectLen])
	}
	if d.NewRole != "" && (d.Subject != SubjectNetwork || !d.NewRole.Valid()) {
		fe = append(fe, Invalid("role", "decision.role.invalid", "only a network has a role"))
	}
	if d.NewCadence != "" && d.Subject != SubjectNetwork {
		fe = append(fe, Invalid("cadence", "decision.cadence.invalid", "only a network has a cadence"))
	}
	if len([]rune(d.NewCadence)) > MaxChannelCadenceLen {
		fe = append(fe, Invalid("cadence", "channel.cadence.too_long", "the cadence is too long"))
	}
	return fe.Err()
}

// StatusFor returns the status d gives its network, whose status is
// current, and false when d leaves it as it is: stop stops the network, do
// less reduces it, and do more or keep make a reduced or stopped network
// active again. Trying something new leaves the status alone.
func (d *Decision) StatusFor(current ChannelStatus) (ChannelStatus, bool) {
	if d.Subject != SubjectNetwork {
		return "", false
	}
	current = current.OrActive()
	next := current
	switch d.Decision {
	case DecisionStop:
		next = ChannelStopped
	case DecisionDoLess:
		next = ChannelReduced
	case DecisionDoMore, DecisionKeep:
		next = ChannelActive
	}
	return next, next != current
}

// ChannelUpdate returns the change d makes in step 5 to its network, whose
// status is current, and false when it makes none: a new role, a new
// cadence, and a new status (see StatusFor) noted with d's rationale.
func (d *Decision) ChannelUpdate(current ChannelStatus) (ChannelUpdate, bool) {
	var upd ChannelUpdate
	if d.Subject != SubjectNetwork {
		return upd, false
	}
	if d.NewRole != "" {
		role := d.NewRole
		upd.Role = &role
	}
	if d.NewCadence != "" {
		cadence := d.NewCadence
		upd.Cadence = &cadence
	}
	if status, ok := d.StatusFor(current); ok {
		note := d.Rationale
		upd.Status, upd.StatusNote = &status, &note
	}
	return upd, upd.Role != nil || upd.Cadence != nil || upd.Status != nil
}

// Adaptation is one sitting of step 9: the decisions a team took together
// in a review, who took them and when.
type Adaptation struct {
	ID        int64
	PlanID    int64
	CreatedBy string
	CreatedAt time.Time
	Decisions []*Decision
}

// DecisionFilter selects decisions. Zero fields match everything.
type DecisionFilter struct {
	PlanID       *int64
	AdaptationID *int64
	Subject      SubjectKind
	SubjectID    *int64
	Offset       int
	Limit        int
}

// AdaptService stores the decisions of reviews and applies what they
// change to the networks of step 5. Implemented by storage.AdaptService.
type AdaptService interface {
	// RecordDecisions stores the decisions of a, on behalf of the user in
	// ctx, and applies their changes to step 5 (see ChannelUpdate) in the
	// same transaction: all or nothing. A zero a.ID starts a new
	// adaptation; otherwise the decisions join adaptation a.ID (a review
	// saved page by page). Sets the IDs, times and NewStatus. Returns
	// ENOTFOUND (the plan, the adaptation, a subject not in the plan),
	// FieldErrors (EINVALID), or EFORBIDDEN when a decision changes step 5
	// and the plan's networks are reserved to its owners.
	RecordDecisions(ctx context.Context, a *Adaptation) error

	// FindDecisions returns the decisions matching filter, newest first,
	// and the total count ignoring Offset and Limit.
	FindDecisions(ctx context.Context, filter DecisionFilter) ([]*Decision, int, error)

	// FindAdaptations returns the plan's adaptations with their
	// decisions, newest first, and the total count.
	FindAdaptations(ctx context.Context, planID int64, offset, limit int) ([]*Adaptation, int, error)
}

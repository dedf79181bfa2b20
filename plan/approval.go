package plan

import (
	"context"
	"slices"
	"strings"
	"time"
)

// ApprovalPolicy is how a plan approves its content items (issue 17):
// rules agencies and their clients can trust. The zero policy is the
// strict default: nobody approves their own item, one approval makes an
// item approved, and only an approved item is scheduled or published.
//
// The rules are pure functions over an item and its review history
// (ReviewEvent, oldest first). A service that stores items applies them
// inside its write transaction and appends the event each returns:
//
//   - RequestReview when someone asks for a review;
//   - Decide when someone approves or asks for changes;
//   - ApplyEdit when an update changes an item: an approved item whose
//     copy, link, date or network changed goes back to review;
//   - ChangeStatus when an update sets the status by hand.
type ApprovalPolicy struct {
	// AllowSelfApproval lets the authors of an item (see
	// ContentItem.Authors) approve it.
	AllowSelfApproval bool
	// TwoApprovers asks for two approvals, by two different people.
	TwoApprovers bool
	// ClientApproval asks that one approval come from a client approver.
	ClientApproval bool
	// PublishUnapproved lets an item be scheduled or published without
	// having been approved.
	PublishUnapproved bool
	// Approvers may decide on every item of the plan, besides its named
	// reviewer and the plan's owners. Once a plan names approvers, nobody
	// else decides, even in a plan without owners.
	Approvers []Approver
}

// Approver is someone the plan trusts to approve its items.
type Approver struct {
	UserID string // Slack user ID
	// Client marks a client of the agency rather than a member of the
	// team: a channel member such as a Slack Connect guest. The bot asks
	// them in their own language, from the review message.
	Client bool
}

// MaxApprovers bounds the approvers of a plan.
const MaxApprovers = 20

// Normalize trims the approvers' IDs and drops empty ones and duplicates,
// keeping the first of each.
func (p *ApprovalPolicy) Normalize() {
	var out []Approver
	for _, a := range p.Approvers {
		a.UserID = strings.TrimSpace(a.UserID)
		if a.UserID != "" && !slices.ContainsFunc(out, func(b Approver) bool { return b.UserID == a.UserID }) {
			out = append(out, a)
		}
	}
	p.Approvers = out
}

// Validate returns FieldErrors for a policy that cannot be stored: too many
// approvers, an ID that is not a Slack ID, or a client approval asked of a
// plan that names no client approver.
func (p ApprovalPolicy) Validate() error {
	var fe FieldErrors
	if len(p.Approvers) > MaxApprovers {
		fe = append(fe, Invalid("approvers", "approval.approvers.too_many", "a plan has at most 20 approvers"))
	} else if slices.ContainsFunc(p.Approvers, func(a Approver) bool { return !isSlackID(a.UserID) }) {
		fe = append(fe, Invalid("approvers", "approval.approvers.invalid", "choose people of this workspace"))
	}
	if p.ClientApproval && !slices.ContainsFunc(p.Approvers, func(a Approver) bool { return a.Client }) {
		fe = append(fe, Invalid("client_approval", "approval.client.none", "name a client approver first"))
	}
	return fe.Err()
}

// Needed returns how many approvals make an item approved.
func (p ApprovalPolicy) Needed() int {
	if p.TwoApprovers {
		return 2
	}
	return 1
}

// Approver returns the approver userID, and whether the plan names them.
func (p ApprovalPolicy) Approver(userID string) (Approver, bool) {
	i := slices.IndexFunc(p.Approvers, func(a Approver) bool { return a.UserID == userID })
	if userID == "" || i < 0 {
		return Approver{}, false
	}
	return p.Approvers[i], true
}

// ReviewAction is what happened to a content item in its review history.
type ReviewAction string

// Review actions.
const (
	ActionRequested        ReviewAction = "requested"         // someone asked for a review: a new round starts
	ActionApproved         ReviewAction = "approved"          // one approval; To says whether it made the item approved
	ActionChangesRequested ReviewAction = "changes_requested" // the item went back to draft, with a comment
	ActionReopened         ReviewAction = "reopened"          // an edit sent an approved item back to review: a new round starts
	ActionEdited           ReviewAction = "edited"            // an item in review or published changed; no approval was at stake
	ActionStatusChanged    ReviewAction = "status_changed"    // the status was set by hand
)

// Content fields a review history tracks, as FieldChange.Field names them.
const (
	ContentFieldTitle     = "title"
	ContentFieldNetwork   = "network"
	ContentFieldFormat    = "format"
	ContentFieldCopy      = "copy"
	ContentFieldLink      = "link"
	ContentFieldPublishAt = "publish_at"
)

// ReopeningFields are the fields whose change sends an approved item back
// to review: what the audience sees, where and when.
var ReopeningFields = []string{ContentFieldCopy, ContentFieldLink, ContentFieldPublishAt, ContentFieldNetwork}

// FieldChange is one field of a content item before and after an edit. A
// date is written in RFC 3339, UTC ("" when none): see Times.
type FieldChange struct {
	Field string
	Old   string
	New   string
}

// Times returns the dates of a ContentFieldPublishAt change; zero when none.
func (f FieldChange) Times() (old, new time.Time) {
	old, _ = time.Parse(time.RFC3339, f.Old)
	new, _ = time.Parse(time.RFC3339, f.New)
	return old, new
}

// Excerpt returns the part of Old and New that differs, with up to context
// characters of what they share on each side, and "…" where text was cut:
// a copy of 2,000 characters with one word changed shows as that word in
// its sentence.
func (f FieldChange) Excerpt(context int) (old, new string) {
	a, b := []rune(f.Old), []rune(f.New)
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	from := max(pre-context, 0)
	cut := func(r []rune) string {
		to := min(len(r)-suf+context, len(r))
		s := string(r[from:to])
		if from > 0 {
			s = "…" + s
		}
		if to < len(r) {
			s += "…"
		}
		return s
	}
	return cut(a), cut(b)
}

// ReviewEvent is one entry of a content item's review history: who did
// what, when, and what changed. Storage keeps every event; none is ever
// edited or deleted while the item exists.
type ReviewEvent struct {
	ID      int64
	ItemID  int64
	PlanID  int64
	Action  ReviewAction
	By      string // Slack user ID
	Client  bool   // By was a client approver then
	At      time.Time
	From    ContentStatus // the item's status before and after
	To      ContentStatus
	Changes []FieldChange // ActionReopened, ActionEdited
	Comment string        // ActionChangesRequested; optional with ActionApproved
}

// Authors returns who wrote c and may not approve it under the default
// policy: its owner, or its creator when it has no owner, and whoever
// asked for the current review (the editor, after a reopening edit).
func (c *ContentItem) Authors() []string {
	var out []string
	add := func(id string) {
		if id != "" && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	if c.OwnerID != "" {
		add(c.OwnerID)
	} else {
		add(c.CreatedBy)
	}
	add(c.Review.RequestedBy)
	return out
}

// reviewRound returns the events of history since the current review round
// began: after the last request or reopening edit.
func reviewRound(history []*ReviewEvent) []*ReviewEvent {
	for i := len(history) - 1; i >= 0; i-- {
		if a := history[i].Action; a == ActionRequested || a == ActionReopened {
			return history[i+1:]
		}
	}
	return history
}

// ApprovalProgress is where an item's current review round stands.
type ApprovalProgress struct {
	Approvals  []*ReviewEvent // this round's, oldest first
	Needed     int            // approvals the policy asks for
	NeedClient bool           // a client approval is still missing
}

// Done reports whether the round has every approval it needs.
func (a ApprovalProgress) Done() bool { return len(a.Approvals) >= a.Needed && !a.NeedClient }

// Progress returns where c's current review round stands under p, from its
// history, oldest first.
func (p ApprovalPolicy) Progress(c *ContentItem, history []*ReviewEvent) ApprovalProgress {
	pr := ApprovalProgress{Needed: p.Needed(), NeedClient: p.ClientApproval}
	for _, e := range reviewRound(history) {
		if e.Action == ActionApproved {
			pr.Approvals = append(pr.Approvals, e)
			if e.Client {
				pr.NeedClient = false
			}
		}
	}
	return pr
}

// MayDecide returns nil when userID may approve or ask for changes on c in
// plan pl: an approver the policy names, the item's reviewer or a plan
// owner; when the policy names no approver, whoever ContentItem.MayReview
// allows. Returns EFORBIDDEN with the key "forbidden.review".
func (p ApprovalPolicy) MayDecide(pl *Plan, c *ContentItem, userID string) error {
	if len(p.Approvers) == 0 {
		return c.MayReview(pl, userID)
	}
	if _, ok := p.Approver(userID); ok || (userID != "" && (c.ReviewerID == userID || pl.IsOwner(userID))) {
		return nil
	}
	return &Error{Code: EFORBIDDEN, Key: "forbidden.review", Message: "only the plan's approvers may decide"}
}

// MayApprove returns nil when userID may approve c now, in plan pl, given
// its history: c is in review (else ECONFLICT "content.review.not_pending"),
// userID may decide (EFORBIDDEN, see MayDecide), is not one of its authors
// unless the policy allows it (EFORBIDDEN "forbidden.review.self"), and has
// not approved it already in this round (ECONFLICT
// "content.review.approved_already").
func (p ApprovalPolicy) MayApprove(pl *Plan, c *ContentItem, history []*ReviewEvent, userID string) error {
	if c.Status != ContentInReview {
		return &Error{Code: ECONFLICT, Key: "content.review.not_pending", Message: "the item is not waiting for a review"}
	}
	if err := p.MayDecide(pl, c, userID); err != nil {
		return err
	}
	if !p.AllowSelfApproval && slices.Contains(c.Authors(), userID) {
		return &Error{Code: EFORBIDDEN, Key: "forbidden.review.self", Message: "nobody approves their own item"}
	}
	for _, e := range p.Progress(c, history).Approvals {
		if e.By == userID {
			return &Error{Code: ECONFLICT, Key: "content.review.approved_already", Message: "you approved this item already: another approver is needed"}
		}
	}
	return nil
}

// Decide records userID's decision on c's pending review, in plan pl and
// given c's history, and returns the event to append. An approval makes c
// approved once the round has every approval the policy asks for (see
// ApprovalProgress); until then c stays in review. Asking for changes
// needs a comment and sends c back to draft; an author may do it. Returns
// the errors of MayApprove (or of MayDecide when asking for changes), or a
// field error on "comment".
func (p ApprovalPolicy) Decide(pl *Plan, c *ContentItem, history []*ReviewEvent, userID string, approve bool, comment string, now time.Time) (*ReviewEvent, error) {
	var err error
	switch {
	case approve:
		err = p.MayApprove(pl, c, history, userID)
	case c.Status != ContentInReview:
		err = &Error{Code: ECONFLICT, Key: "content.review.not_pending", Message: "the item is not waiting for a review"}
	default:
		err = p.MayDecide(pl, c, userID)
	}
	if err != nil {
		return nil, err
	}
	comment = strings.TrimSpace(comment)
	switch n := len([]rune(comment)); {
	case !approve && n == 0:
		return nil, FieldErrors{Invalid("comment", "content.review.comment.required", "say what to change")}
	case n > MaxReviewCommentLen:
		return nil, FieldErrors{Invalid("comment", "content.review.comment.too_long", "the comment is too long")}
	}
	approver, _ := p.Approver(userID)
	e := &ReviewEvent{ItemID: c.ID, PlanID: c.PlanID, By: userID, Client: approver.Client, At: now.UTC(), From: c.Status, Comment: comment}
	if !approve {
		e.Action = ActionChangesRequested
		c.Status, c.Review.Decision = ContentDraft, ReviewChangesRequested
		c.Review.DecidedBy, c.Review.DecidedAt, c.Review.Comment = userID, now, comment
		e.To = c.Status
		return e, nil
	}
	e.Action = ActionApproved
	if p.Progress(c, append(slices.Clone(history), e)).Done() {
		c.Status, c.Review.Decision = ContentApproved, ReviewApproved
		c.Review.DecidedBy, c.Review.DecidedAt, c.Review.Comment = userID, now, comment
	}
	e.To = c.Status
	return e, nil
}

// RequestReview moves c into review on behalf of userID, as
// ContentItem.StartReview does, and returns the event to append: a new
// round, whose approvals start from none.
func RequestReview(c *ContentItem, userID, channelID, ts string, now time.Time) (*ReviewEvent, error) {
	from := c.Status
	if err := c.StartReview(userID, channelID, ts, now); err != nil {
		return nil, err
	}
	return &ReviewEvent{ItemID: c.ID, PlanID: c.PlanID, Action: ActionRequested, By: userID, At: now.UTC(), From: from, To: c.Status}, nil
}

// ContentChanges returns the tracked fields that differ between before and
// after, in a fixed order: title, network, format, copy, link, date.
func ContentChanges(before, after *ContentItem) []FieldChange {
	var out []FieldChange
	add := func(field, old, new string) {
		if old != new {
			out = append(out, FieldChange{Field: field, Old: old, New: new})
		}
	}
	add(ContentFieldTitle, before.Title, after.Title)
	add(ContentFieldNetwork, string(before.Network), string(after.Network))
	add(ContentFieldFormat, string(before.Format), string(after.Format))
	add(ContentFieldCopy, before.Copy, after.Copy)
	add(ContentFieldLink, before.Link, after.Link)
	add(ContentFieldPublishAt, rfc3339OrEmpty(before.PublishAt), rfc3339OrEmpty(after.PublishAt))
	return out
}

func rfc3339OrEmpty(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// approvedNow reports whether c stands approved under p: approved, or
// scheduled after an approval (any scheduled item, when the policy lets
// nothing unapproved be scheduled).
func (p ApprovalPolicy) approvedNow(c *ContentItem) bool {
	return c.Status == ContentApproved ||
		(c.Status == ContentScheduled && (!p.PublishUnapproved || c.Review.Decision == ReviewApproved))
}

// ApplyEdit compares an item before and after an update by userID (after
// holds the update; history is before's) and returns the event to append,
// or false when there is none to keep. When a field of ReopeningFields
// changed on an item that stood approved, or in review with approvals
// already given, after goes back to review: its status is in review
// whatever the update asked, and the approvals start over; the event
// (ActionReopened) shows what changed. Any other edit of an item past
// draft keeps its status and is recorded (ActionEdited): an item in review
// without approvals yet, a title changed, a scheduled item that was never
// approved, a published one. Edits of ideas and drafts are not recorded.
func (p ApprovalPolicy) ApplyEdit(before, after *ContentItem, history []*ReviewEvent, userID string, now time.Time) (*ReviewEvent, bool) {
	changes := ContentChanges(before, after)
	if len(changes) == 0 {
		return nil, false
	}
	reopening := slices.ContainsFunc(changes, func(f FieldChange) bool { return slices.Contains(ReopeningFields, f.Field) })
	stake := p.approvedNow(before) ||
		(before.Status == ContentInReview && len(p.Progress(before, history).Approvals) > 0)
	e := &ReviewEvent{ItemID: before.ID, PlanID: before.PlanID, By: userID, At: now.UTC(), From: before.Status, Changes: changes}
	switch {
	case reopening && stake:
		e.Action = ActionReopened
		after.Status = ContentInReview
		after.Review = Review{ChannelID: before.Review.ChannelID, MessageTS: before.Review.MessageTS, RequestedBy: userID, RequestedAt: now}
	case before.Status != ContentIdea && before.Status != ContentDraft:
		e.Action = ActionEdited
	default:
		return nil, false
	}
	e.To = after.Status
	return e, true
}

// ChangeStatus checks a status that userID set by hand on c, from the
// stored status from, and returns the event to append (nil when the status
// did not change). Besides ContentItem.ValidateStatusChange, an item is
// scheduled or published only from approved, scheduled or published,
// unless the policy allows publishing unapproved items: a field error on
// "status" with the key "content.status.needs_approval".
func (p ApprovalPolicy) ChangeStatus(c *ContentItem, from ContentStatus, userID string, now time.Time) (*ReviewEvent, error) {
	if c.Status == from {
		return nil, nil
	}
	if err := c.ValidateStatusChange(from); err != nil {
		return nil, err
	}
	if !p.PublishUnapproved && (c.Status == ContentScheduled || c.Status == ContentPublished) &&
		from != ContentApproved && from != ContentScheduled && from != ContentPublished {
		return nil, FieldErrors{Invalid("status", "content.status.needs_approval", "an item is approved before it is scheduled or published")}
	}
	return &ReviewEvent{ItemID: c.ID, PlanID: c.PlanID, Action: ActionStatusChanged, By: userID, At: now.UTC(), From: from, To: c.Status}, nil
}

// ApprovalService stores a plan's approval policy and its items' review
// histories. To be implemented by storage, which also makes
// ContentService apply the policy: RequestReview, DecideReview and
// UpdateContentItem call RequestReview, ApprovalPolicy.Decide, ApplyEdit
// and ChangeStatus inside their transaction and append the event returned.
type ApprovalService interface {
	// ApprovalPolicy returns the policy of the plan with id, the zero
	// policy when it never set one. Returns ENOTFOUND.
	ApprovalPolicy(ctx context.Context, planID int64) (ApprovalPolicy, error)

	// SetApprovalPolicy normalizes, validates and stores p for the plan,
	// on behalf of the user in ctx (settings are reserved to the owners of
	// a plan with owners). Returns ENOTFOUND, EFORBIDDEN or FieldErrors.
	SetApprovalPolicy(ctx context.Context, planID int64, p ApprovalPolicy) error

	// FindReviewEvents returns the review history of the item with id,
	// oldest first. Returns ENOTFOUND.
	FindReviewEvents(ctx context.Context, itemID int64) ([]*ReviewEvent, error)

	// FindPlanReviewEvents returns the review events of every item of the
	// plan at or after since, oldest first: the weekly digest's news.
	FindPlanReviewEvents(ctx context.Context, planID int64, since time.Time) ([]*ReviewEvent, error)
}

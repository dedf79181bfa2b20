package plan

import (
	"context"
	"errors"
	"math"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// EngagementKind is what a follower's message is.
type EngagementKind string

// Engagement kinds.
const (
	EngagementQuestion  EngagementKind = "question"
	EngagementComplaint EngagementKind = "complaint"
	EngagementPraise    EngagementKind = "praise"
	EngagementMention   EngagementKind = "mention"
)

// EngagementKinds lists the kinds in the order they are offered.
var EngagementKinds = []EngagementKind{EngagementQuestion, EngagementComplaint, EngagementPraise, EngagementMention}

// Valid reports whether k is a known kind.
func (k EngagementKind) Valid() bool { return slices.Contains(EngagementKinds, k) }

// EngagementStatus is where an engagement item stands.
type EngagementStatus string

// Engagement statuses.
const (
	EngagementOpen      EngagementStatus = "open"
	EngagementReplied   EngagementStatus = "replied"
	EngagementDismissed EngagementStatus = "dismissed" // no reply needed
)

// Engagement item limits.
const (
	MaxEngagementExcerptLen = 2000
	MaxEngagementAuthorLen  = 100
	MaxEngagementLinkLen    = 1000
)

// DefaultDigestHour is the local hour of a plan's daily engagement digest
// until the team changes it.
const DefaultDigestHour = 9

// EngagementItem is a follower's message the team should answer (step 7):
// a question, a complaint, praise or a mention, with an owner and a due
// time after which the owner is reminded.
type EngagementItem struct {
	ID      int64
	PlanID  int64
	Network Network
	Link    string // where the message is: the post, or the Slack message it came from
	Author  string // the follower, as the network names them
	Excerpt string
	Kind    EngagementKind
	OwnerID string
	Due     time.Time
	Status  EngagementStatus
	// ReceivedAt is when the follower wrote: the reply clock starts then,
	// not when the item was queued. The message shortcut takes it from the
	// message's ts (see ParseSlackTS); a form asks for it. Zero reads as
	// CreatedAt (see Received).
	ReceivedAt time.Time
	// SourceChannelID and SourceTS name the Slack message the item was
	// made from with the message shortcut; empty otherwise.
	SourceChannelID string
	SourceTS        string
	// ChannelID and MessageTS name the item's own message in the plan's
	// channel; its overdue reminder is posted in that thread.
	ChannelID string
	MessageTS string
	CreatedBy string
	ClosedAt  time.Time // when it was replied to or dismissed
	ClosedBy  string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Normalize trims the text fields of it.
func (it *EngagementItem) Normalize() {
	it.Link = strings.TrimSpace(it.Link)
	it.Author = strings.TrimSpace(it.Author)
	it.Excerpt = strings.TrimSpace(it.Excerpt)
}

// Validate returns FieldErrors for every field of it that is not valid.
func (it *EngagementItem) Validate() error {
	var fe FieldErrors
	if !it.Network.Valid() {
		fe = append(fe, Invalid("network", "engagement.network.invalid", "choose a network"))
	}
	if !it.Kind.Valid() {
		fe = append(fe, Invalid("kind", "engagement.kind.invalid", "choose what kind of message this is"))
	}
	switch n := len([]rune(it.Excerpt)); {
	case n == 0:
		fe = append(fe, Invalid("excerpt", "engagement.excerpt.required", "quote the message"))
	case n > MaxEngagementExcerptLen:
		fe = append(fe, Invalid("excerpt", "engagement.excerpt.too_long", "the excerpt is too long"))
	}
	if len([]rune(it.Author)) > MaxEngagementAuthorLen {
		fe = append(fe, Invalid("author", "engagement.author.too_long", "the author is too long"))
	}
	if it.Link != "" {
		u, err := url.Parse(it.Link)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(it.Link) > MaxEngagementLinkLen {
			fe = append(fe, Invalid("link", "engagement.link.invalid", "the link must be an http(s) URL"))
		}
	}
	if it.OwnerID == "" {
		fe = append(fe, Invalid("owner", "engagement.owner.required", "choose who replies"))
	}
	if it.Due.IsZero() {
		fe = append(fe, Invalid("due", "engagement.due.required", "choose when the reply is due"))
	}
	return fe.Err()
}

// Open reports whether the item still waits for a reply.
func (it *EngagementItem) Open() bool { return it.Status == EngagementOpen }

// Overdue reports whether the item is open past its due time.
func (it *EngagementItem) Overdue(now time.Time) bool { return it.Open() && now.After(it.Due) }

// Received returns when the follower wrote: ReceivedAt, or CreatedAt for
// items queued before it was recorded.
func (it *EngagementItem) Received() time.Time {
	if it.ReceivedAt.IsZero() {
		return it.CreatedAt
	}
	return it.ReceivedAt
}

// ValidateReceived returns a field error when the follower's message time
// is after now (a minute of clock skew allowed) or more than a year before.
func (it *EngagementItem) ValidateReceived(now time.Time) error {
	switch {
	case it.ReceivedAt.IsZero():
		return nil
	case it.ReceivedAt.After(now.Add(time.Minute)):
		return FieldErrors{Invalid("received", "engagement.received.future", "the message cannot come from the future")}
	case it.ReceivedAt.Before(now.AddDate(-1, 0, 0)):
		return FieldErrors{Invalid("received", "engagement.received.too_old", "the message is more than a year old")}
	}
	return nil
}

// ReplyTime is how long the team took to reply, from the follower's
// message (see Received); ok is false until it did.
func (it *EngagementItem) ReplyTime() (time.Duration, bool) {
	if it.Status != EngagementReplied || it.ClosedAt.IsZero() {
		return 0, false
	}
	return it.ClosedAt.Sub(it.Received()), true
}

// WorkingReplyTime is ReplyTime counted in the working hours w of the
// plan's zone loc.
func (it *EngagementItem) WorkingReplyTime(w WorkingHours, loc *time.Location) (time.Duration, bool) {
	if _, ok := it.ReplyTime(); !ok {
		return 0, false
	}
	return w.WorkingTime(loc, it.Received(), it.ClosedAt), true
}

// ReplyDue returns when a reply to a message received at received is due,
// for a reply target counted in the working hours w of the plan's zone
// loc: the item's Due.
func ReplyDue(received time.Time, target time.Duration, w WorkingHours, loc *time.Location) time.Time {
	return w.AddWorkingTime(loc, received, target).UTC()
}

// ParseSlackTS returns the time of a Slack message ts ("1712345678.123456":
// seconds and microseconds since 1970). ok is false for anything else.
func ParseSlackTS(ts string) (time.Time, bool) {
	sec, micro, found := strings.Cut(ts, ".")
	if sec == "" || len(sec) > 12 || !allDigits(sec) || (found && (micro == "" || len(micro) > 6 || !allDigits(micro))) {
		return time.Time{}, false
	}
	s, err := strconv.ParseInt(sec, 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	var us int64
	if found {
		us, _ = strconv.ParseInt(micro+strings.Repeat("0", 6-len(micro)), 10, 64)
	}
	return time.Unix(s, us*1000).UTC(), true
}

// OverdueRule is the one-shot rule of the item's overdue reminder, set
// at now: at the due time, or at now when the item is overdue already (a
// message queued long after the follower wrote, or an item handed to a new
// owner late), so that the reminder is not taken for one missed while the
// bot was offline.
func (it *EngagementItem) OverdueRule(now time.Time) Rule {
	at := it.Due
	if at.Before(now) {
		at = now
	}
	return Rule{Frequency: FrequencyOnce, At: at.UTC()}
}

// DigestRule is the daily rule of a plan's engagement digest at
// hour:minute in the plan's zone.
func DigestRule(p *Plan, hour, minute int) Rule {
	return Rule{Frequency: FrequencyDaily, Hour: hour, Minute: minute, TimeZone: p.Location().String()}
}

// ReplySample is the time one reply took, on a network.
type ReplySample struct {
	Network Network
	Took    time.Duration
}

// NetworkReplyStats sums up how fast the team replies on a network.
type NetworkReplyStats struct {
	Network Network
	Count   int
	Median  time.Duration
	P90     time.Duration // nearest rank: 90 % of replies took at most this
}

// ReplyStatsByNetwork groups samples by network, sorted by network name.
func ReplyStatsByNetwork(samples []ReplySample) []NetworkReplyStats {
	by := map[Network][]time.Duration{}
	for _, s := range samples {
		by[s.Network] = append(by[s.Network], s.Took)
	}
	out := make([]NetworkReplyStats, 0, len(by))
	for n, ds := range by {
		slices.Sort(ds)
		out = append(out, NetworkReplyStats{Network: n, Count: len(ds), Median: median(ds), P90: nearestRank(ds, 0.9)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Network < out[j].Network })
	return out
}

// median of sorted, non-empty ds: the middle one, or the mean of the two.
func median(ds []time.Duration) time.Duration {
	n := len(ds)
	if n%2 == 1 {
		return ds[n/2]
	}
	return (ds[n/2-1] + ds[n/2]) / 2
}

// nearestRank returns the smallest value of sorted, non-empty ds with at
// least p of the values at or below it.
func nearestRank(ds []time.Duration, p float64) time.Duration {
	// The epsilon keeps 0.9*20 = 18.000000000000004 at rank 18.
	rank := int(math.Ceil(p*float64(len(ds)) - 1e-9))
	return ds[min(max(rank, 1), len(ds))-1]
}

// EngagementFilter selects engagement items. Zero fields match everything.
type EngagementFilter struct {
	ID      *int64
	PlanID  *int64
	Status  *EngagementStatus
	OwnerID string
	// SourceChannelID and SourceTS select the items made from one Slack
	// message with the message shortcut; both or neither are set.
	SourceChannelID string
	SourceTS        string
	Offset          int
	Limit           int
}

// ErrDuplicateKey is the catalogue key of the ECONFLICT error of an item
// made from a Slack message that the plan has queued already.
const ErrDuplicateKey = "engagement.duplicate"

// DuplicateItem returns the ECONFLICT error of an item made from a Slack
// message that its plan has queued already.
func DuplicateItem() *Error {
	return &Error{Code: ECONFLICT, Key: ErrDuplicateKey, Message: "this message is in the plan's queue already"}
}

// IsDuplicateItem reports whether err says the message is queued already.
func IsDuplicateItem(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == ECONFLICT && e.Key == ErrDuplicateKey
}

// EngagementService manages the engagement queue and its reminders.
// Implemented by storage.EngagementService.
type EngagementService interface {
	// FindEngagementItemByID returns the item with id. Returns ENOTFOUND.
	FindEngagementItemByID(ctx context.Context, id int64) (*EngagementItem, error)

	// FindEngagementItems returns the items matching filter, soonest due
	// first, and the total count ignoring Offset and Limit.
	FindEngagementItems(ctx context.Context, filter EngagementFilter) ([]*EngagementItem, int, error)

	// CreateEngagementItem validates and stores it, schedules its overdue
	// reminder, and creates the plan's daily digest the first time. An item
	// without ReceivedAt was received now; one without Due is due by the
	// plan's reply target counted in its working hours from ReceivedAt
	// (ReplyDue). Returns FieldErrors (EINVALID), ENOTFOUND for the plan,
	// or ECONFLICT (IsDuplicateItem) when the plan has an item from the
	// same Slack message (SourceChannelID and SourceTS) already.
	CreateEngagementItem(ctx context.Context, it *EngagementItem) error

	// SetEngagementMessage records the item's message in the plan's
	// channel, so that its reminder is posted in that thread.
	// Returns ENOTFOUND.
	SetEngagementMessage(ctx context.Context, id int64, channelID, ts string) error

	// MarkReplied closes item id as replied by userID now, which records
	// its reply time, and cancels its reminder. Returns ENOTFOUND, or
	// ECONFLICT when the item is closed already.
	MarkReplied(ctx context.Context, id int64, userID string) (*EngagementItem, error)

	// DismissEngagementItem closes item id without a reply and cancels its
	// reminder. Returns ENOTFOUND or ECONFLICT.
	DismissEngagementItem(ctx context.Context, id int64, userID string) (*EngagementItem, error)

	// ReassignEngagementItem gives open item id to ownerID, who receives
	// its reminder. Returns ENOTFOUND, EINVALID or ECONFLICT.
	ReassignEngagementItem(ctx context.Context, id int64, ownerID string) (*EngagementItem, error)

	// ReplyStats returns the reply times of the plan's items replied to
	// since since, per network, each counted from the follower's message
	// in the plan's working hours (WorkingReplyTime).
	ReplyStats(ctx context.Context, planID int64, since time.Time) ([]NetworkReplyStats, error)

	// SetDigest sets the local time of the plan's daily digest, or turns it
	// off, and returns its reminder. Returns ENOTFOUND or EINVALID.
	SetDigest(ctx context.Context, planID int64, enabled bool, hour, minute int, ownerID string) (*Reminder, error)
}

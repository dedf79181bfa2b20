package plan

import (
	"context"
	"slices"
	"strings"
	"time"
)

// ContentStatus is where a content item stands, from idea to published.
type ContentStatus string

// Content statuses, in the order of an item's life.
const (
	ContentIdea      ContentStatus = "idea"
	ContentDraft     ContentStatus = "draft"
	ContentInReview  ContentStatus = "in_review"
	ContentApproved  ContentStatus = "approved"
	ContentScheduled ContentStatus = "scheduled"
	ContentPublished ContentStatus = "published"
)

// ContentStatuses lists the statuses in the order of an item's life.
var ContentStatuses = []ContentStatus{
	ContentIdea, ContentDraft, ContentInReview, ContentApproved, ContentScheduled, ContentPublished,
}

// Valid reports whether s is a known status.
func (s ContentStatus) Valid() bool { return slices.Contains(ContentStatuses, s) }

// ReviewOnly reports whether only the review flow may move an item into s:
// "in review" by a review request, "approved" by a reviewer's decision.
func (s ContentStatus) ReviewOnly() bool { return s == ContentInReview || s == ContentApproved }

// ContentFormat is the shape of a post.
type ContentFormat string

// Content formats.
const (
	FormatText       ContentFormat = "text"
	FormatImage      ContentFormat = "image"
	FormatCarousel   ContentFormat = "carousel"
	FormatVideo      ContentFormat = "video"
	FormatShortVideo ContentFormat = "short_video"
	FormatStory      ContentFormat = "story"
	FormatLive       ContentFormat = "live"
	FormatArticle    ContentFormat = "article"
	FormatOther      ContentFormat = "other"
)

// ContentFormats lists the formats in the order they are offered to users.
var ContentFormats = []ContentFormat{
	FormatText, FormatImage, FormatCarousel, FormatVideo, FormatShortVideo,
	FormatStory, FormatLive, FormatArticle, FormatOther,
}

// Valid reports whether f is a known format.
func (f ContentFormat) Valid() bool { return slices.Contains(ContentFormats, f) }

// Content item field limits. The copy fits one Slack text block.
const (
	MaxContentTitleLen   = 150
	MaxContentCopyLen    = 2500
	MaxContentLinkLen    = 1500
	MaxReviewCommentLen  = 1000
	MaxContentItemsShown = 1000 // what a list or a status counts before it says "more"
)

// ReviewDecision is a reviewer's answer to a review request.
type ReviewDecision string

// Review decisions.
const (
	ReviewApproved         ReviewDecision = "approved"
	ReviewChangesRequested ReviewDecision = "changes_requested"
)

// Review is the last review request of a content item and its decision.
type Review struct {
	ChannelID   string // the Slack channel and message of the request,
	MessageTS   string // updated in place when a decision is made
	RequestedBy string
	RequestedAt time.Time
	Decision    ReviewDecision // "" while the request waits
	DecidedBy   string
	DecidedAt   time.Time
	Comment     string // what to change, with ReviewChangesRequested
}

// ContentItem is one post of the tactical content plan (step 3): the actual
// copy for a network, in a format, aimed at a persona, under a pillar,
// carrying a call to action, to publish at a date and time.
type ContentItem struct {
	ID      int64
	PlanID  int64
	Title   string // a working title shown in lists
	Network Network
	Format  ContentFormat
	Copy    string // the actual text of the post
	Link    string // an image or link URL
	// PostLink is the address of the published post, which imported
	// results are matched on (issue 16); "" until it is published.
	PostLink   string
	PersonaID  int64 // 0: none
	PillarID   int64 // 0: none
	CTAID      int64 // 0: none
	PublishAt  time.Time
	OwnerID    string // Slack user ID of whoever prepares it
	ReviewerID string // Slack user ID of whoever reviews it; "" for anyone allowed
	Status     ContentStatus
	Review     Review
	CreatedBy  string
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Normalize trims the text fields of c.
func (c *ContentItem) Normalize() {
	c.Title = strings.TrimSpace(c.Title)
	c.Copy = strings.TrimSpace(c.Copy)
	c.Link = strings.TrimSpace(c.Link)
	c.PostLink = strings.TrimSpace(c.PostLink)
}

// Validate returns FieldErrors for every field of c that is not valid.
// That its persona, pillar and call to action belong to the plan is checked
// by storage.
func (c *ContentItem) Validate() error {
	var fe FieldErrors
	switch n := len([]rune(c.Title)); {
	case n == 0:
		fe = append(fe, Invalid("title", "content.title.required", "give the item a working title"))
	case n > MaxContentTitleLen:
		fe = append(fe, Invalid("title", "content.title.too_long", "the title is too long"))
	}
	if !c.Network.Valid() {
		fe = append(fe, Invalid("network", "content.network.invalid", "choose a network"))
	}
	if !c.Format.Valid() {
		fe = append(fe, Invalid("format", "content.format.invalid", "choose a format"))
	}
	if len([]rune(c.Copy)) > MaxContentCopyLen {
		fe = append(fe, Invalid("copy", "content.copy.too_long", "the copy is too long"))
	}
	if c.Link != "" && (len(c.Link) > MaxContentLinkLen || !ValidURL(c.Link, "http", "https")) {
		fe = append(fe, Invalid("link", "content.link.invalid", "the link must be a web address starting with https://"))
	}
	if c.PostLink != "" && (len(c.PostLink) > MaxContentLinkLen || !ValidURL(c.PostLink, "http", "https")) {
		fe = append(fe, Invalid("post_link", "content.post_link.invalid", "the post's link must be a web address starting with https://"))
	}
	if c.PersonaID < 0 || c.PillarID < 0 || c.CTAID < 0 {
		fe = append(fe, Invalid("persona", "content.ref.invalid", "choose from the list"))
	}
	switch {
	case !c.Status.Valid():
		fe = append(fe, Invalid("status", "content.status.invalid", "choose a status"))
	case c.PublishAt.IsZero() && (c.Status == ContentScheduled || c.Status == ContentPublished):
		fe = append(fe, Invalid("publish_date", "content.publish_at.required", "a scheduled or published item needs a date and time"))
	}
	return fe.Err()
}

// ValidateStatusChange returns a field error when c's status moved from
// stored (empty for a new item) into a status only the review flow sets.
func (c *ContentItem) ValidateStatusChange(stored ContentStatus) error {
	if c.Status != stored && c.Status.ReviewOnly() {
		return FieldErrors{Invalid("status", "content.status.review_only", "use Request review: a reviewer approves the item")}
	}
	return nil
}

// Late reports whether c is past its publication time and not published.
func (c *ContentItem) Late(now time.Time) bool {
	return !c.PublishAt.IsZero() && c.PublishAt.Before(now) && c.Status != ContentPublished
}

// StartReview moves c into review, recording the request that userID
// posted as message ts in channelID. Returns ECONFLICT when c is already in
// review or published.
func (c *ContentItem) StartReview(userID, channelID, ts string, now time.Time) error {
	switch c.Status {
	case ContentInReview:
		return &Error{Code: ECONFLICT, Key: "content.review.already", Message: "the item is already in review"}
	case ContentPublished:
		return &Error{Code: ECONFLICT, Key: "content.review.published", Message: "the item is published"}
	}
	c.Status = ContentInReview
	c.Review = Review{ChannelID: channelID, MessageTS: ts, RequestedBy: userID, RequestedAt: now}
	return nil
}

// MayReview returns nil when userID may decide on c's review in plan p: the
// named reviewer or an owner; when c names no reviewer, an owner of a plan
// with owners, or anyone in an open plan. Returns EFORBIDDEN.
func (c *ContentItem) MayReview(p *Plan, userID string) error {
	switch {
	case userID == "":
	case c.ReviewerID == userID || p.IsOwner(userID):
		return nil
	case c.ReviewerID == "" && len(p.Owners) == 0:
		return nil
	}
	return &Error{Code: EFORBIDDEN, Key: "forbidden.review", Message: "only the reviewer or the plan owners may decide"}
}

// Decide records userID's decision on c's pending review: approved, or
// changes requested with a comment, which sends c back to draft. Returns
// ECONFLICT when c is not in review, EFORBIDDEN (see MayReview), or a field
// error on "comment".
func (c *ContentItem) Decide(p *Plan, userID string, approve bool, comment string, now time.Time) error {
	if c.Status != ContentInReview {
		return &Error{Code: ECONFLICT, Key: "content.review.not_pending", Message: "the item is not waiting for a review"}
	}
	if err := c.MayReview(p, userID); err != nil {
		return err
	}
	comment = strings.TrimSpace(comment)
	switch n := len([]rune(comment)); {
	case !approve && n == 0:
		return FieldErrors{Invalid("comment", "content.review.comment.required", "say what to change")}
	case n > MaxReviewCommentLen:
		return FieldErrors{Invalid("comment", "content.review.comment.too_long", "the comment is too long")}
	}
	c.Status, c.Review.Decision = ContentApproved, ReviewApproved
	if !approve {
		c.Status, c.Review.Decision = ContentDraft, ReviewChangesRequested
	}
	c.Review.DecidedBy, c.Review.DecidedAt, c.Review.Comment = userID, now, comment
	return nil
}

// ContentItemUpdate holds the fields of a content item to change; nil
// fields are kept. The review is changed only through the review methods.
type ContentItemUpdate struct {
	Title      *string
	Network    *Network
	Format     *ContentFormat
	Copy       *string
	Link       *string
	PostLink   *string
	PersonaID  *int64
	PillarID   *int64
	CTAID      *int64
	PublishAt  *time.Time
	OwnerID    *string
	ReviewerID *string
	Status     *ContentStatus
}

// Apply copies the set fields of upd into c.
func (upd ContentItemUpdate) Apply(c *ContentItem) {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	set(&c.Title, upd.Title)
	set(&c.Copy, upd.Copy)
	set(&c.Link, upd.Link)
	set(&c.PostLink, upd.PostLink)
	set(&c.OwnerID, upd.OwnerID)
	set(&c.ReviewerID, upd.ReviewerID)
	if upd.Network != nil {
		c.Network = *upd.Network
	}
	if upd.Format != nil {
		c.Format = *upd.Format
	}
	if upd.PersonaID != nil {
		c.PersonaID = *upd.PersonaID
	}
	if upd.PillarID != nil {
		c.PillarID = *upd.PillarID
	}
	if upd.CTAID != nil {
		c.CTAID = *upd.CTAID
	}
	if upd.PublishAt != nil {
		c.PublishAt = *upd.PublishAt
	}
	if upd.Status != nil {
		c.Status = *upd.Status
	}
}

// ContentFilter selects content items. Zero fields match everything.
type ContentFilter struct {
	ID       *int64
	PlanID   *int64
	Statuses []ContentStatus // any of them
	// From and To bound PublishAt to [From, To) when set; items without a
	// date are left out then.
	From, To time.Time
	// LateAt selects the items late at that instant (see ContentItem.Late).
	LateAt     time.Time
	OwnerID    string
	ReviewerID string
	Offset     int
	Limit      int
}

// ContentService manages the content plan's items and their reviews.
// Implemented by storage.ContentService. Everyone in the channel may add
// and change items; review decisions follow ContentItem.MayReview for the
// user in ctx (NewContextWithUser).
type ContentService interface {
	// FindContentItemByID returns the item with id. Returns ENOTFOUND.
	FindContentItemByID(ctx context.Context, id int64) (*ContentItem, error)

	// FindContentItems returns the items matching filter by publication
	// time, undated ones last, and the total count of matches ignoring
	// Offset and Limit.
	FindContentItems(ctx context.Context, filter ContentFilter) ([]*ContentItem, int, error)

	// CreateContentItem normalizes, validates and stores c, setting its ID
	// and timestamps; an empty status is ContentIdea. Returns FieldErrors
	// (EINVALID) or ENOTFOUND for the plan.
	CreateContentItem(ctx context.Context, c *ContentItem) error

	// UpdateContentItem applies upd to the item with id, validates and
	// stores it. Returns ENOTFOUND or FieldErrors (EINVALID).
	UpdateContentItem(ctx context.Context, id int64, upd ContentItemUpdate) (*ContentItem, error)

	// DeleteContentItem removes the item with id. Returns ENOTFOUND.
	DeleteContentItem(ctx context.Context, id int64) error

	// RequestReview moves the item with id into review on behalf of the
	// user in ctx, recording the Slack message that asks for it. Returns
	// ENOTFOUND or ECONFLICT (see ContentItem.StartReview).
	RequestReview(ctx context.Context, id int64, channelID, messageTS string) (*ContentItem, error)

	// DecideReview records the decision of the user in ctx on the item's
	// pending review. Returns ENOTFOUND, ECONFLICT, EFORBIDDEN or
	// FieldErrors (EINVALID) for the comment (see ContentItem.Decide).
	DecideReview(ctx context.Context, id int64, approve bool, comment string) (*ContentItem, error)
}

package plan

import (
	"context"
	"time"
)

// OutboxState is where a message owed to Slack stands.
type OutboxState string

// Outbox states.
const (
	// OutboxPending: not known to be posted. Its holder posts it; once its
	// lease ends any process may take it over, look for its key in the
	// channel's history, and post it if it is not there.
	OutboxPending OutboxState = "pending"
	// OutboxSent: posted; MessageTS says where.
	OutboxSent OutboxState = "sent"
	// OutboxFailed: Slack refused it (the bot is not in the channel, the
	// channel is archived...) or it was tried MaxAttempts times; the user
	// was told.
	OutboxFailed OutboxState = "failed"
)

// OutboxPost is a message the bot owes a channel, kept in storage from
// the moment a decision is acked until the message is in Slack, so that a
// process killed in between does not lose it. A decision note is one.
type OutboxPost struct {
	ID int64
	// Key is the post's delivery key, unique: it goes in the message's
	// metadata so that a retry finds a post that did reach Slack.
	Key       string
	PlanID    int64 // 0 when the post is about no plan
	ChannelID string
	ThreadTS  string
	Text      string // notification fallback
	Blocks    string // Block Kit JSON, as the bot rendered it
	// UserID is who is told when the post cannot be delivered, in Lang.
	UserID     string
	Lang       string
	State      OutboxState
	Attempts   int       // times it was handed to a poster
	ClaimedBy  string    // the process holding it
	LeaseUntil time.Time // when another process may take it over
	MessageTS  string
	Reason     string
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// OutboxService keeps the messages the bot owes Slack. Implemented by
// storage.OutboxService; the bot calls it.
type OutboxService interface {
	// AddPost stores p as pending, held by owner until leaseUntil, and
	// sets its ID. Returns ECONFLICT when its key exists.
	AddPost(ctx context.Context, p *OutboxPost, owner string, leaseUntil time.Time) error

	// ClaimPosts takes over up to limit pending posts whose lease ended at
	// now, for owner until leaseUntil. A post handed out maxAttempts times
	// is marked failed instead and returned in failed, so its user can be
	// told.
	ClaimPosts(ctx context.Context, owner string, now, leaseUntil time.Time, limit, maxAttempts int) (taken, failed []*OutboxPost, err error)

	// RetryPost hands post id back, pending, to be taken over at at.
	// Returns ECONFLICT when owner no longer holds it.
	RetryPost(ctx context.Context, id int64, owner, reason string, at time.Time) error

	// FinishPost records that post id was sent (with its ts) or failed.
	// Returns ECONFLICT when owner no longer holds it.
	FinishPost(ctx context.Context, id int64, owner string, state OutboxState, messageTS, reason string) error
}

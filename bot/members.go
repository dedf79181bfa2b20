package bot

import (
	"context"
	"slices"
	"sync"
	"time"
)

// Membership. A plan lives in a channel and belongs to its members: Home
// shows a plan's name, steps and buttons, and opens its modals, only to
// members of its channel, as Slack says (users.conversations), so that a
// user named reviewer or owner of one item in a channel they are not in
// never sees that channel's plan; a private channel's goals stay in it.
// The channels of each user are cached for MemberTTL.

// memberCache caches the channels each user is in.
type memberCache struct {
	fetch func(ctx context.Context, userID string) ([]string, error)
	ttl   time.Duration
	now   func() time.Time

	mu      sync.Mutex
	entries map[string]memberEntry
}

type memberEntry struct {
	channels []string
	fetched  time.Time
}

func newMemberCache(fetch func(ctx context.Context, userID string) ([]string, error), ttl time.Duration, now func() time.Time) *memberCache {
	return &memberCache{fetch: fetch, ttl: ttl, now: now, entries: map[string]memberEntry{}}
}

// channels returns the channels userID is in. A failed fetch falls back
// on a stale answer younger than ten times the TTL; without one, ok is
// false and the caller must not show a plan.
func (c *memberCache) channels(ctx context.Context, userID string) ([]string, bool) {
	c.mu.Lock()
	e, hit := c.entries[userID]
	c.mu.Unlock()
	age := c.now().Sub(e.fetched)
	if hit && age >= 0 && age < c.ttl {
		return e.channels, true
	}
	chans, err := c.fetch(ctx, userID)
	if err != nil {
		if hit && age < 10*c.ttl {
			return e.channels, true
		}
		return nil, false
	}
	c.mu.Lock()
	c.entries[userID] = memberEntry{channels: chans, fetched: c.now()}
	if len(c.entries) > 10_000 {
		for u, e := range c.entries {
			if c.now().Sub(e.fetched) > c.ttl {
				delete(c.entries, u)
			}
		}
	}
	c.mu.Unlock()
	return chans, true
}

// forget drops userID's cached channels, so the next check asks Slack.
func (c *memberCache) forget(userID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.entries, userID)
}

// memberOf reports whether userID is a member of channelID, as Slack
// says, and whether Slack could say. A miss is asked again once, fresh,
// in case the user joined within the TTL.
func (b *Bot) memberOf(ctx context.Context, channelID, userID string) (member, known bool) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	chans, ok := b.members.channels(ctx, userID)
	if !ok {
		b.Logger.Warn("membership unknown: users.conversations failed", "user_id", userID, "channel_id", channelID)
		return false, false
	}
	if slices.Contains(chans, channelID) {
		return true, true
	}
	b.members.forget(userID)
	chans, ok = b.members.channels(ctx, userID)
	return ok && slices.Contains(chans, channelID), ok
}

// requireMember tells userID why a plan of channelID does not open when
// they are not a member of it (or Slack could not say), and reports
// whether they are.
func (b *Bot) requireMember(ctx context.Context, channelID, userID string, lang Lang) bool {
	member, known := b.memberOf(ctx, channelID, userID)
	switch {
	case member:
		return true
	case !known:
		b.ephemeral(ctx, userID, userID, lang.T("delivery.member_check", channelID))
	default:
		b.Logger.Info("plan not shown to a non-member", "channel_id", channelID, "user_id", userID)
		b.ephemeral(ctx, userID, userID, lang.T("delivery.not_member", channelID))
	}
	return false
}

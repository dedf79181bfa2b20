package bot

import (
	"context"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// userInfo is what the bot needs to know of a Slack user.
type userInfo struct {
	Lang     Lang
	LangKnow bool   // false when the locale was missing or unknown
	TZ       string // IANA zone, "" when unknown
	// Numbers is how the user writes numbers, from their Slack locale:
	// neutral when it is unknown, which refuses what could be read two
	// ways (see plan.ParseNumberLocale).
	Numbers plan.NumberLocale
}

// userCache caches users.info answers, so a user's locale costs one Web
// API call an hour rather than one per click. It holds at most max users:
// when full, the expired entries go, then the oldest.
//
// Each process has its own, and that is safe with several processes on
// one database: what it holds is Slack's (the user's locale and zone),
// never a decision stored in the database, and every process refetches it
// within ttl of a change in Slack.
type userCache struct {
	fetch func(ctx context.Context, id string) (*slack.User, error) // users.info
	ttl   time.Duration
	max   int
	now   func() time.Time

	mu      sync.Mutex
	entries map[string]userEntry
}

type userEntry struct {
	info    userInfo
	fetched time.Time
}

// maxCachedUsers bounds the user cache: a few MiB at most.
const maxCachedUsers = 10_000

func newUserCache(fetch func(ctx context.Context, id string) (*slack.User, error), ttl time.Duration, max int, now func() time.Time) *userCache {
	return &userCache{fetch: fetch, ttl: ttl, max: max, now: now, entries: map[string]userEntry{}}
}

// get returns the cached info of id, fetching it when missing or stale.
// A failed fetch returns ok=false and is not cached, so the next call
// tries again.
func (c *userCache) get(ctx context.Context, id string) (userInfo, bool) {
	c.mu.Lock()
	e, hit := c.entries[id]
	c.mu.Unlock()
	if hit && c.now().Sub(e.fetched) < c.ttl {
		return e.info, true
	}
	u, err := c.fetch(ctx, id)
	if err != nil {
		if hit { // a stale answer beats none
			return e.info, true
		}
		return userInfo{}, false
	}
	lang, known := ParseLang(u.Locale)
	info := userInfo{Lang: lang, LangKnow: known, TZ: u.TZ, Numbers: plan.NumberLocaleOf(u.Locale)}
	c.put(id, info)
	return info, true
}

// put caches info for id, making room first when the cache is full.
func (c *userCache) put(id string, info userInfo) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	if _, ok := c.entries[id]; !ok && len(c.entries) >= c.max {
		var oldest string
		for k, e := range c.entries {
			if now.Sub(e.fetched) >= c.ttl {
				delete(c.entries, k)
			} else if oldest == "" || e.fetched.Before(c.entries[oldest].fetched) {
				oldest = k
			}
		}
		if len(c.entries) >= c.max {
			delete(c.entries, oldest)
		}
	}
	c.entries[id] = userEntry{info: info, fetched: now}
}

// len returns how many users are cached.
func (c *userCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}

// user returns the language and zone of a user, falling back to the bot's
// defaults. It waits at most a second: an ack must not wait on users.info.
func (b *Bot) user(ctx context.Context, id string) userInfo {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	info, ok := b.users.get(ctx, id)
	if !ok {
		b.Logger.Warn("users.info failed; using defaults", "user_id", id)
	}
	if !ok || !info.LangKnow {
		info.Lang = b.DefaultLang
	}
	if info.TZ == "" {
		info.TZ = b.DefaultTZ
	}
	return info
}

// userLocks serialize work per user, such as Home publishes. A user's lock
// lives while someone holds it or waits for it, then goes: the map holds
// only the users being served. The zero value is ready to use.
type userLocks struct {
	mu    sync.Mutex
	locks map[string]*userLock
}

type userLock struct {
	mu   sync.Mutex
	refs int // holders and waiters
}

// lock locks user's lock and returns the function that unlocks it.
func (l *userLocks) lock(user string) (unlock func()) {
	l.mu.Lock()
	if l.locks == nil {
		l.locks = map[string]*userLock{}
	}
	e := l.locks[user]
	if e == nil {
		e = &userLock{}
		l.locks[user] = e
	}
	e.refs++
	l.mu.Unlock()

	e.mu.Lock()
	return func() {
		e.mu.Unlock()
		l.mu.Lock()
		defer l.mu.Unlock()
		if e.refs--; e.refs == 0 {
			delete(l.locks, user)
		}
	}
}

// len returns how many users have a lock held or waited for.
func (l *userLocks) len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.locks)
}

// refs returns how many hold or wait for user's lock.
func (l *userLocks) refs(user string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	if e := l.locks[user]; e != nil {
		return e.refs
	}
	return 0
}

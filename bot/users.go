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
// API call an hour rather than one per click.
type userCache struct {
	fetch func(ctx context.Context, id string) (*slack.User, error) // users.info
	ttl   time.Duration
	now   func() time.Time

	mu      sync.Mutex
	entries map[string]userEntry
}

type userEntry struct {
	info    userInfo
	fetched time.Time
}

func newUserCache(fetch func(ctx context.Context, id string) (*slack.User, error), ttl time.Duration, now func() time.Time) *userCache {
	return &userCache{fetch: fetch, ttl: ttl, now: now, entries: map[string]userEntry{}}
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
	c.mu.Lock()
	c.entries[id] = userEntry{info: info, fetched: c.now()}
	c.mu.Unlock()
	return info, true
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

// homeCache remembers the last Home view published to each user, so Home
// is republished only when it changed.
type homeCache struct {
	mu   sync.Mutex
	last map[string]string
}

func newHomeCache() *homeCache { return &homeCache{last: map[string]string{}} }

// changed reports whether view differs from the last one published to
// user. remember records it after a successful publish.
func (c *homeCache) changed(user, view string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.last[user] != view
}

func (c *homeCache) remember(user, view string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.last[user] = view
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

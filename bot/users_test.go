package bot

import (
	"runtime"
	"testing"
	"time"
)

// TestUserLocks checks that a user's lock serializes its holders, that
// other users do not wait, and that no entry stays once nobody holds or
// waits for a lock.
func TestUserLocks(t *testing.T) {
	var l userLocks
	unlockAna := l.lock("UANA")
	l.lock("UCAMI")() // another user does not wait for Ana's lock

	locked := make(chan func())
	go func() { locked <- l.lock("UANA") }()
	for l.refs("UANA") < 2 {
		runtime.Gosched() // until the second caller waits for Ana's lock
	}
	select {
	case <-locked:
		t.Fatal("a second holder got Ana's lock while the first held it")
	default:
	}
	if n := l.len(); n != 1 {
		t.Errorf("%d locks while Ana's is held and waited for, want 1", n)
	}
	unlockAna()
	(<-locked)()
	if n := l.len(); n != 0 {
		t.Errorf("%d locks left once nobody holds one, want 0", n)
	}
}

// TestUserCache_Bounded fills the user cache past its bound: expired
// entries go first, then the oldest, and it never holds more than its
// bound.
func TestUserCache_Bounded(t *testing.T) {
	now := botNow
	c := newUserCache(nil, time.Hour, 3, func() time.Time { return now })
	for _, id := range []string{"U1", "U2", "U3"} {
		c.put(id, userInfo{Lang: EN})
		now = now.Add(time.Minute)
	}
	c.put("U4", userInfo{Lang: FR}) // full: the oldest, U1, goes
	if _, ok := c.entries["U1"]; ok || c.len() != 3 {
		t.Fatalf("after U4: %d entries, U1 kept %v", c.len(), ok)
	}
	now = now.Add(time.Hour) // U2, U3 and U4 expire
	c.put("U5", userInfo{Lang: FR})
	if c.len() != 1 {
		t.Fatalf("after expiry: %d entries, want only U5", c.len())
	}
	c.put("U5", userInfo{Lang: EN}) // an update does not evict
	if c.len() != 1 || c.entries["U5"].info.Lang != EN {
		t.Fatalf("after update: %v", c.entries)
	}
}

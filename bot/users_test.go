package bot

import (
	"runtime"
	"testing"
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

package bot

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"
)

// Effects after the ack. Slack answers a slash command, a click or a
// submission within 3 s and never redelivers it, so a handler acks first;
// what it owes Slack afterwards (a note, a message update, a Home
// publish, an upload) runs in the background, for as long as Slack's rate
// limits require (BackgroundTimeout), holding no handler slot. Run waits
// for these effects at shutdown, within DrainTimeout; decision notes are
// in the outbox as well, so a process killed in the middle loses none.

// background tracks the effects running after the ack.
type background struct {
	wg     sync.WaitGroup
	ctx    context.Context // canceled when the drain at shutdown times out
	cancel context.CancelFunc
	keys   keyQueue // one effect at a time per key (a message, a Home)
}

func (g *background) start() {
	g.ctx, g.cancel = context.WithCancel(context.Background())
}

// drain waits for the effects in the background, at most d; then it
// cancels those left (their calls return Canceled; the outbox keeps the
// notes) and waits for them to return.
func (g *background) drain(d time.Duration, logger *slog.Logger) {
	done := make(chan struct{})
	go func() { g.wg.Wait(); close(done) }()
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-done:
		return
	case <-t.C:
	}
	logger.Warn("shutting down: effects still waiting for Slack are stopped; the outbox keeps the notes", "waited", d.String())
	g.cancel()
	<-done
}

// later runs fn after the ack, in the background, bounded by
// BackgroundTimeout whatever the handler's own deadline. Effects with the
// same key (a message's channel and ts, a user's Home) run one after the
// other, in the order they were asked, so an older version never
// overwrites a newer one.
func (b *Bot) later(key string, fn func(ctx context.Context)) {
	b.bg.wg.Add(1)
	// The place in the key's queue is taken before the goroutine starts,
	// so effects with one key run in the order later was called.
	wait, done := b.bg.keys.join(key)
	go func() {
		defer b.bg.wg.Done()
		defer done()
		<-wait
		defer func() {
			if r := recover(); r != nil {
				b.Logger.Error("background effect panic", "key", key, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			}
		}()
		ctx, cancel := context.WithTimeout(b.bg.ctx, b.BackgroundTimeout)
		defer cancel()
		fn(ctx)
	}()
}

// newToken returns 32 random hex digits: delivery keys, stash tokens.
func newToken() string {
	var buf [16]byte
	_, _ = rand.Read(buf[:]) // crypto/rand.Read never fails
	return hex.EncodeToString(buf[:])
}

// keyQueue runs the effects of each key one after the other, first come
// first served. The zero value is ready to use.
type keyQueue struct {
	mu   sync.Mutex
	tail map[string]chan struct{} // the last effect in each key's line
}

// closed is a channel that never blocks: the wait of a keyless effect.
var closed = func() chan struct{} { c := make(chan struct{}); close(c); return c }()

// join takes a place in key's line: wait is closed when the effect before
// is done, and done must be called when this one is.
func (q *keyQueue) join(key string) (wait <-chan struct{}, done func()) {
	if key == "" {
		return closed, func() {}
	}
	mine := make(chan struct{})
	q.mu.Lock()
	if q.tail == nil {
		q.tail = map[string]chan struct{}{}
	}
	prev, ok := q.tail[key]
	if !ok {
		prev = closed
	}
	q.tail[key] = mine
	q.mu.Unlock()
	return prev, func() {
		q.mu.Lock()
		if q.tail[key] == mine {
			delete(q.tail, key)
		}
		q.mu.Unlock()
		close(mine)
	}
}

// len returns how many keys have effects in line.
func (q *keyQueue) len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.tail)
}

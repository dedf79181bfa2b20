package slackcall

import (
	"context"
	"sync"
	"time"
)

// Pace keeps the pace of posts to each channel: about one a second, as
// Slack allows, and none while a channel waits out a Retry-After. Every
// process that posts as the bot must share one Pace, or two replicas would
// post to a channel twice as fast as Slack allows: storage.ChannelPaceService
// keeps it in the database; MemoryPace is for one process alone.
type Pace interface {
	// Reserve books the next post to channel at the earliest time, at or
	// after earliest, that is interval after the last booking and after any
	// hold. When that time is more than maxWait after earliest it books
	// nothing and returns it with booked false: the caller comes back then.
	Reserve(ctx context.Context, channel string, earliest time.Time, interval, maxWait time.Duration) (at time.Time, booked bool, err error)
	// Hold keeps channel quiet until until, as a Retry-After asks. A hold
	// never shortens a longer one.
	Hold(ctx context.Context, channel string, until time.Time) error
}

// MemoryPace is a Pace for one process. The zero value is ready to use.
type MemoryPace struct {
	mu       sync.Mutex
	channels map[string]paceRow
}

type paceRow struct{ next, held time.Time }

// Reserve implements Pace.
func (p *MemoryPace) Reserve(ctx context.Context, channel string, earliest time.Time, interval, maxWait time.Duration) (time.Time, bool, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.channels == nil {
		p.channels = map[string]paceRow{}
	}
	row := p.channels[channel]
	at := latest(earliest, row.next, row.held)
	if at.Sub(earliest) > maxWait {
		return at, false, nil
	}
	row.next = at.Add(interval)
	p.channels[channel] = row
	if len(p.channels) > 10_000 { // forget channels idle for a while
		for ch, r := range p.channels {
			if latest(r.next, r.held).Before(earliest.Add(-time.Minute)) {
				delete(p.channels, ch)
			}
		}
	}
	return at, true, nil
}

// Hold implements Pace.
func (p *MemoryPace) Hold(ctx context.Context, channel string, until time.Time) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.channels == nil {
		p.channels = map[string]paceRow{}
	}
	row := p.channels[channel]
	if until.After(row.held) {
		row.held = until
	}
	p.channels[channel] = row
	return nil
}

// latest returns the latest of ts.
func latest(ts ...time.Time) time.Time {
	var out time.Time
	for _, t := range ts {
		if t.After(out) {
			out = t
		}
	}
	return out
}

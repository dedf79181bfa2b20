package remind

import (
	"container/heap"
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/planbot/planbot/plan"
)

// dispatch delivers one window: each plan's reminders in order, one at a
// time, up to Workers deliveries at once across plans. A plan whose
// channel must wait (the Pacer says so) waits in a queue ordered by when
// its channel frees up, holding no worker: the workers go to plans that
// can post now. Without a Pacer every plan counts as ready, and the
// notifier's own pacing, if any, waits inside a worker.
type dispatch struct {
	s           *Scheduler
	now         time.Time
	unreachable *planSet
	pacer       Pacer
	plans       map[int64]*planQueue
	ready       planHeap // plans with work that no worker holds
	delivered   atomic.Int64
	scan        int // number of the current pass over ready
}

// job is one reminder of a plan to deliver: claimed when d is set.
type job struct {
	r       *plan.Reminder
	d       *plan.Delivery
	retries int // in-tick retries after Retry-After
}

// planQueue is the work of one plan in a window.
type planQueue struct {
	id    int64
	jobs  []*job
	seq   int       // order of first appearance: ties go to the older plan
	at    time.Time // when its channel is expected to be free; orders ready
	wait  time.Duration
	scan  int // the pass of dispatch.run that last asked the Pacer
	index int // in ready
}

func (s *Scheduler) newDispatch(now time.Time, unreachable *planSet) *dispatch {
	q := &dispatch{s: s, now: now, unreachable: unreachable, plans: map[int64]*planQueue{}}
	q.pacer, _ = s.Notifier.(Pacer)
	return q
}

// lease is the end of a claim made now: Lease after the later of the
// tick's time and the clock, so a claim made late in a long tick gets its
// full lease.
func (q *dispatch) lease() time.Time {
	t := q.now
	if c := q.s.now(); c.After(t) {
		t = c
	}
	return t.Add(q.s.Lease)
}

// add queues r for its plan, claimed already when d is not nil.
func (q *dispatch) add(r *plan.Reminder, d *plan.Delivery) {
	p, ok := q.plans[r.PlanID]
	if !ok {
		p = &planQueue{id: r.PlanID, seq: len(q.plans)}
		q.plans[r.PlanID] = p
		heap.Push(&q.ready, p)
	}
	p.jobs = append(p.jobs, &job{r: r, d: d})
}

// delay is how long p's next reminder must wait for its channel.
func (q *dispatch) delay(p *planQueue) time.Duration {
	if q.pacer == nil || len(p.jobs) == 0 {
		return 0
	}
	return q.pacer.PostDelay(p.jobs[0].r.ChannelID)
}

// run delivers everything queued and returns the number of deliveries
// made. When ctx is done it starts no more, waits for those under way,
// and leaves the rest unclaimed (or claimed, for a later tick).
func (q *dispatch) run(ctx context.Context) int {
	s := q.s
	done := make(chan *planQueue)
	inFlight := 0
	for {
		// Start a delivery for every plan that can post now, while workers
		// are free. Each plan asks the Pacer at most once a pass: the first
		// one asked twice has the earliest channel, and its wait is the
		// pass's.
		q.scan++
		stopping := ctx.Err() != nil
		var wait time.Duration
		for !stopping && inFlight < s.Workers && q.ready.Len() > 0 {
			p := q.ready[0]
			if p.scan == q.scan {
				wait = p.wait
				break
			}
			if d := q.delay(p); d > s.RetryInTick {
				// A long Retry-After: the plan waits for a later tick,
				// rather than keep this one from ending.
				heap.Pop(&q.ready)
				q.putBack(ctx, p, d)
				continue
			} else if d > 0 {
				p.scan, p.wait, p.at = q.scan, d, time.Now().Add(d)
				heap.Fix(&q.ready, 0)
				continue
			}
			heap.Pop(&q.ready)
			inFlight++
			go func() {
				q.step(ctx, p)
				done <- p
			}()
		}
		if inFlight == 0 && (q.ready.Len() == 0 || stopping) {
			q.release(ctx)
			return int(q.delivered.Load())
		}
		var timer <-chan time.Time
		if wait > 0 && inFlight < s.Workers {
			timer = s.After(wait)
		}
		var ctxDone <-chan struct{}
		if !stopping {
			ctxDone = ctx.Done() // once stopping, only wait for the deliveries under way
		}
		select {
		case p := <-done:
			inFlight--
			if len(p.jobs) > 0 {
				p.at, p.scan = time.Now(), 0
				heap.Push(&q.ready, p)
			}
		case <-timer:
		case <-ctxDone:
		}
	}
}

// putBack leaves plan p to a later tick: its channel must wait d. What it
// has claimed goes back to storage until then; the rest stays unclaimed.
func (q *dispatch) putBack(ctx context.Context, p *planQueue, d time.Duration) {
	for _, j := range p.jobs {
		if j.d != nil {
			q.s.wait(ctx, j.d, "channel waits for Retry-After", d)
		}
	}
	q.s.Logger.Info("plan's channel waits; its reminders wait for a later tick", "plan_id", p.id, "wait", d.String(), "reminders", len(p.jobs))
	p.jobs = nil
}

// release hands back, for any scheduler to send at once, the claimed
// deliveries still queued when ctx ended: waiting for a Retry-After, or
// taken over from storage and not sent yet. Certainly not posted, they
// need not wait for their lease.
func (q *dispatch) release(ctx context.Context) {
	ctx = context.WithoutCancel(ctx)
	for _, p := range q.ready {
		for _, j := range p.jobs {
			if j.d != nil {
				q.s.wait(ctx, j.d, "scheduler stopped", 0)
			}
		}
	}
	q.ready = nil
}

// step makes the next delivery of plan p, and takes it off p's queue
// unless it is to be sent again in this tick, after Retry-After.
func (q *dispatch) step(ctx context.Context, p *planQueue) {
	s := q.s
	if q.unreachable.has(p.id) {
		// Found unreachable in this tick: what is claimed waits with the
		// plan's mark, what is not stays unclaimed.
		for _, j := range p.jobs {
			if j.d != nil {
				s.deliver(ctx, j.r, j.d, q.unreachable, false)
				q.delivered.Add(1)
			}
		}
		p.jobs = nil
		return
	}
	j := p.jobs[0]
	if j.d == nil {
		d, ok, err := s.Reminders.ClaimDelivery(ctx, j.r.ID, s.ID, q.now, q.lease())
		if err != nil {
			s.Logger.Error("claim reminder", "reminder_id", j.r.ID, "error", err)
		}
		if err != nil || !ok { // !ok: claimed by another scheduler, or no longer due
			p.jobs = p.jobs[1:]
			return
		}
		j.d = d
	}
	// A Retry-After is waited for here, in the plan's queue, only when the
	// Pacer keeps the channel waiting meanwhile.
	again := s.deliver(ctx, j.r, j.d, q.unreachable, q.pacer != nil && j.retries < s.MaxAttempts)
	q.delivered.Add(1)
	if again {
		j.retries++
		return
	}
	p.jobs = p.jobs[1:]
}

// planHeap orders plans by when their channel frees up, then by age.
type planHeap []*planQueue

func (h planHeap) Len() int { return len(h) }
func (h planHeap) Less(i, j int) bool {
	if !h[i].at.Equal(h[j].at) {
		return h[i].at.Before(h[j].at)
	}
	return h[i].seq < h[j].seq
}
func (h planHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index, h[j].index = i, j
}
func (h *planHeap) Push(x any) {
	p := x.(*planQueue)
	p.index = len(*h)
	*h = append(*h, p)
}
func (h *planHeap) Pop() any {
	old := *h
	p := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return p
}

// planSet is a set of plan IDs shared by the workers of a tick.
type planSet struct {
	mu  sync.Mutex
	ids map[int64]bool
}

func (p *planSet) has(id int64) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.ids[id]
}

func (p *planSet) add(id int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ids == nil {
		p.ids = map[int64]bool{}
	}
	p.ids[id] = true
}

package remind

import (
	"context"
	"errors"
	"time"

	"github.com/planbot/planbot/plan"
)

// backoff is the wait before retry n+1 of a delivery that failed on our
// side: 30 s, 1 min, 2 min... at most 30 min.
func backoff(attempts int) time.Duration {
	d := 30 * time.Second
	for i := 1; i < attempts && d < 30*time.Minute; i++ {
		d *= 2
	}
	return min(d, 30*time.Minute)
}

// reason is err in a few words, for logs and storage.
func reason(err error) string {
	if de, ok := asDeliveryError(err); ok {
		return de.Reason
	}
	s := err.Error()
	if len(s) > 200 {
		s = s[:200]
	}
	return s
}

// attemptLog is the plan.AttemptLog of one delivery: it makes each state change
// durable and remembers whether a request that may have posted is out.
type attemptLog struct {
	s         *Scheduler
	d         *plan.Delivery
	inFlight  bool // a request that may have posted has no answer recorded
	takenOver bool // another scheduler holds the delivery now
}

// Posting implements plan.AttemptLog.
func (a *attemptLog) Posting(ctx context.Context) error {
	err := a.s.Reminders.MarkPosting(ctx, a.d.ID, a.s.ID, a.s.now().Add(a.s.Lease))
	if err != nil {
		if plan.ErrorCode(err) == plan.ECONFLICT {
			a.takenOver = true
		}
		return err
	}
	a.inFlight, a.d.State = true, plan.DeliverySending
	return nil
}

// NotPosted implements plan.AttemptLog.
func (a *attemptLog) NotPosted(ctx context.Context) error {
	a.inFlight, a.d.State = false, plan.DeliveryClaimed
	return a.s.Reminders.MarkNotPosted(ctx, a.d.ID, a.s.ID, a.s.now().Add(a.s.Lease))
}

// asDeliveryError returns err as a *plan.DeliveryError, if it is one.
func asDeliveryError(err error) (*plan.DeliveryError, bool) {
	var de *plan.DeliveryError
	ok := errors.As(err, &de)
	return de, ok
}

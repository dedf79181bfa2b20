package bot

import (
	"context"
	"time"

	"github.com/planbot/planbot/plan"
)

// CheckInStore stores goal check-ins and their schedule, and what the asks
// need: the state of each goal and a claim that makes an ask go out once.
// Implemented by storage.CheckInService.
type CheckInStore interface {
	plan.CheckInService
	// CheckInStates returns the ask rules' view of each goal of the plan,
	// and the plan's schedule.
	CheckInStates(ctx context.Context, planID int64) ([]plan.CheckInState, plan.CheckInSchedule, error)
	// ClaimCheckInAsk reports whether this call claimed the ask of goalID
	// for the occurrence slot: false when it went out already.
	ClaimCheckInAsk(ctx context.Context, goalID int64, slot time.Time) (bool, error)
}

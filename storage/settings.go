package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/planbot/planbot/plan"
)

// The settings of a plan besides its row's plain columns: its working
// hours, the schedule of its measurement reviews, and the plan each user
// last worked in.

// RecordPlanVisit records that userID worked in the plan planID of teamID:
// the plan a message shortcut offers them first. Every command records its
// plan, so the visit is read first, on the read pool, and written only when
// it changes: most commands take no write lock for it.
func (s *PlanService) RecordPlanVisit(ctx context.Context, teamID, userID string, planID int64) error {
	if last, err := s.LastPlanVisited(ctx, teamID, userID); err == nil && last == planID {
		return nil
	} else if err != nil && plan.ErrorCode(err) != plan.ENOTFOUND {
		return err
	}
	return inWriteTx(ctx, s.db, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO plan_visits (team_id, user_id, plan_id, visited_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (team_id, user_id) DO UPDATE SET plan_id = excluded.plan_id, visited_at = excluded.visited_at`,
			teamID, userID, planID, utcTime(tx.now)); err != nil {
			return fmt.Errorf("record plan visit: %w", err)
		}
		return nil
	})
}

// LastPlanVisited returns the plan of teamID that userID last worked in.
// Returns ENOTFOUND when none.
func (s *PlanService) LastPlanVisited(ctx context.Context, teamID, userID string) (int64, error) {
	tx, err := s.db.BeginTx(ctx, readOnly)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	var id int64
	err = tx.QueryRowContext(ctx, `SELECT plan_id FROM plan_visits WHERE team_id = ? AND user_id = ?`, teamID, userID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, plan.Errorf(plan.ENOTFOUND, "no plan visited")
	} else if err != nil {
		return 0, fmt.Errorf("find plan visit: %w", err)
	}
	return id, nil
}

// setReviewSchedule sets the measurement reviews of plan p to sched in the
// plan's zone, on behalf of userID, whom the reminder names, or turns them
// off, and returns the reminder: nil when reviews were never on. The
// caller has checked that the user may change the plan's settings.
func setReviewSchedule(ctx context.Context, tx *Tx, p *plan.Plan, sched plan.ReviewSchedule, userID string) (*plan.Reminder, error) {
	if err := sched.Validate(); err != nil {
		return nil, err
	}
	if !sched.Enabled() {
		if err := cancelReminder(ctx, tx, p.ID, plan.ReminderMeasurementReview, p.ID); err != nil {
			return nil, err
		}
		r, err := findReminderBySubject(ctx, tx, p.ID, plan.ReminderMeasurementReview, p.ID)
		if plan.ErrorCode(err) == plan.ENOTFOUND {
			return nil, nil
		}
		return r, err
	}
	return scheduleReminder(ctx, tx, reminderSpec{
		PlanID: p.ID, Kind: plan.ReminderMeasurementReview, SubjectID: p.ID,
		Rule: sched.Rule(p.TimeZone), ChannelID: p.ChannelID, OwnerID: userID,
	})
}

// readHours returns working hours as read from a plan's columns: without
// working days nor holidays, the zero value (always working), whatever
// span the columns hold.
func readHours(w plan.WorkingHours) plan.WorkingHours {
	if w.IsZero() {
		return plan.WorkingHours{}
	}
	return w
}

// dates is a list of calendar dates stored as '2026-12-25,2027-01-01'.
type dates []time.Time

// Value implements driver.Valuer.
func (ds dates) Value() (driver.Value, error) {
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = d.Format(dateLayout)
	}
	return strings.Join(parts, ","), nil
}

// Scan implements sql.Scanner.
func (ds *dates) Scan(v any) error {
	s, err := scanText(v)
	if err != nil {
		return err
	}
	*ds = nil
	if s == "" {
		return nil
	}
	for _, p := range strings.Split(s, ",") {
		d, err := time.Parse(dateLayout, p)
		if err != nil {
			return fmt.Errorf("scan dates: %w", err)
		}
		*ds = append(*ds, d)
	}
	return nil
}

// minutes scans an INTEGER count of minutes into a time.Duration.
type minutes time.Duration

// Scan implements sql.Scanner.
func (m *minutes) Scan(src any) error {
	n, ok := src.(int64)
	if !ok {
		return fmt.Errorf("scan minutes: unexpected %T", src)
	}
	*m = minutes(time.Duration(n) * time.Minute)
	return nil
}

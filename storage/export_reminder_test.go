package storage

import (
	"context"

	"github.com/planbot/planbot/plan"
)

// ScheduleReminder lets the tests of package storage_test create a
// reminder of any rule, as a subject's service would in its transaction.
func ScheduleReminder(ctx context.Context, db *DB, r plan.Reminder) (*plan.Reminder, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	out, err := scheduleReminder(ctx, tx, reminderSpec{
		PlanID: r.PlanID, Kind: r.Kind, SubjectID: r.SubjectID, Rule: r.Rule,
		ChannelID: r.ChannelID, ThreadTS: r.ThreadTS, OwnerID: r.OwnerID,
	})
	if err != nil {
		return nil, err
	}
	return out, tx.Commit()
}

// RezoneReminders lets tests call rezoneReminders in its own transaction.
func RezoneReminders(ctx context.Context, db *DB, planID int64, tz string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := rezoneReminders(ctx, tx, planID, tz); err != nil {
		return err
	}
	return tx.Commit()
}

package storage

import (
	"context"
	"fmt"

	"github.com/planbot/planbot/plan"
)

// Ensure MetricService implements plan.MetricService.
var _ plan.MetricService = (*MetricService)(nil)

// MetricService stores the metrics, observations and measurement review
// schedule of plans (step 8) in the database. It implements plan.MetricService.
type MetricService struct {
	db *DB
}

// NewMetricService returns a MetricService on db.
func NewMetricService(db *DB) *MetricService {
	return &MetricService{db: db}
}

// FindMetrics returns the metrics stored for a plan, by name.
func (s *MetricService) FindMetrics(ctx context.Context, planID int64) ([]*plan.Metric, error) {
	tx, err := s.db.BeginTx(ctx, readOnly)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findMetrics(ctx, tx, planID)
}

// CreateMetric normalizes, validates and stores m. Returns ENOTFOUND for
// the plan or FieldErrors (EINVALID); m keeps ID 0 on any error.
func (s *MetricService) CreateMetric(ctx context.Context, m *plan.Metric) error {
	return inWriteTx(ctx, s.db, func(tx *Tx) error {
		created := *m
		if err := createMetric(ctx, tx, &created); err != nil {
			return err
		}
		*m = created
		return nil
	})
}

// DeleteMetric removes the metric with id; its observations stay.
// Returns ENOTFOUND.
func (s *MetricService) DeleteMetric(ctx context.Context, id int64) error {
	return inWriteTx(ctx, s.db, func(tx *Tx) error {
		return deleteRow(ctx, tx, "metrics", id, "metric")
	})
}

// ReviewSchedule returns the schedule of the plan's measurement reviews
// and its reminder; the default schedule, turned off, and nil when there
// never was one.
func (s *MetricService) ReviewSchedule(ctx context.Context, planID int64) (plan.ReviewSchedule, *plan.Reminder, error) {
	tx, err := s.db.BeginTx(ctx, readOnly)
	if err != nil {
		return plan.ReviewSchedule{}, nil, err
	}
	defer tx.Rollback()
	r, err := findReminderBySubject(ctx, tx, planID, plan.ReminderMeasurementReview, planID)
	if plan.ErrorCode(err) == plan.ENOTFOUND {
		return plan.DefaultReviewSchedule, nil, nil
	} else if err != nil {
		return plan.ReviewSchedule{}, nil, err
	}
	return plan.ScheduleOf(r), r, nil
}

// SetReviewSchedule sets the plan's measurement reviews to sched in the
// plan's zone, on behalf of the user in ctx, whom the reminder names, or
// turns them off. Returns ENOTFOUND, EFORBIDDEN or FieldErrors.
func (s *MetricService) SetReviewSchedule(ctx context.Context, planID int64, sched plan.ReviewSchedule) (*plan.Reminder, error) {
	var r *plan.Reminder
	err := inWriteTx(ctx, s.db, func(tx *Tx) error {
		p, err := authorize(ctx, tx, planID, plan.AreaSettings)
		if err != nil {
			return err
		}
		r, err = setReviewSchedule(ctx, tx, p, sched, plan.UserIDFromContext(ctx))
		return err
	})
	return r, err
}

func findMetrics(ctx context.Context, tx *Tx, planID int64) ([]*plan.Metric, error) {
	rows, err := tx.QueryContext(ctx, `
		SELECT id, plan_id, name, unit, kind, goal_kind, created_by, created_at
		FROM metrics WHERE plan_id = ? ORDER BY `+tx.db.d().foldOrder("name")+`, id`, planID)
	if err != nil {
		return nil, fmt.Errorf("find metrics: %w", err)
	}
	defer rows.Close()
	out := make([]*plan.Metric, 0)
	for rows.Next() {
		var m plan.Metric
		if err := rows.Scan(&m.ID, &m.PlanID, &m.Name, &m.Unit, &m.Kind, &m.GoalKind, &m.CreatedBy, (*utcTime)(&m.CreatedAt)); err != nil {
			return nil, fmt.Errorf("scan metric: %w", err)
		}
		out = append(out, &m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find metrics: %w", err)
	}
	return out, nil
}

func createMetric(ctx context.Context, tx *Tx, m *plan.Metric) error {
	m.Normalize()
	if _, err := lockPlan(ctx, tx, m.PlanID); err != nil {
		return err
	}
	err := m.Validate()
	if m.Name != "" {
		taken, qerr := nameTaken(ctx, tx, "metrics", m.PlanID, m.Name, 0)
		if qerr != nil {
			return qerr
		}
		if taken {
			err = withFieldError(err, plan.Invalid("name", "metric.name.taken", "the plan has this metric already"))
		}
	}
	if err != nil {
		return err
	}
	m.CreatedAt = tx.now
	id, err := tx.insertID(ctx, `
		INSERT INTO metrics (plan_id, name, unit, kind, goal_kind, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`,
		m.PlanID, m.Name, m.Unit, string(m.Kind), string(m.GoalKind), m.CreatedBy, utcTime(m.CreatedAt))
	if err != nil {
		return fmt.Errorf("insert metric: %w", err)
	}
	m.ID = id
	return nil
}

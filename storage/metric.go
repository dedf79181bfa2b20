package storage

import (
	"context"
	"database/sql/driver"
	"fmt"
	"strings"
	"time"

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

// FindObservations returns the observations matching filter, oldest first
// (newest first with Newest), and the total count ignoring Offset and
// Limit.
func (s *MetricService) FindObservations(ctx context.Context, filter plan.ObservationFilter) ([]*plan.Observation, int, error) {
	tx, err := s.db.BeginTx(ctx, readOnly)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	return findObservations(ctx, tx, filter)
}

// CreateObservations validates and stores obs in one transaction: all of
// them or none. Returns ENOTFOUND for the plan, or RowErrors (EINVALID).
// The first observation of MetricMentions in a plan creates that metric,
// counting mentions for awareness.
func (s *MetricService) CreateObservations(ctx context.Context, obs []*plan.Observation) error {
	if len(obs) == 0 {
		return plan.RowErrors{{Row: 1, Field: "rows", Key: "observation.batch.empty"}}
	}
	return inWriteTx(ctx, s.db, func(tx *Tx) error {
		created := make([]plan.Observation, len(obs))
		for i, o := range obs {
			created[i] = *o
			created[i].Normalize()
			if o.PlanID != obs[0].PlanID {
				return plan.Errorf(plan.EINVALID, "observations of several plans")
			}
		}
		if err := createObservations(ctx, tx, created); err != nil {
			return err
		}
		for i := range obs {
			*obs[i] = created[i]
		}
		return nil
	})
}

// DeleteObservation removes the observation with id. Returns ENOTFOUND.
func (s *MetricService) DeleteObservation(ctx context.Context, id int64) error {
	return inWriteTx(ctx, s.db, func(tx *Tx) error {
		return deleteRow(ctx, tx, "observations", id, "observation")
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
		if err := sched.Validate(); err != nil {
			return err
		}
		if !sched.Enabled() {
			if err := cancelReminder(ctx, tx, p.ID, plan.ReminderMeasurementReview, p.ID); err != nil {
				return err
			}
			r, err = findReminderBySubject(ctx, tx, p.ID, plan.ReminderMeasurementReview, p.ID)
			if plan.ErrorCode(err) == plan.ENOTFOUND {
				r, err = nil, nil
			}
			return err
		}
		r, err = scheduleReminder(ctx, tx, reminderSpec{
			PlanID: p.ID, Kind: plan.ReminderMeasurementReview, SubjectID: p.ID,
			Rule: sched.Rule(p.TimeZone), ChannelID: p.ChannelID, OwnerID: plan.UserIDFromContext(ctx),
		})
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

// createObservations validates the normalized obs against the plan's
// metrics at the plan's today, then inserts them.
func createObservations(ctx context.Context, tx *Tx, obs []plan.Observation) error {
	p, err := lockPlan(ctx, tx, obs[0].PlanID)
	if err != nil {
		return err
	}
	goals, _, err := findGoals(ctx, tx, plan.GoalFilter{PlanID: &p.ID})
	if err != nil {
		return err
	}
	stored, err := findMetrics(ctx, tx, p.ID)
	if err != nil {
		return err
	}
	metrics := plan.PlanMetrics(goals, stored)
	ptrs := make([]*plan.Observation, len(obs))
	mentions := false
	for i := range obs {
		ptrs[i] = &obs[i]
		mentions = mentions || plan.MetricKey(obs[i].Metric) == plan.MetricMentions
	}
	if re := plan.ValidateObservations(ptrs, nil, metrics, plan.Today(tx.now, p.Location())); len(re) > 0 {
		return re
	}
	if mentions && plan.FindMetric(metrics, plan.MetricMentions) == nil {
		m := &plan.Metric{PlanID: p.ID, Name: plan.MetricMentions, Kind: plan.MetricCount, GoalKind: plan.GoalAwareness, CreatedBy: obs[0].CreatedBy}
		if err := createMetric(ctx, tx, m); err != nil {
			return fmt.Errorf("create mentions metric: %w", err)
		}
	}
	for i := range obs {
		o := &obs[i]
		o.CreatedAt = tx.now
		id, err := tx.insertID(ctx, `
			INSERT INTO observations (plan_id, metric, network, value, obs_date, end_date, source, link, outlet,
			                          mention_kind, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			o.PlanID, o.Metric, string(o.Network), o.Value, date(o.Date), optDate(o.End), o.Source, o.Link,
			o.Outlet, string(o.Mention), o.CreatedBy, utcTime(o.CreatedAt))
		if err != nil {
			return fmt.Errorf("insert observation: %w", err)
		}
		o.ID = id
	}
	return nil
}

func findObservations(ctx context.Context, tx *Tx, filter plan.ObservationFilter) ([]*plan.Observation, int, error) {
	where, args := []string{"1 = 1"}, []any{}
	if v := filter.ID; v != nil {
		where, args = append(where, "id = ?"), append(args, *v)
	}
	if v := filter.PlanID; v != nil {
		where, args = append(where, "plan_id = ?"), append(args, *v)
	}
	if v := strings.TrimSpace(filter.Metric); v != "" {
		where, args = append(where, tx.db.d().equalFold("metric")), append(args, strings.Join(strings.Fields(v), " "))
	}
	if v := filter.Network; v != nil {
		where, args = append(where, "network = ?"), append(args, string(*v))
	}
	if !filter.From.IsZero() {
		where, args = append(where, "obs_date >= ?"), append(args, date(filter.From))
	}
	if !filter.To.IsZero() {
		where, args = append(where, "obs_date <= ?"), append(args, date(filter.To))
	}
	cond := strings.Join(where, " AND ")
	total, err := countRows(ctx, tx, "observations", cond, args)
	if err != nil {
		return nil, 0, err
	}
	order := "obs_date, id"
	if filter.Newest {
		order = "obs_date DESC, id DESC"
	}
	limit, offset := limitOffset(filter.Limit, filter.Offset)
	rows, err := tx.QueryContext(ctx, `
		SELECT id, plan_id, metric, network, value, obs_date, end_date, source, link, outlet, mention_kind,
		       created_by, created_at
		FROM observations WHERE `+cond+` ORDER BY `+order+` LIMIT ? OFFSET ?`,
		append(args, limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("find observations: %w", err)
	}
	defer rows.Close()
	out := make([]*plan.Observation, 0)
	for rows.Next() {
		var o plan.Observation
		if err := rows.Scan(&o.ID, &o.PlanID, &o.Metric, &o.Network, &o.Value, (*date)(&o.Date), (*optDate)(&o.End),
			&o.Source, &o.Link, &o.Outlet, &o.Mention, &o.CreatedBy, (*utcTime)(&o.CreatedAt)); err != nil {
			return nil, 0, fmt.Errorf("scan observation: %w", err)
		}
		out = append(out, &o)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("find observations: %w", err)
	}
	return out, total, nil
}

// optDate is a calendar date stored as 'YYYY-MM-DD', or ” for the zero
// time.
type optDate time.Time

// Value implements driver.Valuer.
func (d optDate) Value() (driver.Value, error) {
	if time.Time(d).IsZero() {
		return "", nil
	}
	return date(d).Value()
}

// Scan implements sql.Scanner.
func (d *optDate) Scan(v any) error {
	s, err := scanText(v)
	if err != nil {
		return err
	}
	if s == "" {
		*d = optDate{}
		return nil
	}
	return (*date)(d).Scan(s)
}

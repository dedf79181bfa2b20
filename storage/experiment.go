package storage

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/planbot/planbot/plan"
)

// Ensure ExperimentService implements plan.ExperimentService.
var _ plan.ExperimentService = (*ExperimentService)(nil)

// ExperimentService stores experiments in the database, with the reminder of
// each one's end date in the same transaction. It implements
// plan.ExperimentService.
type ExperimentService struct {
	db *DB
}

// NewExperimentService returns an ExperimentService on db.
func NewExperimentService(db *DB) *ExperimentService {
	return &ExperimentService{db: db}
}

// FindExperimentByID returns the experiment with id. Returns ENOTFOUND.
func (s *ExperimentService) FindExperimentByID(ctx context.Context, id int64) (*plan.Experiment, error) {
	tx, err := s.db.BeginTx(ctx, readOnly)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findExperimentByID(ctx, tx, id)
}

// FindExperiments returns the experiments matching filter, running ones
// first, then by end date, and the total count ignoring Offset and Limit.
func (s *ExperimentService) FindExperiments(ctx context.Context, filter plan.ExperimentFilter) ([]*plan.Experiment, int, error) {
	tx, err := s.db.BeginTx(ctx, readOnly)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	return findExperiments(ctx, tx, filter)
}

// CreateExperiment normalizes, validates and stores e, and schedules the
// reminder that asks for its results. Returns ENOTFOUND for the plan or
// FieldErrors (EINVALID); e keeps ID 0 on any error.
func (s *ExperimentService) CreateExperiment(ctx context.Context, e *plan.Experiment) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	created := *e
	created.Variants = append([]plan.ExperimentVariant(nil), e.Variants...)
	if err := createExperiment(ctx, tx, &created); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	*e = created
	return nil
}

// UpdateExperiment saves the editable fields of e and reschedules its
// reminder. A changed end date must not be in the past. Once the
// experiment has started its design is locked (plan's CheckUpdate): a
// change of it returns FieldErrors with the key experiment.locked; only
// the name, the hypothesis and the owner change (RestartExperiment changes
// the rest). Returns ENOTFOUND or FieldErrors.
func (s *ExperimentService) UpdateExperiment(ctx context.Context, e *plan.Experiment) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	updated, err := updateExperiment(ctx, tx, e)
	if err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	*e = *updated
	return nil
}

// DeleteExperiment removes experiment id, its runs and its result records,
// and cancels its reminder. Returns ENOTFOUND.
func (s *ExperimentService) DeleteExperiment(ctx context.Context, id int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	if err := lockPlanOf(ctx, tx, "experiments", id); err != nil {
		return err
	}
	e, err := findExperimentByID(ctx, tx, id)
	if err != nil {
		return err
	}
	if err := cancelReminder(ctx, tx, e.PlanID, plan.ReminderExperimentEnd, e.ID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM experiments WHERE id = ?`, id); err != nil {
		return fmt.Errorf("delete experiment: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

func createExperiment(ctx context.Context, tx *Tx, e *plan.Experiment) error {
	e.Normalize()
	e.Start, e.End = calendarDate(e.Start), calendarDate(e.End)
	e.ResultsAt, e.ResultsBy, e.Run, e.Results = time.Time{}, "", 1, nil
	p, err := lockPlan(ctx, tx, e.PlanID)
	if err != nil {
		return err
	}
	if err := e.Validate(plan.Today(tx.now, p.Location()), true); err != nil {
		return err
	}
	e.CreatedAt, e.UpdatedAt = tx.now, tx.now
	id, err := tx.insertID(ctx, `
		INSERT INTO experiments (plan_id, name, hypothesis, variable, network, success_metric, exposure_metric,
		                         baseline_rate, min_effect, planned_sample, start_date, end_date, owner_id,
		                         created_by, run, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.PlanID, e.Name, e.Hypothesis, string(e.Variable), e.Network, e.SuccessMetric, e.ExposureMetric,
		e.BaselineRate, e.MinEffect, e.PlannedSample, date(e.Start), date(e.End), e.OwnerID,
		e.CreatedBy, e.Run, utcTime(e.CreatedAt), utcTime(e.UpdatedAt),
	)
	if err != nil {
		return fmt.Errorf("insert experiment: %w", err)
	}
	e.ID = id
	if err := saveVariants(ctx, tx, e); err != nil {
		return err
	}
	return scheduleExperimentEnd(ctx, tx, p, e)
}

func updateExperiment(ctx context.Context, tx *Tx, e *plan.Experiment) (*plan.Experiment, error) {
	if err := lockPlanOf(ctx, tx, "experiments", e.ID); err != nil {
		return nil, err
	}
	stored, err := findExperimentByID(ctx, tx, e.ID)
	if err != nil {
		return nil, err
	}
	p, err := findPlanByID(ctx, tx, stored.PlanID)
	if err != nil {
		return nil, err
	}
	today := plan.Today(tx.now, p.Location())
	u := *stored
	u.Name, u.Hypothesis, u.Variable, u.Network = e.Name, e.Hypothesis, e.Variable, e.Network
	u.SuccessMetric, u.ExposureMetric = e.SuccessMetric, e.ExposureMetric
	u.BaselineRate, u.MinEffect, u.PlannedSample = e.BaselineRate, e.MinEffect, e.PlannedSample
	u.Start, u.End, u.OwnerID = calendarDate(e.Start), calendarDate(e.End), e.OwnerID
	u.Variants = nil
	for i, v := range e.Variants {
		nv := plan.ExperimentVariant{Name: v.Name}
		if i < len(stored.Variants) && stored.Started(today) {
			// The design is locked: a name may change its case, the
			// figures in force stay.
			nv.Exposures, nv.Successes = stored.Variants[i].Exposures, stored.Variants[i].Successes
		}
		u.Variants = append(u.Variants, nv)
	}
	u.Normalize()
	if err := stored.CheckUpdate(&u, today); err != nil {
		return nil, err
	}
	if err := u.Validate(today, !u.End.Equal(stored.End)); err != nil {
		return nil, err
	}
	u.UpdatedAt = tx.now
	if err := saveExperiment(ctx, tx, &u); err != nil {
		return nil, err
	}
	if u.Concluded() {
		return &u, nil // its reminder is closed
	}
	return &u, scheduleExperimentEnd(ctx, tx, p, &u)
}

// saveExperiment writes the fields of e, its run and its results' time,
// and its variants.
func saveExperiment(ctx context.Context, tx *Tx, e *plan.Experiment) error {
	if _, err := tx.ExecContext(ctx, `
		UPDATE experiments SET name = ?, hypothesis = ?, variable = ?, network = ?, success_metric = ?,
		       exposure_metric = ?, baseline_rate = ?, min_effect = ?, planned_sample = ?, start_date = ?,
		       end_date = ?, owner_id = ?, run = ?, results_at = ?, results_by = ?, updated_at = ?
		WHERE id = ?`,
		e.Name, e.Hypothesis, string(e.Variable), e.Network, e.SuccessMetric, e.ExposureMetric,
		e.BaselineRate, e.MinEffect, e.PlannedSample, date(e.Start), date(e.End), e.OwnerID,
		e.RunNumber(), optTime(e.ResultsAt), e.ResultsBy, utcTime(e.UpdatedAt), e.ID,
	); err != nil {
		return fmt.Errorf("update experiment: %w", err)
	}
	return saveVariants(ctx, tx, e)
}

// scheduleExperimentEnd sets the reminder that asks for e's results.
func scheduleExperimentEnd(ctx context.Context, tx *Tx, p *plan.Plan, e *plan.Experiment) error {
	owner := e.OwnerID
	if owner == "" {
		owner = e.CreatedBy
	}
	_, err := scheduleReminder(ctx, tx, reminderSpec{
		PlanID: e.PlanID, Kind: plan.ReminderExperimentEnd, SubjectID: e.ID,
		Rule: e.EndRule(p.Location()), ChannelID: p.ChannelID, OwnerID: owner,
	})
	return err
}

// saveVariants replaces the variants of e.
func saveVariants(ctx context.Context, tx *Tx, e *plan.Experiment) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM experiment_variants WHERE experiment_id = ?`, e.ID); err != nil {
		return fmt.Errorf("delete variants: %w", err)
	}
	for i, v := range e.Variants {
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO experiment_variants (experiment_id, position, name, exposures, successes) VALUES (?, ?, ?, ?, ?)`,
			e.ID, i, v.Name, v.Exposures, v.Successes); err != nil {
			return fmt.Errorf("insert variant: %w", err)
		}
	}
	return nil
}

func findExperimentByID(ctx context.Context, tx *Tx, id int64) (*plan.Experiment, error) {
	es, _, err := findExperiments(ctx, tx, plan.ExperimentFilter{ID: &id})
	if err != nil {
		return nil, err
	}
	if len(es) == 0 {
		return nil, plan.Errorf(plan.ENOTFOUND, "experiment not found")
	}
	return es[0], nil
}

func findExperiments(ctx context.Context, tx *Tx, filter plan.ExperimentFilter) ([]*plan.Experiment, int, error) {
	where, args := []string{"1 = 1"}, []any{}
	if v := filter.ID; v != nil {
		where, args = append(where, "id = ?"), append(args, *v)
	}
	if v := filter.PlanID; v != nil {
		where, args = append(where, "plan_id = ?"), append(args, *v)
	}
	if v := filter.Concluded; v != nil {
		if *v {
			where = append(where, "results_at != ''")
		} else {
			where = append(where, "results_at = ''")
		}
	}
	cond := strings.Join(where, " AND ")

	var total int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM experiments WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count experiments: %w", err)
	}
	limit, offset := limitOffset(filter.Limit, filter.Offset)
	rows, err := tx.QueryContext(ctx, `
		SELECT id, plan_id, name, hypothesis, variable, network, success_metric, exposure_metric,
		       baseline_rate, min_effect, planned_sample, start_date, end_date, owner_id, created_by,
		       results_at, results_by, run, created_at, updated_at
		FROM experiments
		WHERE `+cond+`
		ORDER BY results_at != '', end_date, id
		LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("find experiments: %w", err)
	}
	defer rows.Close()
	es := make([]*plan.Experiment, 0)
	byID := map[int64]*plan.Experiment{}
	for rows.Next() {
		var e plan.Experiment
		if err := rows.Scan(
			&e.ID, &e.PlanID, &e.Name, &e.Hypothesis, &e.Variable, &e.Network, &e.SuccessMetric, &e.ExposureMetric,
			&e.BaselineRate, &e.MinEffect, &e.PlannedSample, (*date)(&e.Start), (*date)(&e.End), &e.OwnerID,
			&e.CreatedBy, (*optTime)(&e.ResultsAt), &e.ResultsBy, &e.Run, (*utcTime)(&e.CreatedAt), (*utcTime)(&e.UpdatedAt),
		); err != nil {
			return nil, 0, fmt.Errorf("scan experiment: %w", err)
		}
		es = append(es, &e)
		byID[e.ID] = &e
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("find experiments: %w", err)
	}
	rows.Close()
	if err := loadVariants(ctx, tx, byID); err != nil {
		return nil, 0, err
	}
	if err := loadResults(ctx, tx, byID); err != nil {
		return nil, 0, err
	}
	return es, total, nil
}

// loadVariants fills in the variants of the experiments of byID.
func loadVariants(ctx context.Context, tx *Tx, byID map[int64]*plan.Experiment) error {
	if len(byID) == 0 {
		return nil
	}
	ids := make([]string, 0, len(byID))
	for id := range byID {
		ids = append(ids, fmt.Sprint(id))
	}
	rows, err := tx.QueryContext(ctx, `
		SELECT experiment_id, name, exposures, successes FROM experiment_variants
		WHERE experiment_id IN (`+strings.Join(ids, ",")+`)
		ORDER BY experiment_id, position`)
	if err != nil {
		return fmt.Errorf("find variants: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var v plan.ExperimentVariant
		if err := rows.Scan(&id, &v.Name, &v.Exposures, &v.Successes); err != nil {
			return fmt.Errorf("scan variant: %w", err)
		}
		e := byID[id]
		e.Variants = append(e.Variants, v)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("find variants: %w", err)
	}
	return nil
}

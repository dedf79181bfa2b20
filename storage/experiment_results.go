package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/planbot/planbot/plan"
)

// RecordResults appends the first result record of the current run of
// experiment id and closes its reminder. Returns ENOTFOUND, ECONFLICT when
// results are recorded already, or FieldErrors.
func (s *ExperimentService) RecordResults(ctx context.Context, id int64, variants []plan.VariantResult, posts []plan.ExperimentPost, by string) (*plan.Experiment, error) {
	return s.appendResults(ctx, id, func(e *plan.Experiment, today, now time.Time) (plan.ResultRecord, error) {
		return e.RecordResults(e.Results, variants, posts, by, today, now)
	})
}

// CorrectResults appends a record that corrects the results in force of
// experiment id, with the note that says why; the earlier records stay.
// Returns ENOTFOUND, ECONFLICT when none are recorded, or FieldErrors.
func (s *ExperimentService) CorrectResults(ctx context.Context, id int64, variants []plan.VariantResult, posts []plan.ExperimentPost, by, note string) (*plan.Experiment, error) {
	return s.appendResults(ctx, id, func(e *plan.Experiment, today, now time.Time) (plan.ResultRecord, error) {
		return e.CorrectResults(e.Results, variants, posts, by, note, today, now)
	})
}

// appendResults appends the record that build returns for experiment id,
// on the plan's today, and makes its figures the ones in force.
func (s *ExperimentService) appendResults(ctx context.Context, id int64, build func(e *plan.Experiment, today, now time.Time) (plan.ResultRecord, error)) (*plan.Experiment, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	if err := lockPlanOf(ctx, tx, "experiments", id); err != nil {
		return nil, err
	}
	e, err := findExperimentByID(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	p, err := findPlanByID(ctx, tx, e.PlanID)
	if err != nil {
		return nil, err
	}
	rec, err := build(e, plan.Today(tx.now, p.Location()), tx.now)
	if err != nil {
		return nil, err
	}
	if err := insertResults(ctx, tx, &rec); err != nil {
		return nil, err
	}
	first := !e.Concluded()
	at, by := e.ResultsAt, e.ResultsBy
	e.ApplyResults(rec)
	if !first {
		// The experiment concluded when its results were first recorded.
		e.ResultsAt, e.ResultsBy = at, by
	}
	e.Results = append(e.Results, rec)
	e.UpdatedAt = tx.now
	if err := saveExperiment(ctx, tx, e); err != nil {
		return nil, err
	}
	if err := cancelReminder(ctx, tx, e.PlanID, plan.ReminderExperimentEnd, e.ID); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("commit: %w", err)
	}
	return e, nil
}

// RestartExperiment ends the current run of experiment id, keeping it
// with its results, and starts a new run with the design of changed; by
// restarts it, for reason. The reminder of the end date is set again.
// Returns ENOTFOUND, ECONFLICT (not started, nothing changed) or
// FieldErrors.
func (s *ExperimentService) RestartExperiment(ctx context.Context, id int64, changed *plan.Experiment, by, reason string) (*plan.Experiment, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	if err := lockPlanOf(ctx, tx, "experiments", id); err != nil {
		return nil, err
	}
	e, err := findExperimentByID(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	p, err := findPlanByID(ctx, tx, e.PlanID)
	if err != nil {
		return nil, err
	}
	c := *changed
	c.Start, c.End = calendarDate(c.Start), calendarDate(c.End)
	c.Normalize()
	run, err := e.Restart(&c, e.Results, by, reason, plan.Today(tx.now, p.Location()), tx.now)
	if err != nil {
		return nil, err
	}
	if err := insertRun(ctx, tx, &run); err != nil {
		return nil, err
	}
	e.Results, e.UpdatedAt = nil, tx.now
	if err := saveExperiment(ctx, tx, e); err != nil {
		return nil, err
	}
	if err := scheduleExperimentEnd(ctx, tx, p, e); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("commit: %w", err)
	}
	return e, nil
}

// FindExperimentRuns returns the runs of experiment id that ended with a
// restart, oldest first, with the results recorded during each. Returns
// ENOTFOUND.
func (s *ExperimentService) FindExperimentRuns(ctx context.Context, id int64) ([]plan.ExperimentRun, error) {
	tx, err := s.db.BeginTx(ctx, readOnly)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if _, err := findExperimentByID(ctx, tx, id); err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `
		SELECT id, number, variable, network, variants, success_metric, exposure_metric, baseline_rate, min_effect,
		       planned_sample, start_date, end_date, ended_at, ended_by, reason
		FROM experiment_runs WHERE experiment_id = ? ORDER BY number`, id)
	if err != nil {
		return nil, fmt.Errorf("find runs: %w", err)
	}
	defer rows.Close()
	runs := make([]plan.ExperimentRun, 0)
	for rows.Next() {
		r := plan.ExperimentRun{ExperimentID: id}
		d := &r.Design
		var variants string
		if err := rows.Scan(&r.ID, &r.Number, &d.Variable, &d.Network, &variants, &d.SuccessMetric, &d.ExposureMetric,
			&d.BaselineRate, &d.MinEffect, &d.PlannedSample, (*date)(&d.Start), (*date)(&d.End),
			(*utcTime)(&r.EndedAt), &r.EndedBy, &r.Reason); err != nil {
			return nil, fmt.Errorf("scan run: %w", err)
		}
		if err := json.Unmarshal([]byte(variants), &d.Variants); err != nil {
			return nil, fmt.Errorf("run %d variants: %w", r.Number, err)
		}
		runs = append(runs, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find runs: %w", err)
	}
	rows.Close()
	recs, err := findResults(ctx, tx, `r.experiment_id = ?`, id)
	if err != nil {
		return nil, err
	}
	for i := range runs {
		for _, rec := range recs {
			if rec.Run == runs[i].Number {
				runs[i].Results = append(runs[i].Results, *rec)
			}
		}
	}
	return runs, nil
}

// insertRun stores a run that ended. Its results are stored already.
func insertRun(ctx context.Context, tx *Tx, r *plan.ExperimentRun) error {
	d := r.Design
	variants, err := json.Marshal(d.Variants)
	if err != nil {
		return fmt.Errorf("run variants: %w", err)
	}
	id, err := tx.insertID(ctx, `
		INSERT INTO experiment_runs (experiment_id, number, variable, network, variants, success_metric, exposure_metric,
		                             baseline_rate, min_effect, planned_sample, start_date, end_date, ended_at, ended_by, reason)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ExperimentID, r.Number, string(d.Variable), d.Network, string(variants), d.SuccessMetric, d.ExposureMetric,
		d.BaselineRate, d.MinEffect, d.PlannedSample, date(d.Start), date(d.End), utcTime(r.EndedAt), r.EndedBy, r.Reason)
	if err != nil {
		return fmt.Errorf("insert run: %w", err)
	}
	r.ID = id
	return nil
}

// insertResults appends a result record, its figures per variant and per
// post. A second record with the same run and seq violates the table's
// unique key: ECONFLICT.
func insertResults(ctx context.Context, tx *Tx, rec *plan.ResultRecord) error {
	id, err := tx.insertID(ctx, `
		INSERT INTO experiment_results (experiment_id, run, seq, note, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?)`,
		rec.ExperimentID, max(rec.Run, 1), rec.Seq, rec.Note, rec.RecordedBy, utcTime(rec.RecordedAt))
	if err != nil {
		return fmt.Errorf("insert results: %w", err)
	}
	rec.ID = id
	for i, v := range rec.Variants {
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO experiment_result_variants (result_id, position, exposures, successes) VALUES (?, ?, ?, ?)`,
			id, i, v.Exposures, v.Successes); err != nil {
			return fmt.Errorf("insert result variant: %w", err)
		}
	}
	for i, p := range rec.Posts {
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO experiment_result_posts (result_id, position, variant, content_item_id, label, exposures, successes)
			VALUES (?, ?, ?, ?, ?, ?, ?)`,
			id, i, p.Variant, p.ContentItemID, p.Label, p.Exposures, p.Successes); err != nil {
			return fmt.Errorf("insert result post: %w", err)
		}
	}
	return nil
}

// loadResults fills in the result records of the current run of the
// experiments of byID.
func loadResults(ctx context.Context, tx *Tx, byID map[int64]*plan.Experiment) error {
	if len(byID) == 0 {
		return nil
	}
	recs, err := findResults(ctx, tx, `r.experiment_id IN (`+idList(byID)+`) AND r.run = (SELECT run FROM experiments e WHERE e.id = r.experiment_id)`)
	if err != nil {
		return err
	}
	for _, rec := range recs {
		e := byID[rec.ExperimentID]
		e.Results = append(e.Results, *rec)
	}
	return nil
}

// findResults returns the result records matching where (on
// experiment_results r), by experiment, run and seq, with their figures.
func findResults(ctx context.Context, tx *Tx, where string, args ...any) ([]*plan.ResultRecord, error) {
	rows, err := tx.QueryContext(ctx, `
		SELECT r.id, r.experiment_id, r.run, r.seq, r.note, r.recorded_by, r.recorded_at
		FROM experiment_results r WHERE `+where+` ORDER BY r.experiment_id, r.run, r.seq`, args...)
	if err != nil {
		return nil, fmt.Errorf("find results: %w", err)
	}
	defer rows.Close()
	var recs []*plan.ResultRecord
	byID := map[int64]*plan.ResultRecord{}
	for rows.Next() {
		var r plan.ResultRecord
		if err := rows.Scan(&r.ID, &r.ExperimentID, &r.Run, &r.Seq, &r.Note, &r.RecordedBy, (*utcTime)(&r.RecordedAt)); err != nil {
			return nil, fmt.Errorf("scan results: %w", err)
		}
		recs, byID[r.ID] = append(recs, &r), &r
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find results: %w", err)
	}
	rows.Close()
	if len(recs) == 0 {
		return nil, nil
	}
	ids := idList(byID)
	vrows, err := tx.QueryContext(ctx, `
		SELECT result_id, exposures, successes FROM experiment_result_variants
		WHERE result_id IN (`+ids+`) ORDER BY result_id, position`)
	if err != nil {
		return nil, fmt.Errorf("find result variants: %w", err)
	}
	defer vrows.Close()
	for vrows.Next() {
		var id int64
		var v plan.VariantResult
		if err := vrows.Scan(&id, &v.Exposures, &v.Successes); err != nil {
			return nil, fmt.Errorf("scan result variant: %w", err)
		}
		byID[id].Variants = append(byID[id].Variants, v)
	}
	if err := vrows.Err(); err != nil {
		return nil, fmt.Errorf("find result variants: %w", err)
	}
	vrows.Close()
	prows, err := tx.QueryContext(ctx, `
		SELECT result_id, variant, content_item_id, label, exposures, successes FROM experiment_result_posts
		WHERE result_id IN (`+ids+`) ORDER BY result_id, position`)
	if err != nil {
		return nil, fmt.Errorf("find result posts: %w", err)
	}
	defer prows.Close()
	for prows.Next() {
		var id int64
		var p plan.ExperimentPost
		if err := prows.Scan(&id, &p.Variant, &p.ContentItemID, &p.Label, &p.Exposures, &p.Successes); err != nil {
			return nil, fmt.Errorf("scan result post: %w", err)
		}
		byID[id].Posts = append(byID[id].Posts, p)
	}
	if err := prows.Err(); err != nil {
		return nil, fmt.Errorf("find result posts: %w", err)
	}
	return recs, nil
}

// idList writes the keys of m as a comma-separated list of integers, for
// an IN clause: they are numbers, so nothing a user typed reaches the SQL.
func idList[V any](m map[int64]V) string {
	ids := make([]string, 0, len(m))
	for id := range m {
		ids = append(ids, fmt.Sprint(id))
	}
	return strings.Join(ids, ",")
}

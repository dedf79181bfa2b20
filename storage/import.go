package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/planbot/planbot/plan"
)

// Ensure ImportService implements plan.ImportService.
var _ plan.ImportService = (*ImportService)(nil)

// ImportService stores the results imported from analytics exports and
// the mappings they were made with. It implements plan.ImportService.
type ImportService struct {
	db *DB
}

// NewImportService returns an ImportService on db.
func NewImportService(db *DB) *ImportService {
	return &ImportService{db: db}
}

// maxImportErrors is how many row errors an import reports at most.
const maxImportErrors = 20

// FindImportMapping returns the mapping remembered for the plan under
// signature. Returns ENOTFOUND when there is none.
func (s *ImportService) FindImportMapping(ctx context.Context, planID int64, signature string) (*plan.ImportMapping, error) {
	tx, err := s.db.BeginTx(ctx, readOnly)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findImportMapping(ctx, tx, planID, signature)
}

// Import validates and stores imp's observations in one transaction, all
// or none, replacing the plan's imported observations with the same
// import key, and remembers imp's mapping under its signature.
func (s *ImportService) Import(ctx context.Context, imp plan.Import) (plan.ImportResult, error) {
	var res plan.ImportResult
	err := inWriteTx(ctx, s.db, func(tx *Tx) error {
		var err error
		res, err = importObservations(ctx, tx, imp)
		if err != nil {
			return err
		}
		if imp.Signature == "" {
			return nil
		}
		return saveImportMapping(ctx, tx, &plan.ImportMapping{
			PlanID: imp.PlanID, Signature: imp.Signature, Mapping: imp.Mapping, UpdatedBy: imp.CreatedBy,
		})
	})
	if err != nil {
		return plan.ImportResult{}, err
	}
	return res, nil
}

func findImportMapping(ctx context.Context, tx *Tx, planID int64, signature string) (*plan.ImportMapping, error) {
	m := plan.ImportMapping{PlanID: planID, Signature: signature}
	err := tx.QueryRowContext(ctx, `
		SELECT mapping, updated_by, updated_at FROM import_mappings WHERE plan_id = ? AND signature = ?`,
		planID, signature).Scan(&m.Mapping, &m.UpdatedBy, (*utcTime)(&m.UpdatedAt))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, plan.Errorf(plan.ENOTFOUND, "no import mapping for plan %d and signature %s", planID, signature)
	} else if err != nil {
		return nil, fmt.Errorf("find import mapping: %w", err)
	}
	return &m, nil
}

// saveImportMapping remembers m, replacing the plan's mapping with the
// same signature.
func saveImportMapping(ctx context.Context, tx *Tx, m *plan.ImportMapping) error {
	m.UpdatedAt = tx.now
	if _, err := tx.ExecContext(ctx, `DELETE FROM import_mappings WHERE plan_id = ? AND signature = ?`, m.PlanID, m.Signature); err != nil {
		return fmt.Errorf("replace import mapping: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO import_mappings (plan_id, signature, mapping, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)`,
		m.PlanID, m.Signature, m.Mapping, m.UpdatedBy, utcTime(m.UpdatedAt)); err != nil {
		return fmt.Errorf("insert import mapping: %w", err)
	}
	return nil
}

// importObservations checks and writes imp's observations: each one is
// valid at the plan's today, of one of the plan's metrics, and about one
// of the plan's content items or none. An observation with the key of a
// stored imported one takes its place.
func importObservations(ctx context.Context, tx *Tx, imp plan.Import) (plan.ImportResult, error) {
	var res plan.ImportResult
	p, err := lockPlan(ctx, tx, imp.PlanID)
	if err != nil {
		return res, err
	}
	goals, _, err := findGoals(ctx, tx, plan.GoalFilter{PlanID: &p.ID})
	if err != nil {
		return res, err
	}
	stored, err := findMetrics(ctx, tx, p.ID)
	if err != nil {
		return res, err
	}
	metrics := plan.PlanMetrics(goals, stored)
	items, err := contentItemIDs(ctx, tx, p.ID)
	if err != nil {
		return res, err
	}
	d := tx.db.d()
	del, err := tx.Tx.PrepareContext(ctx, d.rebind(`DELETE FROM observations WHERE plan_id = ? AND import_key = ?`))
	if err != nil {
		return res, fmt.Errorf("prepare import delete: %w", err)
	}
	defer del.Close()
	ins, err := tx.Tx.PrepareContext(ctx, d.rebind(`
		INSERT INTO observations (plan_id, metric, network, value, obs_date, end_date, source, link, outlet,
		                          mention_kind, content_item_id, item, import_key, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`))
	if err != nil {
		return res, fmt.Errorf("prepare import insert: %w", err)
	}
	defer ins.Close()

	today := plan.Today(tx.now, p.Location())
	known := map[string]bool{} // metric names already checked against the plan's
	mentions := false
	var re plan.RowErrors
	row := 0
	for o := range imp.Observations {
		row++
		o.PlanID = p.ID
		o.Normalize()
		for _, e := range plan.ErrorFields(o.Validate(today)) {
			re = append(re, plan.RowError{Row: row, Field: e.Field, Key: e.Key})
		}
		ok, seen := known[o.Metric]
		if !seen {
			ok = plan.MetricKey(o.Metric) == plan.MetricMentions || plan.FindMetric(metrics, o.Metric) != nil
			known[o.Metric] = ok
			mentions = mentions || plan.MetricKey(o.Metric) == plan.MetricMentions
		}
		if !ok {
			re = append(re, plan.RowError{Row: row, Field: "metric", Key: "observation.metric.unknown", Value: o.Metric})
		}
		if o.ContentItemID != 0 && !items[o.ContentItemID] {
			re = append(re, plan.RowError{Row: row, Field: "content_item", Key: "observation.content_item.unknown"})
		}
		if len(re) >= maxImportErrors {
			return res, re[:maxImportErrors]
		}
		if len(re) > 0 || row > plan.MaxImportRows {
			continue // keep checking; nothing will be committed
		}
		key := plan.ImportKey(o.Metric, o.Network, o.Date, o.Item)
		r, err := del.ExecContext(ctx, p.ID, key)
		if err != nil {
			return res, fmt.Errorf("replace imported observation: %w", d.mapError(err))
		}
		if n, _ := r.RowsAffected(); n > 0 {
			res.Replaced++
		}
		o.CreatedBy, o.CreatedAt = imp.CreatedBy, tx.now
		if _, err := ins.ExecContext(ctx, o.PlanID, o.Metric, string(o.Network), o.Value, date(o.Date), optDate(o.End),
			o.Source, o.Link, o.Outlet, string(o.Mention), nullID(o.ContentItemID), o.Item, key, o.CreatedBy,
			utcTime(o.CreatedAt)); err != nil {
			return res, fmt.Errorf("insert imported observation: %w", d.mapError(err))
		}
		res.Stored++
	}
	switch {
	case len(re) > 0:
		return plan.ImportResult{}, re
	case row == 0:
		return res, plan.RowErrors{{Row: 1, Field: "rows", Key: "observation.batch.empty"}}
	case row > plan.MaxImportRows:
		return plan.ImportResult{}, plan.RowErrors{{Row: row, Field: "rows", Key: "observation.batch.too_many", Value: fmt.Sprint(plan.MaxImportRows)}}
	}
	if mentions && plan.FindMetric(metrics, plan.MetricMentions) == nil {
		m := &plan.Metric{PlanID: p.ID, Name: plan.MetricMentions, Kind: plan.MetricCount, GoalKind: plan.GoalAwareness, CreatedBy: imp.CreatedBy}
		if err := createMetric(ctx, tx, m); err != nil {
			return res, fmt.Errorf("create mentions metric: %w", err)
		}
	}
	return res, nil
}

// contentItemIDs returns the IDs of the plan's content items.
func contentItemIDs(ctx context.Context, tx *Tx, planID int64) (map[int64]bool, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id FROM content_items WHERE plan_id = ?`, planID)
	if err != nil {
		return nil, fmt.Errorf("find content items: %w", err)
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("scan content item: %w", err)
		}
		out[id] = true
	}
	return out, rows.Err()
}

package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"
	"time"

	"github.com/planbot/planbot/plan"
)

// The observations of step 8: stored in batches, all or none, and read by
// plan, metrics, networks and window of days, whatever their number.

// FindObservations returns the observations matching filter, oldest first
// (newest first with Newest), and the total count ignoring Offset and
// Limit. A zero Limit reads every match: the index on plan, metric and
// date serves a filter by metrics and window.
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

// createObservations validates the normalized obs against the plan's
// metrics and content items at the plan's today, then inserts them.
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
	re := plan.ValidateObservations(ptrs, nil, metrics, plan.Today(tx.now, p.Location()))
	items, err := observedItemsInPlan(ctx, tx, p.ID, obs)
	if err != nil {
		return err
	}
	for i, o := range obs {
		if o.ContentItemID != 0 && !items[o.ContentItemID] {
			re = append(re, plan.RowError{Row: i + 1, Field: "content_item", Key: "observation.content_item.unknown"})
		}
	}
	if len(re) > 0 {
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
			                          mention_kind, content_item_id, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			o.PlanID, o.Metric, string(o.Network), o.Value, date(o.Date), optDate(o.End), o.Source, o.Link,
			o.Outlet, string(o.Mention), nullID(o.ContentItemID), o.CreatedBy, utcTime(o.CreatedAt))
		if err != nil {
			return fmt.Errorf("insert observation: %w", err)
		}
		o.ID = id
	}
	return nil
}

// observedItemsInPlan returns which of the content items obs name belong
// to the plan planID: an observation cannot be about another plan's post.
func observedItemsInPlan(ctx context.Context, tx *Tx, planID int64, obs []plan.Observation) (map[int64]bool, error) {
	var ids []any
	seen := map[int64]bool{}
	for _, o := range obs {
		if o.ContentItemID != 0 && !seen[o.ContentItemID] {
			seen[o.ContentItemID] = true
			ids = append(ids, o.ContentItemID)
		}
	}
	found := map[int64]bool{}
	if len(ids) == 0 {
		return found, nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT id FROM content_items WHERE plan_id = ? AND id IN (`+placeholders(len(ids))+`)`,
		append([]any{planID}, ids...)...)
	if err != nil {
		return nil, fmt.Errorf("find observed items: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("scan observed item: %w", err)
		}
		found[id] = true
	}
	return found, rows.Err()
}

// observationColumns are the columns of an observation, in the order
// observationFields scans them.
const observationColumns = `id, plan_id, metric, network, value, obs_date, end_date, source, link, outlet, mention_kind,
	content_item_id, item, created_by, created_at`

// observationFields are the scan destinations of observationColumns in o.
func observationFields(o *plan.Observation) []any {
	return []any{&o.ID, &o.PlanID, &o.Metric, &o.Network, &o.Value, (*date)(&o.Date), (*optDate)(&o.End),
		&o.Source, &o.Link, &o.Outlet, &o.Mention, (*nullID)(&o.ContentItemID), &o.Item, &o.CreatedBy, (*utcTime)(&o.CreatedAt)}
}

// observationWhere is the condition of filter, Offset, Limit and order
// aside, with its arguments.
func observationWhere(tx *Tx, filter plan.ObservationFilter) (string, []any) {
	where, args := []string{"1 = 1"}, []any{}
	if v := filter.ID; v != nil {
		where, args = append(where, "id = ?"), append(args, *v)
	}
	if v := filter.PlanID; v != nil {
		where, args = append(where, "plan_id = ?"), append(args, *v)
	}
	if names := metricNames(filter); len(names) > 0 {
		cond, margs := metricIn(tx, "metric", names)
		where, args = append(where, cond), append(args, margs...)
	}
	if v := filter.Network; v != nil {
		where, args = append(where, "network = ?"), append(args, string(*v))
	}
	if len(filter.Networks) > 0 {
		where = append(where, "network IN ("+placeholders(len(filter.Networks))+")")
		for _, n := range filter.Networks {
			args = append(args, string(n))
		}
	}
	if v := filter.ContentItemID; v != nil {
		where, args = append(where, "content_item_id = ?"), append(args, *v)
	}
	if !filter.From.IsZero() {
		where, args = append(where, "obs_date >= ?"), append(args, date(filter.From))
	}
	if !filter.To.IsZero() {
		where, args = append(where, "obs_date <= ?"), append(args, date(filter.To))
	}
	return strings.Join(where, " AND "), args
}

// metricNames returns the metric names of filter, spaces collapsed as
// stored, each once whatever its case.
func metricNames(filter plan.ObservationFilter) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range append([]string{filter.Metric}, filter.Metrics...) {
		name := strings.Join(strings.Fields(m), " ")
		if key := plan.MetricKey(name); key != "" && !seen[key] {
			seen[key] = true
			out = append(out, name)
		}
	}
	return out
}

// metricIn is the condition "col is one of names, whatever the case", as
// the unique index on metric names and the index on observations compare
// (see dialect.equalFold).
func metricIn(tx *Tx, col string, names []string) (string, []any) {
	args := make([]any, len(names))
	for i, n := range names {
		args[i] = n
	}
	if tx.db.d().postgres() {
		one := `lower(CAST(? AS TEXT) COLLATE "C")`
		return "lower(" + col + ") IN (" + strings.TrimSuffix(strings.Repeat(one+", ", len(names)), ", ") + ")", args
	}
	return col + " COLLATE NOCASE IN (" + placeholders(len(names)) + ")", args
}

func findObservations(ctx context.Context, tx *Tx, filter plan.ObservationFilter) ([]*plan.Observation, int, error) {
	cond, args := observationWhere(tx, filter)
	order := "obs_date, id"
	if filter.Newest {
		order = "obs_date DESC, id DESC"
	}
	limit, offset := limitOffset(filter.Limit, filter.Offset)
	rows, err := tx.QueryContext(ctx, `
		SELECT `+observationColumns+`
		FROM observations WHERE `+cond+` ORDER BY `+order+` LIMIT ? OFFSET ?`,
		append(args, limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("find observations: %w", err)
	}
	defer rows.Close()
	out := make([]*plan.Observation, 0)
	for rows.Next() {
		var o plan.Observation
		if err := rows.Scan(observationFields(&o)...); err != nil {
			return nil, 0, fmt.Errorf("scan observation: %w", err)
		}
		out = append(out, &o)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("find observations: %w", err)
	}
	// Every match read: they are the count. Otherwise count them all,
	// which a page cannot tell.
	if filter.Limit <= 0 && filter.Offset <= 0 {
		return out, len(out), nil
	}
	total, err := countRows(ctx, tx, "observations", cond, args)
	if err != nil {
		return nil, 0, err
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

// snapshotObservations returns the loader of the observations of a
// snapshot's plans: every one, whatever their number, or with kpiOnly
// those of the metrics the plans' KPIs read (plan.KPIMetrics), which is
// all the App Home needs of them; the goals are loaded already. Either way
// ObservationsTotal counts them all.
func snapshotObservations(kpiOnly bool) func(context.Context, *Tx, string, []any, map[int64]*plan.PlanSnapshot) error {
	return func(ctx context.Context, tx *Tx, in string, ids []any, of map[int64]*plan.PlanSnapshot) error {
		query := `SELECT ` + observationColumns + ` FROM observations WHERE plan_id IN (` + in + `)`
		args := ids
		keep := func(*plan.Observation) bool { return true }
		if kpiOnly {
			var goals []*plan.Goal
			wanted := map[int64]map[string]bool{}
			for id, s := range of {
				goals = append(goals, s.Goals...)
				wanted[id] = map[string]bool{}
				for _, m := range plan.KPIMetrics(s.Goals) {
					wanted[id][plan.MetricKey(m)] = true
				}
			}
			names := plan.KPIMetrics(goals)
			if len(names) == 0 {
				return snapshotObservationCounts(ctx, tx, in, ids, of)
			}
			cond, margs := metricIn(tx, "metric", metricNames(plan.ObservationFilter{Metrics: names}))
			query += ` AND ` + cond
			args = append(args[:len(args):len(args)], margs...)
			keep = func(o *plan.Observation) bool { return wanted[o.PlanID][plan.MetricKey(o.Metric)] }
		}
		err := each(ctx, tx, "observations", query+` ORDER BY plan_id, obs_date, id`, args, func(rows *sql.Rows) error {
			var o plan.Observation
			if err := rows.Scan(observationFields(&o)...); err != nil {
				return err
			}
			if keep(&o) {
				of[o.PlanID].Observations = append(of[o.PlanID].Observations, &o)
			}
			return nil
		})
		if err != nil {
			return err
		}
		return snapshotObservationCounts(ctx, tx, in, ids, of)
	}
}

// snapshotObservationCounts sets the ObservationsTotal of each snapshot.
func snapshotObservationCounts(ctx context.Context, tx *Tx, in string, ids []any, of map[int64]*plan.PlanSnapshot) error {
	return each(ctx, tx, "observation counts", `
		SELECT plan_id, COUNT(*) FROM observations WHERE plan_id IN (`+in+`) GROUP BY plan_id`, ids, func(rows *sql.Rows) error {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return err
		}
		of[id].ObservationsTotal = n
		return nil
	})
}

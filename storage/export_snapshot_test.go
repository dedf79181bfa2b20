package storage

import (
	"context"
	"database/sql"
)

// FirstObservations lets tests read the IDs of the first limit results of
// each plan of ids, oldest first, and each plan's count, as the snapshot
// reads its capped lists (firstOf), with a branch a plan or, when window
// is set, with the window function it falls back on.
func FirstObservations(ctx context.Context, db *DB, ids []int64, limit int, window bool) (order []int64, first map[int64][]int64, total map[int64]int, err error) {
	if window {
		saved := maxBranches
		maxBranches = 0
		defer func() { maxBranches = saved }()
	}
	tx, err := db.BeginTx(ctx, readOnly)
	if err != nil {
		return nil, nil, nil, err
	}
	defer tx.Rollback()
	in := make(map[int64]bool, len(ids))
	for _, id := range ids {
		in[id] = true
	}
	list, args := inList(in)
	first, total = map[int64][]int64{}, map[int64]int{}
	err = each(ctx, tx, "observations", firstOf(`id, plan_id, obs_date`, "observations", "obs_date, id", list),
		withArg(args, limit), func(rows *sql.Rows) error {
			var id, plan int64
			var n int
			var d date
			if err := rows.Scan(&id, &plan, &d, &n); err != nil {
				return err
			}
			order = append(order, id)
			first[plan], total[plan] = append(first[plan], id), n
			return nil
		})
	return order, first, total, err
}

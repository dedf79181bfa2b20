package storage

import (
	"context"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/planbot/planbot/plan"
)

// Helpers shared by the services of steps 2 to 5. Table and column names
// passed to them are constants of this package, never user input.

// nullTime reads and writes an optional time as timeLayout text, NULL for
// the zero time.
type nullTime time.Time

// Value implements driver.Valuer.
func (t nullTime) Value() (driver.Value, error) {
	if time.Time(t).IsZero() {
		return nil, nil
	}
	return utcTime(t).Value()
}

// Scan implements sql.Scanner.
func (t *nullTime) Scan(v any) error {
	if v == nil {
		*t = nullTime{}
		return nil
	}
	return (*utcTime)(t).Scan(v)
}

// nullID reads and writes an optional reference, NULL for 0.
type nullID int64

// Value implements driver.Valuer.
func (id nullID) Value() (driver.Value, error) {
	if id == 0 {
		return nil, nil
	}
	return int64(id), nil
}

// Scan implements sql.Scanner.
func (id *nullID) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		*id = 0
	case int64:
		*id = nullID(v)
	default:
		return fmt.Errorf("scan id: unexpected %T", v)
	}
	return nil
}

// networkList reads and writes a list of networks as a JSON array.
type networkList []plan.Network

// Value implements driver.Valuer.
func (l networkList) Value() (driver.Value, error) {
	if len(l) == 0 {
		return "[]", nil
	}
	b, err := json.Marshal([]plan.Network(l))
	return string(b), err
}

// Scan implements sql.Scanner.
func (l *networkList) Scan(v any) error {
	s, err := scanText(v)
	if err != nil {
		return err
	}
	var out []plan.Network
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		return fmt.Errorf("scan networks: %w", err)
	}
	if len(out) == 0 {
		out = nil
	}
	*l = out
	return nil
}

// placeholders returns "?, ?, ?" for n arguments.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// refsInPlan reports whether every one of ids is a row of table in plan
// planID. ids holds no duplicates.
func refsInPlan(ctx context.Context, tx *Tx, table string, planID int64, ids []int64) (bool, error) {
	if len(ids) == 0 {
		return true, nil
	}
	args := []any{planID}
	for _, id := range ids {
		args = append(args, id)
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table+` WHERE plan_id = ? AND id IN (`+placeholders(len(ids))+`)`, args...).Scan(&n); err != nil {
		return false, fmt.Errorf("check %s: %w", table, err)
	}
	return n == len(ids), nil
}

// nameTaken reports whether another row of table in plan planID than
// exceptID has name, whatever its case.
func nameTaken(ctx context.Context, tx *Tx, table string, planID int64, name string, exceptID int64) (bool, error) {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table+` WHERE plan_id = ? AND `+tx.db.d().equalFold("name")+` AND id <> ?`,
		planID, name, exceptID).Scan(&n); err != nil {
		return false, fmt.Errorf("check %s name: %w", table, err)
	}
	return n > 0, nil
}

// setLinks replaces the rows of a link table that belong to owner.
func setLinks(ctx context.Context, tx *Tx, table, ownerCol, refCol string, owner int64, refs []int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE `+ownerCol+` = ?`, owner); err != nil {
		return fmt.Errorf("clear %s: %w", table, err)
	}
	for _, ref := range refs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO `+table+` (`+ownerCol+`, `+refCol+`) VALUES (?, ?)`, owner, ref); err != nil {
			return fmt.Errorf("insert %s: %w", table, err)
		}
	}
	return nil
}

// findLinks returns the refs of each owner in a link table, sorted.
func findLinks(ctx context.Context, tx *Tx, table, ownerCol, refCol string, owners []int64) (map[int64][]int64, error) {
	out := map[int64][]int64{}
	if len(owners) == 0 {
		return out, nil
	}
	args := make([]any, len(owners))
	for i, id := range owners {
		args[i] = id
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+ownerCol+`, `+refCol+` FROM `+table+`
		WHERE `+ownerCol+` IN (`+placeholders(len(owners))+`) ORDER BY `+ownerCol+`, `+refCol, args...)
	if err != nil {
		return nil, fmt.Errorf("find %s: %w", table, err)
	}
	defer rows.Close()
	for rows.Next() {
		var owner, ref int64
		if err := rows.Scan(&owner, &ref); err != nil {
			return nil, fmt.Errorf("scan %s: %w", table, err)
		}
		out[owner] = append(out[owner], ref)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find %s: %w", table, err)
	}
	return out, nil
}

// deleteRow deletes the row with id from table. Returns ENOTFOUND, naming
// what, when there is none.
func deleteRow(ctx context.Context, tx *Tx, table string, id int64, what string) error {
	res, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("delete %s: %w", what, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("delete %s: %w", what, err)
	}
	if n == 0 {
		return plan.Errorf(plan.ENOTFOUND, "%s not found", what)
	}
	return nil
}

// countRows returns the total of rows of table matching cond, for the
// Find methods: a separate query, because a window count in the page query
// says nothing when Offset is past the last row.
func countRows(ctx context.Context, tx *Tx, table, cond string, args []any) (int, error) {
	var total int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table+` WHERE `+cond, args...).Scan(&total); err != nil {
		return 0, fmt.Errorf("count %s: %w", table, err)
	}
	return total, nil
}

// withFieldError appends a field error to err, which is nil or FieldErrors.
func withFieldError(err error, e *plan.Error) error {
	fe, _ := err.(plan.FieldErrors)
	return append(fe, e)
}

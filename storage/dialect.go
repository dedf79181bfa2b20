package storage

import (
	"errors"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/mattn/go-sqlite3"

	"github.com/planbot/planbot/plan"
)

// The services write their SQL once, in the dialect both databases share:
// '?' placeholders, ON CONFLICT, INSERT ... RETURNING id (SQLite 3.35+),
// times as fixed-width UTC text. This file holds the little that differs,
// so no service carries a second copy of a statement:
//
//   - placeholders: PostgreSQL numbers them, so '?' and '?N' are rebound
//     to '$n' once per statement, in Tx;
//   - case-insensitive names: SQLite's COLLATE NOCASE, PostgreSQL's lower()
//     (its unique indexes are on lower(name) to match);
//   - row locks: SQLite has one writer at a time and no FOR UPDATE;
//     PostgreSQL transactions run concurrently at READ COMMITTED and lock
//     what they read before they write it (see lockPlan);
//   - errors: unique and serialization failures become ECONFLICT.

// Backend names, as DB.Backend returns them.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// dialect is what differs between the SQL of the two backends.
type dialect struct {
	name   string // SQLite or Postgres
	driver string // the database/sql driver name
}

var (
	sqliteDialect   = &dialect{name: SQLite, driver: "sqlite3"}
	postgresDialect = &dialect{name: Postgres, driver: "pgx"}
)

func (d *dialect) postgres() bool { return d.name == Postgres }

// rebind rewrites the '?' and '?N' placeholders of q as PostgreSQL's '$n'.
// Quoted strings, quoted identifiers and comments are copied as they are.
func (d *dialect) rebind(q string) string {
	if !d.postgres() || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'' || c == '"':
			j := i + 1
			for j < len(q) && q[j] != c {
				j++
			}
			b.WriteString(q[i:min(j+1, len(q))])
			i = j
		case c == '-' && i+1 < len(q) && q[i+1] == '-':
			j := strings.IndexByte(q[i:], '\n')
			if j < 0 {
				j = len(q) - i
			}
			b.WriteString(q[i : i+j])
			i += j - 1
		case c == '?':
			j := i + 1
			for j < len(q) && q[j] >= '0' && q[j] <= '9' {
				j++
			}
			b.WriteByte('$')
			if j > i+1 { // ?N keeps its number
				b.WriteString(q[i+1 : j])
			} else {
				n++
				b.WriteString(strconv.Itoa(n))
			}
			i = j - 1
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// equalFold is the condition "col equals the next argument, whatever the
// case", as the unique indexes on names compare.
func (d *dialect) equalFold(col string) string {
	if d.postgres() {
		// The argument is text in the default collation, whose lower()
		// may fold more than ASCII: fold it as the column's "C" does.
		return "lower(" + col + `) = lower(CAST(? AS TEXT) COLLATE "C")`
	}
	return col + " = ? COLLATE NOCASE"
}

// foldOrder is an ORDER BY term sorting col whatever its case.
func (d *dialect) foldOrder(col string) string {
	if d.postgres() {
		return "lower(" + col + ")"
	}
	return col + " COLLATE NOCASE"
}

// forUpdate is the locking clause of a SELECT whose rows the transaction
// goes on to change, on tables when given (FOR ... OF a join's tables).
// NO KEY UPDATE: it does not block the foreign-key checks of rows being
// inserted under the locked one. Empty on SQLite, where the writer holds
// the whole database already.
func (d *dialect) forUpdate(tables ...string) string {
	if !d.postgres() {
		return ""
	}
	if len(tables) == 0 {
		return " FOR NO KEY UPDATE"
	}
	return " FOR NO KEY UPDATE OF " + strings.Join(tables, ", ")
}

// skipLocked is forUpdate that passes over the rows another transaction
// holds: for work queues, where another replica is taking those rows.
func (d *dialect) skipLocked(tables ...string) string {
	if !d.postgres() {
		return ""
	}
	return d.forUpdate(tables...) + " SKIP LOCKED"
}

// mapError turns the errors a concurrent writer causes into ECONFLICT: a
// unique key taken meanwhile, a serialization failure or a deadlock. The
// user can try again; every other error is returned as it is.
func (d *dialect) mapError(err error) error {
	if err == nil {
		return nil
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505": // unique_violation
			return &plan.Error{Code: plan.ECONFLICT, Message: "taken meanwhile: " + pe.Message}
		case "40001", "40P01": // serialization_failure, deadlock_detected
			return &plan.Error{Code: plan.ECONFLICT, Message: "concurrent change: " + pe.Message}
		}
		return err
	}
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch se.ExtendedCode {
		case sqlite3.ErrConstraintUnique, sqlite3.ErrConstraintPrimaryKey:
			return &plan.Error{Code: plan.ECONFLICT, Message: "taken meanwhile: " + se.Error()}
		}
	}
	return err
}

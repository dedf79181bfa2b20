package storage

import (
	"errors"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/planbot/planbot/plan"
)

func TestDialect_Rebind(t *testing.T) {
	for _, tt := range []struct {
		name, in, want string
	}{
		{"Positional", `SELECT a FROM t WHERE b = ? AND c IN (?, ?)`, `SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)`},
		{"Numbered", `WHERE team_id = ?1 AND (x = ?2 OR y = ?2)`, `WHERE team_id = $1 AND (x = $2 OR y = $2)`},
		{"QuotedString", `SELECT '?' || 'it''s ?' FROM t WHERE a = ?`, `SELECT '?' || 'it''s ?' FROM t WHERE a = $1`},
		{"QuotedIdentifier", `SELECT "odd?name" FROM t WHERE a = ?`, `SELECT "odd?name" FROM t WHERE a = $1`},
		{"Comment", "-- why? because\nSELECT ? -- and ?\n, ?", "-- why? because\nSELECT $1 -- and ?\n, $2"},
		{"None", `SELECT 1`, `SELECT 1`},
		{"TenAndMore", `VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, `VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`},
		{"Unterminated", `SELECT 'abc ?`, `SELECT 'abc ?`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := postgresDialect.rebind(tt.in); got != tt.want {
				t.Errorf("postgres rebind(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if got := sqliteDialect.rebind(tt.in); got != tt.in {
				t.Errorf("sqlite rebind(%q) = %q, want it unchanged", tt.in, got)
			}
		})
	}
}

func TestDialect_MapError(t *testing.T) {
	other := errors.New("boom")
	for _, tt := range []struct {
		name string
		err  error
		code string
	}{
		{"UniqueViolation", &pgconn.PgError{Code: "23505", Message: "duplicate key"}, plan.ECONFLICT},
		{"SerializationFailure", &pgconn.PgError{Code: "40001"}, plan.ECONFLICT},
		{"Deadlock", &pgconn.PgError{Code: "40P01"}, plan.ECONFLICT},
		{"ForeignKey", &pgconn.PgError{Code: "23503"}, plan.EINTERNAL},
		{"Other", other, plan.EINTERNAL},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := postgresDialect.mapError(tt.err)
			if code := plan.ErrorCode(got); code != tt.code {
				t.Errorf("mapError(%v) has code %q, want %q", tt.err, code, tt.code)
			}
			if tt.code == plan.EINTERNAL && got != tt.err {
				t.Errorf("mapError(%v) = %v, want it unchanged", tt.err, got)
			}
		})
	}
	if postgresDialect.mapError(nil) != nil {
		t.Error("mapError(nil) != nil")
	}
}

func TestNewDB(t *testing.T) {
	for _, tt := range []struct {
		name, dsn, backend, want string
	}{
		{"Path", "planbot.db", SQLite, "file:planbot.db?"},
		{"SQLiteURL", "sqlite:///var/lib/planbot/planbot.db", SQLite, "file:/var/lib/planbot/planbot.db?"},
		{"PathWithQuestionMark", "a?b.db", SQLite, "file:a%3fb.db?"},
		{"Postgres", "postgres://planbot:s3cret@db.example:5432/planbot?sslmode=require", Postgres,
			"postgres://planbot:s3cret@db.example:5432/planbot?application_name=planbot&idle_in_transaction_session_timeout=60s&sslmode=require&statement_timeout=15s"},
		{"PostgresqlKeepsSettings", "postgresql://db.example/planbot?application_name=replica-2&statement_timeout=5s", Postgres,
			"postgresql://db.example/planbot?application_name=replica-2&idle_in_transaction_session_timeout=60s&statement_timeout=5s"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db := NewDB(tt.dsn)
			if db.Backend() != tt.backend {
				t.Errorf("backend %q, want %q", db.Backend(), tt.backend)
			}
			if tt.backend == SQLite && (len(db.DSN) < len(tt.want) || db.DSN[:len(tt.want)] != tt.want) {
				t.Errorf("DSN %q, want it to start with %q", db.DSN, tt.want)
			}
			if tt.backend == Postgres && db.DSN != tt.want {
				t.Errorf("DSN %q, want %q", db.DSN, tt.want)
			}
		})
	}
}

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"planbot.db": "planbot.db",
		"postgres://planbot:s3cret@db.example/planbot": "postgres://planbot:xxxxx@db.example/planbot",
		"postgres://db.example/planbot":                "postgres://db.example/planbot",
	} {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

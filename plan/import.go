package plan

import (
	"context"
	"iter"
	"strings"
	"time"
)

// Imports (issue 16): the results of an analytics export dropped in Slack,
// stored all or nothing, one observation per key.

// MaxImportRows is how many observations one import may store: one file of
// at most 200,000 rows gives at most that many values per metric column,
// and the mapping reads a handful of columns.
const MaxImportRows = 2_000_000

// ImportKey is the key of an imported observation: its metric's key, its
// network, its date and its item (the post it is about, as the file names
// it). A plan keeps one imported observation per key: an import replaces
// the rows whose keys it brings, so a file imported twice, or two files
// over the same period, count nothing twice.
func ImportKey(metric string, n Network, date time.Time, item string) string {
	return strings.Join([]string{MetricKey(metric), string(n), dateOf(date).Format(time.DateOnly), item}, "\x1f")
}

// ImportMapping is how the columns of a file became observations,
// remembered per plan under the signature of the file's header: next
// month's export of the same report opens with it.
type ImportMapping struct {
	PlanID    int64
	Signature string
	// Mapping is the mapping as the importer writes it (JSON); plan does
	// not read it.
	Mapping   string
	UpdatedBy string
	UpdatedAt time.Time
}

// Import is one file's results, to store at once.
type Import struct {
	PlanID int64
	// Observations are the values to store, each with its Item set (""
	// for none) and its ContentItemID when the item is one of the plan's
	// posts; their ImportKey is computed from them. They are read once.
	Observations iter.Seq[*Observation]
	// Signature and Mapping are remembered for the plan with the import;
	// an empty Signature remembers nothing.
	Signature, Mapping string
	// CreatedBy is the user who imports.
	CreatedBy string
}

// ImportResult says what an import did.
type ImportResult struct {
	// Stored is the number of observations written; Replaced how many of
	// them took the place of an imported observation with the same key.
	Stored, Replaced int
}

// ImportService stores imports and the mappings they were made with.
type ImportService interface {
	// FindImportMapping returns the mapping remembered for the plan under
	// signature. Returns ENOTFOUND when there is none.
	FindImportMapping(ctx context.Context, planID int64, signature string) (*ImportMapping, error)

	// Import validates and stores imp's observations in one transaction,
	// all or none, replacing the plan's imported observations with the
	// same ImportKey, and remembers its mapping. Returns RowErrors
	// (EINVALID, rows numbered from 1 in imp's order, at most 20) or
	// ENOTFOUND for the plan.
	Import(ctx context.Context, imp Import) (ImportResult, error)
}

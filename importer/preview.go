package importer

import (
	"context"
	"errors"
	"io"
	"iter"
	"time"

	"github.com/planbot/planbot/plan"
	"github.com/xuri/excelize/v2"
)

// MaxIssues is how many issues a Preview lists; Reasons counts them all.
const MaxIssues = 100

// Obs is one value to store: a metric's value on a network, at a date,
// for a post (Item) or for none.
type Obs struct {
	Metric  string // the plan metric's name, as the mapping names it
	Network plan.Network
	Date    time.Time // a calendar date at 00:00 UTC
	End     time.Time // a period's last day when the file states one (GA4 without a Date column); zero otherwise
	Item    string    // a canonical post link (CanonicalLink), a utm_content or a post ID; "" for none
	Value   float64
	Line    int // the line (CSV) or row (XLSX) it comes from; the last one when rows merged
}

// Key identifies an observation: storage keeps one row per key and plan,
// and an import replaces the rows whose keys it brings, so importing a
// file twice, or two files over the same period, counts nothing twice.
type Key struct {
	Metric  string // plan.MetricKey of the metric's name
	Network plan.Network
	Date    time.Time
	Item    string
}

// Key returns o's key.
func (o *Obs) Key() Key {
	return Key{Metric: plan.MetricKey(o.Metric), Network: o.Network, Date: o.Date, Item: o.Item}
}

// Observation returns o as a plan observation, noted as coming from
// source ("Import: march.csv"). The item is its Link when it is a web
// address; a utm_content or a post ID has no place in plan.Observation
// yet (see doc.go).
func (o *Obs) Observation(planID int64, source, createdBy string, now time.Time) *plan.Observation {
	ob := &plan.Observation{
		PlanID: planID, Metric: o.Metric, Network: o.Network, Value: o.Value, Date: o.Date, End: o.End,
		Source: source, CreatedBy: createdBy, CreatedAt: now,
	}
	if plan.ValidURL(o.Item, "http", "https") && len(o.Item) <= plan.MaxObservationLinkLen {
		ob.Link = o.Item
	}
	ob.Normalize()
	return ob
}

// MetricSummary sums up one imported column.
type MetricSummary struct {
	Metric       string
	Column       string
	Kind         plan.MetricKind
	Observations int
	// Total is the sum of the values: what a count metric adds.
	Total float64
	// Latest is the sum, over networks and items, of each one's latest
	// value, at LatestDate: what a level metric stands at. Zero for a
	// count metric.
	Latest     float64
	LatestDate time.Time
	Convention Convention
}

// Preview is what an import would store, and why rows would not be, for
// the user to confirm before anything is written.
type Preview struct {
	Format    Format
	Encoding  string
	Delimiter rune
	Sheet     string
	Preset    string
	// Rows is the number of data rows read, blank rows aside.
	Rows int
	// Skipped counts rows left out for a reason that does not stop the
	// import; Blocked those whose reason does (see Reason.Blocking).
	Skipped, Blocked int
	// Issues are the first MaxIssues rows or cells set aside, in file order.
	Issues []Issue
	// Reasons counts every issue by reason.
	Reasons map[Reason]int
	// From and To bound the dates of Obs.
	From, To time.Time
	// DateOrder is the order numeric dates were read in; "" when the file
	// had none.
	DateOrder DateOrder
	Metrics   []MetricSummary
	// Ignored are the header's columns the mapping does not read.
	Ignored []string
	// Merged counts rows folded into an earlier one with the same key: a
	// count metric adds them (GA4 gives "ig / social" and
	// "l.instagram.com / referral" their own rows, both Instagram), any
	// other kind keeps the last row of the file.
	Merged int

	// The values to store, one per key, compact: a 200,000-row file
	// makes hundreds of thousands. Len, At and All give them as Obs.
	obs     []obs
	metrics []string // the plan metric of each mapped column
	end     time.Time
}

// obs is an Obs as a Preview keeps it.
type obs struct {
	item  string
	value float64
	day   int32 // days since 1970-01-01
	line  int32
	col   int16 // the metric's column in the mapping
	net   uint8 // 1 + the network's index in plan.Networks; 0 for none
}

// Len is the number of values to store.
func (p *Preview) Len() int { return len(p.obs) }

// At returns the i-th value to store, 0 <= i < Len(). They are ordered by
// date, then metric (in the mapping's order), network (in the catalogue's
// order) and item.
func (p *Preview) At(i int) Obs {
	o := &p.obs[i]
	var n plan.Network
	if o.net > 0 {
		n = plan.Networks[o.net-1]
	}
	return Obs{
		Metric: p.metrics[o.col], Network: n, Date: time.Unix(int64(o.day)*86400, 0).UTC(), End: p.end,
		Item: o.item, Value: o.value, Line: int(o.line),
	}
}

// All iterates over the values to store, in At's order.
func (p *Preview) All() iter.Seq[Obs] {
	return func(yield func(Obs) bool) {
		for i := range p.obs {
			if !yield(p.At(i)) {
				return
			}
		}
	}
}

// CanImport reports whether p may be stored: no blocking issue, and at
// least one value.
func (p *Preview) CanImport() bool { return p.Blocked == 0 && len(p.obs) > 0 }

// head returns the file's head, read once.
func (f *File) head() (*Head, error) {
	if f.h == nil {
		h, err := f.Head()
		if err != nil {
			return nil, err
		}
		f.h = h
	}
	return f.h, nil
}

// Preview reads the whole file through m and returns what importing it
// would store. metrics are the plan's (their kinds decide how rows with
// one key merge); today is the plan's calendar date, after which no date
// may fall. Errors are *Error for the file as a whole (a formula cell in
// a mapped column, too many rows, a header that changed), plan.FieldErrors
// for a mapping to fix; rows at fault are Issues of the Preview.
func (f *File) Preview(ctx context.Context, m Mapping, metrics []*plan.Metric, today time.Time) (*Preview, error) {
	h, err := f.head()
	if err != nil {
		return nil, err
	}
	if err := m.Validate(h, metrics); err != nil {
		return nil, err
	}
	if f.format == FormatXLSX {
		cell, err := f.firstFormula(h.Line, m.columns())
		if err != nil {
			return nil, err
		}
		if cell != "" {
			col, row, _ := excelize.CellNameToCoordinates(cell)
			return nil, &Error{Kind: KindFormula, Cell: cell, Line: row, Column: h.Columns[col-1]}
		}
	}
	if err := f.flatten(ctx, h); err != nil {
		return nil, err
	}
	r := newReading(f, h, &m, metrics, today)
	// First pass: every cell of the date and metric columns, so that
	// conventions come from whole columns.
	if err := f.scan(ctx, h, r.observe); err != nil {
		return nil, err
	}
	if err := f.scan(ctx, h, r.read); err != nil {
		return nil, err
	}
	return r.finish(), nil
}

// scan calls fn with each data row under the header, blank rows aside,
// until a "#" comment line in a file that had some above its header.
func (f *File) scan(ctx context.Context, h *Head, fn func(line int, cells []string)) error {
	src, err := f.rows()
	if err != nil {
		return err
	}
	defer src.close()
	n := 0
	for {
		line, cells, err := src.next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if line <= h.Line || filled(cells) == 0 {
			continue
		}
		if h.Comments && isComment(cells) {
			return nil
		}
		if n++; n > f.opts.maxRows() {
			return &Error{Kind: KindTooManyRows, Line: line, Limit: int64(f.opts.maxRows())}
		}
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		fn(line, cells)
	}
}

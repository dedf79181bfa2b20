package importer

import (
	"cmp"
	"context"
	"errors"
	"io"
	"slices"
	"strings"
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
	// value, at LatestDate: what a level metric stands at.
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
	// Obs are the values to store, one per key, ordered by date, then
	// metric (in the mapping's order), network and item.
	Obs []Obs
}

// CanImport reports whether p may be stored: no blocking issue, and at
// least one value.
func (p *Preview) CanImport() bool { return p.Blocked == 0 && len(p.Obs) > 0 }

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

// okey is the key by which a reading merges rows.
type okey struct {
	metric  int
	network plan.Network
	day     int64
	item    string
}

// reading is one Preview in progress.
type reading struct {
	h       *Head
	m       *Mapping
	today   time.Time
	dates   dateColumn
	numbers []NumberColumn
	counts  []bool // the metric adds up (plan.MetricCount)
	kinds   []plan.MetricKind
	index   map[okey]int
	p       *Preview
}

func newReading(f *File, h *Head, m *Mapping, metrics []*plan.Metric, today time.Time) *reading {
	hint := '.'
	if f.format == FormatCSV && strings.HasPrefix(strings.ToLower(f.opts.Lang), "fr") {
		hint = ','
	}
	r := &reading{
		h: h, m: m, today: today, index: map[okey]int{},
		dates: dateColumn{forced: m.DateOrder, serials: f.format == FormatXLSX, date1904: f.date4, fallback: DateMDY},
		p: &Preview{
			Format: f.format, Encoding: f.encoding, Delimiter: f.delimiter, Sheet: f.sheet, Preset: m.Preset,
			Reasons: map[Reason]int{}, Ignored: m.Ignored(h),
		},
	}
	if p := PresetByID(m.Preset); p != nil && p.DateOrder != "" {
		r.dates.fallback = p.DateOrder
	} else if strings.HasPrefix(strings.ToLower(f.opts.Lang), "fr") {
		r.dates.fallback = DateDMY
	}
	numbers := f.opts.Numbers
	if numbers == nil {
		numbers = DefaultNumbers
	}
	for _, mc := range m.Metrics {
		var decimal rune
		if mc.Decimal != "" {
			decimal = rune(mc.Decimal[0])
		}
		r.numbers = append(r.numbers, numbers(hint, decimal))
		kind := plan.MetricCount
		if pm := plan.FindMetric(metrics, mc.Metric); pm != nil {
			kind = pm.Kind
		}
		r.kinds = append(r.kinds, kind)
		r.counts = append(r.counts, kind == plan.MetricCount)
	}
	return r
}

// cell returns the trimmed cell i of a row, "" past its end.
func cell(cells []string, i int) string {
	if i < len(cells) {
		return strings.TrimSpace(cells[i])
	}
	return ""
}

func (r *reading) observe(_ int, cells []string) {
	if r.m.Date != nil {
		r.dates.Observe(cell(cells, r.m.Date.Index))
	}
	for i, mc := range r.m.Metrics {
		if c := cell(cells, mc.Index); !isBlank(c) {
			r.numbers[i].Observe(c)
		}
	}
}

// totals are what the date cell of a total row says.
var totals = []string{"total", "totals", "grand total", "total general", "totaux", "somme", "sum"}

func (r *reading) issue(i Issue) {
	r.p.Reasons[i.Reason]++
	if len(r.p.Issues) < MaxIssues {
		r.p.Issues = append(r.p.Issues, i)
	}
}

func (r *reading) read(line int, cells []string) {
	r.p.Rows++
	date, end := r.h.From, r.h.To
	if r.m.Date != nil {
		c := cell(cells, r.m.Date.Index)
		name := r.m.Date.Name
		var ok bool
		switch {
		case c == "":
			r.skip(Issue{Line: line, Column: name, Reason: ReasonNoDate})
			return
		case slices.Contains(totals, normalize(c)):
			r.skip(Issue{Line: line, Column: name, Reason: ReasonTotalRow, Value: c})
			return
		}
		if date, ok = r.dates.Parse(c); !ok {
			r.block(Issue{Line: line, Column: name, Reason: ReasonDate, Value: c})
			return
		}
		end = time.Time{}
	}
	if end.Equal(date) {
		end = time.Time{}
	}
	if date.After(r.today) || end.After(r.today) {
		r.block(Issue{Line: line, Reason: ReasonDateFuture, Value: date.Format(time.DateOnly)})
		return
	}
	network := r.m.FixedNetwork
	if r.m.Network != nil {
		c := cell(cells, r.m.Network.Index)
		if c != "" {
			n, ok := ParseSource(c)
			if !ok {
				r.skip(Issue{Line: line, Column: r.m.Network.Name, Reason: ReasonNetwork, Value: c})
				return
			}
			network = n
		}
	}
	item := ""
	if r.m.Item != nil {
		item = itemOf(cell(cells, r.m.Item.Index), r.m.ItemKind)
	}
	produced, blocked := 0, false
	for i, mc := range r.m.Metrics {
		c := cell(cells, mc.Index)
		if isBlank(c) {
			continue
		}
		v, err := r.numbers[i].Parse(c)
		if err != nil {
			is := Issue{Line: line, Column: mc.Name, Reason: ReasonNumber, Value: c}
			var ne *NumberError
			if errors.As(err, &ne) {
				is.Reason, is.Readings = ne.Reason, ne.Readings
			}
			r.issue(is)
			blocked = true
			continue
		}
		r.add(i, Obs{Metric: mc.Metric, Network: network, Date: date, End: end, Item: item, Value: v, Line: line})
		produced++
	}
	switch {
	case blocked:
		r.p.Blocked++
	case produced == 0:
		r.skip(Issue{Line: line, Reason: ReasonNoValues})
	}
}

func (r *reading) skip(i Issue) {
	r.p.Skipped++
	r.issue(i)
}

func (r *reading) block(i Issue) {
	r.p.Blocked++
	r.issue(i)
}

// add stores o, or merges it into the value already under its key.
func (r *reading) add(metric int, o Obs) {
	k := okey{metric: metric, network: o.Network, day: o.Date.Unix(), item: o.Item}
	if at, ok := r.index[k]; ok {
		prev := &r.p.Obs[at]
		r.p.Merged++
		if r.counts[metric] {
			o.Value += prev.Value
		}
		*prev = o
		return
	}
	r.index[k] = len(r.p.Obs)
	r.p.Obs = append(r.p.Obs, o)
}

// itemOf returns the item key of a cell.
func itemOf(c string, kind ItemKind) string {
	if isBlank(c) {
		return ""
	}
	if kind == ItemLink || kind == "" {
		return CanonicalLink(c)
	}
	return c
}

func (r *reading) finish() *Preview {
	p := r.p
	order := map[string]int{}
	for i, mc := range r.m.Metrics {
		order[mc.Metric] = i
	}
	slices.SortFunc(p.Obs, func(a, b Obs) int {
		return cmp.Or(a.Date.Compare(b.Date), cmp.Compare(order[a.Metric], order[b.Metric]),
			cmp.Compare(a.Network, b.Network), cmp.Compare(a.Item, b.Item))
	})
	if r.m.Date != nil {
		p.DateOrder = r.dates.Order()
	}
	type series struct {
		network plan.Network
		item    string
	}
	for i, mc := range r.m.Metrics {
		s := MetricSummary{Metric: mc.Metric, Column: mc.Name, Kind: r.kinds[i], Convention: r.numbers[i].Convention()}
		latest := map[series]*Obs{}
		for j := range p.Obs {
			o := &p.Obs[j]
			if o.Metric != mc.Metric {
				continue
			}
			s.Observations++
			s.Total += o.Value
			k := series{o.Network, o.Item}
			if l := latest[k]; l == nil || !o.Date.Before(l.Date) {
				latest[k] = o
			}
		}
		for j := range p.Obs { // in order, so that the sum is the same every time
			o := &p.Obs[j]
			if o.Metric == mc.Metric && latest[series{o.Network, o.Item}] == o {
				s.Latest += o.Value
				if o.Date.After(s.LatestDate) {
					s.LatestDate = o.Date
				}
			}
		}
		p.Metrics = append(p.Metrics, s)
	}
	for _, o := range p.Obs {
		if p.From.IsZero() || o.Date.Before(p.From) {
			p.From = o.Date
		}
		last := o.Date
		if !o.End.IsZero() {
			last = o.End
		}
		if last.After(p.To) {
			p.To = last
		}
	}
	return p
}

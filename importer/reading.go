package importer

import (
	"cmp"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/planbot/planbot/plan"
)

// okey is the key by which a reading merges rows: obs's key fields.
type okey struct {
	item string
	day  int32
	col  int16
	net  uint8
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
	nets    map[plan.Network]uint8
	rows    int // data rows seen by observe
	index   map[okey]int32
	p       *Preview
}

func newReading(f *File, h *Head, m *Mapping, metrics []*plan.Metric, today time.Time) *reading {
	loc := plan.NumberEnglish // excelize renders a workbook's numbers the en-US way
	if f.format == FormatCSV {
		loc = plan.NumberLocaleOf(f.opts.Lang)
	}
	r := &reading{
		h: h, m: m, today: today, nets: map[plan.Network]uint8{},
		dates: dateColumn{forced: m.DateOrder, serials: f.format == FormatXLSX, date1904: f.date4, fallback: DateMDY},
		p: &Preview{
			Format: f.format, Encoding: f.encoding, Delimiter: f.delimiter, Sheet: f.sheet, Preset: m.Preset,
			Reasons: map[Reason]int{}, Ignored: m.Ignored(h),
		},
	}
	for i, n := range plan.Networks {
		r.nets[n] = uint8(i + 1)
	}
	if m.Date == nil && !h.To.Equal(h.From) {
		r.p.end = h.To
	}
	if p := PresetByID(m.Preset); p != nil && p.DateOrder != "" {
		r.dates.fallback = p.DateOrder
	} else if plan.NumberLocaleOf(f.opts.Lang) == plan.NumberFrench {
		r.dates.fallback = DateDMY
	}
	numbers := f.opts.Numbers
	if numbers == nil {
		numbers = PlanNumbers
	}
	for _, mc := range m.Metrics {
		var mark plan.DecimalMark
		if mc.Decimal != "" {
			mark = plan.DecimalMark(mc.Decimal[0])
		}
		r.numbers = append(r.numbers, numbers(loc, mark))
		kind := plan.MetricCount
		if pm := plan.FindMetric(metrics, mc.Metric); pm != nil {
			kind = pm.Kind
		}
		r.kinds = append(r.kinds, kind)
		r.counts = append(r.counts, kind == plan.MetricCount)
		r.p.metrics = append(r.p.metrics, mc.Metric)
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

// observe is the first pass: it shows the date and metric cells to their
// columns, and counts the rows to size the second pass.
func (r *reading) observe(_ int, cells []string) {
	r.rows++
	if r.m.Date != nil {
		r.dates.Observe(cell(cells, r.m.Date.Index))
	}
	for i, mc := range r.m.Metrics {
		if c := cell(cells, mc.Index); !isBlank(c) {
			r.numbers[i].Observe(c)
		}
	}
}

// totals are what a total row says in its date, network or item cell.
var totals = []string{"total", "totals", "grand total", "total general", "totaux", "somme", "sum"}

// isTotal reports whether a cell says its row is a total. Most cells are
// told apart by their first letter and length, without normalising them.
func isTotal(c string) bool {
	if c == "" || len(c) > 16 || !strings.ContainsRune("tTgGsS", rune(c[0])) {
		return false
	}
	return slices.Contains(totals, normalize(c))
}

func (r *reading) issue(i Issue) {
	r.p.Reasons[i.Reason]++
	if len(r.p.Issues) < MaxIssues {
		r.p.Issues = append(r.p.Issues, i)
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

// read is the second pass: it turns a row into values, or sets it aside.
func (r *reading) read(line int, cells []string) {
	if r.index == nil {
		r.index = make(map[okey]int32, r.rows*len(r.m.Metrics))
		r.p.obs = make([]obs, 0, r.rows*len(r.m.Metrics))
	}
	r.p.Rows++
	date := r.h.From
	if r.m.Date != nil {
		c := cell(cells, r.m.Date.Index)
		name := r.m.Date.Name
		var ok bool
		switch {
		case c == "":
			r.skip(Issue{Line: line, Column: name, Reason: ReasonNoDate})
			return
		case isTotal(c):
			r.skip(Issue{Line: line, Column: name, Reason: ReasonTotalRow, Value: c})
			return
		}
		if date, ok = r.dates.Parse(c); !ok {
			r.block(Issue{Line: line, Column: name, Reason: ReasonDate, Value: c})
			return
		}
	}
	if date.After(r.today) || r.p.end.After(r.today) {
		r.block(Issue{Line: line, Reason: ReasonDateFuture, Value: date.Format(time.DateOnly)})
		return
	}
	if r.totalRow(cells) {
		r.skip(Issue{Line: line, Reason: ReasonTotalRow})
		return
	}
	network := r.m.FixedNetwork
	if r.m.Network != nil {
		if c := cell(cells, r.m.Network.Index); c != "" {
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
	o := obs{item: item, day: int32(date.Unix() / 86400), line: int32(line), net: r.nets[network]}
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
		o.col, o.value = int16(i), v
		r.add(o)
		produced++
	}
	switch {
	case blocked:
		r.p.Blocked++
	case produced == 0:
		r.skip(Issue{Line: line, Reason: ReasonNoValues})
	}
}

// totalRow reports whether a row is a total: "Total" in its network or
// item cell, or, in a file without a date column, both cells empty (GA4
// writes its totals with empty dimensions).
func (r *reading) totalRow(cells []string) bool {
	mapped, empty := false, true
	for _, c := range [2]*Column{r.m.Network, r.m.Item} {
		if c == nil {
			continue
		}
		d := cell(cells, c.Index)
		if isTotal(d) {
			return true
		}
		mapped, empty = true, empty && d == ""
	}
	return mapped && empty && r.m.Date == nil
}

// add stores o, or merges it into the value already under its key.
func (r *reading) add(o obs) {
	k := okey{item: o.item, day: o.day, col: o.col, net: o.net}
	if at, ok := r.index[k]; ok {
		prev := &r.p.obs[at]
		r.p.Merged++
		if r.counts[o.col] {
			o.value += prev.value
		}
		*prev = o
		return
	}
	r.index[k] = int32(len(r.p.obs))
	r.p.obs = append(r.p.obs, o)
}

// itemOf returns the item key of a cell, in a string of its own (a cell
// shares its memory with the whole CSV record).
func itemOf(c string, kind ItemKind) string {
	if isBlank(c) {
		return ""
	}
	if kind == ItemLink || kind == "" {
		return strings.Clone(CanonicalLink(c))
	}
	return strings.Clone(c)
}

// finish orders the values and sums them up.
func (r *reading) finish() *Preview {
	p := r.p
	r.index = nil // no longer needed: let the sort and sums have the memory
	slices.SortFunc(p.obs, func(a, b obs) int {
		return cmp.Or(cmp.Compare(a.day, b.day), cmp.Compare(a.col, b.col), cmp.Compare(a.net, b.net), cmp.Compare(a.item, b.item))
	})
	if r.m.Date != nil {
		p.DateOrder = r.dates.Order()
	}
	type series struct {
		net  uint8
		item string
	}
	p.Metrics = make([]MetricSummary, len(r.m.Metrics))
	latest := make([]map[series]int, len(r.m.Metrics))
	for i, mc := range r.m.Metrics {
		p.Metrics[i] = MetricSummary{Metric: mc.Metric, Column: mc.Name, Kind: r.kinds[i], Convention: r.numbers[i].Convention()}
		if !r.counts[i] {
			latest[i] = map[series]int{}
		}
	}
	for j := range p.obs {
		o := &p.obs[j]
		s := &p.Metrics[o.col]
		s.Observations++
		s.Total += o.value
		if l := latest[o.col]; l != nil {
			l[series{o.net, o.item}] = j // sorted by day: the last one seen is the latest
		}
	}
	for i, l := range latest {
		if l == nil {
			continue
		}
		s := &p.Metrics[i]
		for j := range p.obs { // in order, so that the sum is the same every time
			o := &p.obs[j]
			if int(o.col) == i && l[series{o.net, o.item}] == j {
				s.Latest += o.value
				s.LatestDate = p.At(j).Date
			}
		}
	}
	if len(p.obs) > 0 {
		p.From, p.To = p.At(0).Date, p.At(len(p.obs)-1).Date
		if !p.end.IsZero() {
			p.To = p.end
		}
	}
	return p
}

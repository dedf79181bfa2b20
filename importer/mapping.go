package importer

import (
	"fmt"
	"slices"

	"github.com/planbot/planbot/plan"
)

// ItemKind says what a file's item column holds: how a row finds the
// content item (the post) it is about.
type ItemKind string

// Item kinds.
const (
	ItemLink ItemKind = "link"        // the post's web address (Permalink, Post link)
	ItemUTM  ItemKind = "utm_content" // the utm_content of a tagged link (GA4)
	ItemID   ItemKind = "id"          // the network's own post ID
)

// Column is a column of a file: its place and its header. The name is
// checked when a mapping is applied, so a remembered mapping never reads
// a column that moved.
type Column struct {
	Index int    `json:"index"` // 0-based
	Name  string `json:"name"`
}

// MetricColumn is a column whose numbers are values of a plan metric.
type MetricColumn struct {
	Column
	// Metric is the plan metric's name.
	Metric string `json:"metric"`
	// Decimal is the decimal separator the user chose for the column, "."
	// or ","; "" lets the cells tell (see NumberColumn).
	Decimal string `json:"decimal,omitempty"`
}

// Mapping says how the rows of a file become observations. It is what the
// mapping modal edits and what storage remembers per plan under the
// header's Signature, as JSON.
type Mapping struct {
	// Preset is the ID of the preset it came from; "" for none.
	Preset string `json:"preset,omitempty"`
	// Date is the date column; nil takes the period the file states
	// (Head.From to Head.To), as a GA4 report without a Date column does.
	Date *Column `json:"date,omitempty"`
	// DateOrder settles numeric dates ("03/04/2026"); "" lets the cells,
	// then the preset, then the user's language decide.
	DateOrder DateOrder `json:"date_order,omitempty"`
	// Network is the network column; nil gives every row FixedNetwork.
	Network *Column `json:"network,omitempty"`
	// FixedNetwork is the network of every row when Network is nil; ""
	// for values not about one network (a website's sessions).
	FixedNetwork plan.Network `json:"fixed_network,omitempty"`
	// Item is the column that identifies the post; nil for none.
	Item     *Column  `json:"item,omitempty"`
	ItemKind ItemKind `json:"item_kind,omitempty"`
	// Metrics are the columns imported, each into a plan metric.
	Metrics []MetricColumn `json:"metrics"`
}

// columns returns the 0-based indexes of every column the mapping reads.
func (m *Mapping) columns() []int {
	var cols []int
	for _, c := range []*Column{m.Date, m.Network, m.Item} {
		if c != nil {
			cols = append(cols, c.Index)
		}
	}
	for _, mc := range m.Metrics {
		cols = append(cols, mc.Index)
	}
	return cols
}

// Validate checks m against the file's header and the plan's metrics. A
// column whose header is not the one the mapping names is a
// KindHeaderChanged *Error; choices the user must fix are plan.FieldErrors
// with fields "date", "network", "item", "metrics" and "metric_<i>" for
// the i-th metric column (0-based), keys "import.mapping.*".
func (m *Mapping) Validate(h *Head, metrics []*plan.Metric) error {
	for _, c := range m.all() {
		if c.Index < 0 || c.Index >= len(h.Columns) || normalize(h.Columns[c.Index]) != normalize(c.Name) {
			return &Error{Kind: KindHeaderChanged, Column: c.Name}
		}
	}
	var fe plan.FieldErrors
	if m.Date == nil && (h.From.IsZero() || h.To.IsZero()) {
		fe = append(fe, plan.Invalid("date", "import.mapping.date_required", "choose the date column"))
	}
	if m.DateOrder != "" && m.DateOrder != DateDMY && m.DateOrder != DateMDY {
		fe = append(fe, plan.Invalid("date", "import.mapping.date_order", "choose how dates are written"))
	}
	if m.Network == nil && m.FixedNetwork != "" && !m.FixedNetwork.Valid() {
		fe = append(fe, plan.Invalid("network", "import.mapping.network_invalid", "choose a network"))
	}
	if m.Item != nil && m.ItemKind != "" && m.ItemKind != ItemLink && m.ItemKind != ItemUTM && m.ItemKind != ItemID {
		fe = append(fe, plan.Invalid("item", "import.mapping.item_kind", "choose what identifies the post"))
	}
	if len(m.Metrics) == 0 {
		fe = append(fe, plan.Invalid("metrics", "import.mapping.metrics_required", "choose at least one column to import"))
	}
	used := map[int]bool{}
	for _, c := range []*Column{m.Date, m.Network, m.Item} {
		if c != nil {
			used[c.Index] = true
		}
	}
	seen := map[string]bool{}
	for i, mc := range m.Metrics {
		field := fmt.Sprintf("metric_%d", i)
		key := plan.MetricKey(mc.Metric)
		switch {
		case key != plan.MetricMentions && plan.FindMetric(metrics, mc.Metric) == nil:
			fe = append(fe, plan.Invalid(field, "import.mapping.metric_unknown", "choose a metric of the plan"))
		case seen[key]:
			fe = append(fe, plan.Invalid(field, "import.mapping.metric_twice", "a metric can take one column only"))
		case used[mc.Index]:
			fe = append(fe, plan.Invalid(field, "import.mapping.column_twice", "this column is already used"))
		case mc.Decimal != "" && mc.Decimal != "." && mc.Decimal != ",":
			fe = append(fe, plan.Invalid(field, "import.mapping.decimal", "choose the decimal separator"))
		}
		seen[key], used[mc.Index] = true, true
	}
	return fe.Err()
}

// all returns every column the mapping names.
func (m *Mapping) all() []Column {
	var cols []Column
	for _, c := range []*Column{m.Date, m.Network, m.Item} {
		if c != nil {
			cols = append(cols, *c)
		}
	}
	for _, mc := range m.Metrics {
		cols = append(cols, mc.Column)
	}
	return cols
}

// Names of columns that Suggest takes for the date, the network and the
// item of a file no preset knows, in normalize's form, English and French.
var (
	dateNames = []string{"date", "day", "jour", "publish time", "published", "publication date", "date de publication",
		"created date", "date de creation", "posted", "period", "periode", "week", "semaine", "month", "mois"}
	networkNames = []string{"network", "reseau", "reseau social", "platform", "plateforme", "channel", "canal",
		"source", "social network", "source medium", "session source medium"}
	itemNames = []string{"link", "url", "lien", "post link", "lien du post", "lien de la publication", "permalink",
		"utm content", "utm_content", "post url", "publication"}
)

// Suggest proposes a mapping for a file: its preset's when the header is
// one (the measures going to the plan metrics of the same concept), else
// by column names, in English and French, and by what the sample rows
// hold. Each plan metric takes at most one column. The user confirms or
// edits it in the mapping modal.
func Suggest(h *Head, metrics []*plan.Metric) Mapping {
	var m Mapping
	col := func(names []string) *Column {
		for _, n := range names {
			for i, c := range h.Columns {
				if normalize(c) == n {
					return &Column{Index: i, Name: c}
				}
			}
		}
		return nil
	}
	taken := map[string]bool{}
	p := h.Preset
	if p != nil {
		m.Preset = p.ID
		m.Date = col(p.date)
		m.FixedNetwork = p.Network
		if p.Network == "" {
			m.Network = col(p.network)
		}
		m.Item, m.ItemKind = col(p.item), p.itemKind
	} else {
		m.Date = col(dateNames)
		if m.Date == nil {
			m.Date = dateLikeColumn(h)
		}
		m.Network = col(networkNames)
		if m.Item = col(itemNames); m.Item != nil {
			m.ItemKind = ItemLink
			if n := normalize(m.Item.Name); n == "utm content" || n == "utm_content" {
				m.ItemKind = ItemUTM
			}
		}
	}
	used := map[int]bool{}
	for _, c := range []*Column{m.Date, m.Network, m.Item} {
		if c != nil {
			used[c.Index] = true
		}
	}
	for i, c := range h.Columns {
		if used[i] {
			continue
		}
		var pm *plan.Metric
		if p != nil {
			concept, ok := p.measures[normalize(c)]
			if !ok {
				continue
			}
			pm = MatchMetric(c, metrics)
			if pm == nil {
				pm = byConcept(concept, metrics)
			}
		} else {
			pm = MatchMetric(c, metrics)
		}
		if pm == nil || taken[plan.MetricKey(pm.Name)] {
			continue
		}
		taken[plan.MetricKey(pm.Name)] = true
		m.Metrics = append(m.Metrics, MetricColumn{Column: Column{Index: i, Name: c}, Metric: pm.Name})
	}
	return m
}

// byConcept returns the plan metric that names concept, or nil.
func byConcept(concept string, metrics []*plan.Metric) *plan.Metric {
	for _, m := range metrics {
		if Concept(m.Name) == concept {
			return m
		}
	}
	return nil
}

// dateLikeColumn returns the first column whose sample cells all read as
// dates, or nil.
func dateLikeColumn(h *Head) *Column {
	for i, c := range h.Columns {
		ok := len(h.Samples) > 0
		for _, s := range h.Samples {
			if _, isDate := parseDateAny(s[i]); !isDate {
				ok = false
			}
		}
		if ok {
			return &Column{Index: i, Name: c}
		}
	}
	return nil
}

// Ignored returns the names of the header's columns that m does not
// read, for the preview ("not imported: Post type, Title").
func (m *Mapping) Ignored(h *Head) []string {
	var out []string
	for i, c := range h.Columns {
		if !slices.Contains(m.columns(), i) {
			out = append(out, c)
		}
	}
	return out
}

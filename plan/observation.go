package plan

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// MentionKind is what earned exposure a mention is.
type MentionKind string

// Kinds of mentions, from the method's step 8: blog mentions, tags, posts
// and press articles.
const (
	MentionBlogPost MentionKind = "blog_post"
	MentionTag      MentionKind = "tag"
	MentionPost     MentionKind = "post"
	MentionPress    MentionKind = "press_article"
)

// MentionKinds lists the kinds in the order they are offered to users.
var MentionKinds = []MentionKind{MentionBlogPost, MentionTag, MentionPost, MentionPress}

// Valid reports whether k is a known kind.
func (k MentionKind) Valid() bool { return slices.Contains(MentionKinds, k) }

// Observation limits.
const (
	MaxObservationSourceLen = 500
	MaxObservationLinkLen   = 1000
	MaxObservationOutletLen = 150
	MaxObservationsBatch    = 500 // rows stored at once
)

// Observation is one measured value of a metric (step 8): on a network or
// on none, on a date or over a period, with where it comes from.
type Observation struct {
	ID      int64
	PlanID  int64
	Metric  string  // the metric's name
	Network Network // "" when the value is not about one network
	Value   float64
	Date    time.Time // a calendar date at 00:00 UTC: the day, or the start of the period
	End     time.Time // the last day of the period; zero for a single day
	Source  string    // a note: where the number comes from
	Link    string    // a web address of the source
	// Outlet and Mention describe earned exposure logged as a mention: the
	// blog, newspaper or account, and what it was.
	Outlet  string
	Mention MentionKind
	// ContentItemID is the post the value is about (its clicks, its
	// reach); 0 when it is about no one post. Step 9 reads pillars and
	// calls to action through it.
	ContentItemID int64
	// Item is the post an imported value is about, as its file names it:
	// a canonical post link, a utm_content or the network's post ID; ""
	// for none and for values typed in Slack.
	Item      string
	CreatedBy string
	CreatedAt time.Time
}

// At is the date the value stands for: the end of its period, or its day.
func (o *Observation) At() time.Time {
	if !o.End.IsZero() {
		return o.End
	}
	return o.Date
}

// Normalize trims the text fields of o and makes its dates calendar dates.
func (o *Observation) Normalize() {
	o.Metric = strings.Join(strings.Fields(o.Metric), " ")
	o.Source = strings.TrimSpace(o.Source)
	o.Link = strings.TrimSpace(o.Link)
	o.Outlet = strings.TrimSpace(o.Outlet)
	o.Date, o.End = dateOf(o.Date), dateOf(o.End)
	if o.End.Equal(o.Date) {
		o.End = time.Time{}
	}
}

// dateOf returns the calendar date of t at 00:00 UTC; zero stays zero.
func dateOf(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Validate returns FieldErrors for every field of o that is not valid.
// today is the plan's calendar date: nothing is measured in the future.
// That the metric is one of the plan's is checked by ValidateObservations.
func (o *Observation) Validate(today time.Time) error {
	var fe FieldErrors
	switch n := len([]rune(o.Metric)); {
	case n == 0:
		fe = append(fe, Invalid("metric", "observation.metric.required", "choose the metric"))
	case n > MaxMetricNameLen:
		fe = append(fe, Invalid("metric", "observation.metric.too_long", "the metric name is too long"))
	}
	if o.Network != "" && !o.Network.Valid() {
		fe = append(fe, Invalid("network", "observation.network.invalid", "choose a network"))
	}
	if math.IsNaN(o.Value) || math.IsInf(o.Value, 0) || math.Abs(o.Value) > MaxAbsNumber {
		fe = append(fe, Invalid("value", "observation.value.invalid", "the value must be a number"))
	}
	switch {
	case o.Date.IsZero():
		fe = append(fe, Invalid("date", "observation.date.required", "choose the date"))
	case o.Date.After(today):
		fe = append(fe, Invalid("date", "observation.date.future", "the date is in the future"))
	case !o.End.IsZero() && o.End.Before(o.Date):
		fe = append(fe, Invalid("end", "observation.end.before_start", "the period ends before it starts"))
	case !o.End.IsZero() && o.End.After(today):
		fe = append(fe, Invalid("end", "observation.end.future", "the period ends in the future"))
	}
	if len([]rune(o.Source)) > MaxObservationSourceLen {
		fe = append(fe, Invalid("source", "observation.source.too_long", "the source note is too long"))
	}
	if o.Link != "" && (len(o.Link) > MaxObservationLinkLen || !ValidURL(o.Link, "http", "https")) {
		fe = append(fe, Invalid("link", "observation.link.invalid", "the link must start with https://"))
	}
	if len([]rune(o.Outlet)) > MaxObservationOutletLen {
		fe = append(fe, Invalid("outlet", "observation.outlet.too_long", "the outlet is too long"))
	}
	if o.Mention != "" && !o.Mention.Valid() {
		fe = append(fe, Invalid("mention", "observation.mention.invalid", "choose what the mention is"))
	}
	return fe.Err()
}

// RowError is what is wrong with one row of a batch of observations: a
// line of a pasted CSV, or a line of the form. Value is the text at fault,
// for the message; Key is a catalogue key.
type RowError struct {
	Row   int // 1-based: the line of the paste, or of the form
	Field string
	Key   string
	Value string
	// Grouped and Decimal are the two readings of a value refused as
	// ambiguous (Key number.ambiguous), for a message that shows both.
	Grouped, Decimal float64
}

// RowErrors are the errors of a batch of observations, one or more a row.
// Such a batch is stored whole or not at all. ErrorCode reports it as
// EINVALID.
type RowErrors []RowError

// Error implements the error interface.
func (re RowErrors) Error() string {
	parts := make([]string, len(re))
	for i, e := range re {
		parts[i] = fmt.Sprintf("row %d: %s: %s", e.Row, e.Field, e.Key)
	}
	return "invalid rows: " + strings.Join(parts, "; ")
}

// Unwrap makes RowErrors an EINVALID *Error for ErrorCode.
func (re RowErrors) Unwrap() error {
	key := ""
	if len(re) > 0 {
		key = re[0].Key
	}
	return &Error{Code: EINVALID, Key: key, Message: "invalid rows"}
}

// Err returns re as an error, or nil when it holds none.
func (re RowErrors) Err() error {
	if len(re) == 0 {
		return nil
	}
	return re
}

// ValidateObservations checks a batch: every observation valid at today,
// of a metric of the plan (see PlanMetrics; MetricMentions is always
// allowed), and no more than MaxObservationsBatch. rows gives the row
// number of each observation; nil numbers them from 1.
func ValidateObservations(obs []*Observation, rows []int, metrics []*Metric, today time.Time) RowErrors {
	var re RowErrors
	if len(obs) > MaxObservationsBatch {
		return RowErrors{{Row: len(obs), Field: "rows", Key: "observation.batch.too_many", Value: fmt.Sprint(MaxObservationsBatch)}}
	}
	for i, o := range obs {
		row := i + 1
		if i < len(rows) {
			row = rows[i]
		}
		for _, e := range ErrorFields(o.Validate(today)) {
			re = append(re, RowError{Row: row, Field: e.Field, Key: e.Key, Value: fieldValue(o, e.Field)})
		}
		if o.Metric != "" && MetricKey(o.Metric) != MetricMentions && FindMetric(metrics, o.Metric) == nil {
			re = append(re, RowError{Row: row, Field: "metric", Key: "observation.metric.unknown", Value: o.Metric})
		}
	}
	return re
}

// fieldValue is the text of field of o, quoted in row errors.
func fieldValue(o *Observation, field string) string {
	switch field {
	case "metric":
		return o.Metric
	case "network":
		return string(o.Network)
	case "link":
		return o.Link
	case "date":
		return o.Date.Format(time.DateOnly)
	case "end":
		return o.End.Format(time.DateOnly)
	}
	return ""
}

// ObservationFilter selects observations. Zero fields match everything,
// and a zero Limit means no limit: reviews, status, step 9 and exports read
// every observation of the metrics and window they need, whatever their
// number (storage indexes plan, metric key and date for it).
type ObservationFilter struct {
	ID     *int64
	PlanID *int64
	Metric string // a metric name, whatever its case
	// Metrics selects the observations of any of these metrics, compared
	// as MetricKey does; with Metric set too, an observation matches
	// either.
	Metrics []string
	Network *Network // "" selects the observations of no network
	// Networks selects the observations on any of these networks; "" in
	// it stands for the observations of no network ("all networks").
	Networks []Network
	// ContentItemID selects the observations of one content item.
	ContentItemID *int64
	// From and To bound the observation's day (Date) to [From, To], both
	// calendar dates, when set.
	From, To time.Time
	// Newest lists the latest observations first.
	Newest bool
	Offset int
	Limit  int
}

// Match reports whether o matches the filter, Offset and Limit aside: the
// meaning storage implements in SQL, for fakes and tests.
func (f ObservationFilter) Match(o *Observation) bool {
	switch {
	case f.ID != nil && o.ID != *f.ID,
		f.PlanID != nil && o.PlanID != *f.PlanID,
		f.Network != nil && o.Network != *f.Network,
		len(f.Networks) > 0 && !slices.Contains(f.Networks, o.Network),
		f.ContentItemID != nil && o.ContentItemID != *f.ContentItemID,
		!f.From.IsZero() && o.Date.Before(f.From),
		!f.To.IsZero() && o.Date.After(f.To):
		return false
	}
	if f.Metric == "" && len(f.Metrics) == 0 {
		return true
	}
	key := MetricKey(o.Metric)
	if f.Metric != "" && MetricKey(f.Metric) == key {
		return true
	}
	for _, m := range f.Metrics {
		if MetricKey(m) == key {
			return true
		}
	}
	return false
}

package plan

import (
	"cmp"
	"slices"
	"time"
)

// Calendar is the content plan laid out over a week or a month (issue 17):
// the items of each day per network, each network's posts against its
// cadence, and the items that need attention. It is plain data for a view
// to draw: a picture of days by networks coloured by status, and the list.
type Calendar struct {
	Span CalendarSpan
	// Networks are the rows: the networks the plan chose, in catalogue
	// order, then networks that items of the span use without having been
	// chosen.
	Networks []Network
	Days     []CalendarDay // every day of the span, in order
	// Cadence has one check per chosen network whose cadence can be read
	// and per period touching the span: each ISO week for a weekly cadence,
	// each month for a monthly one; by network, then period. Stopped
	// networks are not checked: their items are flagged instead.
	Cadence []CadenceCheck
	// Unchecked are the chosen networks, not stopped, whose cadence cannot
	// be checked: none given, or free text ParseCadence cannot read.
	Unchecked []*Channel
	// Flags are the items of the span that need attention, by publication
	// time.
	Flags []CalendarFlag
}

// CalendarDay is one day of a calendar and the items planned on it.
type CalendarDay struct {
	Date  time.Time      // a calendar date at 00:00 UTC
	Items []*ContentItem // by publication time, then ID
}

// On returns the items of d on network n.
func (d CalendarDay) On(n Network) []*ContentItem {
	var out []*ContentItem
	for _, c := range d.Items {
		if c.Network == n {
			out = append(out, c)
		}
	}
	return out
}

// CadenceCheck compares the posts planned on a network in one ISO week or
// month with its cadence.
type CadenceCheck struct {
	Channel *Channel
	Cadence Cadence
	Start   time.Time // the first day of the week or month checked
	End     time.Time // the day after its last
	// Planned counts the items dated in the period on the network, whatever
	// their status: an idea with a date is a post the team means to make.
	Planned int
	State   CadenceState
}

// ISOWeek returns the ISO year and week of a weekly check.
func (c CadenceCheck) ISOWeek() (year, week int) { return c.Start.ISOWeek() }

// Missing returns how many posts the period lacks to reach the cadence's
// minimum; 0 when it does not lack any.
func (c CadenceCheck) Missing() int { return max(c.Cadence.Min-c.Planned, 0) }

// CalendarFlagKind is why a calendar flags an item.
type CalendarFlagKind string

// Reasons to flag an item.
const (
	FlagStoppedNetwork  CalendarFlagKind = "stopped_network"  // planned on a network the team stopped
	FlagUnchosenNetwork CalendarFlagKind = "unchosen_network" // planned on a network the plan never chose
	FlagNoPillar        CalendarFlagKind = "no_pillar"        // about no content pillar
	FlagNoCTA           CalendarFlagKind = "no_cta"           // carrying no call to action
)

// CalendarFlag is an item of the span and every reason to flag it.
type CalendarFlag struct {
	Item  *ContentItem
	Kinds []CalendarFlagKind
}

// Gaps returns the checks below their cadence: what Home shows as this
// week's gaps for a week span.
func (c Calendar) Gaps() []CadenceCheck {
	var out []CadenceCheck
	for _, k := range c.Cadence {
		if k.State == CadenceBelow {
			out = append(out, k)
		}
	}
	return out
}

// Off returns the checks below or above their cadence.
func (c Calendar) Off() []CadenceCheck {
	var out []CadenceCheck
	for _, k := range c.Cadence {
		if k.State != CadenceWithin {
			out = append(out, k)
		}
	}
	return out
}

// Items returns the items of the span, by publication time.
func (c Calendar) Items() []*ContentItem {
	var out []*ContentItem
	for _, d := range c.Days {
		out = append(out, d.Items...)
	}
	return out
}

// BuildCalendar lays items out over span in loc and checks them against
// the plan's chosen networks. items should hold every item of
// span.CheckSpan().Bounds(loc), so that the weeks and months at the edges
// are counted whole; items outside it and items without a date are
// ignored. A network chosen more than once (NetworkOther) counts the same
// items for each of its choices.
func BuildCalendar(span CalendarSpan, items []*ContentItem, channels []*Channel, loc *time.Location) Calendar {
	cal := Calendar{Span: span}
	check := span.CheckSpan()
	dayOf := map[*ContentItem]time.Time{}
	var dated []*ContentItem
	for _, c := range items {
		if c.PublishAt.IsZero() {
			continue
		}
		day := Today(c.PublishAt, loc)
		if !check.Contains(day) {
			continue
		}
		dayOf[c] = day
		dated = append(dated, c)
	}
	slices.SortStableFunc(dated, func(a, b *ContentItem) int {
		return cmp.Or(a.PublishAt.Compare(b.PublishAt), cmp.Compare(a.ID, b.ID))
	})

	// The grid.
	byDay := map[time.Time][]*ContentItem{}
	for _, c := range dated {
		if span.Contains(dayOf[c]) {
			byDay[dayOf[c]] = append(byDay[dayOf[c]], c)
		}
	}
	for _, d := range span.Days() {
		cal.Days = append(cal.Days, CalendarDay{Date: d, Items: byDay[d]})
	}

	// The rows.
	chosen := map[Network][]*Channel{}
	var rows []Network
	for _, ch := range channels {
		chosen[ch.Network] = append(chosen[ch.Network], ch)
		rows = append(rows, ch.Network)
	}
	rows = SortNetworks(rows)
	var others []Network
	for _, c := range cal.Items() {
		if _, ok := chosen[c.Network]; !ok && !slices.Contains(others, c.Network) {
			others = append(others, c.Network)
		}
	}
	cal.Networks = append(rows, SortNetworks(others)...)

	// The cadences.
	ordered := slices.Clone(channels)
	slices.SortStableFunc(ordered, func(a, b *Channel) int {
		return cmp.Compare(slices.Index(Networks, a.Network), slices.Index(Networks, b.Network))
	})
	for _, ch := range ordered {
		if ch.Stopped() {
			continue
		}
		cad, ok := ch.PlannedCadence()
		if !ok {
			cal.Unchecked = append(cal.Unchecked, ch)
			continue
		}
		for _, p := range cadencePeriods(span, cad.Per) {
			n := 0
			for _, c := range dated {
				if c.Network == ch.Network && p.Contains(dayOf[c]) {
					n++
				}
			}
			cal.Cadence = append(cal.Cadence, CadenceCheck{
				Channel: ch, Cadence: cad, Start: p.Start, End: p.End, Planned: n, State: cad.Check(n),
			})
		}
	}

	// The flags.
	for _, c := range cal.Items() {
		var kinds []CalendarFlagKind
		chs, ok := chosen[c.Network]
		switch {
		case !ok:
			kinds = append(kinds, FlagUnchosenNetwork)
		case allStoppedFor(chs, c):
			kinds = append(kinds, FlagStoppedNetwork)
		}
		if c.PillarID == 0 {
			kinds = append(kinds, FlagNoPillar)
		}
		if c.CTAID == 0 {
			kinds = append(kinds, FlagNoCTA)
		}
		if len(kinds) > 0 {
			cal.Flags = append(cal.Flags, CalendarFlag{Item: c, Kinds: kinds})
		}
	}
	return cal
}

// cadencePeriods returns the ISO weeks, or the months, that touch span.
func cadencePeriods(span CalendarSpan, per CadencePeriod) []CalendarSpan {
	var out []CalendarSpan
	if per == CadenceMonth {
		for m := MonthOf(span.Start); m.Start().Before(span.End); m = m.Next() {
			out = append(out, m.Span())
		}
		return out
	}
	for w := weekSpanOf(span.Start); w.Start.Before(span.End); w = weekSpanOf(w.End) {
		out = append(out, w)
	}
	return out
}

// allStoppedFor reports whether every choice of c's network is stopped for
// c: the team stopped the network, and c is not a post it published before
// it stopped.
func allStoppedFor(chs []*Channel, c *ContentItem) bool {
	for _, ch := range chs {
		if !ch.Stopped() {
			return false
		}
		published := c.Status == ContentPublished
		if published && !ch.StatusSince.IsZero() && c.PublishAt.Before(ch.StatusSince) {
			return false
		}
	}
	return true
}

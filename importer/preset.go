package importer

import (
	"github.com/planbot/planbot/plan"
)

// Preset is an analytics export that planbot recognises by its header and
// maps without asking: which column is the date, the network, the item,
// and which columns are which measures. Column names are in normalize's
// form.
type Preset struct {
	// ID is stable, stored with a mapping: "ga4", "meta", "linkedin".
	ID string
	// Name is the export's name as its vendor calls it.
	Name string
	// Sources are the vendor pages the columns were written from.
	Sources []string
	// Network is the network of every row; "" when a column gives it.
	Network plan.Network
	// DateOrder is the order of numeric dates in the export.
	DateOrder DateOrder

	identify [][]string        // every group must have one column present
	date     []string          // the date column, first present wins
	network  []string          // the network column, first present wins
	item     []string          // the item column, first present wins
	itemKind ItemKind          // what the item column holds
	measures map[string]string // column → concept
	networks []columnNetwork   // a column whose presence sets the network
}

// columnNetwork is a column that tells the network of a whole export.
type columnNetwork struct {
	column  string
	network plan.Network
}

// Presets are the exports recognised, in the order they are tried.
var Presets = []*Preset{presetGA4, presetMeta, presetLinkedIn}

// presetGA4 is a Google Analytics 4 report or exploration downloaded as
// CSV: "#" comment lines (report name, property, "# Start date:
// 20260301", "# End date: 20260331"), then a header of the dimensions
// and metrics shown. A "Date" dimension comes as YYYYMMDD; without it the
// rows are totals over the stated period. "Session manual ad content" is
// the link's utm_content, which identifies the content item; "Session
// source / medium" tells the network ("ig / social", "lnkd.in / referral").
var presetGA4 = &Preset{
	ID:   "ga4",
	Name: "Google Analytics 4",
	Sources: []string{
		// The traffic-source dimensions and the UTM parameter feeding each.
		"https://support.google.com/analytics/answer/11242870",
		// UI names of dimensions and metrics (Date, Sessions, Engaged
		// sessions, Key events) and the date's YYYYMMDD form.
		"https://developers.google.com/analytics/devguides/reporting/data/v1/api-schema",
	},
	identify: [][]string{
		{"session source medium", "session source", "session medium", "session campaign", "session manual ad content",
			"session manual campaign name", "session manual source medium", "session default channel group",
			"session primary channel group default channel group", "first user source medium"},
		{"sessions", "engaged sessions", "key events", "conversions", "active users", "total users", "new users"},
	},
	date:     []string{"date"},
	network:  []string{"session source medium", "session manual source medium", "session source", "first user source medium"},
	item:     []string{"session manual ad content", "manual ad content", "first user manual ad content"},
	itemKind: ItemUTM,
	measures: map[string]string{
		"sessions": "sessions", "engaged sessions": "engaged_sessions", "key events": "key_events",
		"conversions": "key_events", "active users": "users", "total users": "users", "new users": "new_users",
		"engagement rate": "engagement_rate",
	},
}

// presetMeta is Meta Business Suite's content export (Insights, Content,
// Export data, CSV): one row per post with its lifetime figures. A
// Facebook Page's file has "Page ID" and "Page name", an Instagram
// account's "Account ID" and "Account username"; "Publish time" is
// "MM/DD/YYYY HH:MM". Meta's help does not document the header row in
// the references at hand: the names are those the export writes, checked
// against public importers of such files; what each measure counts is
// Meta's insights reference.
var presetMeta = &Preset{
	ID:   "meta",
	Name: "Meta Business Suite",
	Sources: []string{
		"https://developers.facebook.com/docs/graph-api/reference/insights",
	},
	DateOrder: DateMDY,
	identify:  [][]string{{"post id"}, {"publish time"}},
	date:      []string{"publish time"},
	item:      []string{"permalink", "post id"},
	itemKind:  ItemLink,
	measures: map[string]string{
		"impressions": "impressions", "views": "views", "reach": "reach", "reactions": "reactions",
		"likes": "likes", "comments": "comments", "shares": "shares", "saves": "saves", "follows": "follows",
		"total clicks": "clicks", "link clicks": "link_clicks",
		"reactions comments and shares": "engagements",
	},
	networks: []columnNetwork{
		{"account id", plan.NetworkInstagram}, {"account username", plan.NetworkInstagram},
		{"page id", plan.NetworkFacebook}, {"page name", plan.NetworkFacebook},
	},
}

// presetLinkedIn is a LinkedIn Page's content export (Analytics, Content,
// Export), sheet "All posts": a description row, then one row per post.
// "Created date" is MM/DD/YYYY; older exports say "Update link" for
// "Post link". LinkedIn's "Likes" column counts all reactions and
// "Reposts" its shares. What each measure counts is LinkedIn's share
// statistics reference.
var presetLinkedIn = &Preset{
	ID:   "linkedin",
	Name: "LinkedIn Page analytics",
	Sources: []string{
		"https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/share-statistics",
	},
	Network:   plan.NetworkLinkedIn,
	DateOrder: DateMDY,
	identify:  [][]string{{"post link", "update link"}, {"created date"}, {"impressions"}},
	date:      []string{"created date"},
	item:      []string{"post link", "update link"},
	itemKind:  ItemLink,
	measures: map[string]string{
		"impressions": "impressions", "views": "views", "views excluding off site video views": "views",
		"clicks": "clicks", "click through rate ctr": "ctr", "likes": "reactions", "reactions": "reactions",
		"comments": "comments", "reposts": "shares", "shares": "shares", "follows": "follows",
		"engagement rate": "engagement_rate",
	},
}

// DetectPreset returns the preset whose columns the header has, with its
// network set from the header when it depends on it (Meta's Facebook or
// Instagram); nil when none.
func DetectPreset(header []string) *Preset {
	cols := map[string]bool{}
	for _, c := range header {
		cols[normalize(c)] = true
	}
	for _, p := range Presets {
		if !p.matches(cols) {
			continue
		}
		c := *p
		for _, cn := range p.networks {
			if cols[cn.column] {
				c.Network = cn.network
				break
			}
		}
		if c.networks != nil && c.Network == "" {
			c.Network = plan.NetworkFacebook
		}
		return &c
	}
	return nil
}

func (p *Preset) matches(cols map[string]bool) bool {
	for _, group := range p.identify {
		found := false
		for _, name := range group {
			found = found || cols[name]
		}
		if !found {
			return false
		}
	}
	return true
}

// PresetByID returns the preset with that ID, or nil.
func PresetByID(id string) *Preset {
	for _, p := range Presets {
		if p.ID == id {
			return p
		}
	}
	return nil
}

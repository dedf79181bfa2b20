package importer

import (
	"testing"

	"github.com/planbot/planbot/plan"
)

func TestMatchMetric(t *testing.T) {
	metrics := []*plan.Metric{
		metric("Clics", plan.MetricCount), metric("Abonnés", plan.MetricLevel),
		metric("Taux d’engagement", plan.MetricLevel), metric("Demandes de démo", plan.MetricCount),
		metric("Impressions", plan.MetricCount),
	}
	tests := []struct {
		column string
		want   string
	}{
		{"Clicks", "Clics"},
		{"Total clicks", "Clics"},
		{"Followers", "Abonnés"},
		{"ABONNES", "Abonnés"},
		{"Engagement rate", "Taux d’engagement"},
		{"taux d'engagement (%)", "Taux d’engagement"},
		{"Demandes de demo", "Demandes de démo"},
		{"Impressions (organic)", "Impressions"},
		{"Reach", ""},
		{"Post ID", ""},
	}
	for _, tt := range tests {
		got := ""
		if m := MatchMetric(tt.column, metrics); m != nil {
			got = m.Name
		}
		if got != tt.want {
			t.Errorf("MatchMetric(%q) = %q, want %q", tt.column, got, tt.want)
		}
	}
}

func TestSuggestHandMade(t *testing.T) {
	h := &Head{
		Columns: []string{"Jour de publication", "Plateforme", "Lien du post", ColumnName(3), "Vues", "Clics"},
		Samples: [][]string{
			{"02/03/2026", "Instagram", "https://instagram.com/p/1", "", "300", "4"},
			{"09/03/2026", "TikTok", "https://tiktok.com/@a/video/2", "", "900", "11"},
		},
	}
	metrics := []*plan.Metric{metric("Vues", plan.MetricCount), metric("Clicks", plan.MetricCount)}
	m := Suggest(h, metrics)
	if m.Date == nil || m.Date.Index != 0 {
		t.Errorf("date %+v: want the column whose cells are dates", m.Date)
	}
	if m.Network == nil || m.Network.Name != "Plateforme" || m.Item == nil || m.ItemKind != ItemLink {
		t.Errorf("network %+v item %+v %s", m.Network, m.Item, m.ItemKind)
	}
	if len(m.Metrics) != 2 || m.Metrics[0].Metric != "Vues" || m.Metrics[1].Metric != "Clicks" {
		t.Errorf("metrics %+v", m.Metrics)
	}
	if got := m.Ignored(h); len(got) != 1 || got[0] != "Column D" {
		t.Errorf("ignored %q", got)
	}
}

func TestParseSource(t *testing.T) {
	tests := []struct {
		cell string
		want plan.Network
		ok   bool
	}{
		{"ig / social", plan.NetworkInstagram, true},
		{"l.instagram.com / referral", plan.NetworkInstagram, true},
		{"lm.facebook.com / referral", plan.NetworkFacebook, true},
		{"lnkd.in / referral", plan.NetworkLinkedIn, true},
		{"t.co / referral", plan.NetworkX, true},
		{"Twitter", plan.NetworkX, true},
		{"youtube.com", plan.NetworkYouTube, true},
		{"mastodon.online / referral", plan.NetworkMastodon, true},
		{"mailchimp / email", plan.NetworkNewsletter, true},
		{"instagram.fr / referral", plan.NetworkInstagram, true},
		{"google / organic", "", false},
		{"(direct) / (none)", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := ParseSource(tt.cell)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseSource(%q) = %q, %v; want %q, %v", tt.cell, got, ok, tt.want, tt.ok)
		}
	}
}

func TestCanonicalLink(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://www.facebook.com/123/posts/456/", "https://facebook.com/123/posts/456"},
		{"HTTP://WWW.Instagram.com/p/Cabc/?utm_source=ig&igsh=x#top", "https://instagram.com/p/Cabc?igsh=x"},
		{"https://www.linkedin.com/feed/update/urn:li:activity:7301?trk=abc", "https://linkedin.com/feed/update/urn:li:activity:7301"},
		{" post-0301-carrousel ", "post-0301-carrousel"},
	}
	for _, tt := range tests {
		if got := CanonicalLink(tt.in); got != tt.want {
			t.Errorf("CanonicalLink(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestColumnName(t *testing.T) {
	for i, want := range map[int]string{0: "Column A", 25: "Column Z", 26: "Column AA", 701: "Column ZZ"} {
		if got := ColumnName(i); got != want {
			t.Errorf("ColumnName(%d) = %q, want %q", i, got, want)
		}
	}
}

func TestDetectPreset(t *testing.T) {
	tests := []struct {
		name    string
		header  []string
		id      string
		network plan.Network
	}{
		{"GA4", []string{"Date", "Session source / medium", "Sessions", "Key events"}, "ga4", ""},
		{"GA4Campaign", []string{"Session campaign", "Engaged sessions"}, "ga4", ""},
		{"MetaFacebook", []string{"Post ID", "Page ID", "Page name", "Publish time", "Permalink", "Reach"}, "meta", plan.NetworkFacebook},
		{"MetaInstagram", []string{"Post ID", "Account ID", "Account username", "Publish time", "Permalink", "Likes", "Saves"}, "meta", plan.NetworkInstagram},
		{"LinkedIn", []string{"Post title", "Post link", "Created date", "Impressions", "Reposts"}, "linkedin", plan.NetworkLinkedIn},
		{"LinkedInOlder", []string{"Update title", "Update link", "Created date", "Impressions", "Shares"}, "linkedin", plan.NetworkLinkedIn},
		{"HandMade", []string{"Date", "Réseau", "Impressions", "Clics"}, "", ""},
		{"GA4DimensionOnly", []string{"Session source / medium", "Views"}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := DetectPreset(tt.header)
			id, network := "", plan.Network("")
			if p != nil {
				id, network = p.ID, p.Network
			}
			if id != tt.id || network != tt.network {
				t.Errorf("DetectPreset = %q %q, want %q %q", id, network, tt.id, tt.network)
			}
		})
	}
	if PresetByID("meta").Network != "" {
		t.Error("DetectPreset changed the shared Meta preset's network")
	}
}

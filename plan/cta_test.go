package plan_test

import (
	"strings"
	"testing"

	"github.com/planbot/planbot/plan"
)

func TestSlug(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{name: "Simple", in: "Acme Social", want: "acme-social"},
		{name: "Accents", in: "Boulangerie Léa & Cœur #2", want: "boulangerie-lea-coeur-2"},
		{name: "Edges", in: "  --Spring!! Launch--  ", want: "spring-launch"},
		{name: "ChannelName", in: "acme_social-2026", want: "acme-social-2026"},
		{name: "German", in: "Straße", want: "strasse"},
		{name: "NonLatin", in: "東京 Tokyo", want: "tokyo"},
		{name: "Empty", in: "", want: ""},
		{name: "OnlySymbols", in: "!!!", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := plan.Slug(tt.in); got != tt.want {
				t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCampaign(t *testing.T) {
	tests := []struct{ name, plan, goal, want string }{
		{name: "Both", plan: "Acme Social", goal: "Grow the Newsletter", want: "acme-social-grow-the-newsletter"},
		{name: "NoGoal", plan: "acme", goal: "", want: "acme"},
		{name: "NoPlanName", plan: "", goal: "Sales", want: "plan-sales"},
		{name: "Cut", plan: strings.Repeat("ab ", 30), goal: "x", want: "ab-ab-ab-ab-ab-ab-ab-ab-ab-ab-ab-ab-ab-a-x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := plan.Campaign(tt.plan, tt.goal); got != tt.want {
				t.Errorf("Campaign(%q, %q) = %q, want %q", tt.plan, tt.goal, got, tt.want)
			}
		})
	}
}

func TestUTMLink(t *testing.T) {
	tests := []struct {
		name, url string
		network   plan.Network
		want      string
	}{
		{name: "Plain", url: "https://acme.example/signup", network: plan.NetworkInstagram,
			want: "https://acme.example/signup?utm_source=instagram&utm_medium=social&utm_campaign=acme-grow"},
		{name: "KeepsQueryAndFragment", url: "https://acme.example/s?ref=a%20b&x=1#form", network: plan.NetworkX,
			want: "https://acme.example/s?ref=a%20b&x=1&utm_source=x&utm_medium=social&utm_campaign=acme-grow#form"},
		{name: "ReplacesUTM", url: "https://acme.example/?utm_source=old&UTM_MEDIUM=email&id=3", network: plan.NetworkLinkedIn,
			want: "https://acme.example/?id=3&utm_source=linkedin&utm_medium=social&utm_campaign=acme-grow"},
		{name: "EmptyQuery", url: "https://acme.example/?", network: plan.NetworkBlog,
			want: "https://acme.example/?utm_source=blog&utm_medium=referral&utm_campaign=acme-grow"},
		{name: "Tel", url: "tel:+33123456789", network: plan.NetworkFacebook, want: ""},
		{name: "NotAURL", url: "acme dot com", network: plan.NetworkFacebook, want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := plan.UTMLink(tt.url, tt.network, "acme-grow"); got != tt.want {
				t.Errorf("UTMLink(%q) =\n%q, want\n%q", tt.url, got, tt.want)
			}
		})
	}
}

func TestCTA_TaggedURL(t *testing.T) {
	c := &plan.CTA{URL: "https://léa.example/newsletter", Network: plan.NetworkInstagram}
	got := c.TaggedURL("Boulangerie Léa", "Newsletter : +200 inscrits")
	want := "https://léa.example/newsletter?utm_source=instagram&utm_medium=social&utm_campaign=boulangerie-lea-newsletter-200-inscrits"
	if got != want {
		t.Errorf("TaggedURL =\n%q, want\n%q", got, want)
	}
}

func TestCTA_Validate(t *testing.T) {
	valid := func() *plan.CTA {
		return &plan.CTA{Kind: plan.CTAEmailSignup, Text: "Get the recipe", URL: "https://acme.example/s", GoalID: 1, Network: plan.NetworkInstagram}
	}
	tests := []struct {
		name string
		edit func(c *plan.CTA)
		keys []string
	}{
		{name: "OK", edit: func(*plan.CTA) {}},
		{name: "OKTel", edit: func(c *plan.CTA) { c.Kind, c.URL = plan.CTACall, "tel:+33123456789" }},
		{name: "OKMailto", edit: func(c *plan.CTA) { c.URL = "mailto:hello@acme.example" }},
		{name: "ErrKind", edit: func(c *plan.CTA) { c.Kind = "" }, keys: []string{"cta.kind.invalid"}},
		{name: "ErrTextRequired", edit: func(c *plan.CTA) { c.Text = "" }, keys: []string{"cta.text.required"}},
		{name: "ErrTextTooLong", edit: func(c *plan.CTA) { c.Text = strings.Repeat("t", plan.MaxCTATextLen+1) }, keys: []string{"cta.text.too_long"}},
		{name: "ErrURLRequired", edit: func(c *plan.CTA) { c.URL = "" }, keys: []string{"cta.url.required"}},
		{name: "ErrURLNoScheme", edit: func(c *plan.CTA) { c.URL = "acme.example/s" }, keys: []string{"cta.url.invalid"}},
		{name: "ErrURLJavascript", edit: func(c *plan.CTA) { c.URL = "javascript:alert(1)" }, keys: []string{"cta.url.invalid"}},
		{name: "ErrURLSpace", edit: func(c *plan.CTA) { c.URL = "https://acme.example/a b" }, keys: []string{"cta.url.invalid"}},
		{name: "ErrURLSlackLink", edit: func(c *plan.CTA) { c.URL = "https://acme.example/|<!channel>" }, keys: []string{"cta.url.invalid"}},
		{name: "ErrURLNoHost", edit: func(c *plan.CTA) { c.URL = "https:///path" }, keys: []string{"cta.url.invalid"}},
		{name: "ErrURLTooLong", edit: func(c *plan.CTA) { c.URL = "https://a.example/" + strings.Repeat("a", plan.MaxCTAURLLen) }, keys: []string{"cta.url.invalid"}},
		{name: "ErrGoal", edit: func(c *plan.CTA) { c.GoalID = 0 }, keys: []string{"cta.goal.required"}},
		{name: "ErrNetwork", edit: func(c *plan.CTA) { c.Network = "fax" }, keys: []string{"cta.network.invalid"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := valid()
			tt.edit(c)
			assertFieldKeys(t, c.Validate(), tt.keys...)
		})
	}
}

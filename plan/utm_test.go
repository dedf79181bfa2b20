package plan_test

import (
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
)

func TestMediumFor(t *testing.T) {
	tests := []struct {
		n    plan.Network
		want string
	}{
		{plan.NetworkInstagram, "social"}, {plan.NetworkLinkedIn, "social"}, {plan.NetworkMastodon, "social"},
		{plan.NetworkYouTube, "social"}, {plan.NetworkNewsletter, "email"}, {plan.NetworkBlog, "referral"},
		{plan.NetworkOther, "referral"},
	}
	for _, tt := range tests {
		if got := plan.MediumFor(tt.n); got != tt.want {
			t.Errorf("MediumFor(%s) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

// Issue 11: utm_campaign was built from the current plan and goal names,
// so renaming either rewrote every link already published; two CTAs on one
// page shared a link; newsletter links said utm_medium=social.
func TestCTALinksStayPut(t *testing.T) {
	now := MustParseTime(t, "2026-03-02T09:00:00Z")
	c := &plan.CTA{ID: 12, Kind: plan.CTAEmailSignup, Text: "Get the recipe", URL: "https://léa.example/newsletter?ref=bio#form", GoalID: 1, Network: plan.NetworkNewsletter}
	const first = "https://léa.example/newsletter?ref=bio&utm_source=newsletter&utm_medium=email&utm_campaign=boulangerie-lea-200-inscrits&utm_content=cta-12#form"
	if got := c.Link("Boulangerie Léa", "200 inscrits"); got != first {
		t.Errorf("before freezing: %s\nwant %s", got, first)
	}
	if !c.FreezeUTM("Boulangerie Léa", "200 inscrits", now) || !c.UTM.FrozenAt.Equal(now) {
		t.Fatalf("FreezeUTM did not freeze: %+v", c.UTM)
	}
	if c.FreezeUTM("Renamed", "Other", now.Add(time.Hour)) || !c.UTM.FrozenAt.Equal(now) {
		t.Errorf("a second FreezeUTM changed the frozen values: %+v", c.UTM)
	}
	// The plan and the goal are renamed, the network changes: the link
	// already published does not.
	plan.CTAUpdate{Network: networkRef(plan.NetworkInstagram)}.Apply(c)
	if got := c.Link("Léa & fils", "300 inscrits"); got != first {
		t.Errorf("after renames: %s\nwant %s", got, first)
	}
	if got := c.TaggedURL("Léa & fils", "300 inscrits"); got != "https://léa.example/newsletter?ref=bio&utm_source=newsletter&utm_medium=email&utm_campaign=boulangerie-lea-200-inscrits&utm_content=cta-12#form" {
		t.Errorf("the deprecated TaggedURL ignores the frozen values: %s", got)
	}
	// In a post, utm_content names the post and source and medium its
	// network; the campaign stays the frozen one.
	item := &plan.ContentItem{ID: 34, Network: plan.NetworkInstagram}
	const post = "https://léa.example/newsletter?ref=bio&utm_source=instagram&utm_medium=social&utm_campaign=boulangerie-lea-200-inscrits&utm_content=item-34#form"
	if got := c.PostLink(item, "Léa & fils", "300 inscrits"); got != post {
		t.Errorf("post link: %s\nwant %s", got, post)
	}
	// Two calls to action on the same page have two links.
	other := &plan.CTA{ID: 13, URL: c.URL, Network: plan.NetworkNewsletter}
	if other.Link("Boulangerie Léa", "200 inscrits") == first {
		t.Error("two calls to action share a link")
	}
	// Edited on purpose: the new values, still frozen since the first time.
	edited := plan.UTM{Source: "newsletter", Medium: "email", Campaign: "printemps", Content: "cta-12"}
	plan.CTAUpdate{UTM: &edited}.Apply(c)
	if c.UTM.Campaign != "printemps" || !c.UTM.FrozenAt.Equal(now) {
		t.Errorf("edited UTM %+v", c.UTM)
	}
	c.URL = "tel:+33123456789"
	if got := c.Link("a", "b"); got != "" {
		t.Errorf("a phone link is not tagged: %q", got)
	}
}

func TestUTMValidate(t *testing.T) {
	ok := plan.UTM{Source: "x", Medium: "social", Campaign: "c"}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	long := make([]rune, plan.MaxUTMValueLen+1)
	for i := range long {
		long[i] = 'a'
	}
	tests := []struct {
		name  string
		u     plan.UTM
		field string
	}{
		{"ErrSource", plan.UTM{Medium: "social", Campaign: "c"}, "utm_source"},
		{"ErrLong", plan.UTM{Source: "x", Medium: "social", Campaign: string(long)}, "utm_campaign"},
		{"ErrControl", plan.UTM{Source: "x", Medium: "social", Campaign: "c", Content: "a\u200bb"}, "utm_content"},
	}
	for _, tt := range tests {
		fields := plan.ErrorFields(tt.u.Validate())
		if len(fields) != 1 || fields[0].Field != tt.field {
			t.Errorf("%s: %v, want one error on %s", tt.name, fields, tt.field)
		}
	}
	c := &plan.CTA{Kind: plan.CTACall, Text: "Call", URL: "https://a.example", GoalID: 1, Network: plan.NetworkX, UTM: plan.UTM{FrozenAt: time.Unix(1, 0)}}
	if fields := plan.ErrorFields(c.Validate()); len(fields) != 3 {
		t.Errorf("a CTA with empty frozen UTM values: %v", fields)
	}
}

func networkRef(n plan.Network) *plan.Network { return &n }

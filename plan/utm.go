package plan

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// MaxUTMValueLen bounds each UTM value.
const MaxUTMValueLen = 100

// UTM are the campaign parameters of a call to action's link. They are
// frozen the first time the link is shown (FreezeUTM): a link already
// published keeps counting in the same campaign whatever is renamed later.
// The team may still edit them on purpose (CTAUpdate.UTM).
type UTM struct {
	Source   string // utm_source: the network, "instagram"
	Medium   string // utm_medium: see MediumFor
	Campaign string // utm_campaign: the plan and the goal, "boulangerie-lea-newsletter"
	Content  string // utm_content: the call to action ("cta-12"), or the post ("item-34")
	FrozenAt time.Time
}

// Frozen reports whether the values were frozen.
func (u UTM) Frozen() bool { return !u.FrozenAt.IsZero() }

// Validate returns FieldErrors for values a link cannot carry: empty
// source, medium or campaign, too long, or holding control characters.
func (u UTM) Validate() error {
	var fe FieldErrors
	for _, f := range []struct {
		field, value string
		required     bool
	}{
		{"utm_source", u.Source, true}, {"utm_medium", u.Medium, true},
		{"utm_campaign", u.Campaign, true}, {"utm_content", u.Content, false},
	} {
		v := strings.TrimSpace(f.value)
		switch {
		case v == "" && f.required:
			fe = append(fe, Invalid(f.field, "utm.required", "this value is needed to count the link's visits"))
		case len([]rune(v)) > MaxUTMValueLen:
			fe = append(fe, Invalid(f.field, "utm.too_long", "the value is too long"))
		case strings.ContainsFunc(v, func(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) }):
			fe = append(fe, Invalid(f.field, "utm.invalid", "the value holds invisible characters"))
		}
	}
	return fe.Err()
}

// MediumFor returns the utm_medium of a link posted on network n, in the
// values analytics tools group by default (GA4's default channel group):
// "social" for social networks, "email" for a newsletter, and "referral"
// for a blog and any other place (not "organic", which analytics read as
// search engines).
func MediumFor(n Network) string {
	switch n {
	case NetworkNewsletter:
		return "email"
	case NetworkBlog, NetworkOther, "":
		return "referral"
	}
	return "social"
}

// CTAContent is the utm_content of a call to action's own link.
func CTAContent(ctaID int64) string {
	if ctaID <= 0 {
		return ""
	}
	return "cta-" + strconv.FormatInt(ctaID, 10)
}

// ItemContent is the utm_content of a link placed in a content item.
func ItemContent(itemID int64) string {
	if itemID <= 0 {
		return ""
	}
	return "item-" + strconv.FormatInt(itemID, 10)
}

// CurrentUTM returns the UTM values c's link gets now, from the plan's and
// the goal's names: the values FreezeUTM freezes.
func (c *CTA) CurrentUTM(planName, goalTitle string) UTM {
	return UTM{
		Source: Slug(string(c.Network)), Medium: MediumFor(c.Network),
		Campaign: Campaign(planName, goalTitle), Content: CTAContent(c.ID),
	}
}

// FreezeUTM freezes c's UTM values at now, from the plan's and the goal's
// names, unless they are frozen already. Call it when the link is first
// shown; it reports whether it froze them, and storage must then save c.
func (c *CTA) FreezeUTM(planName, goalTitle string, now time.Time) bool {
	if c.UTM.Frozen() {
		return false
	}
	c.UTM = c.CurrentUTM(planName, goalTitle)
	c.UTM.FrozenAt = now.UTC()
	return true
}

// utmOf returns c's frozen values, or the current ones when not frozen.
func (c *CTA) utmOf(planName, goalTitle string) UTM {
	if c.UTM.Frozen() {
		return c.UTM
	}
	return c.CurrentUTM(planName, goalTitle)
}

// Link returns c's URL tagged with its UTM values (frozen, or the current
// ones before the first showing), or "" when the URL is not a web address.
func (c *CTA) Link(planName, goalTitle string) string {
	return c.utmOf(planName, goalTitle).Tag(c.URL)
}

// PostLink returns the link of c as placed in the content item it: the
// campaign is c's (frozen), the source and medium follow the item's
// network, and utm_content names the item, so two posts carrying the same
// call to action are told apart.
func (c *CTA) PostLink(it *ContentItem, planName, goalTitle string) string {
	u := c.utmOf(planName, goalTitle)
	u.Source, u.Medium, u.Content = Slug(string(it.Network)), MediumFor(it.Network), ItemContent(it.ID)
	return u.Tag(c.URL)
}

// utmParams are the parameters Tag sets, in the order it writes them.
var utmParams = []string{"utm_source", "utm_medium", "utm_campaign", "utm_content"}

// Tag returns rawURL with u's values as utm_source, utm_medium,
// utm_campaign and utm_content (when not empty). Other query parameters
// and the fragment are kept as typed; UTM parameters already there are
// replaced. It returns "" when rawURL is not an http(s) URL.
func (u UTM) Tag(rawURL string) string {
	return tagURL(rawURL, utmParams, []string{u.Source, u.Medium, u.Campaign, u.Content})
}

// tagURL sets params to values in rawURL, dropping any earlier value of
// them and any empty value.
func tagURL(rawURL string, params, values []string) string {
	if !ValidURL(rawURL, "http", "https") {
		return ""
	}
	// Rebuild the text rather than re-encode a parsed URL, so the address
	// reads exactly as the user typed it (an accented host stays accented).
	rest, fragment, hasFragment := strings.Cut(rawURL, "#")
	base, query, _ := strings.Cut(rest, "?")
	var kept []string
	for part := range strings.SplitSeq(query, "&") {
		key, _, _ := strings.Cut(part, "=")
		if k, err := url.QueryUnescape(key); err == nil && slices.Contains(params, strings.ToLower(k)) {
			continue
		}
		if part != "" {
			kept = append(kept, part)
		}
	}
	for i, k := range params {
		if v := strings.TrimSpace(values[i]); v != "" {
			kept = append(kept, k+"="+url.QueryEscape(v))
		}
	}
	out := base + "?" + strings.Join(kept, "&")
	if hasFragment {
		out += "#" + fragment
	}
	return out
}

package plan

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode"
)

// CTAKind is what a call to action asks people to do.
type CTAKind string

// Kinds of calls to action.
const (
	CTAEmailSignup CTAKind = "email_signup"
	CTACall        CTAKind = "call"
	CTAOnlineSale  CTAKind = "online_sale"
	CTAContactForm CTAKind = "contact_form"
	CTAOther       CTAKind = "other"
)

// CTAKinds lists the kinds in the order they are offered to users.
var CTAKinds = []CTAKind{CTAEmailSignup, CTACall, CTAOnlineSale, CTAContactForm, CTAOther}

// Valid reports whether k is a known kind.
func (k CTAKind) Valid() bool { return slices.Contains(CTAKinds, k) }

// CTA field limits. A tagged URL must still fit a Slack button's 2000
// characters.
const (
	MaxCTATextLen = 200
	MaxCTAURLLen  = 1500
)

// CTA is a call to action (step 4): what people should do, where (URL),
// for which goal, on which network. Its tagged link carries UTM parameters
// so the clicks it brings can be measured per network and goal.
type CTA struct {
	ID      int64
	PlanID  int64
	Kind    CTAKind
	Text    string // "Get the weekly recipe"
	URL     string // http(s); tel: and mailto: for calls and contact
	GoalID  int64  // 0 once the goal was deleted
	Network Network
	// UTM are the link's campaign values, frozen when it is first shown;
	// zero until then.
	UTM       UTM
	CreatedBy string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Normalize trims the text fields of c.
func (c *CTA) Normalize() {
	c.Text = strings.TrimSpace(c.Text)
	c.URL = strings.TrimSpace(c.URL)
}

// Validate returns FieldErrors for every field of c that is not valid.
// That the goal belongs to the plan is checked by storage.
func (c *CTA) Validate() error {
	var fe FieldErrors
	if !c.Kind.Valid() {
		fe = append(fe, Invalid("kind", "cta.kind.invalid", "choose what people should do"))
	}
	switch n := len([]rune(c.Text)); {
	case n == 0:
		fe = append(fe, Invalid("text", "cta.text.required", "write the call to action"))
	case n > MaxCTATextLen:
		fe = append(fe, Invalid("text", "cta.text.too_long", "the call to action is too long"))
	}
	switch {
	case c.URL == "":
		fe = append(fe, Invalid("url", "cta.url.required", "give the address where people act"))
	case len(c.URL) > MaxCTAURLLen || !ValidURL(c.URL, "http", "https", "tel", "mailto"):
		fe = append(fe, Invalid("url", "cta.url.invalid", "the address must start with https://, tel: or mailto:"))
	}
	if c.GoalID <= 0 {
		fe = append(fe, Invalid("goal", "cta.goal.required", "tie the call to action to a goal"))
	}
	if !c.Network.Valid() {
		fe = append(fe, Invalid("network", "cta.network.invalid", "choose the network"))
	}
	if c.UTM.Frozen() {
		fe = append(fe, ErrorFields(c.UTM.Validate())...)
	}
	return fe.Err()
}

// TaggedURL returns c's URL with its frozen UTM values (see FreezeUTM),
// or before they are frozen with the UTM parameters of its network and of
// the plan and goal names (see UTMLink); "" when the URL is not a web
// address.
//
// Deprecated: use Link, which adds utm_content, once storage keeps the
// frozen values.
func (c *CTA) TaggedURL(planName, goalTitle string) string {
	if c.UTM.Frozen() {
		return c.UTM.Tag(c.URL)
	}
	return UTMLink(c.URL, c.Network, Campaign(planName, goalTitle))
}

// ValidURL reports whether s is an absolute URL with one of schemes; web
// schemes need a host. No URL may hold spaces, control characters or the
// characters that would break a Slack link (<, >, |) or need quoting.
func ValidURL(s string, schemes ...string) bool {
	if strings.ContainsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r) || strings.ContainsRune("<>|\"\\`{}^", r)
	}) {
		return false
	}
	u, err := url.Parse(s)
	if err != nil || !slices.Contains(schemes, strings.ToLower(u.Scheme)) {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		return u.Host != "" && u.Hostname() != ""
	default:
		return u.Opaque != ""
	}
}

// UTMLink returns rawURL tagged with utm_source=network, the utm_medium
// of the network (see MediumFor) and utm_campaign=campaign. Other query
// parameters and the fragment are kept as they were; UTM parameters
// already there are replaced. It returns "" when rawURL is not an http(s)
// URL.
func UTMLink(rawURL string, network Network, campaign string) string {
	return tagURL(rawURL, utmParams[:3], []string{Slug(string(network)), MediumFor(network), campaign})
}

// Campaign returns the utm_campaign of a plan and a goal: their slugs
// joined by a hyphen, each cut to 40 characters; "plan" stands for a plan
// without a name.
func Campaign(planName, goalTitle string) string {
	p := cutSlug(Slug(planName), 40)
	if p == "" {
		p = "plan"
	}
	if g := cutSlug(Slug(goalTitle), 40); g != "" {
		return p + "-" + g
	}
	return p
}

func cutSlug(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.TrimRight(s[:n], "-")
}

// folds maps accented Latin letters to their base letters for Slug.
var folds = map[rune]string{
	'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'ä': "a", 'å': "a", 'æ': "ae",
	'ç': "c", 'è': "e", 'é': "e", 'ê': "e", 'ë': "e", 'ì': "i", 'í': "i",
	'î': "i", 'ï': "i", 'ñ': "n", 'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o",
	'ö': "o", 'ø': "o", 'œ': "oe", 'ù': "u", 'ú': "u", 'û': "u", 'ü': "u",
	'ý': "y", 'ÿ': "y", 'ß': "ss",
}

// Slug returns s in lowercase ASCII letters and digits, accents folded,
// every other run of characters turned into one hyphen, with no hyphen at
// either end: "Boulangerie Léa #2" gives "boulangerie-lea-2".
func Slug(s string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(s) {
		var out string
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			out = string(r)
		case folds[r] != "":
			out = folds[r]
		default:
			hyphen = b.Len() > 0
			continue
		}
		if hyphen {
			b.WriteByte('-')
			hyphen = false
		}
		b.WriteString(out)
	}
	return b.String()
}

// CTAUpdate holds the fields of a call to action to change; nil fields are
// kept.
type CTAUpdate struct {
	Kind    *CTAKind
	Text    *string
	URL     *string
	GoalID  *int64
	Network *Network
	// UTM sets the link's UTM values on purpose; they stay frozen (the
	// time they were first frozen is kept). A change of network or name
	// never changes them.
	UTM *UTM
}

// Apply copies the set fields of upd into c.
func (upd CTAUpdate) Apply(c *CTA) {
	if upd.Kind != nil {
		c.Kind = *upd.Kind
	}
	if upd.Text != nil {
		c.Text = *upd.Text
	}
	if upd.URL != nil {
		c.URL = *upd.URL
	}
	if upd.GoalID != nil {
		c.GoalID = *upd.GoalID
	}
	if upd.Network != nil {
		c.Network = *upd.Network
	}
	if upd.UTM != nil {
		frozen := c.UTM.FrozenAt
		c.UTM = *upd.UTM
		if !frozen.IsZero() {
			c.UTM.FrozenAt = frozen
		}
	}
}

// CTAFilter selects calls to action. Zero fields match everything.
type CTAFilter struct {
	ID     *int64
	PlanID *int64
	GoalID *int64
	Offset int
	Limit  int
}

// CTAService manages calls to action. Implemented by storage.CTAService.
// Changes are made on behalf of the user in ctx (NewContextWithUser) and
// reserved to the owners of a plan with owners.
type CTAService interface {
	// FindCTAByID returns the call to action with id. Returns ENOTFOUND.
	FindCTAByID(ctx context.Context, id int64) (*CTA, error)

	// FindCTAs returns the calls to action matching filter, oldest first,
	// and the total count of matches ignoring Offset and Limit.
	FindCTAs(ctx context.Context, filter CTAFilter) ([]*CTA, int, error)

	// CreateCTA normalizes, validates and stores c, setting its ID and
	// timestamps. Returns FieldErrors (EINVALID), ENOTFOUND for the plan,
	// or EFORBIDDEN.
	CreateCTA(ctx context.Context, c *CTA) error

	// UpdateCTA applies upd to the call to action with id, validates and
	// stores it. Returns ENOTFOUND, FieldErrors (EINVALID) or EFORBIDDEN.
	UpdateCTA(ctx context.Context, id int64, upd CTAUpdate) (*CTA, error)

	// DeleteCTA removes the call to action with id; content items carrying
	// it keep none. Returns ENOTFOUND or EFORBIDDEN.
	DeleteCTA(ctx context.Context, id int64) error

	// FreezeLinks freezes the UTM values of the plan's calls to action
	// whose link was never shown (see FreezeUTM), from the plan's and
	// their goals' names now, and reports how many it froze. Call it
	// before showing their links. Anyone may: it changes nothing the
	// links say today. CreateCTA freezes a new call to action's values
	// and UpdateCTA an old one's before changing it. Returns ENOTFOUND.
	FreezeLinks(ctx context.Context, planID int64) (int, error)
}

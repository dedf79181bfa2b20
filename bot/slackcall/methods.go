package slackcall

import "time"

// Tier is a Slack Web API rate limit tier, as each method's documentation
// names it: requests per minute per method, per workspace, per app.
type Tier int

// Slack's tiers. TierSpecial methods have limits of their own (chat.postMessage:
// about one message a second per channel, plus a workspace-wide limit).
const (
	TierSpecial Tier = 0
	Tier1       Tier = 1 // 1+ per minute
	Tier2       Tier = 2 // 20+ per minute
	Tier3       Tier = 3 // 50+ per minute
	Tier4       Tier = 4 // 100+ per minute
)

// perMinute is the documented floor of each tier.
var perMinute = map[Tier]int{Tier1: 1, Tier2: 20, Tier3: 50, Tier4: 100, TierSpecial: 60}

// Retry says when a method may be called again after a failure.
type Retry int

const (
	// OnlyRateLimit: the call may have taken effect when Slack did not
	// answer, and doing it twice would show twice (a modal opened with a
	// single-use trigger, an ephemeral message, a post without a key). It is
	// retried only after a 429 or a connection that never opened.
	OnlyRateLimit Retry = iota
	// Idempotent: doing the call twice is doing it once (a redraw, a
	// read, a reaction whose second try answers already_reacted). Retried
	// after a 429, a 5xx, a timeout or a dropped connection.
	Idempotent
	// Checked: not idempotent by itself, but the Client checks with Slack
	// whether an unanswered call took effect before trying again
	// (chat.postMessage with a delivery key, files.completeUploadExternal).
	Checked
)

// Method is what the policy knows of one Web API method.
type Method struct {
	Name  string
	Tier  Tier
	Retry Retry
}

// Methods are the Web API methods planbot calls, with their tier from
// Slack's method reference (docs.slack.dev/reference/methods). Since May
// 2025 conversations.history and conversations.replies are limited to one
// request a minute for commercially distributed apps outside the Slack
// Marketplace; planbot is installed per workspace as an internal app, which
// keeps Tier 3.
var Methods = map[string]Method{
	"auth.test":                    {Tier: TierSpecial, Retry: Idempotent},
	"chat.postMessage":             {Tier: TierSpecial, Retry: Checked},
	"chat.postEphemeral":           {Tier: Tier4, Retry: OnlyRateLimit},
	"chat.update":                  {Tier: Tier3, Retry: Idempotent},
	"chat.delete":                  {Tier: Tier3, Retry: Idempotent},
	"chat.getPermalink":            {Tier: TierSpecial, Retry: Idempotent},
	"conversations.history":        {Tier: Tier3, Retry: Idempotent},
	"conversations.replies":        {Tier: Tier3, Retry: Idempotent},
	"conversations.members":        {Tier: Tier4, Retry: Idempotent},
	"conversations.info":           {Tier: Tier3, Retry: Idempotent},
	"users.conversations":          {Tier: Tier3, Retry: Idempotent},
	"users.info":                   {Tier: Tier4, Retry: Idempotent},
	"reactions.add":                {Tier: Tier3, Retry: Idempotent},
	"views.open":                   {Tier: Tier4, Retry: OnlyRateLimit},
	"views.push":                   {Tier: Tier4, Retry: OnlyRateLimit},
	"views.update":                 {Tier: Tier4, Retry: Idempotent},
	"views.publish":                {Tier: Tier4, Retry: Idempotent},
	"files.getUploadURLExternal":   {Tier: Tier4, Retry: Idempotent},
	"upload":                       {Tier: Tier4, Retry: Idempotent}, // the POST to upload_url
	"files.completeUploadExternal": {Tier: Tier4, Retry: Checked},
	"files.info":                   {Tier: Tier4, Retry: Idempotent},
	"files.download":               {Tier: Tier4, Retry: OnlyRateLimit}, // GET url_private_download: a retry would write twice
}

// method returns what the policy knows of name; an unknown method is
// treated as Tier 2 and retried only after a 429, the safe default.
func method(name string) Method {
	if m, ok := Methods[name]; ok {
		m.Name = name
		return m
	}
	return Method{Name: name, Tier: Tier2, Retry: OnlyRateLimit}
}

// fallbackWait is how long to wait after a 429 that carries no Retry-After:
// the spacing of the tier's documented rate, at least a second.
func (m Method) fallbackWait() time.Duration {
	return max(time.Minute/time.Duration(perMinute[m.Tier]), time.Second)
}

package importer

import (
	"net/url"
	"strings"

	"github.com/planbot/planbot/plan"
)

// domains are the web domains (and utm_source values) of the catalogue's
// networks, as GA4 reports them in "Session source / medium": the referral
// domain ("l.instagram.com") or the tagged source ("ig", "linkedin").
var domains = map[string]plan.Network{
	"instagram.com": plan.NetworkInstagram, "ig": plan.NetworkInstagram,
	"facebook.com": plan.NetworkFacebook, "fb.com": plan.NetworkFacebook, "fb.me": plan.NetworkFacebook,
	"linkedin.com": plan.NetworkLinkedIn, "lnkd.in": plan.NetworkLinkedIn,
	"x.com": plan.NetworkX, "t.co": plan.NetworkX, "twitter.com": plan.NetworkX,
	"tiktok.com":  plan.NetworkTikTok,
	"youtube.com": plan.NetworkYouTube, "youtu.be": plan.NetworkYouTube,
	"pinterest.com": plan.NetworkPinterest, "pin.it": plan.NetworkPinterest, "pinterest.fr": plan.NetworkPinterest,
	"threads.net": plan.NetworkThreads, "threads.com": plan.NetworkThreads,
	"bsky.app": plan.NetworkBluesky, "mastodon.social": plan.NetworkMastodon,
}

// ParseSource reads the network a row is about from a network cell: a
// catalogue name or alias ("Instagram", "Twitter"), a domain
// ("l.instagram.com"), or a GA4 "source / medium" ("ig / social",
// "lnkd.in / referral"; a source whose medium is "email" is the
// newsletter). ok is false for anything else, such as "google / organic"
// or "(direct) / (none)": traffic that no network of the plan brought.
func ParseSource(cell string) (plan.Network, bool) {
	source, medium, _ := strings.Cut(cell, "/")
	source = strings.ToLower(strings.TrimSpace(source))
	medium = strings.ToLower(strings.TrimSpace(medium))
	if source == "" {
		return "", false
	}
	if n, ok := plan.ParseNetwork(source); ok {
		return n, true
	}
	host := strings.TrimPrefix(strings.TrimPrefix(source, "https://"), "http://")
	host, _, _ = strings.Cut(host, "/")
	for {
		if n, ok := domains[host]; ok {
			return n, true
		}
		_, rest, found := strings.Cut(host, ".")
		if !found || !strings.Contains(rest, ".") {
			break
		}
		host = rest // "l.instagram.com" → "instagram.com"
	}
	if stem, _, found := strings.Cut(host, "."); found {
		if n, ok := plan.ParseNetwork(stem); ok && n != plan.NetworkOther {
			return n, true // "instagram.fr"
		}
	}
	if strings.Contains(host, "mastodon") {
		return plan.NetworkMastodon, true
	}
	if medium == "email" || medium == "e-mail" || medium == "newsletter" {
		return plan.NetworkNewsletter, true
	}
	return "", false
}

// CanonicalLink is the form in which post links are compared: scheme and
// host in lower case without "www.", no fragment, no tracking parameters
// (utm_*, fbclid, gclid, trk), no trailing slash. Storage keys imported
// rows by it, and matches it against a content item's link put in the
// same form. Text that is not an http(s) link is returned trimmed.
func CanonicalLink(s string) string {
	s = strings.TrimSpace(s)
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "HTTP" && u.Scheme != "HTTPS") || u.Host == "" {
		return s
	}
	u.Scheme = "https"
	u.Host = strings.TrimPrefix(strings.ToLower(u.Host), "www.")
	u.Fragment, u.RawFragment = "", ""
	q := u.Query()
	for k := range q {
		lk := strings.ToLower(k)
		if strings.HasPrefix(lk, "utm_") || lk == "fbclid" || lk == "gclid" || lk == "trk" {
			q.Del(k)
		}
	}
	u.RawQuery = q.Encode()
	u.Path = strings.TrimSuffix(u.Path, "/")
	u.RawPath = ""
	return u.String()
}

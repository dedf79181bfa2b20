package bot

import "strings"

var mrkdwnEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// Escape makes user text safe inside Slack mrkdwn: it replaces only &, <
// and >, as Slack asks, so <!channel>, <@U…> and <https://x|label> typed by
// a user are shown as text instead of pinging or forging a link.
func Escape(s string) string {
	return mrkdwnEscaper.Replace(s)
}

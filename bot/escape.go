package bot

import "strings"

var mrkdwnEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// Escape makes user text safe inside Slack mrkdwn: it replaces only &, <
// and >, as Slack asks, so <!channel>, <@U…> and <https://x|label> typed by
// a user are shown as text instead of pinging or forging a link.
func Escape(s string) string {
	return mrkdwnEscaper.Replace(s)
}

var mrkdwnUnescaper = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">")

// Unescape decodes the &amp;, &lt; and &gt; that Slack writes in the text
// of every message it sends the bot, so that text is stored as its author
// typed it: "late & the bag was torn <again>". Decode once, where the
// message text enters (a shortcut's payload), and Escape again when the
// text is posted. It replaces in one pass: "&amp;lt;" becomes "&lt;".
func Unescape(s string) string {
	return mrkdwnUnescaper.Replace(s)
}

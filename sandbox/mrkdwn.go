package sandbox

import (
	"html"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// htmlBuf builds HTML. Text goes through text or attr, which escape it;
// raw is for markup literals written in this package, never for data.
type htmlBuf struct{ strings.Builder }

func (b *htmlBuf) raw(s string) { b.WriteString(s) }

func (b *htmlBuf) text(s string) { b.WriteString(html.EscapeString(s)) }

// attr writes ` name="value"`, escaped.
func (b *htmlBuf) attr(name, value string) {
	b.WriteString(" ")
	b.WriteString(name)
	b.WriteString(`="`)
	b.WriteString(html.EscapeString(value))
	b.WriteString(`"`)
}

// slackEntities decodes the three entities Slack asks senders to use for
// &, < and >: the decoded text is then shown as text, never as markup.
var slackEntities = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">")

// Placeholders stand for tokens (links, mentions, code) while emphasis is
// parsed; characters of that Private Use range in the input are replaced.
const (
	placeholderBase = '\uE000'
	placeholderMax  = '\uF8FF'
)

var placeholderScrub = func(r rune) rune {
	if r >= placeholderBase && r <= placeholderMax {
		return '\uFFFD'
	}
	return r
}

// mrkdwn renders Slack mrkdwn: *bold*, _italic_, ~strike~, `code`,
// ```preformatted```, > quotes, <url|label> links, <@U> and <#C> mentions,
// <!here> and friends, and :emoji: shortcodes. Anything else is text:
// an angle-bracket token that is no link or mention (say <script>) is
// shown with its brackets.
func (r *Renderer) mrkdwn(b *htmlBuf, s string) {
	s = strings.Map(placeholderScrub, s)
	for s != "" {
		start := strings.Index(s, "```")
		if start < 0 {
			r.mrkdwnLines(b, s)
			return
		}
		end := strings.Index(s[start+3:], "```")
		if end < 0 {
			r.mrkdwnLines(b, s)
			return
		}
		r.mrkdwnLines(b, strings.TrimSuffix(s[:start], "\n"))
		code := strings.TrimPrefix(s[start+3:start+3+end], "\n")
		b.raw(`<pre class="bk-pre">`)
		b.text(slackEntities.Replace(code))
		b.raw(`</pre>`)
		s = strings.TrimPrefix(s[start+3+end+3:], "\n")
	}
}

// mrkdwnLines renders lines of mrkdwn with no code fence: a run of lines
// starting with > (or &gt;, its escaped form) is a quote.
func (r *Renderer) mrkdwnLines(b *htmlBuf, s string) {
	if s == "" {
		return
	}
	lines := strings.Split(s, "\n")
	for i := 0; i < len(lines); {
		if body, ok := quoteLine(lines[i]); ok {
			b.raw(`<blockquote class="bk-quote">`)
			for first := true; i < len(lines); i++ {
				body, ok = quoteLine(lines[i])
				if !ok {
					break
				}
				if !first {
					b.raw("<br>")
				}
				first = false
				r.inline(b, body)
			}
			b.raw(`</blockquote>`)
			continue
		}
		if i > 0 {
			if _, prevQuote := quoteLine(lines[i-1]); !prevQuote {
				b.raw("<br>")
			}
		}
		r.inline(b, lines[i])
		i++
	}
}

func quoteLine(line string) (string, bool) {
	for _, p := range []string{"&gt; ", "&gt;", "> ", ">"} {
		if rest, ok := strings.CutPrefix(line, p); ok {
			return rest, true
		}
	}
	return "", false
}

// inline renders one line: tokens first (code spans and <...>), then
// emphasis over what is left.
func (r *Renderer) inline(b *htmlBuf, line string) {
	var tokens []string // rendered HTML of each placeholder
	var rest strings.Builder
	for i := 0; i < len(line); {
		c := line[i]
		if c == '`' || c == '<' {
			closer := byte('`')
			if c == '<' {
				closer = '>'
			}
			if j := strings.IndexByte(line[i+1:], closer); j > 0 && placeholderBase+rune(len(tokens)) <= placeholderMax {
				inner := line[i+1 : i+1+j]
				var tb htmlBuf
				if c == '`' {
					tb.raw(`<code class="bk-code">`)
					tb.text(emojify(slackEntities.Replace(inner)))
					tb.raw(`</code>`)
				} else {
					r.angle(&tb, inner)
				}
				rest.WriteRune(placeholderBase + rune(len(tokens)))
				tokens = append(tokens, tb.String())
				i += j + 2
				continue
			}
		}
		rest.WriteByte(c)
		i++
	}
	r.emphasis(b, rest.String(), tokens)
}

// emphasisTags maps a delimiter to its HTML element.
var emphasisTags = map[rune]string{'*': "strong", '_': "em", '~': "del"}

// emphasis renders *bold*, _italic_ and ~strike~, which Slack recognises
// only at word boundaries and around non-blank text.
func (r *Renderer) emphasis(b *htmlBuf, s string, tokens []string) {
	runes := []rune(s)
	start := 0 // first rune not yet written
	for i := 0; i < len(runes); i++ {
		tag, ok := emphasisTags[runes[i]]
		if !ok || !opens(runes, i) {
			continue
		}
		end := -1
		for j := i + 2; j < len(runes); j++ {
			if runes[j] == runes[i] && closes(runes, j) {
				end = j
				break
			}
		}
		if end < 0 {
			continue
		}
		r.plain(b, string(runes[start:i]), tokens)
		b.raw("<" + tag + ">")
		r.emphasis(b, string(runes[i+1:end]), tokens)
		b.raw("</" + tag + ">")
		i = end
		start = end + 1
	}
	r.plain(b, string(runes[start:]), tokens)
}

func opens(rs []rune, i int) bool {
	if i+1 >= len(rs) || unicode.IsSpace(rs[i+1]) {
		return false
	}
	return i == 0 || !isWordRune(rs[i-1])
}

func closes(rs []rune, j int) bool {
	if unicode.IsSpace(rs[j-1]) {
		return false
	}
	return j+1 == len(rs) || !isWordRune(rs[j+1])
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// plain writes text: Slack's entities decoded, emoji replaced, HTML
// escaped, and placeholders swapped for their rendered tokens.
func (r *Renderer) plain(b *htmlBuf, s string, tokens []string) {
	for s != "" {
		i := strings.IndexFunc(s, func(c rune) bool { return c >= placeholderBase && c <= placeholderMax })
		if i < 0 {
			b.text(emojify(slackEntities.Replace(s)))
			return
		}
		b.text(emojify(slackEntities.Replace(s[:i])))
		c, size := utf8.DecodeRuneInString(s[i:])
		if n := int(c - placeholderBase); n < len(tokens) {
			b.raw(tokens[n])
		}
		s = s[i+size:]
	}
}

// angle renders the inside of a <...> token.
func (r *Renderer) angle(b *htmlBuf, inner string) {
	target, label, hasLabel := strings.Cut(inner, "|")
	switch {
	case strings.HasPrefix(target, "@U") || strings.HasPrefix(target, "@W") || strings.HasPrefix(target, "@B"):
		name := label
		if !hasLabel || name == "" {
			name = r.userName(target[1:])
		}
		b.raw(`<span class="bk-mention"`)
		b.attr("data-user-id", target[1:])
		b.raw(">@")
		b.text(slackEntities.Replace(name))
		b.raw("</span>")
	case strings.HasPrefix(target, "#C") || strings.HasPrefix(target, "#G"):
		name := label
		if !hasLabel || name == "" {
			name = r.channelName(target[1:])
		}
		b.raw(`<a class="bk-mention bk-channel" href="#"`)
		b.attr("data-goto-channel", target[1:])
		b.raw(">#")
		b.text(slackEntities.Replace(name))
		b.raw("</a>")
	case strings.HasPrefix(target, "!"):
		b.raw(`<span class="bk-mention bk-special">`)
		b.text(special(target[1:], label, hasLabel))
		b.raw("</span>")
	default:
		href := safeURL(slackEntities.Replace(target))
		if href == "" {
			b.text("<" + emojify(slackEntities.Replace(inner)) + ">")
			return
		}
		if !hasLabel || label == "" {
			label = target
		}
		b.raw(`<a class="bk-link" target="_blank" rel="noopener noreferrer"`)
		b.attr("href", href)
		b.raw(">")
		b.text(slackEntities.Replace(label))
		b.raw("</a>")
	}
}

// special renders <!here>, <!channel>, <!everyone>, <!subteam^ID|@team>
// and <!date^unix^format|fallback>.
func special(target, label string, hasLabel bool) string {
	cmd, _, _ := strings.Cut(target, "^")
	switch cmd {
	case "here", "channel", "everyone":
		return "@" + cmd
	case "date":
		if hasLabel {
			return slackEntities.Replace(label)
		}
		parts := strings.Split(target, "^")
		if len(parts) > 1 {
			if sec, err := strconv.ParseInt(parts[1], 10, 64); err == nil {
				return time.Unix(sec, 0).UTC().Format("2006-01-02 15:04 UTC")
			}
		}
	}
	if hasLabel {
		return slackEntities.Replace(label)
	}
	return "@" + cmd
}

// safeURL returns u if it is an absolute http(s) or mailto URL, or a path
// to a file of the sandbox, and "" otherwise (javascript:, data:, ...).
func safeURL(u string) string {
	u = strings.TrimSpace(u)
	if strings.HasPrefix(u, "/files/") && !strings.HasPrefix(u, "//") {
		return u
	}
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	switch strings.ToLower(p.Scheme) {
	case "http", "https":
		if p.Host == "" {
			return ""
		}
		return p.String()
	case "mailto":
		return p.String()
	}
	return ""
}

// userName resolves a user id for a mention, or returns the id.
func (r *Renderer) userName(id string) string {
	if r.UserName != nil {
		if n := r.UserName(id); n != "" {
			return n
		}
	}
	return id
}

// channelName resolves a channel id for a mention, or returns the id.
func (r *Renderer) channelName(id string) string {
	if r.ChannelName != nil {
		if n := r.ChannelName(id); n != "" {
			return n
		}
	}
	return id
}

// Mrkdwn renders one mrkdwn text to HTML, for tests and callers outside
// Block Kit (a message's fallback text).
func (r *Renderer) Mrkdwn(s string) string {
	var b htmlBuf
	r.mrkdwn(&b, s)
	return b.String()
}

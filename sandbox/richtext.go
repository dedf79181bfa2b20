package sandbox

import "encoding/json"

// richNode is any node of a rich_text block: a container (section, list,
// quote, preformatted) or an inline element (text, link, user, channel,
// emoji, broadcast).
type richNode struct {
	Type     string            `json:"type"`
	Elements []json.RawMessage `json:"elements"`
	Style    json.RawMessage   `json:"style"` // an object for inline nodes, a string for lists
	Text     string            `json:"text"`
	URL      string            `json:"url"`
	UserID   string            `json:"user_id"`
	Channel  string            `json:"channel_id"`
	Name     string            `json:"name"`
	Range    string            `json:"range"`
}

type richStyle struct {
	Bold, Italic, Strike, Code bool
}

// richText renders the elements of a rich_text block. Its text is never
// parsed as mrkdwn: it is already structured.
func (r *Renderer) richText(b *htmlBuf, elements []json.RawMessage) {
	for _, raw := range elements {
		var n richNode
		if json.Unmarshal(raw, &n) != nil {
			continue
		}
		switch n.Type {
		case "rich_text_section":
			b.raw(`<div class="bk-rich-section">`)
			r.richInline(b, n.Elements)
			b.raw(`</div>`)
		case "rich_text_list":
			var style string
			_ = json.Unmarshal(n.Style, &style)
			tag := "ul"
			if style == "ordered" {
				tag = "ol"
			}
			b.raw("<" + tag + ` class="bk-rich-list">`)
			for _, item := range n.Elements {
				b.raw("<li>")
				r.richText(b, []json.RawMessage{item})
				b.raw("</li>")
			}
			b.raw("</" + tag + ">")
		case "rich_text_quote":
			b.raw(`<blockquote class="bk-quote">`)
			r.richInline(b, n.Elements)
			b.raw(`</blockquote>`)
		case "rich_text_preformatted":
			b.raw(`<pre class="bk-pre">`)
			r.richInline(b, n.Elements)
			b.raw(`</pre>`)
		default:
			b.raw(`<span class="bk-unsupported">`)
			b.text("unsupported rich text: " + n.Type)
			b.raw(`</span>`)
		}
	}
}

func (r *Renderer) richInline(b *htmlBuf, elements []json.RawMessage) {
	for _, raw := range elements {
		var n richNode
		if json.Unmarshal(raw, &n) != nil {
			continue
		}
		var st richStyle
		_ = json.Unmarshal(n.Style, &st)
		var closers []string
		for _, s := range []struct {
			on  bool
			tag string
		}{{st.Bold, "strong"}, {st.Italic, "em"}, {st.Strike, "del"}, {st.Code, "code"}} {
			if s.on {
				b.raw("<" + s.tag + ">")
				closers = append([]string{"</" + s.tag + ">"}, closers...)
			}
		}
		switch n.Type {
		case "text":
			b.text(n.Text)
		case "link":
			href := safeURL(n.URL)
			label := orString(n.Text, n.URL)
			if href == "" {
				b.text(label)
				break
			}
			b.raw(`<a class="bk-link" target="_blank" rel="noopener noreferrer"`)
			b.attr("href", href)
			b.raw(">")
			b.text(label)
			b.raw("</a>")
		case "user":
			b.raw(`<span class="bk-mention">@`)
			b.text(r.userName(n.UserID))
			b.raw(`</span>`)
		case "channel":
			b.raw(`<a class="bk-mention bk-channel" href="#"`)
			b.attr("data-goto-channel", n.Channel)
			b.raw(">#")
			b.text(r.channelName(n.Channel))
			b.raw("</a>")
		case "emoji":
			b.text(emojify(":" + n.Name + ":"))
		case "broadcast":
			b.raw(`<span class="bk-mention bk-special">@`)
			b.text(n.Range)
			b.raw(`</span>`)
		default:
			b.text(n.Text)
		}
		for _, c := range closers {
			b.raw(c)
		}
	}
}

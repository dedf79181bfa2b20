package sandbox

import (
	"encoding/json"
	"strconv"
	"strings"
)

// Renderer turns Block Kit JSON into HTML for the sandbox page. All text is
// escaped; the only markup is what the renderer writes itself, so a bot
// text like <script> shows as text. The HTML carries data- attributes that
// app.js reads to send clicks, selections and form values back.
type Renderer struct {
	// UserName resolves a user id to a display name ("" when unknown).
	UserName func(id string) string
	// ChannelName resolves a channel id to its name ("" when unknown).
	ChannelName func(id string) string
	// Users are offered by users_select elements, in order.
	Users []Option
	// Channels are offered by conversations_select and channels_select.
	Channels []Option
}

// Option is a choice offered by a select the bot does not fill itself.
type Option struct{ Value, Label string }

// textObject is a Block Kit text object.
type textObject struct {
	Type string `json:"type"`
	Text string `json:"text"`
	// Emoji is plain_text's emoji flag: Slack shows :short_names: as
	// emoji unless it is false.
	Emoji *bool `json:"emoji"`
}

// option is a Block Kit option object.
type option struct {
	Text        textObject  `json:"text"`
	Value       string      `json:"value"`
	Description *textObject `json:"description"`
}

// confirmObject is a Block Kit confirmation dialog.
type confirmObject struct {
	Title   *textObject `json:"title"`
	Text    *textObject `json:"text"`
	Confirm *textObject `json:"confirm"`
	Deny    *textObject `json:"deny"`
	Style   string      `json:"style"`
}

// imageRef is where an image comes from: a URL or an uploaded file.
type imageRef struct {
	ImageURL  string `json:"image_url"`
	SlackFile *struct {
		ID  string `json:"id"`
		URL string `json:"url"`
	} `json:"slack_file"`
	AltText string `json:"alt_text"`
}

// src is the image's URL on the page, or "".
func (i imageRef) src() string {
	if i.SlackFile != nil {
		if i.SlackFile.ID != "" {
			return "/files/" + i.SlackFile.ID
		}
		return safeURL(i.SlackFile.URL)
	}
	return safeURL(i.ImageURL)
}

// element is a Block Kit block element; only the fields of its type are set.
type element struct {
	imageRef
	Type         string      `json:"type"`
	ActionID     string      `json:"action_id"`
	Text         *textObject `json:"text"`
	Value        string      `json:"value"`
	URL          string      `json:"url"`
	Style        string      `json:"style"`
	Placeholder  *textObject `json:"placeholder"`
	Options      []option    `json:"options"`
	OptionGroups []struct {
		Label   textObject `json:"label"`
		Options []option   `json:"options"`
	} `json:"option_groups"`
	InitialOption        *option         `json:"initial_option"`
	InitialOptions       []option        `json:"initial_options"`
	InitialValue         json.RawMessage `json:"initial_value"` // a string; a number for some clients
	InitialDate          string          `json:"initial_date"`
	InitialTime          string          `json:"initial_time"`
	InitialDateTime      int64           `json:"initial_date_time"`
	InitialUser          string          `json:"initial_user"`
	InitialUsers         []string        `json:"initial_users"`
	InitialConversation  string          `json:"initial_conversation"`
	InitialChannel       string          `json:"initial_channel"`
	InitialConversations []string        `json:"initial_conversations"`
	InitialChannels      []string        `json:"initial_channels"`
	Multiline            bool            `json:"multiline"`
	IsDecimalAllowed     bool            `json:"is_decimal_allowed"`
	MinValue             string          `json:"min_value"`
	MaxValue             string          `json:"max_value"`
	MinLength            int             `json:"min_length"`
	MaxLength            int             `json:"max_length"`
	MaxSelectedItems     int             `json:"max_selected_items"`
	Confirm              *confirmObject  `json:"confirm"`
}

// initialValue returns initial_value as a string, whichever JSON type it has.
func (e *element) initialValue() string {
	if len(e.InitialValue) == 0 || string(e.InitialValue) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(e.InitialValue, &s) == nil {
		return s
	}
	return string(e.InitialValue)
}

// allOptions returns options and the options of every group.
func (e *element) allOptions() []option {
	out := append([]option(nil), e.Options...)
	for _, g := range e.OptionGroups {
		out = append(out, g.Options...)
	}
	return out
}

// block is a Block Kit layout block; only the fields of its type are set.
type block struct {
	imageRef
	Type      string            `json:"type"`
	BlockID   string            `json:"block_id"`
	Text      *textObject       `json:"text"`
	Fields    []textObject      `json:"fields"`
	Accessory *element          `json:"accessory"`
	Elements  []json.RawMessage `json:"elements"`
	Element   *element          `json:"element"`
	Label     *textObject       `json:"label"`
	Hint      *textObject       `json:"hint"`
	Optional  bool              `json:"optional"`
	Title     *textObject       `json:"title"`
}

// Blocks renders a JSON array of blocks. Blocks that do not decode are
// shown as a visible note rather than dropped.
func (r *Renderer) Blocks(raw json.RawMessage) string {
	var b htmlBuf
	r.blocks(&b, raw)
	return b.String()
}

func (r *Renderer) blocks(b *htmlBuf, raw json.RawMessage) {
	var list []json.RawMessage
	if err := json.Unmarshal(raw, &list); err != nil {
		b.raw(`<div class="bk-unsupported">`)
		b.text("blocks do not decode: " + err.Error())
		b.raw(`</div>`)
		return
	}
	for _, one := range list {
		var bl block
		if err := json.Unmarshal(one, &bl); err != nil {
			b.raw(`<div class="bk-unsupported">`)
			b.text("block does not decode: " + err.Error())
			b.raw(`</div>`)
			continue
		}
		r.block(b, &bl, one)
	}
}

func (r *Renderer) block(b *htmlBuf, bl *block, raw json.RawMessage) {
	b.raw(`<div class="bk-block bk-` + classToken(bl.Type) + `"`)
	b.attr("data-block-id", bl.BlockID)
	if bl.Type == "input" {
		b.attr("data-optional", strconv.FormatBool(bl.Optional))
	}
	b.raw(">")
	switch bl.Type {
	case "header":
		b.raw(`<h3 class="bk-header-text">`)
		r.textObj(b, bl.Text)
		b.raw(`</h3>`)
	case "section":
		b.raw(`<div class="bk-section-main">`)
		if bl.Text != nil {
			b.raw(`<div class="bk-section-text">`)
			r.textObj(b, bl.Text)
			b.raw(`</div>`)
		}
		if len(bl.Fields) > 0 {
			b.raw(`<div class="bk-fields">`)
			for i := range bl.Fields {
				b.raw(`<div class="bk-field-text">`)
				r.textObj(b, &bl.Fields[i])
				b.raw(`</div>`)
			}
			b.raw(`</div>`)
		}
		b.raw(`</div>`)
		if bl.Accessory != nil {
			b.raw(`<div class="bk-accessory">`)
			r.element(b, bl.Accessory, bl.BlockID, false)
			b.raw(`</div>`)
		}
	case "context":
		for _, raw := range bl.Elements {
			var el struct {
				textObject
				imageRef
			}
			if json.Unmarshal(raw, &el) != nil {
				continue
			}
			if el.Type == "image" {
				r.image(b, el.imageRef, "bk-context-image")
				continue
			}
			b.raw(`<span class="bk-context-text">`)
			r.textObj(b, &el.textObject)
			b.raw(`</span>`)
		}
	case "divider":
		b.raw(`<hr class="bk-hr">`)
	case "image":
		b.raw(`<figure class="bk-figure">`)
		if bl.Title != nil {
			b.raw(`<figcaption>`)
			r.textObj(b, bl.Title)
			b.raw(`</figcaption>`)
		}
		if src := bl.imageRef.src(); src != "" { // click to open full size, as in Slack
			b.raw(`<a class="bk-img-link" target="_blank" rel="noopener noreferrer" title="Open full size"`)
			b.attr("href", src)
			b.raw(`>`)
			r.image(b, bl.imageRef, "bk-img")
			b.raw(`</a>`)
		} else {
			r.image(b, bl.imageRef, "bk-img")
		}
		b.raw(`</figure>`)
	case "actions":
		for _, raw := range bl.Elements {
			var el element
			if json.Unmarshal(raw, &el) != nil {
				continue
			}
			r.element(b, &el, bl.BlockID, false)
		}
	case "input":
		r.input(b, bl)
	case "rich_text":
		r.richText(b, bl.Elements)
	default:
		b.raw(`<div class="bk-unsupported">`)
		b.text("unsupported block: " + bl.Type)
		b.raw(`</div>`)
	}
	b.raw(`</div>`)
}

// classToken keeps only the characters a CSS class name may take.
func classToken(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-' {
			return r
		}
		return -1
	}, s)
}

// textObj renders a text object: mrkdwn is parsed, plain_text is not.
func (r *Renderer) textObj(b *htmlBuf, t *textObject) {
	if t == nil {
		return
	}
	if t.Type == "mrkdwn" {
		r.mrkdwn(b, t.Text)
		return
	}
	s := t.Text
	if t.Emoji == nil || *t.Emoji {
		s = emojify(s)
	}
	for i, line := range strings.Split(s, "\n") {
		if i > 0 {
			b.raw("<br>")
		}
		b.text(line)
	}
}

// plainString is the text of a text object without markup, for attributes
// and <option> labels.
func plainString(t *textObject) string {
	if t == nil {
		return ""
	}
	if t.Type == "mrkdwn" {
		return emojify(slackEntities.Replace(t.Text))
	}
	if t.Emoji == nil || *t.Emoji {
		return emojify(t.Text)
	}
	return t.Text
}

func (r *Renderer) image(b *htmlBuf, img imageRef, class string) {
	src := img.src()
	if src == "" {
		b.raw(`<span class="bk-image-missing">`)
		b.text("[image: " + img.AltText + "]")
		b.raw(`</span>`)
		return
	}
	b.raw(`<img class="` + class + `" loading="lazy"`)
	b.attr("src", src)
	b.attr("alt", img.AltText)
	b.raw(">")
}

// input renders an input block of a modal: its label, its one element,
// its hint and the slot where app.js shows the field error.
func (r *Renderer) input(b *htmlBuf, bl *block) {
	b.raw(`<label class="bk-label">`)
	r.textObj(b, bl.Label)
	if bl.Optional {
		b.raw(` <span class="bk-optional">(optional)</span>`)
	}
	b.raw(`</label>`)
	if bl.Element != nil {
		r.element(b, bl.Element, bl.BlockID, true)
	}
	b.raw(`<div class="bk-error" role="alert" hidden`)
	b.attr("data-error-for", bl.BlockID)
	b.raw(`></div>`)
	if bl.Hint != nil {
		b.raw(`<div class="bk-hint">`)
		r.textObj(b, bl.Hint)
		b.raw(`</div>`)
	}
}

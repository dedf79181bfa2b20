package sandbox

import (
	"strconv"
	"strings"
)

// element renders a block element. In an input block (form) it is a form
// control that app.js reads on submit; elsewhere an interactive element
// that sends a block action at once.
func (r *Renderer) element(b *htmlBuf, el *element, blockID string, form bool) {
	actionID := el.ActionID
	if actionID == "" && form {
		actionID = blockID // Slack makes one up; any name the submit reuses will do
	}
	open := func(tag, class string) {
		b.raw("<" + tag + ` class="` + class + `"`)
		b.attr("data-type", el.Type)
		b.attr("data-action-id", actionID)
		b.attr("data-block-id", blockID)
	}
	if form {
		open("div", "bk-control")
		b.raw(">")
		defer b.raw("</div>")
	}
	switch el.Type {
	case "button":
		r.button(b, el, blockID)
	case "overflow":
		open("div", "bk-overflow")
		b.raw(`><button type="button" class="bk-overflow-toggle" aria-label="More actions">⋯</button><div class="bk-menu" hidden>`)
		for _, o := range el.allOptions() {
			b.raw(`<button type="button" class="bk-act bk-menu-item" data-type="overflow"`)
			b.attr("data-action-id", actionID)
			b.attr("data-block-id", blockID)
			b.attr("data-option", o.Value)
			b.raw(">")
			b.text(plainString(&o.Text))
			b.raw(`</button>`)
		}
		b.raw(`</div></div>`)
	case "image":
		r.image(b, el.imageRef, "bk-accessory-image")
	case "plain_text_input", "email_text_input", "url_text_input", "number_input":
		r.textInput(b, el, open)
	case "datepicker", "timepicker", "datetimepicker":
		r.dateInput(b, el, form, open)
	case "static_select", "external_select", "multi_static_select", "multi_external_select",
		"users_select", "multi_users_select", "conversations_select", "multi_conversations_select",
		"channels_select", "multi_channels_select":
		r.selectInput(b, el, form, open)
	case "checkboxes", "radio_buttons":
		r.choices(b, el, blockID, actionID, form)
	default:
		b.raw(`<span class="bk-unsupported">`)
		b.text("unsupported element: " + el.Type)
		b.raw(`</span>`)
	}
}

func (r *Renderer) button(b *htmlBuf, el *element, blockID string) {
	b.raw(`<span class="bk-el">`)
	b.raw(`<button type="button" class="bk-act bk-button`)
	if el.Style == "primary" || el.Style == "danger" {
		b.raw(" bk-" + el.Style)
	}
	b.raw(`" data-type="button"`)
	b.attr("data-action-id", el.ActionID)
	b.attr("data-block-id", blockID)
	b.attr("data-value", el.Value)
	if u := safeURL(el.URL); u != "" {
		b.attr("data-url", u)
	}
	b.raw(">")
	r.textObj(b, el.Text)
	b.raw(`</button>`)
	if c := el.Confirm; c != nil {
		b.raw(`<div class="bk-confirm" hidden`)
		b.attr("data-style", c.Style)
		b.raw(`><div class="bk-confirm-title">`)
		r.textObj(b, c.Title)
		b.raw(`</div><div class="bk-confirm-text">`)
		r.textObj(b, c.Text)
		b.raw(`</div><div class="bk-confirm-yes">`)
		r.textObj(b, orText(c.Confirm, "Yes"))
		b.raw(`</div><div class="bk-confirm-no">`)
		r.textObj(b, orText(c.Deny, "Cancel"))
		b.raw(`</div></div>`)
	}
	b.raw(`</span>`)
}

func orText(t *textObject, def string) *textObject {
	if t == nil || t.Text == "" {
		return &textObject{Type: "plain_text", Text: def}
	}
	return t
}

func (r *Renderer) textInput(b *htmlBuf, el *element, open func(tag, class string)) {
	if el.Type == "plain_text_input" && el.Multiline {
		open("textarea", "bk-input-text bk-multiline")
		r.limits(b, el)
		b.raw(` rows="4">`)
		b.text(el.initialValue())
		b.raw(`</textarea>`)
		return
	}
	kind := map[string]string{"email_text_input": "email", "url_text_input": "url"}[el.Type]
	if kind == "" {
		kind = "text"
	}
	open("input", "bk-input-text")
	b.attr("type", kind)
	if el.Type == "number_input" {
		b.attr("inputmode", map[bool]string{true: "decimal", false: "numeric"}[el.IsDecimalAllowed])
		b.attr("data-decimal", strconv.FormatBool(el.IsDecimalAllowed))
		b.attr("data-min", el.MinValue)
		b.attr("data-max", el.MaxValue)
	}
	r.limits(b, el)
	b.attr("value", el.initialValue())
	b.raw(">")
}

func (r *Renderer) limits(b *htmlBuf, el *element) {
	if el.MaxLength > 0 {
		b.attr("maxlength", strconv.Itoa(el.MaxLength))
	}
	if el.MinLength > 0 {
		b.attr("minlength", strconv.Itoa(el.MinLength))
	}
	if p := plainString(el.Placeholder); p != "" {
		b.attr("placeholder", p)
	}
}

func (r *Renderer) dateInput(b *htmlBuf, el *element, form bool, open func(tag, class string)) {
	class := "bk-input-date"
	if !form {
		class += " bk-act"
	}
	open("input", class)
	switch el.Type {
	case "datepicker":
		b.attr("type", "date")
		b.attr("value", el.InitialDate)
	case "timepicker":
		b.attr("type", "time")
		b.attr("value", el.InitialTime)
	default:
		b.attr("type", "datetime-local")
		if el.InitialDateTime > 0 {
			b.attr("data-initial-unix", strconv.FormatInt(el.InitialDateTime, 10))
		}
	}
	if p := plainString(el.Placeholder); p != "" {
		b.attr("aria-label", p)
	}
	b.raw(">")
}

// selectInput renders every kind of select as a <select>; users and
// channels come from the workspace, as Slack fills them.
func (r *Renderer) selectInput(b *htmlBuf, el *element, form bool, open func(tag, class string)) {
	multi := strings.HasPrefix(el.Type, "multi_")
	class := "bk-select"
	if !form {
		class += " bk-act"
	}
	open("select", class)
	if multi {
		b.raw(" multiple")
		if el.MaxSelectedItems > 0 {
			b.attr("data-max-selected", strconv.Itoa(el.MaxSelectedItems))
		}
	}
	b.raw(">")
	selected := map[string]bool{}
	if el.InitialOption != nil {
		selected[el.InitialOption.Value] = true
	}
	for _, o := range el.InitialOptions {
		selected[o.Value] = true
	}
	for _, v := range append(append(append([]string{el.InitialUser, el.InitialConversation, el.InitialChannel}, el.InitialUsers...), el.InitialConversations...), el.InitialChannels...) {
		if v != "" {
			selected[v] = true
		}
	}
	if !multi {
		b.raw(`<option value="">`)
		b.text(orString(plainString(el.Placeholder), "Select an item"))
		b.raw(`</option>`)
	}
	writeOpt := func(value, label string) {
		b.raw("<option")
		b.attr("value", value)
		if selected[value] {
			b.raw(" selected")
		}
		b.raw(">")
		b.text(label)
		b.raw("</option>")
	}
	switch {
	case strings.Contains(el.Type, "users"):
		for _, u := range r.Users {
			writeOpt(u.Value, u.Label)
		}
	case strings.Contains(el.Type, "conversations") || strings.Contains(el.Type, "channels"):
		for _, c := range r.Channels {
			writeOpt(c.Value, "#"+c.Label)
		}
	default:
		for _, o := range el.Options {
			writeOpt(o.Value, plainString(&o.Text))
		}
		for _, g := range el.OptionGroups {
			b.raw("<optgroup")
			b.attr("label", plainString(&g.Label))
			b.raw(">")
			for _, o := range g.Options {
				writeOpt(o.Value, plainString(&o.Text))
			}
			b.raw("</optgroup>")
		}
	}
	b.raw("</select>")
}

func orString(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// choices renders checkboxes and radio buttons; their labels may be mrkdwn.
func (r *Renderer) choices(b *htmlBuf, el *element, blockID, actionID string, form bool) {
	kind := "checkbox"
	if el.Type == "radio_buttons" {
		kind = "radio"
	}
	selected := map[string]bool{}
	if el.InitialOption != nil {
		selected[el.InitialOption.Value] = true
	}
	for _, o := range el.InitialOptions {
		selected[o.Value] = true
	}
	b.raw(`<div class="bk-choices"`)
	b.attr("data-type", el.Type)
	b.attr("data-action-id", actionID)
	b.attr("data-block-id", blockID)
	b.raw(">")
	for _, o := range el.allOptions() {
		b.raw(`<label class="bk-choice"><input`)
		if !form {
			b.raw(` class="bk-act"`)
			b.attr("data-type", el.Type)
			b.attr("data-action-id", actionID)
			b.attr("data-block-id", blockID)
		}
		b.attr("type", kind)
		b.attr("name", blockID+"/"+actionID)
		b.attr("value", o.Value)
		if selected[o.Value] {
			b.raw(" checked")
		}
		b.raw("><span>")
		r.textObj(b, &o.Text)
		if o.Description != nil {
			b.raw(`<span class="bk-choice-desc">`)
			r.textObj(b, o.Description)
			b.raw(`</span>`)
		}
		b.raw("</span></label>")
	}
	b.raw(`</div>`)
}

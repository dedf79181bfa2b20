package bot

import (
	"strings"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// modal returns a modal view request: a form with Save and Cancel when
// submit is set, else a screen with Close. Every modal of the bot is built
// here; one with another submit label sets Submit after.
func modal(lang Lang, callbackID, title string, submit bool, meta viewMeta, blocks []slack.Block) slack.ModalViewRequest {
	v := slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      callbackID,
		Title:           plainText(clip(title, 24)),
		Close:           plainText(lang.T("modal.close")),
		PrivateMetadata: meta.String(),
		Blocks:          slack.Blocks{BlockSet: blocks},
	}
	if submit {
		v.Submit = plainText(lang.T("modal.save"))
		v.Close = plainText(lang.T("modal.cancel"))
	}
	return v
}

// input returns an input block; optional ones may be left empty.
func input(blockID, label string, hint string, el slack.BlockElement, optional bool) *slack.InputBlock {
	var h *slack.TextBlockObject
	if hint != "" {
		h = plainText(hint)
	}
	b := slack.NewInputBlock(blockID, plainText(label), h, el)
	b.Optional = optional
	return b
}

// textInput returns a plain-text input with an initial value.
func textInput(initial string, maxLen int, multiline bool) *slack.PlainTextInputBlockElement {
	el := slack.NewPlainTextInputBlockElement(nil, ActionInput)
	el.InitialValue = initial
	el.MaxLength = maxLen
	el.Multiline = multiline
	return el
}

// userSelect returns a select of one Slack user, with initial selected.
func userSelect(initial string) *slack.SelectBlockElement {
	el := slack.NewOptionsSelectBlockElement(slack.OptTypeUser, nil, ActionInput)
	el.InitialUser = initial
	return el
}

// datePicker returns a date picker showing initial, a "YYYY-MM-DD" date
// or "" for none.
func datePicker(initial string) *slack.DatePickerBlockElement {
	el := slack.NewDatePickerBlockElement(ActionInput)
	el.InitialDate = initial
	return el
}

// option returns a select option whose label is the catalogue entry
// prefix+value.
func option(lang Lang, prefix, value string) *slack.OptionBlockObject {
	return slack.NewOptionBlockObject(value, plainText(lang.T(prefix+value)), nil)
}

// staticSelect returns a select of the catalogue values with the one equal
// to initial selected.
func staticSelect[T ~string](lang Lang, prefix string, values []T, initial T) *slack.SelectBlockElement {
	var opts []*slack.OptionBlockObject
	var init *slack.OptionBlockObject
	for _, v := range values {
		o := option(lang, prefix, string(v))
		opts = append(opts, o)
		if v == initial {
			init = o
		}
	}
	el := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, nil, ActionInput, opts...)
	el.InitialOption = init
	return el
}

// formState reads the values of a submitted form. Every input block has
// one element, whose action ID is ActionInput.
type formState struct{ s *slack.ViewState }

func (f formState) get(block string) slack.BlockAction {
	if f.s == nil {
		return slack.BlockAction{}
	}
	return f.s.Values[block][ActionInput]
}

// text returns the typed value of a text input.
func (f formState) text(block string) string { return f.get(block).Value }

// selected returns the value of a static select.
func (f formState) selected(block string) string { return f.get(block).SelectedOption.Value }

// selectedValues returns the values of a multi-select.
func (f formState) selectedValues(block string) []string {
	var out []string
	for _, o := range f.get(block).SelectedOptions {
		out = append(out, o.Value)
	}
	return out
}

// ids returns the selected options of a multi-select as IDs; ok is false
// when one is not an ID (a forged payload).
func (f formState) ids(block string) ([]int64, bool) {
	var out []int64
	for _, v := range f.selectedValues(block) {
		id, ok := parseID(v)
		if !ok {
			return nil, false
		}
		out = append(out, id)
	}
	return out, true
}

// ActionInput is the action ID of the single element of every input
// block: the block ID already says which field it is.
const ActionInput = "input"

// readNumber reads a number typed in a form with plan.ParseNumber; an
// empty input gives empty. ok is false when s is not a finite number.
func readNumber(s string, empty float64) (float64, bool) {
	if strings.TrimSpace(s) == "" {
		return empty, true
	}
	return plan.ParseNumber(s)
}

// formFields maps the plan.Error field names of a form to its input
// blocks: field's block is prefix+field, and "field=suffix" names a field
// whose block is prefix+suffix. TestFormFields checks the blocks exist.
func formFields(prefix string, fields ...string) map[string]string {
	m := make(map[string]string, len(fields))
	for _, f := range fields {
		field, suffix, renamed := strings.Cut(f, "=")
		if !renamed {
			suffix = field
		}
		m[field] = prefix + suffix
	}
	return m
}

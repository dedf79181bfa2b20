package bot

import (
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// Block Kit pieces every view uses. Text from users goes through Escape
// before it reaches a mrkdwn object; plain-text objects are not parsed.

// maxTextLen is Slack's limit of a section's text.
const maxTextLen = 3000

func plainText(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, s, false, false)
}

func mrkdwn(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, clip(s, maxTextLen), false, false)
}

// clip cuts s to at most n runes, marking the cut with an ellipsis.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// parseID reads an entity ID from a button value or a select option.
func parseID(value string) (int64, bool) {
	id, err := strconv.ParseInt(value, 10, 64)
	return id, err == nil && id > 0
}

// maxConfirmText is Slack's limit on a confirmation dialog's text.
const maxConfirmText = 300

// confirmText is a confirmation dialog's text: what goes, clipped so that
// the whole stays within Slack's limit, then text.
func confirmText(name, text string) string {
	room := maxConfirmText - len([]rune(text)) - len("\n\n")
	return clip(name, max(room, 1)) + "\n\n" + text
}

// deleteConfirm is the catalogue keys of the confirmation a Delete button
// asks for: its title and its text, under the name of what goes.
type deleteConfirm struct{ Title, Text string }

// deleteStep is the confirmation of the lists of steps 2 to 5.
var deleteStep = deleteConfirm{Title: "steps.delete.confirm.title", Text: "steps.delete.confirm.text"}

// deleteButton is a Delete button for the entity id, with a confirmation
// naming what goes.
func deleteButton(lang Lang, action string, id int64, name string, confirm deleteConfirm) *slack.ButtonBlockElement {
	del := slack.NewButtonBlockElement(action, idString(id), plainText(lang.T("goals.delete")))
	del.Style = slack.StyleDanger
	del.Confirm = slack.NewConfirmationBlockObject(
		plainText(lang.T(confirm.Title)),
		plainText(confirmText(name, lang.T(confirm.Text))),
		plainText(lang.T("goals.delete.confirm.yes")),
		plainText(lang.T("goals.delete.confirm.no")),
	)
	del.Confirm.Style = slack.StyleDanger
	return del
}

// editDeleteButtons returns an actions block with Edit and a confirmed
// Delete for the entity id, plus extra elements before them.
func editDeleteButtons(lang Lang, blockID, editAction, deleteAction string, id int64, name string, confirm deleteConfirm, extra ...slack.BlockElement) *slack.ActionBlock {
	edit := slack.NewButtonBlockElement(editAction, idString(id), plainText(lang.T("goals.edit")))
	return slack.NewActionBlock(blockID, append(extra, edit, deleteButton(lang, deleteAction, id, name, confirm))...)
}

// addButton is the primary button that adds an entity to a list.
func addButton(lang Lang, action string, planID int64, key string) *slack.ButtonBlockElement {
	add := slack.NewButtonBlockElement(action, idString(planID), plainText(lang.T(key)))
	add.Style = slack.StylePrimary
	return add
}

// networkMultiSelect returns a multi-select of the network catalogue.
func networkMultiSelect(lang Lang, selected []plan.Network) *slack.MultiSelectBlockElement {
	var opts, init []*slack.OptionBlockObject
	for _, n := range plan.Networks {
		o := option(lang, "network.", string(n))
		opts = append(opts, o)
		for _, s := range selected {
			if s == n {
				init = append(init, o)
			}
		}
	}
	el := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeStatic, nil, ActionInput, opts...)
	el.InitialOptions = init
	return el
}

// personaMultiSelect returns a multi-select of personas, or nil when the
// plan has none (Slack refuses a select without options). At most 100
// personas are offered, Slack's limit.
func personaMultiSelect(personas []*plan.Persona, selected []int64) *slack.MultiSelectBlockElement {
	if len(personas) == 0 {
		return nil
	}
	var opts, init []*slack.OptionBlockObject
	for i, p := range personas {
		if i == 100 {
			break
		}
		o := slack.NewOptionBlockObject(idString(p.ID), plainText(clip(p.Name, 75)), nil)
		opts = append(opts, o)
		for _, id := range selected {
			if id == p.ID {
				init = append(init, o)
			}
		}
	}
	el := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeStatic, nil, ActionInput, opts...)
	el.InitialOptions = init
	return el
}

// userMention is the mention of a Slack user, or a dash for nobody.
func userMention(id string) string {
	if id == "" {
		return "—"
	}
	return "<@" + id + ">"
}

// mentions returns user mentions separated by commas.
func mentions(ids []string) string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = userMention(id)
	}
	return strings.Join(out, ", ")
}

// ownersLine is the context line of a reserved step's list when the plan
// has owners, or nil.
func ownersLine(lang Lang, owners []string) slack.Block {
	if len(owners) == 0 {
		return nil
	}
	return slack.NewContextBlock("", mrkdwn(lang.T("owners.only", mentions(owners))))
}

// maxNames is how many names a flag lists before it says how many more.
const maxNames = 5

// nameList returns the first names, escaped and bold, and "and N more"
// when total exceeds them.
func nameList(lang Lang, names []string, total int) string {
	var out []string
	for i, n := range names {
		if i == maxNames {
			break
		}
		out = append(out, "*"+Escape(clip(n, 80))+"*")
	}
	s := strings.Join(out, ", ")
	if more := total - len(out); more > 0 {
		s += " " + lang.T("names.more", more)
	}
	return s
}

// orDash returns s, or a dash when s is empty.
func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

// quote makes text a mrkdwn block quote.
func quote(text string) string {
	return "> " + strings.ReplaceAll(text, "\n", "\n> ")
}

// quoteText quotes user text in mrkdwn, escaped.
func quoteText(s string, n int) string {
	return quote(Escape(clip(s, n)))
}

// safeLink returns a mrkdwn link to url with label, or the escaped label
// alone when url is not http(s). Characters that would end the link early
// are percent-encoded.
func safeLink(url, label string) string {
	if !strings.HasPrefix(url, "https://") && !strings.HasPrefix(url, "http://") {
		return Escape(label)
	}
	u := strings.NewReplacer("|", "%7C", ">", "%3E", "<", "%3C", "&", "&amp;", " ", "%20").Replace(url)
	return "<" + u + "|" + Escape(strings.ReplaceAll(label, "|", "/")) + ">"
}

// replaceActions returns blocks without their actions blocks, ending with
// a context line note: a message whose buttons were used.
func replaceActions(blocks []slack.Block, note string) []slack.Block {
	var out []slack.Block
	for _, b := range blocks {
		if b.BlockType() != slack.MBTAction {
			out = append(out, b)
		}
	}
	return append(out, slack.NewContextBlock("", mrkdwn(note)))
}

// idString is an entity ID as a button carries it.
func idString(id int64) string { return strconv.FormatInt(id, 10) }

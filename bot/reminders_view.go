package bot

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// reminderMeta is the private_metadata of the modals of steps 6 and 7.
type reminderMeta struct {
	PlanID    int64  `json:"p,omitempty"`
	ChannelID string `json:"c,omitempty"`
	ID        int64  `json:"id,omitempty"` // the experiment or item a form is about; 0 for a new one
	ParentID  string `json:"v,omitempty"`  // the list view to refresh after a pushed form is saved
	Page      int    `json:"n,omitempty"`
	Mine      bool   `json:"m,omitempty"`  // engagement list: only the user's items
	SourceTS  string `json:"st,omitempty"` // engagement form: the message the shortcut ran on, in ChannelID
}

// String returns m as the JSON of private_metadata.
func (m reminderMeta) String() string {
	b, _ := json.Marshal(m) // a struct of strings, ints and bools cannot fail
	return string(b)
}

func parseReminderMeta(s string) (reminderMeta, error) {
	var m reminderMeta
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return m, fmt.Errorf("parse private_metadata: %w", err)
	}
	return m, nil
}

// localTime shows an instant as a date and a time of day in loc.
func localTime(lang Lang, t time.Time, loc *time.Location) string {
	l := t.In(loc)
	return lang.T("reminder.datetime", formatDate(lang, l), l.Format("15:04"))
}

// formatSpan shows a duration in days, hours and minutes.
func formatSpan(lang Lang, d time.Duration) string {
	if d < time.Minute {
		return lang.T("reminder.span.under_minute")
	}
	days, hours, mins := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour), int(d%time.Hour/time.Minute)
	var parts []string
	if days > 0 {
		parts = append(parts, lang.T("reminder.span.days", days))
	}
	if hours > 0 {
		parts = append(parts, lang.T("reminder.span.hours", hours))
	}
	if mins > 0 && days == 0 {
		parts = append(parts, lang.T("reminder.span.minutes", mins))
	}
	return strings.Join(parts, " ")
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

// quoteText quotes user text in mrkdwn, escaped.
func quoteText(s string, n int) string {
	return "> " + strings.ReplaceAll(Escape(clip(s, n)), "\n", "\n> ")
}

// deliveryNotes are the context lines of a reminder that fires late, after
// missed occurrences, or again after a snooze.
func deliveryNotes(lang Lang, d *plan.Delivery, loc *time.Location) []slack.MixedElement {
	var out []slack.MixedElement
	switch {
	case d.Snoozed:
		out = append(out, mrkdwn(lang.T("reminder.snoozed_again")))
	case d.Late:
		out = append(out, mrkdwn(lang.T("reminder.late", localTime(lang, d.Due, loc))))
	}
	if d.Missed > 0 {
		out = append(out, mrkdwn(lang.N("reminder.missed", d.Missed)))
	}
	return out
}

// reminderActions is the actions block of a reminder message: the main
// button, Snooze 1 h, Snooze 1 day and Open.
func reminderActions(lang Lang, r *plan.Reminder, step string, main ...slack.BlockElement) *slack.ActionBlock {
	id := strconv.FormatInt(r.ID, 10)
	elems := append(main,
		slack.NewButtonBlockElement(ActionReminderSnoozeHour, id, plainText(lang.T("reminder.snooze_hour"))),
		slack.NewButtonBlockElement(ActionReminderSnoozeDay, id, plainText(lang.T("reminder.snooze_day"))),
		slack.NewButtonBlockElement(ActionOpenStep, step, plainText(lang.T("reminder.open"))),
	)
	return slack.NewActionBlock("reminder_actions_"+id, elems...)
}

// unreachableMessage is the direct message that tells a plan's owners the
// bot cannot post in its channel.
func unreachableMessage(lang Lang, p *plan.Plan, reason string) (string, []slack.Block) {
	head := lang.T("reminder.unreachable", p.ChannelID)
	var hint string
	switch reason {
	case "not_in_channel", "channel_not_found", "is_archived":
		hint = lang.T("reminder.unreachable." + reason)
	default:
		hint = lang.T("reminder.unreachable.other", Escape(reason))
	}
	retry := slack.NewButtonBlockElement(ActionChannelRetry, strconv.FormatInt(p.ID, 10), plainText(lang.T("reminder.unreachable.retry")))
	retry.Style = slack.StylePrimary
	blocks := []slack.Block{
		slack.NewSectionBlock(mrkdwn(head+"\n"+hint), nil, nil),
		slack.NewContextBlock("", mrkdwn(lang.T("reminder.unreachable.wait"))),
		slack.NewActionBlock("reminder_unreachable", retry),
	}
	return head, blocks
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

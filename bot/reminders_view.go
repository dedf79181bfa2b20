package bot

import (
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

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
	id := idString(r.ID)
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
	retry := slack.NewButtonBlockElement(ActionChannelRetry, idString(p.ID), plainText(lang.T("reminder.unreachable.retry")))
	retry.Style = slack.StylePrimary
	blocks := []slack.Block{
		slack.NewSectionBlock(mrkdwn(head+"\n"+hint), nil, nil),
		slack.NewContextBlock("", mrkdwn(lang.T("reminder.unreachable.wait"))),
		slack.NewActionBlock("reminder_unreachable", retry),
	}
	return head, blocks
}

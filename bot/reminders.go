package bot

import (
	"context"
	"strconv"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// snoozeAction snoozes the reminder of the clicked message for an hour or
// a day: it fires once more then. The message's buttons give way to a line
// saying who snoozed it until when.
func (b *Bot) snoozeAction(ctx context.Context, cb *slack.InteractionCallback, a *slack.BlockAction) {
	u := b.user(ctx, cb.User.ID)
	id, err := strconv.ParseInt(a.Value, 10, 64)
	var r *plan.Reminder
	if err == nil {
		r, err = b.Reminders.FindReminderByID(ctx, id)
	}
	// A button carries the reminder's ID: only a message in the reminder's
	// own channel may snooze it.
	if err == nil && r.ChannelID != cb.Channel.ID {
		b.Logger.Warn("snooze from another channel", "reminder_id", id, "channel_id", cb.Channel.ID, "user_id", cb.User.ID)
		err = plan.Errorf(plan.ENOTFOUND, "reminder %d not in channel %s", id, cb.Channel.ID)
	}
	var p *plan.Plan
	if err == nil {
		p, err = b.Plans.FindPlanByID(ctx, r.PlanID)
	}
	if err != nil {
		b.ephemeral(ctx, cb.Channel.ID, cb.User.ID, b.errorText(u.Lang, err))
		return
	}
	d := time.Hour
	if a.ActionID == ActionReminderSnoozeDay {
		d = 24 * time.Hour
	}
	r, err = b.Reminders.SnoozeReminder(ctx, r.ID, b.Now().Add(d))
	if plan.ErrorCode(err) == plan.ECONFLICT {
		b.ephemeral(ctx, cb.Channel.ID, cb.User.ID, u.Lang.T("reminder.snooze.cancelled"))
		return
	} else if err != nil {
		b.ephemeral(ctx, cb.Channel.ID, cb.User.ID, b.errorText(u.Lang, err))
		return
	}
	b.Logger.Info("reminder snoozed", "reminder_id", r.ID, "until", r.SnoozedUntil, "user_id", cb.User.ID)
	lang := planLang(p)
	note := lang.T("reminder.snoozed", userMention(cb.User.ID), localTime(lang, r.SnoozedUntil, p.Location()))
	blocks := replaceActions(cb.Message.Blocks.BlockSet, note)
	b.updateMessage(ctx, cb.Channel.ID, cb.Message.Timestamp, cb.Message.Text, blocks, cb.User.ID)
}

// channelRetryAction clears the unreachable mark of a plan from the direct
// message that reported it, so its reminders are tried at the next tick.
// At worst a forged value makes one more attempt on another plan.
func (b *Bot) channelRetryAction(ctx context.Context, cb *slack.InteractionCallback, a *slack.BlockAction) {
	u := b.user(ctx, cb.User.ID)
	id, err := strconv.ParseInt(a.Value, 10, 64)
	if err == nil {
		err = b.Reminders.ClearChannelUnreachable(ctx, id)
	}
	if err != nil {
		b.ephemeral(ctx, cb.Channel.ID, cb.User.ID, b.errorText(u.Lang, err))
		return
	}
	b.Logger.Info("channel retry asked", "plan_id", id, "user_id", cb.User.ID)
	blocks := replaceActions(cb.Message.Blocks.BlockSet, u.Lang.T("reminder.unreachable.retrying"))
	b.updateMessage(ctx, cb.Channel.ID, cb.Message.Timestamp, cb.Message.Text, blocks, "")
}

package bot

// Action IDs of the buttons of reminder messages and of the direct
// message about a channel the bot cannot post in.
const (
	ActionReminderSnoozeHour = "reminder_snooze_1h"     // value: reminder ID
	ActionReminderSnoozeDay  = "reminder_snooze_1d"     // value: reminder ID
	ActionChannelRetry       = "reminder_channel_retry" // value: plan ID; in the unreachable-channel DM
)

package bot

// Action IDs of what the bot tells a user about an effect Slack did not
// take.
const (
	ActionReopenView = "delivery_reopen_view" // value: the stash token of the modal to open again
)

package bot

// IDs of step 5. Block IDs of input blocks are exported for the
// end-to-end tests that fill the forms.

// Callback IDs of the views of step 5.
const (
	CallbackChannel      = "channel_modal"
	CallbackChannelsList = "channels_list"
)

// Action IDs of the list of chosen networks.
const (
	ActionChannelAdd    = "channel_add"    // value: plan ID
	ActionChannelEdit   = "channel_edit"   // value: chosen network ID
	ActionChannelDelete = "channel_delete" // value: chosen network ID
)

// Block IDs of the form of a chosen network.
const (
	BlockChannelNetwork  = "channel_network"
	BlockChannelRole     = "channel_role"
	BlockChannelWhy      = "channel_why"
	BlockChannelPersonas = "channel_personas"
	BlockChannelCadence  = "channel_cadence"
	// The cadence as figures, which the calendar checks (issue 17).
	BlockChannelCadencePosts  = "channel_cadence_posts"
	BlockChannelCadencePeriod = "channel_cadence_period"
	BlockChannelConstraints   = "channel_constraints"
	BlockChannelStatus        = "channel_status"
)

// channelFieldBlocks maps plan.Channel field names to the input blocks of its form.
var channelFieldBlocks = formFields("channel_", "network", "role", "why", "personas", "cadence", "constraints", "status", "cadence_posts", "cadence_period")

package bot

// IDs of step 4. Block IDs of input blocks are exported for the
// end-to-end tests that fill the forms.

// Callback IDs of the form and the list of step 4, and action IDs of the
// list's buttons, whose value is the call to action's ID (the plan's for Add).
const (
	CallbackCTA      = "cta_modal"
	CallbackCTAsList = "ctas_list"
	ActionCTAAdd     = "cta_add"
	ActionCTAEdit    = "cta_edit"
	ActionCTADelete  = "cta_delete"
)

// Block IDs of the call to action form.
const (
	BlockCTAKind    = "cta_kind"
	BlockCTAText    = "cta_text"
	BlockCTAURL     = "cta_url"
	BlockCTAGoal    = "cta_goal"
	BlockCTANetwork = "cta_network"

	// The link's UTM values, in the form of a call to action that exists:
	// frozen when its link was first shown, changed only on purpose.
	BlockCTAUTMSource   = "cta_utm_source"
	BlockCTAUTMMedium   = "cta_utm_medium"
	BlockCTAUTMCampaign = "cta_utm_campaign"
	BlockCTAUTMContent  = "cta_utm_content"
)

// ctaFieldBlocks maps plan.CTA field names to the input blocks of its form.
var ctaFieldBlocks = formFields("cta_", "kind", "text", "url", "goal", "network",
	"utm_source", "utm_medium", "utm_campaign", "utm_content")

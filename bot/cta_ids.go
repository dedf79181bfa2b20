package bot

// IDs of step 4. Block IDs of input blocks are exported for the
// end-to-end tests that fill the forms.

// Callback IDs of the views of step 4.
const (
	CallbackCTA      = "cta_modal"
	CallbackCTAsList = "ctas_list"
)

// Action IDs of the list of calls to action.
const (
	ActionCTAAdd    = "cta_add"    // value: plan ID
	ActionCTAEdit   = "cta_edit"   // value: CTA ID
	ActionCTADelete = "cta_delete" // value: CTA ID
)

// Block IDs of the call to action form.
const (
	BlockCTAKind    = "cta_kind"
	BlockCTAText    = "cta_text"
	BlockCTAURL     = "cta_url"
	BlockCTAGoal    = "cta_goal"
	BlockCTANetwork = "cta_network"
)

// ctaFieldBlocks maps plan.CTA field names to their input blocks.
var ctaFieldBlocks = map[string]string{
	"kind":    BlockCTAKind,
	"text":    BlockCTAText,
	"url":     BlockCTAURL,
	"goal":    BlockCTAGoal,
	"network": BlockCTANetwork,
}

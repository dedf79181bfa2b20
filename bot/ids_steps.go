package bot

// IDs of steps 2 to 5, /plan status, /plan settings and the App Home. They
// live beside ids.go so each issue's IDs stay together; block IDs of input
// blocks are exported for the end-to-end tests that fill the forms.

// Callback IDs of the views of steps 2 to 5 and settings.
const (
	CallbackPersona       = "persona_modal"
	CallbackPersonasList  = "personas_list"
	CallbackContentList   = "content_list"
	CallbackContentItem   = "content_item_modal"
	CallbackStrategy      = "strategy_modal"
	CallbackPillarsList   = "pillars_list"
	CallbackPillar        = "pillar_modal"
	CallbackReviewChanges = "review_changes_modal"
	CallbackCTA           = "cta_modal"
	CallbackCTAsList      = "ctas_list"
	CallbackChannel       = "channel_modal"
	CallbackChannelsList  = "channels_list"
	CallbackSettings      = "settings_modal"
)

// Action IDs. A button's value carries the entity ID, a page number or a
// filter value.
const (
	ActionPersonaAdd    = "persona_add"    // value: plan ID
	ActionPersonaEdit   = "persona_edit"   // value: persona ID
	ActionPersonaDelete = "persona_delete" // value: persona ID

	ActionContentAdd     = "content_add"      // value: plan ID
	ActionContentEdit    = "content_edit"     // value: item ID
	ActionContentDelete  = "content_delete"   // value: item ID
	ActionContentReview  = "content_review"   // value: item ID; posts the review request
	ActionContentStatus  = "content_status"   // static select: status filter ("" for all)
	ActionContentWeek    = "content_week"     // static select: week filter (Monday, YYYY-MM-DD, or "")
	ActionStrategyEdit   = "strategy_edit"    // value: plan ID
	ActionPillarsOpen    = "pillars_open"     // value: plan ID
	ActionPillarAdd      = "pillar_add"       // value: plan ID
	ActionPillarEdit     = "pillar_edit"      // value: pillar ID
	ActionPillarDelete   = "pillar_delete"    // value: pillar ID
	ActionReviewApprove  = "review_approve"   // value: item ID; on the review message or Home
	ActionReviewChanges  = "review_changes"   // value: item ID; opens the comment form
	ActionHomeOpenStep   = "home_open_step"   // value: channel ID + "|" + step command
	ActionHomeStepSelect = "home_step_select" // static select: channel ID + "|" + step command
	ActionHomeOpenItem   = "home_open_item"   // value: item ID
	ActionCTAAdd         = "cta_add"          // value: plan ID
	ActionCTAEdit        = "cta_edit"         // value: CTA ID
	ActionCTADelete      = "cta_delete"       // value: CTA ID
	ActionChannelAdd     = "channel_add"      // value: plan ID
	ActionChannelEdit    = "channel_edit"     // value: chosen network ID
	ActionChannelDelete  = "channel_delete"   // value: chosen network ID
	ActionListPrev       = "list_prev"        // value: page; the list is the view's callback ID
	ActionListNext       = "list_next"        // value: page
)

// Block IDs of the inputs of the forms of steps 2 to 5 and settings; each
// input's element has the action ID ActionInput.
const (
	BlockPersonaName      = "persona_name"
	BlockPersonaWho       = "persona_who"
	BlockPersonaInterests = "persona_interests"
	BlockPersonaExcites   = "persona_excites"
	BlockPersonaNetworks  = "persona_networks"
	BlockPersonaNotes     = "persona_notes"

	BlockStrategyVoice = "strategy_voice"
	BlockStrategyTone  = "strategy_tone"

	BlockPillarName        = "pillar_name"
	BlockPillarDescription = "pillar_description"
	BlockPillarPersonas    = "pillar_personas"

	BlockContentTitle    = "content_title"
	BlockContentNetwork  = "content_network"
	BlockContentFormat   = "content_format"
	BlockContentCopy     = "content_copy"
	BlockContentLink     = "content_link"
	BlockContentPersona  = "content_persona"
	BlockContentPillar   = "content_pillar"
	BlockContentCTA      = "content_cta"
	BlockContentDate     = "content_date"
	BlockContentTime     = "content_time"
	BlockContentOwner    = "content_owner"
	BlockContentReviewer = "content_reviewer"
	BlockContentStatus   = "content_status"

	BlockReviewComment = "review_comment"

	BlockCTAKind    = "cta_kind"
	BlockCTAText    = "cta_text"
	BlockCTAURL     = "cta_url"
	BlockCTAGoal    = "cta_goal"
	BlockCTANetwork = "cta_network"

	BlockChannelNetwork     = "channel_network"
	BlockChannelRole        = "channel_role"
	BlockChannelWhy         = "channel_why"
	BlockChannelPersonas    = "channel_personas"
	BlockChannelCadence     = "channel_cadence"
	BlockChannelConstraints = "channel_constraints"
	BlockChannelStatus      = "channel_status"

	BlockSettingsName        = "settings_name"
	BlockSettingsTZ          = "settings_tz"
	BlockSettingsLanguage    = "settings_language"
	BlockSettingsReplyTarget = "settings_reply_target"
	BlockSettingsOwners      = "settings_owners"

	// BlockContentFilters is the actions block of the content list's
	// status and week filters.
	BlockContentFilters = "content_filters"
)

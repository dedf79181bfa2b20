package bot

// IDs of step 3: the content plan, the strategy (voice, tone, pillars) and
// the review of content items in Slack. Block IDs of input blocks are
// exported for the end-to-end tests that fill the forms.

// Callback IDs of the views of step 3.
const (
	CallbackContentList   = "content_list"
	CallbackContentItem   = "content_item_modal"
	CallbackStrategy      = "strategy_modal"
	CallbackPillarsList   = "pillars_list"
	CallbackPillar        = "pillar_modal"
	CallbackReviewChanges = "review_changes_modal"
	CallbackReviewHistory = "review_history_modal"
	CallbackApprovals     = "approvals_modal"
)

// Action IDs of step 3. A button's value carries the entity ID; a filter
// select's option carries the filter value.
const (
	ActionContentAdd    = "content_add"    // value: plan ID
	ActionContentEdit   = "content_edit"   // value: item ID
	ActionContentDelete = "content_delete" // value: item ID
	ActionContentReview = "content_review" // value: item ID; posts the review request
	ActionContentStatus = "content_status" // static select: status filter ("" for all)
	ActionContentWeek   = "content_week"   // static select: week filter (Monday, YYYY-MM-DD, or "")
	ActionStrategyEdit  = "strategy_edit"  // value: plan ID
	ActionPillarsOpen   = "pillars_open"   // value: plan ID
	ActionPillarAdd     = "pillar_add"     // value: plan ID
	ActionPillarEdit    = "pillar_edit"    // value: pillar ID
	ActionPillarDelete  = "pillar_delete"  // value: pillar ID
	ActionReviewApprove = "review_approve" // value: item ID; on the review message or Home
	ActionReviewChanges = "review_changes" // value: item ID; opens the comment form
	ActionReviewHistory = "review_history" // value: item ID; opens the item's review history
)

// Block IDs of the forms of step 3; each input's element has the action ID
// ActionInput.
const (
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
	// BlockContentPostLink is the published post's link, which imported
	// results are matched on (issue 16).
	BlockContentPostLink = "content_post_link"

	BlockReviewComment = "review_comment"
	// The approval policy's form.
	BlockApprovalRules   = "approval_rules"
	BlockApprovalTeam    = "approval_team"
	BlockApprovalClients = "approval_clients"

	// BlockContentFilters is the actions block of the content list's
	// status and week filters.
	BlockContentFilters = "content_filters"
)

// contentFieldBlocks maps plan.ContentItem field names to the input blocks of its form.
var contentFieldBlocks = formFields("content_", "title", "network", "format", "copy", "link", "persona", "pillar", "cta",
	"publish_date=date", "publish_time=time", "owner", "reviewer", "status", "post_link")

// strategyFieldBlocks and pillarFieldBlocks map the fields of a strategy
// and of a pillar to the input blocks of their forms.
var (
	strategyFieldBlocks = formFields("strategy_", "voice", "tone")
	pillarFieldBlocks   = formFields("pillar_", "name", "description", "personas")
)

package bot

// IDs of step 7 (the engagement queue). Block IDs of input blocks are
// exported for the end-to-end tests that fill the forms.

// Callback IDs of the views of step 7, and of its message shortcut.
const (
	CallbackEngagement         = "engagement_modal"
	CallbackEngagementList     = "engagement_list"
	CallbackEngagementReassign = "engagement_reassign_modal"
	CallbackEngagementDigest   = "engagement_digest_modal"

	// ShortcutEngagementAdd is the message shortcut "Add to engagement
	// queue"; manifest.yml declares it with this callback ID.
	ShortcutEngagementAdd = "engagement_add"
)

// Action IDs of step 7. A button's value carries the entity ID or a
// filter.
const (
	ActionEngagementReplied  = "engagement_replied"  // value: item ID; in the list, the item's message or its reminder
	ActionEngagementDismiss  = "engagement_dismiss"  // value: item ID
	ActionEngagementReassign = "engagement_reassign" // value: item ID; opens the reassign form
	ActionEngagementFilter   = "engagement_filter"   // value: "mine"; the "mine" button
	ActionEngagementSettings = "engagement_settings" // value: plan ID; opens the digest form
	// ActionEngagementFilterAll is the second button of the filter block:
	// Slack wants action IDs unique within a block.
	ActionEngagementFilterAll = "engagement_filter_all" // value: "all"
)

// Block IDs of the engagement forms.
const (
	BlockEngagementChannel  = "engagement_channel"
	BlockEngagementNetwork  = "engagement_network"
	BlockEngagementAuthor   = "engagement_author"
	BlockEngagementLink     = "engagement_link"
	BlockEngagementExcerpt  = "engagement_excerpt"
	BlockEngagementKind     = "engagement_kind"
	BlockEngagementOwner    = "engagement_owner"
	BlockEngagementDue      = "engagement_due"
	BlockEngagementNewOwner = "engagement_new_owner"
	BlockDigestTime         = "engagement_digest_time"
	BlockDigestEnabled      = "engagement_digest_enabled"
)

// engagementFieldBlocks maps plan.EngagementItem field names to the input blocks of its form.
var engagementFieldBlocks = formFields("engagement_", "network", "kind", "excerpt", "author", "link", "owner", "due")

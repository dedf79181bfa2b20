package bot

// IDs of step 7 (the engagement queue). Block IDs of input blocks are
// exported for the end-to-end tests that fill the forms.

// Callback IDs of the views of step 7, and of its message shortcut.
const (
	// CallbackEngagement is the form of the message shortcut, which
	// chooses the plan; CallbackEngagementNew the form of the list's Add
	// button, in the list's plan.
	CallbackEngagement         = "engagement_modal"
	CallbackEngagementNew      = "engagement_new_modal"
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
	ActionEngagementAdd      = "engagement_new"      // value: plan ID; the list's Add button
	ActionEngagementReplied  = "engagement_replied"  // value: item ID; in the list, the item's message or its reminder
	ActionEngagementDismiss  = "engagement_dismiss"  // value: item ID
	ActionEngagementReassign = "engagement_reassign" // value: item ID; opens the reassign form
	ActionEngagementFilter   = "engagement_filter"   // value: "mine"; the "mine" button
	ActionEngagementSettings = "engagement_settings" // value: plan ID; opens the digest form
	// ActionEngagementFilterAll is the second button of the filter block:
	// Slack wants action IDs unique within a block.
	ActionEngagementFilterAll = "engagement_filter_all" // value: "all"
)

// Block IDs of the engagement forms. BlockEngagementChannel chooses the
// plan of a shortcut's item: its options' values are the plans' channels.
const (
	BlockEngagementChannel  = "engagement_channel"
	BlockEngagementNetwork  = "engagement_network"
	BlockEngagementAuthor   = "engagement_author"
	BlockEngagementLink     = "engagement_link"
	BlockEngagementExcerpt  = "engagement_excerpt"
	BlockEngagementKind     = "engagement_kind"
	BlockEngagementOwner    = "engagement_owner"
	BlockEngagementReceived = "engagement_received" // when the follower wrote: the reply clock starts then
	BlockEngagementNewOwner = "engagement_new_owner"
	BlockDigestTime         = "engagement_digest_time"
	BlockDigestEnabled      = "engagement_digest_enabled"
)

// engagementFieldBlocks maps plan.EngagementItem field names to the input blocks of its form.
var engagementFieldBlocks = formFields("engagement_", "network", "kind", "excerpt", "author", "link", "owner", "received")

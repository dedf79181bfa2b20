package bot

// IDs of the reminder engine, step 6 (experiments) and step 7 (the
// engagement queue). Block IDs of input blocks are exported for the
// end-to-end tests that fill the forms.

// Callback IDs of the views, and of the message shortcut.
const (
	CallbackExperiment         = "experiment_modal"
	CallbackExperimentsList    = "experiments_list"
	CallbackExperimentResults  = "experiment_results_modal"
	CallbackEngagement         = "engagement_modal"
	CallbackEngagementList     = "engagement_list"
	CallbackEngagementReassign = "engagement_reassign_modal"
	CallbackEngagementDigest   = "engagement_digest_modal"

	// ShortcutEngagementAdd is the message shortcut "Add to engagement
	// queue"; manifest.yml declares it with this callback ID.
	ShortcutEngagementAdd = "engagement_add"
)

// Action IDs. A button's value carries the entity ID, a page or a filter.
const (
	ActionExperimentAdd     = "experiment_add"     // value: plan ID
	ActionExperimentEdit    = "experiment_edit"    // value: experiment ID
	ActionExperimentDelete  = "experiment_delete"  // value: experiment ID
	ActionExperimentResults = "experiment_results" // value: experiment ID; in the list or the reminder
	ActionExperimentsPage   = "experiments_page"   // value: page (0-based); the previous page
	// ActionExperimentsPageNext is the next-page button: Slack wants action
	// ids unique within a block.
	ActionExperimentsPageNext = "experiments_page_next" // value: page (0-based)

	ActionEngagementReplied  = "engagement_replied"  // value: item ID; in the list, the item's message or its reminder
	ActionEngagementDismiss  = "engagement_dismiss"  // value: item ID
	ActionEngagementReassign = "engagement_reassign" // value: item ID; opens the reassign form
	ActionEngagementFilter   = "engagement_filter"   // value: "mine" or "all"; the "mine" button
	ActionEngagementPage     = "engagement_page"     // value: page (0-based); the previous page
	// ActionEngagementFilterAll and ActionEngagementPageNext are the second
	// button of their block: Slack wants action ids unique within a block.
	ActionEngagementFilterAll = "engagement_filter_all" // value: "all"
	ActionEngagementPageNext  = "engagement_page_next"  // value: page (0-based)
	ActionEngagementSettings  = "engagement_settings"   // value: plan ID; opens the digest form

	ActionReminderSnoozeHour = "reminder_snooze_1h"     // value: reminder ID
	ActionReminderSnoozeDay  = "reminder_snooze_1d"     // value: reminder ID
	ActionChannelRetry       = "reminder_channel_retry" // value: plan ID; in the unreachable-channel DM
)

// Block IDs of the experiment form; each input's element has the action ID
// ActionInput.
const (
	BlockExperimentName       = "experiment_name"
	BlockExperimentHypothesis = "experiment_hypothesis"
	BlockExperimentVariable   = "experiment_variable"
	BlockExperimentNetwork    = "experiment_network"
	BlockExperimentSuccess    = "experiment_success_metric"
	BlockExperimentExposure   = "experiment_exposure_metric"
	BlockExperimentBaseline   = "experiment_baseline_rate"
	BlockExperimentEffect     = "experiment_min_effect"
	BlockExperimentPlanned    = "experiment_planned_sample"
	BlockExperimentStart      = "experiment_start"
	BlockExperimentEnd        = "experiment_end"
	BlockExperimentOwner      = "experiment_owner"
	// BlockExperimentVariant is the prefix of the variant inputs:
	// "experiment_variant_a" to "experiment_variant_d".
	BlockExperimentVariant = "experiment_variant_"
	// BlockExperimentExposures and BlockExperimentSuccesses prefix the
	// result inputs of each variant: "experiment_exposures_a", ...
	BlockExperimentExposures = "experiment_exposures_"
	BlockExperimentSuccesses = "experiment_successes_"
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

// experimentFieldBlocks maps plan.Experiment field names to their input
// blocks.
var experimentFieldBlocks = map[string]string{
	"name":            BlockExperimentName,
	"hypothesis":      BlockExperimentHypothesis,
	"variable":        BlockExperimentVariable,
	"network":         BlockExperimentNetwork,
	"variants":        BlockExperimentVariant + "a",
	"variant_a":       BlockExperimentVariant + "a",
	"variant_b":       BlockExperimentVariant + "b",
	"variant_c":       BlockExperimentVariant + "c",
	"variant_d":       BlockExperimentVariant + "d",
	"success_metric":  BlockExperimentSuccess,
	"exposure_metric": BlockExperimentExposure,
	"baseline_rate":   BlockExperimentBaseline,
	"min_effect":      BlockExperimentEffect,
	"planned_sample":  BlockExperimentPlanned,
	"start":           BlockExperimentStart,
	"end":             BlockExperimentEnd,
}

// engagementFieldBlocks maps plan.EngagementItem field names to their
// input blocks.
var engagementFieldBlocks = map[string]string{
	"network": BlockEngagementNetwork,
	"kind":    BlockEngagementKind,
	"excerpt": BlockEngagementExcerpt,
	"author":  BlockEngagementAuthor,
	"link":    BlockEngagementLink,
	"owner":   BlockEngagementOwner,
	"due":     BlockEngagementDue,
}

package bot

// IDs of step 6 (experiments). Block IDs of input blocks are exported for
// the end-to-end tests that fill the forms.

// Callback IDs of the views of step 6: the experiment form (a locked one
// once it started), the restart form, the list, the results form and the
// correction form.
const (
	CallbackExperiment           = "experiment_modal"
	CallbackExperimentRestart    = "experiment_restart_modal"
	CallbackExperimentsList      = "experiments_list"
	CallbackExperimentResults    = "experiment_results_modal"
	CallbackExperimentCorrection = "experiment_correction_modal"
)

// experimentDetailCallback is the callback ID of an experiment's history,
// a view without a form: nothing is routed to it.
const experimentDetailCallback = "experiment_detail"

// Action IDs of step 6. A button's value carries the entity ID.
const (
	ActionExperimentAdd     = "experiment_add"     // value: plan ID
	ActionExperimentEdit    = "experiment_edit"    // value: experiment ID
	ActionExperimentDelete  = "experiment_delete"  // value: experiment ID
	ActionExperimentResults = "experiment_results" // value: experiment ID; in the list or the reminder
	ActionExperimentCorrect = "experiment_correct" // value: experiment ID; in the list
	ActionExperimentDetail  = "experiment_detail"  // value: experiment ID; in the list
	ActionExperimentRestart = "experiment_restart" // value: experiment ID; in the locked form
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
	BlockExperimentReason     = "experiment_reason" // the restart form's reason
	// BlockExperimentVariant is the prefix of the variant inputs:
	// "experiment_variant_a" to "experiment_variant_d".
	BlockExperimentVariant = "experiment_variant_"
	// BlockExperimentExposures and BlockExperimentSuccesses prefix the
	// result inputs of each variant: "experiment_exposures_a", ...
	BlockExperimentExposures = "experiment_exposures_"
	BlockExperimentSuccesses = "experiment_successes_"
	// BlockExperimentPosts is the results form's paste of results per
	// post; BlockExperimentNote the correction form's reason.
	BlockExperimentPosts = "experiment_posts"
	BlockExperimentNote  = "experiment_note"
)

// experimentFieldBlocks maps plan.Experiment field names to the input blocks of its form.
var experimentFieldBlocks = formFields("experiment_", "name", "hypothesis", "variable", "network",
	"variants=variant_a", "variant_a", "variant_b", "variant_c", "variant_d", "success_metric", "exposure_metric",
	"baseline_rate", "min_effect", "planned_sample", "start", "end", "owner")

// experimentLockedBlocks maps the fields of the locked form: the design
// fields, shown but not editable, point at the name.
var experimentLockedBlocks = formFields("experiment_", "name", "hypothesis", "owner")

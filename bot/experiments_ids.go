package bot

// IDs of step 6 (experiments). Block IDs of input blocks are exported for
// the end-to-end tests that fill the forms.

// Callback IDs of the views of step 6.
const (
	CallbackExperiment        = "experiment_modal"
	CallbackExperimentsList   = "experiments_list"
	CallbackExperimentResults = "experiment_results_modal"
)

// Action IDs of step 6. A button's value carries the entity ID.
const (
	ActionExperimentAdd     = "experiment_add"     // value: plan ID
	ActionExperimentEdit    = "experiment_edit"    // value: experiment ID
	ActionExperimentDelete  = "experiment_delete"  // value: experiment ID
	ActionExperimentResults = "experiment_results" // value: experiment ID; in the list or the reminder
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

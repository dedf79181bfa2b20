package bot

// IDs of step 9 (adapt: the review of decisions and the decision log).
// They say "adapt", not "review": "review" is the content review flow of
// step 3. Block IDs of input blocks are exported for the end-to-end tests
// that fill the forms.

// Callback IDs of the views of step 9.
const (
	CallbackAdapt       = "adapt_modal"
	CallbackDecisionLog = "decision_log"
)

// Action IDs of step 9. A button's value carries the plan ID.
const (
	ActionAdaptStart  = "adapt_start"       // opens step 9 (review message, measure modal)
	ActionDecisionLog = "decision_log_open" // pushes the decision log
)

// Block IDs of the review (step 9). Each subject's inputs are suffixed with
// its key: "n12" for chosen network 12, "p3" for pillar 3, "c7" for call to
// action 7, "f12" for a finding about chosen network 12.
const (
	BlockAdaptDecision  = "adapt_decision_"
	BlockAdaptRationale = "adapt_rationale_"
	BlockAdaptCadence   = "adapt_cadence_"
	BlockAdaptRole      = "adapt_role_"
)

package bot

// IDs of step 1. Block IDs of input blocks are exported for the
// end-to-end tests that fill the forms.

// Callback IDs of the form and the list of step 1, and action IDs of the
// list's buttons, whose value is the goal's ID (the plan's for Add).
const (
	CallbackGoal      = "goal_modal"
	CallbackGoalsList = "goals_list"
	ActionGoalAdd     = "goal_add"
	ActionGoalEdit    = "goal_edit"
	ActionGoalDelete  = "goal_delete"
)

// Block IDs of the goal form's inputs. The plan.Error field names map
// onto them in goalFieldBlocks.
const (
	BlockGoalKind     = "goal_kind"
	BlockGoalTitle    = "goal_title"
	BlockGoalMetric   = "goal_metric"
	BlockGoalBaseline = "goal_baseline"
	BlockGoalTarget   = "goal_target"
	BlockGoalUnit     = "goal_unit"
	BlockGoalDeadline = "goal_deadline"
	BlockGoalOwner    = "goal_owner"
	BlockGoalLearn    = "goal_learn"

	// The KPI's type (plan.KPIType) and the day its baseline was measured.
	BlockGoalAggregation  = "goal_aggregation"
	BlockGoalCount        = "goal_count"
	BlockGoalPeriod       = "goal_period"
	BlockGoalWeight       = "goal_weight"
	BlockGoalDirection    = "goal_direction"
	BlockGoalLow          = "goal_low"
	BlockGoalHigh         = "goal_high"
	BlockGoalBaselineDate = "goal_baseline_date"
)

// goalFieldBlocks maps plan.Goal field names to the input blocks of its form.
var goalFieldBlocks = formFields("goal_", "kind", "title", "metric", "baseline", "target", "unit", "deadline", "owner", "learn",
	"kpi_aggregation=aggregation", "kpi_period=period", "kpi_weight=weight", "kpi_direction=direction", "kpi_range=low",
	"low", "high", "baseline_date")

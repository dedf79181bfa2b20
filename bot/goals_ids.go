package bot

// IDs of step 1. Block IDs of input blocks are exported for the
// end-to-end tests that fill the forms.

// Callback IDs of the views of step 1.
const (
	CallbackGoal      = "goal_modal"
	CallbackGoalsList = "goals_list"
)

// Action IDs of the goals list. A button's value carries the entity ID.
const (
	ActionGoalAdd    = "goal_add"    // value: plan ID
	ActionGoalEdit   = "goal_edit"   // value: goal ID
	ActionGoalDelete = "goal_delete" // value: goal ID
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
)

// goalFieldBlocks maps plan.Goal field names to the input block that shows
// their error.
var goalFieldBlocks = map[string]string{
	"kind":     BlockGoalKind,
	"title":    BlockGoalTitle,
	"metric":   BlockGoalMetric,
	"baseline": BlockGoalBaseline,
	"target":   BlockGoalTarget,
	"unit":     BlockGoalUnit,
	"deadline": BlockGoalDeadline,
	"owner":    BlockGoalOwner,
	"learn":    BlockGoalLearn,
}

package bot

// Callback IDs of the views the bot opens.
const (
	CallbackGoal      = "goal_modal"
	CallbackGoalsList = "goals_list"
	CallbackHome      = "home"
)

// Action IDs. A button's value carries the entity ID or the page.
const (
	ActionOpenStep   = "open_step"   // value: step command ("goals")
	ActionGoalAdd    = "goal_add"    // value: plan ID
	ActionGoalEdit   = "goal_edit"   // value: goal ID
	ActionGoalDelete = "goal_delete" // value: goal ID
	ActionGoalsPrev  = "goals_prev"  // value: page number (0-based)
	ActionGoalsNext  = "goals_next"  // value: page number (0-based)
)

// Block IDs of the goal modal's inputs, and their element action IDs. The
// plan.Error field names map onto them in goalFieldBlocks.
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

	// ActionInput is the action ID of the single element of every input
	// block: the block ID already says which field it is.
	ActionInput = "input"
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

package bot

// Callback and block IDs of the guided start (/plan start).
const (
	// CallbackStartPick is the first screen: a template or a blank plan.
	CallbackStartPick = "start_pick"
	// CallbackStartStep is a step of the walk through steps 1 to 5: the
	// step's own list, whose Next button (the submission) goes on.
	CallbackStartStep = "start_step"
	// BlockStartTemplate is the choice of the first screen: a template's
	// ID, or startBlank.
	BlockStartTemplate = "start_template"
)

// startBlank is the value of the choice of a blank plan.
const startBlank = "blank"

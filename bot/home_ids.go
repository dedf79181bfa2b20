package bot

// IDs of the App Home.

// CallbackHome is the callback ID of the Home tab's view.
const CallbackHome = "home"

// Action IDs of Home.
const (
	ActionHomeOpenStep   = "home_open_step"   // value: channel ID + "|" + step command
	ActionHomeStepSelect = "home_step_select" // static select: channel ID + "|" + step command
	ActionHomeOpenItem   = "home_open_item"   // value: item ID
)

// homeParent stands for Home as the parent of a form opened from it: Home
// is republished, not a modal updated, once the form is saved.
const homeParent = "home"

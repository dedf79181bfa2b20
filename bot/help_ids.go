package bot

// ActionOpenStep is the action ID of the buttons that open a step: in
// the help, /plan status, reminders and the engagement digest. Its value
// is the step's command ("goals").
const ActionOpenStep = "open_step"

package bot

// Block Kit IDs of goal check-ins.
const (
	CallbackCheckIn = "checkin_modal"

	// One click answers; value: goal ID. The action ID is "checkin_" and
	// the status.
	ActionCheckInOnTrack  = "checkin_on_track"
	ActionCheckInAtRisk   = "checkin_at_risk"
	ActionCheckInOffTrack = "checkin_off_track"
	ActionCheckInNote     = "checkin_note" // value: goal ID; opens the form with a note

	BlockCheckInStatus = "checkin_status"
	BlockCheckInNote   = "checkin_note"
)

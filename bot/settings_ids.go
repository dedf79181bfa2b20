package bot

// IDs of /plan settings. Block IDs of input blocks are exported for the
// end-to-end tests that fill the forms.

// CallbackSettings is the callback ID of the settings form.
const CallbackSettings = "settings_modal"

// Block IDs of the settings form; each input's element has the action ID
// ActionInput.
const (
	BlockSettingsName        = "settings_name"
	BlockSettingsTZ          = "settings_tz"
	BlockSettingsLanguage    = "settings_language"
	BlockSettingsReplyTarget = "settings_reply_target"
	BlockSettingsOwners      = "settings_owners"

	// The schedule of the measurement reviews of step 8.
	BlockSettingsReviewFrequency = "settings_review_frequency"
	BlockSettingsReviewWeekday   = "settings_review_weekday"
	BlockSettingsReviewMonthDay  = "settings_review_month_day"
	BlockSettingsReviewTime      = "settings_review_time"
)

// settingsFieldBlocks maps plan.Plan field names to their input blocks.
var settingsFieldBlocks = map[string]string{
	"name":         BlockSettingsName,
	"time_zone":    BlockSettingsTZ,
	"language":     BlockSettingsLanguage,
	"reply_target": BlockSettingsReplyTarget,
	"owners":       BlockSettingsOwners,

	"review_frequency": BlockSettingsReviewFrequency,
	"review_weekday":   BlockSettingsReviewWeekday,
	"review_month_day": BlockSettingsReviewMonthDay,
	"review_time":      BlockSettingsReviewTime,
}

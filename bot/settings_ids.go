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

	// The plan's working hours (step 7): days as checkboxes, the span as
	// two time pickers, holidays as dates typed one a line.
	BlockSettingsWorkingDays = "settings_working_days"
	BlockSettingsWorkStart   = "settings_work_start"
	BlockSettingsWorkEnd     = "settings_work_end"
	BlockSettingsHolidays    = "settings_holidays"

	// The schedule of the measurement reviews of step 8.
	BlockSettingsReviewFrequency = "settings_review_frequency"
	BlockSettingsReviewWeekday   = "settings_review_weekday"
	BlockSettingsReviewMonthDay  = "settings_review_month_day"
	BlockSettingsReviewTime      = "settings_review_time"

	// The monthly report posted on the first working day (issue 17): a
	// checkbox whose one option has the value "on".
	BlockSettingsMonthlyReport = "settings_monthly_report"
)

// settingsFieldBlocks maps plan.Plan field names to the input blocks of its form.
var settingsFieldBlocks = formFields("settings_", "name", "time_zone=tz", "language", "reply_target", "owners",
	"working_days", "working_hours=work_start", "holidays",
	"review_frequency", "review_weekday", "review_month_day", "review_time")

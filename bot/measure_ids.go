package bot

import "strconv"

// IDs of step 8 (measure). Block IDs of input blocks are exported for the
// end-to-end tests that fill the forms.

// Callback IDs of the views, and of the message shortcut.
const (
	CallbackMeasure          = "measure_modal"
	CallbackObservations     = "observations_modal"
	CallbackObservationsCSV  = "observations_csv_modal"
	CallbackMetric           = "metric_modal"
	CallbackMention          = "mention_modal"
	CallbackObservationsList = "observations_list" // every result, a page at a time

	// ShortcutMentionLog is the message shortcut "Log as mention";
	// manifest.yml declares it with this callback ID.
	ShortcutMentionLog = "mention_log"
)

// Action IDs. A button's value carries the plan or entity ID.
const (
	ActionMeasureLog        = "measure_log"        // value: plan ID; opens the results form (measure modal, review message)
	ActionMeasurePaste      = "measure_paste"      // value: plan ID; opens the CSV form
	ActionMetricAdd         = "metric_add"         // value: plan ID
	ActionMetricDelete      = "metric_delete"      // value: metric ID
	ActionObservationDelete = "observation_delete" // value: observation ID
	ActionObservationsAll   = "observations_all"   // value: plan ID; opens the list of every result
)

// Block IDs of the results form. Each row of the form has its metric,
// network and value inputs, suffixed with the row number from 1.
const (
	BlockObsDate      = "obs_date"
	BlockObsEnd       = "obs_end"
	BlockObsSource    = "obs_source"
	BlockObsLink      = "obs_link"
	BlockObsCSV       = "obs_csv"
	BlockObsMark      = "obs_mark" // the CSV form's decimal mark, when the values could be read two ways
	BlockObsMetricRow = "obs_metric_"
	BlockObsNetRow    = "obs_network_"
	BlockObsValueRow  = "obs_value_"
)

// Block IDs of the metric and mention forms.
const (
	BlockMetricName     = "metric_name"
	BlockMetricUnit     = "metric_unit"
	BlockMetricKind     = "metric_kind"
	BlockMetricGoalKind = "metric_goal_kind"

	BlockMentionChannel = "mention_channel"
	BlockMentionKind    = "mention_kind"
	BlockMentionLink    = "mention_link"
	BlockMentionOutlet  = "mention_outlet"
	BlockMentionNetwork = "mention_network"
	BlockMentionDate    = "mention_date"
	BlockMentionNote    = "mention_note"
)

// obsRows is how many result rows the results form offers at once.
const obsRows = 6

// rowBlock returns the block ID of row n (from 1) of a form.
func rowBlock(prefix string, n int) string { return prefix + strconv.Itoa(n) }

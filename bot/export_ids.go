package bot

// ActionExportMarkdown is the action ID of the Export button of /plan
// status; its value is the plan ID.
const ActionExportMarkdown = "export_markdown"

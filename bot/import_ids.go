package bot

// IDs of the import of results from a file (issue 16). Block IDs of input
// blocks are exported for the end-to-end tests that fill the forms.

// Callback IDs of the views, and of the message shortcut.
const (
	CallbackImportMapping = "import_mapping" // the mapping modal: which column is what
	CallbackImportPreview = "import_preview" // what would be stored, with Import
	CallbackImportDone    = "import_done"    // loading, result and error screens

	// ShortcutImport is the message shortcut "Import results";
	// manifest.yml declares it with this callback ID.
	ShortcutImport = "import_results"
)

// Block IDs of the mapping modal. Each plan metric has its select, whose
// block is BlockImportMetric followed by the metric's place in the modal's
// list (from 0); its options' values are column indexes, or
// importNoColumn.
const (
	BlockImportDate      = "import_date"       // a column index, or importPeriod
	BlockImportDateOrder = "import_date_order" // importAuto, "dmy" or "mdy"
	BlockImportNetwork   = "import_network"    // "c<i>" for a column, "n<network>" for a fixed one, "n" for none
	BlockImportItem      = "import_item"       // a column index, or importNoColumn
	BlockImportDecimal   = "import_decimal"    // importAuto, "." or ","
	BlockImportMetric    = "import_metric_"
)

// Values of the mapping modal's selects that name no column.
const (
	importPeriod   = "period" // the period the file states, for its date
	importNoColumn = "none"
	importAuto     = "auto"
)

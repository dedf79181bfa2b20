// Package importer turns the analytics exports people download (Google
// Analytics 4, Meta Business Suite, LinkedIn Page analytics, or a
// spreadsheet of their own) into planbot observations. It reads files and
// nothing else: no Slack, no SQL, no clock (today is a parameter), and it
// imports plan only.
//
// # Flow
//
//  1. Spool copies a download to a temporary file (at most MaxBytes).
//  2. Open checks the size and that the content is what the name or
//     Slack's file type claims, and finds how to read it: CSV (delimiter
//     , ; tab or |; UTF-8 with or without a BOM, UTF-16 with a BOM as
//     Excel's "Unicode text" writes it, else Windows-1252) or XLSX (the
//     sheet named in Options, else the first visible sheet a preset
//     knows, else the first visible sheet with a value).
//  3. Head reads the header row, a few sample rows, the header's
//     Signature and the preset it matches, and the period a GA4 file
//     states in its "#" comment lines.
//  4. Suggest proposes a Mapping: the preset's, or one found by column
//     names in English and French; plan metrics are matched by name or
//     concept ("Clics" takes "Clicks", "Abonnés" takes "Followers").
//  5. Preview streams the file twice (once to learn each column's number
//     and date conventions from all its cells, once to read), and returns
//     the observations to store, one per Key, with every row set aside
//     and why, the date range and a summary per metric.
//
// Files are never held whole in memory: every pass streams from disk,
// and a workbook's large parts are unpacked to temporary files by
// excelize; a workbook's sheet is read through excelize once, into a
// temporary CSV copy that the passes stream. The values a Preview keeps,
// one per key, are in memory in a compact form (40 bytes each).
//
// # Decisions
//
// Formula cells. A formula in a column the mapping reads stops the import
// (KindFormula, naming the cell). The cached result excelize would return
// is not trusted: files written by tools other than Excel often carry none
// or a stale one, and a wrong figure stored silently is worse than asking
// the user to paste values. Formulas elsewhere in the sheet are ignored.
//
// Rows with one key. Within one file, rows with the same (metric, network,
// date, item) are merged: a count metric adds them (GA4 splits Instagram
// into "ig / social" and "l.instagram.com / referral"), any other kind
// keeps the last row of the file. Preview.Merged counts them.
//
// Rows set aside. A row without a date, a total row, a network that is not
// one of the catalogue (GA4's "google / organic") or a row with no value
// is skipped and listed. A date that cannot be read, a date after today,
// a cell that is not a number, an ambiguous number or one beyond ±1e12
// blocks the import (Preview.CanImport is false): a figure must never be
// stored wrong, and the user fixes the file or, for an ambiguous number,
// chooses the column's decimal separator in the mapping.
//
// Numbers. plan's locale-aware parser reads every cell (PlanNumbers);
// each metric column's decimal mark comes from its own cells (a majority
// of "12,5" against "1.5"), as plan.DetectNumberColumn decides it, one
// cell at a time so that columns are streamed. When no cell shows the
// mark, the reader's locale settles what it can: the user's for CSV,
// English for workbooks (excelize renders Excel's numbers the en-US way).
// "1,250" is 1250 to an English reader and blocks for a French one; a
// point before three digits blocks for both. Percent and currency signs
// are stripped and reported in the Convention; "12.5%" is stored as 12.5.
// Options.Numbers is the seam to plug in another reader.
//
// Dates. ISO dates, GA4's YYYYMMDD, numeric dates in either order (a day
// above 12 in a column settles it, else the mapping, the preset, the
// user's language), English and French month names, Excel date cells and
// serials. A time after the date is dropped; the date is kept as written.
//
// # What storage and the bot must do (phase 2)
//
// The bot: on the "Import results" shortcut or /plan import, get the file
// with files.info (url_private_download, bot token, scope files:read),
// Spool the body, Open it with the file's name, Slack filetype and the
// user's language, read Head, load the mapping remembered for the plan
// under Head.Signature (else Suggest), and show the mapping modal (open a
// light view first: the trigger lives 3 s). Errors: *Error has Key
// ("import.<kind>") and the fields its message needs; Issue.Key is
// "import.row.<reason>"; Convention.Key is plan's "number.column.*";
// plan.FieldErrors from Mapping.Validate go to the modal's fields
// (metric_<i> is the i-th metric column's block). Both languages need
// these keys in the catalogue. Re-download between interactions instead
// of keeping files: Slack keeps them, and the bot stays stateless.
// Preview the mapping, show rows, skips (by line), range, totals or
// latest values and the convention, and offer "Import" only when
// Preview.CanImport. Column names, Issue values and items are the file's
// text: escape them (&, <, >) before they go into mrkdwn. A 200,000-row
// workbook takes seconds to preview: ack, show a loading view, then
// update it. Preview.All gives the values, each of which
// Obs.Observation turns into a plan observation.
//
// Storage: remember a Mapping (JSON) per plan and Signature; store a
// Preview's Obs in one transaction, all or nothing, keyed by (plan,
// Obs.Key): an existing row with the key is replaced, so importing the
// same file twice or an overlapping period changes nothing. That needs a
// unique index on (plan_id, metric key, network, date, item) and an item
// column on observations; plan.Observation has no Item field yet, so
// Observation puts a link item in Link and a utm_content or post ID
// nowhere: phase 2 adds the field and matches an Item to a content item
// by CanonicalLink of its post link, or by its utm_content.
package importer

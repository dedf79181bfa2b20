-- 0012_imports: results imported from an analytics export dropped in
-- Slack (issue 16).
--
-- An imported observation names the post it is about as the file does
-- (item: a canonical post link, a utm_content or the network's post ID)
-- and carries its import key: the metric's key, network, date and item,
-- joined. The key is unique per plan, so an import replaces the rows
-- whose keys it brings and importing a file twice, or two files over the
-- same period, counts nothing twice. Observations typed by hand have no
-- key (NULL) and are never replaced by an import.
--
-- The mapping of a file's columns to the plan's metrics is remembered per
-- plan under the header's signature, as JSON: next month's export of the
-- same report opens its mapping pre-filled.
--
-- A content item holds the link of its published post, which imported
-- rows are matched on. Never edit this file once shipped.

ALTER TABLE observations ADD COLUMN item TEXT NOT NULL DEFAULT '';
ALTER TABLE observations ADD COLUMN import_key TEXT;
CREATE UNIQUE INDEX observations_import_key_idx ON observations (plan_id, import_key) WHERE import_key IS NOT NULL;

CREATE TABLE import_mappings (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	plan_id    INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
	signature  TEXT NOT NULL,
	mapping    TEXT NOT NULL, -- JSON: importer.Mapping
	updated_by TEXT NOT NULL DEFAULT '',
	updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX import_mappings_plan_signature_idx ON import_mappings (plan_id, signature);

ALTER TABLE content_items ADD COLUMN post_link TEXT NOT NULL DEFAULT '';

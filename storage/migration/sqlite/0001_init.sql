-- 0001_init: plans, goals (step 1) and the Events API dedupe table.
-- Times are UTC RFC 3339 text with nine fractional digits, so that text order
-- is time order; dates are 'YYYY-MM-DD'. Never edit this file once shipped:
-- add 0002_....sql instead.

-- AUTOINCREMENT keeps IDs from being reused after a delete, so a stale Slack
-- button or modal that carries an ID can never act on a newer row.
CREATE TABLE plans (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	team_id    TEXT NOT NULL,
	channel_id TEXT NOT NULL,
	name       TEXT NOT NULL DEFAULT '',
	time_zone  TEXT NOT NULL,
	language   TEXT NOT NULL,
	reply_target_minutes INTEGER NOT NULL DEFAULT 0, -- 0: plan.DefaultReplyTarget
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (team_id, channel_id)
);

CREATE TABLE goals (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	plan_id    INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
	kind       TEXT NOT NULL,
	title      TEXT NOT NULL,
	metric     TEXT NOT NULL,
	baseline   REAL NOT NULL,
	target     REAL NOT NULL,
	unit       TEXT NOT NULL DEFAULT '',
	deadline   TEXT NOT NULL, -- 'YYYY-MM-DD'
	owner_id   TEXT NOT NULL DEFAULT '',
	learn      TEXT NOT NULL DEFAULT '',
	created_by TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);

CREATE INDEX goals_plan_id_idx ON goals (plan_id);

CREATE TABLE processed_events (
	event_id    TEXT PRIMARY KEY,
	received_at TEXT NOT NULL
);

CREATE INDEX processed_events_received_at_idx ON processed_events (received_at);

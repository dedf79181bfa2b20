-- 0003_reminders: the reminder engine, experiments (step 6) and the
-- engagement queue (step 7). Times are UTC text in the layout of 0001 ('' when
-- unset); dates are 'YYYY-MM-DD'. Never edit this file once shipped.

-- One reminder per plan, kind and subject. The rule is kept as the wall
-- clock and an IANA zone, never as an offset; next_at is derived from it and
-- indexed, so the scheduler finds due work without computing every rule.
CREATE TABLE reminders (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	plan_id       INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
	kind          TEXT NOT NULL,
	subject_id    INTEGER NOT NULL,
	frequency     TEXT NOT NULL,
	at            TEXT NOT NULL DEFAULT '',  -- once
	weekdays      TEXT NOT NULL DEFAULT '',  -- weekly: '1,3' for Monday and Wednesday
	month_day     INTEGER NOT NULL DEFAULT 0,
	hour          INTEGER NOT NULL DEFAULT 0,
	minute        INTEGER NOT NULL DEFAULT 0,
	time_zone     TEXT NOT NULL DEFAULT '',
	channel_id    TEXT NOT NULL,
	thread_ts     TEXT NOT NULL DEFAULT '',
	owner_id      TEXT NOT NULL DEFAULT '',
	state         TEXT NOT NULL,             -- active, done, cancelled
	since         TEXT NOT NULL,
	last_due      TEXT NOT NULL DEFAULT '',
	snoozed_until TEXT NOT NULL DEFAULT '',
	next_at       TEXT NOT NULL DEFAULT '',  -- '' when nothing is left to fire
	created_at    TEXT NOT NULL,
	updated_at    TEXT NOT NULL,
	UNIQUE (plan_id, kind, subject_id)
);

CREATE INDEX reminders_due_idx ON reminders (state, next_at);

-- Every firing is claimed here before it is sent. The unique key is what
-- makes a restart, a retry or a second process unable to post it twice.
CREATE TABLE reminder_deliveries (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	reminder_id INTEGER NOT NULL REFERENCES reminders (id) ON DELETE CASCADE,
	occurrence  TEXT NOT NULL,
	due_at      TEXT NOT NULL,
	late        INTEGER NOT NULL DEFAULT 0,
	missed      INTEGER NOT NULL DEFAULT 0,
	snoozed     INTEGER NOT NULL DEFAULT 0,
	state       TEXT NOT NULL,               -- claimed, sending, sent, skipped, failed, uncertain
	attempts    INTEGER NOT NULL DEFAULT 1,
	claimed_by  TEXT NOT NULL,
	lease_until TEXT NOT NULL,
	channel_id  TEXT NOT NULL DEFAULT '',
	message_ts  TEXT NOT NULL DEFAULT '',
	reason      TEXT NOT NULL DEFAULT '',
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL,
	UNIQUE (reminder_id, occurrence)
);

CREATE INDEX reminder_deliveries_lease_idx ON reminder_deliveries (state, lease_until);

-- A plan whose channel the bot cannot post to (not_in_channel, ...): its
-- reminders wait until retry_at instead of failing in a loop.
CREATE TABLE unreachable_channels (
	plan_id    INTEGER PRIMARY KEY REFERENCES plans (id) ON DELETE CASCADE,
	channel_id TEXT NOT NULL,
	reason     TEXT NOT NULL,
	since      TEXT NOT NULL,
	retry_at   TEXT NOT NULL
);

CREATE TABLE experiments (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	plan_id         INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
	name            TEXT NOT NULL,
	hypothesis      TEXT NOT NULL,
	variable        TEXT NOT NULL,
	network         TEXT NOT NULL,
	success_metric  TEXT NOT NULL,
	exposure_metric TEXT NOT NULL,
	baseline_rate   REAL NOT NULL,  -- percent
	min_effect      REAL NOT NULL,  -- percentage points
	planned_sample  INTEGER NOT NULL DEFAULT 0,
	start_date      TEXT NOT NULL,
	end_date        TEXT NOT NULL,
	owner_id        TEXT NOT NULL DEFAULT '',
	created_by      TEXT NOT NULL DEFAULT '',
	results_at      TEXT NOT NULL DEFAULT '',
	results_by      TEXT NOT NULL DEFAULT '',
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL
);

CREATE INDEX experiments_plan_id_idx ON experiments (plan_id);

CREATE TABLE experiment_variants (
	experiment_id INTEGER NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
	position      INTEGER NOT NULL,  -- 0 is the control
	name          TEXT NOT NULL,
	exposures     INTEGER NOT NULL DEFAULT 0,
	successes     INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (experiment_id, position)
);

CREATE TABLE engagement_items (
	id                INTEGER PRIMARY KEY AUTOINCREMENT,
	plan_id           INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
	network           TEXT NOT NULL,
	link              TEXT NOT NULL DEFAULT '',
	author            TEXT NOT NULL DEFAULT '',
	excerpt           TEXT NOT NULL,
	kind              TEXT NOT NULL,
	owner_id          TEXT NOT NULL,
	due_at            TEXT NOT NULL,
	status            TEXT NOT NULL,  -- open, replied, dismissed
	source_channel_id TEXT NOT NULL DEFAULT '',
	source_ts         TEXT NOT NULL DEFAULT '',
	channel_id        TEXT NOT NULL DEFAULT '',
	message_ts        TEXT NOT NULL DEFAULT '',
	created_by        TEXT NOT NULL DEFAULT '',
	closed_at         TEXT NOT NULL DEFAULT '',
	closed_by         TEXT NOT NULL DEFAULT '',
	created_at        TEXT NOT NULL,
	updated_at        TEXT NOT NULL
);

CREATE INDEX engagement_items_plan_status_idx ON engagement_items (plan_id, status, due_at);

-- 0004_measure: step 8 (metrics and their observations) and step 9 (the
-- decisions of reviews). The schedule of a plan's measurement reviews is
-- its reminder of kind 'measurement_review' (0003). Times are UTC text in
-- the layout of 0001; dates are 'YYYY-MM-DD', '' when unset. Never edit
-- this file once shipped.

-- The metrics a team adds; goals' KPIs are metrics without a row, unless
-- the team sets how one adds up. Names are unique in a plan, whatever
-- their case.
CREATE TABLE metrics (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	plan_id    INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
	name       TEXT NOT NULL,
	unit       TEXT NOT NULL DEFAULT '',
	kind       TEXT NOT NULL,            -- count, level
	goal_kind  TEXT NOT NULL DEFAULT '', -- the kind of goal it tells about
	created_by TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL
);

CREATE UNIQUE INDEX metrics_plan_name_idx ON metrics (plan_id, name COLLATE NOCASE);

-- Observations name their metric rather than reference it: a goal's KPI
-- has no row, and deleting a metric keeps what was measured.
CREATE TABLE observations (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	plan_id      INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
	metric       TEXT NOT NULL,
	network      TEXT NOT NULL DEFAULT '', -- '' when about no one network
	value        REAL NOT NULL,
	obs_date     TEXT NOT NULL,            -- 'YYYY-MM-DD': the day, or the first of the period
	end_date     TEXT NOT NULL DEFAULT '', -- the last day of the period
	source       TEXT NOT NULL DEFAULT '',
	link         TEXT NOT NULL DEFAULT '',
	outlet       TEXT NOT NULL DEFAULT '',
	mention_kind TEXT NOT NULL DEFAULT '',
	created_by   TEXT NOT NULL DEFAULT '',
	created_at   TEXT NOT NULL
);

CREATE INDEX observations_plan_date_idx ON observations (plan_id, obs_date);
CREATE INDEX observations_plan_metric_idx ON observations (plan_id, metric COLLATE NOCASE);

-- One sitting of step 9 and its decisions.
CREATE TABLE adaptations (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	plan_id    INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
	created_by TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL
);

CREATE INDEX adaptations_plan_idx ON adaptations (plan_id, created_at);

-- subject_id is not a foreign key: the decision stays in the history once
-- its network, pillar or call to action is deleted; subject_name keeps
-- what it was called.
CREATE TABLE decisions (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	adaptation_id INTEGER NOT NULL REFERENCES adaptations (id) ON DELETE CASCADE,
	plan_id       INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
	subject_kind  TEXT NOT NULL,            -- network, pillar, cta
	subject_id    INTEGER NOT NULL,
	subject_name  TEXT NOT NULL DEFAULT '',
	decision      TEXT NOT NULL,            -- do_more, keep, do_less, stop, try
	rationale     TEXT NOT NULL DEFAULT '',
	evidence      TEXT NOT NULL DEFAULT '',
	new_role      TEXT NOT NULL DEFAULT '',
	new_cadence   TEXT NOT NULL DEFAULT '',
	decided_by    TEXT NOT NULL DEFAULT '',
	decided_at    TEXT NOT NULL
);

CREATE INDEX decisions_plan_idx ON decisions (plan_id, decided_at);
CREATE INDEX decisions_subject_idx ON decisions (plan_id, subject_kind, subject_id);

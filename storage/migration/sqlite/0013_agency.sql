-- 0013_agency: what an agency runs on (issue 17). A plan's approval policy
-- and every decision on its content items (review_events, never edited);
-- goal check-ins, the schedule that asks for them and the asks made; the
-- structured cadence of a chosen network (plan.Channel.PostCadence), which
-- the calendar checks (0 posts and '' period: none, read the free text).
-- Times are UTC text in the layout of 0001. Never edit this file once
-- shipped.

CREATE TABLE approval_policies (
	plan_id            INTEGER PRIMARY KEY REFERENCES plans (id) ON DELETE CASCADE,
	allow_self         INTEGER NOT NULL DEFAULT 0,
	two_approvers      INTEGER NOT NULL DEFAULT 0,
	client_approval    INTEGER NOT NULL DEFAULT 0,
	publish_unapproved INTEGER NOT NULL DEFAULT 0,
	approvers          TEXT NOT NULL DEFAULT '[]', -- JSON array of {"user_id","client"}
	updated_by         TEXT NOT NULL DEFAULT '',
	updated_at         TEXT NOT NULL
);

CREATE TABLE review_events (
	id        INTEGER PRIMARY KEY AUTOINCREMENT,
	item_id   INTEGER NOT NULL REFERENCES content_items (id) ON DELETE CASCADE,
	plan_id   INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
	action    TEXT NOT NULL,
	by_user   TEXT NOT NULL DEFAULT '',
	client    INTEGER NOT NULL DEFAULT 0,
	at        TEXT NOT NULL,
	from_status TEXT NOT NULL DEFAULT '',
	to_status   TEXT NOT NULL DEFAULT '',
	changes   TEXT NOT NULL DEFAULT '[]', -- JSON array of {"field","old","new"}
	comment   TEXT NOT NULL DEFAULT ''
);

CREATE INDEX review_events_item_idx ON review_events (item_id, id);

CREATE TABLE goal_checkins (
	id      INTEGER PRIMARY KEY AUTOINCREMENT,
	plan_id INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
	goal_id INTEGER NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
	status  TEXT NOT NULL,
	note    TEXT NOT NULL DEFAULT '',
	by_user TEXT NOT NULL DEFAULT '',
	at      TEXT NOT NULL
);

CREATE INDEX goal_checkins_plan_idx ON goal_checkins (plan_id, at);
CREATE INDEX goal_checkins_goal_idx ON goal_checkins (goal_id, at);

CREATE TABLE checkin_schedules (
	plan_id   INTEGER PRIMARY KEY REFERENCES plans (id) ON DELETE CASCADE,
	frequency TEXT NOT NULL DEFAULT '', -- '': nobody is asked
	weekday   INTEGER NOT NULL DEFAULT 1,
	month_day INTEGER NOT NULL DEFAULT 1,
	hour      INTEGER NOT NULL DEFAULT 10,
	minute    INTEGER NOT NULL DEFAULT 0,
	recent_minutes INTEGER NOT NULL DEFAULT 0, -- 0: plan.DefaultCheckInRecent
	updated_at TEXT NOT NULL
);

-- One row per goal and scheduled occurrence asked: the claim that makes an
-- ask go out once, whichever replica sweeps.
CREATE TABLE checkin_asks (
	goal_id  INTEGER NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
	slot     TEXT NOT NULL,
	asked_at TEXT NOT NULL,
	PRIMARY KEY (goal_id, slot)
);

ALTER TABLE plan_channels ADD COLUMN cadence_min INTEGER NOT NULL DEFAULT 0;
ALTER TABLE plan_channels ADD COLUMN cadence_max INTEGER NOT NULL DEFAULT 0;
ALTER TABLE plan_channels ADD COLUMN cadence_per TEXT NOT NULL DEFAULT '';

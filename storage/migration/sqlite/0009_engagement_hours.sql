-- 0009_engagement_hours: reply clocks that start at the follower's message
-- and count working time only (issue 11), one item per Slack message and
-- the plan a user last worked in (issue 15). Times are UTC text in the
-- layout of 0001, '' when unset. Never edit this file once shipped.

-- A plan's working hours (plan.WorkingHours), in its time zone: the
-- working days as weekday numbers (Sunday 0) in week order, separated by
-- commas, '' for none (every hour of every day counts, as before: existing
-- plans keep counting plain time); the working span of each day in minutes
-- after local midnight; the holidays as YYYY-MM-DD dates in order,
-- separated by commas.
ALTER TABLE plans ADD COLUMN working_days TEXT NOT NULL DEFAULT '';
ALTER TABLE plans ADD COLUMN work_start INTEGER NOT NULL DEFAULT 540; -- 09:00
ALTER TABLE plans ADD COLUMN work_end INTEGER NOT NULL DEFAULT 1080;  -- 18:00
ALTER TABLE plans ADD COLUMN holidays TEXT NOT NULL DEFAULT '';

-- When the follower wrote: the reply clock starts then. '' for the items
-- queued before, which are read as received when they were queued.
ALTER TABLE engagement_items ADD COLUMN received_at TEXT NOT NULL DEFAULT '';

-- A Slack message is queued once per plan. Messages queued twice before
-- this migration keep every item; all but the first forget which message
-- they came from (their link still points to it), so the key can hold.
UPDATE engagement_items SET source_ts = ''
WHERE source_ts <> '' AND id NOT IN (
	SELECT MIN(id) FROM engagement_items WHERE source_ts <> '' GROUP BY plan_id, source_channel_id, source_ts
);
CREATE UNIQUE INDEX engagement_items_source_idx ON engagement_items (source_channel_id, source_ts, plan_id)
	WHERE source_ts <> '';

-- The plan each user last worked in, per workspace: the plan a message
-- shortcut offers first.
CREATE TABLE plan_visits (
	team_id    TEXT NOT NULL,
	user_id    TEXT NOT NULL,
	plan_id    INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
	visited_at TEXT NOT NULL,
	PRIMARY KEY (team_id, user_id)
);

CREATE INDEX plan_visits_plan_id_idx ON plan_visits (plan_id);

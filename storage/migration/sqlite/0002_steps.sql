-- 0002_steps: plan owners, and steps 2 to 5 of the method: personas, the
-- content strategy (voice, tone, pillars) and content plan with its review,
-- calls to action, and the networks a plan chose. Times are UTC RFC 3339
-- text with nine fractional digits; NULL where a time is optional.

CREATE TABLE plan_owners (
	plan_id  INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
	user_id  TEXT NOT NULL,
	position INTEGER NOT NULL, -- the order the owners were given in
	PRIMARY KEY (plan_id, user_id)
);

CREATE INDEX plan_owners_user_id_idx ON plan_owners (user_id);

CREATE TABLE personas (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	plan_id    INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
	name       TEXT NOT NULL,
	who        TEXT NOT NULL,
	interests  TEXT NOT NULL DEFAULT '',
	excites    TEXT NOT NULL DEFAULT '',
	networks   TEXT NOT NULL DEFAULT '[]', -- JSON array of plan.Network
	notes      TEXT NOT NULL DEFAULT '',
	created_by TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);

CREATE UNIQUE INDEX personas_plan_name_idx ON personas (plan_id, name COLLATE NOCASE);

-- One row per plan once its voice or tone was recorded.
CREATE TABLE strategies (
	plan_id    INTEGER PRIMARY KEY REFERENCES plans (id) ON DELETE CASCADE,
	voice      TEXT NOT NULL DEFAULT '',
	tone       TEXT NOT NULL DEFAULT '',
	updated_by TEXT NOT NULL DEFAULT '',
	updated_at TEXT NOT NULL
);

CREATE TABLE pillars (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	plan_id     INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
	name        TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	created_by  TEXT NOT NULL DEFAULT '',
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL
);

CREATE UNIQUE INDEX pillars_plan_name_idx ON pillars (plan_id, name COLLATE NOCASE);

CREATE TABLE pillar_personas (
	pillar_id  INTEGER NOT NULL REFERENCES pillars (id) ON DELETE CASCADE,
	persona_id INTEGER NOT NULL REFERENCES personas (id) ON DELETE CASCADE,
	PRIMARY KEY (pillar_id, persona_id)
);

CREATE INDEX pillar_personas_persona_id_idx ON pillar_personas (persona_id);

-- goal_id becomes NULL when the goal is deleted: the call to action stays,
-- flagged as serving no goal, rather than vanish with it.
CREATE TABLE ctas (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	plan_id    INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
	kind       TEXT NOT NULL,
	text       TEXT NOT NULL,
	url        TEXT NOT NULL,
	goal_id    INTEGER REFERENCES goals (id) ON DELETE SET NULL,
	network    TEXT NOT NULL,
	created_by TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);

CREATE INDEX ctas_plan_id_idx ON ctas (plan_id);
CREATE INDEX ctas_goal_id_idx ON ctas (goal_id);

CREATE TABLE content_items (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	plan_id     INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
	title       TEXT NOT NULL,
	network     TEXT NOT NULL,
	format      TEXT NOT NULL,
	copy        TEXT NOT NULL DEFAULT '',
	link        TEXT NOT NULL DEFAULT '',
	persona_id  INTEGER REFERENCES personas (id) ON DELETE SET NULL,
	pillar_id   INTEGER REFERENCES pillars (id) ON DELETE SET NULL,
	cta_id      INTEGER REFERENCES ctas (id) ON DELETE SET NULL,
	publish_at  TEXT, -- NULL: no date yet
	owner_id    TEXT NOT NULL DEFAULT '',
	reviewer_id TEXT NOT NULL DEFAULT '',
	status      TEXT NOT NULL,
	review_channel_id   TEXT NOT NULL DEFAULT '',
	review_ts           TEXT NOT NULL DEFAULT '',
	review_requested_by TEXT NOT NULL DEFAULT '',
	review_requested_at TEXT,
	review_decision     TEXT NOT NULL DEFAULT '',
	review_decided_by   TEXT NOT NULL DEFAULT '',
	review_decided_at   TEXT,
	review_comment      TEXT NOT NULL DEFAULT '',
	created_by  TEXT NOT NULL DEFAULT '',
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL
);

CREATE INDEX content_items_plan_publish_idx ON content_items (plan_id, publish_at);
CREATE INDEX content_items_owner_idx ON content_items (owner_id, status);
CREATE INDEX content_items_reviewer_idx ON content_items (reviewer_id, status);

-- The networks a plan chose (step 5). A plan chooses each network once,
-- except "other", which can stand for several.
CREATE TABLE plan_channels (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	plan_id     INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
	network     TEXT NOT NULL,
	role        TEXT NOT NULL,
	why         TEXT NOT NULL,
	cadence     TEXT NOT NULL DEFAULT '',
	constraints TEXT NOT NULL DEFAULT '',
	created_by  TEXT NOT NULL DEFAULT '',
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL
);

CREATE UNIQUE INDEX plan_channels_network_idx ON plan_channels (plan_id, network) WHERE network <> 'other';

CREATE TABLE channel_personas (
	channel_id INTEGER NOT NULL REFERENCES plan_channels (id) ON DELETE CASCADE,
	persona_id INTEGER NOT NULL REFERENCES personas (id) ON DELETE CASCADE,
	PRIMARY KEY (channel_id, persona_id)
);

CREATE INDEX channel_personas_persona_id_idx ON channel_personas (persona_id);

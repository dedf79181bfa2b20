-- 0011_replicas: what several planbot processes on one database share
-- beyond the plans. Times are UTC text in the layout of 0001, '' when
-- unset. Never edit this file once shipped.
--
-- The PostgreSQL twin of sqlite/0011_replicas.sql: see 0001 for the types.
--
-- processed_events becomes an inbox: an event is claimed, with the payload
-- Slack sent, before its envelope is acked, and marked done once handled.
-- An event left handling by a process that died is taken over by another
-- once its lease ends (bot.Bot.SweepEvents). The events recorded before
-- this migration were handled already.
ALTER TABLE processed_events ADD COLUMN state TEXT COLLATE "C" NOT NULL DEFAULT 'done'; -- handling, done, failed
ALTER TABLE processed_events ADD COLUMN holder TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE processed_events ADD COLUMN lease_until TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE processed_events ADD COLUMN attempts BIGINT NOT NULL DEFAULT 1;
ALTER TABLE processed_events ADD COLUMN payload TEXT NOT NULL DEFAULT ''; -- '' once handled

CREATE INDEX processed_events_handling_idx ON processed_events (lease_until) WHERE state = 'handling';

-- The App Home last published to each user, by any process: Slack's hash
-- of it, which the next publish passes so that Slack refuses it if another
-- process published since, and the SHA-256 of the view's JSON, so that a
-- Home identical to the one the user has is not published again.
CREATE TABLE home_views (
	user_id     TEXT COLLATE "C" PRIMARY KEY,
	view_hash   TEXT COLLATE "C" NOT NULL,
	content_sha TEXT COLLATE "C" NOT NULL,
	updated_at  TEXT COLLATE "C" NOT NULL
);

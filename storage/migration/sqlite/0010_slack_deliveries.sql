-- 0010_slack_deliveries: what the bot owes Slack, kept until it is there.
-- Times are UTC text in the layout of 0001 ('' when unset). Never edit this
-- file once shipped.

-- The messages the bot owes a channel (decision notes), from the ack of
-- the decision until the message is posted, so that a process killed in
-- between does not lose them. delivery_key goes in the message's metadata:
-- a process that takes a post over finds it in the channel's history if it
-- was posted already.
CREATE TABLE outbox (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	delivery_key TEXT NOT NULL UNIQUE,
	plan_id      INTEGER NOT NULL DEFAULT 0,  -- 0: about no plan
	channel_id   TEXT NOT NULL,
	thread_ts    TEXT NOT NULL DEFAULT '',
	text         TEXT NOT NULL,
	blocks       TEXT NOT NULL DEFAULT '',    -- Block Kit JSON
	user_id      TEXT NOT NULL DEFAULT '',    -- told when it cannot be posted
	lang         TEXT NOT NULL DEFAULT '',
	state        TEXT NOT NULL,               -- pending, sent, failed
	attempts     INTEGER NOT NULL DEFAULT 1,
	claimed_by   TEXT NOT NULL,
	lease_until  TEXT NOT NULL,
	message_ts   TEXT NOT NULL DEFAULT '',
	reason       TEXT NOT NULL DEFAULT '',
	created_at   TEXT NOT NULL,
	updated_at   TEXT NOT NULL
);

CREATE INDEX outbox_lease_idx ON outbox (state, lease_until);

-- The pace of posts to each channel, shared by every process posting as
-- the bot: the earliest time of the next post (about one a second, as
-- Slack allows) and the end of the channel's last Retry-After. A channel
-- held past now keeps its reminders waiting, unclaimed.
CREATE TABLE channel_pace (
	channel_id TEXT PRIMARY KEY,
	next_at    TEXT NOT NULL DEFAULT '',
	held_until TEXT NOT NULL DEFAULT '',
	updated_at TEXT NOT NULL
);

-- Modals Slack did not let the bot open in time (a 429 or no answer
-- within the trigger's 3 s): the user gets a button that opens the view
-- again with a fresh trigger, whichever process the click reaches.
CREATE TABLE stashed_views (
	token      TEXT PRIMARY KEY,
	user_id    TEXT NOT NULL,
	view       TEXT NOT NULL,  -- the modal's JSON
	expires_at TEXT NOT NULL
);

-- 0005_channel_status: whether the team still works a chosen network
-- (plan.ChannelStatus), replacing the cadence text that step 9 used to
-- write when it stopped a network or did less of it. Existing networks are
-- active; their cadence is left as it is. Times are UTC text in the layout
-- of 0001, '' when unset. Never edit this file once shipped.

ALTER TABLE plan_channels ADD COLUMN status TEXT NOT NULL DEFAULT 'active'; -- active, reduced, stopped
ALTER TABLE plan_channels ADD COLUMN status_since TEXT NOT NULL DEFAULT '';
ALTER TABLE plan_channels ADD COLUMN status_by TEXT NOT NULL DEFAULT '';
ALTER TABLE plan_channels ADD COLUMN status_note TEXT NOT NULL DEFAULT '';

-- The status a decision gave its network, '' when it left it as it was.
ALTER TABLE decisions ADD COLUMN new_status TEXT NOT NULL DEFAULT '';

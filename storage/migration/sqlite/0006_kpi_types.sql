-- 0006_kpi_types: the type of each goal's KPI (issue 11: which way it
-- should go and how its values combine), the date its baseline was
-- measured, the post an observation is about, and the index that reads a
-- plan's observations by metric and window whatever their number. Dates
-- are 'YYYY-MM-DD', '' when unset. Never edit this file once shipped.

-- plan.KPIType: kpi_direction is increase, decrease, stay_above,
-- stay_below or within (kpi_low to kpi_high); kpi_aggregation is level
-- (kpi_count: networks add up), rate, cost (weighed by the metric
-- kpi_weight_metric when it is set), flow (per kpi_period: week or month)
-- or cumulative. '' in both reads as plan.DefaultKPIType.
ALTER TABLE goals ADD COLUMN kpi_direction TEXT NOT NULL DEFAULT '';
ALTER TABLE goals ADD COLUMN kpi_aggregation TEXT NOT NULL DEFAULT '';
ALTER TABLE goals ADD COLUMN kpi_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE goals ADD COLUMN kpi_period TEXT NOT NULL DEFAULT '';
ALTER TABLE goals ADD COLUMN kpi_low REAL NOT NULL DEFAULT 0;
ALTER TABLE goals ADD COLUMN kpi_high REAL NOT NULL DEFAULT 0;
ALTER TABLE goals ADD COLUMN kpi_weight_metric TEXT NOT NULL DEFAULT '';
-- The day the baseline was measured: the KPI counts from it. '' is the
-- day the goal was created.
ALTER TABLE goals ADD COLUMN baseline_date TEXT NOT NULL DEFAULT '';

-- Existing goals get the type plan.DefaultKPIType gives them, which is how
-- planbot read them until now: increase when the target is above the
-- baseline, else decrease; a running count from the day the goal was set
-- (cumulative) when the plan has a count metric of the goal's name; else a
-- level whose networks add up (each network's latest value, summed).
-- Goals whose KPI is a rate, a cost or a count per period need their type
-- chosen in the goal form: nothing stored says so.
UPDATE goals SET
	kpi_direction = CASE WHEN target < baseline THEN 'decrease' ELSE 'increase' END,
	kpi_aggregation = CASE WHEN EXISTS (
		SELECT 1 FROM metrics m
		WHERE m.plan_id = goals.plan_id AND m.name = trim(goals.metric) COLLATE NOCASE AND m.kind = 'count'
	) THEN 'cumulative' ELSE 'level' END;
UPDATE goals SET kpi_count = 1 WHERE kpi_aggregation = 'level';

-- The content item an observation is about (its clicks, its reach);
-- NULL when about no one post. Step 9 reads pillars and calls to action
-- through it, and imports attach per-post rows to their items.
ALTER TABLE observations ADD COLUMN content_item_id INTEGER REFERENCES content_items (id) ON DELETE SET NULL;
CREATE INDEX observations_content_item_idx ON observations (content_item_id) WHERE content_item_id IS NOT NULL;

-- Reviews, status, Home, step 9 and exports read a plan's observations of
-- some metrics over a window of days: the index covers the three.
DROP INDEX observations_plan_metric_idx;
CREATE INDEX observations_plan_metric_date_idx ON observations (plan_id, metric COLLATE NOCASE, obs_date);

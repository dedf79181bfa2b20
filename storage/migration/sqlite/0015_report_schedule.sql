-- 0015_report_schedule: a plan may post its monthly report on the first
-- working day of each month (issue 17); the reminder of kind
-- monthly_report follows this setting. Never edit this file once shipped.

ALTER TABLE plans ADD COLUMN monthly_report INTEGER NOT NULL DEFAULT 0;

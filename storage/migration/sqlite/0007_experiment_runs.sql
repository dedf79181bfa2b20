-- 0007_experiment_runs: experiments that cannot be fooled (issue 11). Once
-- an experiment starts its design is locked (plan.Experiment.CheckUpdate,
-- applied in UpdateExperiment's transaction); a change restarts it, and
-- the run it ends is kept in experiment_runs with the results recorded
-- during it. Results are recorded once and corrected by new records:
-- experiment_results is append-only (a trigger refuses any UPDATE; rows
-- go only with their experiment). experiment_variants keeps the figures
-- in force, for the screens that read them.
--
-- Existing experiments are in their first run; results recorded before
-- this migration become the first record of that run, with the figures
-- of experiment_variants, so that they keep their data and their
-- verdict. Times are UTC text in the layout of 0001, '' when unset; dates
-- are 'YYYY-MM-DD'. Never edit this file once shipped.

-- The number of the current run, 1 for the first.
ALTER TABLE experiments ADD COLUMN run INTEGER NOT NULL DEFAULT 1;

-- A run that ended with a restart: its design as it was, who restarted
-- the experiment, when and why.
CREATE TABLE experiment_runs (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	experiment_id   INTEGER NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
	number          INTEGER NOT NULL,
	variable        TEXT NOT NULL,
	network         TEXT NOT NULL,
	variants        TEXT NOT NULL,  -- the variants' names, a JSON array, the control first
	success_metric  TEXT NOT NULL,
	exposure_metric TEXT NOT NULL,
	baseline_rate   REAL NOT NULL,
	min_effect      REAL NOT NULL,
	planned_sample  INTEGER NOT NULL DEFAULT 0,
	start_date      TEXT NOT NULL,
	end_date        TEXT NOT NULL,
	ended_at        TEXT NOT NULL,
	ended_by        TEXT NOT NULL DEFAULT '',
	reason          TEXT NOT NULL DEFAULT '',
	UNIQUE (experiment_id, number)
);

-- One recording of a run's results: seq 1 is the first, each later one a
-- correction with its note. The unique key makes a second "first"
-- recording fail even if two people submit at once.
CREATE TABLE experiment_results (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	experiment_id INTEGER NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
	run           INTEGER NOT NULL,
	seq           INTEGER NOT NULL,
	note          TEXT NOT NULL DEFAULT '',
	recorded_by   TEXT NOT NULL DEFAULT '',
	recorded_at   TEXT NOT NULL,
	UNIQUE (experiment_id, run, seq)
);

-- A record's figures per variant (with posts, their sums).
CREATE TABLE experiment_result_variants (
	result_id INTEGER NOT NULL REFERENCES experiment_results (id) ON DELETE CASCADE,
	position  INTEGER NOT NULL,  -- 0 is the control
	exposures INTEGER NOT NULL,
	successes INTEGER NOT NULL,
	PRIMARY KEY (result_id, position)
);

-- A record's figures per post, when results were recorded per post.
CREATE TABLE experiment_result_posts (
	result_id       INTEGER NOT NULL REFERENCES experiment_results (id) ON DELETE CASCADE,
	position        INTEGER NOT NULL,  -- the order they were given in
	variant         INTEGER NOT NULL,
	content_item_id INTEGER NOT NULL DEFAULT 0,  -- 0 when the post is not in the content plan
	label           TEXT NOT NULL DEFAULT '',
	exposures       INTEGER NOT NULL,
	successes       INTEGER NOT NULL,
	PRIMARY KEY (result_id, position)
);

CREATE TRIGGER experiment_results_append_only BEFORE UPDATE ON experiment_results
BEGIN
	SELECT RAISE(ABORT, 'experiment results are append-only');
END;
CREATE TRIGGER experiment_result_variants_append_only BEFORE UPDATE ON experiment_result_variants
BEGIN
	SELECT RAISE(ABORT, 'experiment results are append-only');
END;
CREATE TRIGGER experiment_result_posts_append_only BEFORE UPDATE ON experiment_result_posts
BEGIN
	SELECT RAISE(ABORT, 'experiment results are append-only');
END;

INSERT INTO experiment_results (experiment_id, run, seq, note, recorded_by, recorded_at)
SELECT id, 1, 1, '', results_by, results_at FROM experiments WHERE results_at != '' ORDER BY id;

INSERT INTO experiment_result_variants (result_id, position, exposures, successes)
SELECT r.id, v.position, v.exposures, v.successes
FROM experiment_results r JOIN experiment_variants v ON v.experiment_id = r.experiment_id;

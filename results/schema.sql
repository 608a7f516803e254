-- bnbench results database, schema version 3.
--
-- The readable copy of the schema bnbench creates: harness/store.c holds the
-- same statements as its migrations, and tests/unit/test-store checks that
-- this file builds the same database.  `sqlite3 new.db < schema.sql` makes a
-- database bnbench accepts.
--
-- Times are wall clock in ns since the Unix epoch; samples are ns per
-- iteration.  A NULL statistic is NaN (SQLite stores NaN as NULL).

PRAGMA application_id = 1112425043; -- 0x424E4253, "BNBS"
PRAGMA user_version = 3;

-- One row per `bnbench run` (or import).  A run is inserted as 'incomplete'
-- and marked 'complete' or 'failed' when it ends, so an interrupted run stays
-- 'incomplete'.
CREATE TABLE runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  started_ns INTEGER NOT NULL,
  finished_ns INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL CHECK (status IN ('complete', 'incomplete', 'failed')),
  suite TEXT NOT NULL,
  suite_hash TEXT,
  label TEXT,
  git_commit TEXT,
  git_dirty INTEGER NOT NULL DEFAULT 0,
  host TEXT NOT NULL,
  version TEXT NOT NULL,
  source TEXT NOT NULL
);
CREATE INDEX runs_by_time ON runs (started_ns, id);
CREATE INDEX runs_by_label ON runs (label, started_ns);

-- Environment fingerprint of a run, in the order it was captured (rowid).
CREATE TABLE env (
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (run_id, key)
);

-- One row per case of a run; the statistics are those of struct stats_summary.
CREATE TABLE cases (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  grp TEXT,
  plugin TEXT NOT NULL,
  op TEXT NOT NULL,
  scheme TEXT NOT NULL,
  backend TEXT NOT NULL,
  m INTEGER NOT NULL,
  k INTEGER NOT NULL,
  params TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('ok', 'failed', 'error', 'skipped')),
  detail TEXT,
  boundary_elems INTEGER NOT NULL,
  threshold REAL,
  iters_per_sample INTEGER NOT NULL,
  work_items REAL,
  bytes REAL,
  started_ns INTEGER NOT NULL,
  n INTEGER NOT NULL,
  median_ns REAL,
  ci_low_ns REAL,
  ci_high_ns REAL,
  mean_ns REAL,
  stddev_ns REAL,
  mad_ns REAL,
  min_ns REAL,
  max_ns REAL,
  q1_ns REAL,
  q3_ns REAL,
  outliers_low_mild INTEGER NOT NULL,
  outliers_low_severe INTEGER NOT NULL,
  outliers_high_mild INTEGER NOT NULL,
  outliers_high_severe INTEGER NOT NULL
);
CREATE INDEX cases_by_run ON cases (run_id, id);

-- Raw samples of a case, in measurement order (seq from 0).
CREATE TABLE samples (
  case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  ns_per_iter REAL NOT NULL,
  PRIMARY KEY (case_id, seq)
) WITHOUT ROWID;

-- Named runs to compare against (`bnbench baseline save NAME`).
CREATE TABLE baselines (
  name TEXT PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  created_ns INTEGER NOT NULL,
  note TEXT
);
CREATE INDEX baselines_by_run ON baselines (run_id);

-- Schema version 2: A/B runs (`bnbench ab`, `bnbench gate --base-plugins`).
-- Written as the migration does it, so that both build the same database.
-- A run of kind 'ab' measured a base and a candidate build of each plugin
-- paired; its cases' samples and statistics are the candidate's, and each
-- case's raw pairs are in `pairs`: the base's and the candidate's ns per
-- iteration, and which of the two ran first (ABBA order).
ALTER TABLE runs ADD COLUMN kind TEXT NOT NULL DEFAULT 'run' CHECK (kind IN ('run', 'ab'));
CREATE TABLE pairs (
  case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  base_ns REAL NOT NULL,
  cand_ns REAL NOT NULL,
  base_first INTEGER NOT NULL,
  PRIMARY KEY (case_id, seq)
) WITHOUT ROWID;

-- Schema version 3: a case's threads and worker processes.  `threads` is part
-- of a case's identity (a case on 2 threads is not the same case as on 1);
-- `processes` is how many worker processes measured it, their samples pooled,
-- and `process_spread` how far apart their medians were (the largest minus
-- the smallest, as a fraction of the pooled median; NULL with one process).
-- `target_ci` is the relative CI width the case aimed at (NULL if unknown).
ALTER TABLE cases ADD COLUMN threads INTEGER NOT NULL DEFAULT 1;
ALTER TABLE cases ADD COLUMN processes INTEGER NOT NULL DEFAULT 1;
ALTER TABLE cases ADD COLUMN process_spread REAL;
ALTER TABLE cases ADD COLUMN target_ci REAL;

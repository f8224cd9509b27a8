-- Quality judging (S_q) and DPO pair proposals.

-- Judge prompt templates. A judgment is cached per (sample, judge model, template hash), so editing a
-- template means adding one: its text never changes once stored.
CREATE TABLE judge_templates (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  hash TEXT NOT NULL UNIQUE,
  text TEXT NOT NULL,
  builtin INTEGER NOT NULL DEFAULT 0,
  created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE judge_jobs (
  id INTEGER PRIMARY KEY,
  set_id INTEGER NOT NULL REFERENCES instruction_sets(id),
  judge_model_id INTEGER NOT NULL REFERENCES models(id),
  template_id INTEGER NOT NULL REFERENCES judge_templates(id),
  filter TEXT NOT NULL DEFAULT '{}',
  temperature REAL NOT NULL,
  max_tokens INTEGER NOT NULL,
  max_answers INTEGER NOT NULL CHECK (max_answers > 0),
  cached INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL CHECK (status IN ('running', 'paused', 'cancelled', 'done')),
  created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  finished_at TEXT
);
CREATE INDEX judge_jobs_status ON judge_jobs(status);

-- One row per (sample, judge model, template): the cache. job_id is the job that (last) asked for it.
CREATE TABLE judgments (
  id INTEGER PRIMARY KEY,
  job_id INTEGER NOT NULL REFERENCES judge_jobs(id),
  sample_id INTEGER NOT NULL REFERENCES samples(id),
  judge_model_id INTEGER NOT NULL REFERENCES models(id),
  template_hash TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
  scores TEXT,
  quality_score REAL,
  analysis TEXT,
  raw_answer TEXT,
  invalid_answers INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  prompt_tokens INTEGER,
  completion_tokens INTEGER,
  latency_ms INTEGER,
  lease_owner TEXT,
  lease_until TEXT,
  updated_at TEXT NOT NULL,
  finished_at TEXT,
  UNIQUE (sample_id, judge_model_id, template_hash)
);
CREATE INDEX judgments_job_status ON judgments(job_id, status);
CREATE INDEX judgments_claim ON judgments(judge_model_id, status, id);
CREATE INDEX judgments_lease ON judgments(status, lease_until);
CREATE INDEX judgments_finished ON judgments(job_id, finished_at);

-- A pair run: the settings that turned scores into proposals, kept so the same seed gives the same pairs.
CREATE TABLE pair_runs (
  id INTEGER PRIMARY KEY,
  set_id INTEGER NOT NULL REFERENCES instruction_sets(id),
  judge_model_id INTEGER NOT NULL REFERENCES models(id),
  template_id INTEGER NOT NULL REFERENCES judge_templates(id),
  model_ids TEXT,
  strategy TEXT NOT NULL CHECK (strategy IN ('best-vs-random', 'best-vs-worst', 'all-pairs')),
  seed INTEGER NOT NULL,
  min_margin REAL NOT NULL,
  length_weight REAL NOT NULL,
  exclude_flags TEXT NOT NULL,
  flag_penalty REAL NOT NULL,
  groups INTEGER NOT NULL,
  unscored INTEGER NOT NULL,
  created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE pair_proposals (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES pair_runs(id) ON DELETE CASCADE,
  instruction_id INTEGER NOT NULL REFERENCES instructions(id),
  model_id INTEGER NOT NULL REFERENCES models(id),
  chosen_sample_id INTEGER NOT NULL REFERENCES samples(id),
  rejected_sample_id INTEGER NOT NULL REFERENCES samples(id),
  chosen_score REAL NOT NULL,
  rejected_score REAL NOT NULL,
  chosen_length_score REAL,
  rejected_length_score REAL,
  chosen_quality_score REAL NOT NULL,
  rejected_quality_score REAL NOT NULL,
  margin REAL NOT NULL,
  status TEXT NOT NULL DEFAULT 'proposed'
    CHECK (status IN ('proposed', 'accepted', 'rejected', 'confirmed', 'overturned')),
  swapped INTEGER NOT NULL DEFAULT 0,
  reviewed_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  reviewed_at TEXT
);
CREATE INDEX pair_proposals_run ON pair_proposals(run_id, instruction_id, id);
CREATE INDEX pair_proposals_run_status ON pair_proposals(run_id, status);
CREATE INDEX pair_proposals_instruction ON pair_proposals(instruction_id);

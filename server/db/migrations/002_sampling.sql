CREATE TABLE models (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  base_urls TEXT NOT NULL DEFAULT '[]',
  model TEXT NOT NULL,
  api_key_env TEXT,
  params TEXT NOT NULL,
  max_in_flight INTEGER NOT NULL DEFAULT 8 CHECK (max_in_flight > 0),
  timeout_ms INTEGER NOT NULL DEFAULT 600000,
  is_reference INTEGER NOT NULL DEFAULT 0,
  source TEXT NOT NULL CHECK (source IN ('ui', 'config', 'import', 'demo')),
  created_at TEXT NOT NULL
);

CREATE TABLE sampling_jobs (
  id INTEGER PRIMARY KEY,
  set_id INTEGER NOT NULL REFERENCES instruction_sets(id),
  model_id INTEGER NOT NULL REFERENCES models(id),
  n INTEGER NOT NULL CHECK (n > 0),
  strategy TEXT NOT NULL CHECK (strategy IN ('direct', 'agentwrite', 'import')),
  filter TEXT NOT NULL DEFAULT '{}',
  params TEXT NOT NULL,
  templates TEXT,
  status TEXT NOT NULL CHECK (status IN ('running', 'paused', 'cancelled', 'done')),
  created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  finished_at TEXT
);
CREATE INDEX sampling_jobs_status ON sampling_jobs(status);

-- One row per (job, instruction, sample index), created when the job is: a sample exists exactly once
-- and a finished one is never requested again.
CREATE TABLE samples (
  id INTEGER PRIMARY KEY,
  job_id INTEGER NOT NULL REFERENCES sampling_jobs(id),
  instruction_id INTEGER NOT NULL REFERENCES instructions(id),
  model_id INTEGER NOT NULL REFERENCES models(id),
  sample_index INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
  source TEXT NOT NULL DEFAULT 'sampled' CHECK (source IN ('sampled', 'imported', 'demo')),
  text TEXT NOT NULL DEFAULT '',
  word_count INTEGER,
  finish_reason TEXT,
  prompt_tokens INTEGER,
  completion_tokens INTEGER,
  latency_ms INTEGER,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  plan TEXT,
  steps TEXT,
  lease_owner TEXT,
  lease_until TEXT,
  updated_at TEXT NOT NULL,
  finished_at TEXT,
  UNIQUE (job_id, instruction_id, sample_index)
);
CREATE INDEX samples_job_status ON samples(job_id, status);
CREATE INDEX samples_instruction ON samples(instruction_id);
CREATE INDEX samples_finished ON samples(job_id, finished_at);
-- The runner's claim: the oldest queued sample of a model, or a running one whose lease ran out.
CREATE INDEX samples_claim ON samples(model_id, status, id);
CREATE INDEX samples_lease ON samples(status, lease_until);

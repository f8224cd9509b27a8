-- The pairwise judge (docs/decisions/034-pairwise-judge.md): templates of two kinds, jobs over pairs of
-- samples, one cached answer per (pair, order, judge model, template hash), and proposals a judge confirmed.

-- single: one output scored on six dimensions ($RESPONSE$); pairwise: two outputs compared ($RESPONSE_A$, $RESPONSE_B$).
ALTER TABLE judge_templates ADD COLUMN kind TEXT NOT NULL DEFAULT 'single' CHECK (kind IN ('single', 'pairwise'));

CREATE TABLE pair_judge_jobs (
  id INTEGER PRIMARY KEY,
  set_id INTEGER NOT NULL REFERENCES instruction_sets(id),
  -- JSON: {"kind":"campaign","campaign_id"} | {"kind":"models","model_a_id","model_b_id","filter"} | {"kind":"pair-run","pair_run_id"}
  source TEXT NOT NULL,
  campaign_id INTEGER REFERENCES campaigns(id) ON DELETE SET NULL,
  pair_run_id INTEGER REFERENCES pair_runs(id) ON DELETE SET NULL,
  judge_model_id INTEGER NOT NULL REFERENCES models(id),
  template_id INTEGER NOT NULL REFERENCES judge_templates(id),
  temperature REAL NOT NULL,
  max_tokens INTEGER NOT NULL,
  max_answers INTEGER NOT NULL CHECK (max_answers > 0),
  -- Answers (orders) already done or held by another job when this one was created: not asked again.
  cached INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL CHECK (status IN ('running', 'paused', 'cancelled', 'done')),
  created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  finished_at TEXT
);
CREATE INDEX pair_judge_jobs_status ON pair_judge_jobs(status);
CREATE INDEX pair_judge_jobs_campaign ON pair_judge_jobs(campaign_id);

-- The pairs a job judges, each in both orders. sample_a is the comparison's (or proposal's chosen) side.
CREATE TABLE pair_judge_items (
  job_id INTEGER NOT NULL REFERENCES pair_judge_jobs(id) ON DELETE CASCADE,
  sample_a_id INTEGER NOT NULL REFERENCES samples(id),
  sample_b_id INTEGER NOT NULL REFERENCES samples(id),
  comparison_id INTEGER REFERENCES comparisons(id) ON DELETE SET NULL,
  proposal_id INTEGER REFERENCES pair_proposals(id) ON DELETE SET NULL,
  PRIMARY KEY (job_id, sample_a_id, sample_b_id)
) WITHOUT ROWID;

-- One judge answer for one order of two samples: the cache. first_sample is shown as Response A.
-- verdict: +2 A much better, +1 A better, 0 tie, -1 B better, -2 B much better (A = the first sample).
CREATE TABLE pair_judgments (
  id INTEGER PRIMARY KEY,
  job_id INTEGER NOT NULL REFERENCES pair_judge_jobs(id),
  first_sample_id INTEGER NOT NULL REFERENCES samples(id),
  second_sample_id INTEGER NOT NULL REFERENCES samples(id),
  judge_model_id INTEGER NOT NULL REFERENCES models(id),
  template_hash TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
  verdict INTEGER CHECK (verdict BETWEEN -2 AND 2),
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
  UNIQUE (first_sample_id, second_sample_id, judge_model_id, template_hash)
);
CREATE INDEX pair_judgments_job_status ON pair_judgments(job_id, status);
CREATE INDEX pair_judgments_claim ON pair_judgments(judge_model_id, status, id);
CREATE INDEX pair_judgments_lease ON pair_judgments(status, lease_until);
CREATE INDEX pair_judgments_finished ON pair_judgments(job_id, finished_at);

-- A proposal whose two judge orders both agreed with it: "judge-confirmed", kept apart from status (humans).
ALTER TABLE pair_proposals ADD COLUMN judge_confirmed_job_id INTEGER REFERENCES pair_judge_jobs(id) ON DELETE SET NULL;
ALTER TABLE pair_proposals ADD COLUMN judge_confirmed_at TEXT;
CREATE INDEX pair_proposals_judge_confirmed ON pair_proposals(run_id, judge_confirmed_job_id);

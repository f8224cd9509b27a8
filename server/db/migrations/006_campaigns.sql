-- Pairwise annotation campaigns: comparisons judged by k annotators each.

CREATE TABLE campaigns (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('vs-reference', 'verify-pairs', 'custom')),
  set_id INTEGER NOT NULL REFERENCES instruction_sets(id),
  source TEXT NOT NULL,
  filter TEXT NOT NULL DEFAULT '{}',
  all_annotators INTEGER NOT NULL DEFAULT 1,
  settings TEXT NOT NULL,
  -- k, copied out of settings: the queue's index compares against it.
  judgments_per_comparison INTEGER NOT NULL CHECK (judgments_per_comparison > 0),
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE campaign_annotators (
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (campaign_id, user_id)
);
CREATE INDEX campaign_annotators_user ON campaign_annotators(user_id);

-- Sample a and b as the campaign defines them (model vs reference, chosen vs rejected, A vs B); what an
-- annotator sees left or right is decided per assignment.
CREATE TABLE comparisons (
  id INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  instruction_id INTEGER NOT NULL REFERENCES instructions(id),
  sample_a_id INTEGER NOT NULL REFERENCES samples(id),
  sample_b_id INTEGER NOT NULL REFERENCES samples(id),
  proposal_id INTEGER REFERENCES pair_proposals(id) ON DELETE SET NULL,
  judgments INTEGER NOT NULL DEFAULT 0,
  -- judgments + live assignments: the queue hands out a comparison while taken < k, fewest first.
  taken INTEGER NOT NULL DEFAULT 0,
  -- verify-pairs: the proposal's status before the majority of k judgments confirmed or overturned it.
  proposal_status_before TEXT,
  UNIQUE (campaign_id, sample_a_id, sample_b_id)
);
CREATE INDEX comparisons_queue ON comparisons(campaign_id, taken, id);

-- One per (comparison, annotator): an annotator is never shown a comparison twice.
CREATE TABLE assignments (
  id INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  comparison_id INTEGER NOT NULL REFERENCES comparisons(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  left_sample_id INTEGER NOT NULL REFERENCES samples(id),
  right_sample_id INTEGER NOT NULL REFERENCES samples(id),
  -- expired: the lease ran out (the item went back to the queue; its annotator may still resume it);
  -- released: expired and taken over, so not shown to this annotator again.
  status TEXT NOT NULL CHECK (status IN ('active', 'done', 'skipped', 'expired', 'released')),
  lease_until TEXT NOT NULL,
  shown_at TEXT NOT NULL,
  UNIQUE (comparison_id, user_id)
);
CREATE INDEX assignments_user ON assignments(user_id, campaign_id, status);
CREATE INDEX assignments_lease ON assignments(status, lease_until);

-- Human judgments. The winner is a sample id (null for tie and both-bad); the order shown is kept.
CREATE TABLE annotations (
  id INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  comparison_id INTEGER NOT NULL REFERENCES comparisons(id) ON DELETE CASCADE,
  assignment_id INTEGER NOT NULL UNIQUE REFERENCES assignments(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users(id),
  left_sample_id INTEGER NOT NULL REFERENCES samples(id),
  right_sample_id INTEGER NOT NULL REFERENCES samples(id),
  winner_sample_id INTEGER REFERENCES samples(id),
  outcome TEXT NOT NULL CHECK (outcome IN ('win', 'tie', 'both-bad')),
  margin TEXT CHECK (margin IN ('slightly', 'much')),
  rationale TEXT NOT NULL DEFAULT '',
  time_ms INTEGER NOT NULL,
  coverage_left REAL NOT NULL,
  coverage_right REAL NOT NULL,
  idempotency_key TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (user_id, idempotency_key)
);
CREATE INDEX annotations_campaign ON annotations(campaign_id, id);
CREATE INDEX annotations_comparison ON annotations(comparison_id);
CREATE INDEX annotations_user ON annotations(user_id, campaign_id, id);

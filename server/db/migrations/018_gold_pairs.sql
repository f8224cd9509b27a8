-- Gold pairs (docs/decisions/039-gold-pairs.md): comparisons whose answer is known, mixed into a campaign to
-- measure each annotator's accuracy. A degraded copy of a sound output is a `samples` row (comparisons,
-- assignments and human judgments name samples by id), written under a sampling job marked gold: such a job
-- and its samples are seen by no list, report, job or export, only by the annotation queue through its
-- comparisons. import_state's CHECK cannot widen, hence a column of its own.
ALTER TABLE sampling_jobs ADD COLUMN gold INTEGER NOT NULL DEFAULT 0 CHECK (gold IN (0, 1));
CREATE INDEX sampling_jobs_gold ON sampling_jobs(id) WHERE gold = 1;

-- A gold comparison: which sample is the right answer ('a' or 'b', as the comparison has them) and how its
-- other side is bad. NULL for every ordinary comparison; every statistic and export reads only those.
ALTER TABLE comparisons ADD COLUMN gold_answer TEXT CHECK (gold_answer IN ('a', 'b'));
ALTER TABLE comparisons ADD COLUMN gold_kind TEXT
  CHECK (gold_kind IN ('cut-off', 'looped', 'dropped', 'truncation', 'repetition', 'languageMismatch'));
CREATE INDEX comparisons_gold ON comparisons(campaign_id, id) WHERE gold_answer IS NOT NULL;

-- An annotator's standing in a campaign: 'flagged' (shown to researchers, still counted) or 'excluded'
-- (their judgments leave the campaign's statistics and exports). No row: in good standing.
CREATE TABLE annotator_standings (
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  state TEXT NOT NULL CHECK (state IN ('flagged', 'excluded')),
  PRIMARY KEY (campaign_id, user_id)
);

-- Every change of standing: who (null: the automatic gold-accuracy rule), when, why.
CREATE TABLE annotator_standing_log (
  id INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  action TEXT NOT NULL CHECK (action IN ('flag', 'exclude', 'clear')),
  by_user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
  reason TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX annotator_standing_log_campaign ON annotator_standing_log(campaign_id, id);

-- An annotator may change a judgment while its campaign is open (docs/decisions/023-annotator-history.md):
-- human_judgments keeps the latest version, which every statistic and export reads; each version it replaced
-- is kept here, with when it was made and when it was replaced.
CREATE TABLE judgment_revisions (
  id INTEGER PRIMARY KEY,
  human_judgment_id INTEGER NOT NULL REFERENCES human_judgments(id) ON DELETE CASCADE,
  verdict TEXT NOT NULL CHECK (verdict IN ('win', 'tie', 'both-bad')),
  winner_sample_id INTEGER REFERENCES samples(id),
  margin TEXT CHECK (margin IN ('slightly', 'much')),
  rationale TEXT NOT NULL DEFAULT '',
  made_at TEXT NOT NULL,
  replaced_at TEXT NOT NULL
);
CREATE INDEX judgment_revisions_judgment ON judgment_revisions(human_judgment_id, id);

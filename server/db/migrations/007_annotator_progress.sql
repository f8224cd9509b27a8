-- How many judgments each annotator has made in each campaign, kept as a counter: counting their
-- annotations on every item cost most of the queue's time once an annotator had judged thousands.
CREATE TABLE annotator_progress (
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  judged INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (campaign_id, user_id)
) WITHOUT ROWID;
INSERT INTO annotator_progress (campaign_id, user_id, judged)
  SELECT campaign_id, user_id, COUNT(*) FROM annotations GROUP BY campaign_id, user_id;

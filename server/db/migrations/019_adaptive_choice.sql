-- Adaptive choice of the next comparison (docs/decisions/038-adaptive-choice.md).

-- The probability with which the adaptive rule chose this assignment's stratum (the candidate model, in a
-- vs-reference campaign) when it was handed out; NULL under uniform assignment. Statistics weight the
-- judgment by its inverse.
ALTER TABLE assignments ADD COLUMN probability REAL CHECK (probability IS NULL OR (probability > 0 AND probability <= 1));

-- The stratum the rule chooses among: the candidate model (sample a's) of a vs-reference comparison, 0 for
-- other kinds (one stratum). Set on insert by the trigger below, so campaign creation is unchanged.
ALTER TABLE comparisons ADD COLUMN stratum INTEGER NOT NULL DEFAULT 0;
UPDATE comparisons SET stratum = (SELECT s.model_id FROM samples s WHERE s.id = comparisons.sample_a_id)
  WHERE campaign_id IN (SELECT id FROM campaigns WHERE kind = 'vs-reference');
CREATE INDEX comparisons_stratum ON comparisons(campaign_id, stratum, taken, id);

-- Per campaign and stratum: judgments and their points for sample a (win 2, tie or both-bad 1, loss 0), kept
-- by triggers so the rule reads a few rows instead of every judgment on each pick.
CREATE TABLE stratum_tallies (
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  stratum INTEGER NOT NULL,
  judgments INTEGER NOT NULL DEFAULT 0,
  points INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (campaign_id, stratum)
);
INSERT INTO stratum_tallies (campaign_id, stratum, judgments, points)
  SELECT c.campaign_id, c.stratum, COUNT(x.id),
    COALESCE(SUM(CASE WHEN x.id IS NULL THEN 0 WHEN x.winner_sample_id = c.sample_a_id THEN 2 WHEN x.winner_sample_id IS NULL THEN 1 ELSE 0 END), 0)
  FROM comparisons c LEFT JOIN human_judgments x ON x.comparison_id = c.id GROUP BY c.campaign_id, c.stratum;

CREATE TRIGGER comparisons_stratum_on_insert AFTER INSERT ON comparisons
BEGIN
  UPDATE comparisons SET stratum = (SELECT s.model_id FROM samples s WHERE s.id = NEW.sample_a_id)
    WHERE id = NEW.id AND (SELECT kind FROM campaigns WHERE id = NEW.campaign_id) = 'vs-reference';
  INSERT OR IGNORE INTO stratum_tallies (campaign_id, stratum)
    SELECT NEW.campaign_id, stratum FROM comparisons WHERE id = NEW.id;
END;

CREATE TRIGGER human_judgments_tally_insert AFTER INSERT ON human_judgments
BEGIN
  UPDATE stratum_tallies SET judgments = judgments + 1,
    points = points + (SELECT CASE WHEN NEW.winner_sample_id = c.sample_a_id THEN 2 WHEN NEW.winner_sample_id IS NULL THEN 1 ELSE 0 END
                       FROM comparisons c WHERE c.id = NEW.comparison_id)
  WHERE (campaign_id, stratum) = (SELECT campaign_id, stratum FROM comparisons WHERE id = NEW.comparison_id);
END;

CREATE TRIGGER human_judgments_tally_delete AFTER DELETE ON human_judgments
BEGIN
  UPDATE stratum_tallies SET judgments = judgments - 1,
    points = points - (SELECT CASE WHEN OLD.winner_sample_id = c.sample_a_id THEN 2 WHEN OLD.winner_sample_id IS NULL THEN 1 ELSE 0 END
                       FROM comparisons c WHERE c.id = OLD.comparison_id)
  WHERE (campaign_id, stratum) = (SELECT campaign_id, stratum FROM comparisons WHERE id = OLD.comparison_id);
END;

CREATE TRIGGER human_judgments_tally_update AFTER UPDATE OF winner_sample_id ON human_judgments
BEGIN
  UPDATE stratum_tallies SET
    points = points
      + (SELECT CASE WHEN NEW.winner_sample_id = c.sample_a_id THEN 2 WHEN NEW.winner_sample_id IS NULL THEN 1 ELSE 0 END
         FROM comparisons c WHERE c.id = NEW.comparison_id)
      - (SELECT CASE WHEN OLD.winner_sample_id = c.sample_a_id THEN 2 WHEN OLD.winner_sample_id IS NULL THEN 1 ELSE 0 END
         FROM comparisons c WHERE c.id = OLD.comparison_id)
  WHERE (campaign_id, stratum) = (SELECT campaign_id, stratum FROM comparisons WHERE id = NEW.comparison_id);
END;

-- One word per concept (docs/decisions/009-glossary.md): a person's verdict is a *human judgment*, the LLM
-- judge's scores of one sample are a *judge score*. The old names had "judgment" for the LLM's scores and
-- "annotation"/"outcome" for the person's verdict, which the API and client called a judgment and a verdict.
--
-- RENAME TABLE and RENAME COLUMN keep every row and rewrite the references to them in other tables'
-- foreign keys, in CHECK constraints and in trigger bodies (users_keep_work reads human_judgments from now
-- on): SQLite does so unless legacy_alter_table is on, and longpref never turns it on. SQLite cannot rename an
-- index, so the indexes named for the old tables are dropped and made again under the new names, same columns.

ALTER TABLE judgments RENAME TO judge_scores;
DROP INDEX judgments_job_status;
DROP INDEX judgments_claim;
DROP INDEX judgments_lease;
DROP INDEX judgments_finished;
CREATE INDEX judge_scores_job_status ON judge_scores(job_id, status);
CREATE INDEX judge_scores_claim ON judge_scores(judge_model_id, status, id);
CREATE INDEX judge_scores_lease ON judge_scores(status, lease_until);
CREATE INDEX judge_scores_finished ON judge_scores(job_id, finished_at);

-- verdict: 'win' (winner_sample_id names the sample preferred), 'tie' or 'both-bad'. The submitted verdict
-- says which side ('left'/'right'); the stored one names the sample, so it does not depend on the order shown.
ALTER TABLE annotations RENAME TO human_judgments;
ALTER TABLE human_judgments RENAME COLUMN outcome TO verdict;
DROP INDEX annotations_campaign;
DROP INDEX annotations_comparison;
DROP INDEX annotations_user;
CREATE INDEX human_judgments_campaign ON human_judgments(campaign_id, id);
CREATE INDEX human_judgments_comparison ON human_judgments(comparison_id);
CREATE INDEX human_judgments_user ON human_judgments(user_id, campaign_id, id);

-- Deprecated, read-only: the old table under its old name and column names, for scripts outside longpref that
-- read the database file. longpref itself never reads it. To be dropped in a later migration.
CREATE VIEW annotations AS
  SELECT id, campaign_id, comparison_id, assignment_id, user_id, left_sample_id, right_sample_id, winner_sample_id,
    verdict AS outcome, margin, rationale, time_ms, coverage_left, coverage_right, idempotency_key, created_at
  FROM human_judgments;

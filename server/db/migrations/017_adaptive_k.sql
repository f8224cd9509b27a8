-- Adaptive k (docs/decisions/037-adaptive-k.md): each comparison wants `target` judgments now. It starts at
-- the campaign's k_min, rises while the verdicts are undecided (at most k_max) and drops to the judgments
-- made once the leading verdict can no longer be overturned. A campaign with a fixed k keeps target = k, so
-- existing campaigns behave exactly as before.
ALTER TABLE comparisons ADD COLUMN target INTEGER NOT NULL DEFAULT 0;
UPDATE comparisons SET target = (SELECT c.judgments_per_comparison FROM campaigns c WHERE c.id = comparisons.campaign_id);
-- The queue's pick as an index range: only comparisons still wanting takers are in it, fewest takers first.
CREATE INDEX comparisons_open ON comparisons(campaign_id, taken, id) WHERE taken < target;

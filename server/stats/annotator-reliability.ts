import type { CampaignAnnotatorReliability } from "../../shared/schemas/annotator-reliability";
import { dawidSkene } from "../../shared/stats/dawid-skene";
import type { Db } from "../db/open";
import { judgmentIndex } from "../export/judgment-index";

/** GET /api/campaigns/:id/annotator-reliability: Dawid–Skene over every judgment of the campaign. */
export function campaignAnnotatorReliability(db: Db, campaignId: number): CampaignAnnotatorReliability {
  const index = judgmentIndex(db, [campaignId]);
  const ds = dawidSkene(index);
  return { annotators: ds.annotators, threshold: ds.threshold, comparisons: index.comparisons.length, judgments: index.records.length };
}

import type { BattleRecord } from "../../shared/schemas/battles";
import { indexBattles, type BattleIndex } from "../../shared/stats/battle-index";
import type { Db } from "../db/open";
import { exportRowsRepo } from "../db/repos/export-rows";
import { battleSides } from "./sources";

/**
 * Every human judgment of the campaigns, indexed for Dawid–Skene: a comparison per campaign comparison
 * in its own orientation (sample a first), verdicts and the side shown on the left. Unlike
 * battlesOfCampaigns it keeps comparisons of one model with itself (verify-pairs): Dawid–Skene needs no
 * model names, and those judgments tell as much about an annotator as any. The records are built here,
 * not parsed with BattleRecordSchema, which refuses model_a = model_b.
 */
export function judgmentIndex(db: Db, campaignIds: readonly number[]): BattleIndex {
  const records: BattleRecord[] = [];
  for (const r of exportRowsRepo(db).battles({ campaignIds })) {
    records.push({
      comparison_id: String(r.comparison_id),
      instruction_id: r.external_id,
      model_a: r.model_a,
      model_b: r.model_b,
      annotator: r.annotator,
      ...battleSides(r),
    });
  }
  return indexBattles(records);
}

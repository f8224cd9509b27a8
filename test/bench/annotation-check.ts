import type { Db } from "../../server/db/open";
import { k } from "./annotation-build";

export interface Check {
  /** Annotations the load made (their idempotency keys start "load-"). */
  fromLoad: number;
  judgedTwice: number;
  overK: number;
  miscounted: number;
}

/**
 * What the database holds after the load, on either backend (subqueries in FROM are named, as PostgreSQL 15
 * requires): the bench's answers against the rows, the queue's two rules.
 */
export function checkHumanJudgments(db: Db, campaignId: number): Check {
  const count = (sql: string, ...params: unknown[]) => (db.prepare(sql).get(...params) as { n: number }).n;
  return {
    fromLoad: count("SELECT COUNT(*) AS n FROM human_judgments WHERE campaign_id = ? AND idempotency_key LIKE 'load-%'", campaignId),
    judgedTwice: count(
      "SELECT COUNT(*) AS n FROM (SELECT 1 FROM human_judgments GROUP BY comparison_id, user_id HAVING COUNT(*) > 1) AS twice",
    ),
    overK:
      count("SELECT COUNT(*) AS n FROM (SELECT 1 FROM human_judgments GROUP BY comparison_id HAVING COUNT(*) > ?) AS over", k) +
      count("SELECT COUNT(*) AS n FROM comparisons WHERE taken > ? OR judgments > ?", k, k),
    miscounted: count(
      "SELECT COUNT(*) AS n FROM comparisons c WHERE c.judgments != (SELECT COUNT(*) FROM human_judgments a WHERE a.comparison_id = c.id)",
    ),
  };
}

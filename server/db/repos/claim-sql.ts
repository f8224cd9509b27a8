import type { Db } from "../open";
import { skipLocked } from "./sql-dialect";

/**
 * The UPDATE that claims one item of a leased work table (samples, judge_scores, pair_judgments) for a model:
 * one whose lease ran out (its runner died) first, else the oldest queued one, of a running job. One statement
 * (the second pick runs only when the first finds nothing), and on PostgreSQL each pick locks its row and
 * passes over rows other runners are claiming (skipLocked), so two runners never take the same item.
 */
export function claimOneSql(db: Db, o: { table: string; jobs: string; modelColumn: string; returning: string }): string {
  const pick = (condition: string) =>
    `(SELECT x.id FROM ${o.table} x JOIN ${o.jobs} j ON j.id = x.job_id
      WHERE x.${o.modelColumn} = @model_id AND ${condition} AND j.status = 'running'
      ORDER BY x.id LIMIT 1 ${skipLocked(db, "x")})`;
  return `UPDATE ${o.table} SET status = 'running', lease_owner = @owner, lease_until = @until, updated_at = @now
    WHERE id = COALESCE(${pick("x.status = 'running' AND x.lease_until < @now")}, ${pick("x.status = 'queued'")})
    RETURNING ${o.returning}`;
}

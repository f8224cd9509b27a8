import type { Db } from "../../server/db/open";

/** A judgment the server acknowledged with 2xx, as the client saw it. */
export interface Acknowledged {
  username: string;
  key: string;
  assignmentId: number;
  /** The judgment id of the 2xx answer. */
  judgmentId?: number;
}

export interface JudgmentAudit {
  rows: { username: string; key: string; id: number; comparison_id: number; assignment_id: number }[];
  /** Acknowledged but not stored as acknowledged (missing, or another id or assignment). */
  lost: Acknowledged[];
  /** Rows beyond one per (annotator, key) and beyond one per (comparison, annotator). */
  duplicated: number;
  /** Stored judgments no client was told of. */
  withoutAck: string[];
  /** The counters kept beside the rows, each with how far it is off (0 when consistent). */
  counterMismatches: { what: string; n: number }[];
}

/**
 * What a crash test's database holds against what its clients were told: the rows of the campaign's
 * judgments, the lost and duplicated ones, and the counters kept beside them (annotator progress, comparisons'
 * judgments and taken, done assignments). Shared by the kill -9 test and the two-servers test.
 */
export function auditJudgments(db: Db, campaignId: number, acknowledged: readonly Acknowledged[]): JudgmentAudit {
  const rows = db
    .prepare(
      `SELECT u.username, a.idempotency_key AS key, a.id, a.comparison_id, a.assignment_id FROM human_judgments a JOIN users u ON u.id = a.user_id
       WHERE a.campaign_id = ?`,
    )
    .all(campaignId) as JudgmentAudit["rows"];
  const inDb = new Map<string, JudgmentAudit["rows"]>();
  for (const row of rows) inDb.set(`${row.username}/${row.key}`, [...(inDb.get(`${row.username}/${row.key}`) ?? []), row]);
  const lost = acknowledged.filter((s) => {
    const found = inDb.get(`${s.username}/${s.key}`);
    return found === undefined || found[0]!.id !== s.judgmentId || found[0]!.assignment_id !== s.assignmentId;
  });
  const perComparisonAndUser = new Set(rows.map((r) => `${r.comparison_id}/${r.username}`));
  const duplicated = rows.length - inDb.size + (rows.length - perComparisonAndUser.size);
  const ackedKeys = new Set(acknowledged.map((s) => `${s.username}/${s.key}`));
  const withoutAck = [...inDb.keys()].filter((key) => !ackedKeys.has(key));
  const counterMismatches = db
    .prepare(
      `SELECT 'progress' AS what, COUNT(*) AS n FROM annotator_progress p
         WHERE p.campaign_id = @c AND p.judged <> (SELECT COUNT(*) FROM human_judgments a WHERE a.campaign_id = p.campaign_id AND a.user_id = p.user_id)
       UNION ALL SELECT 'judgments', COUNT(*) FROM comparisons c
         WHERE c.campaign_id = @c AND c.judgments <> (SELECT COUNT(*) FROM human_judgments a WHERE a.comparison_id = c.id)
       UNION ALL SELECT 'taken', COUNT(*) FROM comparisons c
         WHERE c.campaign_id = @c AND c.taken <> (SELECT COUNT(*) FROM assignments a WHERE a.comparison_id = c.id AND a.status IN ('active', 'done'))
       UNION ALL SELECT 'done assignments', ABS((SELECT COUNT(*) FROM assignments WHERE campaign_id = @c AND status = 'done') - (SELECT COUNT(*) FROM human_judgments WHERE campaign_id = @c))`,
    )
    .all({ c: campaignId }) as { what: string; n: number }[];
  return { rows, lost, duplicated, withoutAck, counterMismatches };
}

import type { User } from "../../shared/schemas/user";
import { annotationQueue } from "../../server/campaigns/queue";
import { createContext } from "../../server/context";
import type { Db } from "../../server/db/open";
import { silentLogger } from "../../server/logger";
import { k } from "./annotation-build";

// What the server's submits/s is compared with, all on the bench file through openDatabase's connection
// (WAL, synchronous = NORMAL, foreign keys on), each for a fixed time:
//  raw      one INSERT INTO human_judgments per statement in autocommit: the least one judgment writes;
//  writes   the submit's writes as one transaction: INSERT annotation, UPDATE assignment, UPDATE comparison;
//  queue    the functions the two routes call (queue.next, queue.submit) in-process, on the
//           measured campaign: the whole per-item database work, no HTTP, express, cookies or JSON.
// raw and writes use assignments leased for them in the empty twin campaign (untimed), at most k per
// comparison, so the measured campaign is untouched and every comparison stays within k.

export interface Rate {
  count: number;
  seconds: number;
  perSecond: number;
}

function timed(seconds: number, max: number, one: (i: number) => void): Rate {
  const start = performance.now();
  const end = start + seconds * 1000;
  let count = 0;
  while (count < max && performance.now() < end) one(count++);
  const s = (performance.now() - start) / 1000;
  return { count, seconds: s, perSecond: count / s };
}

interface Leased {
  id: number;
  comparison_id: number;
  user_id: number;
  left_sample_id: number;
  right_sample_id: number;
}

/** n active assignments in the twin campaign on comparisons nobody has been given yet, k annotators each. */
function lease(db: Db, campaignId: number, userIds: number[], n: number): Leased[] {
  const fresh = db
    .prepare<[number, number], { id: number; sample_a_id: number; sample_b_id: number }>(
      `SELECT c.id, c.sample_a_id, c.sample_b_id FROM comparisons c
       WHERE c.campaign_id = ? AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.comparison_id = c.id) ORDER BY c.id LIMIT ?`,
    )
    .all(campaignId, Math.ceil(n / k));
  const insert = db.prepare(
    `INSERT INTO assignments (campaign_id, comparison_id, user_id, left_sample_id, right_sample_id, status, lease_until, shown_at)
     VALUES (?, ?, ?, ?, ?, 'active', ?, ?) RETURNING id`,
  );
  const take = db.prepare<[number, number]>("UPDATE comparisons SET taken = ? WHERE id = ?");
  const now = new Date();
  const until = new Date(now.getTime() + 3600_000).toISOString();
  const rows: Leased[] = [];
  db.transaction(() => {
    for (const c of fresh) {
      const users = userIds.slice(0, Math.min(k, n - rows.length));
      for (const user_id of users) {
        const { id } = insert.get(campaignId, c.id, user_id, c.sample_a_id, c.sample_b_id, until, now.toISOString()) as { id: number };
        rows.push({ id, comparison_id: c.id, user_id, left_sample_id: c.sample_a_id, right_sample_id: c.sample_b_id });
      }
      take.run(users.length, c.id);
    }
  })();
  return rows;
}

function humanJudgmentInsert(db: Db, campaignId: number) {
  const insert = db.prepare(
    `INSERT INTO human_judgments (campaign_id, comparison_id, assignment_id, user_id, left_sample_id, right_sample_id, winner_sample_id,
       verdict, margin, rationale, time_ms, coverage_left, coverage_right, idempotency_key, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'win', NULL, '', 12000, 1, 0.8, ?, ?) RETURNING id`,
  );
  return (a: Leased, key: string) =>
    insert.get(
      campaignId,
      a.comparison_id,
      a.id,
      a.user_id,
      a.left_sample_id,
      a.right_sample_id,
      a.left_sample_id,
      key,
      new Date().toISOString(),
    );
}

export function rawInserts(db: Db, campaignId: number, userIds: number[], seconds: number, max: number): Rate {
  const rows = lease(db, campaignId, userIds, max);
  const insert = humanJudgmentInsert(db, campaignId);
  const rate = timed(seconds, rows.length, (i) => insert(rows[i]!, `raw-${i}`));
  settle(db, campaignId);
  return rate;
}

export function submitWrites(db: Db, campaignId: number, userIds: number[], seconds: number, max: number): Rate {
  const rows = lease(db, campaignId, userIds, max);
  const insert = humanJudgmentInsert(db, campaignId);
  const done = db.prepare<[number]>("UPDATE assignments SET status = 'done' WHERE id = ?");
  const count = db.prepare<[number]>("UPDATE comparisons SET judgments = judgments + 1 WHERE id = ?");
  const write = db.transaction((a: Leased, key: string) => {
    insert(a, key);
    done.run(a.id);
    count.run(a.comparison_id);
  });
  const rate = timed(seconds, rows.length, (i) => write(rows[i]!, `writes-${i}`));
  settle(db, campaignId);
  return rate;
}

/** The raw baseline's annotations leave their assignments done and the counts right (untimed). */
function settle(db: Db, campaignId: number) {
  db.prepare(
    "UPDATE assignments SET status = 'done' WHERE campaign_id = ? AND status = 'active' AND id IN (SELECT assignment_id FROM human_judgments WHERE campaign_id = ?)",
  ).run(campaignId, campaignId);
  db.prepare("UPDATE assignments SET status = 'released' WHERE campaign_id = ? AND status = 'active'").run(campaignId);
  db.prepare(
    `UPDATE comparisons SET judgments = (SELECT COUNT(*) FROM human_judgments a WHERE a.comparison_id = comparisons.id),
       taken = (SELECT COUNT(*) FROM assignments a WHERE a.comparison_id = comparisons.id AND a.status IN ('active', 'done'))
     WHERE campaign_id = ? AND taken > 0`,
  ).run(campaignId);
}

export interface QueueRate extends Rate {
  nextUs: number;
  submitUs: number;
}

export function inProcessQueue(db: Db, campaignId: number, userIds: number[], seconds: number): QueueRate {
  const ctx = createContext(db, () => new Date(), silentLogger);
  const queue = annotationQueue(ctx);
  const users = userIds.map((id) => ctx.users.get(id)!) as User[];
  let nextMs = 0;
  let submitMs = 0;
  const rate = timed(seconds, Infinity, (i) => {
    const user = users[i % users.length]!;
    const t0 = performance.now();
    const item = queue.next(campaignId, user);
    const t1 = performance.now();
    if (!item) throw new Error(`nothing left for ${user.username}`);
    queue.submit(item.assignment_id, user, {
      verdict: "left",
      time_ms: 12000,
      coverage_left: 1,
      coverage_right: 1,
      idempotency_key: `inproc-${i}`,
    });
    nextMs += t1 - t0;
    submitMs += performance.now() - t1;
  });
  return { ...rate, nextUs: (nextMs / rate.count) * 1000, submitUs: (submitMs / rate.count) * 1000 };
}

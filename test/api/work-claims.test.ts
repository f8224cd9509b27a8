import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../server/db/open";
import { samplesRepo } from "../../server/db/repos/samples";
import { createSamplingJob } from "../../server/sampling/jobs";
import { seedModel, seedSet } from "../helpers/sampling";
import { testApp, type TestApp } from "../helpers/test-app";
import { testPg } from "../helpers/test-db";

// Claims of leased work (samples here; judge scores and pair judgments share claim-sql.ts): an expired lease
// first, then the oldest queued item, in one statement; and, with several processes on PostgreSQL, never the
// same item twice.

let t: TestApp;
afterEach(() => t?.close());

const minute = 60_000;

function sixQueued() {
  t = testApp();
  const model = seedModel(t.ctx, ["http://127.0.0.1:9/v1"]);
  const jobId = createSamplingJob(t.ctx, { set_id: seedSet(t.ctx, ["Write a", "Write b", "Write c"]), model_id: model.id, n: 2 }, null);
  const ids = (t.db.prepare("SELECT id FROM samples WHERE job_id = ? ORDER BY id").pluck().all(jobId) as number[]).slice();
  return { modelId: model.id, ids };
}

describe("claiming leased work", () => {
  it("takes an expired lease before the oldest queued item, then the queue in order, then nothing", () => {
    const { modelId, ids } = sixQueued();
    const now = new Date();
    const early = new Date(now.getTime() - 10 * minute);
    // A live runner holds the first with a fresh lease; a runner that took the next two with a minute's lease,
    // ten minutes ago, died.
    expect(t.ctx.samples.claim(modelId, "alive", now, 10 * minute)?.id).toBe(ids[0]);
    expect(t.ctx.samples.claim(modelId, "dead", early, minute)?.id).toBe(ids[1]);
    expect(t.ctx.samples.claim(modelId, "dead", early, minute)?.id).toBe(ids[2]);
    const order = Array.from({ length: 5 }, () => t.ctx.samples.claim(modelId, "me", now, minute)?.id ?? null);
    expect(order).toEqual([ids[1], ids[2], ids[3], ids[4], ids[5]]);
    expect(t.ctx.samples.claim(modelId, "me", now, minute)).toBeUndefined();
    const owners = t.db.prepare("SELECT lease_owner FROM samples WHERE id IN (?, ?, ?)").pluck().all(ids[0], ids[1], ids[2]);
    expect(owners.sort()).toEqual(["alive", "me", "me"]);
  });

  it.skipIf(!testPg)("on PostgreSQL, a runner passes over the item another process is claiming, and never waits for it", () => {
    const { modelId, ids } = sixQueued();
    const other = openDatabase(t.dbPath);
    try {
      const theirs = samplesRepo(other);
      const now = new Date();
      const taken = t.db.transaction(() => {
        // This process's claim holds its row lock until the transaction ends; the other process claims meanwhile
        // (a blocking call: were it to wait for the lock, it would wait for a commit that cannot come).
        const mine = t.ctx.samples.claim(modelId, "one", now, minute)!.id;
        const meanwhile = theirs.claim(modelId, "two", now, minute)!.id;
        return [mine, meanwhile];
      })();
      expect(taken).toEqual([ids[0], ids[1]]);
      const rows = t.db.prepare("SELECT id, lease_owner FROM samples WHERE status = 'running' ORDER BY id").all();
      expect(rows).toEqual([
        { id: ids[0], lease_owner: "one" },
        { id: ids[1], lease_owner: "two" },
      ]);
    } finally {
      other.close();
    }
  });
});

import { cpSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import type { User } from "../../shared/schemas/user";
import { CampaignDashboardSchema, CampaignSchema, type CreateCampaignBody } from "../../shared/schemas/campaigns";
import { createCampaign } from "../../server/campaigns/create";
import { annotationQueue, type AnnotationQueue } from "../../server/campaigns/queue";
import { migrate } from "../../server/db/migrate";
import { openDatabase } from "../../server/db/open";
import { compareFixedAdaptive } from "../helpers/adaptive-k-sim";
import { runCli } from "../helpers/cli";
import { createWorkspace, type Workspace } from "../helpers/factories";
import { password, testApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
afterEach(() => t?.close());

let w: Workspace;
let keys = 0;

/** A workspace whose vs-reference comparisons number `comparisons`, and a campaign over them with these k settings. */
async function campaignWith(k: Partial<CreateCampaignBody>, comparisons = 1) {
  t = testApp();
  w = await createWorkspace(t.ctx, { adminPassword: password, withOutputs: comparisons });
  const id = createCampaign(
    t.ctx,
    { name: "adaptive", set_id: w.set.id, source: { kind: "vs-reference", model_id: w.models.writer.id }, ...k },
    w.admin.id,
  );
  const users: User[] = [];
  for (const name of ["u1", "u2", "u3", "u4"]) users.push(await t.user(name, "annotator"));
  return { id, users, queue: annotationQueue(t.ctx, () => 0.3) };
}

/** The user takes their next item and gives it to sample a ("a"), sample b ("b"), or calls it a tie. */
function judge(queue: AnnotationQueue, campaignId: number, user: User, vote: "a" | "b" | "tie") {
  const item = queue.next(campaignId, user);
  if (!item) throw new Error(`${user.username} got nothing`);
  const a = t.ctx.assignments.ofUser(item.assignment_id, user.id)!;
  const sampleA = (t.db.prepare("SELECT sample_a_id FROM comparisons WHERE id = ?").get(a.comparison_id) as { sample_a_id: number })
    .sample_a_id;
  const verdict = vote === "tie" ? "tie" : (vote === "a") === (a.left_sample_id === sampleA) ? "left" : "right";
  const body = { verdict, time_ms: 1000, coverage_left: 1, coverage_right: 1, idempotency_key: `key-${++keys}-abcdef` } as const;
  return queue.submit(item.assignment_id, user, body);
}

const complete = (id: number) => t.ctx.campaigns.get(id)!.complete;

describe("adaptive k in the queue", () => {
  it("stops at k_min when the first two agree and asks a third on a disagreement, never twice to one annotator", async () => {
    const { id, users, queue } = await campaignWith({ k_min: 2, k_max: 3 }, 2);
    const [u1, u2, u3, u4] = users as [User, User, User, User];
    // Fewest takers first: u1 and u2 each take a different comparison, then each the other one.
    judge(queue, id, u1, "a");
    judge(queue, id, u2, "a");
    judge(queue, id, u1, "a");
    judge(queue, id, u2, "b");
    // One comparison has two agreeing verdicts: decided; the other (a vs b) wants a third judgment.
    expect(complete(id)).toBe(1);
    expect(queue.progress(id, u3).remaining).toBe(1);
    judge(queue, id, u3, "a");
    expect(complete(id)).toBe(2);
    expect(queue.next(id, u4)).toBeNull();
    expect(queue.progress(id, u4).remaining).toBe(0);
    // Never twice to one annotator: u1 and u2 have seen both comparisons and get nothing more.
    expect(queue.next(id, u1)).toBeNull();
    const researcher = await t.agentAs("researcher", "res");
    const dashboard = CampaignDashboardSchema.parse((await researcher.get(`/api/campaigns/${id}/dashboard`).expect(200)).body);
    expect(dashboard.campaign.judgments).toBe(5);
    expect(dashboard.adaptive_k).toEqual({ k_min: 2, k_max: 3, decided_early: 1, decided_at_k_min: 1, judgments_saved: 1 });
  });

  it("counts a tie and both bad as verdicts of their own: two ties decide", async () => {
    const { id, users, queue } = await campaignWith({ k_min: 2, k_max: 3 });
    judge(queue, id, users[0]!, "tie");
    judge(queue, id, users[1]!, "tie");
    expect(complete(id)).toBe(1);
    expect(queue.next(id, users[2]!)).toBeNull();
  });

  it("re-opens a decided comparison when its deciding judgment is undone or revised", async () => {
    const { id, users, queue } = await campaignWith({ k_min: 2, k_max: 3 });
    const [u1, u2, u3] = users as [User, User, User];
    judge(queue, id, u1, "a");
    const second = judge(queue, id, u2, "a");
    expect(complete(id)).toBe(1);
    // Undone: the item is u2's again and nobody else's; u2 now disagrees, so u3 is asked.
    queue.undo(second.id, u2);
    expect(complete(id)).toBe(0);
    expect(queue.next(id, u3)).toBeNull();
    judge(queue, id, u2, "b");
    expect(complete(id)).toBe(0);
    const third = judge(queue, id, u3, "a");
    expect(complete(id)).toBe(1);
    // A revision that leaves no verdict ahead at k_max keeps it complete (k_max reached); one before k_max re-opens.
    queue.revise(third.id, u3, { verdict: "tie" });
    expect(complete(id)).toBe(1);

    t.close();
    const again = await campaignWith({ k_min: 2, k_max: 3 });
    judge(again.queue, again.id, again.users[0]!, "a");
    const x = judge(again.queue, again.id, again.users[1]!, "a");
    expect(complete(again.id)).toBe(1);
    again.queue.revise(x.id, again.users[1]!, { verdict: "tie" });
    expect(complete(again.id)).toBe(0);
    expect(again.queue.next(again.id, again.users[2]!)).not.toBeNull();
  });

  it("confirms a verify-pairs proposal once two agreeing judgments decide it, and un-confirms it when a revision breaks the agreement", async () => {
    t = testApp();
    w = await createWorkspace(t.ctx, { adminPassword: password, withOutputs: 2 });
    const id = createCampaign(
      t.ctx,
      { name: "verify", set_id: w.set.id, source: { kind: "verify-pairs", pair_run_id: w.pairRunId }, k_min: 2, k_max: 3 },
      w.admin.id,
    );
    const users: User[] = [];
    for (const name of ["u1", "u2", "u3"]) users.push(await t.user(name, "annotator"));
    const queue = annotationQueue(t.ctx, () => 0.7);
    const n = t.ctx.campaigns.get(id)!.comparisons;
    expect(n).toBeGreaterThan(0);
    const statuses = () =>
      (
        t.db
          .prepare("SELECT p.status FROM comparisons c JOIN pair_proposals p ON p.id = c.proposal_id WHERE c.campaign_id = ?")
          .all(id) as {
          status: string;
        }[]
      ).map((r) => r.status);
    const first = judge(queue, id, users[0]!, "a");
    for (let i = 1; i < n; i++) judge(queue, id, users[0]!, "a");
    for (let i = 0; i < n; i++) judge(queue, id, users[1]!, "a");
    // Decided at k_min = 2, where a fixed k = 3 would still wait for a third.
    expect(statuses()).toEqual(Array(n).fill("confirmed"));
    expect(queue.next(id, users[2]!)).toBeNull();
    // u1 changes their mind on one: 1–1, not decided, so the proposal goes back to what it was and u3 is asked.
    queue.revise(first.id, users[0]!, { verdict: "tie" });
    expect(statuses().filter((s) => s === "confirmed")).toHaveLength(n - 1);
    judge(queue, id, users[2]!, "b");
    expect(complete(id)).toBe(n);
    expect(statuses().filter((s) => s === "confirmed")).toHaveLength(n - 1);
  });

  it("keeps a campaign without k_min / k_max at exactly k judgments, as before", async () => {
    const { id, users, queue } = await campaignWith({ settings: { judgments_per_comparison: 3 } });
    judge(queue, id, users[0]!, "a");
    judge(queue, id, users[1]!, "a");
    expect(complete(id)).toBe(0);
    judge(queue, id, users[2]!, "a");
    expect(complete(id)).toBe(1);
    expect(queue.next(id, users[3]!)).toBeNull();
    const dashboard = (await (await t.agentAs("researcher", "res")).get(`/api/campaigns/${id}/dashboard`).expect(200)).body;
    expect(CampaignDashboardSchema.parse(dashboard).adaptive_k).toMatchObject({ k_min: 3, k_max: 3, judgments_saved: 0 });
  });

  it("gives the comparisons of a campaign made before migration 017 their k as target", () => {
    const dir = mkdtempSync(join(tmpdir(), "longpref-m016-"));
    const all = fileURLToPath(new URL("../../server/db/migrations/", import.meta.url));
    for (const f of readdirSync(all).filter((f) => /^0(0\d|1[0-6])_/.test(f))) cpSync(all + f, join(dir, "m", f));
    const db = openDatabase(join(dir, "x.db"));
    try {
      migrate(db, join(dir, "m/"));
      const now = "2026-01-01T00:00:00.000Z";
      db.exec(`
        INSERT INTO instruction_sets (id, name, length_ranges, created_at) VALUES (1, 'set', '[]', '${now}');
        INSERT INTO instructions (id, set_id, external_id, position, prompt, length_source, lang) VALUES (1, 1, 'i1', 0, 'Write.', 'none', 'en');
        INSERT INTO models (id, name, model, params, source, created_at) VALUES (1, 'a', 'a', '{}', 'ui', '${now}'), (2, 'b', 'b', '{}', 'ui', '${now}');
        INSERT INTO sampling_jobs (id, set_id, model_id, n, strategy, params, status, created_at) VALUES (1, 1, 1, 1, 'direct', '{}', 'done', '${now}'),
          (2, 1, 2, 1, 'direct', '{}', 'done', '${now}');
        INSERT INTO samples (id, job_id, instruction_id, model_id, sample_index, status, text, updated_at) VALUES (1, 1, 1, 1, 0, 'done', 'a', '${now}'),
          (2, 2, 1, 2, 0, 'done', 'b', '${now}');
        INSERT INTO campaigns (id, name, kind, set_id, source, settings, judgments_per_comparison, created_at)
          VALUES (1, 'c', 'custom', 1, '{}', '{"judgments_per_comparison":5}', 5, '${now}');
        INSERT INTO comparisons (id, campaign_id, instruction_id, sample_a_id, sample_b_id) VALUES (1, 1, 1, 1, 2);`);
      expect(migrate(db).applied).toContain("017_adaptive_k.sql");
      expect(db.prepare("SELECT target FROM comparisons WHERE id = 1").get()).toEqual({ target: 5 });
      // The pick is an index range over the open comparisons only.
      const plan = db
        .prepare(
          "EXPLAIN QUERY PLAN SELECT c.id FROM comparisons c WHERE c.campaign_id = 1 AND taken < target ORDER BY c.taken, c.id LIMIT 1",
        )
        .all() as { detail: string }[];
      expect(plan.map((p) => p.detail).join("\n")).toMatch(/USING (COVERING )?INDEX comparisons_open \(campaign_id=\?\)/);
    } finally {
      db.close();
    }
  });
});

describe("adaptive k against fixed k on simulated annotators (the bench's figure, smaller)", () => {
  it("spends fewer judgments per decided comparison for the same decisions", async () => {
    // Annotators agreeing with each other 80% of the time (each right with p, p² + (1 − p)² = 0.8), as the bench.
    const r = await compareFixedAdaptive(120, 2, 3, (1 + Math.sqrt(0.6)) / 2, 18);
    expect(r.fixed.neverTwice && r.adaptive.neverTwice).toBe(true);
    expect(r.fixed.complete).toBe(120);
    expect(r.adaptive.complete).toBe(120);
    expect(r.perDecidedFixed).toBe(3);
    // Expected 2 + P(the first two differ) = 2.2: the goal is ≤ 0.75 × 3 (decision 037).
    expect(r.perDecidedAdaptive).toBeLessThanOrEqual(0.75 * 3);
    expect(r.sameDecision).toBeGreaterThanOrEqual(0.97);
    expect(r.adaptive.saved).toBe(3 * 120 - r.adaptive.judgments);
  }, 60_000);
});

describe("campaign creation with k_min, k_max, assignment and gold_rate", () => {
  it("takes them at the top level or in settings and refuses conflicts with 400", async () => {
    t = testApp();
    w = await createWorkspace(t.ctx, { adminPassword: password, withOutputs: 2 });
    const agent = await t.agentAs("researcher", "res");
    const base = { set_id: w.set.id, source: { kind: "vs-reference", model_id: w.models.writer.id } };
    const top = await agent
      .post("/api/campaigns")
      .send({ ...base, name: "top", k_min: 2, k_max: 4, assignment: "adaptive", gold_rate: 0.1 })
      .expect(201);
    expect(CampaignSchema.parse(top.body.campaign).settings).toMatchObject({ k_min: 2, k_max: 4, assignment: "adaptive", gold_rate: 0.1 });
    const same = await agent
      .post("/api/campaigns")
      .send({ ...base, name: "same", k_min: 2, settings: { k_min: 2, k_max: 3 } })
      .expect(201);
    expect(same.body.campaign.settings).toMatchObject({ k_min: 2, k_max: 3 });
    for (const [body, message] of [
      [{ k_min: 2, settings: { k_min: 3 } }, /k_min/],
      [{ assignment: "adaptive", settings: { assignment: "uniform" } }, /assignment/],
      [{ k_min: 4, k_max: 3 }, /k_min/],
      [{ settings: { k_min: 4, k_max: 2 } }, /k_min/],
      [{ gold_rate: 0.5 }, /gold_rate/],
      [{ k_max: 21 }, /k_max/],
    ] as const) {
      const res = await agent
        .post("/api/campaigns")
        .send({ ...base, name: `bad-${JSON.stringify(body)}`, ...body })
        .expect(400);
      expect(JSON.stringify(res.body)).toMatch(message);
    }
  });

  it("creates one from the CLI with --json printing its id, and refuses bad values with exit code 2", async () => {
    t = testApp();
    w = await createWorkspace(t.ctx, { adminPassword: password, withOutputs: 3 });
    await t.user("ann", "annotator");
    t.db.close();
    const env = { LONGPREF_DB: t.dbPath };
    const args = ["campaign", "create", "--set", w.set.name, "--kind", "custom", "--model-a", w.models.writer.name];
    const ok = await runCli(
      [...args, "--model-b", String(w.models.reference.id), "--name", "cli", "--k-min", "2", "--k-max", "3"].concat([
        "--assignment",
        "adaptive",
        "--gold-rate",
        "0.2",
        "--annotators",
        "ann,admin",
        "--json",
      ]),
      env,
    );
    expect(ok.status, ok.stderr).toBe(0);
    const out = JSON.parse(ok.stdout);
    expect(out).toEqual({
      id: expect.any(Number),
      name: "cli",
      comparisons: 3,
      k_min: 2,
      k_max: 3,
      assignment: "adaptive",
      gold_rate: 0.2,
    });
    const db = openDatabase(t.dbPath);
    const row = db.prepare("SELECT settings FROM campaigns WHERE id = ?").get(out.id) as { settings: string };
    expect(JSON.parse(row.settings)).toMatchObject({ k_min: 2, k_max: 3, assignment: "adaptive", gold_rate: 0.2 });
    expect(db.prepare("SELECT DISTINCT target FROM comparisons WHERE campaign_id = ?").all(out.id)).toEqual([{ target: 2 }]);
    db.close();

    for (const bad of [
      ["--k-min", "3", "--k-max", "2"],
      ["--gold-rate", "0.5"],
      ["--k-min", "x"],
      ["--assignment", "greedy"],
      ["--run", "1"],
    ]) {
      const res = await runCli([...args, "--model-b", w.models.reference.name, "--name", `bad${bad.join("")}`, ...bad, "--json"], env);
      expect(res.status, `${bad.join(" ")}: ${res.stderr}`).toBe(2);
      expect(JSON.parse(res.stderr)).toMatchObject({ ok: false, error: "usage" });
    }
    const missing = await runCli([...args, "--model-b", "nope", "--name", "x", "--json"], env);
    expect(missing.status).toBe(1);
    expect(JSON.parse(missing.stderr)).toMatchObject({ ok: false, error: "not_found" });
  }, 90_000);
});

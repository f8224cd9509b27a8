import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { annotationQueue } from "../../server/campaigns/queue";
import { runCli } from "../helpers/cli";
import { createWorkspace } from "../helpers/factories";
import { password, testApp, type TestApp } from "../helpers/test-app";

// `from=judgments&majority=weighted`: one pair per comparison by Dawid–Skene's verdict of highest posterior,
// through the real annotation queue, the real server and the CLI.
let t: TestApp;
afterEach(() => t?.close());

type Side = "a" | "b" | "tie";
interface ComparisonRow {
  id: number;
  sample_a_id: number;
  sample_b_id: number;
  instruction_id: number;
}

/** Each annotator in turn takes every comparison the queue gives them and answers `answer(truth)`. */
function judge(campaignId: number, truths: Map<number, Side>, annotators: [string, (truth: Side) => Side][]) {
  const queue = annotationQueue(t.ctx);
  const sampleA = new Map(comparisonsOf(campaignId).map((c) => [c.id, c.sample_a_id]));
  let key = 0;
  for (const [name, answer] of annotators) {
    const user = t.ctx.users.findByName(name) ?? t.ctx.users.create(name, "annotator", "x", new Date());
    for (let item = queue.next(campaignId, user); item; item = queue.next(campaignId, user)) {
      const a = t.db.prepare("SELECT comparison_id, left_sample_id FROM assignments WHERE id = ?").get(item.assignment_id) as {
        comparison_id: number;
        left_sample_id: number;
      };
      const side = answer(truths.get(a.comparison_id)!);
      const leftIsA = a.left_sample_id === sampleA.get(a.comparison_id);
      const verdict = side === "a" ? (leftIsA ? "left" : "right") : side === "b" ? (leftIsA ? "right" : "left") : side;
      queue.submit(item.assignment_id, user, {
        verdict,
        time_ms: 1000,
        coverage_left: 1,
        coverage_right: 1,
        idempotency_key: `${name}-key-${++key}`,
      });
    }
  }
}
const comparisonsOf = (campaignId: number) =>
  t.db
    .prepare("SELECT id, sample_a_id, sample_b_id, instruction_id FROM comparisons WHERE campaign_id = ? ORDER BY id")
    .all(campaignId) as ComparisonRow[];

const flip: Record<Side, Side> = { a: "b", b: "a", tie: "tie" };

/**
 * 36 comparisons judged by 4 annotators each: two honest ones, one who reads the sides the wrong way round
 * and one who always prefers sample a. By votes, a comparison whose sample b is better splits 2–2 and gives
 * no pair; the weighted majority, knowing whom to trust, gives the right one.
 */
async function world() {
  t = testApp();
  const w = await createWorkspace(t.ctx, {
    adminPassword: password,
    instructions: 36,
    withOutputs: 36,
    writerSamples: 2,
    judgmentsPerComparison: 4,
  });
  const comparisons = comparisonsOf(w.campaign.id);
  const truths = new Map(comparisons.map((c, i) => [c.id, (["a", "a", "b", "tie", "b", "a"] as const)[i % 6]!]));
  judge(w.campaign.id, truths, [
    ["ann1", (truth) => truth],
    ["ann2", (truth) => truth],
    ["swapper", (truth) => flip[truth]],
    ["always-a", () => "a"],
  ]);
  const admin = await t.agentAs("admin", "admin2");
  return { w, comparisons, truths, admin };
}

const lines = (text: string) =>
  text
    .split("\n")
    .filter(Boolean)
    // biome-ignore lint/suspicious/noExplicitAny: export rows are read as loose JSON; the assertions pin their shape
    .map((l) => JSON.parse(l) as Record<string, any>);

describe("the weighted majority as an export source", () => {
  it("gives the better sample of every decided comparison as chosen, with its posterior confidence; filters on it; the fit ignores the filters", async () => {
    const { w, comparisons, truths, admin } = await world();
    const base = { from: "judgments", campaign: String(w.campaign.id), provenance: "true" };
    const get = async (query: Record<string, string>) => lines((await admin.get("/api/exports").query(query).expect(200)).text);

    const byVotes = await get(base);
    expect(byVotes).toHaveLength(18);
    const weighted = await get({ ...base, majority: "weighted" });
    const decided = comparisons.filter((c) => truths.get(c.id) !== "tie");
    expect(weighted).toHaveLength(decided.length);
    expect(weighted.map((r) => [r.meta.chosen_sample_id, r.meta.rejected_sample_id])).toEqual(
      decided.map((c) => (truths.get(c.id) === "a" ? [c.sample_a_id, c.sample_b_id] : [c.sample_b_id, c.sample_a_id])),
    );
    for (const r of weighted) {
      expect(r.meta).toMatchObject({ votes: 4, source: `campaign ${w.campaign.id} weighted` });
      expect(r.meta.agreement).toBe(r.meta.confidence);
      expect(r.meta.confidence).toBeGreaterThan(0.5);
      expect(r.meta.confidence).toBeLessThanOrEqual(1);
    }
    // Without provenance the rows are the trainer's format alone.
    expect(Object.keys((await get({ from: "judgments", campaign: String(w.campaign.id), majority: "weighted" }))[0]!)).toEqual([
      "prompt",
      "chosen",
      "rejected",
    ]);

    // min_confidence keeps exactly the pairs at or above it.
    const confidences = weighted.map((r) => r.meta.confidence as number).sort((a, b) => a - b);
    const cut = confidences[Math.floor(confidences.length / 2)]!;
    const kept = await get({ ...base, majority: "weighted", min_confidence: String(cut) });
    expect(kept.length).toBe(confidences.filter((c) => c >= cut).length);
    expect(kept.length).toBeLessThan(weighted.length);
    for (const r of kept) expect(r.meta.confidence).toBeGreaterThanOrEqual(cut);

    // The fit reads every judgment of the campaign, whatever the filters keep: a length range changes which
    // pairs are written, not their confidence.
    const range = weighted[0]!.meta.length_range as string;
    const narrowed = await get({ ...base, majority: "weighted", length_range: range });
    expect(narrowed.length).toBeGreaterThan(0);
    expect(narrowed.length).toBeLessThan(weighted.length);
    expect(narrowed).toEqual(weighted.filter((r) => r.meta.length_range === range));
  });

  it("refuses min_confidence without majority=weighted, and what the weighted majority cannot take", async () => {
    const { w, admin } = await world();
    const base = { from: "judgments", campaign: String(w.campaign.id) };
    const refused = async (query: Record<string, string>) => (await admin.get("/api/exports").query(query).expect(400)).body.message;
    expect(await refused({ ...base, min_confidence: "0.9" })).toBe("min_confidence: only with --majority weighted");
    expect(await refused({ ...base, majority: "votes", min_confidence: "0.9" })).toBe("min_confidence: only with --majority weighted");
    expect(await refused({ ...base, majority: "weighted", min_confidence: "1.5" })).toMatch(/^min_confidence: /);
    expect(await refused({ ...base, majority: "weighted", per_judgment: "true" })).toMatch(/^per_judgment: /);
    expect(await refused({ ...base, majority: "weighted", min_agreement: "0.7" })).toMatch(/^min_agreement: .*--min-confidence/);
    expect(await refused({ from: "battles", campaign: String(w.campaign.id), majority: "weighted" })).toBe(
      "majority: only for --from judgments",
    );
  });

  it("longpref export --majority weighted --min-confidence writes the same pairs; --min-confidence alone is refused", async () => {
    const { w, admin } = await world();
    const dir = mkdtempSync(join(tmpdir(), "longpref-cli-weighted-"));
    const env = { LONGPREF_DB: t.dbPath };
    const out = join(dir, "weighted.jsonl");
    const args = ["export", "--from", "judgments", "--campaign", String(w.campaign.id), "--provenance"];
    const result = await runCli([...args, "--majority", "weighted", "--min-confidence", "0.5", "--out", out, "--json"], env);
    expect(result.status, result.stderr).toBe(0);
    const written = lines(readFileSync(out, "utf8"));
    const served = lines(
      (
        await admin
          .get("/api/exports")
          .query({ from: "judgments", campaign: String(w.campaign.id), provenance: "true", majority: "weighted", min_confidence: "0.5" })
          .expect(200)
      ).text,
    );
    expect(written).toEqual(served);
    expect(written).toHaveLength(30); // every comparison whose better sample is known: each confidence is above 0.5
    expect(JSON.parse(result.stdout)).toMatchObject({ rows: 30 });

    const alone = await runCli([...args, "--min-confidence", "0.9", "--out", join(dir, "x.jsonl")], env);
    expect(alone.status).toBe(2); // a usage error (exit code 2, decision 033)
    expect(alone.stderr.trim()).toBe("--min-confidence: only with --majority weighted");
    // Two CLI processes on a shared machine: more than the default 30 s is no sign of a fault.
  }, 120_000);
});

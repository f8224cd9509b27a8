import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pairFormatNames } from "../../shared/schemas/export";
import { createCampaign } from "../../server/campaigns/create";
import { annotationQueue } from "../../server/campaigns/queue";
import { planExport } from "../../server/export/plan";
import { createWorkspace, type Workspace } from "../helpers/factories";
import { parseTyped, pathTypes, recordProblem } from "../helpers/json-types";
import { password, testApp, type TestApp } from "../helpers/test-app";

// Hugging Face `datasets` fixes a JSON file's column types from its first rows: a key first seen later, or a
// column that is int on one line and float on another, fails the load. Every JSONL export must write the
// same keys on every line (null where unknown), each with one type, whatever the source and its gaps.

let t: TestApp;
let w: Workspace;
let verifyId: number;
afterAll(() => t?.close());

type Side = "a" | "b" | "tie" | "both-bad" | "skip";

/** Each annotator takes every comparison of the campaign and answers `plan[comparison index][annotator]`. */
function judge(campaignId: number, plan: Side[][]) {
  const queue = annotationQueue(t.ctx);
  const comparisons = t.db.prepare("SELECT id, sample_a_id FROM comparisons WHERE campaign_id = ? ORDER BY id").all(campaignId) as {
    id: number;
    sample_a_id: number;
  }[];
  const index = new Map(comparisons.map((c, i) => [c.id, { i, c }]));
  let key = 0;
  ["ann1", "ann2", "ann3"].forEach((name, k) => {
    const user = t.ctx.users.findByName(name) ?? t.ctx.users.create(name, "annotator", "x", new Date());
    for (let item = queue.next(campaignId, user); item; item = queue.next(campaignId, user)) {
      const a = t.db.prepare("SELECT comparison_id, left_sample_id FROM assignments WHERE id = ?").get(item.assignment_id) as {
        comparison_id: number;
        left_sample_id: number;
      };
      const { i, c } = index.get(a.comparison_id)!;
      const side = plan[i]?.[k] ?? "skip";
      if (side === "skip") {
        queue.skip(item.assignment_id, user);
        continue;
      }
      const leftIsA = a.left_sample_id === c.sample_a_id;
      const verdict = side === "a" ? (leftIsA ? "left" : "right") : side === "b" ? (leftIsA ? "right" : "left") : side;
      queue.submit(item.assignment_id, user, {
        verdict,
        time_ms: 1000,
        coverage_left: 1,
        coverage_right: 1,
        idempotency_key: `${campaignId}-${name}-${++key}`,
      });
    }
  });
}

beforeAll(async () => {
  t = testApp();
  w = await createWorkspace(t.ctx, { adminPassword: password, withOutputs: 8, writerSamples: 3 });
  // Optional instruction fields missing on some rows.
  const first = t.db.prepare("SELECT id FROM instructions WHERE set_id = ? ORDER BY id").pluck().all(w.set.id) as number[];
  t.db.prepare("UPDATE instructions SET category = NULL WHERE id = ?").run(first[0]);
  t.db.prepare("UPDATE instructions SET length_range = NULL WHERE id = ?").run(first[1]);
  // A verify-pairs campaign judged on some proposals only (votes on some pairs, none on others; one
  // overturned, agreement 1 and 2/3 side by side); the vs-reference campaign's comparisons map onto no
  // proposal (no scores, no margin), judged unevenly too.
  verifyId = createCampaign(t.ctx, { name: "verify", set_id: w.set.id, source: { kind: "verify-pairs", pair_run_id: w.pairRunId } }, null);
  judge(verifyId, [
    ["a", "a", "a"],
    ["a", "a", "b"],
    ["b", "b", "a"],
    ["a", "tie", "a"],
  ]);
  judge(w.campaign.id, [
    ["a", "a", "a"],
    ["b", "b", "b"],
    ["a", "b", "a"],
    ["b", "a", "b"],
    ["a", "a", "tie"],
    ["b", "b", "both-bad"],
    ["a", "a", "b"],
  ]);
});

/** An export's text, through the same plan and writer the route and the CLI use. */
async function exported(query: Record<string, string>): Promise<string> {
  const prepared = planExport(t.ctx, query).begin(t.db);
  if (prepared.empty) return "";
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk);
      done();
    },
  });
  await prepared.write({ train: sink });
  return Buffer.concat(chunks).toString("utf8");
}

const pairSources = (): [string, Record<string, string>][] => [
  ["proposals", { from: "proposals", run: String(w.pairRunId) }],
  ["proposals, every status", { from: "proposals", run: String(w.pairRunId), statuses: "proposed,accepted,confirmed,overturned" }],
  ["confirmed from the run", { from: "confirmed", run: String(w.pairRunId) }],
  ["confirmed from the campaign", { from: "confirmed", campaign: String(verifyId) }],
  // Both campaigns in one file: scored pairs (verify-pairs) and unscored ones (vs-reference) side by side.
  ["judgments of the set", { from: "judgments", set: String(w.set.id) }],
  ["judgments per judgment", { from: "judgments", set: String(w.set.id), per_judgment: "true" }],
  ["judgments, weighted majority", { from: "judgments", campaign: String(w.campaign.id), majority: "weighted" }],
];
const sftSources = (): [string, Record<string, string>][] => [
  ["sft best", { from: "sft", run: String(w.pairRunId), sft: "best" }],
  ["sft chosen", { from: "sft", run: String(w.pairRunId), sft: "chosen", statuses: "proposed,accepted,confirmed,overturned" }],
];

/** Every format × source × provenance, with the lines each writes. */
async function everyExport() {
  const cases: { name: string; query: Record<string, string> }[] = [];
  for (const provenance of ["true", "false"]) {
    for (const [source, q] of pairSources())
      for (const format of pairFormatNames)
        cases.push({ name: `${format} / ${source} / provenance ${provenance}`, query: { ...q, format, provenance } });
    for (const [source, q] of sftSources())
      cases.push({ name: `sft / ${source} / provenance ${provenance}`, query: { ...q, format: "sft", provenance } });
  }
  // One after the other: an open export holds the connection.
  const out: ((typeof cases)[number] & { lines: string[] })[] = [];
  for (const c of cases) out.push({ ...c, lines: (await exported(c.query)).split("\n").filter(Boolean) });
  return out;
}

describe("every JSONL export has stable columns", () => {
  it("writes the same keys on every line, each with one JSON type (null allowed), for every format × source", async () => {
    const exports = await everyExport();
    for (const e of exports) {
      expect(e.lines.length, e.name).toBeGreaterThan(0);
      const perLine = e.lines.map((l) => pathTypes(parseTyped(l)));
      const topKeys = e.lines.map((l) => Object.keys(JSON.parse(l)).join(","));
      expect(new Set(topKeys).size, `${e.name}: key sets ${[...new Set(topKeys)].join(" | ")}`).toBe(1);
      // Every path (meta.chosen_score, prompt[].content) on every line, with one type besides null.
      const paths = new Set(perLine.flatMap((m) => [...m.keys()]));
      for (const path of paths) {
        const present = perLine.filter((m) => m.has(path)).length;
        const parent = path.includes(".") ? path.slice(0, path.lastIndexOf(".")) : "$";
        // A nested key is owed only where its parent is an object.
        const owed = perLine.filter((m) => parent === "$" || path.endsWith("[]") || m.get(parent)?.has("object")).length;
        expect(present, `${e.name}: ${path} on ${present} of ${owed} lines`).toBe(owed);
        const types = new Set(perLine.flatMap((m) => [...(m.get(path) ?? [])]).filter((x) => x !== "null"));
        expect(types.size, `${e.name}: ${path} is ${[...types].join(" and ")}`).toBeLessThanOrEqual(1);
      }
    }
    // The gaps are really there: some lines have a null where others have a value.
    const set = exports.find((e) => e.name === "openrlhf / judgments of the set / provenance true")!;
    const margins = set.lines.map((l) => JSON.parse(l).margin);
    expect(margins.some((m) => m === null)).toBe(true);
    expect(margins.some((m) => typeof m === "number")).toBe(true);
    const votes = exports.find((e) => e.name === "trl / proposals / provenance true")!.lines.map((l) => JSON.parse(l).meta.votes);
    expect(votes.some((v) => v === null) && votes.some((v) => typeof v === "number")).toBe(true);
  });

  it("matches each format's declared fields on every line: key order, types, floats with a decimal point, nulls only where nullable", async () => {
    const { pairFormats, sftFormat } = await import("../../server/export/formats");
    const exports = await everyExport();
    for (const e of exports) {
      const format = e.query.format === "sft" ? sftFormat : pairFormats[e.query.format as keyof typeof pairFormats];
      const fields = format.fields!({ provenance: e.query.provenance === "true" });
      for (const l of e.lines) expect(recordProblem(fields, parseTyped(l)), `${e.name}: ${l.slice(0, 200)}`).toBeUndefined();
    }
    // agreement 1 and 2/3 in one file, both floats: `1.0`, never `1`.
    const text = exports.find((e) => e.name === "trl / judgments of the set / provenance true")!.lines.join("\n");
    expect(text).toMatch(/"agreement":1\.0[,}]/);
    expect(text).toMatch(/"agreement":0\.6666/);
    expect(text).not.toMatch(/"agreement":1[,}]/);
  });
});

describe("openrlhf margin", () => {
  it("is on every line, 0–1 (the score gap / 100, 0 for an overturned pair) or null without scores; the points stay in meta", async () => {
    for (const [source, q] of pairSources()) {
      const lines = (await exported({ ...q, format: "openrlhf", provenance: "true" })).split("\n").filter(Boolean);
      for (const l of lines) {
        const row = JSON.parse(l);
        expect(Object.keys(row), source).toEqual(["prompt", "chosen", "rejected", "margin", "meta"]);
        const points = row.meta.score_margin as number | null;
        if (points === null) expect(row.margin, source).toBeNull();
        else {
          expect(row.margin, source).toBeGreaterThanOrEqual(0);
          expect(row.margin, source).toBeLessThanOrEqual(1);
          expect(row.margin, source).toBeCloseTo(Math.max(0, points / 100), 12);
          expect(points, source).toBeCloseTo(row.meta.chosen_score - row.meta.rejected_score, 9);
        }
      }
    }
    // Humans overturned a proposal: negative points, margin 0.
    const judged = (await exported({ from: "judgments", campaign: String(verifyId), format: "openrlhf", provenance: "true" }))
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    const overturned = judged.find((r) => r.meta.score_margin < 0);
    expect(overturned?.margin).toBe(0);
  });
});

describe("KTO", () => {
  it("kto-conversational writes TRL's conversational unpaired preference rows: a user prompt, an assistant completion, a label", async () => {
    const plain = (await exported({ from: "proposals", run: String(w.pairRunId), format: "kto" })).split("\n").filter(Boolean);
    const conv = (await exported({ from: "proposals", run: String(w.pairRunId), format: "kto-conversational" }))
      .split("\n")
      .filter(Boolean);
    expect(conv).toHaveLength(plain.length);
    conv.forEach((l, i) => {
      const p = JSON.parse(plain[i]!);
      expect(JSON.parse(l)).toEqual({
        prompt: [{ role: "user", content: p.prompt }],
        completion: [{ role: "assistant", content: p.completion }],
        label: p.label,
      });
    });
    expect(conv.map((l) => JSON.parse(l).label).slice(0, 2)).toEqual([true, false]);
  });

  it("gives each completion its own meta: which model, sample and score it is, beside the pair's ids", async () => {
    for (const format of ["kto", "kto-conversational"]) {
      const rows = (await exported({ from: "judgments", set: String(w.set.id), format, provenance: "true" }))
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l));
      for (let i = 0; i < rows.length; i += 2) {
        const [good, bad] = [rows[i]!, rows[i + 1]!];
        expect([good.label, bad.label]).toEqual([true, false]);
        expect(good.meta).toMatchObject({
          completion_model: good.meta.chosen_model,
          completion_sample_id: good.meta.chosen_sample_id,
          completion_score: good.meta.chosen_score,
        });
        expect(bad.meta).toMatchObject({
          completion_model: bad.meta.rejected_model,
          completion_sample_id: bad.meta.rejected_sample_id,
          completion_score: bad.meta.rejected_score,
        });
        expect(good.meta.completion_sample_id).not.toBe(bad.meta.completion_sample_id);
        expect(bad.meta.chosen_sample_id).toBe(good.meta.chosen_sample_id);
      }
      // Vs-reference pairs: the two completions are two different models'.
      expect(rows.some((r, i) => i % 2 === 0 && r.meta.completion_model !== rows[i + 1]!.meta.completion_model)).toBe(true);
    }
  });
});

import { parse as parseCsv } from "csv-parse/sync";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import type { User } from "../../shared/schemas/user";
import { createCampaign } from "../../server/campaigns/create";
import { annotationQueue } from "../../server/campaigns/queue";
import { exportConnection } from "../../server/export/connection";
import { planExport } from "../../server/export/plan";
import { splitSide } from "../../server/export/split";
import { scoreSetSamples } from "../../server/pairs/scored-samples";
import { runCli } from "../helpers/cli";
import { createWorkspace, type Workspace } from "../helpers/factories";
import { readFixture } from "../helpers/fixtures";
import { password, testApp, type TestApp } from "../helpers/test-app";
import { testBackend } from "../helpers/test-db";

let t: TestApp;
afterEach(() => t?.close());

let w: Workspace;
// Nine instructions with outputs, four writer samples each: a pair run of 9 proposals (the writer's; the
// reference's single sample makes none) and a vs-reference campaign of 9 comparisons (k = 3).
const instructions = 9;

async function workspace() {
  t = testApp();
  w = await createWorkspace(t.ctx, { adminPassword: password, withOutputs: instructions, writerSamples: 4 });
  const admin = request.agent(t.app);
  await admin.post("/api/auth/login").send({ username: "admin", password }).expect(200);
  const run = t.ctx.pairRuns.get(w.pairRunId)!;
  const vsReference = t.ctx.campaigns.get(w.campaign.id)!;
  return { admin, run, vsReference };
}
type Agent = Awaited<ReturnType<typeof workspace>>["admin"];

type Side = "a" | "b" | "tie" | "both-bad" | "skip";
interface ComparisonRow {
  id: number;
  instruction_id: number;
  sample_a_id: number;
  sample_b_id: number;
  proposal_id: number | null;
}
const comparisonsOf = (campaignId: number) =>
  t.db.prepare("SELECT * FROM comparisons WHERE campaign_id = ? ORDER BY id").all(campaignId) as ComparisonRow[];

/**
 * Judges a campaign through the real annotation queue: each annotator takes every comparison and gives
 * `plan[comparison index][annotator index]` (a / b name the comparison's samples; the queue shows them in
 * random order, mapped back here).
 */
function judge(campaignId: number, plan: Side[][], names = ["ann1", "ann2", "ann3"]): User[] {
  const queue = annotationQueue(t.ctx);
  const index = new Map(comparisonsOf(campaignId).map((c, i) => [c.id, { i, c }]));
  let key = 0;
  return names.map((name, k) => {
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
        idempotency_key: `${name}-key-${++key}`,
      });
    }
    return user;
  });
}

/** Reads an export in this process through the same plan and writer the route and the CLI use. */
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
const jsonLines = async (query: Record<string, string>) =>
  (await exported(query))
    .split("\n")
    .filter(Boolean)
    // biome-ignore lint/suspicious/noExplicitAny: rows of every export format are read as loose JSON; the assertions pin their shape
    .map((l) => JSON.parse(l) as Record<string, any>);

const textOf = (sampleId: number) => (t.db.prepare("SELECT text FROM samples WHERE id = ?").get(sampleId) as { text: string }).text;
const proposals = (runId: number) =>
  t.db
    .prepare(
      "SELECT p.*, i.prompt, i.external_id FROM pair_proposals p JOIN instructions i ON i.id = p.instruction_id WHERE run_id = ? ORDER BY p.id",
    )
    .all(runId) as {
    id: number;
    prompt: string;
    external_id: string;
    chosen_sample_id: number;
    rejected_sample_id: number;
    margin: number;
    status: string;
  }[];

/** A download's body as text whatever its content type. */
function download(agent: Agent, path: string, query: Record<string, string>) {
  return agent
    .get(path)
    .query(query)
    .buffer(true)
    .parse((res, callback) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => callback(null, body));
    });
}

describe("export formats", () => {
  it("writes each trainer's row shape from a run's proposals, in set order, never the rejected ones unless asked", async () => {
    const { run } = await workspace();
    const ps = proposals(run.id);
    expect(ps).toHaveLength(instructions);
    const base = { from: "proposals", run: String(run.id) };

    const trl = await jsonLines({ ...base, format: "trl" });
    expect(trl).toHaveLength(instructions);
    trl.forEach((row, i) => {
      expect(Object.keys(row)).toEqual(["prompt", "chosen", "rejected"]);
      expect(row).toEqual({ prompt: ps[i]!.prompt, chosen: textOf(ps[i]!.chosen_sample_id), rejected: textOf(ps[i]!.rejected_sample_id) });
    });

    const conversational = await jsonLines({ ...base, format: "trl-conversational" });
    expect(conversational[0]).toEqual({
      prompt: [{ role: "user", content: ps[0]!.prompt }],
      chosen: [{ role: "assistant", content: trl[0]!.chosen }],
      rejected: [{ role: "assistant", content: trl[0]!.rejected }],
    });

    expect((await jsonLines({ ...base, format: "llama-factory-alpaca" }))[1]).toEqual({
      instruction: ps[1]!.prompt,
      input: "",
      chosen: trl[1]!.chosen,
      rejected: trl[1]!.rejected,
    });
    const sharegpt = await jsonLines({ ...base, format: "llama-factory-sharegpt" });
    expect(sharegpt[2]).toEqual({
      conversations: [{ from: "human", value: ps[2]!.prompt }],
      chosen: { from: "gpt", value: trl[2]!.chosen },
      rejected: { from: "gpt", value: trl[2]!.rejected },
    });
    // LLaMA-Factory skips ranking examples whose turn count is even: the conversation ends on the human turn.
    for (const row of sharegpt) expect(row.conversations.length % 2).toBe(1);

    const openrlhf = await jsonLines({ ...base, format: "openrlhf" });
    // OpenRLHF reads `margin` as a reward margin: the score gap on 0–1 (decision 028), the points under meta.
    expect(openrlhf[3]).toEqual({ ...conversational[3], margin: ps[3]!.margin / 100 });
    expect((await jsonLines({ ...base, format: "axolotl" }))[4]).toEqual({
      messages: [{ role: "user", content: ps[4]!.prompt }],
      chosen: { role: "assistant", content: trl[4]!.chosen },
      rejected: { role: "assistant", content: trl[4]!.rejected },
    });

    const kto = await jsonLines({ ...base, format: "kto" });
    expect(kto).toHaveLength(2 * instructions);
    expect(kto.slice(0, 2)).toEqual([
      { prompt: ps[0]!.prompt, completion: trl[0]!.chosen, label: true },
      { prompt: ps[0]!.prompt, completion: trl[0]!.rejected, label: false },
    ]);

    const withMeta = await jsonLines({ ...base, format: "trl", provenance: "true" });
    expect(withMeta[0]!.meta).toMatchObject({
      external_id: ps[0]!.external_id,
      set: run.set_name,
      chosen_model: w.models.writer.name,
      rejected_model: w.models.writer.name,
      chosen_sample_id: ps[0]!.chosen_sample_id,
      score_margin: ps[0]!.margin,
      source: `pair-run ${run.id} (proposed)`,
    });
    expect(withMeta[0]!.meta.chosen_score - withMeta[0]!.meta.rejected_score).toBeCloseTo(ps[0]!.margin, 9);

    // A reviewer rejects one: gone by default, there when asked for.
    t.db.prepare("UPDATE pair_proposals SET status = 'rejected' WHERE id = ?").run(ps[5]!.id);
    expect(await jsonLines({ ...base, format: "trl" })).toHaveLength(instructions - 1);
    const rejected = await jsonLines({ ...base, format: "trl", statuses: "rejected" });
    expect(rejected).toEqual([trl[5]]);
  });

  it("filters by margin, length range and flagged samples", async () => {
    const { run } = await workspace();
    const ps = proposals(run.id);
    const base = { from: "proposals", run: String(run.id), provenance: "true" };
    const big = await jsonLines({ ...base, min_margin: "20" });
    expect(big.map((r) => r.meta.score_margin)).toEqual(ps.filter((p) => p.margin >= 20).map((p) => p.margin));

    const range = "[0,500)";
    const short = await jsonLines({ ...base, length_range: range });
    const expected = t.db
      .prepare("SELECT COUNT(*) AS n FROM pair_proposals p JOIN instructions i ON i.id = p.instruction_id WHERE i.length_range = ?")
      .get(range) as { n: number };
    expect(short.length).toBe(expected.n);
    expect(short.length).toBeGreaterThan(0);
    for (const row of short) expect(row.meta.length_range).toBe(range);

    t.db.prepare("UPDATE samples SET flags = '[\"repetition\"]' WHERE id = ?").run(ps[0]!.rejected_sample_id);
    const flagsOf = (id: number) =>
      JSON.parse(t.db.prepare("SELECT flags FROM samples WHERE id = ?").pluck().get(id) as string) as string[];
    const unflagged = (flags: string[] | null) =>
      ps
        .filter((p) =>
          [p.chosen_sample_id, p.rejected_sample_id].every(
            (id) => flagsOf(id).filter((f) => flags === null || flags.includes(f)).length === 0,
          ),
        )
        .map((p) => p.chosen_sample_id);
    const flagged = async (exclude: string) => (await jsonLines({ ...base, exclude_flagged: exclude })).map((r) => r.meta.chosen_sample_id);
    expect(await flagged("true")).toEqual(unflagged(null));
    expect(await flagged("true")).not.toContain(ps[0]!.chosen_sample_id);
    expect(await flagged("repetition")).toEqual(unflagged(["repetition"]));
    expect(await flagged("truncation,empty")).toEqual(unflagged(["truncation", "empty"]));
    expect(await flagged("truncation,empty")).toContain(ps[0]!.chosen_sample_id);
  });

  it("writes SFT examples: each instruction's best sample by the run's S, or the chosen of each proposal", async () => {
    const { run } = await workspace();
    const rows = await jsonLines({ from: "sft", run: String(run.id), provenance: "true" });
    const scored = scoreSetSamples(
      t.ctx,
      { setId: run.set_id, modelIds: null, judgeModelId: run.judge_model_id, templateHash: run.template_hash },
      { lengthWeight: 0.5, excludeFlags: ["empty"], flagPenalty: 0 },
    );
    const best = new Map<number, (typeof scored)[number]>();
    for (const s of scored) {
      if (s.score === null || s.excluded_by.length > 0) continue;
      const current = best.get(s.instruction_id);
      if (!current || s.score > current.score!) best.set(s.instruction_id, s);
    }
    expect(rows).toHaveLength(best.size);
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(["messages", "meta"]);
      const b = best.get(row.meta.instruction_id)!;
      expect(row.meta).toMatchObject({ sample_id: b.sample_id, score: b.score, model: b.model_name });
      expect(row.messages).toEqual([
        {
          role: "user",
          content: t.db.prepare("SELECT prompt FROM instructions WHERE id = ?").pluck().get(row.meta.instruction_id) as string,
        },
        { role: "assistant", content: textOf(b.sample_id) },
      ]);
    }
    const chosen = await jsonLines({ from: "sft", run: String(run.id), sft: "chosen" });
    expect(chosen.map((r) => r.messages[1].content)).toEqual(proposals(run.id).map((p) => textOf(p.chosen_sample_id)));
  });
});

describe("pairs from human judgments", () => {
  // Comparison i of the vs-reference campaign gets plan[i] from ann1..ann3.
  const plan: Side[][] = [
    ["a", "a", "a"], // a, unanimous
    ["a", "a", "b"], // a, 2 of 3
    ["b", "b", "tie"], // b, 2 of 3
    ["tie", "tie", "a"], // tie: no pair
    ["both-bad", "both-bad", "both-bad"], // no pair
    ["a", "b", "tie"], // no majority
    ["b", "b", "b"], // b, unanimous
    ["a", "both-bad", "both-bad"], // both-bad: no pair
    ["a", "a", "skip"], // a, 2 votes
  ];

  it("makes one pair per comparison by majority, winner chosen; ties and both-bad never become pairs", async () => {
    const { vsReference } = await workspace();
    judge(vsReference.id, plan);
    const cs = comparisonsOf(vsReference.id);
    const base = { from: "judgments", campaign: String(vsReference.id), format: "trl", provenance: "true" };
    const rows = await jsonLines(base);
    const expected = [0, 1, 2, 6, 8].map((i) => {
      const c = cs[i]!;
      const aWins = plan[i]!.filter((v) => v === "a").length > plan[i]!.filter((v) => v === "b").length;
      return [aWins ? c.sample_a_id : c.sample_b_id, aWins ? c.sample_b_id : c.sample_a_id];
    });
    expect(rows.map((r) => [r.meta.chosen_sample_id, r.meta.rejected_sample_id])).toEqual(expected);
    expect(rows.map((r) => [r.meta.votes, r.meta.agreement])).toEqual([
      [3, 1],
      [3, 2 / 3],
      [3, 2 / 3],
      [3, 1],
      [2, 1],
    ]);
    expect(rows[2]!.meta).toMatchObject({ chosen_model: w.models.reference.name, rejected_model: w.models.writer.name });
    expect(rows[0]!.chosen).toBe(textOf(cs[0]!.sample_a_id));

    // 0.67 is how people write two thirds: 2 of 3 passes; 0.7 asks for more.
    expect(await jsonLines({ ...base, min_agreement: "0.67" })).toHaveLength(5);
    expect((await jsonLines({ ...base, min_agreement: "0.7" })).map((r) => r.meta.chosen_sample_id)).toEqual([
      expected[0]![0],
      expected[3]![0],
      expected[4]![0],
    ]);
    expect(await jsonLines({ ...base, min_votes: "3" })).toHaveLength(4);

    // One pair per winning judgment: ties and both-bad still never pairs.
    const perJudgment = await jsonLines({ ...base, per_judgment: "true" });
    const wins = plan.flat().filter((v) => v === "a" || v === "b").length;
    expect(perJudgment).toHaveLength(wins);
    const split = perJudgment.filter((r) => r.meta.instruction_id === cs[5]!.instruction_id);
    expect(split.map((r) => r.meta.agreement)).toEqual([1 / 3, 1 / 3]);
    expect(await jsonLines({ ...base, per_judgment: "true", min_agreement: "0.67" })).toHaveLength(wins - 2 - 1 - 1 - 1);
  });

  it("takes confirmed pairs from the proposals' status or straight from a verify-pairs campaign's majority", async () => {
    const { run } = await workspace();
    const campaignId = createCampaign(
      t.ctx,
      { name: "verify", set_id: run.set_id, source: { kind: "verify-pairs", pair_run_id: run.id } },
      null,
    );
    judge(campaignId, plan);
    const cs = comparisonsOf(campaignId);
    const statuses = t.db.prepare("SELECT status FROM pair_proposals WHERE run_id = ? ORDER BY id").pluck().all(run.id);
    // The queue's own rule: once k = 3 judgments are in, more a-wins than b-wins confirms.
    expect(statuses).toEqual([
      "confirmed",
      "confirmed",
      "overturned",
      "confirmed",
      "proposed",
      "proposed",
      "overturned",
      "confirmed",
      "proposed",
    ]);

    const fromRun = await jsonLines({ from: "confirmed", run: String(run.id), provenance: "true" });
    expect(fromRun.map((r) => r.meta.chosen_sample_id)).toEqual([0, 1, 3, 7].map((i) => cs[i]!.sample_a_id));
    expect(fromRun.map((r) => r.meta.votes)).toEqual([3, 3, 3, 3]);
    expect(fromRun[2]!.meta.agreement).toBeCloseTo(1 / 3, 12);
    // The campaign's majority (a plurality over a, b, tie and both-bad) is stricter: "tie, tie, a" and
    // "a, both-bad, both-bad" confirm nothing; two votes are below k.
    const fromCampaign = await jsonLines({ from: "confirmed", campaign: String(campaignId), provenance: "true" });
    expect(fromCampaign.map((r) => [r.meta.chosen_sample_id, r.meta.rejected_sample_id])).toEqual(
      [0, 1].map((i) => [cs[i]!.sample_a_id, cs[i]!.sample_b_id]),
    );
    expect(fromCampaign[0]!.meta).toMatchObject({ votes: 3, agreement: 1, score_margin: proposals(run.id)[0]!.margin });
    expect(await jsonLines({ from: "confirmed", campaign: String(campaignId), min_votes: "2" })).toHaveLength(3);
    expect(await jsonLines({ from: "confirmed", run: String(run.id), min_agreement: "0.67" })).toHaveLength(2);
    // Overturned proposals are pairs the other way round, from the judgments source only.
    const all = await jsonLines({ from: "judgments", campaign: String(campaignId), provenance: "true" });
    expect(all.find((r) => r.meta.rejected_sample_id === cs[6]!.sample_a_id)!.meta).toMatchObject({
      chosen_sample_id: cs[6]!.sample_b_id,
      score_margin: -proposals(run.id)[6]!.margin,
    });
  });

  it("writes battle records as in the judgments fixture, with a CSV safe against formula injection", async () => {
    const { vsReference } = await workspace();
    t.ctx.users.create('=HYPERLINK("http://x")', "annotator", "x", new Date());
    t.ctx.users.create("@SUM(1+1)", "annotator", "x", new Date());
    const cs = comparisonsOf(vsReference.id);
    t.db.prepare("UPDATE instructions SET category = ? WHERE id = ?").run('-2+3, "quoted"\nnext line', cs[0]!.instruction_id);
    judge(vsReference.id, plan, ["ann1", '=HYPERLINK("http://x")', "@SUM(1+1)"]);

    const battles = await jsonLines({ from: "battles", campaign: String(vsReference.id) });
    const judgments = t.db.prepare("SELECT * FROM human_judgments ORDER BY id").all() as {
      comparison_id: number;
      left_sample_id: number;
      winner_sample_id: number | null;
      verdict: string;
    }[];
    expect(battles).toHaveLength(judgments.length);
    const fixtureKeys = Object.keys(JSON.parse(readFixture("judgments-a/judgments.jsonl").split("\n")[0]!));
    for (const [i, b] of battles.entries()) {
      expect(Object.keys(b)).toEqual([...fixtureKeys, "words_a", "words_b", "style_a", "style_b"]);
      const x = judgments[i]!;
      const c = cs.find((c) => c.id === x.comparison_id)!;
      expect(b).toMatchObject({
        comparison_id: String(c.id),
        model_a: w.models.writer.name,
        model_b: w.models.reference.name,
        lang: expect.any(String),
      });
      expect(b.winner).toBe(
        x.verdict === "win" ? (x.winner_sample_id === c.sample_a_id ? "model_a" : "model_b") : x.verdict === "tie" ? "tie" : "both_bad",
      );
      expect(b.left).toBe(x.left_sample_id === c.sample_a_id ? "model_a" : "model_b");
    }
    expect(battles.filter((b) => b.winner === "both_bad")).toHaveLength(judgments.filter((x) => x.verdict === "both-bad").length);
    const asTie = await jsonLines({ from: "battles", campaign: String(vsReference.id), both_bad_as_tie: "true" });
    expect(new Set(asTie.map((b) => b.winner))).toEqual(new Set(["model_a", "model_b", "tie"]));
    expect(asTie.filter((b) => b.winner === "tie")).toHaveLength(judgments.filter((x) => x.verdict !== "win").length);

    const csv = await exported({ from: "battles", campaign: String(vsReference.id), format: "battles-csv" });
    expect(
      csv.startsWith(
        "comparison_id,instruction_id,length_bucket,category,lang,model_a,model_b,annotator,winner,left," +
          "words_a,words_b,headers_a,list_items_a,bold_a,headers_b,list_items_b,bold_b\r\n",
      ),
    ).toBe(true);
    const records = parseCsv(csv, { columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(battles.length);
    expect(new Set(records.map((r) => r.annotator))).toEqual(new Set(["ann1", `'=HYPERLINK("http://x")`, "'@SUM(1+1)"]));
    expect(records[0]!.category).toBe(`'-2+3, "quoted"\nnext line`);
    for (const r of records) for (const cell of Object.values(r)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    expect(records.map((r) => r.winner)).toEqual(battles.map((b) => b.winner));
  });
});

describe("GET /api/exports", () => {
  it("streams a download with its file name and type; 400 names the parameter, 404 an unknown run, 422 an empty selection", async () => {
    const { admin, run, vsReference } = await workspace();
    const res = await download(admin, "/api/exports", { from: "proposals", run: String(run.id), format: "trl-conversational" }).expect(200);
    expect(res.headers["content-type"]).toBe("application/x-ndjson");
    expect(res.headers["content-disposition"]).toBe(`attachment; filename="longpref-proposals-run${run.id}-trl-conversational.jsonl"`);
    expect(res.headers["cache-control"]).toBe("no-store");
    const lines = (res.body as string)
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toEqual(await jsonLines({ from: "proposals", run: String(run.id), format: "trl-conversational" }));

    judge(vsReference.id, [["a", "b", "tie"]]);
    const csv = await download(admin, "/api/exports", { from: "battles", campaign: String(vsReference.id), format: "battles-csv" }).expect(
      200,
    );
    expect(csv.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(csv.headers["content-disposition"]).toBe(`attachment; filename="longpref-battles-campaign${vsReference.id}-battles-csv.csv"`);
    expect((csv.body as string).split("\r\n")).toHaveLength(1 + 3 + 1);

    const bad: [Record<string, string>, RegExp][] = [
      [{ from: "proposals", run: "1", format: "nope" }, /^format:/],
      [{ from: "proposals", run: "1", format: "battles-csv" }, /^format: --from proposals is written as/],
      [{ from: "everything", run: "1" }, /^from:/],
      [{ from: "proposals", run: "1", min_agreement: "2" }, /^min_agreement:/],
      [{ from: "battles", run: "1" }, /^run:/],
      [{ from: "proposals" }, /^run:/],
      [{ from: "proposals", run: "1", exclude_flagged: "shouting" }, /^exclude_flagged/],
      [{ from: "proposals", run: "1", colour: "blue" }, /^colour: unknown field/],
      [{ from: "battles", campaign: "1", format: "battles-csv", provenance: "true" }, /^provenance:/],
      [{ from: "proposals", run: "1", split: "test" }, /^split: needs test_share/],
      [{ from: "confirmed", campaign: String(vsReference.id) }, /^campaign: campaign \d+ is vs-reference/],
    ];
    for (const [query, message] of bad) {
      const answer = await admin.get("/api/exports").query(query);
      expect(answer.status, JSON.stringify(query)).toBe(400);
      expect(answer.body.message, JSON.stringify(query)).toMatch(message);
    }
    await admin.get("/api/exports").query({ from: "proposals", run: "999" }).expect(404);
    await admin.get("/api/exports").query({ from: "battles", campaign: "999" }).expect(404);
    await admin.get("/api/exports").query({ from: "battles", set: "999" }).expect(404);

    const empty = await admin
      .get("/api/exports")
      .query({ from: "proposals", run: String(run.id), min_margin: "99" })
      .expect(422);
    expect(empty.body).toMatchObject({ ok: false, error: "nothing_to_export" });
    expect(empty.body.message).toBe(
      `nothing to export: proposals of pair run ${run.id} (proposed, judge-confirmed, accepted, confirmed) matching margin ≥ 99`,
    );
    expect(
      (
        await admin
          .get("/api/exports")
          .query({ from: "confirmed", run: String(run.id) })
          .expect(422)
      ).body.message,
    ).toMatch(/^nothing to export: proposals of pair run \d+ \(confirmed\)$/);

    // An open .iterate() keeps its connection from writing: the route reads on a connection of its own, so
    // the app's can still write (a review here) while a download is under way.
    const reader = exportConnection(t.db);
    const streaming = planExport(t.ctx, { from: "proposals", run: String(run.id) }).begin(reader.db);
    expect(streaming.empty).toBe(false);
    const firstProposal = proposals(run.id)[0]!.id;
    await admin.post(`/api/pair-proposals/${firstProposal}/review`).send({ action: "accept" }).expect(200);
    streaming.cancel();
    reader.close();
    const onShared = planExport(t.ctx, { from: "proposals", run: String(run.id) }).begin(t.db);
    expect(() => t.ctx.db.prepare("UPDATE pair_proposals SET status = 'proposed' WHERE id = ?").run(firstProposal)).toThrow(
      // PostgreSQL's iteration holds a read-only snapshot on the connection: the write is refused as well.
      testBackend === "postgres" ? /read-only transaction/ : /busy/,
    );
    onShared.cancel();

    const annotator = await t.agentAs("annotator", "someone");
    await annotator
      .get("/api/exports")
      .query({ from: "proposals", run: String(run.id) })
      .expect(403);
    await request(t.app)
      .get("/api/exports")
      .query({ from: "proposals", run: String(run.id) })
      .expect(401);
  });

  it("splits by instruction, deterministically, and serves LLaMA-Factory's dataset_info entry as a second download", async () => {
    const { admin, run } = await workspace();
    const query = { from: "proposals", run: String(run.id), format: "llama-factory-alpaca", provenance: "true", test_share: "0.5" };
    // A seed putting instructions on both sides of this 9-instruction run.
    const ids = proposals(run.id).map((p) => p.external_id);
    const seed = [...Array(50).keys()].find((s) => new Set(ids.map((id) => splitSide(id, { share: 0.5, seed: s }))).size === 2)!;
    const side = async (split: string, s = seed) =>
      ((await download(admin, "/api/exports", { ...query, split_seed: String(s), split }).expect(200)).body as string)
        .trimEnd()
        .split("\n")
        .map((l) => JSON.parse(l) as { meta: { external_id: string; chosen_sample_id: number } });
    const train = await side("train");
    const test = await side("test");
    expect(train.length + test.length).toBe(instructions);
    const trainIds = new Set(train.map((r) => r.meta.external_id));
    for (const r of test) expect(trainIds.has(r.meta.external_id)).toBe(false);
    expect(await side("test")).toEqual(test);
    const res = await download(admin, "/api/exports", { ...query, split_seed: String(seed), split: "test" });
    expect(res.headers["content-disposition"]).toBe(
      `attachment; filename="longpref-proposals-run${run.id}-llama-factory-alpaca.test.jsonl"`,
    );

    const info = await admin
      .get("/api/exports/dataset-info")
      .query({ from: "proposals", run: String(run.id), format: "llama-factory-sharegpt" })
      .expect(200);
    expect(info.body).toEqual({
      [`longpref-proposals-run${run.id}-llama-factory-sharegpt`]: {
        file_name: `longpref-proposals-run${run.id}-llama-factory-sharegpt.jsonl`,
        formatting: "sharegpt",
        ranking: true,
        columns: { messages: "conversations", chosen: "chosen", rejected: "rejected" },
      },
    });
    expect(
      (
        await admin
          .get("/api/exports/dataset-info")
          .query({ from: "proposals", run: String(run.id), format: "trl" })
          .expect(400)
      ).body.message,
    ).toMatch(/^format:/);
  });
});

describe("longpref export", () => {
  it("writes a file (and its test split) with a JSON summary, adds a dataset_info entry, and writes nothing for an empty selection", async () => {
    const { run } = await workspace();
    const dir = mkdtempSync(join(tmpdir(), "longpref-cli-export-"));
    const env = { LONGPREF_DB: t.dbPath };
    const out = join(dir, "pairs.jsonl");
    const infoPath = join(dir, "dataset_info.json");
    writeFileSync(infoPath, JSON.stringify({ existing: { file_name: "other.json" } }));
    const args = ["export", "--from", "proposals", "--run", String(run.id), "--format", "llama-factory-alpaca", "--out", out];
    const result = await runCli(
      [...args, "--test-share", "0.5", "--split-seed", "3", "--provenance", "--dataset-info", infoPath, "--json"],
      env,
    );
    expect(result.status, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout);
    const testFile = join(dir, "pairs.test.jsonl");
    expect(summary).toMatchObject({
      file: out,
      test_file: testFile,
      bytes: readFileSync(out).length,
      test_bytes: readFileSync(testFile).length,
    });
    expect(summary.rows + summary.test_rows).toBe(instructions);
    const sides = [out, testFile].map((f) =>
      readFileSync(f, "utf8")
        .trimEnd()
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l).meta.external_id as string),
    );
    expect(sides[0]!.length).toBe(summary.rows);
    for (const id of sides[1]!) expect(sides[0]).not.toContain(id);
    for (const id of sides[1]!) expect(splitSide(id, { share: 0.5, seed: 3 })).toBe("test");
    expect(JSON.parse(readFileSync(infoPath, "utf8"))).toEqual({
      existing: { file_name: "other.json" },
      pairs: {
        file_name: "pairs.jsonl",
        ranking: true,
        columns: { prompt: "instruction", query: "input", chosen: "chosen", rejected: "rejected" },
      },
      pairs_test: {
        file_name: "pairs.test.jsonl",
        ranking: true,
        columns: { prompt: "instruction", query: "input", chosen: "chosen", rejected: "rejected" },
      },
    });
    expect(existsSync(`${out}.partial`)).toBe(false);

    // The same seed, the same split.
    const again = await runCli([...args, "--out", join(dir, "again.jsonl"), "--test-share", "0.5", "--split-seed", "3", "--json"], env);
    expect(JSON.parse(again.stdout)).toMatchObject({ rows: summary.rows, test_rows: summary.test_rows });
    expect(readFileSync(join(dir, "again.test.jsonl"), "utf8")).toBe(
      readFileSync(testFile, "utf8")
        .trimEnd()
        .split("\n")
        .map((l) => {
          const { meta: _meta, ...row } = JSON.parse(l);
          return `${JSON.stringify(row)}\n`;
        })
        .join(""),
    );

    const plain = await runCli(["export", "--from", "sft", "--set", run.set_name, "--out", join(dir, "sft.jsonl")], env);
    expect(plain.status, plain.stderr).toBe(0);
    expect(plain.stdout).toMatch(/^Wrote \d+ rows \(\d+ bytes\) to .*sft\.jsonl/);

    const empty = await runCli(["export", "--from", "judgments", "--campaign", "1", "--out", join(dir, "none.jsonl")], env);
    expect(empty.status).toBe(1);
    expect(empty.stderr).toMatch(/^nothing to export: majority verdicts of campaign 1 /);
    expect(existsSync(join(dir, "none.jsonl"))).toBe(false);

    const bad = await runCli(["export", "--from", "proposals", "--run", "999", "--min-agreement", "3", "--out", join(dir, "x.jsonl")], env);
    expect(bad.status).toBe(2); // a usage error, told before the unknown run (decision 033)
    expect(bad.stderr).toMatch(/--min-agreement: /);
    const unknown = await runCli(["export", "--from", "proposals", "--run", "999", "--out", join(dir, "x.jsonl")], env);
    expect(unknown.stderr.trim()).toBe("--run: pair run 999 not found");
    const noSet = await runCli(["export", "--from", "battles", "--set", "nope", "--out", join(dir, "x.jsonl")], env);
    expect(noSet.stderr.trim()).toBe('--set: no instruction set named "nope"');
  });
});

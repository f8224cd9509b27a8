import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { exportCommand, exportQuery, initialExportDraft } from "../../client/src/features/exports/export-query";
import { createCampaign } from "../../server/campaigns/create";
import { annotationQueue } from "../../server/campaigns/queue";
import { runCli } from "../helpers/cli";
import { createWorkspace } from "../helpers/factories";
import { password, testApp, type TestApp } from "../helpers/test-app";

// Battle exports read by FastChat as is, and the judgments of verify-pairs campaigns (two samples of one
// model) left out of them unless asked for, through GET /api/exports and `longpref export`.

let t: TestApp;
afterEach(() => t?.close());

const verdicts = ["a", "b", "tie", "both-bad"] as const;

/** Every annotator judges every comparison of the campaign through the real queue: verdict (i + k) mod 4. */
function judgeAll(campaignId: number) {
  const queue = annotationQueue(t.ctx);
  const comparisons = new Map(
    (
      t.db.prepare("SELECT id, sample_a_id FROM comparisons WHERE campaign_id = ? ORDER BY id").all(campaignId) as {
        id: number;
        sample_a_id: number;
      }[]
    ).map((c, i) => [c.id, { i, c }]),
  );
  ["ann1", "ann2", "ann3"].forEach((name, k) => {
    const user = t.ctx.users.findByName(name) ?? t.ctx.users.create(name, "annotator", "x", new Date());
    for (let item = queue.next(campaignId, user); item; item = queue.next(campaignId, user)) {
      const a = t.db.prepare("SELECT comparison_id, left_sample_id FROM assignments WHERE id = ?").get(item.assignment_id) as {
        comparison_id: number;
        left_sample_id: number;
      };
      const { i, c } = comparisons.get(a.comparison_id)!;
      const side = verdicts[(i + k) % 4]!;
      const leftIsA = a.left_sample_id === c.sample_a_id;
      const verdict = side === "a" ? (leftIsA ? "left" : "right") : side === "b" ? (leftIsA ? "right" : "left") : side;
      queue.submit(item.assignment_id, user, {
        verdict,
        time_ms: 1000,
        coverage_left: 1,
        coverage_right: 1,
        idempotency_key: `${name}-${campaignId}-${a.comparison_id}`,
      });
    }
  });
}

/** A set with a judged vs-reference campaign and a judged verify-pairs campaign. */
async function judgedSet() {
  t = testApp();
  const w = await createWorkspace(t.ctx, { adminPassword: password, withOutputs: 6, writerSamples: 4 });
  const admin = request.agent(t.app);
  await admin.post("/api/auth/login").send({ username: "admin", password }).expect(200);
  const verifyId = createCampaign(
    t.ctx,
    { name: "verify", set_id: w.set.id, source: { kind: "verify-pairs", pair_run_id: w.pairRunId } },
    null,
  );
  judgeAll(w.campaign.id);
  judgeAll(verifyId);
  const count = (campaignId: number, verdict?: string) =>
    (
      t.db
        .prepare(`SELECT COUNT(*) AS n FROM human_judgments WHERE campaign_id = ?${verdict ? " AND verdict = ?" : ""}`)
        .get(...(verdict ? [campaignId, verdict] : [campaignId])) as { n: number }
    ).n;
  const vsReference = { total: count(w.campaign.id), wins: count(w.campaign.id, "win"), bothBad: count(w.campaign.id, "both-bad") };
  const verify = { total: count(verifyId) };
  expect(vsReference.total).toBe(3 * w.campaign.comparisons);
  expect(vsReference.bothBad).toBeGreaterThan(0);
  expect(verify.total).toBeGreaterThan(0);
  return { w, admin, verifyId, vsReference, verify };
}

function download(agent: ReturnType<typeof request.agent>, query: Record<string, string>, status = 200) {
  return agent
    .get("/api/exports")
    .query(query)
    .buffer(true)
    .parse((res, callback) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => callback(null, body));
    })
    .expect(status);
}

// biome-ignore lint/suspicious/noExplicitAny: FastChat's records are read as loose JSON; fastchatLoad pins their shape
type Loose = Record<string, any>;

/**
 * FastChat's loading rules, re-implemented: what clean_battle_data.py's records are (its dict: keys, types,
 * winner from convert_type, conversations from to_openai_format, turn = len(conversation_a) // 2) and what
 * elo_analysis.py's report_elo_analysis_results does with them by default: pd.read_json of a JSON array,
 * sort by tstamp, keep anony rows, compute_elo raising on any other winner, tie and "tie (bothbad)" scored
 * 0.5, battles_no_ties = rows whose winner does not contain "tie".
 */
function fastchatLoad(text: string, withTexts = false) {
  const battles = JSON.parse(text) as Loose[];
  expect(Array.isArray(battles)).toBe(true);
  const keys = ["question_id", "model_a", "model_b", "winner", "judge"];
  const tail = ["turn", "anony", "language", "tstamp"];
  for (const b of battles) {
    expect(Object.keys(b)).toEqual(withTexts ? [...keys, "conversation_a", "conversation_b", ...tail] : [...keys, ...tail]);
    for (const key of ["question_id", "model_a", "model_b", "judge", "language"]) expect(typeof b[key], key).toBe("string");
    expect(["model_a", "model_b", "tie", "tie (bothbad)"]).toContain(b.winner);
    expect(typeof b.anony).toBe("boolean");
    expect(Number.isInteger(b.turn) && b.turn >= 1).toBe(true);
    expect(Number.isFinite(b.tstamp)).toBe(true);
    expect(["English", "Chinese", "unknown"]).toContain(b.language);
    if (withTexts) {
      for (const side of ["conversation_a", "conversation_b"]) {
        const conversation = b[side] as Loose[];
        expect(conversation.map((m) => m.role)).toEqual(["user", "assistant"]);
        for (const m of conversation) expect(typeof m.content).toBe("string");
      }
      expect(b.turn).toBe(Math.floor(b.conversation_a.length / 2));
    }
  }
  const sorted = battles.map((b, i) => ({ b, i })).sort((x, y) => x.b.tstamp - y.b.tstamp || x.i - y.i);
  const rated = sorted.map(({ b }) => b).filter((b) => b.anony);
  const score = (w: string) => {
    if (w === "model_a") return 1;
    if (w === "model_b") return 0;
    if (w === "tie" || w === "tie (bothbad)") return 0.5;
    throw new Error(`unexpected vote ${w}`);
  };
  return {
    battles,
    rated: rated.length,
    outcomes: rated.map((b) => score(b.winner)),
    decisive: rated.filter((b) => !b.winner.includes("tie")).length,
    selfBattles: rated.filter((b) => b.model_a === b.model_b).length,
    inTstampOrder: sorted.every(({ i }, k) => i === k),
  };
}

describe("battles-fastchat and verify-pairs in battle exports", () => {
  it("GET /api/exports writes a JSON array FastChat loads as is: both-bad a tie, never decisive; verify-pairs left out unless asked", async () => {
    const { w, admin, verifyId, vsReference, verify } = await judgedSet();
    const res = await download(admin, { from: "battles", set: String(w.set.id), format: "battles-fastchat" });
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    expect(res.headers["content-disposition"]).toBe(`attachment; filename="longpref-battles-set${w.set.id}-battles-fastchat.json"`);
    const loaded = fastchatLoad(res.body as string);
    expect(loaded.rated).toBe(vsReference.total);
    expect(loaded.selfBattles).toBe(0);
    expect(loaded.decisive).toBe(vsReference.wins);
    expect(loaded.outcomes.filter((s) => s === 0.5)).toHaveLength(vsReference.total - vsReference.wins);
    expect(loaded.battles.filter((b) => b.winner === "tie (bothbad)")).toHaveLength(vsReference.bothBad);
    expect(loaded.inTstampOrder).toBe(true);
    expect(new Set(loaded.battles.map((b) => b.judge))).toEqual(new Set(["ann1", "ann2", "ann3"]));
    expect(new Set(loaded.battles.map((b) => `${b.model_a}|${b.model_b}`))).toEqual(
      new Set([`${w.models.writer.name}|${w.models.reference.name}`]),
    );
    // Every judgment of one comparison shares its question_id.
    expect(new Set(loaded.battles.map((b) => b.question_id)).size).toBe(w.campaign.comparisons);

    // Asked for, the verify-pairs judgments come as self-battles.
    const all = fastchatLoad(
      (await download(admin, { from: "battles", set: String(w.set.id), format: "battles-fastchat", include_verify_pairs: "true" }))
        .body as string,
    );
    expect(all.rated).toBe(vsReference.total + verify.total);
    expect(all.selfBattles).toBe(verify.total);

    // battles-jsonl too: the same keys on every line.
    const lines = ((await download(admin, { from: "battles", set: String(w.set.id), provenance: "true" })).body as string)
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as Loose);
    expect(lines).toHaveLength(vsReference.total);
    expect(lines.every((l) => l.model_a !== l.model_b)).toBe(true);
    expect(new Set(lines.map((l) => JSON.stringify(Object.keys(l))))).toHaveProperty("size", 1);
    expect(new Set(lines.map((l) => JSON.stringify(Object.keys(l.meta))))).toHaveProperty("size", 1);

    // The verify-pairs campaign by id is refused by name, and exported when asked for.
    const refused = await download(admin, { from: "battles", campaign: String(verifyId) }, 400);
    expect(JSON.parse(refused.body as string).message).toMatch(
      new RegExp(`^campaign: campaign ${verifyId} is verify-pairs: its judgments compare two samples of one model`),
    );
    const asked = await download(admin, { from: "battles", campaign: String(verifyId), include_verify_pairs: "true" });
    expect((asked.body as string).trimEnd().split("\n")).toHaveLength(verify.total);

    for (const [query, message] of [
      [{ from: "proposals", run: String(w.pairRunId), include_verify_pairs: "true" }, /^include_verify_pairs: only for --from battles/],
      [{ from: "battles", set: String(w.set.id), with_texts: "true" }, /^with_texts: only for --format battles-fastchat/],
    ] as const) {
      const body = JSON.parse((await download(admin, query, 400)).body as string) as { message: string };
      expect(body.message).toMatch(message);
    }
  });

  it("with_texts adds each side's conversation (prompt, then the output); the split's two sides are each a JSON array", async () => {
    const { w, admin, vsReference } = await judgedSet();
    const query = { from: "battles", campaign: String(w.campaign.id), format: "battles-fastchat", with_texts: "true" };
    const loaded = fastchatLoad((await download(admin, query)).body as string, true);
    expect(loaded.rated).toBe(vsReference.total);
    const comparison = t.db.prepare(
      `SELECT i.prompt, sa.text AS a, sb.text AS b FROM comparisons c JOIN instructions i ON i.id = c.instruction_id
       JOIN samples sa ON sa.id = c.sample_a_id JOIN samples sb ON sb.id = c.sample_b_id WHERE c.id = ?`,
    );
    for (const b of loaded.battles) {
      const c = comparison.get(Number(b.question_id)) as { prompt: string; a: string; b: string };
      expect(b.conversation_a).toEqual([
        { role: "user", content: c.prompt },
        { role: "assistant", content: c.a },
      ]);
      expect(b.conversation_b[1].content).toBe(c.b);
    }

    const sides = await Promise.all(
      (["train", "test"] as const).map(
        async (split) =>
          fastchatLoad((await download(admin, { ...query, test_share: "0.5", split_seed: "3", split })).body as string, true).battles,
      ),
    );
    expect(sides[0]!.length + sides[1]!.length).toBe(vsReference.total);
    expect(sides[0]!.length).toBeGreaterThan(0);
    expect(sides[1]!.length).toBeGreaterThan(0);
    const prompts = sides.map((s) => new Set(s.map((b) => b.conversation_a[0].content)));
    expect([...prompts[0]!].filter((p) => prompts[1]!.has(p))).toEqual([]);
  });

  // Seven CLI processes, each starting node: more than the default timeout on a loaded machine.
  it("`longpref export` then `longpref stats` works on the set (it failed on verify-pairs rows); stats reads battles-fastchat", {
    timeout: 240_000,
  }, async () => {
    const { w, vsReference, verify } = await judgedSet();
    const dir = mkdtempSync(join(tmpdir(), "longpref-battles-fastchat-"));
    const env = { LONGPREF_DB: t.dbPath };
    const set = ["--from", "battles", "--set", w.set.name];
    const stats = (file: string) => runCli(["stats", file, "--reference", w.models.reference.name, "--json", "--rounds", "20"]);

    const jsonl = join(dir, "battles.jsonl");
    const exported = await runCli(["export", ...set, "--out", jsonl], env);
    expect(exported.status, exported.stderr).toBe(0);
    const fromJsonl = await stats(jsonl);
    expect(fromJsonl.status, fromJsonl.stderr).toBe(0);
    expect(fromJsonl.stderr).toBe("");
    const jsonlStats = JSON.parse(fromJsonl.stdout);
    expect(jsonlStats).toMatchObject({ judgments: vsReference.total, comparisons: w.campaign.comparisons });

    // FastChat's array, with texts and a split: two arrays; stats reads them and counts what it read.
    const fastchat = join(dir, "battles.json");
    const split = await runCli(
      ["export", ...set, "--format", "battles-fastchat", "--with-texts", "--test-share", "0.5", "--out", fastchat, "--json"],
      env,
    );
    expect(split.status, split.stderr).toBe(0);
    const summary = JSON.parse(split.stdout) as { rows: number; test_rows: number; test_file: string };
    expect(summary.test_file).toBe(join(dir, "battles.test.json"));
    expect(summary.rows + summary.test_rows).toBe(vsReference.total);
    expect(fastchatLoad(readFileSync(fastchat, "utf8"), true).rated).toBe(summary.rows);
    expect(fastchatLoad(readFileSync(summary.test_file, "utf8"), true).rated).toBe(summary.test_rows);
    const fromTrain = await stats(fastchat);
    expect(fromTrain.status, fromTrain.stderr).toBe(0);
    expect(JSON.parse(fromTrain.stdout)).toMatchObject({ judgments: summary.rows });

    // The whole set as FastChat's array gives the JSONL's win rates (question_id regroups each comparison).
    const whole = join(dir, "whole.json");
    expect((await runCli(["export", ...set, "--format", "battles-fastchat", "--include-verify-pairs", "--out", whole], env)).status).toBe(
      0,
    );
    const fromWhole = await stats(whole);
    expect(fromWhole.status, fromWhole.stderr).toBe(0);
    // Asked for, the verify-pairs self-battles are left out by stats with a note, as FastChat learns nothing from them.
    expect(fromWhole.stderr).toBe(
      `${whole}: left out ${verify.total} self-battles (model_a == model_b), which FastChat's ratings learn nothing from\n`,
    );
    const wholeStats = JSON.parse(fromWhole.stdout);
    expect(wholeStats).toMatchObject({ judgments: vsReference.total, comparisons: w.campaign.comparisons });
    expect(wholeStats.vs_reference[w.models.writer.name].all).toEqual(jsonlStats.vs_reference[w.models.writer.name].all);
    expect(wholeStats.bradley_terry).toEqual(jsonlStats.bradley_terry);
  });

  it("the Exports form sends include_verify_pairs and with_texts as the server takes them, and its command line writes a .json", () => {
    const draft = { ...initialExportDraft, from: "battles" as const, scope: "set:4", format: "battles-fastchat" as const };
    const query = exportQuery({ ...draft, includeVerifyPairs: true, withTexts: true });
    expect(query).toEqual({
      params: [
        ["from", "battles"],
        ["set", "4"],
        ["format", "battles-fastchat"],
        ["include_verify_pairs", "true"],
        ["with_texts", "true"],
      ],
      problems: [],
    });
    expect(exportCommand(query, "My set")).toBe(
      "npx longpref export --from battles --set 'My set' --format battles-fastchat --include-verify-pairs --with-texts --out longpref-battles-set4-battles-fastchat.json",
    );
    // Texts are for FastChat's format only: a draft switched to battles-jsonl does not send them.
    expect(exportQuery({ ...draft, format: "battles-jsonl", withTexts: true }).params.map(([k]) => k)).not.toContain("with_texts");
  });
});

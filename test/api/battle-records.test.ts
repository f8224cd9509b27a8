import { parse as parseCsv } from "csv-parse/sync";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import type { MarkdownStyle } from "../../shared/schemas/battles";
import { countWords } from "../../shared/scoring/word-count";
import { battlesOfCampaigns } from "../../server/stats/battles-from-db";
import { runCli } from "../helpers/cli";
import { createOutputs, createSet, outputText } from "../helpers/factories";
import { readFixture } from "../helpers/fixtures";
import { testApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
afterEach(() => t?.close());

const style = (headers: number, list_items: number, bold: number): MarkdownStyle => ({ headers, list_items, bold });

// The writer's outputs, one per instruction (the second is in Chinese), with the Markdown each holds by
// construction. The reference writes plain words (no Markdown).
const writerOutputs: { text: (i: number) => string; style: MarkdownStyle }[] = [
  {
    // CRLF line ends; a fenced block whose "#" and "-" lines count for nothing.
    text: () =>
      [
        "# Plan",
        "",
        "## Steps",
        "",
        "- gather notes",
        "- write a draft",
        "  - revise it",
        "1. publish",
        "",
        "A **bold** claim and __another__ one.",
        "",
        "```md",
        "# not a header",
        "- not an item",
        "```",
        "",
      ].join("\r\n"),
    style: style(2, 4, 2),
  },
  { text: () => "# 长篇写作\n\n- 第一点\n- 第二点\n\n这是**重点**。一、不是列表。\n", style: style(1, 2, 1) },
  // Plain words; its stored word count is erased below, so the export counts them itself.
  { text: (i) => outputText(`plain/${i}`, 40), style: style(0, 0, 0) },
  { text: () => "#not a header\nfoo**bar**baz and * * * and ****\n", style: style(0, 0, 1) },
];

const fixtureKeys = Object.keys(JSON.parse(readFixture("judgments-a/judgments.jsonl").split("\n")[0]!));

interface Sample {
  id: number;
  text: string;
  word_count: number | null;
}

async function judgedCampaign() {
  t = testApp();
  const admin = await t.agentAs("admin", "admin");
  const set = createSet(t.ctx, { name: "Markdown set", instructions: writerOutputs.length });
  const outputs = createOutputs(t.ctx, set, [
    { name: "writer", samples: 1, text: (i) => writerOutputs[i]!.text(i) },
    { name: "reference", samples: 1, reference: true },
  ]);
  const samples = t.db.prepare("SELECT id, text, word_count FROM samples ORDER BY id").all() as Sample[];
  const writerSamples = t.db.prepare("SELECT id FROM samples WHERE model_id = ? ORDER BY instruction_id").all(outputs.ids.writer!) as {
    id: number;
  }[];
  const referenceSamples = t.db
    .prepare("SELECT id FROM samples WHERE model_id = ? ORDER BY instruction_id")
    .all(outputs.ids.reference!) as { id: number }[];
  // No stored count: the export counts the words itself. A stored count is what the export writes.
  t.db.prepare("UPDATE samples SET word_count = NULL WHERE id = ?").run(writerSamples[2]!.id);
  t.db.prepare("UPDATE samples SET word_count = 4321 WHERE id = ?").run(referenceSamples[3]!.id);

  const campaign = (
    await admin
      .post("/api/campaigns")
      .send({
        name: "style study",
        set_id: set.id,
        source: { kind: "vs-reference", model_id: outputs.ids.writer },
        settings: { judgments_per_comparison: 3 },
      })
      .expect(201)
  ).body.campaign as { id: number };
  let key = 0;
  for (const [n, verdict] of ["left", "right", "tie"].entries()) {
    const agent = await t.agentAs("annotator", `ann${n}`);
    for (;;) {
      const item = (await agent.post(`/api/annotate/campaigns/${campaign.id}/next`).expect(200)).body.item;
      if (!item) break;
      await agent
        .post(`/api/annotate/assignments/${item.assignment_id}/judgment`)
        .send({ verdict, time_ms: 1000, coverage_left: 1, coverage_right: 1, idempotency_key: `battle-records-${++key}` })
        .expect(201);
    }
  }

  // What each sample's fields must be: the stored count (the export's words), else the shared counter's.
  const expected = new Map<number, { words: number; style: MarkdownStyle }>();
  const after = t.db.prepare("SELECT id, text, word_count FROM samples ORDER BY id").all() as Sample[];
  for (const s of after) {
    const i = writerSamples.findIndex((w) => w.id === s.id);
    expected.set(s.id, { words: s.word_count ?? countWords(s.text), style: i >= 0 ? writerOutputs[i]!.style : style(0, 0, 0) });
  }
  expect(after.find((s) => s.id === writerSamples[2]!.id)!.word_count).toBeNull();
  expect(expected.get(referenceSamples[3]!.id)!.words).toBe(4321);
  expect(samples).toHaveLength(2 * writerOutputs.length);
  const comparisons = new Map(
    (
      t.db.prepare("SELECT id, sample_a_id, sample_b_id FROM comparisons WHERE campaign_id = ?").all(campaign.id) as {
        id: number;
        sample_a_id: number;
        sample_b_id: number;
      }[]
    ).map((c) => [String(c.id), c]),
  );
  return { admin, campaign, expected, comparisons, judgments: 3 * writerOutputs.length };
}

function download(agent: ReturnType<typeof request.agent>, query: Record<string, string>) {
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
    .expect(200);
}

const jsonLines = (text: string) =>
  text
    .trimEnd()
    .split("\n")
    // biome-ignore lint/suspicious/noExplicitAny: exported rows are read as loose JSON; the assertions pin their shape
    .map((l) => JSON.parse(l) as Record<string, any>);

describe("battle records carry each side's words and Markdown counts", () => {
  it("GET /api/exports writes them in battles-jsonl (with or without provenance) and battles-csv, and so do the win-rate route's records", async () => {
    const { admin, campaign, expected, comparisons, judgments } = await judgedCampaign();
    const battles = jsonLines((await download(admin, { from: "battles", campaign: String(campaign.id) })).body as string);
    expect(battles).toHaveLength(judgments);
    for (const b of battles) {
      expect(Object.keys(b)).toEqual([...fixtureKeys, "words_a", "words_b", "style_a", "style_b"]);
      const c = comparisons.get(b.comparison_id)!;
      const [a, z] = [expected.get(c.sample_a_id)!, expected.get(c.sample_b_id)!];
      expect(b).toMatchObject({
        model_a: "writer",
        model_b: "reference",
        words_a: a.words,
        words_b: z.words,
        style_a: a.style,
        style_b: z.style,
      });
    }
    // Every writer output's Markdown shows up, the plain reference has none.
    expect(new Set(battles.map((b) => JSON.stringify(b.style_a)))).toEqual(new Set(writerOutputs.map((w) => JSON.stringify(w.style))));
    expect(new Set(battles.map((b) => JSON.stringify(b.style_b)))).toEqual(new Set([JSON.stringify(style(0, 0, 0))]));

    const withProvenance = jsonLines(
      (await download(admin, { from: "battles", campaign: String(campaign.id), provenance: "true" })).body as string,
    );
    expect(withProvenance.map(({ meta: _meta, ...record }) => record)).toEqual(battles);
    for (const b of withProvenance) expect(Object.keys(b.meta)).toEqual(["campaign_id", "judgment_id", "margin", "created_at"]);

    const csv = (await download(admin, { from: "battles", campaign: String(campaign.id), format: "battles-csv" })).body as string;
    expect(csv.split("\r\n")[0]).toBe(
      [...fixtureKeys, "words_a", "words_b", "headers_a", "list_items_a", "bold_a", "headers_b", "list_items_b", "bold_b"].join(","),
    );
    const records = parseCsv(csv, { columns: true }) as Record<string, string>[];
    expect(records.map((r) => r.comparison_id)).toEqual(battles.map((b) => b.comparison_id));
    for (const [i, r] of records.entries()) {
      const b = battles[i]!;
      const numbers = [
        b.words_a,
        b.words_b,
        b.style_a.headers,
        b.style_a.list_items,
        b.style_a.bold,
        b.style_b.headers,
        b.style_b.list_items,
        b.style_b.bold,
      ];
      expect([r.words_a, r.words_b, r.headers_a, r.list_items_a, r.bold_a, r.headers_b, r.list_items_b, r.bold_b]).toEqual(
        numbers.map(String),
      );
    }

    // GET /api/analytics/win-rates builds its battle records here: the same four fields.
    const fromDb = battlesOfCampaigns(t.ctx, [campaign.id]);
    expect(
      fromDb.map(({ comparison_id, words_a, words_b, style_a, style_b }) => ({ comparison_id, words_a, words_b, style_a, style_b })),
    ).toEqual(
      battles.map(({ comparison_id, words_a, words_b, style_a, style_b }) => ({ comparison_id, words_a, words_b, style_a, style_b })),
    );
  });

  // Three CLI processes, each starting node and the CLI: more than the default timeout on a loaded machine.
  it("`longpref export` writes a file `longpref stats` reads back, and stats refuses a line whose counts were altered", {
    timeout: 90_000,
  }, async () => {
    const { campaign, judgments } = await judgedCampaign();
    const dir = mkdtempSync(join(tmpdir(), "longpref-battle-records-"));
    const env = { LONGPREF_DB: t.dbPath };
    const file = join(dir, "judgments.jsonl");
    const exported = await runCli(["export", "--from", "battles", "--campaign", String(campaign.id), "--out", file], env);
    expect(exported.status, exported.stderr).toBe(0);
    const lines = readFileSync(file, "utf8").trimEnd().split("\n");
    expect(lines).toHaveLength(judgments);

    const stats = await runCli(["stats", file, "--reference", "reference", "--json", "--rounds", "50"]);
    expect(stats.status, stats.stderr).toBe(0);
    expect(stats.stderr).toBe("");
    expect(JSON.parse(stats.stdout)).toMatchObject({ judgments });

    // Another judgment of a comparison claims other counts for the same output.
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown> & { comparison_id: string; style_a: MarkdownStyle });
    const later = records.findIndex((r, i) => records.findIndex((s) => s.comparison_id === r.comparison_id) < i);
    const first = records.findIndex((r) => r.comparison_id === records[later]!.comparison_id);
    const altered = { ...records[later]!.style_a, bold: records[later]!.style_a.bold + 1 };
    const tampered = join(dir, "tampered.jsonl");
    writeFileSync(tampered, lines.map((l, i) => (i === later ? JSON.stringify({ ...records[i], style_a: altered }) : l)).join("\n"));
    const refused = await runCli(["stats", tampered, "--reference", "reference", "--json"]);
    expect(refused.status).toBe(1);
    // Under --json the refusal is one JSON object, its bad lines in details (decision 033).
    const badLines = (JSON.parse(refused.stderr) as { details: { lines: { line: number; message: string }[] } }).details.lines;
    expect(badLines.map((l) => `line ${l.line}: ${l.message}`).join("\n")).toContain(
      `line ${later + 1}: comparison ${records[later]!.comparison_id}: writer has headers ${altered.headers}, list_items ${altered.list_items}, ` +
        `bold ${altered.bold - 1} on line ${first + 1}, here headers ${altered.headers}, list_items ${altered.list_items}, bold ${altered.bold}`,
    );
  });
});

import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { annotationQueue } from "../../server/campaigns/queue";
import { runCli } from "../helpers/cli";
import { createWorkspace, type Workspace } from "../helpers/factories";
import { readParquet } from "../helpers/read-parquet";
import { password, testApp, type TestApp } from "../helpers/test-app";

// `longpref export --hf-dir DIR`: the folder datasets.load_dataset(DIR) reads. Its README's YAML is parsed by
// a real YAML parser (js-yaml, a dev dependency), not by matching our own lines.
const yaml = createRequire(import.meta.url)("js-yaml") as { load(text: string): unknown };

let t: TestApp;
afterEach(() => t?.close());

interface Card {
  license: string;
  task_categories: string[];
  tags: string[];
  language?: string[];
  configs: { config_name: string; data_files: { split: string; path: string }[] }[];
  dataset_info: { features: unknown[]; splits: { name: string; num_examples: number }[] };
}

function frontMatter(readme: string): Card {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(readme);
  expect(match, readme.slice(0, 200)).not.toBeNull();
  return yaml.load(match![1]!) as Card;
}

async function world(): Promise<Workspace> {
  t = testApp();
  const w = await createWorkspace(t.ctx, { adminPassword: password, withOutputs: 6, writerSamples: 3 });
  // Every annotator prefers the left output: verdicts split by the shuffle, agreements of 1, 2/3 and 1/3.
  const queue = annotationQueue(t.ctx);
  ["ann1", "ann2", "ann3"].forEach((name) => {
    const user = t.ctx.users.create(name, "annotator", "x", new Date());
    let n = 0;
    for (let item = queue.next(w.campaign.id, user); item; item = queue.next(w.campaign.id, user))
      queue.submit(item.assignment_id, user, {
        verdict: "left",
        time_ms: 1000,
        coverage_left: 1,
        coverage_right: 1,
        idempotency_key: `${name}-judgment-${++n}`,
      });
  });
  return w;
}

const message = [
  { name: "role", dtype: "string" },
  { name: "content", dtype: "string" },
];

describe("longpref export --hf-dir", () => {
  it("writes data/train and data/test Parquet shards and a README whose YAML names them and their features", async () => {
    const w = await world();
    const dir = join(mkdtempSync(join(tmpdir(), "longpref-hf-")), "dataset");
    const env = { LONGPREF_DB: t.dbPath };
    const args = ["export", "--from", "proposals", "--run", String(w.pairRunId), "--format", "trl-conversational", "--hf-dir", dir];
    const result = await runCli([...args, "--test-share", "0.5", "--split-seed", "3", "--license", "cc-by-4.0", "--json"], env);
    expect(result.status, result.stderr).toBe(0);

    const readme = readFileSync(join(dir, "README.md"), "utf8");
    const card = frontMatter(readme);
    expect(card.license).toBe("cc-by-4.0");
    expect(card.task_categories).toEqual(["text-generation"]);
    expect(card.tags).toEqual(expect.arrayContaining(["dpo", "preference", "longpref"]));
    expect(card.language).toEqual(["en", "zh"]); // the workspace set holds both
    expect(card.configs).toEqual([
      {
        config_name: "default",
        data_files: [
          { split: "train", path: "data/train-00000-of-00001.parquet" },
          { split: "test", path: "data/test-00000-of-00001.parquet" },
        ],
      },
    ]);
    expect(card.dataset_info.features).toEqual([
      { name: "prompt", list: message },
      { name: "chosen", list: message },
      { name: "rejected", list: message },
    ]);
    // Every data file exists, holds the columns the features name, and as many rows as the card says.
    let total = 0;
    for (const { split, path } of card.configs[0]!.data_files) {
      expect(existsSync(join(dir, path)), path).toBe(true);
      const contents = await readParquet(join(dir, path));
      expect(contents.columns.map((c) => c.name)).toEqual(["prompt", "chosen", "rejected"]);
      const declared = card.dataset_info.splits.find((s) => s.name === split)!;
      expect(declared.num_examples).toBe(contents.rows.length);
      expect(readme).toContain(`| ${split} | ${contents.rows.length} | ${path} |`);
      total += contents.rows.length;
    }
    expect(total).toBe(
      t.db.prepare("SELECT count(*) AS n FROM pair_proposals WHERE run_id = ? AND status != 'rejected'").pluck().get(w.pairRunId),
    );
    expect(JSON.parse(result.stdout).splits).toHaveLength(2);
    // The prose: provenance (set, run, judge, parameters, version), how pairs were made.
    expect(readme).toContain(`Instruction set: ${w.set.name}`);
    expect(readme).toContain(`Pair run ${w.pairRunId}: judge ${w.models.judge.name}`);
    expect(readme).toContain("test_share=0.5");
    expect(readme).toMatch(/longpref version: \d+\.\d+\.\d+/);
    expect(readme).toContain("LongWriter recipe");
    expect(readme).toContain(`${w.models.writer.name} (${total})`);

    // A folder with anything in it is refused without --force, and left as it was.
    const again = await runCli(args, env);
    expect(again.status).not.toBe(0);
    expect(again.stderr).toMatch(/not empty: give --force/);
    expect(readFileSync(join(dir, "README.md"), "utf8")).toBe(readme);
    // With --force and no split, the old test shard goes: a card never sits beside a stale split.
    const forced = await runCli([...args, "--force"], env);
    expect(forced.status, forced.stderr).toBe(0);
    expect(existsSync(join(dir, "data/test-00000-of-00001.parquet"))).toBe(false);
    const single = frontMatter(readFileSync(join(dir, "README.md"), "utf8"));
    expect(single.configs[0]!.data_files).toEqual([{ split: "train", path: "data/train-00000-of-00001.parquet" }]);
    expect(single.license).toBe("unknown");
    expect((await readParquet(join(dir, "data/train-00000-of-00001.parquet"))).rows).toHaveLength(total);
  }, 120_000);

  it("describes judgments with their agreement, battles with their verdicts; refuses --out, a bad license, JSONL", async () => {
    const w = await world();
    const root = mkdtempSync(join(tmpdir(), "longpref-hf-"));
    const env = { LONGPREF_DB: t.dbPath };
    const campaign = ["--campaign", String(w.campaign.id)];
    const judged = await runCli(
      ["export", "--from", "judgments", ...campaign, "--format", "kto", "--provenance", "--hf-dir", join(root, "kto")],
      env,
    );
    expect(judged.status, judged.stderr).toBe(0);
    const kto = readFileSync(join(root, "kto", "README.md"), "utf8");
    const card = frontMatter(kto);
    expect(card.tags).toEqual(expect.arrayContaining(["kto", "human-feedback"]));
    const features = card.dataset_info.features as { name: string; dtype?: string; struct?: { name: string; dtype: string }[] }[];
    expect(features.find((f) => f.name === "label")).toEqual({ name: "label", dtype: "bool" });
    expect(features.find((f) => f.name === "meta")!.struct).toEqual(expect.arrayContaining([{ name: "agreement", dtype: "float64" }]));
    expect(kto).toMatch(/pairs carry human votes: 3\.00 judgments per pair on average, mean agreement with the pair's direction 0\.\d{3}/);
    expect(kto).toContain("Each pair gives two KTO rows");
    expect(kto).toContain("majority verdict");

    const battles = await runCli(["export", "--from", "battles", ...campaign, "--hf-dir", join(root, "battles")], env);
    expect(battles.status, battles.stderr).toBe(0);
    const battleCard = readFileSync(join(root, "battles", "README.md"), "utf8");
    expect(battleCard).toMatch(/18 judgments by 3 annotators of 6 comparisons; verdicts: /);
    expect(battleCard).toMatch(/Of the 6 comparisons judged more than once, \d+ \(\d+\.\d%\) got the same verdict/);
    expect((await readParquet(join(root, "battles", "data/train-00000-of-00001.parquet"))).rows).toHaveLength(18);

    const refuse = async (extra: string[], pattern: RegExp) => {
      const dir = join(root, `refused-${extra.join("-").replace(/[^a-z]/g, "")}`);
      const r = await runCli(["export", "--from", "proposals", "--run", String(w.pairRunId), "--hf-dir", dir, ...extra], env);
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(pattern);
      expect(existsSync(join(dir, "README.md"))).toBe(false);
    };
    await refuse(["--out", join(root, "x.jsonl")], /^--out: not with --hf-dir/);
    await refuse(["--license", "MIT\nevil: yes"], /^--license: /);
    await refuse(["--file-format", "jsonl"], /^--file-format: /);
    writeFileSync(join(root, "a-file"), "x");
    const onFile = await runCli(["export", "--from", "proposals", "--run", String(w.pairRunId), "--hf-dir", join(root, "a-file")], env);
    expect(onFile.stderr).toMatch(/is a file, not a folder/);
  }, 120_000);

  it("longpref export --file-format parquet writes FILE and, with a split, FILE.test.parquet", async () => {
    const w = await world();
    const out = join(mkdtempSync(join(tmpdir(), "longpref-pq-cli-")), "pairs.parquet");
    const args = [
      "export",
      "--from",
      "sft",
      "--run",
      String(w.pairRunId),
      "--file-format",
      "parquet",
      "--test-share",
      "0.5",
      "--out",
      out,
      "--json",
    ];
    const result = await runCli(args, { LONGPREF_DB: t.dbPath });
    expect(result.status, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as { rows: number; test_rows: number; test_file: string };
    expect(summary.test_file).toBe(out.replace(/\.parquet$/, ".test.parquet"));
    const train = await readParquet(out);
    const test = await readParquet(summary.test_file);
    expect([train.rows.length, test.rows.length]).toEqual([summary.rows, summary.test_rows]);
    expect(train.rows.length + test.rows.length).toBe(w.withOutputs);
    expect(train.columns.map((c) => `${c.name} ${c.type}`)).toEqual(['messages STRUCT("role" VARCHAR, "content" VARCHAR)[]']);
  }, 120_000);
});

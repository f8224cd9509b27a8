import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../server/db/open";
import { runCli } from "../helpers/cli";
import { emptyTestDatabase, type TestDatabase } from "../helpers/test-db";
import { startFakeOpenAi, type FakeOpenAi } from "../helpers/fake-openai";
import { fixturePath } from "../helpers/fixtures";

const cli = runCli;

const scores =
  '{"Analysis": "ok", "Relevance": 4, "Accuracy": 4, "Coherence": 4, "Clarity": 4, "Breadth and Depth": 4, "Reading Experience": 4}';

let fake: FakeOpenAi | undefined;
const databases: TestDatabase[] = [];
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  for (const d of databases.splice(0)) d.drop();
});

// Each command is a child process (seconds each on a busy machine, more on PostgreSQL).
describe("longpref judge", { timeout: 240_000 }, () => {
  it("judges a set's outputs to the end, reports JSON, asks nothing the second time, and takes a template file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "longpref-cli-j-"));
    const database = emptyTestDatabase();
    databases.push(database);
    const db = database.location;
    // One output gets an answer that is never six scores: it ends "judge failed" and the exit code is 1.
    fake = await startFakeOpenAi((req) => ({ kind: "stream", text: req.prompt.includes("UNJUDGEABLE") ? "I cannot rate this." : scores }));
    const env = { LONGPREF_DB: db };
    expect((await cli(["import", fixturePath("longwriter/longbench_write_en.jsonl"), "--name", "LBW-en"], env)).status).toBe(0);
    const handle = openDatabase(db);
    const prompts = handle.prepare("SELECT prompt FROM instructions ORDER BY position LIMIT 3").all() as { prompt: string }[];
    handle.close();
    const preds = prompts.map((p, i) =>
      JSON.stringify({ prompt: p.prompt, type: "x", length: 100, response: i === 2 ? "UNJUDGEABLE text" : `An answer, ${i}.` }),
    );
    writeFileSync(join(dir, "preds.jsonl"), preds.join("\n"));
    const imported = await cli(
      ["import-outputs", join(dir, "preds.jsonl"), "--set", "LBW-en", "--model", "writer", "--format", "longwriter"],
      env,
    );
    expect(imported.status, imported.stderr).toBe(0);
    expect((await cli(["model", "add", "judge", "--base-url", fake.url, "--model", "judge-model"], env)).status).toBe(0);

    const bad = await cli(["judge", "--set", "nope", "--judge", "judge", "--max-answers", "0"], env);
    expect(bad.status).toBe(2); // --max-answers is a usage error (decision 033)
    expect(bad.stderr).toMatch(/--set: no instruction set named "nope"/);
    expect(bad.stderr).toMatch(/--max-answers/);

    const run = await cli(["judge", "--set", "LBW-en", "--judge", "judge", "--max-answers", "2", "--json"], env);
    expect(run.status, run.stderr).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({ job_id: 1, done: 2, failed: 1, cached: 0, judgments: 3 });
    expect(fake.requests).toHaveLength(4);
    expect(fake.requests[0]!.body).toMatchObject({ temperature: 0.5, max_tokens: 1024 });

    const again = await cli(["judge", "--set", "LBW-en", "--judge", "judge", "--json"], env);
    // The failed one is asked again (retry by default); the two judged ones are cached.
    expect(JSON.parse(again.stdout)).toMatchObject({ done: 0, failed: 1, cached: 2, judgments: 1 });
    expect(fake.requests).toHaveLength(4 + 3);

    writeFileSync(join(dir, "bad.txt"), "Rate $INST$");
    const noPlaceholder = await cli(["judge", "--set", "LBW-en", "--judge", "judge", "--template", join(dir, "bad.txt")], env);
    expect(noPlaceholder.stderr).toMatch(/bad\.txt: a single template must contain \$RESPONSE\$/);
    const custom = await cli(
      ["judge", "--set", "LBW-en", "--judge", "judge", "--template", fixturePath("longwriter/judge.txt"), "--json"],
      env,
    );
    expect(JSON.parse(custom.stdout)).toMatchObject({ done: 2, failed: 1, cached: 0, judgments: 3 });
    expect(fake.requests.at(-1)!.prompt).toContain("<User Request>");
  });
});

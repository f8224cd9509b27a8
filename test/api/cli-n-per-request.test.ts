import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../server/db/open";
import { runCli } from "../helpers/cli";
import { choiceText, startFakeOpenAi, type FakeOpenAi } from "../helpers/fake-openai";
import { fixturePath } from "../helpers/fixtures";

let fake: FakeOpenAi | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

// Issue #20's fixed interface: `model add NAME ... --n-per-request N`, and `sample --json` unchanged.
describe("longpref model add --n-per-request", () => {
  it("stores the setting, refuses one out of range, and `sample` then asks once per instruction", async () => {
    const db = join(mkdtempSync(join(tmpdir(), "longpref-cli-n-")), "n.db");
    fake = await startFakeOpenAi((req) => ({ kind: "stream", text: `ok ${req.prompt.length}` }));
    const env = { LONGPREF_DB: db };
    expect((await runCli(["import", fixturePath("longwriter/longbench_write.jsonl"), "--name", "LBW"], env)).status).toBe(0);

    const tooMany = await runCli(["model", "add", "m", "--base-url", fake.url, "--model", "x", "--n-per-request", "17"], env);
    expect(tooMany.status).toBe(2);
    expect(tooMany.stderr).toMatch(/n_per_request/);
    const added = await runCli(["model", "add", "fake", "--base-url", fake.url, "--model", "fake-model", "--n-per-request", "4"], env);
    expect(added.status, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/4 samples per request/);

    const run = await runCli(["sample", "--set", "LBW", "--model", "fake", "--n", "4", "--json"], env);
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ job_id: 1, done: 480, failed: 0, samples: 480 });
    expect(fake.requests).toHaveLength(120);
    expect(fake.requests.every((r) => r.body.n === 4)).toBe(true);

    const handle = openDatabase(db);
    const rows = handle
      .prepare("SELECT s.sample_index, s.text, i.prompt FROM samples s JOIN instructions i ON i.id = s.instruction_id ORDER BY s.id")
      .all() as { sample_index: number; text: string; prompt: string }[];
    expect(handle.prepare("SELECT n_per_request FROM models WHERE name = 'fake'").get()).toEqual({ n_per_request: 4 });
    handle.close();
    expect(rows).toHaveLength(480);
    // Each instruction's four samples are its request's four choices, each once.
    const byPrompt = new Map<string, string[]>();
    for (const r of rows) byPrompt.set(r.prompt, [...(byPrompt.get(r.prompt) ?? []), r.text]);
    for (const [prompt, texts] of byPrompt)
      expect(texts.sort()).toEqual([0, 1, 2, 3].map((i) => choiceText(`ok ${prompt.length}`, i)).sort());
  }, 120_000);
});

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../server/db/open";
import { runCli } from "../helpers/cli";
import { emptyTestDatabase, type TestDatabase } from "../helpers/test-db";
import { startFakeOpenAi, type FakeOpenAi } from "../helpers/fake-openai";
import { fixturePath, readFixture } from "../helpers/fixtures";

const cli = runCli;

let fake: FakeOpenAi | undefined;
const databases: TestDatabase[] = [];
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  for (const d of databases.splice(0)) d.drop();
});

/** A database the first command creates: a SQLite file, or PostgreSQL under LONGPREF_TEST_PG. */
function testDatabase() {
  const database = emptyTestDatabase();
  databases.push(database);
  return database.location;
}

// Each command is a child process (seconds each on a busy machine, more on PostgreSQL).
describe("longpref model add / sample / import-outputs", { timeout: 240_000 }, () => {
  it("registers a model, samples a set to the end and reports JSON; failures make the exit code 1", async () => {
    const db = testDatabase();
    fake = await startFakeOpenAi((req) =>
      req.prompt.includes("200字以内")
        ? { kind: "status", status: 404, body: { error: { message: "The model does not exist" } } }
        : { kind: "stream", text: `ok ${req.prompt.length}` },
    );
    const env = { LONGPREF_DB: db, LONGPREF_KEY_SECRET_FOR_TEST: "sk-never-stored" };
    expect((await cli(["import", fixturePath("longwriter/longbench_write.jsonl"), "--name", "LBW"], env)).status).toBe(0);

    const bad = await cli(["model", "add", "m", "--base-url", "not a url", "--model", "x"], env);
    expect(bad.status).toBe(2); // a usage error (decision 033)
    expect(bad.stderr).toMatch(/base_urls\.0/);
    const added = await cli(
      [
        "model",
        "add",
        "fake",
        "--base-url",
        fake.url,
        "--model",
        "fake-model",
        "--api-key-env",
        "LONGPREF_KEY_SECRET_FOR_TEST",
        "--concurrency",
        "16",
      ],
      env,
    );
    expect(added.status, added.stderr).toBe(0);

    const run = await cli(["sample", "--set", "LBW", "--model", "fake", "--n", "1", "--json"], env);
    expect(run.status).toBe(1);
    // One LongBench-Write prompt contains "200字以内": exactly that sample fails (404 is permanent).
    expect(JSON.parse(run.stdout)).toEqual({ job_id: 1, done: 119, failed: 1, samples: 120 });
    expect(fake.requests.every((r) => r.authorization === "Bearer sk-never-stored")).toBe(true);
    const handle = openDatabase(db);
    expect(JSON.stringify(handle.prepare("SELECT * FROM models").all())).not.toContain("sk-never-stored");
    handle.close();

    // The job is finished: the same command starts a new job, which --json reports as job 2.
    const again = await cli(["sample", "--set", "LBW", "--model", "fake", "--n", "1", "--json"], env);
    expect(JSON.parse(again.stdout).job_id).toBe(2);
  });

  it("imports LongWriter predictions as a model's outputs and lists unknown prompts by line", async () => {
    const dir = mkdtempSync(join(tmpdir(), "longpref-cli-o-"));
    const env = { LONGPREF_DB: testDatabase() };
    expect((await cli(["import", fixturePath("longwriter/longbench_write.jsonl"), "--name", "LBW"], env)).status).toBe(0);
    const records = readFixture("longwriter/longbench_write.jsonl")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const preds = join(dir, "pred.jsonl");
    writeFileSync(preds, records.map((r) => JSON.stringify({ ...r, response_length: 1, response: "An answer." })).join("\n"));
    const ok = await cli(["import-outputs", preds, "--set", "LBW", "--model", "LongWriter-9B", "--json"], env);
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ count: 120, models: ["LongWriter-9B"] });

    const wrong = join(dir, "wrong.jsonl");
    writeFileSync(
      wrong,
      [JSON.stringify({ ...records[0], response: "x" }), JSON.stringify({ prompt: "Unknown prompt", response: "y" })].join("\n"),
    );
    const res = await cli(["import-outputs", wrong, "--set", "LBW", "--model", "Other"], env);
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/line 2: no instruction of set "LBW" has exactly this prompt/);
  });
});

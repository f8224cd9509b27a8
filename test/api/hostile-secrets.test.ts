import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { format } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { exportSources, formatsOf } from "../../shared/schemas/export";
import type { Logger } from "../../server/logger";
import { runCli } from "../helpers/cli";
import { startFakeOpenAi, type Behaviour, type FakeOpenAi } from "../helpers/fake-openai";
import { baseQuery, hostileWorld, label, urlFor, type HostileWorld } from "../helpers/hostile-world";
import { seedSet, testRunner } from "../helpers/sampling";
import { tableRows, testPg } from "../helpers/test-db";

const envName = "LONGPREF_KEY_TEST";
let w: HostileWorld | undefined;
let fakes: FakeOpenAi[] = [];
let dirs: string[] = [];
afterEach(async () => {
  w?.close();
  for (const f of fakes) await f.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  fakes = [];
  dirs = [];
  delete process.env[envName];
});

function capturingLogger() {
  const lines: string[] = [];
  const log: Logger = {
    info: (m, ...r) => void lines.push(format(m, ...r)),
    warn: (m, ...r) => void lines.push(format(m, ...r)),
    error: (m, ...r) => void lines.push(format(m, ...r)),
  };
  return { log, lines };
}

/** Endpoints that echo the key they were sent, as real ones do in their errors. */
function leakyBehaviours(key: string): Record<string, Behaviour> {
  const masked = `${key.slice(0, 12)}${"*".repeat(24)}${key.slice(-4)}`;
  return {
    // OpenAI's own answer to a wrong key, which shows its start and end.
    "401": {
      kind: "status",
      status: 401,
      body: {
        error: {
          message: `Incorrect API key provided: ${masked}. You can find your API key at https://platform.openai.com/account/api-keys.`,
          type: "invalid_request_error",
          code: "invalid_api_key",
        },
      },
    },
    // A proxy's error page quoting the whole request header (retried, then failed).
    "500": { kind: "status", status: 500, body: { error: { message: `upstream rejected Authorization: Bearer ${key} (key ${key})` } } },
    // Not OpenAI's shape: the client's message is the raw body.
    "404": { kind: "status", status: 404, body: { detail: `no model for key=${key}`, key } },
  };
}

describe("endpoint API keys", () => {
  it("never appear in an answer, a log line, an export, the CLI's output or the database file", async () => {
    const key = `sk-live-${randomBytes(24).toString("hex")}`;
    const traces = [key, key.slice(0, 12)];
    process.env[envName] = key;
    const { log, lines } = capturingLogger();
    w = await hostileWorld({ log });
    const world = w;
    const setId = seedSet(world.ctx, ["Write a poem about rain.", "Write a story about a lighthouse."], "secret set");

    const models: Record<string, number> = {};
    for (const [status, behaviour] of Object.entries(leakyBehaviours(key))) {
      const fake = await startFakeOpenAi(() => behaviour);
      fakes.push(fake);
      const res = await world.admin
        .post("/api/models")
        .send({ name: `leaky-${status}`, base_urls: [fake.url], model: "x", api_key_env: envName })
        .expect(201);
      expect(res.body.model.api_key_present).toBe(true);
      models[status] = res.body.model.id as number;
    }
    const samplingJobs: number[] = [];
    for (const model of Object.values(models)) {
      samplingJobs.push(
        (await world.admin.post("/api/sampling-jobs").send({ set_id: setId, model_id: model, n: 2 }).expect(201)).body.job.id as number,
      );
    }
    const judgeJob = (
      await world.admin
        .post("/api/judge-jobs")
        .send({ set_id: world.ids.set, judge_model_id: models["401"], filter: { model_ids: [world.ids.writer] } })
        .expect(201)
    ).body.job.id as number;
    const { runner } = testRunner(world.ctx);
    for (const id of samplingJobs) await runner.runJob(id);
    await runner.runJudgeJob(judgeJob);

    // The key was really sent, and the failures were really recorded (with a reason still worth reading).
    expect(fakes.every((f) => f.requests.length > 0 && f.requests.every((r) => r.authorization === `Bearer ${key}`))).toBe(true);
    const errors = world.db
      .prepare(
        "SELECT last_error AS error FROM samples WHERE last_error IS NOT NULL UNION ALL SELECT last_error FROM judge_scores WHERE last_error IS NOT NULL",
      )
      .all() as { error: string }[];
    expect(errors.length).toBeGreaterThan(6);

    // Every GET route, with each leaky job in turn, and every export.
    const seen: [string, string][] = [];
    for (const [samplingJob, judge] of samplingJobs.map((id) => [id, judgeJob] as const)) {
      const ids = {
        ...world.ids,
        samplingJob,
        judgeJob: judge,
        sample: (world.db.prepare("SELECT id FROM samples WHERE job_id = ?").get(samplingJob) as { id: number }).id,
      };
      for (const r of world.app.locals.routes.filter((r) => r.method === "get")) {
        const res = await world.admin.get(urlFor(r, ids)).query(baseQuery(r, ids));
        expect(res.status, `${label(r)}: ${res.text.slice(0, 200)}`).toBeLessThan(500);
        seen.push([`${label(r)} job ${samplingJob}`, res.text]);
      }
      const page = await world.admin.get(`/api/sampling-jobs/${samplingJob}/samples`).query({ status: "failed" }).expect(200);
      seen.push([`failed samples of job ${samplingJob}`, page.text]);
    }
    let exports = 0;
    for (const from of exportSources) {
      for (const fmt of formatsOf[from]) {
        const scope = from === "judgments" || from === "battles" ? { campaign: world.ids.campaign } : { run: world.ids.pairRun };
        const res = await world.admin
          .get("/api/exports")
          .query({ from, format: fmt, ...scope, provenance: from === "battles" ? undefined : "true" });
        expect([200, 422], `${from} ${fmt}: ${res.text.slice(0, 200)}`).toContain(res.status);
        if (res.status === 200) exports++;
        seen.push([`export ${from} ${fmt}`, res.text]);
      }
    }
    expect(exports).toBeGreaterThanOrEqual(12);

    // The CLI, on a database of its own.
    const dir = mkdtempSync(join(tmpdir(), "longpref-secret-"));
    dirs.push(dir);
    const env = { LONGPREF_DB: join(dir, "cli.db"), [envName]: key };
    const prompts = join(dir, "prompts.jsonl");
    writeFileSync(prompts, '{"id":"a","prompt":"Write a poem.","length":100}\n');
    const cli: [string, string[]][] = [
      ["import", ["import", prompts, "--name", "S"]],
      ["model add", ["model", "add", "cli-leaky", "--base-url", fakes[0]!.url, "--model", "x", "--api-key-env", envName]],
      ["model add (500)", ["model", "add", "cli-leaky-500", "--base-url", fakes[1]!.url, "--model", "x", "--api-key-env", envName]],
      ["sample", ["sample", "--set", "S", "--model", "cli-leaky", "--n", "2"]],
      ["sample --json", ["sample", "--set", "S", "--model", "cli-leaky", "--n", "1", "--new", "--json"]],
      ["sample (500)", ["sample", "--set", "S", "--model", "cli-leaky-500", "--n", "1"]],
    ];
    for (const [what, args] of cli) {
      const run = await runCli(args, env);
      seen.push([`cli ${what}`, run.stdout + run.stderr]);
    }
    expect(seen.find(([w]) => w === "cli sample")![1]).toMatch(/failed/);

    // SQLite: the files' bytes, freed pages included; PostgreSQL: every row of the server's database.
    if (testPg) seen.push(["database rows", tableRows(world.db)]);
    else world.db.pragma("wal_checkpoint(TRUNCATE)");
    const files = [world.dbPath, `${world.dbPath}-wal`, env.LONGPREF_DB, `${env.LONGPREF_DB}-wal`].filter(existsSync);
    for (const file of files) seen.push([`file ${file}`, readFileSync(file).toString("latin1")]);
    seen.push(["log", lines.join("\n")]);

    for (const [where, text] of seen) for (const trace of traces) expect(text.includes(trace), `${where} holds the key`).toBe(false);
    expect(seen.length).toBeGreaterThan(100);
    expect(errors.map((e) => e.error).join("\n")).toMatch(/HTTP 401 from \S+: Incorrect API key provided: \[redacted\]/);
  }, 120_000);
});

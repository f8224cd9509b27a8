import { spawn } from "node:child_process";
import { hostname } from "node:os";
import { afterEach, describe, expect, it } from "vitest";
import { writeSetInChunks } from "../../server/instructions/chunked-write";
import { removeAbandonedOutputImports } from "../../server/sampling/import-outputs";
import { chunkRows, chunkSet } from "../helpers/chunk-rows";
import { testApp, type TestApp } from "../helpers/test-app";

// An outputs import (migration 011) is parsed in a worker thread and written in short chunks under hidden
// jobs: no reader sees a sample until one tiny transaction publishes them all; a refused file leaves
// nothing; what a dead importer left is removed at the next start while a live one's is kept.
let t: TestApp | undefined;
afterEach(() => {
  t?.close();
  t = undefined;
});

const instructions = chunkRows;
const newSet = chunkSet;
const count = (sql: string) => (t!.db.prepare(sql).get() as { n: number }).n;
const outputs = (n: number, model = "M") =>
  Array.from({ length: n }, (_, i) =>
    JSON.stringify({ instruction_id: `x${i % 1000}`, model, text: `Once upon a time ${i}. `.repeat(20) }),
  ).join("\n");

describe("outputs imports written in chunks", () => {
  it("keeps the jobs and samples invisible to every reader until the import publishes them", async () => {
    t = testApp();
    const agent = await t.agentAs("researcher");
    const setId = await writeSetInChunks(t.ctx, newSet("S"), instructions(1000));
    const firstInstruction = t.ctx.instructions.ids({ set: setId })[0]!;
    const importing = agent
      .post("/api/outputs/import")
      .send({ set_id: setId, content: outputs(20_000) })
      .then((r) => r);
    // The worker writes on its own connection: wait until its first chunk is committed, then look.
    while (count("SELECT COUNT(*) AS n FROM samples") === 0) await new Promise((r) => setTimeout(r, 5));
    const hiddenSample = (t.db.prepare("SELECT id FROM samples LIMIT 1").get() as { id: number }).id;
    expect(count("SELECT COUNT(*) AS n FROM sampling_jobs WHERE import_state = 'importing'")).toBe(1);
    const seen = [
      (await agent.get("/api/sampling-jobs")).body.items,
      (await agent.get(`/api/samples/${hiddenSample}`)).status,
      (await agent.get(`/api/instructions/${firstInstruction}/samples`)).body.samples,
    ];
    expect(seen.slice(0, 3)).toEqual([[], 404, []]);
    const res = await importing;
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ count: 20_000, models: ["M"] });
    expect(count("SELECT COUNT(*) AS n FROM sampling_jobs WHERE import_state IS NOT NULL")).toBe(0);
    expect((await agent.get("/api/sampling-jobs")).body.items).toHaveLength(1);
    expect((await agent.get(`/api/samples/${hiddenSample}`)).status).toBe(200);
    expect((await agent.get(`/api/instructions/${firstInstruction}/samples`)).body.samples).toHaveLength(20);
  });

  it("refuses a file with unknown instructions, listing each line, and writes nothing (no model either)", async () => {
    t = testApp();
    const agent = await t.agentAs("researcher");
    const setId = await writeSetInChunks(t.ctx, newSet("S"), instructions(10));
    const lines = outputs(10).split("\n");
    lines.push(
      JSON.stringify({ instruction_id: "nope", model: "New", text: "a" }),
      JSON.stringify({ instruction_id: "gone", model: "New", text: "b" }),
    );
    const res = await agent
      .post("/api/outputs/import")
      .send({ set_id: setId, content: lines.join("\n") })
      .expect(400);
    expect(res.body.error).toBe("invalid_file");
    expect(res.body.details.lines.map((l: { line: number }) => l.line)).toEqual([11, 12]);
    expect([
      count("SELECT COUNT(*) AS n FROM samples"),
      count("SELECT COUNT(*) AS n FROM sampling_jobs"),
      count("SELECT COUNT(*) AS n FROM models"),
    ]).toEqual([0, 0, 0]);
  });

  it("removes everything, models it created included, when the import is given up midway", async () => {
    t = testApp();
    const agent = await t.agentAs("researcher");
    const setId = await writeSetInChunks(t.ctx, newSet("S"), instructions(1000));
    const importing = agent
      .post("/api/outputs/import")
      .send({ set_id: setId, content: outputs(20_000) })
      .then((r) => r);
    while (count("SELECT COUNT(*) AS n FROM samples") === 0) await new Promise((r) => setTimeout(r, 5));
    // What a sweep does to an importer it takes for dead: the worker's next chunk finds it and stops.
    t.db.prepare("UPDATE sampling_jobs SET import_state = 'removing'").run();
    expect((await importing).status).toBe(500);
    expect([
      count("SELECT COUNT(*) AS n FROM samples"),
      count("SELECT COUNT(*) AS n FROM sampling_jobs"),
      count("SELECT COUNT(*) AS n FROM models"),
    ]).toEqual([0, 0, 0]);
  });

  it("removes at start what a dead importer left and keeps what a live one is writing", async () => {
    t = testApp();
    const ctx = t.ctx;
    const setId = await writeSetInChunks(ctx, newSet("S"), instructions(3));
    const [instructionId] = ctx.instructions.ids({ set: setId });
    const now = new Date();
    const exited = spawn(process.execPath, ["-e", ""]);
    await new Promise((r) => exited.on("exit", r));
    const alive = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);
    try {
      const model = (name: string) =>
        ctx.models.create(
          {
            name,
            base_urls: [],
            model: name,
            api_key_env: null,
            params: { temperature: 0.5, top_p: null, max_tokens: 100 },
            max_in_flight: 1,
            timeout_ms: 1000,
            is_reference: false,
            resume_partial: false,
          },
          "import",
          now,
        );
      const job = (name: string, writer: string, at: Date) => {
        const m = model(name);
        const id = ctx.samplingJobs.createImporting(
          {
            set_id: setId,
            model_id: m.id,
            n: 1,
            strategy: "import",
            filter: {},
            params: m.params,
            templates: null,
            status: "done",
            created_by: null,
          },
          writer,
          at,
        );
        ctx.samples.insertFinished(
          [
            {
              job_id: id,
              instruction_id: instructionId!,
              model_id: m.id,
              sample_index: 0,
              source: "imported",
              text: "t",
              word_count: 1,
              finish_reason: null,
              flags: [],
            },
          ],
          at,
        );
        return id;
      };
      job("dead", `${hostname()} ${exited.pid}`, now);
      const live = job("live", `${hostname()} ${alive.pid}`, now);
      job("stale", "elsewhere 1", new Date(now.getTime() - 10 * 60_000));
      expect(await removeAbandonedOutputImports(ctx)).toBe(2);
      expect(ctx.samplingJobs.hidden().map((j) => j.id)).toEqual([live]);
      expect(count("SELECT COUNT(*) AS n FROM samples")).toBe(1);
      expect(ctx.models.list().map((m) => m.name)).toEqual(["live"]);
    } finally {
      alive.kill();
    }
  });
});

import { type ChildProcess, spawn } from "node:child_process";
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { createSamplingJob } from "../../server/sampling/jobs";
import { fieldsFromBody } from "../../server/sampling/model-fields";
import { cliBin } from "../helpers/cli";
import { startFakeOpenAi, type FakeOpenAi } from "../helpers/fake-openai";
import { seedModel, seedSet } from "../helpers/sampling";
import { testApp, type TestApp } from "../helpers/test-app";

// `longpref worker`: a runner without a server, on either backend (LONGPREF_TEST_PG runs it on PostgreSQL).
const EventSchema = z.strictObject({ event: z.enum(["started", "stopped"]), worker: z.string(), database: z.string() });

let t: TestApp | undefined;
const fakes: FakeOpenAi[] = [];
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill("SIGKILL");
  for (const f of fakes.splice(0)) await f.close();
  t?.close();
  t = undefined;
});

/** A worker process and the JSON lines it has printed so far. */
function startWorker(env: Record<string, string>) {
  const child = spawn(process.execPath, [cliBin, "worker", "--json"], { env: { ...process.env, ...env } });
  children.push(child);
  const lines: z.infer<typeof EventSchema>[] = [];
  let buffer = "";
  let stderr = "";
  child.stdout!.on("data", (c: Buffer) => {
    buffer += c.toString();
    const parts = buffer.split("\n");
    buffer = parts.pop()!;
    for (const p of parts) if (p.trim()) lines.push(EventSchema.parse(JSON.parse(p)));
  });
  child.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, lines, exited, stderr: () => stderr };
}

const until = (check: () => void, timeout = 60_000) => vi.waitFor(check, { timeout, interval: 50 });

describe("longpref worker", { timeout: 180_000 }, () => {
  it("runs a sampling job to the end with no server, then stops cleanly on SIGTERM", async () => {
    t = testApp();
    const fake = await startFakeOpenAi((req) => ({ kind: "stream", text: `answer to ${req.prompt}` }));
    fakes.push(fake);
    const setId = seedSet(t.ctx, ["one", "two", "three", "four", "five"]);
    const model = seedModel(t.ctx, [fake.url], { max_in_flight: 2 });
    const jobId = createSamplingJob(t.ctx, { set_id: setId, model_id: model.id, n: 1, strategy: "direct" }, null);

    const worker = startWorker({ LONGPREF_DB: t.dbPath });
    await until(() => expect(t!.ctx.samplingJobs.get(jobId)!.status).toBe("done"));
    expect(t.ctx.samplingJobs.get(jobId)!.counts).toMatchObject({ done: 5, failed: 0 });
    expect(fake.requests).toHaveLength(5);
    expect(fake.maxInFlight).toBeLessThanOrEqual(2);

    worker.child.kill("SIGTERM");
    expect(await worker.exited, worker.stderr()).toBe(0);
    expect(worker.lines.map((l) => l.event)).toEqual(["started", "stopped"]);
    expect(worker.lines[0]!.worker).toBe(worker.lines[1]!.worker);
  });

  it("hands its running work back on SIGTERM, so another worker finishes it without waiting for a lease", async () => {
    t = testApp();
    // The first endpoint never finishes an answer; the second answers at once.
    const stuck = await startFakeOpenAi(() => ({ kind: "stream", text: "never ends", chunks: 2, chunkDelayMs: 600_000 }));
    const quick = await startFakeOpenAi(() => ({ kind: "stream", text: "a whole answer" }));
    fakes.push(stuck, quick);
    const setId = seedSet(t.ctx, ["one", "two", "three"]);
    const model = seedModel(t.ctx, [stuck.url], { max_in_flight: 3 });
    const jobId = createSamplingJob(t.ctx, { set_id: setId, model_id: model.id, n: 1, strategy: "direct" }, null);

    // A lease far longer than the test: the work can only move on if the worker handed it back.
    const first = startWorker({ LONGPREF_DB: t.dbPath, LONGPREF_SAMPLING_LEASE_MS: "3600000" });
    await until(() => expect(stuck.inFlight).toBe(3));
    first.child.kill("SIGTERM");
    expect(await first.exited, first.stderr()).toBe(0);
    expect(first.lines.at(-1)!.event).toBe("stopped");
    expect(t.ctx.samplingJobs.get(jobId)!.counts.done).toBe(0);

    t.ctx.models.update(model.id, fieldsFromBody({ name: "fake", base_urls: [quick.url], model: "fake-model", max_in_flight: 3 }));
    const second = startWorker({ LONGPREF_DB: t.dbPath });
    await until(() => expect(t!.ctx.samplingJobs.get(jobId)!.status).toBe("done"));
    expect(t.ctx.samplingJobs.get(jobId)!.counts).toMatchObject({ done: 3, failed: 0 });
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  });

  it("refuses an unknown option as a usage error", async () => {
    const child = spawn(process.execPath, [cliBin, "worker", "--nope", "--json"]);
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(2);
    expect(JSON.parse(stderr.trim())).toMatchObject({ ok: false, error: "usage" });
  });
});

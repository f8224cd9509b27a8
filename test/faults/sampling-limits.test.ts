import { afterEach, describe, expect, it } from "vitest";
import { createSamplingJob } from "../../server/sampling/jobs";
import { seedModel, seedSet, testRunner } from "../helpers/sampling";
import { testApp, type TestApp } from "../helpers/test-app";
import { OpenRequests, startFaultyEndpoint, type FaultyEndpoint } from "./endpoint-fake";

// Issue #7: "sampling with 256 requests in flight stays within its limits". A model with max_in_flight 256
// samples 2,048 outputs from endpoints that count the requests open on them, each and together.

let t: TestApp;
let endpoints: FaultyEndpoint[] = [];
afterEach(async () => {
  await Promise.all(endpoints.map((e) => e.close()));
  endpoints = [];
  t?.close();
});

const limit = 256;
const instructions = 512;
const n = 4;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The first answers wait until `limit` requests are open together (or 5 s have passed), so reaching the
 * limit does not depend on how fast a loaded machine sends the first wave; later ones take 50–250 ms.
 */
function holdFirstWave(total: OpenRequests) {
  let reached = false;
  const deadline = Date.now() + 5_000;
  return async () => {
    while (!reached && total.open < limit && Date.now() < deadline) await sleep(10);
    reached = true;
    await sleep(50 + Math.random() * 200);
  };
}

async function sampleThrough(baseUrls: number) {
  t = testApp();
  const total = new OpenRequests();
  const hold = holdFirstWave(total);
  for (let i = 0; i < baseUrls; i++) {
    endpoints.push(
      await startFaultyEndpoint((prompt) => ({ kind: "ok", text: `A complete answer to: ${prompt}` }), { hold, counters: [total] }),
    );
  }
  const model = seedModel(
    t.ctx,
    endpoints.map((e) => e.url),
    { max_in_flight: limit },
  );
  const prompts = Array.from({ length: instructions }, (_, i) => `Write essay number ${i}`);
  const jobId = createSamplingJob(t.ctx, { set_id: seedSet(t.ctx, prompts), model_id: model.id, n }, null);
  // A long stall limit: a slow turn of a loaded machine must not count as a fault here.
  const { runner } = testRunner(t.ctx, { stallMs: 60_000, leaseMs: 60_000 });
  let rss = process.memoryUsage().rss;
  const watch = setInterval(() => (rss = Math.max(rss, process.memoryUsage().rss)), 50);
  const started = performance.now();
  await runner.runJob(jobId);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(watch);

  const job = t.ctx.samplingJobs.get(jobId)!;
  const rows = t.db.prepare("SELECT status, attempts, last_error, text FROM samples WHERE job_id = ?").all(jobId) as {
    status: string;
    attempts: number;
    last_error: string | null;
    text: string;
  }[];
  const figures =
    `${job.counts.done} samples, max_in_flight ${limit} over ${baseUrls} base URL${baseUrls > 1 ? "s" : ""}: peak in flight ${total.peak}` +
    (baseUrls > 1 ? ` (per URL ${endpoints.map((e) => `${e.requests.peak} of ${e.served.length} requests`).join(", ")})` : "") +
    `, ${(job.counts.done / seconds).toFixed(0)} samples/s in ${seconds.toFixed(1)} s, runner process peak RSS ${(rss / 2 ** 20).toFixed(0)} MB`;
  console.log(`faults sampling limits: ${figures}`);
  expect(job).toMatchObject({ status: "done", counts: { queued: 0, running: 0, done: instructions * n, failed: 0 } });
  expect(
    rows.filter((r) => r.status !== "done" || r.attempts !== 1 || r.last_error !== null || !r.text.startsWith("A complete answer")),
  ).toEqual([]);
  expect(total.peak).toBe(limit);
  expect(endpoints.reduce((sum, e) => sum + e.served.length, 0)).toBe(instructions * n);
}

describe("sampling at 256 requests in flight", () => {
  it("reaches max_in_flight and never exceeds it, with no errors", { timeout: 120_000 }, async () => {
    await sampleThrough(1);
  });

  it("keeps the limit for the model as a whole when it has two base URLs, and uses both", { timeout: 120_000 }, async () => {
    await sampleThrough(2);
    for (const e of endpoints) {
      expect(e.requests.peak).toBeLessThanOrEqual(limit);
      expect(e.served.length).toBeGreaterThan((instructions * n) / 4);
    }
  });
});

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { systemClock } from "../../server/clock";
import { createContext } from "../../server/context";
import { migrate } from "../../server/db/migrate";
import { openDatabase } from "../../server/db/open";
import { createJobRunner } from "../../server/job-runner";
import { openAiChat } from "../../server/llm/chat-client";
import { silentLogger } from "../../server/logger";
import { createSamplingJob } from "../../server/sampling/jobs";
import { interleaved, split, startFakeOpenAi } from "../helpers/fake-openai";
import { seedModel, seedSet } from "../helpers/sampling";

// Issue #20: requests per instruction for 4 samples each, with n_per_request 1 and 4, against an endpoint
// that cuts one stream in ten after its first choice finished (a cut is retried for the unfinished choices only).
const instructions = 200;
const n = 4;
const cutShare = 0.1;

async function run(nPerRequest: number) {
  const dir = mkdtempSync(join(tmpdir(), "longpref-bench-n-"));
  const db = openDatabase(join(dir, "bench.db"));
  migrate(db);
  const ctx = createContext(db, () => new Date(), silentLogger);
  let seed = 7;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const fake = await startFakeOpenAi((req) => {
    const text = `An answer to ${req.prompt}, long enough to stream in several pieces. `.repeat(4);
    const asked = req.body.n ?? 1;
    if (random() >= cutShare) return { kind: "stream", text, chunks: 8 };
    return {
      kind: "answer",
      write: async (res, model) => {
        res.writeHead(200, { "content-type": "text/event-stream" });
        const unfinished = new Set(Array.from({ length: asked }, (_, i) => i).filter((i) => i > 0 || asked === 1));
        for (const event of interleaved(model, text, asked, { parts: (t) => split(t, 8), finish: "stop", unfinished })) res.write(event);
        await new Promise((r) => setTimeout(r, 5));
        res.socket?.destroy();
      },
    };
  });
  try {
    const model = seedModel(ctx, [fake.url], { max_in_flight: 16, n_per_request: nPerRequest });
    const setId = seedSet(
      ctx,
      Array.from({ length: instructions }, (_, i) => `Write piece ${i}`),
    );
    const jobId = createSamplingJob(ctx, { set_id: setId, model_id: model.id, n }, null);
    const runner = createJobRunner(ctx, {
      chat: openAiChat(),
      clock: systemClock,
      pollMs: 20,
      stallMs: 30_000,
      retry: { maxAttempts: 6, baseDelayMs: 5, maxDelayMs: 20 },
    });
    const started = performance.now();
    await runner.runJob(jobId);
    const seconds = (performance.now() - started) / 1000;
    const counts = ctx.samplingJobs.get(jobId)!.counts;
    return { requests: fake.requests.length, done: counts.done, failed: counts.failed, seconds };
  } finally {
    await fake.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const one = await run(1);
const four = await run(4);
const line = (label: string, r: Awaited<ReturnType<typeof run>>) =>
  `${label}: ${(r.requests / instructions).toFixed(2)} requests per instruction (${r.requests} for ${r.done} done, ${r.failed} failed, ${r.seconds.toFixed(1)} s)`;
console.log(
  `sampling n choices (${instructions} instructions × ${n} samples, ${cutShare * 100}% of streams cut): ` +
    `${line("n_per_request 1", one)} | ${line("n_per_request 4", four)}`,
);

export {};

import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

// Sampling throughput against a fake endpoint that answers after D = 200 ms and streams 2,000 tokens,
// with C = 64 requests in flight: achieved samples/s over the ideal C/D, CPU per 1,000 samples, and
// peak memory at 2,000 and 10,000 samples (each run in its own process).
const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));
const D = 200;
const C = 64;

const endpoint = spawn(process.execPath, ["--import", "tsx", here("./fake-endpoint.ts")], {
  env: { ...process.env, DELAY_MS: String(D), TOKENS: "2000", CHUNKS: "50" },
  stdio: ["ignore", "pipe", "inherit"],
});
const port = await new Promise<number>((resolve) => endpoint.stdout!.once("data", (d: Buffer) => resolve(JSON.parse(d.toString()).port)));
try {
  for (const samples of [2000, 10000]) {
    const run = spawnSync(process.execPath, ["--import", "tsx", here("./sampling-child.ts")], {
      env: { ...process.env, URL: `http://127.0.0.1:${port}/v1`, SAMPLES: String(samples), CONCURRENCY: String(C) },
      encoding: "utf8",
    });
    if (run.status !== 0) throw new Error(run.stderr);
    const r = JSON.parse(run.stdout.trim().split("\n").at(-1)!) as {
      done: number;
      failed: number;
      seconds: number;
      cpuSeconds: number;
      peakRssMb: number;
    };
    const rate = r.done / r.seconds;
    console.log(
      `sampling ${samples} (C=${C}, D=${D} ms, 2,000 tokens in 50 chunks): ${r.done} done, ${r.failed} failed in ${r.seconds.toFixed(1)} s = ` +
        `${rate.toFixed(1)} samples/s, ${(rate / (C / (D / 1000))).toFixed(3)} of ideal C/D = ${C / (D / 1000)}/s; ` +
        `CPU ${((r.cpuSeconds / r.done) * 1000).toFixed(2)} s per 1,000 samples; peak RSS ${r.peakRssMb.toFixed(0)} MB`,
    );
  }
} finally {
  endpoint.kill();
}

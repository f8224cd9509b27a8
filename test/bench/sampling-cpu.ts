import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

// CPU per streamed token: the runner (sampling-child.ts: the real runner, chat client and database) and
// the minimal client (stream-minimal-child.ts: fetch, split events, JSON.parse, append) read the same
// streams (4,000 tokens per sample, one token per event) from an endpoint in a third process. Each measures its own CPU from its first request to its last answer.
const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));
const tokens = 4000;
const samples = Number(process.env.BENCH_CPU_SAMPLES ?? 48);
const concurrency = 16;

interface ChildResult {
  done: number;
  chars: number;
  seconds: number;
  cpuSeconds: number;
}

function child(file: string, url: string): ChildResult {
  const run = spawnSync(process.execPath, ["--import", "tsx", here(file)], {
    env: { ...process.env, URL: url, SAMPLES: String(samples), CONCURRENCY: String(concurrency) },
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout.trim().split("\n").at(-1)!) as ChildResult;
}

async function regime(name: string, perTick: number) {
  const endpoint = spawn(process.execPath, ["--import", "tsx", here("./stream-endpoint.ts")], {
    env: { ...process.env, TOKENS: String(tokens), DELAY_MS: "20", TICK_MS: "1", EVENTS_PER_TICK: String(perTick), PORTS: "1" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [port] = await new Promise<number[]>((resolve) =>
    endpoint.stdout!.once("data", (d: Buffer) => resolve((JSON.parse(d.toString()) as { ports: number[] }).ports)),
  );
  try {
    const url = `http://127.0.0.1:${port}/v1`;
    const perMillion = (r: ChildResult) => (r.cpuSeconds / (r.done * tokens)) * 1e6;
    const runner = child("./sampling-child.ts", url);
    const minimal = child("./stream-minimal-child.ts", url);
    if (runner.done !== samples || runner.chars !== minimal.chars)
      throw new Error(`the runner saved ${runner.done} samples, ${runner.chars} characters; the minimal client read ${minimal.chars}`);
    console.log(
      `sampling CPU per 1M streamed tokens, ${name} (${samples} samples of ${tokens} tokens, one token per event, ${concurrency} in flight): ` +
        `runner ${perMillion(runner).toFixed(2)} s, minimal client ${perMillion(minimal).toFixed(2)} s, ` +
        `ratio ${(perMillion(runner) / perMillion(minimal)).toFixed(2)} (goal <= 1.5); ` +
        `wall ${runner.seconds.toFixed(1)} s vs ${minimal.seconds.toFixed(1)} s`,
    );
  } finally {
    endpoint.kill();
  }
}

// Paced: each event written on its own, every millisecond, so most reads hold one event (a GPU server's
// streams). Burst: 100 events per write, so the per-token work (parse, append) dominates.
await regime("paced, one event per write", 1);
await regime("burst, 100 events per write", 100);

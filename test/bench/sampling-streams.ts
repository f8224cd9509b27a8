import { spawn, spawnSync } from "node:child_process";
import { request } from "node:http";
import { fileURLToPath } from "node:url";

// Thousands of streams: the runner (sampling-child.ts, its own process) with max_in_flight C = 1,024 over
// four base URLs of an endpoint process that answers each request after 3 s, then streams 100 tokens over
// about 2 s, one token per event (a GPU server's D for a long answer is minutes; 5 s keeps the bench short).
// Throughput is compared with C/D, D the requests' mean duration as the endpoint saw it, so the ratio is the
// share of time the runner kept its slots busy. Also: peak RSS and JS heap over their values before the
// run, per stream; the endpoint's peak of open requests, which must be C exactly. Two sizes of job, each in
// its own process: memory must not grow with the number of samples.
const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));
const C = 1024;
const tokens = 100;
const sizes = (process.env.BENCH_STREAMS_SAMPLES ?? "4096,8192").split(",").map(Number);

interface Stats {
  peak: number;
  served: number;
  meanMs: number | null;
  meanOpen: number | null;
  connections: number;
}

const endpoint = spawn(process.execPath, ["--import", "tsx", here("./stream-endpoint.ts")], {
  env: { ...process.env, TOKENS: String(tokens), DELAY_MS: "3000", TICK_MS: "100", EVENTS_PER_TICK: "5", PORTS: "4" },
  stdio: ["ignore", "pipe", "inherit"],
});
const ports = await new Promise<number[]>((resolve) =>
  endpoint.stdout!.once("data", (d: Buffer) => resolve((JSON.parse(d.toString()) as { ports: number[] }).ports)),
);
// A connection of its own each time: a kept-alive one may have been closed by the endpoint during a long run.
const stats = (method: "GET" | "POST") =>
  new Promise<Stats>((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port: ports[0], path: "/stats", method, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve(JSON.parse(body) as Stats));
    });
    req.on("error", reject);
    req.end();
  });
try {
  for (const samples of sizes) {
    await stats("POST");
    const run = spawnSync(process.execPath, ["--import", "tsx", here("./sampling-child.ts")], {
      env: {
        ...process.env,
        URL: ports.map((p) => `http://127.0.0.1:${p}/v1`).join(","),
        SAMPLES: String(samples),
        CONCURRENCY: String(C),
      },
      encoding: "utf8",
    });
    if (run.status !== 0) throw new Error(run.stderr);
    const r = JSON.parse(run.stdout.trim().split("\n").at(-1)!) as {
      done: number;
      failed: number;
      seconds: number;
      cpuSeconds: number;
      startRssMb: number;
      peakRssMb: number;
      startHeapMb: number;
      peakHeapMb: number;
    };
    const s = await stats("GET");
    const D = (s.meanMs ?? Number.NaN) / 1000;
    const rate = r.done / r.seconds;
    console.log(
      `sampling ${samples} with ${C} streams over ${ports.length} base URLs (${tokens} tokens each, one per event): ` +
        `${r.done} done, ${r.failed} failed in ${r.seconds.toFixed(1)} s = ${rate.toFixed(0)} samples/s, ` +
        `${(rate / (C / D)).toFixed(3)} of C/D = ${(C / D).toFixed(0)}/s (D = ${D.toFixed(2)} s measured at the endpoint); ` +
        `in flight: peak ${s.peak} (limit ${C}), mean ${(s.meanOpen ?? 0).toFixed(0)}; ${s.served} requests on ${s.connections} connections; peak RSS ${r.peakRssMb.toFixed(0)} MB ` +
        `(${(((r.peakRssMb - r.startRssMb) * 1024) / C).toFixed(0)} KB per stream over ${r.startRssMb.toFixed(0)} MB at start; ` +
        `JS heap ${(((r.peakHeapMb - r.startHeapMb) * 1024) / C).toFixed(0)} KB per stream); ` +
        `CPU ${((r.cpuSeconds / (r.done * tokens)) * 1e6).toFixed(1)} s per 1M tokens`,
    );
  }
} finally {
  endpoint.kill();
}

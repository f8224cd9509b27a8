import { hashPassword } from "../../server/auth/password";
import { send } from "../faults/http";
import { faultDir, openMigrated, seedCampaign } from "../faults/fault-db";
import { adminPassword, login, ServerProcess } from "../helpers/server-process";

// Event-loop latency during a big import: a real server process receives a 50 MB JSONL instruction file
// through POST /api/instruction-sets/import, then 50 MB of Chinese outputs for it through
// POST /api/outputs/import, while one client polls GET /api/health and an annotator asks
// for their next item (POST /api/annotate/campaigns/:id/next), each one request at a time. The import's
// parsing (and the outputs' word counts and offline signals) runs in a worker thread and the rows go in short
// chunks, so both p99 should stay under 100 ms; the longest stall is printed too (max).
// BENCH_SLOW=1 also prints when each answer over 100 ms was sent (seconds into the import) and how long it took.
const targetBytes = 50_000_000;
const password = "bench annotator password";

function importContent(): { content: string; lines: number } {
  const lines: string[] = [];
  let bytes = 0;
  for (let i = 0; bytes < targetBytes; i++) {
    const line = JSON.stringify({
      id: `b${i}`,
      prompt: `Write a story of about ${500 + (i % 8) * 250} words about item ${i}: a garden by the river, a stranger, a lantern and a letter nobody sent. Keep the tone quiet and the ending open.`,
      type: ["fiction", "letter", "essay"][i % 3],
      length: 500 + (i % 8) * 250,
    });
    lines.push(line);
    bytes += Buffer.byteLength(line) + 1;
  }
  return { content: lines.join("\n"), lines: lines.length };
}

const hanText = "春天的河边有一座安静的花园，陌生人提着灯笼走来，手里拿着一封从未寄出的信。她停下脚步，看着水面上的光。";

/** About 50 MB of outputs in Chinese, spread over the set's first `instructions` instructions (b0, b1...). */
function outputsContent(instructions: number): { content: string; lines: number } {
  const lines: string[] = [];
  let bytes = 0;
  for (let i = 0; bytes < targetBytes; i++) {
    const line = JSON.stringify({ instruction_id: `b${i % instructions}`, model: "bench-writer", text: `第${i}篇。${hanText.repeat(60)}` });
    lines.push(line);
    bytes += Buffer.byteLength(line) + 1;
  }
  return { content: lines.join("\n"), lines: lines.length };
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
const describe = (label: string, ms: number[]) => {
  const sorted = [...ms].sort((a, b) => a - b);
  return `${label} n=${sorted.length} p50 ${quantile(sorted, 0.5).toFixed(1)} ms, p99 ${quantile(sorted, 0.99).toFixed(1)} ms, max ${(sorted.at(-1) ?? NaN).toFixed(1)} ms`;
};

/** Sends one request after the other until `done`, timing each (a 5xx or a reset counts too: it is an answer). */
async function poll(
  request: () => Promise<{ status: number }>,
  done: () => boolean,
): Promise<{ ms: number[]; failures: number; slow: string[] }> {
  const ms: number[] = [];
  const slow: string[] = [];
  let failures = 0;
  while (!done()) {
    const start = performance.now();
    // A connection reset counts as an error answer: a server that stood still past its keep-alive timeout
    // closes the idle connection the request was just sent on.
    const answer = await request().catch(() => ({ status: 599 }));
    ms.push(performance.now() - start);
    if (ms.at(-1)! > 100) slow.push(`${((start - benchStart) / 1000).toFixed(1)}s:${ms.at(-1)!.toFixed(0)}`);
    if (answer.status >= 400) failures++;
    await new Promise((r) => setTimeout(r, 5));
  }
  return { ms, failures, slow };
}

let benchStart = performance.now();
const dir = faultDir("bench-import");
let server: ServerProcess | undefined;
try {
  const { db, ctx } = openMigrated(dir.dbPath);
  const { campaignId, usernames } = await seedCampaign(ctx, { instructions: 20, k: 1, annotators: 1, password });
  // The database is not empty, so the server creates no admin of its own.
  ctx.users.create("admin", "admin", await hashPassword(adminPassword), new Date());
  db.close();
  server = await ServerProcess.start(dir.dbPath, { LONGPREF_MAX_UPLOAD_MB: "80" });
  const url = server.url;
  const admin = await login(url, "admin", adminPassword);
  const annotator = await login(url, usernames[0]!, password);
  const health = () =>
    fetch(`${url}/api/health`).then(async (r) => {
      await r.arrayBuffer();
      return { status: r.status };
    });
  const next = () => send(url, "POST", `/api/annotate/campaigns/${campaignId}/next`, annotator, {});

  // Idle figures first: what the same requests take with nothing else going on.
  const idleUntil = performance.now() + 2_000;
  const idle = await Promise.all([poll(health, () => performance.now() > idleUntil), poll(next, () => performance.now() > idleUntil)]);

  /** Polls both requests while `start`'s import runs; prints p50, p99 and the longest stall of each. */
  const during = async (title: string, bytes: number, start: () => Promise<{ status: number; summary: string }>) => {
    let finished = false;
    const started = performance.now();
    benchStart = started;
    const imported = start().finally(() => (finished = true));
    const [healths, nexts, answer] = await Promise.all([poll(health, () => finished), poll(next, () => finished), imported]);
    const seconds = (performance.now() - started) / 1000;
    console.log(`\n## Event loop during a ${title} (real server process)`);
    console.log(`import: ${(bytes / 1e6).toFixed(1)} MB, answered ${answer.status} with ${answer.summary} in ${seconds.toFixed(1)} s`);
    console.log(`idle:   ${describe("GET /api/health", idle[0].ms)}; ${describe("annotator next", idle[1].ms)}`);
    console.log(
      `during: ${describe("GET /api/health", healths.ms)}; ${describe("annotator next", nexts.ms)}; ${healths.failures + nexts.failures} error answers`,
    );
    if (process.env.BENCH_SLOW) console.log("slow", healths.slow.join(" "), "|", nexts.slow.join(" "));
    return answer;
  };
  // Encoded before the clock starts: 50 MB of text turned into bytes by fetch would stall this process's
  // own event loop, which times the polls.
  const post = (path: string, body: Uint8Array<ArrayBuffer>) =>
    fetch(`${url}${path}`, { method: "POST", headers: { cookie: admin, "content-type": "application/json" }, body }).then(async (r) => ({
      status: r.status,
      body: (await r.json()) as Record<string, unknown>,
    }));

  const { content, lines } = importContent();
  const setBody = new TextEncoder().encode(JSON.stringify({ name: "bench-50mb", format: "jsonl", file_name: "bench.jsonl", content }));
  let setId = 0;
  await during("50 MB instruction-set import", Buffer.byteLength(content), async () => {
    const r = await post("/api/instruction-sets/import", setBody);
    const set = r.body.set as { id: number; instruction_count: number } | undefined;
    setId = set?.id ?? 0;
    return { status: r.status, summary: `${set?.instruction_count ?? "no"} of ${lines.toLocaleString("en-US")} instructions` };
  });

  // 50 MB of Chinese outputs (offline signals are slowest on them), one per instruction of that set.
  const outputs = outputsContent(lines);
  const outputsBody = new TextEncoder().encode(JSON.stringify({ set_id: setId, content: outputs.content }));
  await during("50 MB outputs import (Chinese text)", Buffer.byteLength(outputs.content), async () => {
    const r = await post("/api/outputs/import", outputsBody);
    return { status: r.status, summary: `${String(r.body.count ?? "no")} of ${outputs.lines.toLocaleString("en-US")} outputs` };
  });
} finally {
  await server?.kill();
  dir.remove();
}

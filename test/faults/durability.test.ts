import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { annotationQueue } from "../../server/campaigns/queue";
import { openDatabase } from "../../server/db/open";
import { faultDir, integrity, openMigrated, seedCampaign } from "./fault-db";

// docs/decisions/001: WAL with synchronous=NORMAL keeps every committed transaction through a process crash.
// Proof at the lowest level (a process printing each id after COMMIT, killed with SIGKILL) and what FULL
// would cost instead, in raw commits and in judgments through the annotation queue.
const child = fileURLToPath(new URL("./commit-child.ts", import.meta.url));
const dir = faultDir("durability");
const running = new Set<ReturnType<typeof spawn>>();
afterAll(() => {
  for (const c of running) c.kill("SIGKILL");
  dir.remove();
});

/** Runs the committing child until it has acknowledged `after` commits, kills it, answers every id it acknowledged. */
async function killWhileCommitting(dbPath: string, after: number, ackPath: string): Promise<number[]> {
  const proc = spawn(process.execPath, ["--import", "tsx", child], {
    env: { ...process.env, COMMIT_DB: dbPath, COMMIT_ACK: ackPath },
    stdio: ["ignore", "ignore", "pipe"],
  });
  running.add(proc);
  let stderr = "";
  proc.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  const acknowledged = () =>
    existsSync(ackPath)
      ? readFileSync(ackPath, "utf8")
          .split("\n")
          .filter((l) => l !== "")
          .map(Number)
      : [];
  const closed = new Promise<NodeJS.Signals | null>((resolve) => proc.once("close", (_code, s) => resolve(s)));
  // A machine busy with other tests may commit slowly: give up only when commits stop for 60 s.
  let seen = 0;
  let lastProgress = Date.now();
  while (proc.exitCode === null && proc.signalCode === null) {
    const n = acknowledged().length;
    if (n >= after) break;
    if (n > seen) {
      seen = n;
      lastProgress = Date.now();
    }
    if (Date.now() - lastProgress > 60_000) {
      proc.kill("SIGKILL");
      throw new Error(`no commit for 60 s after ${n}: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  proc.kill("SIGKILL");
  const signal = await closed;
  running.delete(proc);
  if (signal !== "SIGKILL") throw new Error(`the committing process ended by itself: ${stderr}`);
  return acknowledged();
}

function commitsPerSecond(dbPath: string, synchronous: "NORMAL" | "FULL", ms: number): number {
  const db = openDatabase(dbPath);
  db.pragma(`synchronous = ${synchronous}`);
  db.exec("CREATE TABLE commits (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)");
  const insert = db.prepare("INSERT INTO commits (payload) VALUES (?)");
  const commit = db.transaction(() => insert.run("x".repeat(200)));
  let count = 0;
  const until = performance.now() + ms;
  while (performance.now() < until) {
    commit();
    count++;
  }
  db.close();
  return count / (ms / 1000);
}

/** Judgments per second through the real queue (next + submit, one transaction each), in process. */
async function judgmentsPerSecond(dbPath: string, synchronous: "NORMAL" | "FULL"): Promise<number> {
  const { db, ctx } = openMigrated(dbPath);
  const { campaignId, usernames } = await seedCampaign(ctx, { instructions: 100, k: 10, annotators: 10, password: "annotator password 1" });
  db.pragma(`synchronous = ${synchronous}`);
  const queue = annotationQueue(ctx);
  const users = usernames.map((u) => ctx.users.findCredentials(u)!.user);
  let made = 0;
  const started = performance.now();
  // At most 1,000 judgments or 3 s: with FULL, fsyncs on a busy disk could otherwise take minutes.
  for (let round = 0; made < 1000 && performance.now() - started < 3000; round++) {
    if (round > 1000) throw new Error(`the queue ran dry after ${made} judgments`);
    for (const user of users) {
      const item = queue.next(campaignId, user);
      if (!item) continue;
      queue.submit(item.assignment_id, user, {
        verdict: "left",
        time_ms: 1000,
        coverage_left: 1,
        coverage_right: 1,
        idempotency_key: `speed-${user.id}-${round}`,
      });
      made++;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return made / seconds;
}

const rate = (n: number) => Math.round(n).toLocaleString("en-US");

describe("synchronous=NORMAL in WAL mode", () => {
  it("keeps every commit a killed process acknowledged, and costs less than FULL", async () => {
    const dbPath = `${dir.dir}/commits.db`;
    const acknowledged: number[] = [];
    const kills = 3;
    for (let i = 0; i < kills; i++)
      acknowledged.push(...(await killWhileCommitting(dbPath, 500 + Math.floor(Math.random() * 3000), `${dir.dir}/acknowledged-${i}.txt`)));
    const db = openDatabase(dbPath);
    const stored = new Set(db.prepare("SELECT id FROM commits").pluck().all() as number[]);
    const missing = acknowledged.filter((id) => !stored.has(id));
    const dbIntegrity = integrity(db);
    db.close();

    const normal = commitsPerSecond(`${dir.dir}/normal.db`, "NORMAL", 1000);
    const full = commitsPerSecond(`${dir.dir}/full.db`, "FULL", 1000);
    const judgedNormal = await judgmentsPerSecond(`${dir.dir}/judge-normal.db`, "NORMAL");
    const judgedFull = await judgmentsPerSecond(`${dir.dir}/judge-full.db`, "FULL");
    console.log(
      `faults durability: ${kills} kills of a process committing with synchronous=NORMAL: ${acknowledged.length.toLocaleString("en-US")} commits acknowledged, ` +
        `${missing.length} missing after restart, integrity ${dbIntegrity}; ` +
        `commits/s NORMAL ${rate(normal)} vs FULL ${rate(full)}; judgments/s (queue next + submit, in process) NORMAL ${rate(judgedNormal)} vs FULL ${rate(judgedFull)}`,
    );
    expect(acknowledged.length).toBeGreaterThanOrEqual(1500);
    expect(missing).toEqual([]);
    expect(dbIntegrity).toBe("ok");
    expect(normal).toBeGreaterThan(0);
    expect(full).toBeGreaterThan(0);
  }, 180_000);
});

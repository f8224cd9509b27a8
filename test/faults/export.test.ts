import { createHash } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "../../server/db/open";
import { createPairRun } from "../../server/pairs/runs";
import { allScores, seedJudgeScores, seedJudgeModel } from "../helpers/judging";
import { seedSet } from "../helpers/sampling";
import { tableRows } from "../helpers/test-db";
import { faultDir, integrity, openMigrated, seedOutputs } from "./fault-db";
import { sleep } from "./http";
import { adminPassword, freePort, login, ServerProcess } from "../helpers/server-process";

// A DPO export of 6,000 pairs of two ~3 kB outputs (about 35 MB of JSON lines) streamed by GET /api/exports.
// The server is killed while the client is reading it (slowly, so the stream is mid-file); the client must
// see a failed download, the database must be as it was, and the export rerun after the restart must give
// the very bytes an uninterrupted server gave.
const pairs = 6_000;

const dir = faultDir("export");
let server: ServerProcess | undefined;
afterAll(async () => {
  await server?.kill();
  dir.remove();
});

interface Download {
  status: number;
  bytes: Buffer;
  /** The body ended with an error (connection cut), not a clean end. */
  cut: boolean;
  ms: number;
}

/** Reads the whole answer; `each` runs after every chunk (to read slowly, or to kill the server midway). */
async function download(url: string, cookie: string, each?: (received: number) => Promise<void>): Promise<Download> {
  const started = performance.now();
  const res = await fetch(url, { headers: { cookie } });
  const chunks: Buffer[] = [];
  let received = 0;
  let cut = false;
  try {
    const reader = res.body!.getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      chunks.push(Buffer.from(chunk.value));
      received += chunk.value.byteLength;
      await each?.(received);
    }
  } catch {
    cut = true;
  }
  return { status: res.status, bytes: Buffer.concat(chunks), cut, ms: performance.now() - started };
}

/** Every table's rows but the sessions' (signing in writes there), hashed: "the database is unchanged". */
const fingerprint = (db: Db): string =>
  createHash("sha256")
    .update(tableRows(db, ["sessions"]))
    .digest("hex");

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex").slice(0, 12);

describe("an export while the server is killed with SIGKILL", () => {
  it("cuts the download, changes nothing, and the rerun gives the same bytes as an uninterrupted export", async () => {
    const { db, ctx } = openMigrated(dir.dbPath);
    const setId = seedSet(
      ctx,
      Array.from({ length: pairs }, (_, i) => `Write an essay about topic ${i + 1}.`),
      "faults-export",
    );
    const paragraph = (id: number, index: number) =>
      `Sample ${index} of instruction ${id}: the "quick" brown fox — jumps over the lazy dog; 长篇写作。\n`;
    seedOutputs(ctx, setId, { name: "writer", n: 2, text: (id, index) => paragraph(id, index).repeat(30) });
    const judge = seedJudgeModel(ctx);
    seedJudgeScores(ctx, setId, judge.id, (s) => allScores(s.sample_index === 0 ? 5 : 2));
    const runId = createPairRun(ctx, { set_id: setId, judge_model_id: judge.id, strategy: "best-vs-random", seed: 7 }, null);
    db.close();

    server = new ServerProcess(dir.dbPath, await freePort());
    await server.start();
    const started = performance.now();
    const cookie = await login(server.url, "admin", adminPassword);
    const exportUrl = `${server.url}/api/exports?from=proposals&run=${runId}&format=trl`;

    const reference = await download(exportUrl, cookie);
    expect(reference.status).toBe(200);
    expect(reference.cut).toBe(false);
    const check = openDatabase(dir.dbPath);
    const before = fingerprint(check);
    check.close();

    // The client reads about 10 MB/s, so the file takes seconds to come; the kill lands at 20–70 % of it.
    const killAt = Math.floor(reference.bytes.length * (0.2 + Math.random() * 0.5));
    let killedAt = 0;
    const killed = await download(exportUrl, cookie, async (received) => {
      if (killedAt === 0 && received >= killAt) {
        killedAt = received;
        await server!.kill();
      } else await sleep(5);
    });
    const afterKill = openDatabase(dir.dbPath);
    const unchanged = fingerprint(afterKill) === before;
    const integrityAfterKill = integrity(afterKill);
    afterKill.close();

    await server.start();
    const rerun = await download(exportUrl, cookie);
    await server.kill();
    const seconds = (performance.now() - started) / 1000;
    const final = openDatabase(dir.dbPath);
    const unchangedAtEnd = fingerprint(final) === before;
    const finalIntegrity = integrity(final);
    final.close();

    const lines = reference.bytes.toString("utf8").trimEnd().split("\n").length;
    const identical = rerun.bytes.equals(reference.bytes);
    const prefix = reference.bytes.subarray(0, killed.bytes.length).equals(killed.bytes);
    console.log(
      `faults export: ${lines.toLocaleString("en-US")} pairs (${(reference.bytes.length / 2 ** 20).toFixed(1)} MB, ${(reference.ms / 1000).toFixed(1)} s uninterrupted); ` +
        `killed after ${(killed.bytes.length / 2 ** 20).toFixed(1)} MB (${killed.cut ? "the client saw the download fail" : "the download looked COMPLETE"}, ` +
        `${prefix ? "a prefix of the file" : "NOT a prefix"}); database ${unchanged && unchangedAtEnd ? "unchanged" : "CHANGED"}; ` +
        `rerun after restart ${identical ? "byte-identical" : "DIFFERENT"} (sha256 ${sha(rerun.bytes)} vs ${sha(reference.bytes)}), integrity ${finalIntegrity}, ${seconds.toFixed(1)} s`,
    );
    expect(lines).toBe(pairs);
    expect(killedAt).toBeGreaterThan(0);
    expect(killed.cut).toBe(true);
    expect(killed.bytes.length).toBeLessThan(reference.bytes.length);
    expect(prefix).toBe(true);
    expect(unchanged).toBe(true);
    expect(integrityAfterKill).toBe("ok");
    expect(rerun.status).toBe(200);
    expect(rerun.cut).toBe(false);
    expect(identical).toBe(true);
    expect(unchangedAtEnd).toBe(true);
    expect(finalIntegrity).toBe("ok");
  }, 180_000);
});

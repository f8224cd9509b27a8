import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContext } from "../../server/context";
import { migrate } from "../../server/db/migrate";
import { openDatabase, type Db } from "../../server/db/open";
import { silentLogger } from "../../server/logger";
import { startFakeOpenAi, type FakeOpenAi } from "../helpers/fake-openai";
import { seedModel, seedSet } from "../helpers/sampling";

const bin = fileURLToPath(new URL("../../server/cli/bin.js", import.meta.url));
let fake: FakeOpenAi;
let db: Db;
let dbPath: string;

beforeAll(async () => {
  // Each answer streams for about 300 ms, so the kill lands with samples done, running and queued.
  fake = await startFakeOpenAi((req) => ({ kind: "stream", text: `Answer for ${req.prompt}`, chunks: 10, chunkDelayMs: 30 }));
  dbPath = join(mkdtempSync(join(tmpdir(), "longpref-resume-")), "resume.db");
  db = openDatabase(dbPath);
  migrate(db);
  const ctx = createContext(db, () => new Date(), silentLogger);
  seedSet(
    ctx,
    Array.from({ length: 6 }, (_, i) => `Write piece ${i + 1}`),
    "resume-set",
  );
  seedModel(ctx, [fake.url], { max_in_flight: 3, name: "resume-model" });
});
afterAll(async () => {
  db?.close();
  await fake?.close();
});

function sampleCli() {
  return spawn(process.execPath, [bin, "sample", "--set", "resume-set", "--model", "resume-model", "--n", "2", "--json", "--db", dbPath], {
    env: { ...process.env, LONGPREF_SAMPLING_LEASE_MS: "600" },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

const rows = () =>
  db
    .prepare(
      "SELECT s.id, s.status, s.text, s.finished_at, i.prompt, s.sample_index FROM samples s JOIN instructions i ON i.id = s.instruction_id ORDER BY s.id",
    )
    .all() as {
    id: number;
    status: string;
    text: string;
    finished_at: string | null;
    prompt: string;
    sample_index: number;
  }[];

describe("sampling after the runner's process is killed", () => {
  it("resumes the same job with exactly n samples per instruction, none requested again once done", async () => {
    const first = sampleCli();
    const deadline = Date.now() + 30_000;
    while (rows().filter((r) => r.status === "done").length < 4) {
      if (Date.now() > deadline) throw new Error("the first run made no progress");
      await new Promise((r) => setTimeout(r, 20));
    }
    first.kill("SIGKILL");
    await new Promise((r) => first.once("exit", r));
    const atKill = rows();
    const doneAtKill = atKill.filter((r) => r.status === "done");
    expect(doneAtKill.length).toBeGreaterThanOrEqual(4);
    expect(doneAtKill.length).toBeLessThan(12);
    expect(atKill.some((r) => r.status !== "done")).toBe(true);
    const requestsAtKill = fake.requests.length;

    const second = sampleCli();
    let out = "";
    second.stdout.on("data", (c: Buffer) => (out += c.toString()));
    let err = "";
    second.stderr.on("data", (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((r) => second.once("exit", r));
    expect(code, err).toBe(0);
    const summary = JSON.parse(out) as { job_id: number; done: number; failed: number; samples: number };
    expect(summary).toEqual({ job_id: 1, done: 12, failed: 0, samples: 12 });
    expect(db.prepare("SELECT COUNT(*) AS n FROM sampling_jobs").get()).toEqual({ n: 1 });

    const final = rows();
    expect(final).toHaveLength(12);
    expect(final.every((r) => r.status === "done")).toBe(true);
    expect(new Set(final.map((r) => `${r.prompt}#${r.sample_index}`)).size).toBe(12);
    // What was done before the kill is untouched...
    for (const before of doneAtKill) {
      const now = final.find((r) => r.id === before.id)!;
      expect(now.finished_at).toBe(before.finished_at);
      expect(now.text).toBe(before.text);
    }
    // ...and the second run asked only for what was not done: one request per unfinished sample.
    const later = fake.requests.slice(requestsAtKill);
    for (const prompt of new Set(final.map((r) => r.prompt))) {
      const unfinished = atKill.filter((r) => r.prompt === prompt && r.status !== "done").length;
      expect(later.filter((q) => q.prompt === prompt).length, prompt).toBe(unfinished);
    }
  });
});

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createContext } from "../../server/context";
import { migrate } from "../../server/db/migrate";
import { openDatabase, type Db } from "../../server/db/open";
import { silentLogger } from "../../server/logger";
import { createSamplingJob } from "../../server/sampling/jobs";
import { runCli } from "../helpers/cli";
import { chunk, startFakeOpenAi, type FakeOpenAi } from "../helpers/fake-openai";
import { seedModel, seedSet } from "../helpers/sampling";
import { ServerProcess } from "../helpers/server-process";

// Issue #12 part 5: max_in_flight is the model's, not each process's. The server's runner and a CLI
// `sample` work on the same job against one endpoint that counts the requests open on it.

const limit = 8;
const prompts = 120;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let dir: string;
let db: Db | undefined;
let server: ServerProcess | undefined;
let fake: FakeOpenAi | undefined;
afterEach(async () => {
  await server?.stop();
  await fake?.close();
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("one in-flight limit per model across processes", () => {
  it("never lets the server's runner and a CLI sample together exceed max_in_flight, and samples each output once", {
    timeout: 180_000,
  }, async () => {
    dir = mkdtempSync(join(tmpdir(), "longpref-slots-"));
    const dbPath = join(dir, "longpref.db");
    // The first answers wait until both processes are running (or 16 requests are open, which only a
    // per-process limit allows), so the two runners compete for the model from the start.
    let cliStarted = 0;
    let gateOpen = false;
    const gate = async () => {
      while (!gateOpen) {
        if ((fake?.inFlight ?? 0) >= 2 * limit || (cliStarted > 0 && Date.now() - cliStarted > 3_000)) gateOpen = true;
        else await sleep(20);
      }
      await sleep(20 + Math.random() * 60);
    };
    fake = await startFakeOpenAi(({ prompt }) => ({
      kind: "answer",
      write: async (res, model) => {
        await gate();
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.write(chunk(model, { role: "assistant", content: `An answer to ${prompt}` }, null));
        res.write(chunk(model, {}, "stop"));
        res.end("data: [DONE]\n\n");
      },
    }));

    db = openDatabase(dbPath);
    migrate(db);
    const ctx = createContext(db, () => new Date(), silentLogger);
    const model = seedModel(ctx, [fake.url], { name: "shared", max_in_flight: limit });
    const setId = seedSet(
      ctx,
      Array.from({ length: prompts }, (_, i) => `essay ${i}`),
      "essays",
    );
    const jobId = createSamplingJob(ctx, { set_id: setId, model_id: model.id, n: 1 }, null);

    server = await ServerProcess.start(dbPath);
    const cli = runCli(["sample", "--set", "essays", "--model", "shared", "--n", "1", "--db", dbPath], { LONGPREF_DB: dbPath });
    cliStarted = Date.now();
    const outcome = await cli;

    const counts = db.prepare("SELECT status, COUNT(*) AS n FROM samples WHERE job_id = ? GROUP BY status").all(jobId);
    const asked = new Map<string, number>();
    for (const r of fake.requests) asked.set(r.prompt, (asked.get(r.prompt) ?? 0) + 1);
    console.log(
      `faults in-flight across processes: server runner + CLI sample, max_in_flight ${limit}: endpoint peak ${fake.maxInFlight}, ${fake.requests.length} requests for ${prompts} samples`,
    );
    expect(outcome.stderr).toContain(`Continuing sampling job ${jobId}`);
    expect(outcome.status).toBe(0);
    expect(counts).toEqual([{ status: "done", n: prompts }]);
    expect(fake.maxInFlight).toBeLessThanOrEqual(limit);
    expect(fake.maxInFlight).toBe(limit);
    // Each output asked for exactly once: no sample ran in both processes.
    expect(asked.size).toBe(prompts);
    expect([...asked.values()].every((n) => n === 1)).toBe(true);
    // No runner holds a slot once the job is over... but the server's keeps running: its row is gone or empty.
    expect(db.prepare("SELECT COUNT(*) AS n FROM model_slots").get()).toEqual({ n: 0 });
  });
});

import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../server/db/open";
import { createSamplingJob } from "../../server/sampling/jobs";
import { chunk, startFakeOpenAi, type FakeOpenAi } from "../helpers/fake-openai";
import { seedModel, seedSet } from "../helpers/sampling";
import { login, ServerProcess } from "../helpers/server-process";
import { freshTestDatabase, testBackend, type TestDatabase } from "../helpers/test-db";
import { faultDir, openMigrated, seedCampaign } from "./fault-db";
import { type Acknowledged, auditJudgments } from "./judgment-audit";
import { type Answer, send, sleep } from "./http";

// Issue #19's crash test: two servers and a worker on one PostgreSQL database, 10,000 judgments sent by 40
// concurrent annotators (500 comparisons × k = 20) while a sampling job runs on all three runners. Midway one
// server and the worker are killed with SIGKILL and stay dead; each annotator whose server died goes on with
// the other one, sending an unanswered judgment again with its idempotency key. 0 lost, 0 duplicated, 0 5xx,
// and the job still ends with each output sampled once, never over the model's max_in_flight.
// PostgreSQL only: on SQLite, judgments.test.ts (kills of one server) and writers.test.ts (two servers on one
// file) cover the same rules.
// CRASH_INSTRUCTIONS scales it down for a quick look (500 gives the 10,000 judgments).
const instructions = Number(process.env.CRASH_INSTRUCTIONS ?? 500);
const k = 20;
const annotators = 40;
const total = instructions * k;
const password = "annotator password 1";
// Enough samples, each answered in 0.5–1.5 s, that the job is still running when the worker dies.
const prompts = Math.round(instructions * 2.4);
const maxInFlight = 6;
const root = fileURLToPath(new URL("../..", import.meta.url));

interface Submission extends Acknowledged {
  judgmentId: number;
}

/** An answer thrown away by the client: it came from the server being killed, as on a cut connection. */
class AnswerLost extends Error {}

const dir = faultDir("two-servers");
let database: TestDatabase | undefined;
const servers: ServerProcess[] = [];
let worker: ChildProcess | undefined;
let fake: FakeOpenAi | undefined;
afterAll(async () => {
  worker?.kill("SIGKILL");
  for (const s of servers) await s.kill();
  await fake?.close();
  database?.drop();
  dir.remove();
});

function startWorker(location: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "test/faults/worker-child.ts"], {
    cwd: root,
    env: { ...process.env, LONGPREF_DB: location, LEASE_MS: "10000" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let seen = "";
    const read = (c: Buffer) => {
      seen += c.toString();
      if (seen.includes("worker running")) resolve(child);
    };
    child.stdout!.on("data", read);
    child.stderr!.on("data", read);
    child.once("exit", (code) => reject(new Error(`worker exited (${code}) while starting:\n${seen}`)));
  });
}

describe.skipIf(testBackend !== "postgres")("two servers and a worker on one PostgreSQL database, one server and the worker killed", () => {
  it("keeps every acknowledged judgment exactly once, answers no 5xx, and finishes the sampling job", { timeout: 900_000 }, async () => {
    database = freshTestDatabase();
    const location = database.location;
    const { db, ctx } = openMigrated(location);
    const { campaignId, usernames } = await seedCampaign(ctx, { instructions, k, annotators, password });
    // Answers take a moment, so the job is still running when the worker dies.
    fake = await startFakeOpenAi(({ prompt }) => ({
      kind: "answer",
      write: async (res, model) => {
        await sleep(500 + Math.random() * 1000);
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.write(chunk(model, { role: "assistant", content: `An answer to ${prompt}` }, null));
        res.write(chunk(model, {}, "stop"));
        res.end("data: [DONE]\n\n");
      },
    }));
    const model = seedModel(ctx, [fake.url], { name: "shared", max_in_flight: maxInFlight });
    const setId = seedSet(
      ctx,
      Array.from({ length: prompts }, (_, i) => `essay ${i}`),
      "essays",
    );
    const jobId = createSamplingJob(ctx, { set_id: setId, model_id: model.id, n: 1 }, null);
    db.close();

    const env = { LONGPREF_SAMPLING_LEASE_MS: "10000", LONGPREF_MODELS_FILE: join(dir.dir, "models.json") };
    servers.push(await ServerProcess.start(location, env), await ServerProcess.start(location, env));
    worker = await startWorker(location);
    const [doomed, survivor] = servers as [ServerProcess, ServerProcess];
    const doomedUrl = doomed.url;
    const urls = servers.map((s) => s.url);
    // Half the annotators start on each server; a session made on one is good on the other.
    const sessions = await Promise.all(
      usernames.map(async (u, i) => ({ username: u, home: i % 2, cookie: await login(urls[i % 2]!, u, password) })),
    );

    const acknowledged: Submission[] = [];
    const unexpected: string[] = [];
    let dropping = false;
    let switched = 0;
    const deadline = Date.now() + 780_000;
    const started = performance.now();

    /** Sends to the annotator's server; on a failed connection, sends the same request to the other one. */
    async function sendAnywhere(s: { home: number; cookie: string }, path: string, body: unknown): Promise<Answer> {
      for (;;) {
        const url = urls[s.home]!;
        try {
          const answer = await send(url, "POST", path, s.cookie, body);
          if (dropping && url === doomedUrl) throw new AnswerLost();
          return answer;
        } catch {
          if (Date.now() > deadline) throw new Error("no answer before the deadline");
          if (url === doomedUrl) {
            s.home = 1 - s.home;
            switched++;
          } else await sleep(50);
        }
      }
    }

    async function annotate(s: { username: string; home: number; cookie: string }) {
      for (let made = 0; ; made++) {
        const next = await sendAnywhere(s, `/api/annotate/campaigns/${campaignId}/next`, {});
        if (next.status !== 200) {
          unexpected.push(`next: ${next.status} ${JSON.stringify(next.body)}`);
          // A server that keeps failing would keep this loop going: a few are enough to fail the test.
          if (unexpected.length > 20) {
            console.log(`survivor's log:\n${survivor.output.slice(-6000)}`);
            throw new Error(`unexpected answers: ${unexpected.slice(0, 3).join("; ")}`);
          }
          continue;
        }
        const item = (next.body as { item: { assignment_id: number } | null }).item;
        if (item === null) return;
        const body = {
          verdict: made % 2 ? "left" : "right",
          time_ms: 1000,
          coverage_left: 1,
          coverage_right: 1,
          idempotency_key: `crash-${s.username}-${made}`,
        };
        const answer = await sendAnywhere(s, `/api/annotate/assignments/${item.assignment_id}/judgment`, body);
        if (answer.status !== 201 && answer.status !== 200) {
          unexpected.push(`judgment: ${answer.status} ${JSON.stringify(answer.body)}`);
          continue;
        }
        const judgment = (answer.body as { judgment: { id: number } }).judgment;
        acknowledged.push({ username: s.username, key: body.idempotency_key, assignmentId: item.assignment_id, judgmentId: judgment.id });
      }
    }

    // Midway (35–55 % acknowledged), with samples still to write: one server and the worker die together.
    const threshold = Math.floor(total * (0.35 + Math.random() * 0.2));
    let samplesAtKill = 0;
    const killer = (async () => {
      while (acknowledged.length < threshold) await sleep(5);
      dropping = true;
      await sleep(10 + Math.random() * 20);
      worker!.kill("SIGKILL");
      await doomed.kill();
      dropping = false;
      samplesAtKill = fake!.requests.length;
    })();
    await Promise.all(sessions.map((s) => annotate(s)));
    await killer;
    const seconds = (performance.now() - started) / 1000;

    const check = openDatabase(location);
    try {
      // The surviving server's runner finishes the job once the dead runners' leases (10 s here) end.
      const jobDone = () =>
        (check.prepare("SELECT status FROM sampling_jobs WHERE id = ?").get(jobId) as { status: string }).status === "done";
      while (!jobDone() && Date.now() < deadline) await sleep(200);

      const { rows, lost, duplicated, withoutAck, counterMismatches } = auditJudgments(check, campaignId, acknowledged);
      const samples = check
        .prepare(
          "SELECT status, COUNT(*) AS n, COUNT(DISTINCT instruction_id) AS instructions FROM samples WHERE job_id = ? GROUP BY status",
        )
        .all(jobId);

      console.log(
        `faults two servers: ${acknowledged.length.toLocaleString("en-US")} judgments acknowledged by ${annotators} concurrent clients on 2 servers + a worker (PostgreSQL), ` +
          `server and worker killed after ${threshold.toLocaleString("en-US")} (${samplesAtKill} of ${prompts} samples asked for by then), ` +
          `${switched} clients moved to the other server; ${lost.length} lost, ${duplicated} duplicated, ${unexpected.length} unexpected answers (5xx or other), ` +
          `${withoutAck.length} stored without an acknowledgment; counters ${counterMismatches.every((m) => m.n === 0) ? "consistent" : "INCONSISTENT"}; ` +
          `sampling job ${jobDone() ? "done" : "NOT done"}, ${JSON.stringify(samples)}, endpoint peak ${fake.maxInFlight} in flight (limit ${maxInFlight}); ${seconds.toFixed(1)} s`,
      );
      if (unexpected.length > 0) console.log(`survivor's log:\n${survivor.output.slice(-6000)}`);
      expect(lost).toEqual([]);
      expect(duplicated).toBe(0);
      expect(unexpected).toEqual([]);
      expect(acknowledged).toHaveLength(total);
      expect(withoutAck).toEqual([]);
      expect(rows).toHaveLength(total);
      expect(counterMismatches.filter((m) => m.n !== 0)).toEqual([]);
      expect(survivor.kills).toBe(0);
      expect(jobDone()).toBe(true);
      expect(samples).toEqual([{ status: "done", n: prompts, instructions: prompts }]);
      expect(fake.maxInFlight).toBeLessThanOrEqual(maxInFlight);
    } finally {
      check.close();
    }
  });
});

import { afterEach, describe, expect, it } from "vitest";
import type { Db } from "../../server/db/open";
import { choiceText, startFakeOpenAi, type FakeOpenAi } from "../helpers/fake-openai";
import { seedModel, seedSet } from "../helpers/sampling";
import { faultDir, integrity, openMigrated } from "./fault-db";
import { send, sleep } from "./http";
import { adminPassword, freePort, login, ServerProcess } from "../helpers/server-process";

// 20 instructions × n = 4, four requests at a time, each answer streaming for about 400 ms: the server is
// killed twice with samples done, running and queued, and must finish the job by itself after each
// restart. With n_per_request 4 an instruction's samples are the choices of one request (issue #20).
const instructions = 20;
const n = 4;

interface SampleRow {
  id: number;
  status: string;
  text: string;
  finished_at: string | null;
  prompt: string;
  sample_index: number;
  job_id: number;
  instruction_id: number;
}

const answerTo = (prompt: string) => `Answer for ${prompt}. `.repeat(8);
let dir: ReturnType<typeof faultDir>;
let fake: FakeOpenAi;
let server: ServerProcess | undefined;
let db: Db;
afterEach(async () => {
  await server?.kill();
  server = undefined;
  db?.close();
  await fake?.close();
  dir?.remove();
});

describe("a sampling job while the server is killed with SIGKILL", () => {
  it.each([1, 4])(
    "resumes by itself and finishes with exactly n samples per instruction, none requested again once done (n_per_request %i)",
    async (nPerRequest) => {
      dir = faultDir(`sampling-${nPerRequest}`);
      fake = await startFakeOpenAi((req) => ({ kind: "stream", text: answerTo(req.prompt), chunks: 10, chunkDelayMs: 40 }));
      const opened = openMigrated(dir.dbPath);
      db = opened.db;
      const setId = seedSet(
        opened.ctx,
        Array.from({ length: instructions }, (_, i) => `Write piece ${i + 1}`),
        "faults-set",
      );
      const model = seedModel(opened.ctx, [fake.url], { max_in_flight: 4, name: "faults-model", n_per_request: nPerRequest });
      const rows = () =>
        db
          .prepare(
            "SELECT s.id, s.status, s.text, s.finished_at, i.prompt, s.sample_index, s.job_id, s.instruction_id FROM samples s JOIN instructions i ON i.id = s.instruction_id ORDER BY s.id",
          )
          .all() as SampleRow[];

      server = new ServerProcess(dir.dbPath, await freePort(), { LONGPREF_SAMPLING_LEASE_MS: "800" });
      await server.start();
      const cookie = await login(server.url, "admin", adminPassword);
      const created = await send(server.url, "POST", "/api/sampling-jobs", cookie, { set_id: setId, model_id: model.id, n });
      expect(created.status).toBe(201);
      const jobId = (created.body as { job: { id: number } }).job.id;
      const started = performance.now();

      const kills: { done: SampleRow[]; running: number; queued: number; unfinished: SampleRow[]; requests: number }[] = [];
      for (const share of [0.2, 0.55]) {
        const target = Math.floor(instructions * n * (share + Math.random() * 0.1));
        const deadline = Date.now() + 60_000;
        while (rows().filter((r) => r.status === "done").length < target) {
          if (Date.now() > deadline) throw new Error(`no progress to ${target} done samples:\n${server.output}`);
          await sleep(20);
        }
        await server.kill();
        // Requests the server sent just before dying may still be in this process's socket buffers: read
        // once its connections to the fake have closed (the fake reads a socket's data before its close).
        const closeDeadline = Date.now() + 30_000;
        while (fake.openConnections > 0) {
          if (Date.now() > closeDeadline) throw new Error(`${fake.openConnections} connections to the fake still open after the kill`);
          await sleep(5);
        }
        const atKill = rows();
        kills.push({
          done: atKill.filter((r) => r.status === "done"),
          running: atKill.filter((r) => r.status === "running").length,
          queued: atKill.filter((r) => r.status === "queued").length,
          unfinished: atKill.filter((r) => r.status !== "done"),
          requests: fake.requests.length,
        });
        await server.start();
      }

      // Nobody resumes the job: the restarted server's runner takes it up once the killed leases run out.
      let status = "";
      const deadline = Date.now() + 60_000;
      while (status !== "done") {
        if (Date.now() > deadline) throw new Error(`the job did not finish (${status}):\n${server.output}`);
        await sleep(100);
        const progress = await send(server.url, "GET", `/api/sampling-jobs/${jobId}`, cookie);
        status = (progress.body as { job: { status: string } }).job.status;
      }
      const seconds = (performance.now() - started) / 1000;
      await server.kill();

      const final = rows();
      const duplicates = final.length - new Set(final.map((r) => `${r.job_id}/${r.instruction_id}/${r.sample_index}`)).size;
      const perInstruction = new Map<number, number>();
      for (const r of final) perInstruction.set(r.instruction_id, (perInstruction.get(r.instruction_id) ?? 0) + 1);
      // What was done at a kill is untouched afterwards, and never asked for again.
      const changed = kills.flatMap((k) =>
        k.done.filter((before) => {
          const now = final.find((r) => r.id === before.id)!;
          return now.text !== before.text || now.finished_at !== before.finished_at;
        }),
      );
      const requestedAgain = kills.flatMap((k) => {
        const later = new Set(fake.requests.slice(k.requests).map((q) => q.prompt));
        return k.done.filter((d) => later.has(d.prompt) && !k.unfinished.some((u) => u.prompt === d.prompt));
      });
      // After the last kill: exactly one request per unfinished sample (a killed stream is asked again once);
      // with n_per_request 4, one request per instruction with unfinished samples, its n their number.
      const last = kills.at(-1)!;
      const afterLast = fake.requests.slice(last.requests);
      const mismatches = [...new Set(final.map((r) => r.prompt))].filter((prompt) => {
        const asked = afterLast.filter((q) => q.prompt === prompt);
        const open = last.unfinished.filter((u) => u.prompt === prompt).length;
        const choices = asked.reduce((sum, q) => sum + (q.body.n ?? 1), 0);
        return choices !== open || asked.length !== (nPerRequest === 1 ? open : Math.ceil(open / nPerRequest));
      });
      // Every text is one whole choice of its prompt's answer, never pieces of several.
      const wrongText = final.filter(
        (r) => !Array.from({ length: nPerRequest }, (_, i) => choiceText(answerTo(r.prompt), i)).includes(r.text),
      );
      const dbIntegrity = integrity(db);

      console.log(
        `faults sampling (n_per_request ${nPerRequest}): ${kills.length} kills (${kills.map((k) => `${k.done.length} done, ${k.running} running, ${k.queued} queued`).join("; ")}); ` +
          `the job resumed by itself and finished: ${final.filter((r) => r.status === "done").length}/${instructions * n} samples done, ` +
          `${duplicates} duplicate (job, instruction, index), ${changed.length} finished samples changed, ${requestedAgain.length} requested again ` +
          `(${afterLast.length} requests after the last restart for ${last.unfinished.length} unfinished samples, ` +
          `${(fake.requests.length / instructions).toFixed(2)} requests per instruction in all), integrity ${dbIntegrity}, ${seconds.toFixed(1)} s`,
      );
      for (const k of kills) {
        expect(k.done.length).toBeGreaterThan(0);
        expect(k.queued).toBeGreaterThan(0);
      }
      expect(kills.some((k) => k.running > 0)).toBe(true);
      expect(final).toHaveLength(instructions * n);
      expect(final.every((r) => r.status === "done" && r.job_id === jobId)).toBe(true);
      expect(duplicates).toBe(0);
      expect([...perInstruction.values()].every((count) => count === n)).toBe(true);
      expect(changed).toEqual([]);
      expect(requestedAgain).toEqual([]);
      expect(mismatches).toEqual([]);
      expect(wrongText).toEqual([]);
      expect(db.prepare("SELECT COUNT(*) AS n FROM sampling_jobs").get()).toEqual({ n: 1 });
      expect(dbIntegrity).toBe("ok");
    },
    180_000,
  );
});

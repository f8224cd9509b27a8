import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../server/db/open";
import { runCli } from "../helpers/cli";
import { startFakeOpenAi, type FakeOpenAi } from "../helpers/fake-openai";
import { seedModel, seedSet } from "../helpers/sampling";
import { login, ServerProcess } from "../helpers/server-process";
import { faultDir, integrity, openMigrated, seedCampaign } from "./fault-db";
import { send, type Answer } from "./http";

// Four writers on one SQLite file at once: annotators submitting judgments to two server processes, a CLI
// import of 50,000 instructions (7 MB) and a CLI sampling job. Every write waits its turn: no answer is
// a 5xx, and every acknowledged judgment is in the file at the end.
const annotators = 16;
const password = "annotator password 1";
const importedInstructions = 50_000;

const dir = faultDir("writers");
const servers: ServerProcess[] = [];
let fake: FakeOpenAi | undefined;
afterAll(async () => {
  for (const s of servers) await s.kill();
  await fake?.close();
  dir.remove();
});

describe("a second writer on the same database file", () => {
  it("answers no 5xx and loses no acknowledged judgment while a CLI import, a CLI sample and a second server write", async () => {
    const { db, ctx } = openMigrated(dir.dbPath);
    const { campaignId, usernames } = await seedCampaign(ctx, { instructions: 400, k: annotators, annotators, password });
    fake = await startFakeOpenAi(() => ({ kind: "stream", text: "A short story about a lantern. ".repeat(30), chunks: 4 }));
    seedSet(
      ctx,
      Array.from({ length: 200 }, (_, i) => `Write a poem number ${i + 1}.`),
      "to-sample",
    );
    seedModel(ctx, [fake.url], { name: "writer-fake", max_in_flight: 8 });
    db.close();
    const importFile = join(dir.dir, "big.jsonl");
    writeFileSync(
      importFile,
      Array.from({ length: importedInstructions }, (_, i) =>
        JSON.stringify({
          id: `i${i}`,
          prompt: `Write a story about item ${i} in a garden by the river, with a stranger and a lantern.`,
          length: 500 + (i % 8) * 250,
        }),
      ).join("\n"),
    );

    servers.push(await ServerProcess.start(dir.dbPath), await ServerProcess.start(dir.dbPath));
    const urls = servers.map((s) => s.url);
    // Each annotator works on one of the two servers; half on each.
    const sessions = await Promise.all(
      usernames.map(async (u, i) => ({ username: u, url: urls[i % 2]!, cookie: await login(urls[i % 2]!, u, password) })),
    );

    const serverErrors: string[] = [];
    const acknowledged: { username: string; key: string; judgmentId: number }[] = [];
    let othersDone = false;
    // A refused or cut connection (a server that died) counts with the 5xx answers.
    const record = async (what: string, sent: Promise<Answer>): Promise<Answer> => {
      const answer = await sent.catch((err: unknown) => ({ status: 599, body: `connection failed: ${String(err)}` }));
      if (answer.status >= 500) serverErrors.push(`${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer;
    };

    async function annotate(s: { username: string; url: string; cookie: string }) {
      for (let made = 0; !othersDone; made++) {
        const next = await record("next", send(s.url, "POST", `/api/annotate/campaigns/${campaignId}/next`, s.cookie, {}));
        if (next.status === 599) return;
        if (next.status !== 200) continue;
        const item = (next.body as { item: { assignment_id: number } | null }).item;
        if (item === null) return;
        const key = `writers-${s.username}-${made}`;
        const body = { verdict: made % 2 ? "left" : "right", time_ms: 1000, coverage_left: 1, coverage_right: 1, idempotency_key: key };
        const answer = await record(
          "judgment",
          send(s.url, "POST", `/api/annotate/assignments/${item.assignment_id}/judgment`, s.cookie, body),
        );
        if (answer.status === 200 || answer.status === 201) {
          acknowledged.push({ username: s.username, key, judgmentId: (answer.body as { judgment: { id: number } }).judgment.id });
        }
      }
    }

    const started = performance.now();

    const load = Promise.all(sessions.map((s) => annotate(s)));
    const env = { LONGPREF_DB: dir.dbPath };
    const [imported, sampled] = await Promise.all([
      runCli(["import", importFile, "--name", "big", "--json"], env),
      runCli(["sample", "--set", "to-sample", "--model", "writer-fake", "--n", "2", "--json"], env),
    ]);
    othersDone = true;
    await load;
    const seconds = (performance.now() - started) / 1000;
    for (const s of servers) await s.kill();

    const check = openDatabase(dir.dbPath);
    const inDb = new Map(
      (
        check
          .prepare(
            `SELECT u.username || '/' || a.idempotency_key AS key, a.id FROM human_judgments a JOIN users u ON u.id = a.user_id WHERE a.campaign_id = ?`,
          )
          .all(campaignId) as { key: string; id: number }[]
      ).map((r) => [r.key, r.id]),
    );
    const lost = acknowledged.filter((a) => inDb.get(`${a.username}/${a.key}`) !== a.judgmentId);
    const importedRows = (
      check.prepare("SELECT COUNT(*) AS n FROM instructions i JOIN instruction_sets s ON s.id = i.set_id WHERE s.name = 'big'").get() as {
        n: number;
      }
    ).n;
    const samples = (
      check
        .prepare(
          "SELECT COUNT(*) AS n FROM samples s JOIN models m ON m.id = s.model_id WHERE m.name = 'writer-fake' AND s.status = 'done'",
        )
        .get() as { n: number }
    ).n;
    const dbIntegrity = integrity(check);
    check.close();

    console.log(
      `faults writers: ${acknowledged.length} judgments acknowledged by ${annotators} annotators on 2 servers while a CLI import of ` +
        `${importedInstructions.toLocaleString("en-US")} instructions (exit ${imported.status}) and a CLI sample (exit ${sampled.status}, ${samples} samples) wrote the same file: ` +
        `${serverErrors.length} answers 5xx, ${lost.length} acknowledged judgments lost, integrity ${dbIntegrity}, ${seconds.toFixed(1)} s`,
    );
    expect(serverErrors.slice(0, 5)).toEqual([]);
    expect(lost).toEqual([]);
    expect(acknowledged.length).toBeGreaterThan(0);
    expect({ status: imported.status, stderr: imported.stderr }).toEqual({ status: 0, stderr: "" });
    expect(importedRows).toBe(importedInstructions);
    expect(sampled.status).toBe(0);
    expect(samples).toBe(400);
    expect(dbIntegrity).toBe("ok");
  }, 180_000);
});

import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../server/db/open";
import { faultDir, integrity, openMigrated, seedCampaign } from "./fault-db";
import { type Acknowledged, auditJudgments } from "./judgment-audit";
import { send, sendUntilAnswered, sleep } from "./http";
import { freePort, login, ServerProcess } from "../helpers/server-process";

// 500 comparisons × k = 20 gives 10,000 judgments to 40 annotators (each may judge a comparison once),
// submitted over HTTP to the real server while it is killed with SIGKILL three times.
const instructions = 500;
const k = 20;
const annotators = 40;
const total = instructions * k;
const password = "annotator password 1";

interface Submission extends Acknowledged {
  /** The first attempt's connection failed (the kill); the same key was sent again. */
  retried: boolean;
  /** 200 to a retry: the first attempt had been committed, only its answer was lost. */
  replayed: boolean;
}

/** A submission's answer thrown away by the client: it arrived while the server was being killed. */
class AnswerLost extends Error {}

const dir = faultDir("judgments");
let server: ServerProcess | undefined;
afterAll(async () => {
  await server?.kill();
  dir.remove();
});

describe("judgments while the server is killed with SIGKILL", () => {
  it("keeps every acknowledged judgment exactly once", async () => {
    const { db, ctx } = openMigrated(dir.dbPath);
    const { campaignId, usernames } = await seedCampaign(ctx, { instructions, k, annotators, password });
    db.close();

    server = new ServerProcess(dir.dbPath, await freePort());
    await server.start();
    const url = server.url;
    const cookies = await Promise.all(usernames.map((u) => login(url, u, password)));

    const acknowledged: Submission[] = [];
    const unexpected: string[] = [];
    const deadline = Date.now() + 240_000;
    // From just before a kill until it: answers still arriving are lost with the server, as on a network
    // cut. Their judgments are committed; the client sends them again with the same key after the restart.
    let dropping = false;
    const started = performance.now();

    async function annotate(username: string, cookie: string) {
      for (let made = 0; ; made++) {
        const next = await sendUntilAnswered(() => send(url, "POST", `/api/annotate/campaigns/${campaignId}/next`, cookie, {}), deadline);
        if (next.status !== 200) throw new Error(`next: ${next.status} ${JSON.stringify(next.body)}`);
        const item = (next.body as { item: { assignment_id: number } | null }).item;
        if (item === null) return;
        const body = {
          verdict: made % 2 ? "left" : "right",
          time_ms: 1000,
          coverage_left: 1,
          coverage_right: 1,
          idempotency_key: `faults-${username}-${made}`,
        };
        const path = `/api/annotate/assignments/${item.assignment_id}/judgment`;
        const answer = await sendUntilAnswered(async () => {
          const sent = await send(url, "POST", path, cookie, body);
          if (dropping) throw new AnswerLost();
          return sent;
        }, deadline);
        if (answer.status !== 201 && answer.status !== 200) {
          unexpected.push(`${answer.status} ${JSON.stringify(answer.body)}`);
          continue;
        }
        const judgment = (answer.body as { judgment: { id: number } }).judgment;
        acknowledged.push({
          username,
          key: body.idempotency_key,
          assignmentId: item.assignment_id,
          judgmentId: judgment.id,
          retried: answer.failures > 0,
          replayed: answer.status === 200,
        });
      }
    }

    // Three kills at random moments, spread over the run: each waits for its share of acknowledgments.
    const thresholds = [0.1, 0.4, 0.7].map((at) => Math.floor(total * (at + Math.random() * 0.2)));
    const killer = (async () => {
      for (const threshold of thresholds) {
        while (acknowledged.length < threshold) await sleep(2);
        dropping = true;
        await sleep(10 + Math.random() * 20);
        await server!.kill();
        dropping = false;
        await server!.start();
      }
    })();
    await Promise.all(usernames.map((u, i) => annotate(u, cookies[i]!)));
    await killer;
    const seconds = (performance.now() - started) / 1000;
    // The last kill comes after the last answer: what the clients were told must be on disk already.
    await server.kill();

    const check = openDatabase(dir.dbPath);
    const { rows, lost, duplicated, withoutAck, counterMismatches } = auditJudgments(check, campaignId, acknowledged);
    const retried = acknowledged.filter((s) => s.retried).length;
    const replayed = acknowledged.filter((s) => s.replayed).length;
    const progressTotal = (
      check.prepare("SELECT COALESCE(SUM(judged), 0) AS n FROM annotator_progress WHERE campaign_id = ?").get(campaignId) as { n: number }
    ).n;
    const dbIntegrity = integrity(check);
    check.close();

    console.log(
      `faults judgments: ${acknowledged.length.toLocaleString("en-US")} acknowledged by ${annotators} concurrent clients, ${server.kills - 1} kills during submissions ` +
        `(+1 after the last answer), ${lost.length} lost, ${duplicated} duplicated, ${retried} retried after a kill ` +
        `(${replayed} of them committed but not acknowledged, answered as replays of the same judgment), ${withoutAck.length} in the database without an acknowledgment, ` +
        `counters ${counterMismatches.every((m) => m.n === 0) ? "consistent" : "INCONSISTENT"}, integrity ${dbIntegrity}, ${seconds.toFixed(1)} s`,
    );
    // Lost and duplicated first: a lost judgment also shows as unexpected answers (its item is gone or back).
    expect(lost).toEqual([]);
    expect(duplicated).toBe(0);
    expect(unexpected).toEqual([]);
    expect(server.kills).toBe(thresholds.length + 1);
    expect(acknowledged).toHaveLength(total);
    expect(withoutAck).toEqual([]);
    expect(rows).toHaveLength(total);
    expect(counterMismatches).toEqual([
      { what: "progress", n: 0 },
      { what: "judgments", n: 0 },
      { what: "taken", n: 0 },
      { what: "done assignments", n: 0 },
    ]);
    expect(progressTotal).toBe(total);
    expect(dbIntegrity).toBe("ok");
  }, 300_000);
});

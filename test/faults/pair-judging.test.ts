import { spawn } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { cliBin, runCli } from "../helpers/cli";
import { startFakeOpenAi, type FakeOpenAi } from "../helpers/fake-openai";
import { pairCampaign, promptParts, verdictAnswer } from "../helpers/pair-judge-jobs";
import { seedModel } from "../helpers/sampling";
import { faultDir, integrity, openMigrated } from "./fault-db";
import { sleep } from "./http";

// `judge-pairs` killed with SIGKILL in the middle of its job: the answers it had in flight stay "running"
// under its lease. Run again, the command continues the same job, takes them up once the lease has ended,
// and asks nothing twice that was already saved.
const pairs = 24;
const dir = faultDir("pair-judging");
let fake: FakeOpenAi | undefined;
afterAll(async () => {
  await fake?.close();
  dir.remove();
});

describe("a pair judge run killed mid-job", () => {
  it("resumes the same job after the lease ends, with every order answered once and nothing saved asked again", async () => {
    const { db, ctx } = openMigrated(dir.dbPath);
    fake = await startFakeOpenAi(() => ({ ...verdictAnswer("A>B"), delayMs: 40 }));
    const world = pairCampaign(ctx, { instructions: pairs });
    seedModel(ctx, [fake.url], { name: "judge", max_in_flight: 4 });
    const env = { ...process.env, LONGPREF_DB: dir.dbPath, LONGPREF_SAMPLING_LEASE_MS: "1000" };
    const args = ["judge-pairs", "--campaign", String(world.campaignId), "--judge", "judge", "--json"];

    const child = spawn(process.execPath, [cliBin, ...args], { env, stdio: "ignore" });
    const exited = new Promise((resolve) => child.on("exit", resolve));
    const done = () => (db.prepare("SELECT COUNT(*) AS n FROM pair_judgments WHERE status = 'done'").get() as { n: number }).n;
    const deadline = Date.now() + 60_000;
    while (done() < pairs / 2 && Date.now() < deadline) await sleep(5);
    child.kill("SIGKILL");
    await exited;
    const savedBeforeKill = new Set(
      (
        db.prepare("SELECT first_sample_id || '/' || second_sample_id AS k FROM pair_judgments WHERE status = 'done'").all() as {
          k: string;
        }[]
      ).map((r) => r.k),
    );
    const requestsBeforeKill = fake.requests.length;
    // Answers the dead runner held: only the end of its lease gives them back.
    const heldAtKill = (db.prepare("SELECT COUNT(*) AS n FROM pair_judgments WHERE status = 'running'").get() as { n: number }).n;
    expect(heldAtKill).toBeGreaterThan(0);
    expect(savedBeforeKill.size).toBeGreaterThanOrEqual(pairs / 2);
    expect(savedBeforeKill.size).toBeLessThan(2 * pairs);

    const again = await runCli(args, env as Record<string, string>);
    expect(again.status, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ job_id: 1, comparisons: pairs, judged: pairs, failed: 0 });
    expect(ctx.pairJudgeJobs.get(1)).toMatchObject({ status: "done", counts: { done: 2 * pairs } });
    expect(db.prepare("SELECT COUNT(*) AS n FROM pair_judge_jobs").get()).toEqual({ n: 1 });
    expect(db.prepare("SELECT COUNT(*) AS n FROM pair_judgments").get()).toEqual({ n: 2 * pairs });
    // What the second run asked: every order not saved before the kill (those in flight among them), and none
    // that was saved. (Up to max_in_flight requests the dead process had just written may be counted late.)
    const sampleOf = new Map(
      (db.prepare("SELECT id, text FROM samples").all() as { id: number; text: string }[]).map((r) => [r.text, r.id]),
    );
    const askedAfter = new Set(
      fake.requests.slice(requestsBeforeKill).map((r) => {
        const { a, b } = promptParts(r.prompt);
        return `${sampleOf.get(a)}/${sampleOf.get(b)}`;
      }),
    );
    const all = (db.prepare("SELECT first_sample_id || '/' || second_sample_id AS k FROM pair_judgments").all() as { k: string }[]).map(
      (r) => r.k,
    );
    expect([...askedAfter].filter((k) => savedBeforeKill.has(k))).toEqual([]);
    expect([...askedAfter].sort()).toEqual(all.filter((k) => !savedBeforeKill.has(k)).sort());
    expect(fake.requests.length - requestsBeforeKill).toBeLessThanOrEqual(2 * pairs - savedBeforeKill.size + 4);
    expect(integrity(db)).toBe("ok");
    db.close();
  }, 120_000);
});

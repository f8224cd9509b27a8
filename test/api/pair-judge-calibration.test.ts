import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { createPairJudgeJob } from "../../server/judging/pair-jobs";
import { pairJudgeSummary } from "../../server/stats/pair-judge-summary";
import { startFakeOpenAi, type FakeOpenAi } from "../helpers/fake-openai";
import { insertHumanVotes, judgeWorld } from "../helpers/judge-world";
import { promptParts, runPairJob, verdictAnswer } from "../helpers/pair-judge-jobs";
import { seedModel } from "../helpers/sampling";
import { testApp, type TestApp } from "../helpers/test-app";

// The "Done when": a judge with a known position bias and a known length preference, played by the
// fake endpoint, run through the real job, runner and queue; the figures the platform reports must equal the
// injected ones within sampling error.

let t: TestApp;
let fake: FakeOpenAi;
afterEach(async () => {
  await fake?.close();
  t?.close();
});

/** A uniform number in [0, 1) fixed by the key: the same draw whatever order the requests arrive in. */
const draw = (key: string) => createHash("sha256").update(key).digest().readUInt32BE(0) / 2 ** 32;

const N = 400;
/** Share of answers that go to whichever response is shown first, whatever the two say. */
const positionBias = 0.3;
/** Share of pairs where the judge's own preference is the longer response. */
const longerPreference = 0.75;
/** Share of comparisons where the human majority shares the judge's own preference. */
const humansShare = 0.8;

describe("a judge of known biases, measured by the platform", () => {
  it("reports the flip, left and longer rates and the agreement with people that were injected, within 4 standard errors", async () => {
    t = testApp();
    const world = judgeWorld(t.ctx, { comparisons: N, name: "calibration" });
    // Per comparison the judge's own preference (the longer side with probability q), and the people's majority.
    const sideOf = new Map<string, { comparison: number; side: "a" | "b" }>();
    const preferred = new Map<number, "a" | "b">();
    for (const c of world.comparisons) {
      const longer = c.wordsA > c.wordsB ? "a" : "b";
      const shorter = longer === "a" ? "b" : "a";
      const pref = draw(`pref ${c.id}`) < longerPreference ? longer : shorter;
      preferred.set(c.id, pref);
      sideOf.set(t.ctx.samples.get(c.a)!.text, { comparison: c.id, side: "a" });
      sideOf.set(t.ctx.samples.get(c.b)!.text, { comparison: c.id, side: "b" });
      const majority = draw(`humans ${c.id}`) < humansShare ? pref : pref === "a" ? "b" : "a";
      insertHumanVotes(t.ctx, world.campaignId, c, [majority, majority, majority === "a" ? "b" : "a"]);
    }
    fake = await startFakeOpenAi((req) => {
      const { a } = promptParts(req.prompt);
      const first = sideOf.get(a)!;
      const pickFirst = draw(`position ${req.prompt}`) < positionBias || preferred.get(first.comparison) === first.side;
      const strong = draw(`strength ${req.prompt}`) < 0.5;
      return verdictAnswer(pickFirst ? (strong ? "A>>B" : "A>B") : strong ? "B>>A" : "B>A");
    });
    const judge = seedModel(t.ctx, [fake.url], { name: "biased-judge", max_in_flight: 16 });
    const jobId = createPairJudgeJob(
      t.ctx,
      { source: { kind: "campaign", campaign_id: world.campaignId }, judge_model_id: judge.id },
      null,
    );
    const job = await runPairJob(t.ctx, jobId, 150_000);
    expect(job).toMatchObject({ status: "done", counts: { done: 2 * N, failed: 0 } });
    expect(fake.requests).toHaveLength(2 * N);

    const s = pairJudgeSummary(t.ctx, jobId);
    expect(s).toMatchObject({ job_id: jobId, comparisons: N, judged: N, failed: 0 });
    const within = (measured: number | null, injected: number, n: number, what: string) => {
      const se = Math.sqrt((injected * (1 - injected)) / n);
      expect(measured, what).not.toBeNull();
      expect(Math.abs(measured! - injected), `${what}: measured ${measured}, injected ${injected}, SE ${se.toFixed(3)}`).toBeLessThan(
        4 * se,
      );
    };
    // A pair flips exactly when the order that shows the judge's preferred response second goes to position.
    within(s.flip_rate, positionBias, N, "flip rate");
    // Every answer is decisive; half show the preferred response first. Pairs are the independent unit.
    within(s.left_rate, positionBias + (1 - positionBias) / 2, N, "left rate");
    // Unflipped pairs keep the judge's own preference, the longer one with probability q.
    within(s.longer_rate, longerPreference, Math.round(N * (1 - positionBias)), "longer rate");
    // A flipped pair is a tie, which no majority of two-to-one votes is; the others agree when people share the preference.
    within(s.human_agreement?.agreement ?? null, (1 - positionBias) * humansShare, N, "agreement with the human majority");
    expect(s.human_agreement?.comparisons).toBe(N);
    expect(Object.keys(s.win_rate_vs_reference ?? {})).toEqual(["calibration-writer"]);
  }, 180_000);
});

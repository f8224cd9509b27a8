import { describe, expect, it } from "vitest";
import type { BattleRecord } from "../../shared/schemas/battles";
import { agreement } from "../../shared/stats/agreement";
import { indexBattles } from "../../shared/stats/battle-index";
import {
  byStrength,
  calibrationVerdict,
  humanLongerRate,
  humanMajority,
  humansWithEachOther,
  judgeFigures,
  sideAgreement,
  strengthLabel,
  type Side,
} from "../../shared/stats/judge-calibration";
import { identityOf } from "../../server/stats/judge-identity";

describe("judge identity", () => {
  it("names the builtin pairwise template's verdicts after the model alone, any other template beside it", () => {
    expect(identityOf("gpt-4o", { name: "longpref pairwise", builtin: true })).toBe("judge:gpt-4o");
    expect(identityOf("gpt-4o", { name: "strict", builtin: false })).toBe("judge:gpt-4o [strict]");
  });
});

describe("the judge's own figures", () => {
  it("counts flips, answers for the side shown first, and combined verdicts for the longer side", () => {
    const figures = judgeFigures([
      { aFirst: 2, bFirst: -1, wordsA: 300, wordsB: 100 }, // a both times (longer)
      { aFirst: 1, bFirst: 1, wordsA: 300, wordsB: 100 }, // the first shown both times: flip, tie
      { aFirst: -2, bFirst: 2, wordsA: 100, wordsB: 300 }, // b both times (longer)
      { aFirst: 0, bFirst: 0, wordsA: 200, wordsB: 200 }, // tie both times
      { aFirst: -1, bFirst: 1, wordsA: 400, wordsB: 100 }, // b both times (shorter)
      { aFirst: 1, bFirst: -1, wordsA: 100, wordsB: 100 }, // a both times, same length: not counted for length
    ]);
    expect(figures.judged).toBe(6);
    expect(figures.flip_rate).toBe(1 / 6);
    // Decisive answers (the two A=B left out), the side chosen per order: A,B; A,A; B,A; B,A; A,B -> 6 of 10 for A.
    expect(figures.left_rate).toBe(6 / 10);
    expect(figures).toMatchObject({ longer_pairs: 3, longer_rate: 2 / 3 });
    expect(judgeFigures([])).toEqual({ judged: 0, flip_rate: null, left_rate: null, longer_rate: null, longer_pairs: 0 });
  });

  it("counts decisive human judgments on pairs of different lengths for the humans' longer rate", () => {
    expect(
      humanLongerRate([
        { side: "a", wordsA: 10, wordsB: 5 },
        { side: "b", wordsA: 10, wordsB: 5 },
        { side: "tie", wordsA: 10, wordsB: 5 },
        { side: "a", wordsA: 5, wordsB: 5 },
        { side: "b", wordsA: 2, wordsB: 9 },
      ]),
    ).toEqual({ rate: 2 / 3, judgments: 3 });
  });
});

describe("agreement with people", () => {
  it("takes the verdict more judgments gave than any other as the majority, none on a tied vote", () => {
    expect(humanMajority(["a", "a", "b"])).toBe("a");
    expect(humanMajority(["a", "b", "tie"])).toBeNull();
    expect(humanMajority(["a", "b"])).toBeNull();
    expect(humanMajority(["tie"])).toBe("tie");
    expect(humanMajority(["b", "b", "a", "tie"])).toBe("b");
    expect(humanMajority([])).toBeNull();
  });

  it("gives Cohen's kappa as hand-computed and as the annotator agreement of the battle statistics does", () => {
    // judge a a a tie b / truth a b a tie b: p_o = 4/5, p_e = (3·2 + 1·1 + 1·2)/25.
    const rows: { rater: Side; truth: Side }[] = [
      { rater: "a", truth: "a" },
      { rater: "a", truth: "b" },
      { rater: "a", truth: "a" },
      { rater: "tie", truth: "tie" },
      { rater: "b", truth: "b" },
    ];
    const result = sideAgreement(rows)!;
    expect(result.comparisons).toBe(5);
    expect(result.agreement).toBe(0.8);
    expect(result.kappa).toBeCloseTo((0.8 - 9 / 25) / (1 - 9 / 25), 12);
    // A bigger table against agreement.ts's cohen_kappa over the same verdicts as battle records.
    const sides: Side[] = ["a", "b", "tie"];
    const pairs = Array.from({ length: 60 }, (_, i) => ({ rater: sides[(i * 7) % 3]!, truth: sides[(i * i + 1) % 3]! }));
    const winner = { a: "model_a", b: "model_b", tie: "tie" } as const;
    const record = (i: number, annotator: string, side: Side): BattleRecord => ({
      comparison_id: `c${i}`,
      instruction_id: `i${i}`,
      model_a: "x",
      model_b: "y",
      annotator,
      winner: winner[side],
      left: "model_a",
    });
    const index = indexBattles(pairs.flatMap((p, i) => [record(i, "judge", p.rater), record(i, "people", p.truth)]));
    const reference = agreement(index).cohen_kappa["judge|people"] ?? agreement(index).cohen_kappa["people|judge"];
    const ours = sideAgreement(pairs)!;
    expect(ours.kappa).toBeCloseTo(reference!.kappa!, 12);
    expect(ours.agreement).toBeCloseTo(reference!.agreement, 12);
    expect(sideAgreement([])).toBeNull();
  });

  it("holds each judgment against the strict majority of the others on its comparison", () => {
    // [a a b]: a vs (a,b) none; a vs (a,b) none; b vs (a,a) a. [a a]: each vs the other a. [tie]: no others.
    const humans = humansWithEachOther([["a", "a", "b"], ["a", "a"], ["tie"]])!;
    expect(humans.judgments).toBe(3);
    expect(humans.agreement).toBe(2 / 3);
    expect(humansWithEachOther([["a"], ["b"]])).toBeNull();
  });

  it("sorts verdicts by the judge's stated strength", () => {
    expect([0, 1, -1, 1.5, -2].map(strengthLabel)).toEqual(["tie", "better", "better", "much better", "much better"]);
    expect(
      byStrength([
        { strength: 2, judge: "a", majority: "a" },
        { strength: -1.5, judge: "b", majority: "a" },
        { strength: 1, judge: "a", majority: "a" },
        { strength: 0, judge: "tie", majority: "b" },
      ]),
    ).toEqual([
      { strength: "tie", comparisons: 1, agreement: 0 },
      { strength: "better", comparisons: 1, agreement: 1 },
      { strength: "much better", comparisons: 2, agreement: 0.5 },
    ]);
  });

  it("gives a plain verdict only from 20 comparisons, within 0.1 of the humans' kappa counting as well as them", () => {
    const humans = { judgments: 50, agreement: 0.8, kappa: 0.6 };
    expect(calibrationVerdict({ comparisons: 19, agreement: 1, kappa: 1 }, humans)).toBe("not-enough-data");
    expect(calibrationVerdict({ comparisons: 20, agreement: 0.7, kappa: 0.5 }, humans)).toBe("as-well-as-humans");
    expect(calibrationVerdict({ comparisons: 20, agreement: 0.7, kappa: 0.49 }, humans)).toBe("worse-than-humans");
    expect(calibrationVerdict({ comparisons: 20, agreement: 1, kappa: 0.9 }, null)).toBe("not-enough-data");
  });
});

import { describe, expect, it } from "vitest";
import type { BattleRecord } from "../../shared/schemas/battles";
import { agreement } from "../../shared/stats/agreement";
import { indexBattles } from "../../shared/stats/battle-index";
import {
  maxComparisons,
  minComparisons,
  normalApproximation,
  planBudget,
  UnreachableTarget,
  type PlanInput,
} from "../../shared/stats/budget-planner";
import {
  candidate,
  intervalOverInstructions,
  meanSimulatedWidth,
  reference,
  simulatedIndex,
  simulatedWins,
} from "../../shared/stats/budget-simulation";
import { winRatesVsReference } from "../../shared/stats/win-rates";

// The budget planner (decision 040): simulated campaigns measured with the statistics' own interval, and
// a search for the fewest comparisons whose mean interval width meets the target.

const plan = (input: Partial<PlanInput>) => planBudget({ models: 1, k: 3, winRate: 0.5, targetCi: 0.1, ...input });

/** The simulated judgments as battle records, the form `longpref stats` and the campaign statistics read. */
function records(wins: Int32Array, k: number): BattleRecord[] {
  return [...wins].flatMap((w, c) =>
    Array.from({ length: k }, (_, j) => ({
      comparison_id: `c${c}`,
      instruction_id: `i${c}`,
      model_a: candidate,
      model_b: reference,
      annotator: `a${j}`,
      winner: j < w ? ("model_a" as const) : ("model_b" as const),
      left: "model_a" as const,
    })),
  );
}

describe("simulated campaigns", () => {
  it("are measured exactly as the statistics measure real judgments", () => {
    for (const [winRate, k, n] of [
      [0.5, 3, 40],
      [0.8, 5, 25],
      [0.3, 1, 60],
    ] as const) {
      const design = { winRate, k, kappa: 0.3 };
      const wins = simulatedWins(design, n, 4, 1);
      const fromRecords = winRatesVsReference(indexBattles(records(wins, k)), reference, { seed: 9, rounds: 300 })[candidate];
      const fromIndex = winRatesVsReference(simulatedIndex(design, wins), reference, { seed: 9, rounds: 300 })[candidate];
      expect(fromRecords!.bootstrap_ci95_over_instructions).not.toBeNull();
      expect(fromIndex).toEqual(fromRecords);
      expect(intervalOverInstructions(wins, k, 9, 300)).toEqual(fromRecords!.bootstrap_ci95_over_instructions);
    }
  });

  it("have the stated win rate and annotator agreement (Fleiss' κ as the statistics report it)", () => {
    for (const [winRate, kappa] of [
      [0.5, 0.3],
      [0.8, 0],
      [0.65, 0.6],
    ] as const) {
      const design = { winRate, k: 3, kappa };
      const wins = simulatedWins(design, 20_000, 0, 0);
      const shareWon = wins.reduce((s, w) => s + w, 0) / (3 * wins.length);
      expect(shareWon).toBeCloseTo(winRate, 2);
      expect(agreement(simulatedIndex(design, wins)).fleiss_kappa).toBeCloseTo(kappa, 1);
    }
  });

  it("extend each other: n + 1 comparisons are the first n and one more", () => {
    const design = { winRate: 0.6, k: 3, kappa: 0.3 };
    expect([...simulatedWins(design, 50, 0, 2)]).toEqual([...simulatedWins(design, 80, 0, 2)].slice(0, 50));
  });
});

describe("planBudget", () => {
  it("agrees with the normal-approximation sample size within 8% in simple cases", () => {
    for (const [winRate, k, kappa, targetCi] of [
      [0.5, 1, 0, 0.1],
      [0.5, 3, 0.3, 0.05],
      [0.7, 3, 0.3, 0.08],
    ] as const) {
      const expected = normalApproximation(winRate, k, kappa, targetCi);
      const { comparisons } = plan({ winRate, k, kappa, targetCi });
      expect(Math.abs(comparisons / expected - 1), `${winRate} k=${k} κ=${kappa} W=${targetCi}`).toBeLessThan(0.08);
    }
    // The formula itself: P = 0.5, k = 1, W = 0.1 is the textbook 385.
    expect(normalApproximation(0.5, 1, 0, 0.1)).toBe(385);
  });

  it("answers the size where the mean simulated width crosses the target", () => {
    const design = { winRate: 0.5, k: 3, kappa: 0.3 };
    const options = { seed: 0, runs: 16, rounds: 1000 };
    const { comparisons } = plan({ targetCi: 0.1 });
    expect(meanSimulatedWidth(design, comparisons, options)).toBeLessThanOrEqual(0.1);
    // Within the search's 0.5% precision, fewer comparisons are too few.
    expect(meanSimulatedWidth(design, Math.floor(comparisons * 0.99) - 1, options)).toBeGreaterThan(0.1);
  });

  it("needs more as the target narrows, fewer comparisons but more judgments as k grows, more near 0.5 than near 0.9", () => {
    const widths = [0.2, 0.1, 0.05].map((targetCi) => plan({ targetCi }).comparisons);
    expect(widths[0]).toBeLessThan(widths[1]!);
    expect(widths[1]).toBeLessThan(widths[2]!);
    // Judgments of one comparison agree (κ = 0.3): each further annotator adds less than a new instruction would.
    const byK = [1, 2, 3, 5].map((k) => plan({ k }));
    for (let i = 1; i < byK.length; i++) {
      expect(byK[i]!.comparisons).toBeLessThan(byK[i - 1]!.comparisons);
      expect(byK[i]!.judgments).toBeGreaterThan(byK[i - 1]!.judgments);
    }
    const even = plan({ winRate: 0.5 });
    const lopsided = plan({ winRate: 0.9 });
    expect(plan({ winRate: 0.1 }).comparisons).toBeLessThan(even.comparisons);
    expect(lopsided.comparisons).toBeLessThan(even.comparisons * 0.5);
  });

  it("counts judgments as comparisons × k × models, with the slowest model deciding the comparisons", () => {
    const one = plan({ k: 3 });
    expect(one.judgments).toBe(one.comparisons * 3);
    expect(plan({ models: 4, k: 3 })).toEqual({ comparisons: one.comparisons, judgments: one.comparisons * 3 * 4 });
    const mixed = plan({ models: 3, winRate: [0.9, 0.5, 0.7] });
    expect(mixed).toEqual({ comparisons: one.comparisons, judgments: one.comparisons * 3 * 3 });
  });

  it("is deterministic for a seed, and other seeds land close by", () => {
    const a = plan({ targetCi: 0.06, seed: 11 });
    expect(plan({ targetCi: 0.06, seed: 11 })).toEqual(a);
    for (const seed of [1, 2, 3]) expect(Math.abs(plan({ targetCi: 0.06, seed }).comparisons / a.comparisons - 1)).toBeLessThan(0.06);
  });

  it("never answers fewer than ten comparisons, and refuses a target beyond the cap", () => {
    expect(plan({ targetCi: 0.95 })).toEqual({ comparisons: minComparisons, judgments: minComparisons * 3 });
    expect(() => plan({ targetCi: 0.005 })).toThrow(UnreachableTarget);
    expect(() => plan({ targetCi: 0.005 })).toThrow(/more than 20,000 comparisons per model/);
    // Near the cap the simulation decides, within the same bound.
    const near = plan({ k: 1, kappa: 0, targetCi: 0.015 });
    expect(near.comparisons).toBeLessThanOrEqual(maxComparisons);
    expect(near.comparisons).toBeGreaterThan(15_000);
  });

  it("refuses impossible designs, naming each problem", () => {
    expect(() => plan({ models: 0 })).toThrow(/models/);
    expect(() => plan({ k: 1.5 })).toThrow(/k: an integer/);
    for (const winRate of [0, 1, -0.2, Number.NaN]) expect(() => plan({ winRate })).toThrow(/win rate/);
    for (const targetCi of [0, 1, 2]) expect(() => plan({ targetCi })).toThrow(/target width/);
    expect(() => plan({ models: 2, winRate: [0.5] })).toThrow(/one per model \(2\), got 1/);
    expect(() => plan({ kappa: 1.2 })).toThrow(/kappa/);
  });
});

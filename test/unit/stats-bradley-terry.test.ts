import { describe, expect, it } from "vitest";
import type { BattleRecord } from "../../shared/schemas/battles";
import { indexBattles } from "../../shared/stats/battle-index";
import { bradleyTerry, btWinRate, fitBradleyTerry } from "../../shared/stats/bradley-terry";
import { judgmentsA } from "../helpers/fixtures";

const { expected, fixture } = judgmentsA();

let next = 0;
/** `count` single-judgment comparisons of a vs b with the given winner. */
const battles = (a: string, b: string, winner: BattleRecord["winner"], count: number): BattleRecord[] =>
  Array.from({ length: count }, () => {
    const id = `c${next++}`;
    return { comparison_id: id, instruction_id: id, model_a: a, model_b: b, annotator: "x", winner, left: "model_a" };
  });

describe("Bradley–Terry on judgments-a", () => {
  const bt = bradleyTerry(indexBattles(fixture.battles), "gpt-4o", { seed: 7, rounds: 1000 });

  it("matches the fixture's ratings within 0.01 and its implied win rates", () => {
    expect(Object.keys(bt.ratings).sort()).toEqual(Object.keys(expected.bradley_terry).sort());
    for (const [model, rating] of Object.entries(expected.bradley_terry)) expect(Math.abs(bt.ratings[model]! - rating)).toBeLessThan(0.01);
    expect(bt.ratings["gpt-4o"]).toBe(1000);
    expect(Object.keys(bt.winRateVsReference).sort()).toEqual(Object.keys(expected.bt_win_rate_vs_reference).sort());
    for (const [model, rate] of Object.entries(expected.bt_win_rate_vs_reference)) {
      expect(Math.abs(bt.winRateVsReference[model]! - rate)).toBeLessThan(2e-5); // 0.01 rating point ≈ 1.4e-5
      expect(bt.winRateVsReference[model]).toBe(btWinRate(bt.ratings[model]!, 1000));
    }
  });

  it("bootstraps intervals around the estimate, the same for the same seed", () => {
    expect(bt.ci95["gpt-4o"]).toEqual([1000, 1000]);
    for (const model of ["longwriter-8b", "longwriter-9b", "longwriter-9b-dpo"]) {
      const [lo, hi] = bt.ci95[model]!;
      expect(lo).toBeLessThan(bt.ratings[model]!);
      expect(hi).toBeGreaterThan(bt.ratings[model]!);
      expect(hi - lo).toBeGreaterThan(30);
      expect(hi - lo).toBeLessThan(120);
      expect(bt.winRateCi95[model]).toEqual([btWinRate(lo), btWinRate(hi)]);
    }
    const again = bradleyTerry(indexBattles(fixture.battles), "gpt-4o", { seed: 7, rounds: 1000 });
    expect(again).toEqual(bt);
  });
});

describe("Bradley–Terry: reference vectors and edge cases", () => {
  it("reproduces REFERENCE §T: m1 1206.80, m2 1073.32 with m3 = 1000; win rates 0.766822 and 0.603972", () => {
    const records = [
      ...battles("m1", "m2", "model_a", 6),
      ...battles("m1", "m2", "model_b", 2),
      ...battles("m1", "m2", "tie", 2),
      ...battles("m2", "m3", "model_a", 5),
      ...battles("m2", "m3", "model_b", 3),
      ...battles("m1", "m3", "model_a", 7),
      ...battles("m1", "m3", "model_b", 2),
      ...battles("m1", "m3", "both_bad", 1),
    ];
    const bt = bradleyTerry(indexBattles(records), "m3", { seed: 1, rounds: 0 });
    expect(bt.ratings.m1).toBeCloseTo(1206.8, 1);
    expect(bt.ratings.m2).toBeCloseTo(1073.32, 2);
    expect(bt.winRateVsReference.m1).toBeCloseTo(0.766822, 5); // ours 0.7668225; the vector is rounded from an L-BFGS fit
    expect(bt.winRateVsReference.m2).toBeCloseTo(0.603972, 5);
    expect(bt.ci95.m1).toBeNull();
  });

  it("two models, 30 wins, 10 ties, 10 losses: Δ = 400·log10(0.7/0.3) = 147.19, implied win rate 0.7", () => {
    const records = [...battles("a", "ref", "model_a", 30), ...battles("a", "ref", "tie", 10), ...battles("a", "ref", "model_b", 10)];
    const bt = bradleyTerry(indexBattles(records), "ref", { seed: 1, rounds: 0 });
    expect(bt.ratings.a! - 1000).toBeCloseTo(400 * Math.log10(0.7 / 0.3), 9);
    expect(bt.winRateVsReference.a).toBeCloseTo(0.7, 12);
  });

  it("is at the likelihood's stationary point: each model's expected wins equal its observed wins", () => {
    const k = 3;
    // wins[i·k + j]: wins of i over j plus half their ties.
    const wins = Float64Array.from([0, 7, 3.5, 3, 0, 5, 1.5, 3, 0]);
    const theta = fitBradleyTerry(wins, k, 2);
    expect(theta[2]).toBe(0);
    for (let i = 0; i < k; i++) {
      let gradient = 0;
      for (let j = 0; j < k; j++) {
        if (i === j) continue;
        const n = wins[i * k + j]! + wins[j * k + i]!;
        gradient += wins[i * k + j]! - n / (1 + Math.exp(theta[j]! - theta[i]!));
      }
      expect(Math.abs(gradient)).toBeLessThan(1e-9);
    }
  });

  it("puts models that only won (or only lost) against the reference's group at ±Infinity, unrelated ones at NaN", () => {
    const records = [
      ...battles("a", "ref", "model_a", 3), // a never lost: above everything
      ...battles("ref", "b", "model_a", 2), // b never won: below
      ...battles("c", "ref", "model_a", 2),
      ...battles("c", "ref", "model_b", 1), // c in the reference's group
      ...battles("d", "e", "model_a", 1), // d and e never met the others
      ...battles("d", "e", "model_b", 1),
    ];
    const bt = bradleyTerry(indexBattles(records), "ref", { seed: 3, rounds: 200 });
    expect(bt.ratings.a).toBe(Infinity);
    expect(bt.ratings.b).toBe(-Infinity);
    expect(bt.ratings.c! - 1000).toBeCloseTo(400 * Math.log10(2), 9);
    expect(bt.ratings.d).toBeNaN();
    expect(bt.winRateVsReference.a).toBe(1);
    expect(bt.winRateVsReference.b).toBe(0);
    expect(bt.ci95.a).toEqual([Infinity, Infinity]);
    expect(bt.ci95.d).toBeNull();
    expect(JSON.parse(JSON.stringify(bt.ratings))).toMatchObject({ a: null, b: null, d: null });
  });

  it("throws for a reference with no judgment", () => {
    expect(() => bradleyTerry(indexBattles(battles("a", "b", "tie", 1)), "z", { seed: 1, rounds: 1 })).toThrow(RangeError);
  });
});

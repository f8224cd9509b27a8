import { describe, expect, it } from "vitest";
import type { BattleRecord } from "../../shared/schemas/battles";
import { indexBattles } from "../../shared/stats/battle-index";
import { winRatesVsReference, winTally, type WinTally } from "../../shared/stats/win-rates";
import { judgmentsA } from "../helpers/fixtures";

const { expected, fixture } = judgmentsA();

function expectTally(actual: WinTally | undefined, wanted: WinTally) {
  expect(actual).toBeDefined();
  const { win_rate, win_rate_excluding_ties, ...counts } = wanted;
  expect(actual).toMatchObject(counts);
  expect(actual!.win_rate).toBeCloseTo(win_rate!, 12);
  expect(actual!.win_rate_excluding_ties).toBeCloseTo(win_rate_excluding_ties!, 12);
}

const battle = (c: string, annotator: string, winner: BattleRecord["winner"], extra: Partial<BattleRecord> = {}): BattleRecord => ({
  comparison_id: c,
  instruction_id: c,
  model_a: "cand",
  model_b: "ref",
  annotator,
  winner,
  left: "model_a",
  ...extra,
});

describe("win rates vs the reference on judgments-a", () => {
  const rates = winRatesVsReference(indexBattles(fixture.battles), "gpt-4o", { seed: 7, rounds: 5000 });

  it("has one entry per candidate, with the fixture's keys and the instruction-clustered interval", () => {
    expect(fixture.errors).toEqual([]);
    expect(Object.keys(rates)).toEqual(Object.keys(expected.vs_reference));
    for (const [model, wanted] of Object.entries(expected.vs_reference)) {
      expect(Object.keys(rates[model]!)).toEqual([...Object.keys(wanted), "bootstrap_ci95_over_instructions"]);
    }
  });

  it("counts and rates per judgment, per length bucket, per category and by majority vote", () => {
    for (const [model, wanted] of Object.entries(expected.vs_reference)) {
      const actual = rates[model]!;
      expectTally(actual.all, wanted.all);
      expectTally(actual.majority_vote, wanted.majority_vote);
      expect(Object.keys(actual.by_length_bucket!)).toEqual(Object.keys(wanted.by_length_bucket!));
      for (const [bucket, t] of Object.entries(wanted.by_length_bucket!)) expectTally(actual.by_length_bucket![bucket], t);
      expect(Object.keys(actual.by_category!)).toEqual(Object.keys(wanted.by_category!));
      for (const [category, t] of Object.entries(wanted.by_category!)) expectTally(actual.by_category![category], t);
    }
  });

  it("lands the seeded 5000-round bootstrap within 0.015 of the fixture's bounds", () => {
    for (const [model, wanted] of Object.entries(expected.vs_reference)) {
      const [lo, hi] = rates[model]!.bootstrap_ci95_over_comparisons!;
      expect(Math.abs(lo - wanted.bootstrap_ci95_over_comparisons![0])).toBeLessThan(0.015);
      expect(Math.abs(hi - wanted.bootstrap_ci95_over_comparisons![1])).toBeLessThan(0.015);
      expect(lo).toBeLessThan(rates[model]!.all.win_rate!);
      expect(hi).toBeGreaterThan(rates[model]!.all.win_rate!);
    }
  });

  it("gives the same bounds for the same seed, others for another, and each model its own stream", () => {
    const index = indexBattles(fixture.battles);
    const again = winRatesVsReference(index, "gpt-4o", { seed: 7, rounds: 5000 });
    const other = winRatesVsReference(index, "gpt-4o", { seed: 8, rounds: 5000 });
    expect(again["longwriter-9b"]!.bootstrap_ci95_over_comparisons).toEqual(rates["longwriter-9b"]!.bootstrap_ci95_over_comparisons);
    expect(other["longwriter-9b"]!.bootstrap_ci95_over_comparisons).not.toEqual(rates["longwriter-9b"]!.bootstrap_ci95_over_comparisons);
    // Without the other candidates' records, a model's interval does not move.
    const alone = indexBattles(fixture.battles.filter((b) => b.model_a === "longwriter-9b" && b.model_b === "gpt-4o"));
    expect(winRatesVsReference(alone, "gpt-4o", { seed: 7, rounds: 5000 })["longwriter-9b"]).toEqual(rates["longwriter-9b"]);
  });
});

describe("win rates: small cases by hand", () => {
  it("reads records with the reference as model_a from the candidate's side", () => {
    const records = [
      battle("c1", "x", "model_a"),
      battle("c2", "x", "model_a", { model_a: "ref", model_b: "cand" }), // the reference won
      battle("c3", "x", "model_b", { model_a: "ref", model_b: "cand" }), // the candidate won
      battle("c4", "x", "tie", { model_a: "ref", model_b: "cand" }),
    ];
    const rates = winRatesVsReference(indexBattles(records), "ref", { seed: 1, rounds: 10 });
    expect(rates.cand!.all).toEqual(winTally(2, 1, 1));
    expect(rates.cand!.all.win_rate).toBe(0.625);
    expect(rates.cand!.all.win_rate_excluding_ties).toBeCloseTo(2 / 3, 15);
  });

  it("counts both_bad as a tie, and takes a strict majority of each comparison's judgments, else a tie", () => {
    const records = [
      ...["x", "y", "z"].map((a, i) => battle("c1", a, (["model_a", "model_a", "model_b"] as const)[i]!)), // win
      ...["x", "y", "z"].map((a, i) => battle("c2", a, (["model_a", "tie", "model_b"] as const)[i]!)), // no majority: tie
      ...["x", "y", "z"].map((a, i) => battle("c3", a, (["both_bad", "tie", "model_a"] as const)[i]!)), // two ties: tie
      ...["x", "y"].map((a, i) => battle("c4", a, (["model_b", "model_a"] as const)[i]!)), // 1 of 2: tie
      battle("c5", "x", "model_b"), // loss
    ];
    const cand = winRatesVsReference(indexBattles(records), "ref", { seed: 1, rounds: 100 }).cand!;
    expect(cand.all).toEqual(winTally(5, 3, 4));
    expect(cand.majority_vote).toEqual(winTally(1, 3, 1));
    expect(cand.by_length_bucket).toBeUndefined();
    expect(cand.by_category).toBeUndefined();
  });

  it("gives null rates where they are 0/0, and a zero-width interval when every comparison scores the same", () => {
    const records = [battle("c1", "x", "tie"), battle("c2", "x", "both_bad", { category: "News" })];
    const cand = winRatesVsReference(indexBattles(records), "ref", { seed: 1, rounds: 50 }).cand!;
    expect(cand.all).toEqual({ win: 0, tie: 2, loss: 0, n: 2, win_rate: 0.5, win_rate_excluding_ties: null });
    expect(cand.by_category).toEqual({ "(none)": winTally(0, 1, 0), News: winTally(0, 1, 0) });
    expect(cand.bootstrap_ci95_over_comparisons).toEqual([0.5, 0.5]);
    expect(winTally(0, 0, 0)).toEqual({ win: 0, tie: 0, loss: 0, n: 0, win_rate: null, win_rate_excluding_ties: null });
  });

  it("leaves out comparisons without the reference, and is empty for an unknown reference", () => {
    const records = [battle("c1", "x", "model_a"), battle("c2", "x", "model_a", { model_a: "other", model_b: "cand" })];
    expect(Object.keys(winRatesVsReference(indexBattles(records), "ref", { seed: 1, rounds: 10 }))).toEqual(["cand"]);
    expect(winRatesVsReference(indexBattles(records), "nobody", { seed: 1, rounds: 10 })).toEqual({});
  });
});

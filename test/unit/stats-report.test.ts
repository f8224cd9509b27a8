import { describe, expect, it } from "vitest";
import type { BattleRecord } from "../../shared/schemas/battles";
import { indexBattles } from "../../shared/stats/battle-index";
import { battleStats } from "../../shared/stats/battle-stats";

const record = (c: string, annotator: string, winner: BattleRecord["winner"], model_a = "cand", model_b = "ref"): BattleRecord => ({
  comparison_id: c,
  instruction_id: c,
  model_a,
  model_b,
  annotator,
  winner,
  left: "model_b",
});

describe("the whole stats report on degenerate data", () => {
  it("all ties: win rates ½, every rating 1000, κ and α null, position bias null; JSON keeps the nulls", () => {
    const records = ["c1", "c2", "c3"].flatMap((c) => ["x", "y"].map((a) => record(c, a, c === "c2" ? "both_bad" : "tie")));
    const stats = battleStats(indexBattles(records), { reference: "ref", seed: 1, rounds: 100 });
    expect(stats.vs_reference.cand!.all).toEqual({ win: 0, tie: 6, loss: 0, n: 6, win_rate: 0.5, win_rate_excluding_ties: null });
    expect(stats.vs_reference.cand!.bootstrap_ci95_over_comparisons).toEqual([0.5, 0.5]);
    expect(stats.bradley_terry).toEqual({ ref: 1000, cand: 1000 });
    expect(stats.bt_win_rate_vs_reference).toEqual({ cand: 0.5 });
    expect(stats.agreement.cohen_kappa["x|y"]).toEqual({ n: 3, kappa: null, agreement: 1 });
    expect(stats.agreement.fleiss_kappa).toBeNull();
    expect(stats.position_bias).toEqual({ decided: 0, left_wins: 0, left_win_rate: null, p_value: null });
    const json = JSON.parse(JSON.stringify(stats));
    expect(json.agreement.krippendorff_alpha_nominal).toBeNull();
    expect(json.vs_reference.cand.all.win_rate_excluding_ties).toBeNull();
  });

  it("one annotator, a candidate that never lost: no agreement figures, rating +Infinity (null in JSON)", () => {
    const records = [
      record("c1", "x", "model_a"),
      record("c2", "x", "model_a"),
      record("c3", "x", "model_a", "other", "ref"),
      record("c4", "x", "model_b", "other", "ref"),
    ];
    const stats = battleStats(indexBattles(records), { reference: "ref", seed: 1, rounds: 50 });
    expect(stats.judgments).toBe(4);
    expect(stats.comparisons).toBe(4);
    expect(stats.agreement.cohen_kappa).toEqual({});
    expect(stats.agreement.pairwise_agreement).toBeNull();
    expect(stats.bradley_terry.cand).toBe(Infinity);
    expect(stats.bradley_terry.other).toBe(1000);
    expect(JSON.parse(JSON.stringify(stats)).bradley_terry).toEqual({ ref: 1000, cand: null, other: 1000 });
    expect(stats.definitions.bootstrap_ci95_over_comparisons).toMatch(/; 50 resamples of comparisons/);
  });

  it("refuses a negative or fractional number of rounds", () => {
    const index = indexBattles([record("c1", "x", "tie")]);
    expect(() => battleStats(index, { reference: "ref", seed: 1, rounds: -1 })).toThrow(RangeError);
    expect(() => battleStats(index, { reference: "ref", seed: 1, rounds: 1.5 })).toThrow(RangeError);
  });
});

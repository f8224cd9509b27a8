import { describe, expect, it } from "vitest";
import type { BattleRecord } from "../../shared/schemas/battles";
import { indexBattles } from "../../shared/stats/battle-index";
import { bradleyTerry } from "../../shared/stats/bradley-terry";
import { rankBands, rankFlip } from "../../shared/stats/ranks";
import { bootstrapClusterRatios } from "../../shared/stats/win-rates";
import { winRatesVsReference } from "../../shared/stats/win-rates";
import { seededRandom } from "../../shared/scoring/seeded-random";

let next = 0;
/** `count` single-judgment comparisons of a vs b with the given winner, each on its own instruction unless one is named. */
const battles = (a: string, b: string, winner: BattleRecord["winner"], count: number, instruction?: string): BattleRecord[] =>
  Array.from({ length: count }, () => {
    const id = `c${next++}`;
    return { comparison_id: id, instruction_id: instruction ?? id, model_a: a, model_b: b, annotator: "x", winner, left: "model_a" };
  });

describe("rank bands from intervals", () => {
  it("shares ranks between overlapping intervals and separates disjoint ones", () => {
    const ratings = { a: 1100, b: 1080, c: 1000, d: 900 };
    const ci = { a: [1060, 1140], b: [1050, 1110], c: [1000, 1000], d: [850, 940] } as Record<string, [number, number]>;
    expect(rankBands(ratings, ci)).toEqual({
      a: { rank: 1, band: [1, 2] },
      b: { rank: 1, band: [1, 2] },
      c: { rank: 3, band: [3, 3] },
      d: { rank: 4, band: [4, 4] },
    });
  });

  it("leaves out models without a finite rating or an interval", () => {
    const bands = rankBands(
      { a: Infinity, b: 1000, c: Number.NaN, d: 990 },
      { a: [Infinity, Infinity], b: [1000, 1000], c: null, d: [980, 1001] },
    );
    expect(Object.keys(bands)).toEqual(["b", "d"]);
    expect(bands.b).toEqual({ rank: 1, band: [1, 2] });
  });
});

describe("votes that flip the top model", () => {
  const records = [
    ...battles("top", "ref", "model_a", 14),
    ...battles("top", "ref", "model_b", 6),
    ...battles("second", "ref", "model_a", 12),
    ...battles("second", "ref", "model_b", 8),
    ...battles("top", "second", "tie", 2),
  ];
  const ratingsWith = (extra: number) =>
    bradleyTerry(indexBattles([...records, ...battles("second", "top", "model_a", extra)]), "ref", { seed: 1, rounds: 0 }).ratings;

  it("is the fewest added runner-up wins that put the runner-up level or above, refitted through the whole pipeline", () => {
    const flip = rankFlip(indexBattles(records), "ref", ratingsWith(0))!;
    expect(flip.top).toBe("top");
    expect(flip.runner_up).toBe("second");
    expect(flip.votes).toBeGreaterThan(0);
    const enough = ratingsWith(flip.votes!);
    const short = ratingsWith(flip.votes! - 1);
    expect(enough.second!).toBeGreaterThanOrEqual(enough.top!);
    expect(short.second!).toBeLessThan(short.top!);
  });

  it("is null with fewer than two rated models", () => {
    expect(rankFlip(indexBattles(battles("a", "ref", "model_a", 3)), "ref", { ref: 1000, a: Infinity })).toBeNull();
  });
});

describe("instruction-clustered interval of the raw win rate", () => {
  it("widens when an instruction's judgments move together, as the cluster bootstrap should", () => {
    // The same 40 outcomes, once as 40 instructions and once as 20 instructions of 2 identical comparisons.
    const outcomes: BattleRecord["winner"][] = Array.from({ length: 20 }, (_, i) =>
      i % 5 < 3 ? "model_a" : i % 5 === 3 ? "tie" : "model_b",
    );
    const spread = outcomes.flatMap((w) => [...battles("m", "ref", w, 1), ...battles("m", "ref", w, 1)]);
    const clustered = outcomes.flatMap((w, i) => [...battles("m", "ref", w, 1, `i${i}`), ...battles("m", "ref", w, 1, `i${i}`)]);
    const width = (records: BattleRecord[]) => {
      const v = winRatesVsReference(indexBattles(records), "ref", { seed: 3, rounds: 4000 }).m!;
      expect(v.all.win_rate).toBeCloseTo(0.7, 12);
      const [lo, hi] = v.bootstrap_ci95_over_instructions!;
      expect(lo).toBeLessThan(0.7);
      expect(hi).toBeGreaterThan(0.7);
      return hi - lo;
    };
    const ratio = width(clustered) / width(spread);
    expect(ratio).toBeGreaterThan(1.25); // √2 in expectation
    expect(ratio).toBeLessThan(1.6);
  });

  it("draws the same distribution as index resampling of instructions (mean and spread)", () => {
    const halves = [4, 2, 0, 3, 6, 1];
    const counts = [2, 2, 1, 2, 3, 1];
    const ratios = bootstrapClusterRatios(halves, counts, 20000, seededRandom(5, "test"));
    const direct = new Float64Array(20000);
    const random = seededRandom(6, "test");
    for (let r = 0; r < direct.length; r++) {
      let [score, n] = [0, 0];
      for (let d = 0; d < halves.length; d++) {
        const i = Math.floor(random() * halves.length);
        [score, n] = [score + halves[i]!, n + counts[i]!];
      }
      direct[r] = score / 2 / n;
    }
    const mean = (x: Float64Array) => x.reduce((s, v) => s + v, 0) / x.length;
    const sd = (x: Float64Array) => {
      const m = mean(x);
      return Math.sqrt(x.reduce((s, v) => s + (v - m) ** 2, 0) / x.length);
    };
    expect(Math.abs(mean(ratios) - mean(direct))).toBeLessThan(0.005);
    expect(Math.abs(sd(ratios) / sd(direct) - 1)).toBeLessThan(0.05);
  });
});

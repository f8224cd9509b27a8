import { describe, expect, it } from "vitest";
import { proposePairs, type PairGroup, type PairProposal, type PairStrategy } from "../../shared/scoring/pair-proposals";
import { seededRandom } from "../../shared/scoring/seeded-random";

const strategies: PairStrategy[] = ["best-vs-random", "best-vs-worst", "all-pairs"];

function group(key: string, ...scores: number[]): PairGroup {
  return { key, samples: scores.map((score, i) => ({ sampleId: i + 1, score })) };
}

/** `count` groups of four distinct scores; sample ids 10k+1..10k+4, best first. */
function manyGroups(count: number): PairGroup[] {
  return Array.from({ length: count }, (_, k) => ({
    key: `${k}:m`,
    samples: [90, 70, 50, 30].map((score, i) => ({ sampleId: 10 * k + i + 1, score })),
  }));
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  const random = seededRandom(seed, "shuffle");
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function byKey(proposals: PairProposal[]): Map<string, PairProposal[]> {
  const map = new Map<string, PairProposal[]>();
  for (const p of proposals) map.set(p.key, [...(map.get(p.key) ?? []), p]);
  return map;
}

describe("seededRandom", () => {
  it("gives the same floats in [0, 1) for the same seed and key", () => {
    const a = seededRandom(7, "12:3");
    const b = seededRandom(7, "12:3");
    for (let i = 0; i < 1000; i++) {
      const x = a();
      expect(x).toBe(b());
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });

  it("differs by seed and by key", () => {
    expect(seededRandom(7, "12:3")()).not.toBe(seededRandom(8, "12:3")());
    expect(seededRandom(7, "12:3")()).not.toBe(seededRandom(7, "13:3")());
  });

  it("rejects a seed that is not an integer", () => {
    expect(() => seededRandom(1.5, "k")).toThrow(RangeError);
    expect(() => seededRandom(Number.NaN, "k")).toThrow(RangeError);
  });
});

describe("proposePairs", () => {
  it("chooses the best and rejects one of the others (best-vs-random)", () => {
    const groups = manyGroups(200);
    const proposals = proposePairs(groups, { strategy: "best-vs-random", seed: 1 });
    expect(proposals).toHaveLength(200);
    proposals.forEach((p, k) => {
      expect(p.key).toBe(`${k}:m`);
      expect(p.chosenId).toBe(10 * k + 1);
      expect(p.chosenScore).toBe(90);
      expect([10 * k + 2, 10 * k + 3, 10 * k + 4]).toContain(p.rejectedId);
      expect(p.margin).toBe(p.chosenScore - p.rejectedScore);
    });
  });

  it("does not depend on the order of the samples inside a group", () => {
    const g = group("a", 40, 95, 60, 10);
    const reversed = { key: "a", samples: [...g.samples].reverse() };
    for (const strategy of strategies) {
      for (const seed of [1, 2, 3, 4, 5]) {
        expect(proposePairs([reversed], { strategy, seed })).toEqual(proposePairs([g], { strategy, seed }));
      }
    }
  });

  it("proposes the same pairs for the same seed, whatever the order of the groups", () => {
    const groups = manyGroups(1000);
    const first = proposePairs(groups, { strategy: "best-vs-random", seed: 42 });
    expect(proposePairs(groups, { strategy: "best-vs-random", seed: 42 })).toEqual(first);
    const again = proposePairs(shuffled(groups, 9), { strategy: "best-vs-random", seed: 42 });
    expect(byKey(again)).toEqual(byKey(first));
    // and whatever else is in the batch
    const alone = proposePairs(groups.slice(500, 510), { strategy: "best-vs-random", seed: 42 });
    expect(alone).toEqual(first.slice(500, 510));
  });

  it("draws differently with another seed", () => {
    const groups = manyGroups(1000);
    const a = proposePairs(groups, { strategy: "best-vs-random", seed: 1 });
    const b = proposePairs(groups, { strategy: "best-vs-random", seed: 2 });
    const differing = a.filter((p, i) => p.rejectedId !== b[i]!.rejectedId).length;
    // two independent uniform draws over 3 differ 2/3 of the time
    expect(differing).toBeGreaterThan(500);
  });

  it.each([1, 2, 3])("draws the rejected sample roughly uniformly over the other three (seed %i)", (seed) => {
    const counts = [0, 0, 0];
    for (const p of proposePairs(manyGroups(3000), { strategy: "best-vs-random", seed })) {
      counts[(p.rejectedId % 10) - 2]!++;
    }
    for (const c of counts) {
      expect(c / 3000).toBeGreaterThanOrEqual(0.25);
      expect(c / 3000).toBeLessThanOrEqual(0.42);
    }
  });

  it("breaks ties by the lower sampleId for chosen and the higher sampleId for worst", () => {
    const g: PairGroup = {
      key: "t",
      samples: [
        { sampleId: 7, score: 80 },
        { sampleId: 3, score: 80 },
        { sampleId: 5, score: 20 },
        { sampleId: 9, score: 20 },
      ],
    };
    expect(proposePairs([g], { strategy: "best-vs-worst", seed: 0 })).toEqual([
      { key: "t", chosenId: 3, rejectedId: 9, chosenScore: 80, rejectedScore: 20, margin: 60 },
    ]);
    for (let seed = 0; seed < 50; seed++) {
      const [p] = proposePairs([g], { strategy: "best-vs-random", seed });
      expect(p?.chosenId).toBe(3);
      // the other 80 is no preference, so only the two 20s can be rejected
      expect([5, 9]).toContain(p?.rejectedId);
    }
  });

  it("never pairs equal scores", () => {
    for (const strategy of strategies) {
      expect(proposePairs([group("flat", 50, 50, 50, 50)], { strategy, seed: 1 })).toEqual([]);
    }
    const ids = proposePairs([group("g", 80, 80, 20)], { strategy: "all-pairs", seed: 1 }).map((p) => [p.chosenId, p.rejectedId]);
    expect(ids).toEqual([
      [1, 3],
      [2, 3],
    ]);
  });

  it("never proposes excluded samples or non-finite scores", () => {
    const g: PairGroup = {
      key: "x",
      samples: [
        { sampleId: 1, score: 99, excluded: true },
        { sampleId: 2, score: Number.NaN },
        { sampleId: 3, score: Number.POSITIVE_INFINITY },
        { sampleId: 4, score: 70 },
        { sampleId: 5, score: 10, excluded: true },
        { sampleId: 6, score: 40 },
        { sampleId: 7, score: 30, excluded: false },
      ],
    };
    for (const strategy of strategies) {
      for (let seed = 0; seed < 20; seed++) {
        for (const p of proposePairs([g], { strategy, seed })) {
          expect([4, 6, 7]).toContain(p.chosenId);
          expect([4, 6, 7]).toContain(p.rejectedId);
        }
      }
    }
    expect(proposePairs([g], { strategy: "best-vs-worst", seed: 0 }).map((p) => [p.chosenId, p.rejectedId])).toEqual([[4, 7]]);
  });

  it("gives nothing for a group with fewer than two usable samples", () => {
    const groups: PairGroup[] = [
      { key: "empty", samples: [] },
      group("one", 80),
      {
        key: "one-left",
        samples: [
          { sampleId: 1, score: 80 },
          { sampleId: 2, score: 20, excluded: true },
        ],
      },
      {
        key: "nan",
        samples: [
          { sampleId: 1, score: 80 },
          { sampleId: 2, score: Number.NaN },
        ],
      },
    ];
    for (const strategy of strategies) expect(proposePairs(groups, { strategy, seed: 1 })).toEqual([]);
  });

  it("counts 6 pairs for 4 distinct scores with all-pairs, best first", () => {
    const proposals = proposePairs([group("g", 30, 90, 50, 70)], { strategy: "all-pairs", seed: 1 });
    expect(proposals.map((p) => [p.chosenId, p.rejectedId])).toEqual([
      [2, 4],
      [2, 3],
      [2, 1],
      [4, 3],
      [4, 1],
      [3, 1],
    ]);
  });

  describe("minMargin", () => {
    // scores 90, 70, 50, 30: margins from the best 20, 40, 60
    const g = group("m", 90, 70, 50, 30);

    it("drops a best-vs-worst pair below the margin", () => {
      expect(proposePairs([g], { strategy: "best-vs-worst", seed: 1, minMargin: 60 })).toHaveLength(1);
      expect(proposePairs([g], { strategy: "best-vs-worst", seed: 1, minMargin: 60.5 })).toEqual([]);
    });

    it("draws best-vs-random only among samples far enough below", () => {
      const seen = new Set<number>();
      for (let seed = 0; seed < 200; seed++) {
        const proposals = proposePairs([g], { strategy: "best-vs-random", seed, minMargin: 40 });
        expect(proposals).toHaveLength(1);
        seen.add(proposals[0]!.rejectedId);
        expect(proposals[0]!.margin).toBeGreaterThanOrEqual(40);
      }
      expect([...seen].sort()).toEqual([3, 4]);
      expect(proposePairs([g], { strategy: "best-vs-random", seed: 1, minMargin: 61 })).toEqual([]);
    });

    it("keeps only all-pairs at or above the margin", () => {
      const pairs = proposePairs([g], { strategy: "all-pairs", seed: 1, minMargin: 40 });
      expect(pairs.map((p) => [p.chosenId, p.rejectedId])).toEqual([
        [1, 3],
        [1, 4],
        [2, 4],
      ]);
    });

    it("rejects a negative or NaN margin", () => {
      expect(() => proposePairs([g], { strategy: "all-pairs", seed: 1, minMargin: -1 })).toThrow(RangeError);
      expect(() => proposePairs([g], { strategy: "all-pairs", seed: 1, minMargin: Number.NaN })).toThrow(RangeError);
    });
  });

  it("keeps groups in input order", () => {
    const proposals = proposePairs([group("b", 1, 2), group("a", 3, 4), group("c", 6, 5)], { strategy: "best-vs-worst", seed: 1 });
    expect(proposals.map((p) => p.key)).toEqual(["b", "a", "c"]);
  });

  it("accepts any iterable of groups", () => {
    function* generate() {
      yield group("g1", 10, 20);
      yield group("g2", 30, 20);
    }
    expect(proposePairs(generate(), { strategy: "best-vs-worst", seed: 1 }).map((p) => p.chosenId)).toEqual([2, 1]);
  });
});

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { BattleRecord } from "../../shared/schemas/battles";
import { checkBattles, indexBattles } from "../../shared/stats/battle-index";
import { comparisonFeatures } from "../../shared/stats/comparison-features";
import {
  type LengthControlledOptions,
  lengthControlled,
  lengthControlledDefinition,
  lengthControlledRows,
  lengthControlledWarning,
} from "../../shared/stats/length-controlled";
import { clusterExtremes, separation } from "../../shared/stats/logistic-fit";

type Reason = "no_words" | "fewer_than_10" | "s_zero" | "separation";
interface Expected {
  judgments: number;
  raw_win_rate: number | null;
  reason: Reason | null;
  s?: number;
  theta?: number;
  phi?: number;
  win_rate?: number;
  warning?: boolean;
}
interface Case {
  name: string;
  records: (string | number | null)[][];
  expected: Record<string, Expected>;
}
const vectors = JSON.parse(readFileSync(new URL("../vectors/length-controlled.json", import.meta.url), "utf8")) as {
  reference: string;
  columns: string[];
  cases: Case[];
};
const { reference } = vectors;

/** The vector's rows as battle records, through the schema check as `longpref stats` reads them. */
function battles(rows: Case["records"]): BattleRecord[] {
  const { battles, errors } = checkBattles(
    rows.map((row, i) => ({ line: i + 1, fields: Object.fromEntries(vectors.columns.map((c, j) => [c, row[j]])) })),
  );
  expect(errors).toEqual([]);
  return battles;
}

function run(records: BattleRecord[], options: LengthControlledOptions = { seed: 1, rounds: 0 }) {
  const index = indexBattles(records);
  return lengthControlled(index, reference, comparisonFeatures(index), options);
}

const caseNamed = (name: string) => vectors.cases.find((c) => c.name === name)!;
const reasons: Record<Reason, RegExp> = {
  no_words: /carries word counts/,
  fewer_than_10: /^Only \d+ judgments .* at least 10/,
  s_zero: /same in every judgment \(s = 0\)/,
  separation: /separates the wins .* no finite maximum \(separation\)/,
};

describe("length-controlled win rate against statsmodels (test/vectors/length-controlled.json)", () => {
  const withFigures = vectors.cases.filter((c) => Object.values(c.expected).some((e) => e.reason !== "no_words"));

  it.each(withFigures.map((c) => [c.name, c] as const))("%s: every model's figure", (_name, c) => {
    const records = battles(c.records);
    const { figures, reason } = run(records);
    expect(reason).toBeNull();
    expect(Object.keys(figures!)).toEqual(Object.keys(c.expected));
    const index = indexBattles(records);
    const rows = lengthControlledRows(index, reference, comparisonFeatures(index));
    for (const [model, e] of Object.entries(c.expected)) {
      const f = figures![model]!;
      expect(f.judgments, model).toBe(e.judgments);
      if (e.raw_win_rate === null) expect(f.raw_win_rate).toBeNull();
      else expect(f.raw_win_rate).toBeCloseTo(e.raw_win_rate, 12);
      if (e.s !== undefined) expect(Math.abs(rows[model]!.s - e.s), model).toBeLessThan(1e-6);
      if (e.reason === null) {
        expect(f.reason, model).toBeNull();
        expect(Math.abs(f.win_rate! - e.win_rate!), model).toBeLessThan(1e-6);
        expect(Math.abs(Math.log(f.win_rate! / (1 - f.win_rate!)) - e.theta!), model).toBeLessThan(1e-6);
        expect(Math.abs(f.length_coefficient! - e.phi!), model).toBeLessThan(1e-6);
        expect(f.warning !== null, model).toBe(e.warning);
        if (f.warning !== null) expect(f.warning).toContain(`${(100 * f.win_rate!).toFixed(1)}%`);
      } else {
        expect([f.win_rate, f.ci, f.length_coefficient, f.warning], model).toEqual([null, null, null, null]);
        expect(f.reason, model).toMatch(reasons[e.reason]);
      }
    }
  });

  it("covers warnings on and off, each reason, and a fit that is barely not separated", () => {
    const all = vectors.cases.flatMap((c) => Object.entries(c.expected));
    expect(new Set(all.map(([, e]) => e.reason))).toEqual(new Set([null, "no_words", "fewer_than_10", "s_zero", "separation"]));
    expect(new Set(all.filter(([, e]) => e.reason === null).map(([, e]) => e.warning))).toEqual(new Set([true, false]));
    expect(caseNamed("edges").expected["barely-overlapping"]!.reason).toBeNull();
    expect(caseNamed("edges").expected["quasi-separated"]!.reason).toBe("separation");
  });

  it("gives no figure at all when no judgment against the reference carries word counts", () => {
    expect(run(battles(caseNamed("no-word-counts").records))).toEqual({
      figures: null,
      reason: "No judgment against the reference carries word counts (words_a and words_b).",
      methods: {},
    });
    const index = indexBattles(battles(caseNamed("small").records));
    expect(lengthControlled(index, "absent", comparisonFeatures(index), { seed: 1, rounds: 0 })).toEqual({
      figures: null,
      reason: "The reference model absent has no judgment.",
      methods: {},
    });
  });

  it("is the same figure whichever side the reference is listed on", () => {
    const records = battles(caseNamed("strong-length").records);
    const mirrored = records.map(
      (r): BattleRecord => ({
        ...r,
        model_a: r.model_b,
        model_b: r.model_a,
        words_a: r.words_b,
        words_b: r.words_a,
        winner: r.winner === "model_a" ? "model_b" : r.winner === "model_b" ? "model_a" : r.winner,
        left: r.left === "model_a" ? "model_b" : "model_a",
      }),
    );
    expect(mirrored.some((r) => r.model_a === reference) && mirrored.some((r) => r.model_b === reference)).toBe(true);
    const options = { seed: 3, rounds: 100 };
    expect(run(mirrored, options)).toEqual(run(records, options));
  });

  it("says when tanh(Δ/s) takes one value everywhere (lengths far apart, hardly varying)", () => {
    const records = Array.from({ length: 12 }, (_, i) => ({
      comparison_id: `c${i}`,
      instruction_id: `i${i}`,
      model_a: "m",
      model_b: reference,
      annotator: "x",
      winner: i % 3 === 0 ? "model_b" : "model_a",
      left: "model_a",
      words_a: 20_000 + (i % 2),
      words_b: 10,
    }));
    const figure = run(battles(records.map((r) => vectors.columns.map((c) => r[c as keyof typeof r])))).figures!.m!;
    expect(figure.win_rate).toBeNull();
    expect(figure.reason).toMatch(/tanh\(Δ\/s\) takes one value/);
  });
});

describe("the warning rule (AlpacaEval's get_is_extreme_changes, in fractions)", () => {
  // Bounds: WR − max(WR/4, 0.10) and WR + max((1 − WR)/4, 0.10), inclusive.
  it.each([
    [0.5, 0.375, 0.625], // a quarter of the way on both sides
    [0.25, 0.15, 0.4375], // 10 points below, a quarter above
    [0.9, 0.675, 1], // a quarter below, 10 points above (beyond 1)
  ])("raw %d: silent on [%d, %d], a sentence just outside", (raw, low, high) => {
    const margin = 1e-9;
    expect(lengthControlledWarning(low + margin, raw)).toBeNull();
    expect(lengthControlledWarning(high - margin, raw)).toBeNull();
    expect(lengthControlledWarning(low - margin, raw)).toContain(
      `(${(100 * low).toFixed(1)}%) is far from the raw win rate (${(100 * raw).toFixed(1)}%)`,
    );
    if (high < 1) expect(lengthControlledWarning(high + margin, raw)).toMatch(/far from the raw win rate/);
  });

  it("includes the bounds themselves", () => {
    expect(lengthControlledWarning(0.375, 0.5)).toBeNull();
    expect(lengthControlledWarning(0.625, 0.5)).toBeNull();
    expect(lengthControlledWarning(0.4375, 0.25)).toBeNull();
  });
});

describe("the bootstrap over instructions", () => {
  const strong = battles(caseNamed("strong-length").records);

  it("is reproducible by seed and moves with it", () => {
    const a = run(strong, { seed: 7, rounds: 200 });
    expect(run(strong, { seed: 7, rounds: 200 })).toEqual(a);
    expect(run(strong, { seed: 8, rounds: 200 }).figures!.verbose!.ci).not.toEqual(a.figures!.verbose!.ci);
    expect(a.methods).toEqual({ verbose: "refit", terse: "refit", even: "refit" });
  });

  it("brackets the estimate, and a model's interval does not depend on the other models", () => {
    const { figures } = run(strong, { seed: 7, rounds: 300 });
    for (const f of Object.values(figures!)) {
      expect(f.ci![0]).toBeLessThan(f.win_rate!);
      expect(f.ci![1]).toBeGreaterThan(f.win_rate!);
    }
    const alone = run(
      strong.filter((r) => r.model_a === "terse" || r.model_b === "terse"),
      { seed: 7, rounds: 300 },
    );
    expect(alone.figures!.terse).toEqual(figures!.terse);
  });

  it("refit and one linearised step agree closely on a mid-size case", () => {
    const large = battles(caseNamed("large-no-ties").records);
    const refit = run(large, { seed: 5, rounds: 400, refitBudget: Infinity });
    const oneStep = run(large, { seed: 5, rounds: 400, refitBudget: 0 });
    expect(refit.methods).toEqual({ a: "refit", b: "refit" });
    expect(oneStep.methods).toEqual({ a: "one-step", b: "one-step" });
    for (const model of ["a", "b"]) {
      const [r, o] = [refit.figures![model]!, oneStep.figures![model]!];
      expect(o.win_rate).toBe(r.win_rate);
      expect(Math.abs(o.ci![0] - r.ci![0])).toBeLessThan(0.002);
      expect(Math.abs(o.ci![1] - r.ci![1])).toBeLessThan(0.002);
      expect(o.ci).not.toEqual(r.ci);
    }
  });

  it("counts separated rounds at their limit instead of dropping them", () => {
    // Seven comparisons, one per instruction; a round that misses the one longer loss is separated by
    // length (wins above the gap, losses below, the gap's midpoint above 0): σ(θ) goes to 0.
    const { figures } = run(battles(caseNamed("edges").records), { seed: 2, rounds: 400 });
    const f = figures!["barely-overlapping"]!;
    expect(f.win_rate).toBeGreaterThan(0);
    expect(f.ci![0]).toBe(0);
  });
});

describe("lengthControlledDefinition", () => {
  it("names the rounds and the bootstrap used for each model", () => {
    const text = lengthControlledDefinition(1000, { a: "refit", b: "one-step", c: "refit" });
    expect(text).toContain("1000 rounds resampling the model's instructions");
    expect(text).toContain("refit: a, c; one step: b.");
    expect(lengthControlledDefinition(0, {})).toMatch(/at the estimate\)\.$/);
  });
});

describe("separation (the exact check behind 'no finite maximum')", () => {
  /** One cluster per row; outcomes as [x, successes, trials]. */
  const check = (data: [number, number, number][]) => {
    const rows = {
      x: Float64Array.from(data, (d) => d[0]),
      successes: Float64Array.from(data, (d) => d[1]),
      trials: Float64Array.from(data, (d) => d[2]),
      start: Int32Array.from({ length: data.length + 1 }, (_, k) => k),
    };
    return separation(clusterExtremes(rows), new Float64Array(data.length).fill(1));
  };

  it.each([
    [
      "no failures",
      [
        [-0.5, 1, 1],
        [0.5, 2, 2],
      ],
      "separated",
      1,
    ],
    [
      "no successes",
      [
        [-0.5, 0, 1],
        [0.5, 0, 2],
      ],
      "separated",
      0,
    ],
    [
      "successes above a gap whose middle is above 0",
      [
        [-0.2, 0, 1],
        [0.1, 0, 1],
        [0.5, 1, 1],
      ],
      "separated",
      0,
    ],
    [
      "successes above a gap whose middle is below 0",
      [
        [-0.5, 0, 1],
        [-0.1, 1, 1],
        [0.6, 1, 1],
      ],
      "separated",
      1,
    ],
    [
      "successes below a gap whose middle is below 0",
      [
        [-0.5, 1, 1],
        [0.3, 0, 1],
      ],
      "separated",
      0,
    ],
    [
      "successes below a gap whose middle is 0",
      [
        [-0.5, 1, 1],
        [0.5, 0, 1],
      ],
      "separated",
      0.5,
    ],
    [
      "a tie on the boundary (quasi-separation)",
      [
        [-0.4, 0, 1],
        [0.2, 0.5, 1],
        [0.6, 1, 1],
      ],
      "separated",
      0,
    ],
    [
      "one overlapping pair",
      [
        [-0.4, 0, 1],
        [0.1, 1, 1],
        [0.2, 0, 1],
        [0.6, 1, 1],
      ],
      "finite",
      NaN,
    ],
    [
      "ties everywhere",
      [
        [-0.4, 0.5, 1],
        [0.6, 1.5, 3],
      ],
      "finite",
      NaN,
    ],
    [
      "one value of x",
      [
        [0.3, 1, 2],
        [0.3, 0, 1],
      ],
      "unidentified",
      NaN,
    ],
  ] as const)("%s", (_what, data, kind, limit) => {
    const result = check(data.map((d) => [...d]));
    expect(result.kind).toBe(kind);
    expect(result.limit).toBe(limit);
  });
});

import { describe, expect, it } from "vitest";
import type { BattleRecord } from "../../shared/schemas/battles";
import { seededRandom } from "../../shared/scoring/seeded-random";
import { A_WINS, B_WINS, indexBattles, TIE } from "../../shared/stats/battle-index";
import { dawidSkene, posteriorVerdict, reliabilityThreshold } from "../../shared/stats/dawid-skene";
import { weightedVsReference } from "../../shared/stats/weighted-win-rates";
import { winRatesVsReference } from "../../shared/stats/win-rates";

// Simulated annotators with known confusion matrices π[true][given] over {first sample better, tie, second
// sample better}, in each comparison's orientation. The truth of every comparison is drawn from `prior`;
// each comparison is judged by 3 distinct annotators drawn at random.

type Matrix = [number, number, number][];
type Annotator = { name: string; confusion: Matrix } | { name: string; alwaysLeft: true };

const good = (right: number, tie: number): Matrix => [
  [right, (1 - right) * 0.6, (1 - right) * 0.4],
  [(1 - tie) / 2, tie, (1 - tie) / 2],
  [(1 - right) * 0.4, (1 - right) * 0.6, right],
];
const third = 1 / 3;
const careless: Matrix = [
  [third, third, third],
  [third, third, third],
  [third, third, third],
];
/** Reads the sides the wrong way round: says "first" when the second is better, and back. */
const swapper: Matrix = [
  [0.05, 0.1, 0.85],
  [0.15, 0.7, 0.15],
  [0.85, 0.1, 0.05],
];
/** Picks whichever is on the left, and the left side is random: what it says is independent of the truth. */
const leftConfusion: Matrix = [
  [0.5, 0, 0.5],
  [0.5, 0, 0.5],
  [0.5, 0, 0.5],
];

const team: Annotator[] = [
  { name: "good-1", confusion: good(0.9, 0.7) },
  { name: "good-2", confusion: good(0.85, 0.6) },
  { name: "good-3", confusion: good(0.8, 0.75) },
  { name: "good-4", confusion: good(0.88, 0.5) },
  { name: "good-5", confusion: good(0.82, 0.65) },
  { name: "careless", confusion: careless },
  { name: "always-left", alwaysLeft: true },
  { name: "swapper", confusion: swapper },
];
/** Per candidate, P(candidate better, tie, reference better): m1 beats the reference, m2 loses to it. */
const strength: Record<string, number[]> = { m1: [0.6, 0.2, 0.2], m2: [0.25, 0.2, 0.55] };
const orientation = (c: number) => {
  const candidate = c % 2 === 0 ? "m1" : "m2";
  return { candidate, flipped: c % 3 === 0 };
};
/** P(true verdict) in a comparison's orientation (ref as model_a one comparison in three). */
const classes = (c: number) => {
  const { candidate, flipped } = orientation(c);
  const p = strength[candidate]!;
  return flipped ? [p[2]!, p[1]!, p[0]!] : p;
};
/** The class prior over all comparisons: the average over the six orientations (c mod 6). */
const prior = [0, 1, 2].map((k) => [0, 1, 2, 3, 4, 5].reduce((s, c) => s + classes(c)[k]!, 0) / 6);
const winners = ["model_a", "tie", "model_b"] as const;

function draw(p: readonly number[], u: number): number {
  return u < p[0]! ? 0 : u < p[0]! + p[1]! ? 1 : 2;
}

interface Simulation {
  records: BattleRecord[];
  /** Per comparison (in order), its true verdict code. */
  truth: number[];
  /** Per annotator and true class: judgments. */
  rowJudgments: Map<string, number[]>;
}

/**
 * `comparisons` comparisons over `instructions` instructions, candidates m1 and m2 against ref; one in
 * three lists ref as model_a, so orientation is exercised.
 */
function simulate(seed: number, comparisons: number, annotators: Annotator[], instructions = 600): Simulation {
  const random = seededRandom(seed, "dawid-skene-simulation");
  const records: BattleRecord[] = [];
  const truth: number[] = [];
  const rowJudgments = new Map(annotators.map((a) => [a.name, [0, 0, 0]]));
  for (let c = 0; c < comparisons; c++) {
    const { candidate, flipped } = orientation(c);
    const [modelA, modelB] = flipped ? ["ref", candidate] : [candidate, "ref"];
    const k = draw(classes(c), random());
    truth.push(k);
    const chosen = new Set<number>();
    while (chosen.size < 3) chosen.add(Math.floor(random() * annotators.length));
    for (const a of chosen) {
      const annotator = annotators[a]!;
      const left = random() < 0.5 ? "model_a" : "model_b";
      const given = "alwaysLeft" in annotator ? (left === "model_a" ? A_WINS : B_WINS) : draw(annotator.confusion[k]!, random());
      rowJudgments.get(annotator.name)![k]!++;
      records.push({
        comparison_id: `c${c}`,
        instruction_id: `i${c % instructions}`,
        model_a: modelA,
        model_b: modelB,
        annotator: annotator.name,
        winner: given === TIE && random() < 0.3 ? "both_bad" : winners[given]!,
        left,
      });
    }
  }
  return { records, truth, rowJudgments };
}

const trueConfusion = (a: Annotator): Matrix => ("alwaysLeft" in a ? leftConfusion : a.confusion);

/** Plain majority as win-rates.ts takes it: the verdict of more than half of a comparison's judgments, else a tie. */
function plainMajority(records: BattleRecord[], comparisons: number): number[] {
  const votes = Array.from({ length: comparisons }, () => [0, 0, 0]);
  for (const r of records) votes[Number(r.comparison_id.slice(1))]![r.winner === "model_a" ? 0 : r.winner === "model_b" ? 2 : 1]!++;
  return votes.map(([a, t, b]) => {
    const n = a! + t! + b!;
    return a! * 2 > n ? A_WINS : b! * 2 > n ? B_WINS : TIE;
  });
}

const accuracy = (verdicts: number[], truth: number[]) => verdicts.filter((v, c) => v === truth[c]).length / truth.length;

describe("Dawid-Skene on simulated annotators", () => {
  const comparisons = 12_000;
  const sim = simulate(1, comparisons, team);
  const index = indexBattles(sim.records);
  const ds = dawidSkene(index);

  it("converges", () => {
    expect(ds.converged).toBe(true);
    expect(ds.iterations).toBeGreaterThan(1);
    expect(ds.iterations).toBeLessThan(200);
    ds.prior.forEach((p, k) => expect(Math.abs(p - prior[k]!)).toBeLessThan(0.03));
  });

  // Each row of an annotator's matrix is a proportion estimated from the n_k judgments it gave on
  // comparisons whose truth is k (≥ ~1,000 here). Even if EM knew every truth, its error would have a
  // standard error of at most 0.5/√n_k; 4 of those (0.063 at n_k = 1,000) bounds 72 cells with room for
  // the little EM adds by not knowing the truth. Anything systematically wrong (a swapped row, a
  // careless annotator fitted as good) misses by 0.3 or more.
  it("recovers every annotator's confusion matrix within 4 standard errors of its row", () => {
    let worst = 0;
    for (const annotator of team) {
      const fitted = ds.annotators[annotator.name]!.confusion;
      const wanted = trueConfusion(annotator);
      for (let k = 0; k < 3; k++) {
        const tolerance = 4 * (0.5 / Math.sqrt(sim.rowJudgments.get(annotator.name)![k]!));
        expect(fitted[k]!.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
        for (let l = 0; l < 3; l++) {
          const error = Math.abs(fitted[k]![l]! - wanted[k]![l]!);
          worst = Math.max(worst, error / tolerance);
          expect(error, `${annotator.name} π[${k}][${l}]`).toBeLessThan(tolerance);
        }
      }
    }
    expect(worst).toBeGreaterThan(0);
  });

  it("never puts a probability at 0 (smoothing)", () => {
    const cells = Object.values(ds.annotators).flatMap((a) => a.confusion.flat());
    expect(cells).toHaveLength(team.length * 9);
    expect(Math.min(...cells)).toBeGreaterThan(0);
    expect(ds.posterior.reduce((least, p) => Math.min(least, p), 1)).toBeGreaterThan(0);
  });

  it("gives reliability Σ prior_k·π_kk and flags the careless, the position-biased and the swapper", () => {
    for (const annotator of team) {
      const figure = ds.annotators[annotator.name]!;
      const m = figure.confusion;
      expect(figure.reliability).toBeCloseTo(ds.prior[0] * m[0]![0]! + ds.prior[1] * m[1]![1]! + ds.prior[2] * m[2]![2]!, 12);
      const truthReliability = prior.reduce((s, p, k) => s + p * trueConfusion(annotator)[k]![k]!, 0);
      expect(Math.abs(figure.reliability! - truthReliability)).toBeLessThan(0.03);
      expect(figure.flagged, annotator.name).toBe(!annotator.name.startsWith("good"));
    }
    expect(ds.threshold).toBe(reliabilityThreshold);
    expect(ds.annotators["good-3"]!.reliability).toBeGreaterThan(0.7);
    expect(ds.annotators.swapper!.reliability).toBeLessThan(0.25);
  });

  it("counts judgments and measures position bias on the left side", () => {
    const judged = new Map<string, number>();
    for (const r of sim.records) judged.set(r.annotator, (judged.get(r.annotator) ?? 0) + 1);
    for (const annotator of team) expect(ds.annotators[annotator.name]!.judgments).toBe(judged.get(annotator.name));
    expect(ds.annotators["always-left"]!.position_bias).toBe(1);
    for (const name of ["good-1", "careless", "swapper"]) expect(Math.abs(ds.annotators[name]!.position_bias! - 0.5)).toBeLessThan(0.05);
  });

  it("its weighted majority beats the plain majority against the truth by points", () => {
    const weighted = sim.truth.map((_, c) => posteriorVerdict(ds.posterior, c));
    const plain = plainMajority(sim.records, comparisons);
    const [w, p] = [accuracy(weighted, sim.truth), accuracy(plain, sim.truth)];
    expect(w).toBeGreaterThan(0.8);
    expect(w - p).toBeGreaterThan(0.08);
  });

  it("its weighted win rates are closer to the truth than the plain ones", () => {
    const weighted = weightedVsReference(index, "ref", ds, { seed: 0, rounds: 200 });
    const plain = winRatesVsReference(index, "ref", { seed: 0, rounds: 0 });
    for (const model of ["m1", "m2"]) {
      let score = 0;
      let n = 0;
      index.comparisons.forEach((comparison, c) => {
        if (index.models[comparison.modelA] !== model && index.models[comparison.modelB] !== model) return;
        const k = sim.truth[c]!;
        const win = index.models[comparison.modelA] === model ? A_WINS : B_WINS;
        score += k === win ? 1 : k === TIE ? 0.5 : 0;
        n++;
      });
      const truth = score / n;
      const figure = weighted[model]!;
      expect(figure.comparisons).toBe(n);
      // The careless, left-picking and swapping annotators pull the plain rate ~0.1 toward 0.5. The
      // weighted one keeps some pull (~0.04 here) toward the class prior of all comparisons, which an
      // ambiguous comparison's posterior leans on (decision 019); it must still be far closer.
      const [weightedError, plainError] = [Math.abs(figure.win_rate! - truth), Math.abs(plain[model]!.all.win_rate! - truth)];
      expect(weightedError).toBeLessThan(0.05);
      expect(plainError - weightedError).toBeGreaterThan(0.05);
      expect(figure.ci![0]).toBeLessThan(figure.win_rate!);
      expect(figure.ci![1]).toBeGreaterThan(figure.win_rate!);
      const tally = figure.majority_vote;
      expect(tally.win + tally.tie + tally.loss).toBe(n);
    }
  });
});

describe("Dawid-Skene at its edges", () => {
  it("gives an empty result for no judgments", () => {
    const ds = dawidSkene(indexBattles([]));
    expect(ds).toMatchObject({ annotators: {}, iterations: 0, converged: true });
    expect(ds.posterior.length).toBe(0);
  });

  it("does not flag an annotator with too few judgments, however unreliable", () => {
    const sim = simulate(2, 3000, team);
    const few = sim.records.filter((r) => r.annotator !== "swapper" || Number(r.comparison_id.slice(1)) < 40);
    const ds = dawidSkene(indexBattles(few));
    const swapperFigure = ds.annotators.swapper!;
    expect(swapperFigure.judgments).toBeLessThan(20);
    expect(swapperFigure.judgments).toBeGreaterThan(5);
    expect(swapperFigure.reliability).toBeLessThan(reliabilityThreshold);
    expect(swapperFigure.flagged).toBe(false);
  });

  it("refuses nonsense options", () => {
    const index = indexBattles([]);
    expect(() => dawidSkene(index, { smoothing: 0 })).toThrow(RangeError);
    expect(() => dawidSkene(index, { maxIterations: 0 })).toThrow(RangeError);
  });

  it("stops at the iteration cap and says it did not converge", () => {
    const ds = dawidSkene(indexBattles(simulate(3, 2000, team).records), { maxIterations: 2, tolerance: 0 });
    expect(ds).toMatchObject({ iterations: 2, converged: false });
  });
});

describe("reliability-weighted win rates", () => {
  const perfect: Annotator[] = ["p1", "p2", "p3", "p4"].map((name) => ({
    name,
    confusion: [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ],
  }));

  it("equal the plain comparison-level win rate and majority when every annotator is perfect", () => {
    const index = indexBattles(simulate(4, 3000, perfect).records);
    const ds = dawidSkene(index);
    const weighted = weightedVsReference(index, "ref", ds, { seed: 0, rounds: 0 });
    const plain = winRatesVsReference(index, "ref", { seed: 0, rounds: 0 });
    expect(Object.keys(weighted)).toEqual(["m1", "m2"]);
    for (const model of ["m1", "m2"]) {
      // Every judgment of a comparison agrees, so the plain judgment-level rate is the comparison-level one.
      expect(weighted[model]!.win_rate).toBeCloseTo(plain[model]!.all.win_rate!, 6);
      expect(weighted[model]!.majority_vote).toEqual(plain[model]!.majority_vote);
      expect(weighted[model]!.ci).toBeNull();
    }
  });

  it("draw reproducible intervals, one stream per model, over the model's instructions", () => {
    const sim = simulate(5, 3000, team);
    const index = indexBattles(sim.records);
    const ds = dawidSkene(index);
    const once = weightedVsReference(index, "ref", ds, { seed: 11, rounds: 300 });
    const again = weightedVsReference(index, "ref", ds, { seed: 11, rounds: 300 });
    const other = weightedVsReference(index, "ref", ds, { seed: 12, rounds: 300 });
    expect(again).toEqual(once);
    expect(other.m1!.ci).not.toEqual(once.m1!.ci);
    expect(other.m1!.win_rate).toBe(once.m1!.win_rate);
    // A third model on instructions of its own leaves m1's interval where it was (posterior held fixed).
    const m3 = sim.records
      .filter((r) => r.model_a === "m2" || r.model_b === "m2")
      .map((r) => ({
        ...r,
        comparison_id: `x${r.comparison_id}`,
        instruction_id: `x${r.instruction_id}`,
        model_a: r.model_a === "m2" ? "m3" : r.model_a,
        model_b: r.model_b === "m2" ? "m3" : r.model_b,
      }));
    const wider = indexBattles([...sim.records, ...m3]);
    const widerDs = dawidSkene(wider);
    const posteriorFixed = { ...widerDs, posterior: widerDs.posterior.slice() };
    posteriorFixed.posterior.set(ds.posterior);
    expect(weightedVsReference(wider, "ref", posteriorFixed, { seed: 11, rounds: 300 }).m1).toEqual(once.m1);
  });

  it("answers nothing without the reference and refuses a result of another index", () => {
    const index = indexBattles(simulate(6, 300, team).records);
    const ds = dawidSkene(index);
    expect(weightedVsReference(index, "nobody", ds, { seed: 0, rounds: 10 })).toEqual({});
    expect(() => weightedVsReference(indexBattles([]), "ref", ds, { seed: 0, rounds: 10 })).toThrow(RangeError);
  });
});

import { assertSeed, seededRandom } from "./seeded-random";

// LongWriter's DPO data: per instruction, the best-scoring of several samples is *chosen* and one of the
// others, at random, is *rejected*. This module proposes those pairs from already-combined scores.
//
// Ranking inside a group is one total order: higher score first, then lower sampleId. So the chosen
// sample of a tie at the top is the lower id, and for best-vs-worst the rejected sample of a tie at the
// bottom is the higher id (the last in the ranking). sampleIds are expected to be unique in a group.
//
// A pair needs chosen score > rejected score and margin ≥ minMargin, for every strategy: two equal
// scores carry no preference, and which of them is "chosen" would only be an artefact of the ids.

export interface ScoredSample {
  sampleId: number;
  score: number;
  excluded?: boolean;
}

export interface PairGroup {
  /** Names the group and seeds its draw, e.g. `${instructionId}:${modelId}`. */
  key: string;
  samples: ScoredSample[];
}

export type PairStrategy = "best-vs-random" | "best-vs-worst" | "all-pairs";

export interface PairOptions {
  strategy: PairStrategy;
  seed: number;
  /** Least chosen − rejected score worth a pair; default 0 (any strict preference). */
  minMargin?: number;
}

export interface PairProposal {
  key: string;
  chosenId: number;
  rejectedId: number;
  chosenScore: number;
  rejectedScore: number;
  margin: number;
}

function ranksBefore(a: ScoredSample, b: ScoredSample): boolean {
  return a.score > b.score || (a.score === b.score && a.sampleId < b.sampleId);
}

/** Fills `ranked` with the group's usable samples in ranking order; insertion sort suits four items. */
function rank(samples: readonly ScoredSample[], ranked: ScoredSample[]): void {
  ranked.length = 0;
  for (const sample of samples) {
    if (sample.excluded === true || !Number.isFinite(sample.score)) continue;
    let i = ranked.length;
    ranked.push(sample);
    while (i > 0 && ranksBefore(sample, ranked[i - 1]!)) {
      ranked[i] = ranked[i - 1]!;
      i--;
    }
    ranked[i] = sample;
  }
}

function proposal(key: string, chosen: ScoredSample, rejected: ScoredSample): PairProposal {
  return {
    key,
    chosenId: chosen.sampleId,
    rejectedId: rejected.sampleId,
    chosenScore: chosen.score,
    rejectedScore: rejected.score,
    margin: chosen.score - rejected.score,
  };
}

function qualifies(margin: number, minMargin: number): boolean {
  return margin > 0 && margin >= minMargin;
}

export function proposePairs(groups: Iterable<PairGroup>, options: PairOptions): PairProposal[] {
  const { strategy, seed, minMargin = 0 } = options;
  assertSeed(seed);
  if (!(minMargin >= 0)) throw new RangeError(`minMargin must be ≥ 0, got ${minMargin}`);
  if (strategy !== "best-vs-random" && strategy !== "best-vs-worst" && strategy !== "all-pairs") {
    throw new RangeError(`unknown pair strategy: ${String(strategy)}`);
  }

  const proposals: PairProposal[] = [];
  const ranked: ScoredSample[] = [];
  for (const { key, samples } of groups) {
    rank(samples, ranked);
    const n = ranked.length;
    if (n < 2) continue;
    const best = ranked[0]!;

    if (strategy === "best-vs-worst") {
      const worst = ranked[n - 1]!;
      if (qualifies(best.score - worst.score, minMargin)) proposals.push(proposal(key, best, worst));
    } else if (strategy === "best-vs-random") {
      // Scores fall along the ranking, so the samples far enough below the best are a suffix of it.
      let first = 1;
      while (first < n && !qualifies(best.score - ranked[first]!.score, minMargin)) first++;
      if (first === n) continue;
      const pick = first + Math.floor(seededRandom(seed, key)() * (n - first));
      proposals.push(proposal(key, best, ranked[pick]!));
    } else {
      for (let i = 0; i < n - 1; i++) {
        const chosen = ranked[i]!;
        for (let j = i + 1; j < n; j++) {
          const rejected = ranked[j]!;
          if (qualifies(chosen.score - rejected.score, minMargin)) proposals.push(proposal(key, chosen, rejected));
        }
      }
    }
  }
  return proposals;
}

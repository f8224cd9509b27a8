import { compareFixedAdaptive } from "../helpers/adaptive-k-sim";

// Adaptive k (issue 18, decision 037): simulated annotators agreeing with the truth 80% of the time, through
// the real annotation queue on a SQLite file; the same pre-drawn votes for fixed k = 3 and k_min 2 / k_max 3.
// Goals: judgments per decided comparison ≤ 0.75 × 3, the same majority as fixed k in ≥ 97% of comparisons.
// "80% agreeing annotators" read as the figure: two annotators give the same verdict 80% of the time,
// so each is right with p where p² + (1 − p)² = 0.8 (p ≈ 0.887). Also printed: each right 80% of the time.
const comparisons = 600;
const start = performance.now();
const agreeing = (1 + Math.sqrt(2 * 0.8 - 1)) / 2;
const r = await compareFixedAdaptive(comparisons, 2, 3, agreeing, 18);
console.log("\n## Adaptive k (k_min 2, k_max 3) vs fixed k = 3, annotators agreeing with each other 80% of the time");
console.log(`comparisons: ${comparisons}; fixed: ${r.fixed.judgments} judgments, adaptive: ${r.adaptive.judgments}`);
console.log(
  `judgments per decided comparison: fixed ${r.perDecidedFixed.toFixed(3)}, adaptive ${r.perDecidedAdaptive.toFixed(3)} ` +
    `(${(r.perDecidedAdaptive / 3).toFixed(3)} × 3; goal ≤ 0.75)`,
);
console.log(`same decision as fixed k: ${(r.sameDecision * 100).toFixed(1)}% (goal ≥ 97%)`);
console.log(`decided at k_min: ${r.adaptive.decidedAtKMin}; judgments saved (dashboard): ${r.adaptive.saved}`);
const right80 = await compareFixedAdaptive(comparisons, 2, 3, 0.8, 18);
console.log(
  `annotators each right 80% of the time (pairwise agreement 68%): ${right80.perDecidedAdaptive.toFixed(3)} per decided comparison ` +
    `(${(right80.perDecidedAdaptive / 3).toFixed(3)} × 3), same decision ${(right80.sameDecision * 100).toFixed(1)}%`,
);
console.log(`(${((performance.now() - start) / 1000).toFixed(1)} s)`);

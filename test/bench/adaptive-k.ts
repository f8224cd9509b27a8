import { compareFixedAdaptive } from "../helpers/adaptive-k-sim";

// Adaptive k (issue 18, decision 037): simulated annotators agreeing with the truth 80% of the time, through
// the real annotation queue on a SQLite file; the same pre-drawn votes for fixed k = 3 and k_min 2 / k_max 3.
// Goals: judgments per decided comparison ≤ 0.75 × 3, the same majority as fixed k in ≥ 97% of comparisons.
const comparisons = 600;
const start = performance.now();
const r = await compareFixedAdaptive(comparisons, 2, 3, 0.8, 18);
console.log("\n## Adaptive k (k_min 2, k_max 3) vs fixed k = 3, 80% agreeing annotators");
console.log(`comparisons: ${comparisons}; fixed: ${r.fixed.judgments} judgments, adaptive: ${r.adaptive.judgments}`);
console.log(
  `judgments per decided comparison: fixed ${r.perDecidedFixed.toFixed(3)}, adaptive ${r.perDecidedAdaptive.toFixed(3)} ` +
    `(${(r.perDecidedAdaptive / 3).toFixed(3)} × 3; goal ≤ 0.75)`,
);
console.log(`same decision as fixed k: ${(r.sameDecision * 100).toFixed(1)}% (goal ≥ 97%)`);
console.log(`decided at k_min: ${r.adaptive.decidedAtKMin}; judgments saved (dashboard): ${r.adaptive.saved}`);
console.log(`(${((performance.now() - start) / 1000).toFixed(1)} s)`);

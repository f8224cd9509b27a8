import { availableParallelism, loadavg } from "node:os";
import { simulateCampaign } from "../helpers/adaptive-sim";

// Issue #18, figure 2: adaptive choice of the next comparison with 8 candidate models in one vs-reference
// campaign, simulated annotators against the real queue (annotationQueue over a real SQLite file), the
// same budget for uniform and adaptive assignment. Goals: the widest 95% interval (bootstrap over
// instructions, as the analytics report it) ≤ 0.8 × uniform's, and intervals covering the simulated truth
// ≥ 93% over repeated runs.
//
// The true win rates leave something to gain on purpose: two models at 0.5 (the largest variance, so the
// widest intervals under uniform assignment) and six far from it (0.06–0.94), whose intervals are narrow
// with few judgments. Were all eight near 0.5, the best allocation would be uniform and adaptive choice could
// only cost a little (its weights). The budget is one judgment per comparison, so uniform assignment (least
// taken first) ends with every model judged equally often.
const truth = [0.5, 0.5, 0.1, 0.9, 0.08, 0.92, 0.06, 0.94];
const fmt = (n: number, digits = 3) => n.toFixed(digits);
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

// Widest interval: mean over a few seeds at 200 instructions per model (1,600 judgments per run).
const widthSeeds = Number(process.env.ADAPTIVE_WIDTH_SEEDS ?? 5);
const widest = { uniform: [] as number[], adaptive: [] as number[] };
for (let seed = 1; seed <= widthSeeds; seed++) {
  for (const assignment of ["uniform", "adaptive"] as const) {
    const r = await simulateCampaign({ truth, instructions: 200, assignment, budget: 1600, seed });
    widest[assignment].push(r.widest);
    r.app.close();
  }
}
const ratio = mean(widest.adaptive) / mean(widest.uniform);
console.log(
  `adaptive choice, 8 models (true win rates ${truth.join(", ")}), 1,600 judgments each way, ${widthSeeds} seeds: widest 95% interval ` +
    `uniform ${fmt(mean(widest.uniform))}, adaptive ${fmt(mean(widest.adaptive))} = ${fmt(ratio, 2)} × uniform (goal ≤ 0.8)`,
);

// Coverage: many seeds at 150 instructions per model (1,200 judgments), every model's interval.
const coverageSeeds = Number(process.env.ADAPTIVE_COVERAGE_SEEDS ?? 40);
let covered = 0;
let intervals = 0;
for (let seed = 101; seed < 101 + coverageSeeds; seed++) {
  const r = await simulateCampaign({ truth, instructions: 150, assignment: "adaptive", budget: 1200, seed, rounds: 500 });
  covered += r.covered;
  intervals += r.models.length;
  r.app.close();
}
console.log(
  `adaptive choice coverage: ${covered} of ${intervals} intervals (${coverageSeeds} runs × 8 models) cover the simulated truth = ` +
    `${fmt((100 * covered) / intervals, 1)}% (goal ≥ 93%)`,
);

// Next-item latency at 10,000 comparisons (8 models × 1,250 instructions), 2,000 judgments each way.
for (const assignment of ["uniform", "adaptive"] as const) {
  const r = await simulateCampaign({ truth, instructions: 1250, assignment, budget: 2000, seed: 1, rounds: 0 });
  console.log(
    `adaptive choice next-item at 10,000 comparisons (${assignment}, in process): p50 ${fmt(quantile(r.nextMs, 0.5), 2)} ms, ` +
      `p90 ${fmt(quantile(r.nextMs, 0.9), 2)} ms, p99 ${fmt(quantile(r.nextMs, 0.99), 2)} ms (load average ${fmt(loadavg()[0]!, 1)} on ${availableParallelism()} CPUs); ` +
      `CPU time p50 ${fmt(quantile(r.nextCpuMs, 0.5), 2)} ms, p99 ${fmt(quantile(r.nextCpuMs, 0.99), 2)} ms`,
  );
  r.app.close();
}

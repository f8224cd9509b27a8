import { proposePairs, type PairGroup, type PairStrategy } from "../../shared/scoring/pair-proposals";
import { seededRandom } from "../../shared/scoring/seeded-random";

// Pair proposal over a campaign-sized batch: 100,000 instructions × 4 samples, scores on LongWriter's
// 0–100 scale to one decimal (so some ties occur, as with real judge scores). Each figure is the median
// of 5 runs after a warm-up run, whose own time is shown as "first".
const instructions = 100_000;
const samplesPerInstruction = 4;
const runs = 5;

const random = seededRandom(2024, "bench:pairs");
const groups: PairGroup[] = Array.from({ length: instructions }, (_, i) => ({
  key: `${i}:1`,
  samples: Array.from({ length: samplesPerInstruction }, (_, k) => ({
    sampleId: i * samplesPerInstruction + k,
    score: Math.round(random() * 1000) / 10,
  })),
}));

for (const strategy of ["best-vs-random", "best-vs-worst", "all-pairs"] as PairStrategy[]) {
  const time = () => {
    const start = performance.now();
    const count = proposePairs(groups, { strategy, seed: 7 }).length;
    return { ms: performance.now() - start, count };
  };
  const first = time();
  const times = Array.from({ length: runs }, () => time().ms).sort((a, b) => a - b);
  const median = times[Math.floor(runs / 2)]!;
  console.log(
    `pairs: ${instructions.toLocaleString("en-US")} instructions × ${samplesPerInstruction} samples proposed in ` +
      `${median.toFixed(0)} ms (${strategy}, ${first.count.toLocaleString("en-US")} pairs; first ${first.ms.toFixed(0)} ms)`,
  );
}

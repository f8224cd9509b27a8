import type { BattleRecord } from "../../shared/schemas/battles";
import { seededRandom } from "../../shared/scoring/seeded-random";
import { agreement } from "../../shared/stats/agreement";
import { checkBattles, indexBattles } from "../../shared/stats/battle-index";
import { battleStats } from "../../shared/stats/battle-stats";
import { bradleyTerry } from "../../shared/stats/bradley-terry";
import { comparisonFeatures } from "../../shared/stats/comparison-features";
import { dawidSkene } from "../../shared/stats/dawid-skene";
import { lengthControlled } from "../../shared/stats/length-controlled";
import { rankFlip } from "../../shared/stats/ranks";
import { styleControlled } from "../../shared/stats/style-controlled";
import { weightedVsReference } from "../../shared/stats/weighted-win-rates";
import { positionBias } from "../../shared/stats/position-bias";
import { winRatesVsReference } from "../../shared/stats/win-rates";

// `longpref stats` over a million judgments: 4 candidates and a reference, 333,333 comparisons of 3
// judgments by 10 annotators (one comparison in 10 between two candidates) on 5,000 instructions, with word
// and Markdown counts (longer answers win more often), 1,000 bootstrap rounds. Goals: the figures that
// existed before issue #14 under 3 s; the whole report (battleStats: those plus length- and style-controlled
// figures, Dawid–Skene, weighted win rates, ranks) under 10 s. Reading and checking the records with zod is
// shown apart.
const comparisons = 333_333;
const rounds = 1_000;
const goalSeconds = 3;
const wholeGoalSeconds = 10;
const reference = "reference";
const candidates = ["cand-1", "cand-2", "cand-3", "cand-4"];
const strength: Record<string, number> = { reference: 0, "cand-1": 0.3, "cand-2": 0.1, "cand-3": -0.1, "cand-4": -0.4 };
const buckets = ["0-500", "500-2k", "2k-4k", "4k-20k"];

const random = seededRandom(2024, "bench:stats");
const records: BattleRecord[] = [];
for (let c = 0; c < comparisons; c++) {
  const a = candidates[c % 4]!;
  const b = c % 10 === 9 ? candidates[(c + 1) % 4]! : reference;
  const wordsA = Math.round(1500 + 3000 * random());
  const wordsB = Math.round(1500 + 2000 * random());
  const style = () => ({ headers: Math.floor(8 * random()), list_items: Math.floor(20 * random()), bold: Math.floor(10 * random()) });
  const [styleA, styleB] = [style(), style()];
  const pA = 1 / (1 + Math.exp(strength[b]! - strength[a]! - 0.4 * Math.tanh((wordsA - wordsB) / 1500)));
  const first = c % 10;
  for (const annotator of [first, (first + 3) % 10, (first + 7) % 10]) {
    const u = random();
    const winner = u < 0.25 ? "tie" : random() < pA ? "model_a" : "model_b";
    records.push({
      comparison_id: `c${c}`,
      instruction_id: `i${c % 5000}`,
      length_bucket: buckets[c % 4],
      category: `category-${c % 7}`,
      model_a: a,
      model_b: b,
      annotator: `ann${annotator}`,
      winner,
      left: random() < 0.5 ? "model_a" : "model_b",
      words_a: wordsA,
      words_b: wordsB,
      style_a: styleA,
      style_b: styleB,
    });
  }
}

function timed<T>(run: () => T): [T, number] {
  const start = performance.now();
  const value = run();
  return [value, performance.now() - start];
}

const [checked, checkMs] = timed(() => checkBattles(records.map((fields, i) => ({ line: i + 1, fields: { ...fields } }))));
const [index, indexMs] = timed(() => indexBattles(records));
const [rates, ratesMs] = timed(() => winRatesVsReference(index, reference, { seed: 1, rounds }));
const [bt, btMs] = timed(() => bradleyTerry(index, reference, { seed: 1, rounds }));
const [, agreementMs] = timed(() => agreement(index));
const [bias, biasMs] = timed(() => positionBias(records));
const features = comparisonFeatures(index);
const [lc, lcMs] = timed(() => lengthControlled(index, reference, features, { seed: 1, rounds }));
const [style, styleMs] = timed(() => styleControlled(index, reference, features, { seed: 1, rounds }));
const [ds, dsMs] = timed(() => dawidSkene(index));
const [, weightedMs] = timed(() => weightedVsReference(index, reference, ds, { seed: 1, rounds }));
const [, ranksMs] = timed(() => rankFlip(index, reference, bt.ratings));
const [, wholeMs] = timed(() => battleStats(indexBattles(records), { reference, seed: 1, rounds }));
const total = indexMs + ratesMs + btMs + agreementMs + biasMs;
const ms = (x: number) => `${x.toFixed(0)} ms`;
console.log(
  `stats: ${records.length.toLocaleString("en-US")} judgments (${comparisons.toLocaleString("en-US")} comparisons, 5 models, 10 annotators), ` +
    `${rounds.toLocaleString("en-US")} bootstrap rounds: index ${ms(indexMs)}, win rates ${ms(ratesMs)}, Bradley–Terry ${ms(btMs)}, ` +
    `agreement ${ms(agreementMs)}, position bias ${ms(biasMs)}; total ${(total / 1000).toFixed(2)} s (goal < ${goalSeconds} s: ` +
    `${total / 1000 < goalSeconds ? "met" : "MISSED"}); zod check of the records apart: ${ms(checkMs)} (${checked.errors.length} errors)`,
);
console.log(
  `stats: check figures: cand-1 win rate ${rates["cand-1"]!.all.win_rate!.toFixed(4)} ` +
    `[${rates["cand-1"]!.bootstrap_ci95_over_comparisons!.map((x) => x.toFixed(4)).join(", ")}], ` +
    `BT ${bt.ratings["cand-1"]!.toFixed(1)} [${bt.ci95["cand-1"]!.map((x) => x.toFixed(1)).join(", ")}], left win rate ${bias.left_win_rate!.toFixed(4)}`,
);
console.log(
  `stats: #14 figures, same data: length-controlled ${ms(lcMs)}, style-controlled ${ms(styleMs)}, Dawid–Skene ${ms(dsMs)}, ` +
    `weighted win rates ${ms(weightedMs)}, rank flip ${ms(ranksMs)}; the whole report (battleStats, index included) ` +
    `${(wholeMs / 1000).toFixed(2)} s on one core (goal < ${wholeGoalSeconds} s: ${wholeMs / 1000 < wholeGoalSeconds ? "met" : "MISSED"}); ` +
    `cand-1 LC ${lc.figures?.["cand-1"]?.win_rate?.toFixed(4)} (raw ${lc.figures?.["cand-1"]?.raw_win_rate?.toFixed(4)}, φ ${lc.figures?.["cand-1"]?.length_coefficient?.toFixed(3)}), ` +
    `style coefficient of words ${style.result?.coefficients.words?.toFixed(3)}`,
);

import { membersByComparison, type BattleIndex } from "./battle-index";

// Inter-annotator agreement over the three verdicts model_a / tie / model_b ("both_bad" is a tie), each in
// its comparison's own orientation (REFERENCE §6.2, S7). A value that is undefined (0/0: no pair of
// judgments, or every judgment the same verdict so chance agreement is 1) is null, as scikit-learn and
// statsmodels give NaN.
//
// - cohen_kappa, per pair of annotators (names sorted, key "a|b"), over the comparisons both judged:
//   scikit-learn's cohen_kappa_score, κ = 1 − Σ_{i≠j} O_ij / Σ_{i≠j} E_ij with E = row·column totals / n;
//   `agreement` is the raw share of those comparisons with the same verdict. Pairs that never met are left out.
// - fleiss_kappa: statsmodels' fleiss_kappa over comparisons (categories in columns). With the same number
//   of ratings everywhere it is Fleiss' formula; otherwise P_i uses each comparison's own count n_i and the
//   category shares are pooled over all ratings. Comparisons with a single judgment are left out.
// - krippendorff_alpha_nominal / _interval: α = 1 − D_o/D_e from the coincidence matrix of all judgments,
//   units = comparisons (missing ratings allowed); verdicts coded model_b = −1, tie = 0, model_a = 1;
//   δ² is 0/1 (nominal) or (c − k)² (interval).
// - pairwise_agreement: share of pairs of judgments of the same comparison that agree (MT-Bench's S1
//   human–human agreement: ties count).
// - with_majority_of_others, per annotator: over the comparisons where the other annotators have a strict
//   majority verdict (both of the other two, with three judgments), the share where the annotator gave it.

export interface PairAgreement {
  n: number;
  kappa: number | null;
  agreement: number;
}

export interface Agreement {
  cohen_kappa: Record<string, PairAgreement>;
  fleiss_kappa: number | null;
  krippendorff_alpha_nominal: number | null;
  krippendorff_alpha_interval: number | null;
  pairwise_agreement: number | null;
  with_majority_of_others: Record<string, { n: number; agreement: number | null }>;
}

const categories = 3;
/** Interval codes of the verdict codes A_WINS, TIE, B_WINS (battle-index.ts). */
const intervalCode = [1, 0, -1];

const finite = (x: number) => (Number.isFinite(x) ? x : null);

/** Cohen's κ from a 3×3 confusion matrix (row-major: first annotator's verdict, second's). */
export function cohenKappa(confusion: ArrayLike<number>): number | null {
  const rows = [0, 0, 0];
  const cols = [0, 0, 0];
  let n = 0;
  for (let i = 0; i < categories; i++) {
    for (let j = 0; j < categories; j++) {
      const o = confusion[i * categories + j]!;
      rows[i]! += o;
      cols[j]! += o;
      n += o;
    }
  }
  let observed = 0;
  let expected = 0;
  for (let i = 0; i < categories; i++) {
    for (let j = 0; j < categories; j++) {
      if (i === j) continue;
      observed += confusion[i * categories + j]!;
      expected += (rows[i]! * cols[j]!) / n;
    }
  }
  return finite(1 - observed / expected);
}

/**
 * Fleiss' κ from per-item category counts, flat (item i: counts[3i], counts[3i + 1], counts[3i + 2] for
 * model_a, tie, model_b); items with fewer than 2 ratings are skipped.
 */
export function fleissKappa(counts: ArrayLike<number>): number | null {
  let sumP = 0;
  let used = 0;
  const totals = [0, 0, 0];
  let ratings = 0;
  for (let i = 0; i + categories <= counts.length; i += categories) {
    let n = 0;
    let squares = 0;
    for (let j = 0; j < categories; j++) {
      const c = counts[i + j]!;
      n += c;
      squares += c * c;
    }
    if (n < 2) continue;
    for (let j = 0; j < categories; j++) totals[j]! += counts[i + j]!;
    ratings += n;
    sumP += (squares - n) / (n * (n - 1));
    used++;
  }
  const pBar = sumP / used;
  const pe = totals.reduce((s, t) => s + (t / ratings) ** 2, 0);
  return finite((pBar - pe) / (1 - pe));
}

/**
 * Krippendorff's α from a coincidence matrix o (c×c, row-major) and a squared distance δ²(c, k) between
 * category indexes.
 */
export function krippendorffAlpha(coincidence: ArrayLike<number>, c: number, delta2: (a: number, b: number) => number): number | null {
  const totals = new Float64Array(c);
  let n = 0;
  for (let i = 0; i < c; i++) for (let j = 0; j < c; j++) totals[i]! += coincidence[i * c + j]!;
  for (const t of totals) n += t;
  let observed = 0;
  let expected = 0;
  for (let i = 0; i < c; i++) {
    for (let j = 0; j < c; j++) {
      const d = delta2(i, j);
      observed += coincidence[i * c + j]! * d;
      expected += totals[i]! * totals[j]! * d;
    }
  }
  return finite(1 - observed / n / (expected / (n * (n - 1))));
}

export function agreement(index: BattleIndex): Agreement {
  const { start, members } = membersByComparison(index);
  const a = index.annotators.length;
  // Annotator names sorted; confusion[p·a + q] for p < q in sorted rank.
  const sorted = [...index.annotators.keys()].sort((x, y) =>
    index.annotators[x]! < index.annotators[y]! ? -1 : index.annotators[x]! > index.annotators[y]! ? 1 : 0,
  );
  const rank = new Int32Array(a);
  sorted.forEach((annotator, r) => (rank[annotator] = r));
  const confusion = new Map<number, Float64Array>();
  const coincidence = new Float64Array(categories * categories);
  const items = new Int32Array(index.comparisons.length * categories);
  let agreeingPairs = 0;
  let pairs = 0;
  const others = Array.from({ length: a }, () => ({ n: 0, agree: 0 }));
  for (let c = 0; c < index.comparisons.length; c++) {
    const from = start[c]!;
    const to = start[c + 1]!;
    const counts = items.subarray(c * categories, (c + 1) * categories);
    for (let m = from; m < to; m++) counts[index.verdict[members[m]!]!]!++;
    const size = to - from;
    if (size < 2) continue;
    for (let x = 0; x < categories; x++) {
      for (let y = 0; y < categories; y++) coincidence[x * categories + y]! += (counts[x]! * (counts[y]! - (x === y ? 1 : 0))) / (size - 1);
    }
    for (let m = from; m < to; m++) {
      const i = members[m]!;
      const vi = index.verdict[i]!;
      for (let l = m + 1; l < to; l++) {
        const j = members[l]!;
        const vj = index.verdict[j]!;
        pairs++;
        if (vi === vj) agreeingPairs++;
        const [first, second, v1, v2] =
          rank[index.annotatorOf[i]!]! < rank[index.annotatorOf[j]!]!
            ? [index.annotatorOf[i]!, index.annotatorOf[j]!, vi, vj]
            : [index.annotatorOf[j]!, index.annotatorOf[i]!, vj, vi];
        const key = rank[first]! * a + rank[second]!;
        let matrix = confusion.get(key);
        if (matrix === undefined) confusion.set(key, (matrix = new Float64Array(categories * categories)));
        matrix[v1 * categories + v2]!++;
      }
      // The others' majority: their counts are this comparison's counts less this judgment.
      const rest = size - 1;
      for (let v = 0; v < categories; v++) {
        const votes = counts[v]! - (v === vi ? 1 : 0);
        if (votes * 2 > rest) {
          const tally = others[index.annotatorOf[i]!]!;
          tally.n++;
          if (v === vi) tally.agree++;
        }
      }
    }
  }
  const cohen: Record<string, PairAgreement> = {};
  for (const key of [...confusion.keys()].sort((x, y) => x - y)) {
    const matrix = confusion.get(key)!;
    const n = matrix.reduce((s, v) => s + v, 0);
    const name = `${index.annotators[sorted[Math.floor(key / a)]!]}|${index.annotators[sorted[key % a]!]}`;
    cohen[name] = { n, kappa: cohenKappa(matrix), agreement: (matrix[0]! + matrix[4]! + matrix[8]!) / n };
  }
  const code = (i: number) => intervalCode[i]!;
  return {
    cohen_kappa: cohen,
    fleiss_kappa: fleissKappa(items),
    krippendorff_alpha_nominal: krippendorffAlpha(coincidence, categories, (x, y) => (x === y ? 0 : 1)),
    krippendorff_alpha_interval: krippendorffAlpha(coincidence, categories, (x, y) => (code(x) - code(y)) ** 2),
    pairwise_agreement: pairs > 0 ? agreeingPairs / pairs : null,
    with_majority_of_others: Object.fromEntries(
      sorted.map((annotator) => {
        const { n, agree } = others[annotator]!;
        return [index.annotators[annotator]!, { n, agreement: n > 0 ? agree / n : null }];
      }),
    ),
  };
}

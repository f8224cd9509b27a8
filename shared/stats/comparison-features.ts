import type { BattleIndex } from "./battle-index";

// What the length- and style-controlled figures need of each comparison, in the comparison's own
// orientation (a record listing the two models the other way round has its sides swapped): the words and
// Markdown counts of both outputs. Every judgment of a comparison judges the same two outputs, so the
// first record that carries a field gives it; a comparison none of whose records carries it has NaN.

export interface ComparisonFeatures {
  /** Per comparison: words of side a and side b (LongBench-Write words), NaN when unknown. */
  wordsA: Float64Array;
  wordsB: Float64Array;
  /** Per comparison and side: headers, list items and bold spans, NaN when unknown. */
  headersA: Float64Array;
  headersB: Float64Array;
  listItemsA: Float64Array;
  listItemsB: Float64Array;
  boldA: Float64Array;
  boldB: Float64Array;
  /** Comparisons with both word counts, and with both styles. */
  withWords: number;
  withStyle: number;
}

export function comparisonFeatures(index: BattleIndex): ComparisonFeatures {
  const count = index.comparisons.length;
  const nan = () => new Float64Array(count).fill(NaN);
  const f: ComparisonFeatures = {
    wordsA: nan(),
    wordsB: nan(),
    headersA: nan(),
    headersB: nan(),
    listItemsA: nan(),
    listItemsB: nan(),
    boldA: nan(),
    boldB: nan(),
    withWords: 0,
    withStyle: 0,
  };
  const { records, comparisonOf, comparisons, models } = index;
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    const c = comparisonOf[i]!;
    const swapped = models[comparisons[c]!.modelA] !== r.model_a;
    if (Number.isNaN(f.wordsA[c]!) && r.words_a !== undefined && r.words_b !== undefined) {
      [f.wordsA[c], f.wordsB[c]] = swapped ? [r.words_b, r.words_a] : [r.words_a, r.words_b];
      f.withWords++;
    }
    if (Number.isNaN(f.headersA[c]!) && r.style_a !== undefined && r.style_b !== undefined) {
      const [a, b] = swapped ? [r.style_b, r.style_a] : [r.style_a, r.style_b];
      [f.headersA[c], f.headersB[c]] = [a.headers, b.headers];
      [f.listItemsA[c], f.listItemsB[c]] = [a.list_items, b.list_items];
      [f.boldA[c], f.boldB[c]] = [a.bold, b.bold];
      f.withStyle++;
    }
  }
  return f;
}

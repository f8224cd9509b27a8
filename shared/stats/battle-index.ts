import { BattleRecordSchema, type BattleRecord, type MarkdownStyle } from "../schemas/battles";
import type { LineError } from "../schemas/error";

// Battle records checked once and indexed once, so each statistic works over small integer arrays
// instead of grouping a million objects by string again.
//
// A comparison is one pair of outputs judged by several annotators (same comparison_id). Its orientation
// is that of its first record: a record that lists the same two models the other way round has its verdict
// flipped, so "model_a" always means the same output within a comparison.

/** Verdict codes in a comparison's own orientation. "both_bad" is a tie. */
export const A_WINS = 0;
export const TIE = 1;
export const B_WINS = 2;

export interface Comparison {
  id: string;
  /** Indexes into BattleIndex.models, in the orientation of the comparison's first record. */
  modelA: number;
  modelB: number;
}

export interface BattleIndex {
  records: readonly BattleRecord[];
  /** In order of first appearance. */
  models: string[];
  annotators: string[];
  /** Instruction ids, in order of first appearance: the clusters of the bootstrap. */
  instructions: string[];
  comparisons: Comparison[];
  /** Per comparison: its instruction (index into instructions), that of its first record. */
  instructionOf: Int32Array;
  /** Per record: its comparison, its annotator and its verdict code (A_WINS/TIE/B_WINS) in the comparison's orientation. */
  comparisonOf: Int32Array;
  annotatorOf: Int32Array;
  verdict: Uint8Array;
}

export interface SourceLine {
  line: number;
  fields: Record<string, unknown>;
}

/**
 * Schema check of every line, then three checks across lines: a comparison names the same two models on
 * every line, an annotator judges a comparison once, and the words and Markdown counts a line gives for
 * a model's output agree with those an earlier line of the comparison gave for it (the same outputs,
 * whoever judged them and whichever way round the line lists them). Each failing line is reported with
 * its number.
 */
export function checkBattles(lines: readonly SourceLine[]): { battles: BattleRecord[]; lines: number[]; errors: LineError[] } {
  const battles: BattleRecord[] = [];
  const kept: number[] = [];
  const errors: LineError[] = [];
  // Per comparison: its first line and models, and its latest record; each kept record links to the
  // previous record of its comparison, so a duplicate annotator is found by walking a few links.
  const comparisonIds = new Map<string, number>();
  const firstLine: number[] = [];
  const firstA: string[] = [];
  const firstB: string[] = [];
  const latest: number[] = [];
  const annotatorIds = new Map<string, number>();
  const annotatorOf: number[] = [];
  const previous: number[] = [];
  const features = new OutputFeatures();
  for (const { line, fields } of lines) {
    const parsed = BattleRecordSchema.safeParse(fields);
    if (!parsed.success) {
      errors.push({ line, message: parsed.error.issues.map((i) => `${i.path.join(".") || "line"}: ${i.message}`).join("; ") });
      continue;
    }
    const r = parsed.data;
    let annotator = annotatorIds.get(r.annotator);
    if (annotator === undefined) annotatorIds.set(r.annotator, (annotator = annotatorIds.size));
    let c = comparisonIds.get(r.comparison_id);
    if (c === undefined) {
      comparisonIds.set(r.comparison_id, (c = firstLine.length));
      firstLine.push(line);
      firstA.push(r.model_a);
      firstB.push(r.model_b);
      latest.push(-1);
      features.open();
    } else {
      const [a, b] = [firstA[c]!, firstB[c]!];
      if (!((r.model_a === a && r.model_b === b) || (r.model_a === b && r.model_b === a))) {
        errors.push({
          line,
          message: `comparison ${r.comparison_id} is ${a} vs ${b} on line ${firstLine[c]}, here ${r.model_a} vs ${r.model_b}`,
        });
        continue;
      }
      let earlier = latest[c]!;
      while (earlier >= 0 && annotatorOf[earlier] !== annotator) earlier = previous[earlier]!;
      if (earlier >= 0) {
        errors.push({ line, message: `annotator ${r.annotator} already judged comparison ${r.comparison_id} on line ${kept[earlier]}` });
        continue;
      }
    }
    const disagreement = features.check(c, r.model_a !== firstA[c], r, line);
    if (disagreement !== null) {
      errors.push({ line, message: `comparison ${r.comparison_id}: ${disagreement}` });
      continue;
    }
    annotatorOf.push(annotator);
    previous.push(latest[c]!);
    latest[c] = battles.length;
    battles.push(r);
    kept.push(line);
  }
  return { battles, lines: kept, errors };
}

const styleText = (s: MarkdownStyle) => `headers ${s.headers}, list_items ${s.list_items}, bold ${s.bold}`;
const sameStyle = (x: MarkdownStyle, y: MarkdownStyle) => x.headers === y.headers && x.list_items === y.list_items && x.bold === y.bold;

/**
 * Per comparison and side (slot 2c for side a, 2c + 1 for side b, in the comparison's orientation): the
 * words and Markdown counts the first line giving them gave, and that line's number. Slots are opened as
 * comparisons appear, so the arrays stay packed.
 */
class OutputFeatures {
  private words: number[] = [];
  private wordsLine: number[] = [];
  private styles: (MarkdownStyle | null)[] = [];
  private styleLine: number[] = [];

  /** Slots for the next comparison. */
  open() {
    this.words.push(-1, -1);
    this.wordsLine.push(0, 0);
    this.styles.push(null, null);
    this.styleLine.push(0, 0);
  }

  /** Why the record disagrees with earlier lines of comparison `c`, or null (then its values are kept). */
  check(c: number, swapped: boolean, r: BattleRecord, line: number): string | null {
    if (r.words_a === undefined && r.words_b === undefined && r.style_a === undefined && r.style_b === undefined) return null;
    const a = 2 * c + (swapped ? 1 : 0);
    const b = 2 * c + (swapped ? 0 : 1);
    const problems = [...this.disagreements(a, r.model_a, r.words_a, r.style_a), ...this.disagreements(b, r.model_b, r.words_b, r.style_b)];
    if (problems.length > 0) return problems.join("; ");
    this.keep(a, r.words_a, r.style_a, line);
    this.keep(b, r.words_b, r.style_b, line);
    return null;
  }

  private disagreements(slot: number, model: string, words: number | undefined, style: MarkdownStyle | undefined): string[] {
    const problems: string[] = [];
    const knownWords = this.words[slot]!;
    if (words !== undefined && knownWords >= 0 && knownWords !== words) {
      problems.push(`${model} has ${knownWords} words on line ${this.wordsLine[slot]}, here ${words}`);
    }
    const knownStyle = this.styles[slot]!;
    if (style !== undefined && knownStyle !== null && !sameStyle(knownStyle, style)) {
      problems.push(`${model} has ${styleText(knownStyle)} on line ${this.styleLine[slot]}, here ${styleText(style)}`);
    }
    return problems;
  }

  private keep(slot: number, words: number | undefined, style: MarkdownStyle | undefined, line: number) {
    if (words !== undefined && this.words[slot]! < 0) {
      this.words[slot] = words;
      this.wordsLine[slot] = line;
    }
    if (style !== undefined && this.styles[slot] === null) {
      this.styles[slot] = style;
      this.styleLine[slot] = line;
    }
  }
}

const winnerCode = { model_a: A_WINS, tie: TIE, both_bad: TIE, model_b: B_WINS } as const;

/** Indexes checked records; throws if a comparison names two different pairs of models (checkBattles reports those). */
export function indexBattles(records: readonly BattleRecord[]): BattleIndex {
  const models: string[] = [];
  const modelIds = new Map<string, number>();
  const modelId = (name: string) => {
    let id = modelIds.get(name);
    if (id === undefined) modelIds.set(name, (id = models.push(name) - 1));
    return id;
  };
  const annotators: string[] = [];
  const annotatorIds = new Map<string, number>();
  const comparisons: Comparison[] = [];
  const comparisonIds = new Map<string, number>();
  const instructions: string[] = [];
  const instructionIds = new Map<string, number>();
  const instructionOfComparison: number[] = [];
  const n = records.length;
  const comparisonOf = new Int32Array(n);
  const annotatorOf = new Int32Array(n);
  const verdict = new Uint8Array(n);
  // Records of one comparison usually follow each other: the last one's ids are reused without a lookup.
  let last: BattleRecord | undefined;
  let a = 0;
  let b = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const r = records[i]!;
    if (last === undefined || r.comparison_id !== last.comparison_id || r.model_a !== last.model_a || r.model_b !== last.model_b) {
      a = modelId(r.model_a);
      b = modelId(r.model_b);
      let id = comparisonIds.get(r.comparison_id);
      if (id === undefined) {
        comparisonIds.set(r.comparison_id, (id = comparisons.push({ id: r.comparison_id, modelA: a, modelB: b }) - 1));
        let instruction = instructionIds.get(r.instruction_id);
        if (instruction === undefined) instructionIds.set(r.instruction_id, (instruction = instructions.push(r.instruction_id) - 1));
        instructionOfComparison.push(instruction);
      }
      c = id;
      const comparison = comparisons[c]!;
      const same = comparison.modelA === a && comparison.modelB === b;
      if (!same && !(comparison.modelA === b && comparison.modelB === a)) {
        throw new RangeError(`comparison ${r.comparison_id} names two different pairs of models`);
      }
    }
    last = r;
    const code: number = winnerCode[r.winner];
    let annotator = annotatorIds.get(r.annotator);
    if (annotator === undefined) annotatorIds.set(r.annotator, (annotator = annotators.push(r.annotator) - 1));
    comparisonOf[i] = c;
    annotatorOf[i] = annotator;
    verdict[i] = comparisons[c]!.modelA === a ? code : 2 - code;
  }
  return {
    records,
    models,
    annotators,
    instructions,
    comparisons,
    instructionOf: Int32Array.from(instructionOfComparison),
    comparisonOf,
    annotatorOf,
    verdict,
  };
}

/** Record indexes grouped by comparison (CSR layout): comparison c owns members[start[c] .. start[c + 1]). */
export function membersByComparison(index: BattleIndex): { start: Int32Array; members: Int32Array } {
  const count = index.comparisons.length;
  const start = new Int32Array(count + 1);
  for (const c of index.comparisonOf) start[c + 1]!++;
  for (let c = 0; c < count; c++) start[c + 1]! += start[c]!;
  const next = start.slice(0, count);
  const members = new Int32Array(index.comparisonOf.length);
  index.comparisonOf.forEach((c, i) => (members[next[c]!++] = i));
  return { start, members };
}

// The LLM judge's answer to LongBench-Write's quality prompt (REFERENCE.md §4) and the quality score S_q.
// LongWriter reads only a ```json\n...\n``` block or a bare object, then checks that the six keys exist and
// nothing else, so a 9 enters the mean and a "five" crashes its float(). Here reading is lenient (fences of
// any shape, an object in prose, "5" for 5, any key case) so fewer judge calls are wasted, and checking is
// strict so a bad score never reaches S_q.

import { z } from "zod";

export const qualityDimensions = ["Relevance", "Accuracy", "Coherence", "Clarity", "Breadth and Depth", "Reading Experience"] as const;
export type Dimension = (typeof qualityDimensions)[number];
export type QualityScores = Record<Dimension, number>;

export type JudgeAnswer = { ok: true; scores: QualityScores; analysis: string | null } | { ok: false; reason: string };

export interface QualityScore {
  /** Each dimension on 0–100: (score − 1) × 25. */
  dimensions: QualityScores;
  /** S_q: the unweighted mean of the six dimension scores. */
  total: number;
}

// A digit string is what a judge writes when it quotes every value; "5/5", "4.5" or "five" is not a score.
const ScoreSchema = z
  .union([
    z.number(),
    z
      .string()
      .regex(/^\s*\d+\s*$/)
      .transform(Number),
  ])
  .pipe(z.number().int().min(1).max(5));

const JudgeScoresSchema = z.object(
  Object.fromEntries(qualityDimensions.map((d) => [d, ScoreSchema])) as Record<Dimension, typeof ScoreSchema>,
);

// Each start of a candidate object may scan to the end of the answer, so an answer full of unmatched "{"
// would cost n² steps. A real answer needs one or two passes; past this many, give up as if no object.
const PASSES_BEFORE_GIVING_UP = 16;
const MIN_SCAN_BUDGET = 1_000_000;
// A real answer holds a handful of objects; checking one costs about 20 µs, so stop after this many.
const MAX_OBJECTS = 1_000;

/** Reads the judge's scores, or says what is missing or wrong. Never throws. */
export function parseJudgeAnswer(raw: string): JudgeAnswer {
  let sawObject = false;
  let firstFailure: string | null = null;
  for (const parsed of jsonObjectsIn(raw)) {
    sawObject = true;
    // Objects naming no dimension ({} quoted from code, {"name": ...} in prose) are passed over.
    const answer = readAnswer(parsed);
    if (answer === null) continue;
    if (answer.ok) return answer;
    firstFailure ??= answer.reason;
  }
  if (firstFailure !== null) return { ok: false, reason: firstFailure };
  const reason = sawObject ? "no JSON object in the answer names a dimension" : "no JSON object in the answer";
  return { ok: false, reason };
}

/**
 * Every balanced {...} that parses as a JSON object, in order of its opening brace. Fences need no handling
 * of their own: the object inside ```json, ``` or ```json{ is found like any other. Objects nested in
 * another are tried too, so {"scores": {...}} still yields its scores.
 */
function* jsonObjectsIn(text: string): Generator<Record<string, unknown>> {
  let budget = Math.max(PASSES_BEFORE_GIVING_UP * text.length, MIN_SCAN_BUDGET);
  let objects = 0;
  for (let start = text.indexOf("{"); start !== -1; start = text.indexOf("{", start + 1)) {
    const end = matchingBrace(text, start, budget);
    if (end === -1) {
      budget -= Math.min(text.length - start, budget);
    } else {
      // The scan and JSON.parse each pass over the span once.
      budget -= 2 * (end + 1 - start);
      const parsed = parseObject(text.slice(start, end + 1));
      if (parsed !== null) {
        yield parsed;
        if (++objects === MAX_OBJECTS) return;
      }
    }
    if (budget <= 0) return;
  }
}

/** Index of the "}" closing the "{" at start, skipping braces inside JSON strings; -1 if none. */
function matchingBrace(text: string, start: number, budget: number): number {
  let depth = 0;
  let inString = false;
  const stop = Math.min(text.length, start + budget);
  for (let i = start; i < stop; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b /* { */) depth++;
    else if (c === 0x7d /* } */ && --depth === 0) return i;
  }
  return -1;
}

function parseObject(json: string): Record<string, unknown> | null {
  try {
    // Raw control characters are only legal in JSON as whitespace between tokens; judges also leave raw
    // line breaks inside the Analysis string, which LongWriter accepts by deleting every "\n".
    // biome-ignore lint/suspicious/noControlCharactersInRegex: replacing raw control characters is the point
    const value: unknown = JSON.parse(json.replace(/[\u0000-\u001f]/g, " "));
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

// Keys are matched on their trimmed lower case: "breadth and depth " is "Breadth and Depth".
type JudgeField = Dimension | "Analysis";
const fieldByKey = new Map<string, JudgeField>([...qualityDimensions, "Analysis" as const].map((field) => [field.toLowerCase(), field]));

/** The judge's answer if this object is one; null when it names no dimension, so is no attempt at one. */
function readAnswer(parsed: Record<string, unknown>): JudgeAnswer | null {
  const found: Partial<Record<JudgeField, unknown>> = {};
  let namesDimension = false;
  for (const [key, value] of Object.entries(parsed)) {
    const field = fieldByKey.get(key.trim().toLowerCase());
    if (field === undefined) continue;
    if (field === "Analysis") {
      found.Analysis ??= value;
      continue;
    }
    namesDimension = true;
    // Two different scores for one dimension leave no way to tell which the judge meant.
    if (field in found && !Object.is(found[field], value)) {
      return { ok: false, reason: `"${field}" is given twice with different values` };
    }
    found[field] = value;
  }
  if (!namesDimension) return null;

  const result = JudgeScoresSchema.safeParse(found);
  if (!result.success) {
    const problems = new Set<string>();
    for (const issue of result.error.issues) {
      const dimension = issue.path[0] as Dimension;
      const value = found[dimension];
      problems.add(
        value === undefined ? `missing dimension "${dimension}"` : `"${dimension}" is ${describe(value)}, not an integer from 1 to 5`,
      );
    }
    return { ok: false, reason: [...problems].join("; ") };
  }
  const analysis = found.Analysis;
  return { ok: true, scores: result.data, analysis: typeof analysis === "string" ? analysis : null };
}

/** A short quotable form of a bad value; never stringifies a whole (possibly huge or deep) structure. */
function describe(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object" && value !== null) return "an object";
  const text = typeof value === "string" ? JSON.stringify(value) : String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** One judged item's S_q and dimension scores. */
export function qualityScore(scores: QualityScores): QualityScore {
  // A mean over one item is the item itself, so this is LongWriter's aggregation with n = 1.
  return aggregate([scores]);
}

/** LongBench-Write's S_q over judged items (failed judgments are dropped, not scored); null for none. */
export function meanQualityScore(items: readonly QualityScores[]): QualityScore | null {
  return items.length === 0 ? null : aggregate(items);
}

// eval_quality.py lines 104–109: per dimension (sum / n − 1) × 25, then the plain mean of the six, each sum
// taken left to right as Python's sum() does (3.11, the version REFERENCE.md ran; 3.12 compensates sums of
// floats, which can move the total's last bit). Integer scores make the per-dimension sums exact anyway.
function aggregate(items: readonly QualityScores[]): QualityScore {
  const dimensions = {} as QualityScores;
  let sum = 0;
  for (const dimension of qualityDimensions) {
    let dimensionSum = 0;
    for (const item of items) dimensionSum += item[dimension];
    dimensions[dimension] = (dimensionSum / items.length - 1) * 25;
    sum += dimensions[dimension];
  }
  return { dimensions, total: sum / qualityDimensions.length };
}

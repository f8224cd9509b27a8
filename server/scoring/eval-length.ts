import { z } from "zod";
import type { LineError } from "../../shared/schemas/error";
import { defaultLengthRanges, lengthRangeOf } from "../../shared/instructions/length-range";
import { lengthScore } from "../../shared/scoring/length-score";
import { countWords } from "../../shared/scoring/word-count";
import { npMean } from "../../shared/stats/np-mean";
import { readJsonl } from "../instructions/read-records";

// A LongWriter prediction line (evaluation/pred.py output): the benchmark record plus the response.
const PredictionSchema = z.object({
  length: z.number().int().positive("length must be a positive integer"),
  response: z.string(),
  response_length: z.number().int().nonnegative().optional(),
});

export interface EvalLengthResult {
  records: { response_length: number; length_score: number }[];
  mean_length_score: number | null;
  by_length_range: Record<string, number>;
  /** Line numbers of responses with no countable word: scored 0 (the reference code crashes on them). */
  no_countable_words: number[];
}

/**
 * eval_length.py's numbers for a prediction file: per record the response length (the file's
 * response_length when present, as the reference reads it; else LongBench-Write's count of the response)
 * and S_l; their np.mean overall and per range of required length.
 */
export function evalLength(content: string): { result: EvalLengthResult; errors: LineError[] } {
  const { records, errors } = readJsonl(content);
  const scored: { line: number; length: number; response_length: number; length_score: number }[] = [];
  for (const { line, fields } of records) {
    const parsed = PredictionSchema.safeParse(fields);
    if (!parsed.success) {
      errors.push({ line, message: parsed.error.issues.map((i) => `${i.path.join(".") || "line"}: ${i.message}`).join("; ") });
      continue;
    }
    const { length, response, response_length } = parsed.data;
    const produced = response_length ?? countWords(response);
    scored.push({ line, length, response_length: produced, length_score: lengthScore(length, produced) });
  }
  errors.sort((a, b) => a.line - b.line);
  const byRange: Record<string, number> = {};
  for (const range of defaultLengthRanges) {
    const inRange = scored.filter((s) => lengthRangeOf(s.length, defaultLengthRanges) === range.label);
    if (inRange.length > 0) byRange[range.label] = npMean(inRange.map((s) => s.length_score));
  }
  return {
    result: {
      records: scored.map(({ response_length, length_score }) => ({ response_length, length_score })),
      mean_length_score: scored.length > 0 ? npMean(scored.map((s) => s.length_score)) : null,
      by_length_range: byRange,
      no_countable_words: scored.filter((s) => s.response_length === 0).map((s) => s.line),
    },
    errors,
  };
}

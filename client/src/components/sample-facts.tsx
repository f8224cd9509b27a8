import type { Sample } from "../../../shared/schemas/sample";
import { lengthScore } from "../../../shared/scoring/length-score";
import { formatLatency, formatNumber } from "../format";

/** Sample indexes start at 0 in the data; people count from 1. */
export const sampleNumber = (sample: Pick<Sample, "sample_index">) => `#${sample.sample_index + 1}`;

/** "412 / 400 words" against the instruction's required length, "412 words" without one. */
export function WordCount({ words, required }: { words: number | null; required: number | null | undefined }) {
  if (words === null) return <span className="muted">—</span>;
  if (required === null || required === undefined) return <span>{formatNumber(words)} words</span>;
  return (
    <span title={`${Math.round((words / required) * 100)}% of the required length`}>
      {formatNumber(words)} / {formatNumber(required)} words
    </span>
  );
}

/** LongBench-Write's S_l (0–100) of a finished sample; none without a length requirement. */
export function LengthScore({ words, required }: { words: number | null; required: number | null | undefined }) {
  if (words === null || required === null || required === undefined) return <span className="muted">—</span>;
  const score = lengthScore(required, words);
  return <span title={words === 0 ? "no countable word" : "length score S_l"}>{score.toFixed(1)}</span>;
}

export function Tokens({ sample }: { sample: Sample }) {
  const { prompt_tokens: prompt, completion_tokens: completion } = sample;
  if (completion === null) return <span className="muted">—</span>;
  const title = `${prompt === null ? "?" : formatNumber(prompt)} prompt + ${formatNumber(completion)} completion tokens`;
  return <span title={title}>{formatNumber(completion)}</span>;
}

export const latencyOf = (sample: Sample) => (sample.latency_ms === null ? "—" : formatLatency(sample.latency_ms));

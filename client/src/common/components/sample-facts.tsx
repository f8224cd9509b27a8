import type { Sample } from "../../../../shared/schemas/sample";
import { lengthScore } from "../../../../shared/scoring/length-score";
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

export const flagNames: Record<string, { label: string; title: string }> = {
  repetition: { label: "repetitive", title: "a large share of repeated word sequences: the text loops" },
  truncation: { label: "truncated", title: 'cut off: finish reason "length" or an unfinished last sentence' },
  languageMismatch: { label: "wrong language", title: "not in the language of the instruction" },
  empty: { label: "empty", title: "no countable word" },
};

/** The offline signals raised on a sample, as small warning tags; a dash when there are none. */
export function SampleFlags({ flags }: { flags: string[] }) {
  if (flags.length === 0) return <span className="muted">—</span>;
  return (
    <span className="flags">
      {flags.map((f) => (
        <span key={f} className="tag tag-warn" title={flagNames[f]?.title}>
          {flagNames[f]?.label ?? f}
        </span>
      ))}
    </span>
  );
}

export function Tokens({ sample }: { sample: Sample }) {
  const { prompt_tokens: prompt, completion_tokens: completion } = sample;
  if (completion === null) return <span className="muted">—</span>;
  const title = `${prompt === null ? "?" : formatNumber(prompt)} prompt + ${formatNumber(completion)} completion tokens`;
  return <span title={title}>{formatNumber(completion)}</span>;
}

export const latencyOf = (sample: Sample) => (sample.latency_ms === null ? "—" : formatLatency(sample.latency_ms));

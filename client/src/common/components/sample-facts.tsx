import type { Sample } from "../../../../shared/schemas/sample";
import { lengthScore } from "../../../../shared/scoring/length-score";
import { formatLatency, formatNumber, lengthUnit } from "../format";
import { t } from "../i18n";

/** Sample indexes start at 0 in the data; people count from 1. */
export const sampleNumber = (sample: Pick<Sample, "sample_index">) => `#${sample.sample_index + 1}`;

/**
 * "412 / 400 words" against the instruction's required length, "412 words" without one; "字" for a Chinese
 * instruction (`lang`), whose texts are counted in characters.
 */
export function WordCount({ words, required, lang }: { words: number | null; required: number | null | undefined; lang: string }) {
  if (words === null) return <span className="muted">—</span>;
  const unit = lengthUnit(lang);
  if (required === null || required === undefined) {
    return (
      <span>
        {formatNumber(words)} {unit}
      </span>
    );
  }
  return (
    <span title={t("{{percent}}% of the required length", { percent: Math.round((words / required) * 100) })}>
      {formatNumber(words)} / {formatNumber(required)} {unit}
    </span>
  );
}

/** LongBench-Write's S_l (0–100) of a finished sample; none without a length requirement. */
export function LengthScore({ words, required }: { words: number | null; required: number | null | undefined }) {
  if (words === null || required === null || required === undefined) return <span className="muted">—</span>;
  const score = lengthScore(required, words);
  return <span title={words === 0 ? t("no countable word") : t("length score S_l")}>{score.toFixed(1)}</span>;
}

/** The English names of the offline signals, for text that stays English; pages use flagName(). */
export const flagNames: Record<string, { label: string; title: string }> = {
  repetition: { label: "repetitive", title: "a large share of repeated word sequences: the text loops" },
  truncation: { label: "truncated", title: 'cut off: finish reason "length" or an unfinished last sentence' },
  languageMismatch: { label: "wrong language", title: "not in the language of the instruction" },
  empty: { label: "empty", title: "no countable word" },
};

/** An offline signal's name and explanation in the interface language (looked up when rendered). */
export function flagName(flag: string): { label: string; title: string | undefined } {
  switch (flag) {
    case "repetition":
      return { label: t("repetitive"), title: t("a large share of repeated word sequences: the text loops") };
    case "truncation":
      return { label: t("truncated"), title: t('cut off: finish reason "length" or an unfinished last sentence') };
    case "languageMismatch":
      return { label: t("wrong language"), title: t("not in the language of the instruction") };
    case "empty":
      return { label: t("empty"), title: t("no countable word") };
    default:
      return { label: flag, title: undefined };
  }
}

/** The offline signals raised on a sample, as small warning tags; a dash when there are none. */
export function SampleFlags({ flags }: { flags: string[] }) {
  if (flags.length === 0) return <span className="muted">—</span>;
  return (
    <span className="flags">
      {flags.map((f) => (
        <span key={f} className="tag tag-warn" title={flagName(f).title}>
          {flagName(f).label}
        </span>
      ))}
    </span>
  );
}

export function Tokens({ sample }: { sample: Sample }) {
  const { prompt_tokens: prompt, completion_tokens: completion } = sample;
  if (completion === null) return <span className="muted">—</span>;
  const title = t("{{prompt}} prompt + {{completion}} completion tokens", {
    prompt: prompt === null ? "?" : formatNumber(prompt),
    completion: formatNumber(completion),
  });
  return <span title={title}>{formatNumber(completion)}</span>;
}

export const latencyOf = (sample: Sample) => (sample.latency_ms === null ? "—" : formatLatency(sample.latency_ms));

import type { MarkdownStyle } from "../../shared/schemas/battles";

/**
 * What the export sources yield and the format writers read: one canonical row per preference pair, per
 * SFT example and per human judgment ("battle"). Ids are the database's; `external_id` is what another
 * database holding the same data knows the instruction by, so splits and provenance key on it.
 */

/**
 * An output's text: its UTF-8 bytes as read from SQLite (a Buffer, never decoded on the way to a JSONL file),
 * or a string. Writers treat both as the same text (`textOf` when a string is needed).
 */
export type Text = string | Buffer;

/** The text as a string, whichever form it came in (bytes that are not UTF-8 decode to U+FFFD, as SQLite text would). */
export const textOf = (text: Text): string => (typeof text === "string" ? text : text.toString("utf8"));

export interface InstructionFields {
  instruction_id: number;
  external_id: string;
  set_name: string;
  prompt: string;
  lang: string;
  length_range: string | null;
  category: string | null;
}

export interface PairRow extends InstructionFields {
  chosen_text: Text;
  rejected_text: Text;
  chosen_model: string;
  rejected_model: string;
  chosen_sample_id: number;
  rejected_sample_id: number;
  /** S of each side as a pair run computed it (0–100), when the pair comes from or maps onto a run. */
  chosen_score?: number;
  rejected_score?: number;
  /** S(chosen) − S(rejected) on the same 0–100 scale. */
  margin?: number;
  /** Human judgments of the pair's comparison(s), and the share of them agreeing with this pair's direction. */
  votes?: number;
  agreement?: number;
  /** With the Dawid–Skene weighted majority: the posterior probability of the pair's direction (= agreement). */
  confidence?: number;
  /** Where the pair comes from, e.g. `pair-run 3 (accepted)`, `campaign 2 majority`. */
  source: string;
}

export interface SftRow extends InstructionFields {
  text: Text;
  model: string;
  sample_id: number;
  score?: number;
  source: string;
}

/** One human judgment, in the shape of ../shared/fixtures/judgments-a/judgments.jsonl. */
export interface BattleRow {
  comparison_id: string;
  /** The instruction's external id. */
  instruction_id: string;
  length_bucket: string | null;
  category: string | null;
  lang: string;
  /** The comparison's sample a's model (the model of vs-reference, the proposed chosen of verify-pairs, A of custom). */
  model_a: string;
  model_b: string;
  annotator: string;
  winner: "model_a" | "model_b" | "tie" | "both_bad";
  /** Which model's output was shown on the left. */
  left: "model_a" | "model_b";
  /** Words of model_a's and model_b's outputs (LongBench-Write words), the length-controlled win rate's input. */
  words_a: number;
  words_b: number;
  /** Markdown headers, list items and bold spans of each output (shared/text/markdown-style.ts), style control's input. */
  style_a: MarkdownStyle;
  style_b: MarkdownStyle;
  /** Provenance, only written with --provenance. */
  campaign_id: number;
  judgment_id: number;
  margin: "slightly" | "much" | null;
  created_at: string;
  /** The judgment's time in Unix seconds (FastChat's tstamp). */
  tstamp: number;
  /** With battles-fastchat's with_texts only: the prompt and each side's output. */
  texts?: { prompt: string; a: string; b: string };
  /** For the split: the instruction's external id again (battles key instructions by it). */
  external_id: string;
}

import { z } from "zod";
import type { LineError } from "../schemas/error";
import type { SourceLine } from "./battle-index";

// FastChat's own battle files as `longpref stats` input: the records lm-sys/FastChat
// fastchat/serve/monitor/clean_battle_data.py writes (a JSON array; the Hub's copies are often JSON lines),
// taken through the steps elo_analysis.py's report_elo_analysis_results applies by default before rating:
// sort by tstamp, keep anonymous votes only (`battles[battles["anony"]]`). Its ratings treat "tie" and
// "tie (bothbad)" alike as half a win (compute_elo, rating_systems.py preprocess_for_bt: default outcome
// 0.5), as longpref's both_bad is.

const name = z.string().trim().min(1, "must not be empty");
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === null ? undefined : v), schema.optional());

/** One record of clean_battle_data.py's output; other keys (conversations, moderation tags) are ignored. */
export const FastchatBattleSchema = z.object({
  question_id: optional(z.union([name, z.number().transform(String)])),
  model_a: name,
  model_b: name,
  winner: z.enum(["model_a", "model_b", "tie", "tie (bothbad)"], {
    error: 'must be "model_a", "model_b", "tie" or "tie (bothbad)"',
  }),
  judge: name,
  /** clean_battle_data.py writes it on every record; a file without it is taken as all anonymous. */
  anony: optional(z.boolean("must be true or false")),
  language: optional(z.string()),
  tstamp: optional(z.number("must be a number (Unix seconds)").finite()),
  turn: optional(z.number().int()),
});

/** A file is FastChat's when its records name a `judge` and no `annotator` (longpref's own field). */
export const isFastchatFile = (records: readonly SourceLine[]) => {
  const first = records[0]?.fields;
  return first !== undefined && "judge" in first && !("annotator" in first);
};

export interface FastchatConversion {
  /** longpref battle records (shared/schemas/battles.ts), each with its source line, in tstamp order. */
  lines: SourceLine[];
  errors: LineError[];
  /** What was left out and why, for the reader. */
  notes: string[];
}

/**
 * FastChat records as longpref battle records. FastChat has no comparison or instruction id, nor which side
 * was shown left: a record's question_id (the Arena's conversation id) stands for both when present, else
 * each battle is a comparison and an instruction of its own; left is model_a, as the Arena shows model A on
 * the left. Left out with a note: non-anonymous battles (elo_analysis keeps anonymous ones only) and
 * self-battles (model_a == model_b), which no FastChat rating learns from: the online Elo update adds
 * K·(s − e) to the model and K·(1 − s − e') back with e = e' = 0.5, summing to zero, and the Bradley–Terry
 * gradient adds +g and −g to one rating (rating_systems.py bt_loss_and_grad).
 */
export function fromFastchat(records: readonly SourceLine[]): FastchatConversion {
  const errors: LineError[] = [];
  const kept: { line: number; tstamp: number; fields: Record<string, unknown> }[] = [];
  let named = 0;
  let self = 0;
  for (const { line, fields } of records) {
    const parsed = FastchatBattleSchema.safeParse(fields);
    if (!parsed.success) {
      errors.push({ line, message: parsed.error.issues.map((i) => `${i.path.join(".") || "line"}: ${i.message}`).join("; ") });
      continue;
    }
    const r = parsed.data;
    if (r.anony === false) {
      named++;
      continue;
    }
    if (r.model_a === r.model_b) {
      self++;
      continue;
    }
    const id = r.question_id ?? `battle-${line}`;
    kept.push({
      line,
      tstamp: r.tstamp ?? Number.NEGATIVE_INFINITY,
      fields: {
        comparison_id: id,
        instruction_id: id,
        lang: r.language,
        model_a: r.model_a,
        model_b: r.model_b,
        annotator: r.judge,
        winner: r.winner === "tie (bothbad)" ? "both_bad" : r.winner,
        left: "model_a",
      },
    });
  }
  // Array.prototype.sort is stable: records of one tstamp (or none) keep the file's order.
  kept.sort((x, y) => x.tstamp - y.tstamp);
  const notes = [
    named > 0 &&
      `left out ${named} non-anonymous battle${named === 1 ? "" : "s"} (anony false), as FastChat's elo_analysis does by default`,
    self > 0 && `left out ${self} self-battle${self === 1 ? "" : "s"} (model_a == model_b), which FastChat's ratings learn nothing from`,
  ].filter((n): n is string => n !== false);
  return { lines: kept.map(({ line, fields }) => ({ line, fields })), errors, notes };
}

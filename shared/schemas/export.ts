// The export sources and formats: GET /api/exports, `longpref export` and the Exports page all offer these.
export const exportSources = ["proposals", "confirmed", "judgments", "sft", "battles"] as const;
export type ExportSource = (typeof exportSources)[number];

export const pairFormatNames = [
  "trl",
  "trl-conversational",
  "llama-factory-alpaca",
  "llama-factory-sharegpt",
  "openrlhf",
  "axolotl",
  "kto",
  "kto-conversational",
] as const;
export const battleFormatNames = ["battles-jsonl", "battles-csv", "battles-fastchat"] as const;
export const exportFormatNames = [...pairFormatNames, "sft", ...battleFormatNames] as const;
export type PairFormatName = (typeof pairFormatNames)[number];
export type ExportFormatName = (typeof exportFormatNames)[number];
export type BattleFormatName = (typeof battleFormatNames)[number];

/** The formats each source can be written in; the first is the server's default. */
export const formatsOf: Record<ExportSource, readonly ExportFormatName[]> = {
  proposals: pairFormatNames,
  confirmed: pairFormatNames,
  judgments: pairFormatNames,
  sft: ["sft"],
  battles: battleFormatNames,
};

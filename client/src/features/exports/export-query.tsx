import { offlineSignalNames, type OfflineSignalName } from "../../../../shared/scoring/offline-signals";
import type { ProposalStatus } from "../../../../shared/schemas/pairs";

import type { ExportFormatName, ExportSource } from "../../../../shared/schemas/export";

// The server's ExportQuerySchema (server/export/options.ts) is the contract for the parameters; the sources
// and formats come from shared/.
export { exportSources, formatsOf, pairFormatNames } from "../../../../shared/schemas/export";
export type { ExportFormatName, ExportSource } from "../../../../shared/schemas/export";

export const defaultStatuses: readonly ProposalStatus[] = ["proposed", "accepted", "confirmed"];

export const isLlamaFactory = (format: ExportFormatName) => format.startsWith("llama-factory");
/** Pairs carry margins and votes; SFT examples and battle records do not. */
export const hasMargins = (from: ExportSource) => from === "proposals" || from === "confirmed" || from === "judgments";
export const takesStatuses = (draft: Pick<ExportDraft, "from" | "sft">) => draft.from === "proposals" || (draft.from === "sft" && draft.sft === "chosen");

/** Everything the form holds, numbers as typed so a cleared field means "no filter", not 0. */
export interface ExportDraft {
  from: ExportSource;
  /** "run:3", "campaign:2" or "set:1" (a set's newest run, or all its campaigns); "" when nothing fits. */
  scope: string;
  format: ExportFormatName;
  statuses: ReadonlySet<ProposalStatus>;
  /** "" any, "none" no length stated, else a range label of the set. */
  lengthRange: string;
  minMargin: string;
  minAgreement: string;
  minVotes: string;
  excludeAnyFlag: boolean;
  excludeFlags: ReadonlySet<OfflineSignalName>;
  perJudgment: boolean;
  bothBadAsTie: boolean;
  sft: "best" | "chosen";
  provenance: boolean;
  testShare: string;
  splitSeed: string;
}

export const initialExportDraft: ExportDraft = {
  from: "proposals",
  scope: "",
  format: "trl",
  statuses: new Set(defaultStatuses),
  lengthRange: "",
  minMargin: "",
  minAgreement: "",
  minVotes: "",
  excludeAnyFlag: false,
  excludeFlags: new Set(),
  perJudgment: false,
  bothBadAsTie: false,
  sft: "best",
  provenance: false,
  testShare: "",
  splitSeed: "",
};

/** The query of an export, in the order the URL and the command line show it, and what stops it. */
export interface ExportQuery {
  params: [string, string][];
  problems: string[];
}

const number = (text: string) => (text.trim() === "" ? undefined : Number(text));

/** The draft as GET /api/exports parameters; parameters a source cannot take are never sent (the server refuses them). */
export function exportQuery(draft: ExportDraft): ExportQuery {
  const params: [string, string][] = [["from", draft.from]];
  const problems: string[] = [];
  const add = (key: string, value: string | undefined) => value !== undefined && params.push([key, value]);
  const numeric = (key: string, text: string, ok: (n: number) => boolean, rule: string) => {
    const n = number(text);
    if (n === undefined) return;
    if (!Number.isFinite(n) || !ok(n)) problems.push(`${key}: ${rule}`);
    add(key, text.trim());
  };

  const [kind, id] = draft.scope.split(":");
  if (kind && id) add(kind, id);
  else problems.push(draft.from === "judgments" || draft.from === "battles" ? "choose a campaign" : "choose a pair run");
  add("format", draft.format);
  if (draft.from === "sft" && draft.sft === "chosen") add("sft", "chosen");
  if (takesStatuses(draft)) {
    const statuses = [...defaultStatuses, "rejected", "overturned"].filter((s) => draft.statuses.has(s as ProposalStatus));
    if (statuses.length === 0) problems.push("statuses: tick at least one");
    else if (statuses.join() !== defaultStatuses.join()) add("statuses", statuses.join(","));
  }
  if (draft.lengthRange) add("length_range", draft.lengthRange);
  if (hasMargins(draft.from)) {
    numeric("min_margin", draft.minMargin, () => true, "a number of S points");
    numeric("min_agreement", draft.minAgreement, (n) => n >= 0 && n <= 1, "a share between 0 and 1");
    numeric("min_votes", draft.minVotes, (n) => Number.isInteger(n) && n >= 1 && n <= 1000, "a whole number from 1 to 1000");
  }
  if (draft.excludeAnyFlag) add("exclude_flagged", "true");
  else if (draft.excludeFlags.size > 0) add("exclude_flagged", offlineSignalNames.filter((f) => draft.excludeFlags.has(f)).join(","));
  if (draft.from === "judgments" && draft.perJudgment) add("per_judgment", "true");
  if (draft.from === "battles" && draft.bothBadAsTie) add("both_bad_as_tie", "true");
  if (draft.provenance && draft.format !== "battles-csv") add("provenance", "true");
  numeric("test_share", draft.testShare, (n) => n > 0 && n < 1, "a share above 0 and below 1, e.g. 0.1");
  if (number(draft.testShare) !== undefined) {
    numeric("split_seed", draft.splitSeed, (n) => Number.isInteger(n) && n >= 0 && n < 2 ** 32, "a whole number from 0 to 4294967295");
  }
  return { params, problems };
}

export const hasSplit = (query: ExportQuery) => query.params.some(([key]) => key === "test_share");

// Commas are legal in a query string: `statuses=proposed,accepted` reads better than `%2C`.
const encode = (value: string) => encodeURIComponent(value).replaceAll("%2C", ",");

/** /api/exports?… (or /api/exports/dataset-info?…), with `split` for one side of a train/test split. */
export function exportUrl(query: ExportQuery, options: { split?: "train" | "test"; datasetInfo?: boolean } = {}): string {
  const params: [string, string][] = options.split ? [...query.params, ["split", options.split]] : query.params;
  return `/api/exports${options.datasetInfo ? "/dataset-info" : ""}?${params.map(([k, v]) => `${k}=${encode(v)}`).join("&")}`;
}

// Flags of the CLI that take no value (`--exclude-flagged` alone means any flag).
const switches = new Set(["exclude_flagged", "per_judgment", "both_bad_as_tie", "provenance"]);
const shellWord = (word: string) => (/^[\w.,:/=+@%-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`);

/**
 * The same export with `npx longpref export` (server/cli/export-command.ts): the CLI names a set by name and
 * writes both sides of a split at once; the file is named as the download would be.
 */
export function exportCommand(query: ExportQuery, setName: string | undefined): string {
  const get = (key: string) => query.params.find(([k]) => k === key)?.[1];
  const format = get("format") ?? "";
  const scope = get("run") !== undefined ? `run${get("run")}` : get("campaign") !== undefined ? `campaign${get("campaign")}` : `set${get("set")}`;
  const words = ["npx", "longpref", "export"];
  for (const [key, value] of query.params) {
    const option = `--${key.replaceAll("_", "-")}`;
    if (key === "set") words.push(option, shellWord(setName ?? value));
    else if (value === "true" && switches.has(key)) words.push(option);
    else words.push(option, shellWord(value));
  }
  words.push("--out", `longpref-${get("from")}-${scope}-${format}.${format === "battles-csv" ? "csv" : "jsonl"}`);
  if (isLlamaFactory(format as ExportFormatName)) words.push("--dataset-info", "dataset_info.json");
  return words.join(" ");
}

import { defaultExportStatuses, exportQueryProblems, hasMargins, takesStatuses } from "../../../../shared/schemas/export-query";
import { offlineSignalNames, type OfflineSignalName } from "../../../../shared/scoring/offline-signals";
import type { ProposalStatus } from "../../../../shared/schemas/pairs";
import { currentLanguage, knownText, t } from "../../common/i18n";

import type { ExportFormatName, ExportSource } from "../../../../shared/schemas/export";

// The parameters' contract (defaults, formats, ranges, which source takes what) is shared/schemas/export-query.ts,
// which the server parses with: the form checks its query with it before anything is sent.
export { exportSources, formatsOf, pairFormatNames } from "../../../../shared/schemas/export";
export type { ExportFormatName, ExportSource } from "../../../../shared/schemas/export";
export { hasMargins, takesStatuses } from "../../../../shared/schemas/export-query";

export const isLlamaFactory = (format: ExportFormatName) => format.startsWith("llama-factory");

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
  /** judgments: the majority by votes, or Dawid–Skene's weighted one (then minConfidence, not minAgreement). */
  majority: "votes" | "weighted";
  minConfidence: string;
  bothBadAsTie: boolean;
  /** battles: keep verify-pairs campaigns' judgments (two samples of one model). */
  includeVerifyPairs: boolean;
  /** battles-fastchat: each record's conversations. */
  withTexts: boolean;
  sft: "best" | "chosen";
  provenance: boolean;
  /** jsonl (CSV for battles-csv), or Parquet with the same columns. */
  fileFormat: "jsonl" | "parquet";
  testShare: string;
  splitSeed: string;
}

export const initialExportDraft: ExportDraft = {
  from: "proposals",
  scope: "",
  format: "trl",
  statuses: new Set(defaultExportStatuses),
  lengthRange: "",
  minMargin: "",
  minAgreement: "",
  minVotes: "",
  excludeAnyFlag: false,
  excludeFlags: new Set(),
  perJudgment: false,
  majority: "votes",
  minConfidence: "",
  bothBadAsTie: false,
  includeVerifyPairs: false,
  withTexts: false,
  sft: "best",
  provenance: false,
  fileFormat: "jsonl",
  testShare: "",
  splitSeed: "",
};

/** The query of an export, in the order the URL and the command line show it, and what stops it. */
export interface ExportQuery {
  params: [string, string][];
  problems: string[];
}

/**
 * The draft as GET /api/exports parameters, and what the server would refuse in them (its own schema's
 * words). Parameters a source cannot take are never sent; an empty tick list is sent empty, so it is refused.
 */
export function exportQuery(draft: ExportDraft): ExportQuery {
  const params: [string, string][] = [["from", draft.from]];
  const add = (key: string, value: string | undefined) => value !== undefined && params.push([key, value]);
  // A cleared field means "no filter"; anything typed is sent as typed, for the schema to judge.
  const numeric = (key: string, text: string) => text.trim() !== "" && add(key, text.trim());

  const [kind, id] = draft.scope.split(":");
  if (kind && id) add(kind, id);
  add("format", draft.format);
  if (draft.from === "sft" && draft.sft === "chosen") add("sft", "chosen");
  if (takesStatuses(draft)) {
    const statuses = [...defaultExportStatuses, "rejected", "overturned"].filter((s) => draft.statuses.has(s as ProposalStatus));
    if (statuses.join() !== defaultExportStatuses.join()) add("statuses", statuses.join(","));
  }
  if (draft.lengthRange) add("length_range", draft.lengthRange);
  const weighted = draft.from === "judgments" && draft.majority === "weighted";
  if (hasMargins(draft.from)) {
    numeric("min_margin", draft.minMargin);
    // With the weighted majority the agreement is its posterior confidence: its own field below.
    if (!weighted) numeric("min_agreement", draft.minAgreement);
    numeric("min_votes", draft.minVotes);
  }
  if (weighted) {
    add("majority", "weighted");
    numeric("min_confidence", draft.minConfidence);
  }
  if (draft.excludeAnyFlag) add("exclude_flagged", "true");
  else if (draft.excludeFlags.size > 0) add("exclude_flagged", offlineSignalNames.filter((f) => draft.excludeFlags.has(f)).join(","));
  if (draft.from === "judgments" && draft.perJudgment && !weighted) add("per_judgment", "true");
  if (draft.from === "battles" && draft.bothBadAsTie) add("both_bad_as_tie", "true");
  if (draft.from === "battles" && draft.includeVerifyPairs) add("include_verify_pairs", "true");
  if (draft.format === "battles-fastchat" && draft.withTexts) add("with_texts", "true");
  if (draft.provenance && draft.format !== "battles-csv") add("provenance", "true");
  if (draft.fileFormat === "parquet" && draft.format !== "battles-csv") add("file_format", "parquet");
  numeric("test_share", draft.testShare);
  // The seed field is off without a split: a seed left in it is not sent.
  if (draft.testShare.trim() !== "") numeric("split_seed", draft.splitSeed);
  return { params, problems: exportQueryProblems(Object.fromEntries(params)) };
}

const bounds: Record<string, string> = { ">=": "≥", ">": ">", "<=": "≤", "<": "<" };

/**
 * One of `problems` in Chinese, for the form (in English, as the server words it): its parameter as sent, then what is wrong. The
 * problems themselves stay in the server's words (its 400 says the same, and the contract test compares them).
 */
export function problemText(problem: string): string {
  // English is the server's language: the form says just what the refusal would.
  if (currentLanguage() === "en") return problem;
  const at = problem.indexOf(": ");
  if (at < 0) return knownText(problem);
  const param = problem.slice(0, at);
  const message = problem.slice(at + 2);
  const bound = /^Too (?:small|big): expected number to be (>=|>|<=|<)(\S+)$/.exec(message);
  const text = bound
    ? t("must be {{bound}}", { bound: `${bounds[bound[1]!]} ${bound[2]}` })
    : /^Too small: expected array to have >=1 items$/.test(message)
      ? t("choose at least one")
      : /expected int, received number$/.test(message)
        ? t("must be a whole number")
        : /expected number, received NaN$/.test(message)
          ? t("must be a number")
          : message === "unknown field"
            ? t("unknown field")
            : knownText(message);
  return `${param}: ${text}`;
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
const switches = new Set(["exclude_flagged", "per_judgment", "both_bad_as_tie", "include_verify_pairs", "with_texts", "provenance"]);
const shellWord = (word: string) => (/^[\w.,:/=+@%-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`);

/**
 * The same export with `npx longpref export` (server/cli/export-command.ts): the CLI names a set by name and
 * writes both sides of a split at once; the file is named as the download would be.
 */
export function exportCommand(query: ExportQuery, setName: string | undefined): string {
  const get = (key: string) => query.params.find(([k]) => k === key)?.[1];
  const format = get("format") ?? "";
  const scope =
    get("run") !== undefined ? `run${get("run")}` : get("campaign") !== undefined ? `campaign${get("campaign")}` : `set${get("set")}`;
  const words = ["npx", "longpref", "export"];
  for (const [key, value] of query.params) {
    const option = `--${key.replaceAll("_", "-")}`;
    if (key === "set") words.push(option, shellWord(setName ?? value));
    else if (value === "true" && switches.has(key)) words.push(option);
    else words.push(option, shellWord(value));
  }
  const extension =
    get("file_format") === "parquet" ? "parquet" : format === "battles-csv" ? "csv" : format === "battles-fastchat" ? "json" : "jsonl";
  words.push("--out", `longpref-${get("from")}-${scope}-${format}.${extension}`);
  if (isLlamaFactory(format as ExportFormatName)) words.push("--dataset-info", "dataset_info.json");
  return words.join(" ");
}

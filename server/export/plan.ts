import type { Context } from "../context";
import type { Db } from "../db/open";
import { DomainError } from "../errors/domain-error";
import type { BattleFormatName } from "../../shared/schemas/export";
import { kRange, type Campaign } from "../../shared/schemas/campaigns";
import { battleFormats } from "./battle-formats";
import { pairFormats, sftFormat, type Format } from "./formats";
import { defaultExportStatuses, ExportQuerySchema, type ExportQuery, type ExportQueryInput } from "../../shared/schemas/export-query";
import { battleRows, campaignPairs, proposalPairs, sftBest, sftChosen, type PairFilters } from "./sources";
import type { SplitSide } from "./split";
import type { PairRun } from "../../shared/schemas/pairs";
import { weightedVerdicts } from "./weighted-majority";
import { prepareExport, type PreparedExport } from "./write";
import { prepareParquetExport } from "./parquet-export";
import type { BattleRow, PairRow, SftRow } from "./rows";

/** Sees each row written, with its side of the split (the dataset card's figures). */
export type RowObserver = (row: PairRow | SftRow | BattleRow, side: SplitSide) => void;

/** The media type registered for Parquet (IANA, 2024). */
export const parquetContentType = "application/vnd.apache.parquet";

/** What an export will read and how it is written, resolved against the database before any row is read. */
export interface ExportPlan {
  query: ExportQuery;
  format: Format<never>;
  /** What was selected, in words, for messages: "proposals of pair run 3 (proposed, judge-confirmed, accepted, confirmed)". */
  selection: string;
  /** A file name without extension: longpref-proposals-run3-trl. */
  fileStem: string;
  /** Where the rows come from, for a dataset card: the set, and the pair run or campaign(s) read. */
  origin: ExportOrigin;
  /** The file written: the format's own (JSONL, CSV) or Parquet with the format's columns. */
  file: { extension: string; contentType: string };
  /**
   * Starts the export on `db`, reading its first row so the caller knows whether anything will be written.
   * (Not named prepare: outside server/db that word means a SQL statement, test/unit/house-sql.test.ts.)
   */
  begin(db: Db, only?: SplitSide, observe?: RowObserver): PreparedExport;
}

export interface ExportOrigin {
  set?: string;
  run?: { id: number; judge: string; template: string; strategy: string; min_margin: number; length_weight: number };
  campaigns?: { label: string; kind?: string };
}

/** 404 or 400 naming the parameter (`details.param`), so the CLI can name its option. */
const missing = (param: string, what: string) => new DomainError("not_found", "not_found", `${what} not found`, { param });
const invalid = (param: string, message: string) => new DomainError("invalid", "bad_request", `${param}: ${message}`, { param });
export const nothingToExport = (selection: string) =>
  new DomainError("nothing_to_do", "nothing_to_export", `nothing to export: ${selection}`);

function describeFilters(q: ExportQuery): string {
  const parts = [
    q.length_range !== undefined && `length range ${q.length_range}`,
    q.min_margin !== undefined && `margin ≥ ${q.min_margin}`,
    q.min_agreement !== undefined && `agreement ≥ ${q.min_agreement}`,
    q.min_votes !== undefined && `≥ ${q.min_votes} votes`,
    q.min_confidence !== undefined && `confidence ≥ ${q.min_confidence}`,
    q.exclude_flagged !== undefined &&
      q.exclude_flagged !== false &&
      `no ${q.exclude_flagged === true ? "flagged" : q.exclude_flagged.join("/")} samples`,
    q.split !== undefined && `${q.split} side of the split`,
  ].filter(Boolean);
  return parts.length ? ` matching ${parts.join(", ")}` : "";
}

/**
 * The campaigns whose judgments a battle export writes. A verify-pairs campaign compares two samples of one
 * model (model_a == model_b): a self-battle that FastChat's ratings learn nothing from and `longpref stats`
 * refuses, so it is left out unless asked for (decision 027); asked for by id alone, it is refused by name.
 */
function battleCampaignsOf(
  ctx: Context,
  c: { ids: number[]; label: string; campaign: Campaign | undefined },
  includeVerifyPairs: boolean,
): { ids: number[]; label: string } {
  if (includeVerifyPairs) return c;
  if (c.campaign) {
    if (c.campaign.kind === "verify-pairs")
      throw invalid(
        "campaign",
        `campaign ${c.campaign.id} is verify-pairs: its judgments compare two samples of one model, not two models (include_verify_pairs, --include-verify-pairs in the CLI, exports them anyway)`,
      );
    return c;
  }
  const ids = c.ids.filter((id) => ctx.campaigns.get(id)?.kind !== "verify-pairs");
  if (ids.length === 0)
    throw nothingToExport(
      `${c.label}: only verify-pairs campaigns (include_verify_pairs, --include-verify-pairs in the CLI, exports them)`,
    );
  return { ids, label: ids.length < c.ids.length ? `${c.label} but its verify-pairs ones` : c.label };
}

/** Parses and resolves an export: 400 for a bad parameter, 404 for an unknown run, campaign or set. */
export function planExport(ctx: Context, input: ExportQueryInput | Record<string, unknown>): ExportPlan {
  const q = ExportQuerySchema.parse(input);
  const set = q.set === undefined ? undefined : ctx.sets.get(q.set);
  if (q.set !== undefined && !set) throw missing("set", `instruction set ${q.set}`);
  const filters: PairFilters = {
    lengthRange: q.length_range,
    minMargin: q.min_margin,
    minAgreement: q.min_agreement,
    minVotes: q.min_votes,
    excludeFlags: q.exclude_flagged === false ? undefined : q.exclude_flagged,
  };
  const statuses = q.statuses ?? defaultExportStatuses;

  const origin: ExportOrigin = { set: set?.name };
  const described = (run: PairRun) => {
    origin.set = run.set_name;
    origin.run = {
      id: run.id,
      judge: run.judge_model_name,
      template: run.template_name,
      strategy: run.strategy,
      min_margin: run.min_margin,
      length_weight: run.length_weight,
    };
    return run;
  };
  const runOf = () => {
    if (q.run !== undefined) {
      const run = ctx.pairRuns.get(q.run);
      if (!run) throw missing("run", `pair run ${q.run}`);
      if (set && run.set_id !== set.id) throw invalid("run", `pair run ${run.id} belongs to set "${run.set_name}", not "${set.name}"`);
      return described(run);
    }
    const newest = ctx.pairRuns.newestOfSet(set!.id);
    if (!newest) throw nothingToExport(`set "${set!.name}" has no pair run`);
    return described(newest);
  };
  const campaignsOf = () => {
    if (q.campaign !== undefined) {
      const campaign = ctx.campaigns.get(q.campaign);
      if (!campaign) throw missing("campaign", `campaign ${q.campaign}`);
      if (set && campaign.set_id !== set.id)
        throw invalid("campaign", `campaign ${campaign.id} belongs to set "${campaign.set_name}", not "${set.name}"`);
      origin.set = campaign.set_name;
      origin.campaigns = { label: `campaign ${campaign.id} ("${campaign.name}")`, kind: campaign.kind };
      return { ids: [campaign.id], label: `campaign ${campaign.id} ("${campaign.name}")`, campaign };
    }
    const ids = ctx.campaigns.idsOfSet(set!.id);
    if (ids.length === 0) throw nothingToExport(`set "${set!.name}" has no campaign`);
    origin.campaigns = { label: `the campaigns of set "${set!.name}"` };
    return { ids, label: `the campaigns of set "${set!.name}"`, campaign: undefined };
  };

  let selection: string;
  let scope: string;
  let open: (db: Db) => Generator<{ external_id: string }>;
  let format: Format<never>;
  if (q.from === "battles") {
    const c = battleCampaignsOf(ctx, campaignsOf(), q.include_verify_pairs ?? false);
    selection = `judgments of ${c.label}`;
    scope = q.campaign !== undefined ? `campaign${q.campaign}` : `set${q.set}`;
    open = (db) => battleRows(db, { campaignIds: c.ids, bothBadAsTie: q.both_bad_as_tie, withTexts: q.with_texts ?? false, ...filters });
    format = battleFormats[q.format as BattleFormatName];
  } else if (q.from === "sft") {
    const run = runOf();
    scope = `run${run.id}`;
    format = sftFormat;
    if (q.sft === "chosen") {
      selection = `chosen samples of pair run ${run.id} (${statuses.join(", ")})`;
      open = (db) => sftChosen(db, { runId: run.id, statuses, ...filters });
    } else {
      selection = `best samples of pair run ${run.id}`;
      open = (db) => sftBest(db, { run, ...filters });
    }
  } else if (q.from === "proposals" || (q.from === "confirmed" && q.campaign === undefined)) {
    const run = runOf();
    const pick = q.from === "confirmed" ? (["confirmed"] as const) : statuses;
    selection = `proposals of pair run ${run.id} (${pick.join(", ")})`;
    scope = `run${run.id}`;
    open = (db) => proposalPairs(db, { runId: run.id, statuses: pick, ...filters });
    format = pairFormats[q.format as keyof typeof pairFormats];
  } else {
    const c = campaignsOf();
    scope = q.campaign !== undefined ? `campaign${q.campaign}` : `set${q.set}`;
    format = pairFormats[q.format as keyof typeof pairFormats];
    if (q.from === "confirmed") {
      if (c.campaign!.kind !== "verify-pairs")
        throw invalid(
          "campaign",
          `campaign ${c.campaign!.id} is ${c.campaign!.kind}: confirmed pairs come from a verify-pairs campaign (or give run)`,
        );
      // A majority before k judgments are in is premature: the campaign's own rule, unless asked otherwise. Under
      // adaptive k (decision 037) a proposal is confirmed only once decided, which takes at least k_min.
      const minVotes = q.min_votes ?? kRange(c.campaign!.settings).k_min;
      selection = `proposals of ${c.label} confirmed by a majority of at least ${minVotes} judgments`;
      open = (db) => campaignPairs(db, { campaignIds: c.ids, mode: "confirmed", ...filters, minVotes });
    } else if (q.majority === "weighted") {
      // Fitted on every judgment of the campaigns, before any filter: a filter picks pairs, not the evidence.
      selection = `Dawid-Skene weighted majorities of ${c.label}`;
      open = (db) =>
        campaignPairs(db, {
          campaignIds: c.ids,
          mode: "weighted",
          ...filters,
          weighted: weightedVerdicts(db, c.ids),
          minConfidence: q.min_confidence,
        });
    } else {
      const mode = q.per_judgment ? "per-judgment" : "majority";
      selection = `${q.per_judgment ? "winning judgments" : "majority verdicts"} of ${c.label}`;
      open = (db) => campaignPairs(db, { campaignIds: c.ids, mode, ...filters });
    }
  }
  const split = q.test_share === undefined ? undefined : { share: q.test_share, seed: q.split_seed ?? 0 };
  const parquet = q.file_format === "parquet";
  if (parquet && !format.fields) throw invalid("file_format", `${format.name} has no declared columns: it cannot be written as Parquet`);
  return {
    query: q,
    format,
    selection: `${selection}${describeFilters(q)}`,
    fileStem: `longpref-${q.from}-${scope}-${q.format}`,
    origin,
    file: parquet
      ? { extension: "parquet", contentType: parquetContentType }
      : { extension: format.extension, contentType: format.contentType },
    begin: (db, only, observe) => {
      const options = { provenance: q.provenance ?? false, withTexts: q.with_texts ?? false, split: split && { ...split, only } };
      const rows = format as Format<{ external_id: string }>;
      if (parquet) return prepareParquetExport(open(db), rows, { ...options, observe: observe as (row: object) => void });
      if (observe) throw new Error("rows are observed on the Parquet path only");
      return prepareExport(open(db), rows, options);
    },
  };
}

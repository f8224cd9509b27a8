import { z } from "zod";
import { exportFormatNames, exportSources, formatsOf, type ExportSource } from "./export";
import { FlagNameSchema, ProposalStatusSchema, type ProposalStatus } from "./pairs";
import { filterText } from "./text";

// The one contract of an export's parameters: GET /api/exports parses with it, `longpref export` through the
// same plan, and the Exports page checks its form with it before anything is sent.

/**
 * The proposal statuses exported when `statuses` is not given. judge-confirmed proposals were "proposed"
 * before a judge confirmed them, so the default keeps them (docs/decisions/036-judge-confirmed-proposals.md).
 */
export const defaultExportStatuses: readonly ProposalStatus[] = ["proposed", "judge-confirmed", "accepted", "confirmed"];

/** Pairs carry margins and votes; SFT examples and battle records do not. */
export const hasMargins = (from: ExportSource) => from === "proposals" || from === "confirmed" || from === "judgments";
/** Proposals, and SFT examples made of each proposal's chosen, are filtered by proposal status. */
export const takesStatuses = (q: { from: ExportSource; sft?: "best" | "chosen" }) =>
  q.from === "proposals" || (q.from === "sft" && q.sft === "chosen");

const flag = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");
const list = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .transform((s) =>
      s
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).min(1));
const id = z.coerce.number().int().positive();

/**
 * What to export, as query parameters (GET /api/exports) and, renamed to --kebab-case, as CLI options.
 * Parameters that cannot apply to the source are refused rather than ignored, so a typo'd filter never
 * silently widens an export.
 */
export const ExportQuerySchema = z
  .strictObject({
    from: z.enum(exportSources),
    /** Default: the source's first format (trl, sft, battles-jsonl). */
    format: z.enum(exportFormatNames).optional(),
    run: id.optional(),
    campaign: id.optional(),
    /** Instruction set id: narrows to it, or stands for the set's newest run (or all its campaigns) when neither is given. */
    set: id.optional(),
    /** proposals and sft (chosen): proposal statuses; default proposed, judge-confirmed, accepted, confirmed. */
    statuses: list(ProposalStatusSchema).optional(),
    /** A length-range label of the set, or `none` for instructions stating no length. */
    length_range: filterText(100).min(1).optional(),
    min_margin: z.coerce.number().finite().optional(),
    min_agreement: z.coerce.number().min(0).max(1).optional(),
    min_votes: z.coerce.number().int().min(1).max(1000).optional(),
    /** `true`: leave out pairs with a flagged sample (any flag); or the flags that do. */
    exclude_flagged: z.union([flag, list(FlagNameSchema)]).optional(),
    /** judgments: one pair per winning judgment instead of one per comparison by majority. */
    per_judgment: flag.optional(),
    /**
     * judgments: the majority of each comparison by votes (default), or Dawid–Skene's verdict of highest
     * posterior (`weighted`, decision 019), `agreement` then being that posterior probability.
     */
    majority: z.enum(["votes", "weighted"]).optional(),
    /** judgments with majority=weighted: least posterior probability of the weighted verdict. */
    min_confidence: z.coerce.number().min(0).max(1).optional(),
    /** battles: write both-bad as "tie", for readers that know three winners only. */
    both_bad_as_tie: flag.optional(),
    /**
     * battles: keep the judgments of verify-pairs campaigns, whose two samples are of one model
     * (model_a == model_b: a self-battle to FastChat, refused by `longpref stats`). Left out by default.
     */
    include_verify_pairs: flag.optional(),
    /** battles-fastchat: each record's conversation_a/conversation_b (the prompt and each side's answer). */
    with_texts: flag.optional(),
    /** sft: the best S per instruction in the run's scores (default), or the chosen of each proposal. */
    sft: z.enum(["best", "chosen"]).optional(),
    /** A `meta` object on each JSON row: ids, models, scores, score_margin (S points), votes, agreement. */
    provenance: flag.optional(),
    test_share: z.coerce.number().gt(0).lt(1).optional(),
    split_seed: z.coerce
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .optional(),
    /**
     * The file: JSON lines (CSV for battles-csv), or Parquet with the same columns (every row format; the
     * format the Hugging Face Hub serves).
     */
    file_format: z.enum(["jsonl", "parquet"]).optional(),
    /** HTTP only: which side of the split to download. */
    split: z.enum(["train", "test"]).optional(),
  })
  .superRefine((q, ctx) => {
    const refuse = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    const format = q.format ?? formatsOf[q.from][0]!;
    if (!formatsOf[q.from].includes(format)) refuse("format", `--from ${q.from} is written as ${formatsOf[q.from].join(", ")}`);
    const byRun = q.from === "proposals" || q.from === "sft";
    const byCampaign = q.from === "judgments" || q.from === "battles";
    if (byRun && q.campaign !== undefined) refuse("campaign", `${q.from} come from a pair run: give run (or set)`);
    if (byCampaign && q.run !== undefined) refuse("run", `${q.from} come from campaigns: give campaign (or set)`);
    if (q.run !== undefined && q.campaign !== undefined) refuse("campaign", "give run or campaign, not both");
    if (q.run === undefined && q.campaign === undefined && q.set === undefined) {
      refuse(
        byCampaign ? "campaign" : "run",
        byCampaign ? "give campaign (or set: every campaign of the set)" : "give run (or set: the set's newest pair run)",
      );
    }
    if (q.statuses && !takesStatuses(q)) refuse("statuses", "only for proposals, and sft with sft=chosen");
    if (q.sft !== undefined && q.from !== "sft") refuse("sft", "only for --from sft");
    if (q.per_judgment !== undefined && q.from !== "judgments") refuse("per_judgment", "only for --from judgments");
    if (q.majority !== undefined && q.from !== "judgments") refuse("majority", "only for --from judgments");
    if (q.min_confidence !== undefined && q.majority !== "weighted") refuse("min_confidence", "only with --majority weighted");
    if (q.majority === "weighted") {
      if (q.per_judgment) refuse("per_judgment", "a pair per judgment has no weighted majority: not with --majority weighted");
      if (q.min_agreement !== undefined)
        refuse("min_agreement", "with --majority weighted the agreement is the posterior confidence: give --min-confidence");
    }
    if (q.both_bad_as_tie !== undefined && q.from !== "battles") refuse("both_bad_as_tie", "only for --from battles");
    if (q.include_verify_pairs !== undefined && q.from !== "battles") refuse("include_verify_pairs", "only for --from battles");
    if (q.with_texts !== undefined && format !== "battles-fastchat") refuse("with_texts", "only for --format battles-fastchat");
    if (q.min_margin !== undefined && !hasMargins(q.from)) refuse("min_margin", `${q.from} have no margin`);
    for (const key of ["min_agreement", "min_votes"] as const) {
      if (q[key] !== undefined && !hasMargins(q.from)) refuse(key, `${q.from} have no votes`);
    }
    if (q.provenance && format === "battles-csv") refuse("provenance", "CSV records carry no meta object");
    if (q.file_format === "parquet" && format === "battles-csv")
      refuse("file_format", "battles-csv is a CSV file: Parquet is for the row formats");
    if (q.split_seed !== undefined && q.test_share === undefined) refuse("split_seed", "needs test_share");
    if (q.split !== undefined && q.test_share === undefined) refuse("split", "needs test_share");
  })
  .transform((q) => ({ ...q, format: q.format ?? formatsOf[q.from][0]!, file_format: q.file_format ?? ("jsonl" as const) }));

export type ExportQuery = z.infer<typeof ExportQuerySchema>;
export type ExportQueryInput = z.input<typeof ExportQuerySchema>;

/**
 * What is wrong with these parameters, one `param: message` line each, as GET /api/exports words its 400
 * (server/http/errors.ts, describeZodError); empty when the schema accepts them.
 */
export function exportQueryProblems(params: Record<string, string>): string[] {
  const parsed = ExportQuerySchema.safeParse(params);
  if (parsed.success) return [];
  return parsed.error.issues.flatMap((i) =>
    i.code === "unrecognized_keys"
      ? i.keys.map((key) => `${key}: unknown field`)
      : [`${i.path.map(String).join(".") || "(body)"}: ${i.message}`],
  );
}

import { z } from "zod";
import { idListText } from "./text";
import { pairVerdictLabels } from "../scoring/pair-verdict";
import { pageOf } from "./page";
import { InstructionFilterSchema } from "./sampling";
import { JudgeJobSchema, JudgeScoreSchema, JudgeScoreStatusSchema, defaultMaxAnswers } from "./judging";

// The pairwise judge (docs/decisions/034-pairwise-judge.md): jobs that ask a judge model to compare two
// samples in both orders, its combined verdicts as the judgments of a judge identity ("judge:MODEL"), and
// its calibration against the humans on the same comparisons.

/**
 * A pairwise judge is called at temperature 0: a flip between the two orders should measure the judge's
 * position bias, not its sampling noise (Arena-Hard and MT-Bench judge greedily too).
 */
export const defaultPairJudgeParams = { temperature: 0, max_tokens: 1024 } as const;

/** The pairs a job judges. */
export const PairJudgeSourceSchema = z.discriminatedUnion("kind", [
  /** The campaign's comparisons (sample a as the campaign has it). */
  z.strictObject({ kind: z.literal("campaign"), campaign_id: z.number().int().positive() }),
  /** Per instruction of the set (matching the filter): model A's first finished sample against model B's. */
  z.strictObject({
    kind: z.literal("models"),
    set_id: z.number().int().positive(),
    model_a_id: z.number().int().positive(),
    model_b_id: z.number().int().positive(),
    filter: InstructionFilterSchema.default({}),
  }),
  /** The pair run's proposals, chosen as sample a: a judge that prefers a agrees with the proposal. */
  z.strictObject({ kind: z.literal("pair-run"), pair_run_id: z.number().int().positive() }),
]);
export type PairJudgeSource = z.infer<typeof PairJudgeSourceSchema>;

export const CreatePairJudgeJobBodySchema = z.strictObject({
  source: PairJudgeSourceSchema,
  judge_model_id: z.number().int().positive(),
  /** A pairwise template; default the builtin one. */
  template_id: z.number().int().positive().optional(),
  temperature: z.number().min(0).max(2).default(defaultPairJudgeParams.temperature),
  max_tokens: z.number().int().min(16).max(1_000_000).default(defaultPairJudgeParams.max_tokens),
  /** Answers asked for per order (invalid ones asked again) before "judge failed". */
  max_answers: z.number().int().min(1).max(10).default(defaultMaxAnswers),
  /** Orders whose answer failed before (same judge and template) are asked again. */
  retry_failed: z.boolean().default(true),
});
export type CreatePairJudgeJobBody = z.input<typeof CreatePairJudgeJobBodySchema>;

/** What a job would ask; writes nothing. */
export const PairJudgePreviewSchema = z.object({
  pairs: z.number().int(),
  /** Two per pair: both orders. */
  answers: z.number().int(),
  /** Orders already answered (or being answered) by this judge and template. */
  cached: z.number().int(),
  requests: z.number().int(),
});
export type PairJudgePreview = z.infer<typeof PairJudgePreviewSchema>;

/** A pair judge job: a judge job's settings and counts (answers, each one order of a pair), over pairs instead of samples. */
export const PairJudgeJobSchema = JudgeJobSchema.omit({ filter: true }).extend({
  source: PairJudgeSourceSchema,
  campaign_id: z.number().int().nullable(),
  pair_run_id: z.number().int().nullable(),
  /** The annotator name its combined verdicts carry in statistics: "judge:MODEL" (plus " [TEMPLATE]" unless builtin). */
  identity: z.string(),
  /** Pairs the job covers; each is asked in two orders. */
  pairs: z.number().int(),
});
export type PairJudgeJob = z.infer<typeof PairJudgeJobSchema>;

/** One answer of the judge: one order of one pair. */
export const PairJudgmentSchema = JudgeScoreSchema.pick({
  id: true,
  job_id: true,
  instruction_id: true,
  external_id: true,
  judge_model_id: true,
  judge_model_name: true,
  template_hash: true,
  status: true,
  analysis: true,
  raw_answer: true,
  invalid_answers: true,
  attempts: true,
  last_error: true,
  updated_at: true,
  finished_at: true,
}).extend({
  /** Shown as Response A. */
  first_sample_id: z.number().int(),
  first_model_name: z.string(),
  second_sample_id: z.number().int(),
  second_model_name: z.string(),
  /** +2 A much better … −2 B much better; null unless done. */
  verdict: z.number().int().min(-2).max(2).nullable(),
  verdict_label: z.enum(pairVerdictLabels).nullable(),
});
export type PairJudgment = z.infer<typeof PairJudgmentSchema>;

export const PairJudgeErrorSchema = z.object({
  answer_id: z.number().int(),
  external_id: z.string(),
  status: JudgeScoreStatusSchema,
  error: z.string(),
  at: z.string(),
});

export const PairJudgeJobProgressSchema = z.object({
  job: PairJudgeJobSchema,
  answers_per_minute: z.number(),
  eta_seconds: z.number().nullable(),
  recent_errors: z.array(PairJudgeErrorSchema),
});
export type PairJudgeJobProgress = z.infer<typeof PairJudgeJobProgressSchema>;

export const PairJudgeJobsResponseSchema = pageOf(PairJudgeJobSchema);
export const PairJudgmentPageSchema = pageOf(PairJudgmentSchema);

const share = z.number().min(0).max(1);

/** Agreement of the judge's combined verdicts (a / b / tie) with the human majority on the same comparisons. */
export const HumanAgreementSchema = z.object({
  /** Comparisons with a human majority (no tied vote) and a combined judge verdict. */
  comparisons: z.number().int(),
  agreement: share.nullable(),
  /** Cohen's κ between the judge and the human majority over a / b / tie. */
  kappa: z.number().nullable(),
});
export type HumanAgreement = z.infer<typeof HumanAgreementSchema>;

/** The fixed JSON of `npx longpref judge-pairs --json` (and GET /api/pair-judge-jobs/:id/summary). */
export const PairJudgeSummarySchema = z.object({
  job_id: z.number().int(),
  /** Pairs the job covers. */
  comparisons: z.number().int(),
  /** Pairs with both orders answered. */
  judged: z.number().int(),
  /** Pairs with an order that failed. */
  failed: z.number().int(),
  /** Share of judged pairs whose two orders point different ways. */
  flip_rate: share.nullable(),
  /** Share of decisive answers (not A=B) that chose the response shown first. */
  left_rate: share.nullable(),
  /** Share of decisive combined verdicts, on pairs of different lengths, that chose the longer response. */
  longer_rate: share.nullable(),
  /** Per candidate model, the judge's win rate against the campaign's reference; null without a reference. */
  win_rate_vs_reference: z.record(z.string(), z.object({ win_rate: share.nullable(), ci: z.tuple([share, share]).nullable() })).nullable(),
  human_agreement: HumanAgreementSchema.nullable(),
});
export type PairJudgeSummary = z.infer<typeof PairJudgeSummarySchema>;

/** A judge identity: a judge model with a pairwise template, and how much it has judged. */
export const JudgeIdentitySchema = z.object({
  identity: z.string(),
  judge_model_id: z.number().int(),
  judge_model_name: z.string(),
  template_id: z.number().int(),
  template_name: z.string(),
  jobs: z.number().int(),
  /** Pairs with both orders answered, over all its jobs. */
  pairs_judged: z.number().int(),
  /** Campaigns whose comparisons it judged. */
  campaign_ids: z.array(z.number().int()),
});
export type JudgeIdentity = z.infer<typeof JudgeIdentitySchema>;
export const JudgeIdentitiesResponseSchema = pageOf(JudgeIdentitySchema);

export const CalibrationQuerySchema = z.strictObject({
  judge_model_id: z.coerce.number().int().positive(),
  /** Default: the builtin pairwise template. */
  template_id: z.coerce.number().int().positive().optional(),
  /** Campaign ids, comma-separated; default every campaign the judge judged. */
  campaigns: idListText("campaign").optional(),
});

/** Plain verdict: within this many κ points of the annotators' own agreement counts as "about as well". */
export const calibrationKappaTolerance = 0.1;

export const JudgeCalibrationSchema = z.object({
  identity: z.string(),
  judge_model_id: z.number().int(),
  judge_model_name: z.string(),
  template_id: z.number().int(),
  template_name: z.string(),
  campaign_ids: z.array(z.number().int()),
  /** Pairs with both orders answered. */
  pairs_judged: z.number().int(),
  flip_rate: share.nullable(),
  left_rate: share.nullable(),
  /** How often the longer response wins, among decisive verdicts on pairs of different lengths. */
  longer_rate: z.object({
    judge: share.nullable(),
    judge_pairs: z.number().int(),
    humans: share.nullable(),
    human_judgments: z.number().int(),
  }),
  /** Against the human majority on comparisons both judged; null when none. */
  human_agreement: HumanAgreementSchema.nullable(),
  /** The annotators among themselves on the same comparisons: each against the majority of the others. */
  humans_with_each_other: z.object({ judgments: z.number().int(), agreement: share.nullable(), kappa: z.number().nullable() }).nullable(),
  /** Agreement with the human majority by the judge's stated strength (mean of its two orders, 1 to 2). */
  by_strength: z.array(
    z.object({ strength: z.enum(["tie", "better", "much better"]), comparisons: z.number().int(), agreement: share.nullable() }),
  ),
  /**
   * as-well-as-humans: κ with the majority within calibrationKappaTolerance of the humans' own (or above);
   * worse-than-humans: below that; not-enough-data: under 20 comparisons judged by both.
   */
  verdict: z.enum(["as-well-as-humans", "worse-than-humans", "not-enough-data"]),
});
export type JudgeCalibration = z.infer<typeof JudgeCalibrationSchema>;

/** POST /api/pair-runs/:id/judge-confirm */
export const JudgeConfirmBodySchema = z.strictObject({
  judge_model_id: z.number().int().positive(),
  /** Default: the builtin pairwise template. */
  template_id: z.number().int().positive().optional(),
});
export const JudgeConfirmResponseSchema = z.object({
  /** Proposals both orders agreed with, now "judge-confirmed" (counting ones confirmed before). */
  confirmed: z.number().int(),
  /** Proposals the judge answered but did not agree with in both orders. */
  not_confirmed: z.number().int(),
  /** Proposals without both orders answered by this judge and template. */
  unjudged: z.number().int(),
});

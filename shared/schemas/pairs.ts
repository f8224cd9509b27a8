import { z } from "zod";
import { PageQuerySchema, pageOf } from "./page";
import { offlineSignalNames } from "../scoring/offline-signals";
import { InstructionSchema } from "./instruction";
import { JudgeScoreSchema } from "./judging";
import { SampleSchema } from "./sample";

export const pairStrategies = ["best-vs-random", "best-vs-worst", "all-pairs"] as const;
export const PairStrategySchema = z.enum(pairStrategies);

/**
 * proposed: as the scores put it; judge-confirmed: still unreviewed, and a pairwise LLM judge preferred the
 * chosen sample in both orders (docs/decisions/036-judge-confirmed-proposals.md); accepted / rejected: by a
 * researcher's review (a swap is accepted with chosen and rejected exchanged); confirmed / overturned: by
 * human annotators' judgments. Human review and verification always win over the judge's confirmation.
 */
export const proposalStatuses = ["proposed", "judge-confirmed", "accepted", "rejected", "confirmed", "overturned"] as const;
export const ProposalStatusSchema = z.enum(proposalStatuses);
export type ProposalStatus = z.infer<typeof ProposalStatusSchema>;

export const FlagNameSchema = z.enum(offlineSignalNames);

export const CreatePairRunBodySchema = z.strictObject({
  set_id: z.number().int().positive(),
  /** S_q comes from this judge model's judgments made with this template. */
  judge_model_id: z.number().int().positive(),
  /** Default: the builtin template. */
  template_id: z.number().int().positive().optional(),
  /** Models whose samples are paired (each with its own samples); default every model with samples. */
  model_ids: z.array(z.number().int().positive()).min(1).max(100).optional(),
  strategy: PairStrategySchema.default("best-vs-random"),
  /** Same seed, same pairs; default a random one, stored with the run. */
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .optional(),
  /** Least S(chosen) − S(rejected) worth a pair. */
  min_margin: z.number().min(0).max(100).default(0),
  /** w in S = w·S_l + (1 − w)·S_q. */
  length_weight: z.number().min(0).max(1).default(0.5),
  /** Samples raising any of these flags are left out of the pairs. */
  exclude_flags: z.array(FlagNameSchema).max(offlineSignalNames.length).default(["empty"]),
  /** Points taken off S per raised flag that does not exclude the sample. */
  flag_penalty: z.number().min(0).max(100).default(0),
});
export type CreatePairRunBody = z.input<typeof CreatePairRunBodySchema>;

const StatusCountsSchema = z.object(
  Object.fromEntries(proposalStatuses.map((s) => [s, z.number().int()])) as Record<ProposalStatus, z.ZodNumber>,
);

export const PairRunSchema = z.object({
  id: z.number().int(),
  set_id: z.number().int(),
  set_name: z.string(),
  judge_model_id: z.number().int(),
  judge_model_name: z.string(),
  template_id: z.number().int(),
  template_name: z.string(),
  template_hash: z.string(),
  model_ids: z.array(z.number().int()).nullable(),
  strategy: PairStrategySchema,
  seed: z.number().int(),
  min_margin: z.number(),
  length_weight: z.number(),
  exclude_flags: z.array(FlagNameSchema),
  flag_penalty: z.number(),
  /** (instruction, model) groups with at least two scored samples. */
  groups: z.number().int(),
  /** Finished samples left without S: not judged, judge failed, or excluded by a flag. */
  unscored: z.number().int(),
  proposals: z.number().int(),
  status_counts: StatusCountsSchema,
  created_at: z.string(),
});
export type PairRun = z.infer<typeof PairRunSchema>;

export const ProposalSideSchema = z.object({
  sample_id: z.number().int(),
  /** The sample's index among its model's samples of the instruction (0-based). */
  sample_index: z.number().int(),
  /** S as the run computed it (weight and penalty applied). */
  score: z.number(),
  length_score: z.number().nullable(),
  quality_score: z.number(),
});
export type ProposalSide = z.infer<typeof ProposalSideSchema>;

export const PairProposalSchema = z.object({
  id: z.number().int(),
  run_id: z.number().int(),
  instruction_id: z.number().int(),
  external_id: z.string(),
  model_id: z.number().int(),
  model_name: z.string(),
  chosen: ProposalSideSchema,
  rejected: ProposalSideSchema,
  /** S(chosen) − S(rejected) as proposed; negative after a swap. */
  margin: z.number(),
  status: ProposalStatusSchema,
  /** A reviewer exchanged chosen and rejected. */
  swapped: z.boolean(),
  reviewed_by: z.string().nullable(),
  reviewed_at: z.string().nullable(),
  /** The pair judge job whose two answers (both orders) agreed with the proposal; kept under a later human status. */
  judge_confirmed_job_id: z.number().int().nullable(),
  judge_confirmed_at: z.string().nullable(),
});
export type PairProposal = z.infer<typeof PairProposalSchema>;

export const ReviewActionSchema = z.enum(["accept", "reject", "swap", "reset"]);
export const ReviewProposalBodySchema = z.strictObject({ action: ReviewActionSchema });

export const ProposalQuerySchema = z
  .strictObject({
    status: ProposalStatusSchema.optional(),
    model_id: z.coerce.number().int().positive().optional(),
  })
  .extend(PageQuerySchema.shape);

/** Answer of GET /api/pair-runs (a page, docs/decisions/032-one-pagination-convention.md). */
export const PairRunsResponseSchema = pageOf(PairRunSchema);
export const PairRunResponseSchema = z.object({ run: PairRunSchema });
export const ProposalResponseSchema = z.object({ proposal: PairProposalSchema });
export const ProposalPageSchema = pageOf(PairProposalSchema);

/** One sample of an instruction with its scores under a run's (or a chosen judge's) settings. */
export const ScoredSampleSchema = z.object({
  sample: SampleSchema,
  /** S_l; null when the instruction states no length. */
  length_score: z.number().nullable(),
  /** The judgment by the selected judge and template, if any (done, failed or pending). */
  judgment: JudgeScoreSchema.nullable(),
  /** S with the weight and penalty in force; null without a done judgment. */
  score: z.number().nullable(),
  /** Flags that leave this sample out of pairs under the settings in force. */
  excluded_by: z.array(z.string()),
});
export type ScoredSample = z.infer<typeof ScoredSampleSchema>;

export const InstructionReviewQuerySchema = z.strictObject({
  run: z.coerce.number().int().positive().optional(),
  judge_model: z.coerce.number().int().positive().optional(),
  template: z.coerce.number().int().positive().optional(),
});

export const InstructionReviewSchema = z.object({
  instruction: InstructionSchema,
  set_name: z.string(),
  /** The pair run whose settings and proposals are shown: the one asked for, else the set's newest. */
  run: PairRunSchema.nullable(),
  /** The judge whose S_q is shown (the run's, the one asked for, or the newest with judgments here). */
  judge: z
    .object({ judge_model_id: z.number().int(), judge_model_name: z.string(), template_id: z.number().int(), template_name: z.string() })
    .nullable(),
  length_weight: z.number(),
  samples: z.array(ScoredSampleSchema),
  proposals: z.array(PairProposalSchema),
  /** Neighbouring instructions with proposals in the run, for moving through a review. */
  previous_instruction_id: z.number().int().nullable(),
  next_instruction_id: z.number().int().nullable(),
  /** Where this instruction stands among the run's instructions with proposals (index 1-based; 0 when it has none). */
  position: z.object({ index: z.number().int(), total: z.number().int() }).nullable(),
});
export type InstructionReview = z.infer<typeof InstructionReviewSchema>;

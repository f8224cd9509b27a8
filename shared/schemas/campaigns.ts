import { z } from "zod";
import { CampaignGoldSchema, GoldAccuracySchema, StandingSchema } from "./gold";
import { pageOf } from "./page";
import { InstructionFilterSchema } from "./sampling";

export const campaignKinds = ["vs-reference", "verify-pairs", "custom"] as const;
export const CampaignKindSchema = z.enum(campaignKinds);
export type CampaignKind = z.infer<typeof CampaignKindSchema>;

export const rationaleModes = ["off", "optional", "required"] as const;
export const assignmentModes = ["uniform", "adaptive"] as const;

/** How annotators judge, and what they see. */
export const CampaignSettingsSchema = z.strictObject({
  /** Judgments wanted per comparison (k). */
  judgments_per_comparison: z.number().int().min(1).max(20).default(3),
  /** Markdown shown in the guidelines panel. */
  guidelines: z.string().max(50_000).default(""),
  allow_tie: z.boolean().default(true),
  allow_both_bad: z.boolean().default(true),
  /** Ask how much better: "slightly" or "much". */
  ask_margin: z.boolean().default(false),
  rationale: z.enum(rationaleModes).default("optional"),
  /** Show S_l (and S_q where known) to annotators. */
  show_scores: z.boolean().default(false),
  show_word_counts: z.boolean().default(true),
  /** How long an item stays an annotator's before it returns to the queue. */
  lease_minutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  /**
   * Adaptive k (decision 037): each comparison gets at least k_min judgments and stops as soon as its outcome
   * is decided, at most k_max. Absent: both equal judgments_per_comparison (a fixed k, as before).
   */
  k_min: z.number().int().min(1).max(20).optional(),
  k_max: z.number().int().min(1).max(20).optional(),
  /** uniform: least-judged first; adaptive: where it shrinks the widest reported interval (decision 038). */
  assignment: z.enum(assignmentModes).default("uniform"),
  /** Share of served items that are gold pairs (known answer, decision 039); 0 = none. */
  gold_rate: z.number().min(0).max(0.3).default(0),
});
export type CampaignSettings = z.infer<typeof CampaignSettingsSchema>;

/** What annotators are told of the settings: how to judge, not how items are leased, chosen, counted or checked. */
export const AnnotatorSettingsSchema = CampaignSettingsSchema.omit({
  lease_minutes: true,
  k_min: true,
  k_max: true,
  assignment: true,
  gold_rate: true,
});
export type AnnotatorSettings = z.infer<typeof AnnotatorSettingsSchema>;

export function annotatorSettings(s: CampaignSettings): AnnotatorSettings {
  const { lease_minutes: _lease, k_min: _min, k_max: _max, assignment: _assignment, gold_rate: _gold, ...told } = s;
  return told;
}

/** k_min and k_max as a campaign uses them: judgments_per_comparison when not given. */
export function kRange(s: Pick<CampaignSettings, "judgments_per_comparison" | "k_min" | "k_max">) {
  const k_max = s.k_max ?? Math.max(s.judgments_per_comparison, s.k_min ?? 1);
  return { k_min: s.k_min ?? Math.min(s.judgments_per_comparison, k_max), k_max };
}

/** Proposal statuses a verify-pairs campaign may take its comparisons from (not the annotators' own). */
export const verifiableStatuses = ["proposed", "judge-confirmed", "accepted", "rejected"] as const;

/** Where the comparisons come from. */
export const CampaignSourceSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("vs-reference"),
    /** Per instruction: this model's first finished sample against the reference model's. */
    model_id: z.number().int().positive(),
    /** Default: the set's reference model (the one registered as reference with outputs in the set). */
    reference_model_id: z.number().int().positive().optional(),
    /**
     * Further candidate models, each against the same reference (one campaign, several models: adaptive
     * choice spreads judgments across them, decision 038). Absent: model_id alone, as before.
     */
    model_ids: z.array(z.number().int().positive()).min(1).max(50).optional(),
  }),
  z.strictObject({
    kind: z.literal("verify-pairs"),
    pair_run_id: z.number().int().positive(),
    /**
     * Which proposals to verify, by their status as shown; default proposed and accepted, which leaves out
     * the proposals a judge confirmed (docs/decisions/036-judge-confirmed-proposals.md).
     */
    statuses: z.array(z.enum(verifiableStatuses)).min(1).default(["proposed", "accepted"]),
  }),
  z.strictObject({
    kind: z.literal("custom"),
    /** Per instruction: model A's first finished sample against model B's. */
    model_a_id: z.number().int().positive(),
    model_b_id: z.number().int().positive(),
  }),
]);
export type CampaignSource = z.infer<typeof CampaignSourceSchema>;

/** What annotators see of a campaign instead of its name (docs/decisions/021-blind-campaign-titles.md). */
export const CampaignTitleSchema = z.string().trim().min(1).max(200);

export const CreateCampaignBodySchema = z.strictObject({
  /** The researchers' name for it; annotators never see it. */
  name: z.string().trim().min(1).max(200),
  /** Default: the neutral "Campaign <id>", never derived from the name. */
  title: CampaignTitleSchema.optional(),
  set_id: z.number().int().positive(),
  source: CampaignSourceSchema,
  filter: InstructionFilterSchema.default({}),
  /** "all": every signed-in user (researchers often judge too); else these user ids. */
  annotators: z.union([z.literal("all"), z.array(z.number().int().positive()).min(1).max(1000)]).default("all"),
  settings: CampaignSettingsSchema.default(CampaignSettingsSchema.parse({})),
  /** The same as settings.k_min / k_max / assignment / gold_rate, accepted at the top level too (issue #18's interface). */
  k_min: CampaignSettingsSchema.shape.k_min,
  k_max: CampaignSettingsSchema.shape.k_max,
  assignment: z.enum(assignmentModes).optional(),
  gold_rate: z.number().min(0).max(0.3).optional(),
});
export type CreateCampaignBody = z.input<typeof CreateCampaignBodySchema>;

/** A campaign's preview needs only what decides its comparisons and judgments: no name, annotators or guidelines. */
export const CampaignPreviewBodySchema = CreateCampaignBodySchema.pick({ set_id: true, source: true, filter: true }).extend({
  judgments_per_comparison: CampaignSettingsSchema.shape.judgments_per_comparison,
});
export type CampaignPreviewBody = z.input<typeof CampaignPreviewBodySchema>;

export const UpdateCampaignBodySchema = z.strictObject({
  title: CampaignTitleSchema.optional(),
  status: z.enum(["open", "closed"]).optional(),
  guidelines: z.string().max(50_000).optional(),
  annotators: z.union([z.literal("all"), z.array(z.number().int().positive()).min(1).max(1000)]).optional(),
});

export const CampaignSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  /** What annotators see instead of the name. */
  title: z.string(),
  kind: CampaignKindSchema,
  set_id: z.number().int(),
  set_name: z.string(),
  source: CampaignSourceSchema,
  filter: InstructionFilterSchema,
  /** "all" or the listed annotators' usernames and ids. */
  annotators: z.union([z.literal("all"), z.array(z.object({ id: z.number().int(), username: z.string() }))]),
  settings: CampaignSettingsSchema,
  status: z.enum(["open", "closed"]),
  comparisons: z.number().int(),
  /** Comparisons with all the judgments they want: k, or under adaptive k decided (or at k_max). */
  complete: z.number().int(),
  judgments: z.number().int(),
  created_at: z.string(),
});
export type Campaign = z.infer<typeof CampaignSchema>;

/** Left and right as shown, relative to the annotator's screen; the server maps them to sample ids. */
export const verdicts = ["left", "right", "tie", "both-bad"] as const;
export const VerdictSchema = z.enum(verdicts);
export type Verdict = z.infer<typeof VerdictSchema>;

// ---- annotator side: no model names, no sample ids, nobody else's verdicts ---------------------------

export const AnnotationSideSchema = z.object({
  text: z.string(),
  /** Only when the campaign shows word counts. */
  word_count: z.number().int().nullable(),
  /** Only when the campaign shows scores. */
  length_score: z.number().nullable(),
  quality_score: z.number().nullable(),
});

/** What an annotator sees of a campaign: its title (never its name), guidelines and rules, never its models. */
export const AnnotatorCampaignSchema = z.object({
  id: z.number().int(),
  title: z.string(),
  guidelines: z.string(),
  settings: AnnotatorSettingsSchema,
  judged_by_you: z.number().int(),
  /** Comparisons still open to you (not seen by you, still wanting judgments: not decided under adaptive k). */
  remaining: z.number().int(),
});
export type AnnotatorCampaign = z.infer<typeof AnnotatorCampaignSchema>;

export const AnnotationItemSchema = z.object({
  assignment_id: z.number().int(),
  campaign_id: z.number().int(),
  instruction: z.object({ prompt: z.string(), required_length: z.number().int().nullable(), lang: z.string() }),
  left: AnnotationSideSchema,
  right: AnnotationSideSchema,
  lease_until: z.string(),
  judged_by_you: z.number().int(),
});
export type AnnotationItem = z.infer<typeof AnnotationItemSchema>;

/** Answer of POST /api/annotate/campaigns/:id/next: the item, or null when nothing is left for you. */
export const NextItemResponseSchema = z.object({ item: AnnotationItemSchema.nullable() });

/** Query of POST /api/annotate/campaigns/:id/next: `ahead=1` also leases the item after this one (prefetch). */
export const NextItemQuerySchema = z.strictObject({ ahead: z.enum(["0", "1"]).optional() });

/** Answer of POST /next?ahead=1: the item, and the one the client may render off-screen meanwhile. */
export const NextItemAheadResponseSchema = NextItemResponseSchema.extend({ ahead: AnnotationItemSchema.nullable() });

export const SubmitJudgmentBodySchema = z.strictObject({
  verdict: VerdictSchema,
  margin: z.enum(["slightly", "much"]).nullable().default(null),
  rationale: z.string().trim().max(10_000).default(""),
  /** Time on the item, from showing it to submitting. */
  time_ms: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 3600 * 1000),
  /** Fraction of each side scrolled into view, 0–1. */
  coverage_left: z.number().min(0).max(1),
  coverage_right: z.number().min(0).max(1),
  /** Made by the client once per judgment: a retry with the same key makes no second judgment. */
  idempotency_key: z.string().min(8).max(100),
});
export type SubmitJudgmentBody = z.input<typeof SubmitJudgmentBodySchema>;

export const SubmittedJudgmentSchema = z.object({
  id: z.number().int(),
  assignment_id: z.number().int(),
  verdict: VerdictSchema,
  created_at: z.string(),
  /** Until when POST /api/annotate/judgments/:id/undo is accepted. */
  undo_until: z.string(),
  judged_by_you: z.number().int(),
});
export const SubmitJudgmentResponseSchema = z.object({ judgment: SubmittedJudgmentSchema });

// ---- researchers: the campaign's judgments and its dashboard ------------------------------------------

export const HumanJudgmentSchema = z.object({
  id: z.number().int(),
  comparison_id: z.number().int(),
  instruction_id: z.number().int(),
  external_id: z.string(),
  annotator: z.string(),
  left_sample_id: z.number().int(),
  right_sample_id: z.number().int(),
  left_model: z.string(),
  right_model: z.string(),
  /** Sample a of the comparison: the model (vs-reference), model A (custom) or the proposed chosen (verify-pairs). */
  sample_a_id: z.number().int(),
  /** null for tie and both-bad. */
  winner_sample_id: z.number().int().nullable(),
  outcome: z.enum(["win", "tie", "both-bad"]),
  margin: z.enum(["slightly", "much"]).nullable(),
  rationale: z.string(),
  time_ms: z.number().int(),
  coverage_left: z.number(),
  coverage_right: z.number(),
  created_at: z.string(),
  /** A judgment of a gold pair (decision 039): left out of every statistic; one side may be a hidden degraded copy. */
  gold: z.boolean(),
});
export type HumanJudgment = z.infer<typeof HumanJudgmentSchema>;
export const HumanJudgmentPageSchema = pageOf(HumanJudgmentSchema);

export const CampaignDashboardSchema = z.object({
  campaign: CampaignSchema,
  /** Assignments being worked on now (lease not expired). */
  in_progress: z.number().int(),
  annotators: z.array(
    z.object({
      username: z.string(),
      judgments: z.number().int(),
      /** Judgments with a winner (not tie, not both bad): the n behind left_rate. */
      decided: z.number().int(),
      skipped: z.number().int(),
      median_time_ms: z.number().nullable(),
      /** Median over judgments of the smaller of the two sides' coverage. */
      median_coverage: z.number().nullable(),
      tie_rate: z.number().nullable(),
      /** Share of wins given to the left side (position bias shows as far from 0.5). */
      left_rate: z.number().nullable(),
      // Gold pairs (docs/decisions/039-gold-pairs.md): their accuracy there and their standing.
      user_id: z.number().int(),
      gold: GoldAccuracySchema,
      standing: StandingSchema,
    }),
  ),
  /** Gold pairs, counted apart: the tally leaves them (and excluded annotators) out. */
  gold: CampaignGoldSchema,
  /**
   * Win / tie / loss of model A against model B: vs-reference A = the model, B = the reference; custom A and
   * B as created; verify-pairs A = the proposed chosen, B = the proposed rejected.
   */
  tally: z.object({
    a: z.string(),
    b: z.string(),
    a_wins: z.number().int(),
    ties: z.number().int(),
    b_wins: z.number().int(),
    both_bad: z.number().int(),
  }),
  /**
   * Adaptive k (decision 037): comparisons complete before k_max (their outcome decided), how many of them at
   * k_min, and the judgments saved = k_max × decided_early − the judgments those comparisons took.
   */
  adaptive_k: z.object({
    k_min: z.number().int(),
    k_max: z.number().int(),
    decided_early: z.number().int(),
    decided_at_k_min: z.number().int(),
    judgments_saved: z.number().int(),
  }),
});
export type CampaignDashboard = z.infer<typeof CampaignDashboardSchema>;

/** Answer of GET /api/campaigns (a page, docs/decisions/032-one-pagination-convention.md). */
export const CampaignsResponseSchema = pageOf(CampaignSchema);
export const CampaignResponseSchema = z.object({
  campaign: CampaignSchema,
  /** Where the title or guidelines name one of the campaign's models (create and update only). */
  warnings: z.array(z.string()).optional(),
});
export const AnnotatorCampaignsResponseSchema = z.object({ campaigns: z.array(AnnotatorCampaignSchema) });

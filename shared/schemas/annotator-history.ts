import { z } from "zod";
import { PageQuerySchema, pageOf } from "./page";
import { AnnotationSideSchema, AnnotatorSettingsSchema, SubmitJudgmentBodySchema, VerdictSchema } from "./campaigns";

// An annotator's own history in a campaign (docs/decisions/023-annotator-history.md): their judgments, newest
// first, which they may change while the campaign is open, and the items they skipped, which they may take back
// up. Like the rest of the annotator's API: no model, no sample id, nobody else's verdict.

/** One of the annotator's judgments, with the verdict as they gave it (left and right as shown to them). */
export const HistoryJudgmentSchema = z.object({
  id: z.number().int(),
  /** The start of the instruction, to recognise the item by. */
  excerpt: z.string(),
  verdict: VerdictSchema,
  margin: z.enum(["slightly", "much"]).nullable(),
  rationale: z.string(),
  /** When first judged. */
  judged_at: z.string(),
  /** When last changed; null when never. */
  changed_at: z.string().nullable(),
  /** How many times it was changed (earlier versions kept). */
  revisions: z.number().int(),
});
export type HistoryJudgment = z.infer<typeof HistoryJudgmentSchema>;

export const HistorySkippedSchema = z.object({
  assignment_id: z.number().int(),
  excerpt: z.string(),
  /** When the item was shown to them. */
  shown_at: z.string(),
});
export type HistorySkipped = z.infer<typeof HistorySkippedSchema>;

/** The campaign as its history page needs it: title, whether changes are still taken, the rules a verdict follows. */
export const HistoryCampaignSchema = z.object({
  id: z.number().int(),
  title: z.string(),
  status: z.enum(["open", "closed"]),
  settings: AnnotatorSettingsSchema,
});

/** The history's page of judgments follows the one pagination convention (decision 032). */
export const HistoryQuerySchema = PageQuerySchema;

/** Answer of GET /api/annotate/campaigns/:id/history: a page of the annotator's judgments, and what the page shows with it. */
export const AnnotatorHistorySchema = pageOf(HistoryJudgmentSchema).extend({
  campaign: HistoryCampaignSchema,
  /** Items they skipped, newest first (at most skippedShown). */
  skipped: z.array(HistorySkippedSchema),
  skipped_total: z.number().int(),
});
export type AnnotatorHistory = z.infer<typeof AnnotatorHistorySchema>;
export const skippedShown = 200;

/** Answer of GET /api/annotate/judgments/:id: the judgment with the item as it was shown. */
export const HistoryDetailSchema = z.object({
  campaign: HistoryCampaignSchema,
  judgment: HistoryJudgmentSchema,
  instruction: z.object({ prompt: z.string(), required_length: z.number().int().nullable(), lang: z.string() }),
  left: AnnotationSideSchema,
  right: AnnotationSideSchema,
});
export type HistoryDetail = z.infer<typeof HistoryDetailSchema>;

/** POST /api/annotate/judgments/:id/revise: the new verdict; the one it replaces is kept as a revision. */
export const ReviseJudgmentBodySchema = SubmitJudgmentBodySchema.pick({ verdict: true, margin: true, rationale: true });
export type ReviseJudgmentBody = z.input<typeof ReviseJudgmentBodySchema>;
export const ReviseJudgmentResponseSchema = z.object({ judgment: HistoryJudgmentSchema });

/** POST /api/annotate/assignments/:id/revisit: the skipped item is theirs again, next on their annotate screen. */
export const RevisitResponseSchema = z.object({ ok: z.literal(true), assignment_id: z.number().int() });

import { z } from "zod";
import { AnnotationItemSchema, NextItemResponseSchema } from "./campaigns";
import { JudgeJobProgressSchema, JudgeTemplateSchema } from "./judging";
import { SampleSchema } from "./sample";
import { SamplingJobProgressSchema } from "./sampling";

// Answers of routes that had no schema of their own; the OpenAPI document shows them.

/** A change or deletion done, nothing more to say. */
export const OkResponseSchema = z.object({ ok: z.literal(true) });

/** POST /api/auth/password: the other sessions it signed out. */
export const ChangePasswordResponseSchema = z.object({ ok: z.literal(true), ended_sessions: z.number().int() });

/** POST /api/annotate/judgments/:id/undo: the assignment back in the caller's queue. */
export const UndoResponseSchema = z.object({ ok: z.literal(true), assignment_id: z.number().int() });

export const SampleResponseSchema = z.object({ sample: SampleSchema });
export const JudgeTemplateResponseSchema = z.object({ template: JudgeTemplateSchema });

/** retry-failed: the progress after the failed items were queued again, and how many were. */
const requeued = { requeued: z.number().int() };
export const SamplingRetryResponseSchema = SamplingJobProgressSchema.extend(requeued);
export const JudgeRetryResponseSchema = JudgeJobProgressSchema.extend(requeued);

/** POST /api/annotate/campaigns/:id/next: the item, and with ?ahead=1 the one after it too. */
export const NextItemAnswerSchema = NextItemResponseSchema.extend({ ahead: AnnotationItemSchema.nullable().optional() });

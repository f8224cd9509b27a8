import { Router } from "express";
import { NextItemAnswerSchema, OkResponseSchema, UndoResponseSchema } from "../../shared/schemas/answers";
import {
  AnnotatorHistorySchema,
  HistoryDetailSchema,
  HistoryQuerySchema,
  ReviseJudgmentBodySchema,
  ReviseJudgmentResponseSchema,
  RevisitResponseSchema,
} from "../../shared/schemas/annotator-history";
import {
  AnnotatorCampaignsResponseSchema,
  NextItemQuerySchema,
  SubmitJudgmentBodySchema,
  SubmitJudgmentResponseSchema,
  type AnnotatorCampaign,
} from "../../shared/schemas/campaigns";
import { annotatorSettings } from "../../shared/schemas/campaigns";
import { annotatorHistory } from "../campaigns/history";
import { annotationQueue, undoWindowMs } from "../campaigns/queue";
import type { Context } from "../context";
import { IdParamsSchema } from "../http/params";
import { declareRoutes, type RouteInfo } from "../http/route";

/**
 * The annotator's API. Any signed-in user may call it, but only for campaigns they are in: everything else
 * answers 404, and nothing here names a model, a sample id or another annotator's verdict.
 */
export function annotateRoutes(ctx: Context, table: RouteInfo[]) {
  const router = Router();
  const route = declareRoutes(router, table, "/api/annotate");
  const queue = annotationQueue(ctx);
  const history = annotatorHistory(ctx);
  const idOf = (params: unknown) => IdParamsSchema.parse(params).id;

  route(
    "get",
    "/campaigns",
    "signed-in",
    (req, res) => {
      const user = req.user!;
      const campaigns: AnnotatorCampaign[] = ctx.campaigns.openFor(user.id).map((id) => {
        const campaign = ctx.campaigns.get(id)!;
        const { judged_by_you, remaining } = queue.progress(id, user);
        const settings = annotatorSettings(campaign.settings);
        // The title, never the name: researchers name campaigns after the models they compare.
        return { id, title: campaign.title, guidelines: campaign.settings.guidelines, settings, judged_by_you, remaining };
      });
      res.json({ campaigns });
    },
    { response: AnnotatorCampaignsResponseSchema, summary: "The open campaigns the caller annotates, with their progress" },
  );

  route(
    "post",
    "/campaigns/:id/next",
    "signed-in",
    (req, res) => {
      const campaignId = idOf(req.params);
      const item = queue.next(campaignId, req.user!);
      if (NextItemQuerySchema.parse(req.query).ahead !== "1") return void res.json({ item });
      // Prefetch: the client renders this one off-screen and swaps it in on submit (decision 022).
      res.json({ item, ahead: item ? queue.ahead(campaignId, req.user!, item) : null });
    },
    { query: NextItemQuerySchema, response: NextItemAnswerSchema, summary: "The caller's next item (and with ahead=1 the one after)" },
  );

  route(
    "post",
    "/assignments/:id/skip",
    "signed-in",
    (req, res) => {
      queue.skip(idOf(req.params), req.user!);
      res.json({ ok: true });
    },
    { response: OkResponseSchema, summary: "Skip an item" },
  );

  route(
    "post",
    "/assignments/:id/judgment",
    "signed-in",
    (req, res) => {
      const assignmentId = idOf(req.params);
      const outcome = queue.submit(assignmentId, req.user!, req.body);
      res.status(outcome.created ? 201 : 200).json({
        judgment: {
          id: outcome.id,
          assignment_id: assignmentId,
          verdict: outcome.verdict,
          created_at: outcome.created_at,
          undo_until: new Date(new Date(outcome.created_at).getTime() + undoWindowMs).toISOString(),
          judged_by_you: outcome.judged_by_you,
        },
      });
    },
    {
      body: SubmitJudgmentBodySchema,
      response: SubmitJudgmentResponseSchema,
      status: 201,
      summary: "Judge an item (200 when the same judgment was already stored)",
    },
  );

  route(
    "post",
    "/judgments/:id/undo",
    "signed-in",
    (req, res) => {
      const assignmentId = queue.undo(idOf(req.params), req.user!);
      res.json({ ok: true, assignment_id: assignmentId });
    },
    { response: UndoResponseSchema, summary: "Take back a judgment within the undo window" },
  );

  // Their own history (docs/decisions/023-annotator-history.md): list, look again, change, take up a skipped item.
  route(
    "get",
    "/campaigns/:id/history",
    "signed-in",
    (req, res) => {
      res.json(history.list(idOf(req.params), req.user!, req.query));
    },
    { query: HistoryQuerySchema, response: AnnotatorHistorySchema, summary: "The caller's judgments and skipped items in a campaign" },
  );

  route(
    "get",
    "/judgments/:id",
    "signed-in",
    (req, res) => {
      res.json(history.detail(idOf(req.params), req.user!));
    },
    { response: HistoryDetailSchema, summary: "One of the caller's judgments with its item" },
  );

  route(
    "post",
    "/judgments/:id/revise",
    "signed-in",
    (req, res) => {
      res.json({ judgment: queue.revise(idOf(req.params), req.user!, req.body) });
    },
    { body: ReviseJudgmentBodySchema, response: ReviseJudgmentResponseSchema, summary: "Change one of the caller's judgments" },
  );

  route(
    "post",
    "/assignments/:id/revisit",
    "signed-in",
    (req, res) => {
      res.json({ ok: true, assignment_id: queue.revisit(idOf(req.params), req.user!) });
    },
    { response: RevisitResponseSchema, summary: "Take up a skipped item again" },
  );

  return router;
}

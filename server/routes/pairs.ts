import { Router } from "express";
import { OkResponseSchema } from "../../shared/schemas/answers";
import {
  CreatePairRunBodySchema,
  InstructionReviewQuerySchema,
  InstructionReviewSchema,
  PairRunResponseSchema,
  ProposalPageSchema,
  ProposalQuerySchema,
  ProposalResponseSchema,
  ReviewProposalBodySchema,
  PairRunsResponseSchema,
} from "../../shared/schemas/pairs";
import type { Context } from "../context";
import { conflict, notFound } from "../errors/domain-error";
import { IdParamsSchema } from "../http/params";
import { declareRoutes, type RouteInfo } from "../http/route";
import { instructionReview, reviewProposal } from "../pairs/review";
import { createPairRun } from "../pairs/runs";
import { judgeConfirm } from "../pairs/judge-confirm";
import { JudgeConfirmBodySchema, JudgeConfirmResponseSchema } from "../../shared/schemas/pair-judging";
import { PageQuerySchema, pageAnswer, windowOf } from "../../shared/schemas/page";

const researchers = ["admin", "researcher"] as const;

/** Pair runs (DPO pair proposals from combined scores), their review, and the per-instruction review page. */
export function pairRoutes(ctx: Context, table: RouteInfo[]) {
  const router = Router();
  const route = declareRoutes(router, table, "/api");
  const findRun = (params: unknown) => {
    const run = ctx.pairRuns.get(IdParamsSchema.parse(params).id);
    if (!run) throw notFound("pair run");
    return run;
  };

  route(
    "get",
    "/pair-runs",
    researchers,
    (req, res) => {
      const q = PageQuerySchema.parse(req.query);
      res.json(pageAnswer(q, ctx.pairRuns.listPage(windowOf(q))));
    },
    { query: PageQuerySchema, response: PairRunsResponseSchema, summary: "A page of the pair runs, newest first" },
  );

  route(
    "post",
    "/pair-runs",
    researchers,
    (req, res) => {
      const id = createPairRun(ctx, req.body, req.user!.id);
      res.status(201).json({ run: ctx.pairRuns.get(id) });
    },
    { body: CreatePairRunBodySchema, response: PairRunResponseSchema, status: 201, summary: "Propose DPO pairs from combined scores" },
  );

  route(
    "get",
    "/pair-runs/:id",
    researchers,
    (req, res) => {
      res.json({ run: findRun(req.params) });
    },
    { response: PairRunResponseSchema, summary: "A pair run" },
  );

  route(
    "delete",
    "/pair-runs/:id",
    researchers,
    (req, res) => {
      const run = findRun(req.params);
      const annotated = ctx.pairRuns.annotatedCount(run.id);
      if (annotated > 0)
        throw conflict(
          `${annotated} proposal${annotated === 1 ? " of this run was" : "s of this run were"} judged by annotators; the run cannot be deleted`,
        );
      ctx.pairRuns.delete(run.id);
      res.json({ ok: true });
    },
    { response: OkResponseSchema, summary: "Delete a pair run none of whose proposals were judged" },
  );

  route(
    "get",
    "/pair-runs/:id/proposals",
    researchers,
    (req, res) => {
      const run = findRun(req.params);
      const q = ProposalQuerySchema.parse(req.query);
      res.json(pageAnswer(q, ctx.pairRuns.page(run.id, q.status, q.model_id, q.page, q.page_size)));
    },
    { query: ProposalQuerySchema, response: ProposalPageSchema, summary: "A pair run's proposals, paged" },
  );

  route(
    "post",
    "/pair-runs/:id/judge-confirm",
    researchers,
    (req, res) => {
      res.json(judgeConfirm(ctx, findRun(req.params).id, req.body));
    },
    {
      body: JudgeConfirmBodySchema,
      response: JudgeConfirmResponseSchema,
      summary: "Mark the run's unreviewed proposals a pairwise judge agreed with in both orders as judge-confirmed",
    },
  );

  route(
    "post",
    "/pair-proposals/:id/review",
    researchers,
    (req, res) => {
      const id = IdParamsSchema.parse(req.params).id;
      const { action } = ReviewProposalBodySchema.parse(req.body);
      res.json({ proposal: reviewProposal(ctx, id, action, req.user!.id) });
    },
    { body: ReviewProposalBodySchema, response: ProposalResponseSchema, summary: "Accept, reject, swap or reset a proposal" },
  );

  route(
    "get",
    "/instructions/:id/review",
    researchers,
    (req, res) => {
      res.json(instructionReview(ctx, IdParamsSchema.parse(req.params).id, req.query));
    },
    {
      query: InstructionReviewQuerySchema,
      response: InstructionReviewSchema,
      summary: "An instruction's samples, scores and proposals for review",
    },
  );

  return router;
}

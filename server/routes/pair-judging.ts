import { Router } from "express";
import { z } from "zod";
import { JudgeScoreStatusSchema } from "../../shared/schemas/judging";
import { PageQuerySchema, pageAnswer, windowOf } from "../../shared/schemas/page";
import {
  CreatePairJudgeJobBodySchema,
  PairJudgeJobProgressSchema,
  PairJudgeJobsResponseSchema,
  PairJudgePreviewSchema,
  PairJudgmentPageSchema,
} from "../../shared/schemas/pair-judging";
import type { Context } from "../context";
import { conflict, notFound } from "../errors/domain-error";
import { IdParamsSchema } from "../http/params";
import { declareRoutes, type RouteInfo } from "../http/route";
import { createPairJudgeJob, pairJudgeJobProgress, previewPairJudgeJob, retryFailedPairJudgments } from "../judging/pair-jobs";
import { jobTransitions } from "../work/transitions";

const AnswersQuerySchema = z.strictObject({ status: JudgeScoreStatusSchema.optional() }).extend(PageQuerySchema.shape);
const PairJudgeRetryResponseSchema = PairJudgeJobProgressSchema.extend({ requeued: z.number().int() });
const researchers = ["admin", "researcher"] as const;

/** Pairwise judge jobs and their answers (each order of each pair), for researchers. */
export function pairJudgingRoutes(ctx: Context, table: RouteInfo[]) {
  const router = Router();
  const route = declareRoutes(router, table, "/api");
  const findJob = (params: unknown) => {
    const job = ctx.pairJudgeJobs.get(IdParamsSchema.parse(params).id);
    if (!job) throw notFound("pair judge job");
    return job;
  };

  route(
    "get",
    "/pair-judge-jobs",
    researchers,
    (req, res) => {
      const q = PageQuerySchema.parse(req.query);
      res.json(pageAnswer(q, ctx.pairJudgeJobs.listPage(windowOf(q))));
    },
    { query: PageQuerySchema, response: PairJudgeJobsResponseSchema, summary: "A page of the pair judge jobs, newest first" },
  );

  route(
    "post",
    "/pair-judge-jobs",
    researchers,
    (req, res) => {
      const id = createPairJudgeJob(ctx, req.body, req.user!.id);
      res.status(201).json(pairJudgeJobProgress(ctx, id));
    },
    {
      body: CreatePairJudgeJobBodySchema,
      response: PairJudgeJobProgressSchema,
      status: 201,
      summary: "Start a pairwise judge job: every pair asked in both orders",
    },
  );

  route(
    "post",
    "/pair-judge-jobs/preview",
    researchers,
    (req, res) => {
      res.json(previewPairJudgeJob(ctx, req.body));
    },
    {
      body: CreatePairJudgeJobBodySchema,
      response: PairJudgePreviewSchema,
      summary: "What starting this pair judge job would ask; writes nothing",
    },
  );

  route(
    "get",
    "/pair-judge-jobs/:id",
    researchers,
    (req, res) => {
      res.json(pairJudgeJobProgress(ctx, findJob(req.params).id));
    },
    { response: PairJudgeJobProgressSchema, summary: "A pair judge job's progress" },
  );

  for (const [action, { from, to }] of Object.entries(jobTransitions)) {
    route(
      "post",
      `/pair-judge-jobs/:id/${action}`,
      researchers,
      (req, res) => {
        const job = findJob(req.params);
        if (!from.includes(job.status)) throw conflict(`cannot ${action} a job that is ${job.status}`);
        ctx.pairJudgeJobs.setStatus(job.id, to, ctx.now());
        if (to === "running") ctx.pairJudgeJobs.finishIfComplete(job.id, ctx.now());
        res.json(pairJudgeJobProgress(ctx, job.id));
      },
      { response: PairJudgeJobProgressSchema, summary: `${action[0]!.toUpperCase()}${action.slice(1)} a pair judge job` },
    );
  }

  route(
    "post",
    "/pair-judge-jobs/:id/retry-failed",
    researchers,
    (req, res) => {
      const job = findJob(req.params);
      const requeued = retryFailedPairJudgments(ctx, job.id);
      res.json({ ...pairJudgeJobProgress(ctx, job.id), requeued });
    },
    { response: PairJudgeRetryResponseSchema, summary: "Queue a pair judge job's failed answers again" },
  );

  route(
    "get",
    "/pair-judge-jobs/:id/answers",
    researchers,
    (req, res) => {
      const job = findJob(req.params);
      const q = AnswersQuerySchema.parse(req.query);
      res.json(pageAnswer(q, ctx.pairJudgments.page(job.id, q.status, q.page, q.page_size)));
    },
    { query: AnswersQuerySchema, response: PairJudgmentPageSchema, summary: "A pair judge job's answers (one per order of a pair), paged" },
  );

  return router;
}

import { Router } from "express";
import { z } from "zod";
import { JudgeRetryResponseSchema, JudgeTemplateResponseSchema, OkResponseSchema } from "../../shared/schemas/answers";
import {
  CreateJudgeJobBodySchema,
  CreateJudgeTemplateBodySchema,
  JudgeJobProgressSchema,
  JudgeScorePageSchema,
  JudgeScoreStatusSchema,
  JudgeScoresResponseSchema,
  JudgeTemplatesResponseSchema,
  JudgeJobsResponseSchema,
} from "../../shared/schemas/judging";
import { JudgePreviewSchema } from "../../shared/schemas/preview";
import type { Context } from "../context";
import { conflict, invalidInput, notFound } from "../errors/domain-error";
import { IdParamsSchema } from "../http/params";
import { declareRoutes, type RouteInfo } from "../http/route";
import { createJudgeJob, judgeJobProgress, previewJudgeJob, retryFailedJudgments } from "../judging/jobs";
import { builtinTemplate, templateProblem } from "../judging/template";
import { jobTransitions } from "../work/transitions";
import { PageQuerySchema, pageAnswer, windowOf } from "../../shared/schemas/page";

const JudgeScoresQuerySchema = z.strictObject({ status: JudgeScoreStatusSchema.optional() }).extend(PageQuerySchema.shape);
const researchers = ["admin", "researcher"] as const;

/** Judge templates, judge jobs and their judge scores (served under the older word: …/judgments paths, decision 009). */
export function judgingRoutes(ctx: Context, table: RouteInfo[]) {
  const router = Router();
  const route = declareRoutes(router, table, "/api");
  const findJob = (params: unknown) => {
    const job = ctx.judgeJobs.get(IdParamsSchema.parse(params).id);
    if (!job) throw notFound("judge job");
    return job;
  };
  const findTemplate = (params: unknown) => {
    const template = ctx.judgeTemplates.get(IdParamsSchema.parse(params).id);
    if (!template) throw notFound("judge template");
    return template;
  };

  route(
    "get",
    "/judge-templates",
    researchers,
    (req, res) => {
      const q = PageQuerySchema.parse(req.query);
      builtinTemplate(ctx, ctx.now());
      res.json(pageAnswer(q, ctx.judgeTemplates.listPage(windowOf(q))));
    },
    { query: PageQuerySchema, response: JudgeTemplatesResponseSchema, summary: "A page of the judge templates, the builtin one first" },
  );

  route(
    "post",
    "/judge-templates",
    researchers,
    (req, res) => {
      const body = CreateJudgeTemplateBodySchema.parse(req.body);
      const problem = templateProblem(body.text, body.kind);
      if (problem) throw invalidInput(problem);
      const same = ctx.judgeTemplates.byHash(ctx.judgeTemplates.hashOf(body.text));
      if (same) throw conflict(`the same text is already stored as template "${same.name}"`);
      res.status(201).json({ template: ctx.judgeTemplates.create(body.name, body.text, req.user!.id, ctx.now(), body.kind) });
    },
    { body: CreateJudgeTemplateBodySchema, response: JudgeTemplateResponseSchema, status: 201, summary: "Store a judge template" },
  );

  route(
    "get",
    "/judge-templates/:id",
    researchers,
    (req, res) => {
      res.json({ template: findTemplate(req.params) });
    },
    { response: JudgeTemplateResponseSchema, summary: "A judge template" },
  );

  route(
    "delete",
    "/judge-templates/:id",
    researchers,
    (req, res) => {
      const template = findTemplate(req.params);
      if (template.builtin) throw conflict("the builtin template cannot be deleted");
      const uses = ctx.judgeTemplates.uses(template.id);
      if (uses > 0)
        throw conflict(
          `template "${template.name}" is used by ${uses} judge job${uses === 1 ? "" : "s"} or pair run${uses === 1 ? "" : "s"}; it cannot be deleted`,
        );
      ctx.judgeTemplates.delete(template.id);
      res.json({ ok: true });
    },
    { response: OkResponseSchema, summary: "Delete an unused judge template" },
  );

  route(
    "get",
    "/judge-jobs",
    researchers,
    (req, res) => {
      const q = PageQuerySchema.parse(req.query);
      res.json(pageAnswer(q, ctx.judgeJobs.listPage(windowOf(q))));
    },
    { query: PageQuerySchema, response: JudgeJobsResponseSchema, summary: "A page of the judge jobs, newest first" },
  );

  route(
    "post",
    "/judge-jobs",
    researchers,
    (req, res) => {
      const id = createJudgeJob(ctx, req.body, req.user!.id);
      res.status(201).json(judgeJobProgress(ctx, id));
    },
    { body: CreateJudgeJobBodySchema, response: JudgeJobProgressSchema, status: 201, summary: "Start a judge job" },
  );

  // What the form's choices would ask, counted by the code that queues it; writes nothing.
  route(
    "post",
    "/judge-jobs/preview",
    researchers,
    (req, res) => {
      res.json(previewJudgeJob(ctx, req.body));
    },
    { body: CreateJudgeJobBodySchema, response: JudgePreviewSchema, summary: "What starting this judge job would ask; writes nothing" },
  );

  route(
    "get",
    "/judge-jobs/:id",
    researchers,
    (req, res) => {
      res.json(judgeJobProgress(ctx, findJob(req.params).id));
    },
    { response: JudgeJobProgressSchema, summary: "A judge job's progress" },
  );

  for (const [action, { from, to }] of Object.entries(jobTransitions)) {
    route(
      "post",
      `/judge-jobs/:id/${action}`,
      researchers,
      (req, res) => {
        const job = findJob(req.params);
        if (!from.includes(job.status)) throw conflict(`cannot ${action} a job that is ${job.status}`);
        ctx.judgeJobs.setStatus(job.id, to, ctx.now());
        if (to === "running") ctx.judgeJobs.finishIfComplete(job.id, ctx.now());
        res.json(judgeJobProgress(ctx, job.id));
      },
      { response: JudgeJobProgressSchema, summary: `${action[0]!.toUpperCase()}${action.slice(1)} a judge job` },
    );
  }

  // Who may pause or cancel a job may retry it: the same roles.
  route(
    "post",
    "/judge-jobs/:id/retry-failed",
    researchers,
    (req, res) => {
      const job = findJob(req.params);
      const requeued = retryFailedJudgments(ctx, job.id);
      res.json({ ...judgeJobProgress(ctx, job.id), requeued });
    },
    { response: JudgeRetryResponseSchema, summary: "Queue a judge job's failed judge scores again" },
  );

  route(
    "get",
    "/judge-jobs/:id/judgments",
    researchers,
    (req, res) => {
      const job = findJob(req.params);
      const q = JudgeScoresQuerySchema.parse(req.query);
      res.json(pageAnswer(q, ctx.judgeScores.page(job.id, q.status, q.page, q.page_size)));
    },
    { query: JudgeScoresQuerySchema, response: JudgeScorePageSchema, summary: "A judge job's judge scores, paged" },
  );

  route(
    "get",
    "/samples/:id/judgments",
    researchers,
    (req, res) => {
      const id = IdParamsSchema.parse(req.params).id;
      if (!ctx.samples.get(id)) throw notFound("sample");
      res.json({ judgments: ctx.judgeScores.forSample(id) });
    },
    { response: JudgeScoresResponseSchema, summary: "A sample's judge scores" },
  );

  return router;
}

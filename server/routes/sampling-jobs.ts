import { Router } from "express";
import { z } from "zod";
import { SamplingRetryResponseSchema } from "../../shared/schemas/answers";
import { SamplingPreviewSchema } from "../../shared/schemas/preview";
import { SamplePageSchema } from "../../shared/schemas/sample";
import {
  CreateSamplingJobBodySchema,
  SampleStatusSchema,
  SamplingJobProgressSchema,
  SamplingJobsResponseSchema,
} from "../../shared/schemas/sampling";
import type { Context } from "../context";
import { conflict, notFound } from "../errors/domain-error";
import { IdParamsSchema } from "../http/params";
import { declareRoutes, type RouteInfo } from "../http/route";
import { createSamplingJob, previewSamplingJob, retryFailedSamples, samplingJobProgress } from "../sampling/jobs";
import { jobTransitions } from "../work/transitions";
import { PageQuerySchema, pageAnswer, windowOf } from "../../shared/schemas/page";

const SamplesQuerySchema = z.strictObject({ status: SampleStatusSchema.optional() }).extend(PageQuerySchema.shape);
const researchers = ["admin", "researcher"] as const;

export function samplingJobRoutes(ctx: Context, table: RouteInfo[]) {
  const router = Router();
  const route = declareRoutes(router, table, "/api/sampling-jobs");
  const find = (params: unknown) => {
    const job = ctx.samplingJobs.get(IdParamsSchema.parse(params).id);
    if (!job) throw notFound("sampling job");
    return job;
  };

  route(
    "get",
    "/",
    researchers,
    (req, res) => {
      const q = PageQuerySchema.parse(req.query);
      res.json(pageAnswer(q, ctx.samplingJobs.listPage(windowOf(q))));
    },
    { query: PageQuerySchema, response: SamplingJobsResponseSchema, summary: "A page of the sampling jobs, newest first" },
  );

  route(
    "post",
    "/",
    researchers,
    (req, res) => {
      const id = createSamplingJob(ctx, req.body, req.user!.id);
      res.status(201).json(samplingJobProgress(ctx, id));
    },
    { body: CreateSamplingJobBodySchema, response: SamplingJobProgressSchema, status: 201, summary: "Start a sampling job" },
  );

  // What the form's choices would create, counted by the code that creates it; writes nothing.
  route(
    "post",
    "/preview",
    researchers,
    (req, res) => {
      res.json(previewSamplingJob(ctx, req.body));
    },
    {
      body: CreateSamplingJobBodySchema,
      response: SamplingPreviewSchema,
      summary: "What starting this sampling job would make; writes nothing",
    },
  );

  route(
    "get",
    "/:id",
    researchers,
    (req, res) => {
      res.json(samplingJobProgress(ctx, find(req.params).id));
    },
    { response: SamplingJobProgressSchema, summary: "A sampling job's progress" },
  );

  for (const [action, { from, to }] of Object.entries(jobTransitions)) {
    route(
      "post",
      `/:id/${action}`,
      researchers,
      (req, res) => {
        const job = find(req.params);
        if (!from.includes(job.status)) throw conflict(`cannot ${action} a job that is ${job.status}`);
        ctx.samplingJobs.setStatus(job.id, to, ctx.now());
        // A resumed job may already be complete (its last samples finished before the pause).
        if (to === "running") ctx.samplingJobs.finishIfComplete(job.id, ctx.now());
        res.json(samplingJobProgress(ctx, job.id));
      },
      { response: SamplingJobProgressSchema, summary: `${action[0]!.toUpperCase()}${action.slice(1)} a sampling job` },
    );
  }

  // Who may pause or cancel a job may retry it: the same roles.
  route(
    "post",
    "/:id/retry-failed",
    researchers,
    (req, res) => {
      const job = find(req.params);
      const requeued = retryFailedSamples(ctx, job.id);
      res.json({ ...samplingJobProgress(ctx, job.id), requeued });
    },
    { response: SamplingRetryResponseSchema, summary: "Queue a sampling job's failed samples again" },
  );

  route(
    "get",
    "/:id/samples",
    researchers,
    (req, res) => {
      const job = find(req.params);
      const q = SamplesQuerySchema.parse(req.query);
      res.json(pageAnswer(q, ctx.samples.page(job.id, q.status, q.page, q.page_size)));
    },
    { query: SamplesQuerySchema, response: SamplePageSchema, summary: "A sampling job's samples, paged" },
  );

  return router;
}

import { Router } from "express";
import {
  CalibrationQuerySchema,
  JudgeCalibrationSchema,
  JudgeIdentitiesResponseSchema,
  PairJudgeSummarySchema,
} from "../../shared/schemas/pair-judging";
import { PageQuerySchema, pageAnswer, windowOf } from "../../shared/schemas/page";
import type { Context } from "../context";
import { IdParamsSchema } from "../http/params";
import { declareRoutes, type RouteInfo } from "../http/route";
import { findJudge, judgeCalibration, judgeIdentitiesPage } from "../stats/judge-calibration";
import { pairJudgeSummary } from "../stats/pair-judge-summary";

const researchers = ["admin", "researcher"] as const;

/**
 * The pairwise judges as annotators: who judged, how each agrees with the people, and a job's summary.
 * Mounted at /api beside the pair judge jobs' own router (routes/pair-judging.ts), which owns the rest of
 * /api/pair-judge-jobs; the 405 of a wrong method reads the whole route table, so the split is invisible.
 */
export function judgeRoutes(ctx: Context, table: RouteInfo[]) {
  const router = Router();
  const route = declareRoutes(router, table, "/api");

  route(
    "get",
    "/judges",
    researchers,
    (req, res) => {
      const q = PageQuerySchema.parse(req.query);
      res.json(pageAnswer(q, judgeIdentitiesPage(ctx, windowOf(q))));
    },
    {
      query: PageQuerySchema,
      response: JudgeIdentitiesResponseSchema,
      summary: "A page of the judge identities: each judge model with each pairwise template it judged pairs with",
    },
  );

  route(
    "get",
    "/judges/calibration",
    researchers,
    (req, res) => {
      const q = CalibrationQuerySchema.parse(req.query);
      const judge = findJudge(ctx, q.judge_model_id, q.template_id);
      res.json(judgeCalibration(ctx, judge, q.campaigns?.split(",").map(Number)));
    },
    {
      query: CalibrationQuerySchema,
      response: JudgeCalibrationSchema,
      summary: "A judge against the people on the comparisons both judged: agreement, kappa, flips, position and length bias",
    },
  );

  route(
    "get",
    "/pair-judge-jobs/:id/summary",
    researchers,
    (req, res) => {
      res.json(pairJudgeSummary(ctx, IdParamsSchema.parse(req.params).id));
    },
    { response: PairJudgeSummarySchema, summary: "A pair judge job's figures, as `longpref judge-pairs --json` prints them" },
  );

  return router;
}

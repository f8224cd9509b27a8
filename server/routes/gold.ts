import { Router } from "express";
import { StandingBodySchema, StandingLogPageSchema, StandingResponseSchema } from "../../shared/schemas/gold";
import { PageQuerySchema, pageAnswer, windowOf } from "../../shared/schemas/page";
import { changeStanding } from "../campaigns/gold-accuracy";
import type { Context } from "../context";
import { notFound } from "../errors/domain-error";
import { IdParamsSchema } from "../http/params";
import { declareRoutes, type RouteInfo } from "../http/route";

const researchers = ["admin", "researcher"] as const;

/** Annotators' standing in a campaign (docs/decisions/039-gold-pairs.md): researchers only. */
export function goldRoutes(ctx: Context, table: RouteInfo[]) {
  const router = Router();
  const route = declareRoutes(router, table, "/api/campaigns");

  route(
    "post",
    "/:id/standing",
    researchers,
    (req, res) => {
      const { id } = IdParamsSchema.parse(req.params);
      const body = StandingBodySchema.parse(req.body);
      res.json({ user_id: body.user_id, standing: changeStanding(ctx, id, body.user_id, body, req.user!.id) });
    },
    {
      body: StandingBodySchema,
      response: StandingResponseSchema,
      summary: "Flag, exclude (from statistics and exports) or clear an annotator in a campaign; logged",
    },
  );

  route(
    "get",
    "/:id/standing-log",
    researchers,
    (req, res) => {
      const { id } = IdParamsSchema.parse(req.params);
      if (!ctx.campaigns.get(id)) throw notFound("campaign");
      const q = PageQuerySchema.parse(req.query);
      const w = windowOf(q);
      res.json(pageAnswer(q, ctx.goldPairs.logPage(id, w.limit, w.offset)));
    },
    {
      query: PageQuerySchema,
      response: StandingLogPageSchema,
      summary: "Who flagged, excluded or cleared which annotator, when and why; newest first",
    },
  );
  return router;
}

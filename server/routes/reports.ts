import { Router } from "express";
import { LengthReportQuerySchema } from "../../shared/schemas/report";
import type { Context } from "../context";
import { declareRoutes, type RouteInfo } from "../http/route";
import { lengthReport } from "../scoring/length-report";

export function reportRoutes(ctx: Context, table: RouteInfo[]) {
  const router = Router();
  const route = declareRoutes(router, table, "/api/reports");

  route(
    "get",
    "/length",
    ["admin", "researcher"],
    (req, res) => {
      const { set, ...judge } = LengthReportQuerySchema.parse(req.query);
      res.json(lengthReport(ctx, set, judge));
    },
    { query: true },
  );

  return router;
}

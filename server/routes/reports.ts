import { Router } from "express";
import { LengthReportQuerySchema, LengthReportSchema } from "../../shared/schemas/report";
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
    { query: LengthReportQuerySchema, response: LengthReportSchema, summary: "Length and quality per model over a set" },
  );

  return router;
}

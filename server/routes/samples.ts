import { Router } from "express";
import { ImportOutputsBodySchema } from "../../shared/schemas/sample";
import type { Context } from "../context";
import { notFound } from "../http/errors";
import { IdParamsSchema } from "../http/params";
import { declareRoutes, type RouteInfo } from "../http/route";
import { importOutputs } from "../sampling/import-outputs";

const researchers = ["admin", "researcher"] as const;

export function sampleRoutes(ctx: Context, table: RouteInfo[]) {
  const router = Router();
  const route = declareRoutes(router, table, "/api");

  route("get", "/samples/:id", researchers, (req, res) => {
    const sample = ctx.samples.get(IdParamsSchema.parse(req.params).id);
    if (!sample) throw notFound("sample");
    res.json({ sample });
  });

  route("get", "/instructions/:id/samples", researchers, (req, res) => {
    const id = IdParamsSchema.parse(req.params).id;
    if (!ctx.instructions.get(id)) throw notFound("instruction");
    res.json({ samples: ctx.samples.forInstruction(id) });
  });

  route("post", "/outputs/import", researchers, (req, res) => {
    const body = ImportOutputsBodySchema.parse(req.body);
    res.status(201).json(importOutputs(ctx, body, req.user!.id));
  }, { body: true });

  return router;
}

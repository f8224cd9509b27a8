import { Router } from "express";
import { SampleResponseSchema } from "../../shared/schemas/answers";
import { ImportOutputsBodySchema, ImportOutputsResultSchema, SamplesResponseSchema } from "../../shared/schemas/sample";
import type { Context } from "../context";
import { notFound } from "../errors/domain-error";
import { IdParamsSchema } from "../http/params";
import { declareRoutes, type RouteInfo } from "../http/route";
import { rawBody } from "../http/raw-body";
import { importOutputsOffThread } from "../sampling/import-outputs";

const researchers = ["admin", "researcher"] as const;

export function sampleRoutes(ctx: Context, table: RouteInfo[]) {
  const router = Router();
  const route = declareRoutes(router, table, "/api");

  route(
    "get",
    "/samples/:id",
    researchers,
    (req, res) => {
      const sample = ctx.samples.get(IdParamsSchema.parse(req.params).id);
      if (!sample) throw notFound("sample");
      res.json({ sample });
    },
    { response: SampleResponseSchema, summary: "A sample" },
  );

  route(
    "get",
    "/instructions/:id/samples",
    researchers,
    (req, res) => {
      const id = IdParamsSchema.parse(req.params).id;
      if (!ctx.instructions.get(id)) throw notFound("instruction");
      res.json({ samples: ctx.samples.forInstruction(id) });
    },
    { response: SamplesResponseSchema, summary: "An instruction's samples" },
  );

  // The body arrives raw (app.ts): parsing 50 MB of JSON, like the file inside it, is the worker's job.
  route(
    "post",
    "/outputs/import",
    researchers,
    async (req, res) => {
      res.status(201).json(await importOutputsOffThread(ctx, rawBody(req.body), req.user!.id));
    },
    {
      // Parsed in a worker by the handler, not by the guard: the declared schema is for the document.
      body: ImportOutputsBodySchema,
      response: ImportOutputsResultSchema,
      status: 201,
      summary: "Import outputs of a model made elsewhere as samples",
    },
  );

  return router;
}

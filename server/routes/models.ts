import { Router } from "express";
import { CreateModelBodySchema, UpdateModelBodySchema } from "../../shared/schemas/model";
import type { Context } from "../context";
import { conflict, notFound } from "../http/errors";
import { IdParamsSchema } from "../http/params";
import { declareRoutes, type RouteInfo } from "../http/route";
import { fieldsFromBody, mergeFields } from "../sampling/model-fields";

const researchers = ["admin", "researcher"] as const;

export function modelRoutes(ctx: Context, table: RouteInfo[]) {
  const router = Router();
  const route = declareRoutes(router, table, "/api/models");
  const find = (params: unknown) => {
    const model = ctx.models.get(IdParamsSchema.parse(params).id);
    if (!model) throw notFound("model");
    return model;
  };

  route("get", "/", researchers, (_req, res) => {
    res.json({ models: ctx.models.list() });
  });

  route("post", "/", researchers, (req, res) => {
    const body = CreateModelBodySchema.parse(req.body);
    if (ctx.models.findByName(body.name)) throw conflict(`a model named "${body.name}" already exists`);
    res.status(201).json({ model: ctx.models.create(fieldsFromBody(body), "ui", ctx.now()) });
  }, { body: true });

  route("get", "/:id", researchers, (req, res) => {
    res.json({ model: find(req.params) });
  });

  route("patch", "/:id", researchers, (req, res) => {
    const model = find(req.params);
    const patch = UpdateModelBodySchema.parse(req.body);
    if (patch.name && patch.name !== model.name && ctx.models.findByName(patch.name)) {
      throw conflict(`a model named "${patch.name}" already exists`);
    }
    res.json({ model: ctx.models.update(model.id, mergeFields(model, patch)) });
  }, { body: true });

  route("delete", "/:id", researchers, (req, res) => {
    const model = find(req.params);
    const n = ctx.models.sampleCount(model.id);
    if (n > 0) throw conflict(`model "${model.name}" has ${n} samples; it cannot be deleted`);
    ctx.models.delete(model.id);
    res.json({ ok: true });
  });

  return router;
}

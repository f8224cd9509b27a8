import { Router, type Request } from "express";
import { OkResponseSchema } from "../../shared/schemas/answers";
import { ConnectionTestSchema } from "../../shared/schemas/connection-test";
import {
  CreateModelBodySchema,
  ModelResponseSchema,
  UpdateModelBodySchema,
  type Model,
  ModelsResponseSchema,
} from "../../shared/schemas/model";
import type { Context } from "../context";
import { conflict, forbidden, invalidInput, notFound } from "../errors/domain-error";
import { IdParamsSchema } from "../http/params";
import { declareRoutes, type RouteInfo } from "../http/route";
import { changesEndpoint, fieldsFromBody, mergeFields, policyProblems } from "../sampling/model-fields";
import type { ModelFields } from "../db/repos/models";
import { openAiChat } from "../llm/chat-client";
import { testConnection } from "../llm/test-connection";
import { PageQuerySchema, pageAnswer, windowOf } from "../../shared/schemas/page";

const researchers = ["admin", "researcher"] as const;

export function modelRoutes(ctx: Context, table: RouteInfo[]) {
  const router = Router();
  const route = declareRoutes(router, table, "/api/models");
  const find = (params: unknown) => {
    const model = ctx.models.get(IdParamsSchema.parse(params).id);
    if (!model) throw notFound("model");
    return model;
  };
  const isAdmin = (req: Request) => req.user!.role === "admin";
  // The client jobs use: the same outbound policy on every connection, the same error wording.
  const chat = openAiChat({ now: ctx.now, hosts: ctx.policy.hosts });

  // Where the server sends requests, with which key, is the admin's to decide unless delegated.
  const mayPointEndpoints = (req: Request) => isAdmin(req) || ctx.policy.researchersAddEndpoints;
  const endpointForbidden = (what: string) =>
    forbidden(
      `${what} is an admin action: researchers use the registered models (an admin may delegate it with LONGPREF_RESEARCHERS_ADD_ENDPOINTS=1)`,
    );

  // Any researcher reads and uses every model; only its creator or an admin changes or deletes it.
  const checkOwner = (req: Request, model: Model) => {
    if (isAdmin(req) || ctx.models.creatorId(model.id) === req.user!.id) return;
    throw forbidden(
      `only the user who created model "${model.name}"${model.created_by ? ` (${model.created_by})` : ""} or an admin may change it`,
    );
  };

  const checkPolicy = (fields: ModelFields) => {
    const problems = policyProblems(fields, ctx.policy);
    if (problems.length > 0) throw invalidInput(problems.join("; "));
  };

  route(
    "get",
    "/",
    researchers,
    (req, res) => {
      const q = PageQuerySchema.parse(req.query);
      const page = pageAnswer(q, ctx.models.listPage(windowOf(q)));
      res.json({ ...page, endpoints_editable: mayPointEndpoints(req), key_envs: ctx.policy.keyEnvs });
    },
    { query: PageQuerySchema, response: ModelsResponseSchema, summary: "A page of the models, reference models first" },
  );

  route(
    "post",
    "/",
    researchers,
    (req, res) => {
      if (!mayPointEndpoints(req)) throw endpointForbidden("creating a model");
      const body = CreateModelBodySchema.parse(req.body);
      const fields = fieldsFromBody(body);
      checkPolicy(fields);
      if (ctx.models.findByName(body.name)) throw conflict(`a model named "${body.name}" already exists`);
      res.status(201).json({ model: ctx.models.create(fields, "ui", ctx.now(), req.user!.id) });
    },
    { body: CreateModelBodySchema, response: ModelResponseSchema, status: 201, summary: "Register a model (admins, unless delegated)" },
  );

  route(
    "get",
    "/:id",
    researchers,
    (req, res) => {
      res.json({ model: find(req.params) });
    },
    { response: ModelResponseSchema, summary: "A model" },
  );

  route(
    "patch",
    "/:id",
    researchers,
    (req, res) => {
      const model = find(req.params);
      checkOwner(req, model);
      const patch = UpdateModelBodySchema.parse(req.body);
      const fields = mergeFields(model, patch);
      if (changesEndpoint(model, fields) && !mayPointEndpoints(req))
        throw endpointForbidden("changing a model's base URLs or key variable");
      checkPolicy(fields);
      if (patch.name && patch.name !== model.name && ctx.models.findByName(patch.name)) {
        throw conflict(`a model named "${patch.name}" already exists`);
      }
      res.json({ model: ctx.models.update(model.id, fields) });
    },
    { body: UpdateModelBodySchema, response: ModelResponseSchema, summary: "Change a model (its creator or an admin)" },
  );

  // A request sent with the model's key is a write-like use of it: its creator or an admin, as for changes.
  route(
    "post",
    "/:id/test-connection",
    researchers,
    async (req, res) => {
      const model = find(req.params);
      checkOwner(req, model);
      res.json(await testConnection(model, ctx.policy, process.env, chat));
    },
    { response: ConnectionTestSchema, summary: "Send a test request to the model's endpoints" },
  );

  route(
    "delete",
    "/:id",
    researchers,
    (req, res) => {
      const model = find(req.params);
      checkOwner(req, model);
      const n = ctx.models.sampleCount(model.id);
      if (n > 0) throw conflict(`model "${model.name}" has ${n} samples; it cannot be deleted`);
      ctx.models.delete(model.id);
      res.json({ ok: true });
    },
    { response: OkResponseSchema, summary: "Delete a model without samples" },
  );

  return router;
}

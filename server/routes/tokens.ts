import { Router } from "express";
import { OkResponseSchema } from "../../shared/schemas/answers";
import { CreatedTokenResponseSchema, CreateTokenBodySchema, TokensResponseSchema } from "../../shared/schemas/token";
import { hashSecret, newSecret } from "../auth/secret";
import type { Context } from "../context";
import { notFound } from "../errors/domain-error";
import { IdParamsSchema } from "../http/params";
import { declareRoutes, type RouteInfo } from "../http/route";
import { PageQuerySchema, pageAnswer, windowOf } from "../../shared/schemas/page";

export function tokenRoutes(ctx: Context, table: RouteInfo[]) {
  const router = Router();
  const route = declareRoutes(router, table, "/api/tokens");

  // The caller's own tokens only, as before pagination.
  route(
    "get",
    "/",
    ["admin", "researcher"],
    (req, res) => {
      const q = PageQuerySchema.parse(req.query);
      res.json(pageAnswer(q, ctx.apiTokens.listPageForUser(req.user!.id, windowOf(q))));
    },
    { query: PageQuerySchema, response: TokensResponseSchema, summary: "A page of the caller's API tokens, oldest first" },
  );

  route(
    "post",
    "/",
    ["admin", "researcher"],
    (req, res) => {
      const { name } = CreateTokenBodySchema.parse(req.body);
      const secret = newSecret("lp_");
      const token = ctx.apiTokens.create(req.user!.id, name, secret.slice(0, 8), hashSecret(secret), ctx.now());
      res.status(201).json({ token, secret });
    },
    {
      body: CreateTokenBodySchema,
      response: CreatedTokenResponseSchema,
      status: 201,
      summary: "Create an API token (its secret is in this answer only)",
    },
  );

  route(
    "delete",
    "/:id",
    ["admin", "researcher"],
    (req, res) => {
      const { id } = IdParamsSchema.parse(req.params);
      if (!ctx.apiTokens.delete(id, req.user!.id)) throw notFound("token");
      res.json({ ok: true });
    },
    { response: OkResponseSchema, summary: "Revoke one of the caller's tokens" },
  );

  return router;
}

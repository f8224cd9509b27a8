import { Router } from "express";
import { CreateUserBodySchema, ResetPasswordBodySchema, UpdateUserBodySchema, UsersResponseSchema } from "../../shared/schemas/user";
import { endSessions, resetPassword, updateAccount } from "../auth/accounts";
import { hashPassword } from "../auth/password";
import type { Context } from "../context";
import { conflict } from "../errors/domain-error";
import { IdParamsSchema } from "../http/params";
import { declareRoutes, type RouteInfo } from "../http/route";
import { PageQuerySchema, pageAnswer, windowOf } from "../../shared/schemas/page";

export function userRoutes(ctx: Context, table: RouteInfo[]) {
  const router = Router();
  const route = declareRoutes(router, table, "/api/users");

  route(
    "get",
    "/",
    ["admin"],
    (req, res) => {
      const q = PageQuerySchema.parse(req.query);
      res.json(pageAnswer(q, ctx.users.listPage(windowOf(q))));
    },
    { query: PageQuerySchema, response: UsersResponseSchema, summary: "A page of the accounts, by user name" },
  );

  route(
    "post",
    "/",
    ["admin"],
    async (req, res) => {
      const body = CreateUserBodySchema.parse(req.body);
      if (ctx.users.findByName(body.username)) throw conflict(`user "${body.username}" already exists`);
      const user = ctx.users.create(body.username, body.role, await hashPassword(body.password), ctx.now());
      res.status(201).json({ user });
    },
    { body: true },
  );

  // Role and disabled state; 409 when it would leave no enabled admin.
  route(
    "patch",
    "/:id",
    ["admin"],
    (req, res) => {
      const { id } = IdParamsSchema.parse(req.params);
      const body = UpdateUserBodySchema.parse(req.body);
      res.json({ user: updateAccount(ctx, id, body) });
    },
    { body: true },
  );

  // The new password is in this answer only; it is stored hashed.
  route(
    "post",
    "/:id/password",
    ["admin"],
    async (req, res) => {
      const { id } = IdParamsSchema.parse(req.params);
      const body = ResetPasswordBodySchema.parse(req.body ?? {});
      res.json(await resetPassword(ctx, id, body.password));
    },
    { body: true },
  );

  route("delete", "/:id/sessions", ["admin"], (req, res) => {
    const { id } = IdParamsSchema.parse(req.params);
    res.json({ ended: endSessions(ctx, id) });
  });

  return router;
}

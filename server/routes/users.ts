import { Router } from "express";
import {
  CreateUserBodySchema,
  EndedSessionsResponseSchema,
  ResetPasswordBodySchema,
  ResetPasswordResponseSchema,
  UpdateUserBodySchema,
  UserResponseSchema,
  UsersResponseSchema,
} from "../../shared/schemas/user";
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
    { body: CreateUserBodySchema, response: UserResponseSchema, status: 201, summary: "Create a user" },
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
    { body: UpdateUserBodySchema, response: UserResponseSchema, summary: "Change a user's role or disabled state" },
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
    {
      body: ResetPasswordBodySchema,
      response: ResetPasswordResponseSchema,
      summary: "Reset a user's password (the new one is in this answer only)",
    },
  );

  route(
    "delete",
    "/:id/sessions",
    ["admin"],
    (req, res) => {
      const { id } = IdParamsSchema.parse(req.params);
      res.json({ ended: endSessions(ctx, id) });
    },
    { response: EndedSessionsResponseSchema, summary: "Sign a user out everywhere" },
  );

  return router;
}

import { Router } from "express";
import { CreateUserBodySchema } from "../../shared/schemas/user";
import { hashPassword } from "../auth/password";
import type { Context } from "../context";
import { conflict } from "../http/errors";
import { declareRoutes, type RouteInfo } from "../http/route";

export function userRoutes(ctx: Context, table: RouteInfo[]) {
  const router = Router();
  const route = declareRoutes(router, table, "/api/users");

  route("get", "/", ["admin"], (_req, res) => {
    res.json({ users: ctx.users.list() });
  });

  route("post", "/", ["admin"], async (req, res) => {
    const body = CreateUserBodySchema.parse(req.body);
    if (ctx.users.findByName(body.username)) throw conflict(`user "${body.username}" already exists`);
    const user = ctx.users.create(body.username, body.role, await hashPassword(body.password), ctx.now());
    res.status(201).json({ user });
  }, { body: true });

  return router;
}

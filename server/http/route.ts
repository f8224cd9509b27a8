import type { Request, RequestHandler, Response, Router } from "express";
import type { Role } from "../../shared/schemas/user";
import { forbidden, unauthenticated } from "./errors";

/** Who may call a route: "public" needs nothing, "signed-in" any role, else the listed roles. */
export type Access = "public" | "signed-in" | readonly Role[];

export interface RouteInfo {
  method: "get" | "post" | "put" | "patch" | "delete";
  path: string;
  access: Access;
}

type Handler = (req: Request, res: Response) => unknown;

/**
 * Declares a route together with the roles it allows, and records it in `table` so tests can check
 * every route's access rules without a hand-kept list.
 */
export function declareRoutes(router: Router, table: RouteInfo[], prefix: string) {
  return (method: RouteInfo["method"], path: string, access: Access, handler: Handler) => {
    table.push({ method, path: prefix + path, access });
    const guard: RequestHandler = (req, _res, next) => {
      if (access === "public") return next();
      if (!req.user) throw unauthenticated();
      if (access !== "signed-in" && !access.includes(req.user.role)) throw forbidden();
      next();
    };
    router[method](path, guard, async (req, res) => {
      await handler(req, res);
    });
  };
}

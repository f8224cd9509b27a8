import type { Request, RequestHandler, Response, Router } from "express";
import { z } from "zod";
import type { Role } from "../../shared/schemas/user";
import { forbidden, unauthenticated } from "../errors/domain-error";

/** Who may call a route: "public" needs nothing, "signed-in" any role, else the listed roles. */
export type Access = "public" | "signed-in" | readonly Role[];

/**
 * What a route reads besides its path parameters. Whatever else a request carries is refused with 400
 * naming it, never ignored: a field sent to a route that reads none is a client's mistake (or a probe).
 */
export interface RouteInput {
  /** `true`, or the zod schema the handler parses it with (the OpenAPI document shows it). */
  body?: true | z.ZodType;
  query?: true | z.ZodType;
  /** The schema of a successful answer, for the OpenAPI document. */
  response?: z.ZodType;
  /** One line saying what the route does, for the OpenAPI document. */
  summary?: string;
  /** Status of a successful answer when not 200 (201 for a creation). */
  status?: 201;
  /** Media type of a successful answer when it is a file, not JSON. */
  mediaType?: string;
  /** Refusals particular to the route beyond those its method, roles and inputs imply (e.g. 422, 429). */
  refusals?: readonly number[];
}

export interface RouteInfo {
  method: "get" | "post" | "put" | "patch" | "delete";
  path: string;
  access: Access;
  input: RouteInput;
}

// Parsing with it names every field present (400 "zzz: unknown field"), as the routes' strict schemas do.
const NothingSchema = z.strictObject({});

type Handler = (req: Request, res: Response) => unknown;

/**
 * Declares a route together with the roles it allows, and records it in `table` so tests can check
 * every route's access rules without a hand-kept list.
 */
export function declareRoutes(router: Router, table: RouteInfo[], prefix: string) {
  return (method: RouteInfo["method"], path: string, access: Access, handler: Handler, input: RouteInput = {}) => {
    table.push({ method, path: prefix + path, access, input });
    const guard: RequestHandler = (req, _res, next) => {
      if (access !== "public") {
        if (!req.user) throw unauthenticated();
        if (access !== "signed-in" && !access.includes(req.user.role)) throw forbidden();
      }
      if (!input.body && req.body !== undefined) NothingSchema.parse(req.body);
      if (!input.query) NothingSchema.parse(req.query);
      next();
    };
    router[method](path, guard, async (req, res) => {
      await handler(req, res);
    });
  };
}

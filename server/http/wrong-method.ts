import type { RequestHandler } from "express";
import { HttpError } from "./errors";
import type { RouteInfo } from "./route";
import { pathMatches } from "./route-paths";

/**
 * Mounted after every API router: a request that reached it matched no route. When its path is one the
 * table declares (under other methods), the answer is 405 with `Allow`, else the request goes on to the
 * 404. It runs before any role check, as the routers' guards never ran: it tells an anonymous caller only
 * which methods a path takes, which the public OpenAPI document says anyway.
 */
export function wrongMethod(routes: readonly RouteInfo[]): RequestHandler {
  return (req, res, next) => {
    const path = req.baseUrl + req.path;
    const methods = new Set(routes.filter((r) => pathMatches(r.path, path)).map((r) => r.method.toUpperCase()));
    if (methods.size === 0 || methods.has(req.method)) return next();
    // Express answers HEAD with its GET route.
    if (methods.has("GET")) methods.add("HEAD");
    const allow = [...methods].sort().join(", ");
    res.set("Allow", allow);
    // OPTIONS as the routers answer it for their own paths (the ones mounted on the app, like /api/health, reach here).
    if (req.method === "OPTIONS") return void res.status(200).type("text/plain").send(allow);
    next(new HttpError(405, "method_not_allowed", `this path does not take ${req.method}; it takes ${allow}`));
  };
}

import type { Express } from "express";
import { readFileSync } from "node:fs";
import { z } from "zod";
import { openApiDocument, type OpenApiDocument } from "./openapi";
import type { RouteInfo } from "./route";

const version = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;

/**
 * GET /api/openapi.json, built once from the finished route table on its first request, and /openapi.json
 * (where tools look first, and which the client's pages used to answer) redirecting to it.
 */
export function openApiRoutes(app: Express, routes: RouteInfo[], sessionCookie: string) {
  let document: OpenApiDocument | undefined;
  app.get("/api/openapi.json", (req, res) => {
    // Like every route: a parameter it does not read is refused, naming it.
    z.strictObject({}).parse(req.query);
    document ??= openApiDocument(routes, { version, sessionCookie });
    res.json(document);
  });
  routes.push({
    method: "get",
    path: "/api/openapi.json",
    access: "public",
    input: { summary: "This OpenAPI 3.1 document: every route, its roles, inputs and answers" },
  });
  app.get("/openapi.json", (_req, res) => res.redirect(301, "/api/openapi.json"));
}

import type { RouteInfo } from "./route";

const error = { $ref: "#/components/schemas/ApiError" };

const reasons: Record<number, string> = {
  400: "Invalid input: a path id, query parameter or body field that fails its schema, or one the route does not read.",
  401: "Not signed in, or an API token that is unknown, revoked or belongs to an annotator.",
  403: "Signed in with a role the route does not allow, not the owner of the record, or a cross-site browser request.",
  404: "No record with this id (or one the caller may not see).",
  405: "The path exists but no route of it takes this method; `Allow` lists those that do.",
  409: "Conflicts with the stored state (a duplicate name, a record others depend on, a job in the wrong state).",
  413: "The request body is larger than the server's upload limit (GET /api/limits/upload says how large).",
  422: "Nothing to do: the selection is valid but empty.",
  429: "Too many failed logins; `Retry-After` says when to try again.",
};

/** The error answers every operation may refer to, all with the ApiError body. */
export function errorResponses() {
  return Object.fromEntries(
    Object.entries(reasons).map(([status, description]) => {
      const headers =
        status === "405"
          ? { Allow: { description: "The methods this path takes.", schema: { type: "string" } } }
          : status === "429"
            ? { "Retry-After": { description: "Seconds to wait.", schema: { type: "integer" } } }
            : undefined;
      return [`E${status}`, { description, ...(headers ? { headers } : {}), content: { "application/json": { schema: error } } }];
    }),
  );
}

/**
 * The refusals a route may answer, read from how it is declared: every route refuses unknown parameters
 * (400); signed-in routes refuse strangers (401); role-limited routes and browser writes refuse others (403);
 * routes with an id may not find it (404); writes may conflict (409); bodies may be too large (413).
 */
export function refusalsOf(route: RouteInfo): number[] {
  const found = new Set<number>([400]);
  if (route.access !== "public") found.add(401);
  if (Array.isArray(route.access) || route.method !== "get") found.add(403);
  if (route.path.includes("/:")) found.add(404);
  if (route.method !== "get") found.add(409);
  if (route.input.body) found.add(413);
  for (const status of route.input.refusals ?? []) found.add(status);
  return [...found].sort();
}

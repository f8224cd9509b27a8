/** The route table's Express paths (`/api/campaigns/:id`), as OpenAPI writes them and as requests are matched. */

const isParam = (segment: string) => segment.startsWith(":");

/** `/api/campaigns/:id/dashboard` → `/api/campaigns/{id}/dashboard`; `/api/users/` (a router's root) → `/api/users`. */
export const openApiPath = (path: string) =>
  path
    .replace(/(.)\/$/, "$1")
    .split("/")
    .map((s) => (isParam(s) ? `{${s.slice(1)}}` : s))
    .join("/");

export const pathParams = (path: string) =>
  path
    .split("/")
    .filter(isParam)
    .map((s) => s.slice(1));

// Express routes here are case-insensitive, not strict about a trailing slash, and a parameter is one
// non-empty segment: the same rules, so a request the routers would take is never called a wrong method.
const segments = (path: string) => path.replace(/\/+$/, "").toLowerCase().split("/");

/** Whether a request path (req.path, still percent-encoded) would match the declared route path. */
export function pathMatches(declared: string, requested: string): boolean {
  const want = segments(declared);
  const got = segments(requested);
  if (want.length !== got.length) return false;
  return want.every((s, i) => (isParam(s) ? got[i] !== "" : s === got[i]));
}

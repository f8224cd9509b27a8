import { ApiErrorSchema } from "../../shared/schemas/error";
import { roles } from "../../shared/schemas/user";
import { IdParamsSchema } from "./params";
import type { RouteInfo } from "./route";
import { type JsonSchema, toSchemaObject } from "./json-schema";
import { openApiPath, pathParams } from "./route-paths";
import { errorResponses, refusalsOf } from "./openapi-errors";

export interface OpenApiOptions {
  /** The API's version (the package's). */
  version: string;
  /** Name of the session cookie the browser sends. */
  sessionCookie: string;
}

type Operation = JsonSchema;

const rolesOf = (access: RouteInfo["access"]): string[] =>
  access === "public" ? ["public"] : access === "signed-in" ? [...roles] : [...access];

const accessSentence = (access: RouteInfo["access"]) =>
  access === "public"
    ? "Public: no sign-in needed."
    : access === "signed-in"
      ? `Any signed-in user (${roles.join(", ")}).`
      : `Roles: ${access.join(", ")}.`;

/** `/api/judge-jobs/:id/pause` → tag `judge-jobs`: operations grouped by the collection they act on. */
const tagOf = (path: string) => path.split("/")[2] ?? "api";

const operationId = (route: RouteInfo) =>
  `${route.method}${route.path
    .split("/")
    .filter(Boolean)
    .map((s) => (s.startsWith(":") ? `by-${s.slice(1)}` : s))
    .map((s) => s.replace(/(^|[-._])([a-z0-9])/g, (_m, _sep, c: string) => c.toUpperCase()))
    .join("")}`;

/**
 * The OpenAPI 3.1 document of the route table: every declared route with its roles, its parameters and body
 * (the zod schemas its handler parses with, as inputs) and its answers (the declared response schema, as
 * output, and the error shape for the refusals that apply). Nothing in it is read from the configuration.
 */
export function openApiDocument(routes: readonly RouteInfo[], options: OpenApiOptions) {
  const schemas: Record<string, JsonSchema> = { ApiError: toSchemaObject(ApiErrorSchema, "output", {}, "ApiError") };
  const idSchema = (toSchemaObject(IdParamsSchema, "input", schemas, "Id").properties as Record<string, JsonSchema>).id!;
  const paths: Record<string, Record<string, Operation>> = {};

  for (const route of routes) {
    const { input, access } = route;
    const id = operationId(route);
    const parameters: JsonSchema[] = pathParams(route.path).map((name) => ({ name, in: "path", required: true, schema: idSchema }));
    if (input.query && input.query !== true) {
      const query = toSchemaObject(input.query, "input", schemas, `${id}Query`);
      const required = new Set((query.required as string[] | undefined) ?? []);
      for (const [name, schema] of Object.entries((query.properties ?? {}) as Record<string, JsonSchema>)) {
        const { description, ...rest } = schema;
        parameters.push({ name, in: "query", required: required.has(name), schema: rest, ...(description ? { description } : {}) });
      }
    }
    const op: Operation = {
      operationId: id,
      tags: [tagOf(route.path)],
      summary: input.summary ?? `${route.method.toUpperCase()} ${route.path}`,
      description: [
        accessSentence(access),
        input.query === true ? "Reads query parameters the handler checks itself (not described here)." : "",
        "Any other query parameter or body field is refused with 400.",
      ]
        .filter(Boolean)
        .join(" "),
      "x-roles": rolesOf(access),
      security: access === "public" ? [] : [{ session: [] }, { token: [] }],
      parameters,
    };
    if (input.body) {
      const schema = input.body === true ? {} : toSchemaObject(input.body, "input", schemas, `${id}Body`);
      op.requestBody = { required: true, content: { "application/json": { schema } } };
    }
    const success = input.response ? toSchemaObject(input.response, "output", schemas, `${id}Response`) : undefined;
    const mediaType = input.mediaType ?? "application/json";
    op.responses = {
      [String(input.status ?? 200)]: {
        description: input.mediaType ? `The file (${input.mediaType}).` : "Success.",
        content: { [mediaType]: success ? { schema: success } : {} },
      },
      ...Object.fromEntries(refusalsOf(route).map((status) => [String(status), { $ref: `#/components/responses/E${status}` }])),
    };
    const path = openApiPath(route.path);
    paths[path] ??= {};
    paths[path][route.method] = op;
  }

  return {
    openapi: "3.1.0",
    info: {
      title: "longpref API",
      version: options.version,
      description: [
        "Every route of the server, generated from the route table and the zod schemas the handlers parse with.",
        "Errors answer `{ ok: false, error, message, details? }` (ApiError).",
        "A method no route of a path declares answers 405 with an `Allow` header; an unknown path under /api answers 404.",
        "A busy database answers 503 with `Retry-After`; a full disk 507.",
        "Sign in with POST /api/auth/login (session cookie) or send an API token as `Authorization: Bearer lp_…` (researchers and admins).",
        "`x-roles` on each operation lists who may call it (`public`: anyone).",
      ].join(" "),
    },
    tags: [...new Set(routes.map((r) => tagOf(r.path)))].sort().map((name) => ({ name })),
    paths,
    components: {
      schemas,
      responses: errorResponses(),
      securitySchemes: {
        session: {
          type: "apiKey",
          in: "cookie",
          name: options.sessionCookie,
          description: "Set by POST /api/auth/login; changing requests from a browser must come from the same origin.",
        },
        token: {
          type: "http",
          scheme: "bearer",
          description: "An API token made under /api/tokens (researchers and admins), sent as `Authorization: Bearer lp_…`.",
        },
      },
    },
  };
}
export type OpenApiDocument = ReturnType<typeof openApiDocument>;

import { z } from "zod";

// The parts of GET /api/openapi.json the reference page shows; schemas stay loose JSON, shown as they are.
const Json = z.record(z.string(), z.unknown());

const ParameterSchema = z.object({
  name: z.string(),
  in: z.string(),
  required: z.boolean().optional(),
  description: z.string().optional(),
  schema: Json.optional(),
});

const OperationSchema = z.object({
  operationId: z.string(),
  tags: z.array(z.string()).default([]),
  summary: z.string().optional(),
  description: z.string().optional(),
  "x-roles": z.array(z.string()).default([]),
  parameters: z.array(ParameterSchema).default([]),
  requestBody: z.object({ content: z.record(z.string(), z.object({ schema: Json.optional() })) }).optional(),
  responses: z.record(
    z.string(),
    z.object({ $ref: z.string().optional(), content: z.record(z.string(), z.object({ schema: Json.optional() })).optional() }),
  ),
});

export const OpenApiDocSchema = z.object({
  info: z.object({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.record(z.string(), OperationSchema)),
  components: z.object({ schemas: z.record(z.string(), Json).default({}) }).default({ schemas: {} }),
});
export type OpenApiDoc = z.output<typeof OpenApiDocSchema>;
export type Operation = z.output<typeof OperationSchema>;

export interface Listed {
  method: string;
  path: string;
  operation: Operation;
}

/** Operations grouped by their first tag, in path order; `search` keeps those whose path contains it. */
export function groupOperations(doc: OpenApiDoc, search: string): [string, Listed[]][] {
  const needle = search.trim().toLowerCase();
  const groups = new Map<string, Listed[]>();
  for (const [path, operations] of Object.entries(doc.paths).sort(([a], [b]) => a.localeCompare(b))) {
    if (needle && !path.toLowerCase().includes(needle)) continue;
    for (const [method, operation] of Object.entries(operations)) {
      const tag = operation.tags[0] ?? "api";
      groups.set(tag, [...(groups.get(tag) ?? []), { method, path, operation }]);
    }
  }
  return [...groups].sort(([a], [b]) => a.localeCompare(b));
}

/**
 * A schema with its `#/components/schemas/…` references replaced by what they name, so it reads on its own;
 * a reference met again inside itself (a recursive schema) stays a reference.
 */
export function inlineRefs(schema: unknown, components: Record<string, unknown>, seen: string[] = []): unknown {
  if (Array.isArray(schema)) return schema.map((s) => inlineRefs(s, components, seen));
  if (schema === null || typeof schema !== "object") return schema;
  const ref = (schema as { $ref?: unknown }).$ref;
  if (typeof ref === "string" && ref.startsWith("#/components/schemas/")) {
    const name = ref.slice("#/components/schemas/".length);
    if (seen.includes(name) || !(name in components)) return schema;
    return inlineRefs(components[name], components, [...seen, name]);
  }
  return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, inlineRefs(v, components, seen)]));
}

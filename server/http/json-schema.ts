import { z } from "zod";

export type JsonSchema = { [key: string]: unknown };

/**
 * A zod schema as an OpenAPI 3.1 Schema Object (JSON Schema draft 2020-12). Definitions zod puts under
 * `$defs` (recursive or registered schemas) are moved to `components.schemas` under a prefixed name, as a
 * `#/$defs/…` reference would point into the whole document, where there is none.
 */
export function toSchemaObject(schema: z.ZodType, io: "input" | "output", components: Record<string, JsonSchema>, prefix: string) {
  const json = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as JsonSchema;
  delete json.$schema;
  const defs = (json.$defs ?? {}) as Record<string, JsonSchema>;
  delete json.$defs;
  const rename = (name: string) => `${prefix}_${name}`.replace(/[^A-Za-z0-9._-]/g, "_");
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (value === null || typeof value !== "object") return value;
    const out: JsonSchema = {};
    for (const [key, v] of Object.entries(value)) {
      if (key === "$ref" && typeof v === "string") {
        if (v === "#") throw new Error(`${prefix}: a schema referring to itself at its root is not supported`);
        out[key] = v.startsWith("#/$defs/") ? `#/components/schemas/${rename(v.slice("#/$defs/".length))}` : v;
      } else out[key] = rewrite(v);
    }
    return out;
  };
  for (const [name, def] of Object.entries(defs)) components[rename(name)] = rewrite(def) as JsonSchema;
  return rewrite(json) as JsonSchema;
}

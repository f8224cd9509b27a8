import type { ColumnType, Field } from "../../server/export/columns";

/**
 * A JSON line read for its types, not only its values: JSON.parse turns `1.0` into 1, so a reader that
 * types columns from the text (Hugging Face `datasets`, pandas) and this parser see an int where the
 * writer meant a float. Numbers keep their lexeme here.
 */
export type Typed =
  | { t: "null" }
  | { t: "string" | "bool"; v: unknown }
  | { t: "int" | "float"; lexeme: string }
  | { t: "list"; items: Typed[] }
  | { t: "object"; entries: [string, Typed][] };

export function parseTyped(text: string): Typed {
  let i = 0;
  const ws = () => {
    while (i < text.length && " \t\r\n".includes(text[i]!)) i++;
  };
  const fail = (what: string): never => {
    throw new Error(`${what} at ${i}: ${text.slice(i, i + 30)}`);
  };
  const value = (): Typed => {
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      const entries: [string, Typed][] = [];
      ws();
      if (text[i] === "}") return (i++, { t: "object", entries });
      for (;;) {
        ws();
        const key = value();
        if (key.t !== "string") fail("key");
        ws();
        if (text[i++] !== ":") fail("colon");
        entries.push([(key as { v: string }).v, value()]);
        ws();
        const sep = text[i++];
        if (sep === "}") return { t: "object", entries };
        if (sep !== ",") fail("comma");
      }
    }
    if (c === "[") {
      i++;
      const items: Typed[] = [];
      ws();
      if (text[i] === "]") return (i++, { t: "list", items });
      for (;;) {
        items.push(value());
        ws();
        const sep = text[i++];
        if (sep === "]") return { t: "list", items };
        if (sep !== ",") fail("comma");
      }
    }
    if (c === '"') {
      const start = i;
      i++;
      while (text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
      i++;
      return { t: "string", v: JSON.parse(text.slice(start, i)) };
    }
    for (const [word, typed] of [
      ["null", { t: "null" }],
      ["true", { t: "bool", v: true }],
      ["false", { t: "bool", v: false }],
    ] as const) {
      if (text.startsWith(word, i)) return ((i += word.length), typed);
    }
    const m = /^-?\d+(\.\d+)?([eE][-+]?\d+)?/.exec(text.slice(i, i + 40));
    if (!m) return fail("value");
    i += m[0].length;
    return { t: m[1] || m[2] ? "float" : "int", lexeme: m[0] };
  };
  const result = value();
  ws();
  if (i !== text.length) fail("trailing text");
  return result;
}

/** Every path of a line (`meta.agreement`, `prompt[].role`) with its JSON type; null where null. */
export function pathTypes(typed: Typed, prefix = "", out = new Map<string, Set<string>>()): Map<string, Set<string>> {
  const add = (path: string, type: string) => {
    if (!out.has(path)) out.set(path, new Set());
    out.get(path)!.add(type);
  };
  add(prefix || "$", typed.t);
  if (typed.t === "object") for (const [k, v] of typed.entries) pathTypes(v, prefix ? `${prefix}.${k}` : k, out);
  if (typed.t === "list") for (const item of typed.items) pathTypes(item, `${prefix}[]`, out);
  return out;
}

/** Where a value breaks its declared column (type, nullability, keys and their order), or undefined. */
export function schemaProblem(type: ColumnType, value: Typed, nullable: boolean, path: string): string | undefined {
  if (value.t === "null") return nullable ? undefined : `${path}: null in a required column`;
  if (typeof type === "string") return value.t === type ? undefined : `${path}: ${value.t} in a ${type} column`;
  if ("list" in type) {
    if (value.t !== "list") return `${path}: ${value.t} in a list column`;
    for (const item of value.items) {
      const p = schemaProblem(type.list, item, false, `${path}[]`);
      if (p) return p;
    }
    return undefined;
  }
  return recordProblem(type.struct, value, path);
}

export function recordProblem(fields: readonly Field[], value: Typed, path = "$"): string | undefined {
  if (value.t !== "object") return `${path}: ${value.t} where a record was declared`;
  const keys = value.entries.map(([k]) => k);
  const declared = fields.map((f) => f.name);
  if (keys.join(",") !== declared.join(",")) return `${path}: keys ${keys.join(",")} where ${declared.join(",")} were declared`;
  for (const [k, v] of value.entries) {
    const f = fields.find((x) => x.name === k)!;
    const p = schemaProblem(f.type, v, f.nullable === true, path === "$" ? k : `${path}.${k}`);
    if (p) return p;
  }
  return undefined;
}

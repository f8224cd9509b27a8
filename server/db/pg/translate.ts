/**
 * A statement written for SQLite (better-sqlite3's parameters) as PostgreSQL reads it. Only what is the same
 * statement in other words is translated here: `?` and `@name` / `:name` / `$name` parameters become `$n`,
 * `INSERT OR IGNORE` becomes `ON CONFLICT DO NOTHING`, and camelCase aliases are quoted (PostgreSQL would fold
 * them to lower case). Where the dialects mean different things, the repository writes each dialect's SQL.
 */
export interface Translated {
  text: string;
  /** Named parameters in `$n` order; null for positional ones. */
  names: string[] | null;
  count: number;
  /** The statement answers rows (a query, or a write with RETURNING). */
  reader: boolean;
}

const cache = new Map<string, Translated>();

export function translate(sql: string): Translated {
  let t = cache.get(sql);
  if (!t) {
    t = translateOnce(sql);
    if (cache.size > 5000) cache.clear();
    cache.set(sql, t);
  }
  return t;
}

const identStart = /[A-Za-z_]/;
const identPart = /[A-Za-z0-9_]/;

function translateOnce(sql: string): Translated {
  let out = "";
  let positional = 0;
  const named = new Map<string, number>();
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    if (c === "'" || c === '"') {
      const end = closing(sql, i, c);
      out += sql.slice(i, end);
      i = end;
    } else if (c === "-" && sql[i + 1] === "-") {
      const end = sql.indexOf("\n", i);
      const stop = end === -1 ? n : end;
      out += sql.slice(i, stop);
      i = stop;
    } else if (c === "/" && sql[i + 1] === "*") {
      const end = sql.indexOf("*/", i + 2);
      const stop = end === -1 ? n : end + 2;
      out += sql.slice(i, stop);
      i = stop;
    } else if (c === "?") {
      positional++;
      out += `$${positional}`;
      i++;
    } else if ((c === "@" || c === "$" || (c === ":" && sql[i - 1] !== ":" && sql[i + 1] !== ":")) && identStart.test(sql[i + 1] ?? "")) {
      let j = i + 1;
      while (j < n && identPart.test(sql[j]!)) j++;
      const name = sql.slice(i + 1, j);
      let k = named.get(name);
      if (k === undefined) {
        k = named.size + 1;
        named.set(name, k);
      }
      out += `$${k}`;
      i = j;
    } else {
      out += c;
      i++;
    }
  }
  if (positional > 0 && named.size > 0) throw new TypeError(`a statement mixes ? and named parameters: ${sql}`);
  out = insertOrIgnore(out);
  out = out.replace(/\bAS\s+([a-z_][a-z0-9_]*[A-Z][A-Za-z0-9_]*)\b/g, 'AS "$1"');
  const reader = /^\s*(\(\s*)?(SELECT|WITH|VALUES|PRAGMA|SHOW|EXPLAIN)\b/i.test(out) || /\bRETURNING\b/i.test(out);
  return { text: out, names: named.size > 0 ? [...named.keys()] : null, count: positional || named.size, reader };
}

/** The index after a quoted literal or identifier starting at `start` (doubled quotes stay inside). */
function closing(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
}

function insertOrIgnore(sql: string): string {
  if (!/^\s*INSERT\s+OR\s+IGNORE\s+INTO\b/i.test(sql)) return sql;
  const body = sql.replace(/^(\s*)INSERT\s+OR\s+IGNORE\s+INTO\b/i, "$1INSERT INTO").replace(/;\s*$/, "");
  const returning = body.search(/\bRETURNING\b/i);
  if (returning === -1) return `${body} ON CONFLICT DO NOTHING`;
  return `${body.slice(0, returning)}ON CONFLICT DO NOTHING ${body.slice(returning)}`;
}

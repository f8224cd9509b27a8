import type { Instruction, InstructionQuery, Lang } from "../../../shared/schemas/instruction";
import { dialectOf } from "../dialect";
import type { Db } from "../open";
import { fromJsonRowsInOrder } from "./sql-dialect";

interface InstructionRow extends Omit<Instruction, "metadata"> {
  metadata: string;
}

export interface NewInstruction extends Omit<Instruction, "id" | "set_id" | "position"> {}

export type InstructionsRepo = ReturnType<typeof instructionsRepo>;

const present = (row: InstructionRow): Instruction => ({
  ...row,
  metadata: JSON.parse(row.metadata) as Record<string, unknown>,
});

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** What an outputs import matches its lines against. */
export interface InstructionKey {
  id: number;
  external_id: string;
  prompt: string;
  lang: Lang;
}

export function instructionsRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO instructions (set_id, external_id, position, prompt, required_length, length_source, lang,
       length_range, category, metadata)
     VALUES (@set_id, @external_id, @position, @prompt, @required_length, @length_source, @lang, @length_range,
       @category, @metadata)`,
  );
  // PostgreSQL: a slice of rows in one statement from a JSON array, in its order (one round trip, not one per
  // row). SQLite's prepared insert per row is already in-process and faster than parsing JSON.
  const insertFromJson =
    dialectOf(db) === "postgres"
      ? db.prepare(
          `INSERT INTO instructions (set_id, external_id, position, prompt, required_length, length_source, lang,
             length_range, category, metadata)
           SELECT @set_id, value->>'external_id', CAST(value->>'position' AS INTEGER), value->>'prompt',
             CAST(value->>'required_length' AS INTEGER), value->>'length_source', value->>'lang', value->>'length_range',
             value->>'category', value->>'metadata'
           ${fromJsonRowsInOrder("@rows")}`,
        )
      : undefined;
  // Instructions of a set still being imported or being deleted are no one's to see (migration 010).
  const visible = "set_id IN (SELECT id FROM instruction_sets WHERE status = 'ready')";
  const byId = db.prepare<[number], InstructionRow>(`SELECT * FROM instructions WHERE id = ? AND ${visible}`);
  const keysOfSet = db.prepare<[number], InstructionKey>(
    `SELECT id, external_id, prompt, lang FROM instructions WHERE set_id = ? AND ${visible} ORDER BY position`,
  );
  // Filter statements differ only by which clauses are present: prepare each shape once.
  const statements = new Map<string, { count: ReturnType<Db["prepare"]>; page: ReturnType<Db["prepare"]> }>();

  function where(query: InstructionQuery): { key: string; sql: string; params: Record<string, unknown> } {
    const clauses: string[] = [visible];
    const params: Record<string, unknown> = {};
    if (query.set !== undefined) {
      clauses.push("set_id = @set");
      params.set = query.set;
    }
    if (query.lang !== undefined) {
      clauses.push("lang = @lang");
      params.lang = query.lang;
    }
    if (query.range === "none") clauses.push("length_range IS NULL");
    else if (query.range !== undefined) {
      clauses.push("length_range = @range");
      params.range = query.range;
    }
    // "(none)" is how the counts table labels instructions without a category.
    if (query.category === "(none)") clauses.push("category IS NULL");
    else if (query.category !== undefined) {
      clauses.push("category = @category");
      params.category = query.category;
    }
    if (query.q !== undefined && query.q.trim() !== "") {
      // lower() on both sides: SQLite's LIKE ignores ASCII case, PostgreSQL's does not (lower() folds ASCII in both).
      clauses.push("(lower(prompt) LIKE lower(@q) ESCAPE '\\' OR lower(external_id) LIKE lower(@q) ESCAPE '\\')");
      params.q = `%${escapeLike(query.q.trim())}%`;
    }
    return { key: clauses.join(" AND "), sql: `WHERE ${clauses.join(" AND ")}`, params };
  }

  return {
    /** Every instruction's id, external id, prompt and language, in one statement (an outputs import's lookup). */
    keysOfSet: (setId: number) => keysOfSet.all(setId),
    /** Inserts rows at positions first, first + 1, ... (a chunked import writes its rows in slices). */
    insertMany(setId: number, rows: readonly NewInstruction[], first = 1) {
      if (insertFromJson) {
        const json = rows.map((row, i) => ({ ...row, position: first + i, metadata: JSON.stringify(row.metadata) }));
        if (json.length > 0) insertFromJson.run({ set_id: setId, rows: JSON.stringify(json) });
        return;
      }
      rows.forEach((row, i) => insert.run({ ...row, set_id: setId, position: first + i, metadata: JSON.stringify(row.metadata) }));
    },
    /** Ids of every instruction matching the filters, in set order (paging ignored). */
    ids(query: Omit<InstructionQuery, "page" | "page_size">): number[] {
      const { sql, params } = where({ ...query, page: 1, page_size: 1 });
      return (db.prepare(`SELECT id FROM instructions ${sql} ORDER BY set_id, position`).all(params) as { id: number }[]).map((r) => r.id);
    },
    get(id: number): Instruction | undefined {
      const row = byId.get(id);
      return row && present(row);
    },
    page(query: InstructionQuery): { total: number; items: Instruction[] } {
      const { key, sql, params } = where(query);
      let stmts = statements.get(key);
      if (!stmts) {
        stmts = {
          count: db.prepare(`SELECT COUNT(*) AS n FROM instructions ${sql}`),
          page: db.prepare(`SELECT * FROM instructions ${sql} ORDER BY set_id, position LIMIT @limit OFFSET @offset`),
        };
        statements.set(key, stmts);
      }
      const total = (stmts.count.get(params) as { n: number }).n;
      const rows = stmts.page.all({
        ...params,
        limit: query.page_size,
        offset: (query.page - 1) * query.page_size,
      }) as InstructionRow[];
      return { total, items: rows.map(present) };
    },
  };
}

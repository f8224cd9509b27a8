import type { InstructionCounts, InstructionSet, LengthRange } from "../../../shared/schemas/instruction";
import type { Db } from "../open";
import { pagedList } from "./paging";

interface SetRow {
  id: number;
  name: string;
  description: string;
  source: string;
  is_demo: number;
  length_ranges: string;
  instruction_count: number;
  created_by: number | null;
  created_by_name: string | null;
  created_at: string;
}

export interface NewInstructionSet {
  name: string;
  description: string;
  source: string;
  isDemo: boolean;
  lengthRanges: LengthRange[];
  createdBy: number | null;
}

/** A set being imported or deleted in chunks, which no one sees. */
export interface HiddenSet {
  id: number;
  status: "importing" | "deleting";
  writer: string | null;
  heartbeat_at: string | null;
}

const NONE = "(none)";

export type InstructionSetsRepo = ReturnType<typeof instructionSetsRepo>;

export function instructionSetsRepo(db: Db) {
  // Only 'ready' sets exist for users: one being imported or deleted in chunks is invisible (migration 010).
  const select = `SELECT s.*, (SELECT COUNT(*) FROM instructions i WHERE i.set_id = s.id) AS instruction_count,
    (SELECT u.username FROM users u WHERE u.id = s.created_by) AS created_by_name
    FROM instruction_sets s WHERE s.status = 'ready'`;
  const all = db.prepare<[], SetRow>(`${select} ORDER BY s.created_at DESC, s.id DESC`);
  const paged = pagedList(
    db,
    `${select} ORDER BY s.created_at DESC, s.id DESC`,
    "SELECT COUNT(*) AS n FROM instruction_sets s WHERE s.status = 'ready'",
    (row: SetRow) => present(row),
  );
  const byId = db.prepare<[number], SetRow>(`${select} AND s.id = ?`);
  const byName = db.prepare<[string], SetRow>(`${select} AND s.name = ?`);
  const insert = db.prepare<[string, string, string, number, string, number | null, string]>(
    `INSERT INTO instruction_sets (name, description, source, is_demo, length_ranges, created_by, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
  );
  const insertImporting = db.prepare<[string, string, string, number, string, number | null, string, string, string]>(
    `INSERT INTO instruction_sets (name, description, source, is_demo, length_ranges, created_by, created_at, status, writer, heartbeat_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'importing', ?, ?) RETURNING id`,
  );
  // The columns both inserts share, in their order; a set written in chunks starts under a placeholder name.
  const columns = (set: NewInstructionSet, name: string, now: Date) =>
    [name, set.description, set.source, set.isDemo ? 1 : 0, JSON.stringify(set.lengthRanges), set.createdBy, now.toISOString()] as const;
  const beat = db.prepare<[string, number]>("UPDATE instruction_sets SET heartbeat_at = ? WHERE id = ? AND status = 'importing'");
  const publish = db.prepare<[string, number]>(
    "UPDATE instruction_sets SET name = ?, status = 'ready', writer = NULL, heartbeat_at = NULL WHERE id = ? AND status = 'importing'",
  );
  // The name is freed at once (a new set may take it while the rows are still being removed); a leading
  // space is what no imported name can hold (names are trimmed).
  const markDeleting = db.prepare<[number]>(
    "UPDATE instruction_sets SET status = 'deleting', name = ' deleting #' || id WHERE id = ? AND status = 'ready'",
  );
  const setSource = db.prepare<[string, number]>("UPDATE instruction_sets SET source = ? WHERE id = ? AND status = 'importing'");
  const abandon = db.prepare<[number]>("UPDATE instruction_sets SET status = 'deleting' WHERE id = ? AND status = 'importing'");
  const removeSomeInstructions = db.prepare<[number, number]>(
    "DELETE FROM instructions WHERE id IN (SELECT id FROM instructions WHERE set_id = ? LIMIT ?)",
  );
  const removeHidden = db.prepare<[number]>("DELETE FROM instruction_sets WHERE id = ? AND status <> 'ready'");
  const hidden = db.prepare<[], HiddenSet>("SELECT id, status, writer, heartbeat_at FROM instruction_sets WHERE status <> 'ready'");
  const jobCount = db.prepare<[number], { n: number }>("SELECT COUNT(*) AS n FROM sampling_jobs WHERE set_id = ?");
  const cells = db.prepare<[number], { category: string; range: string; n: number }>(
    `SELECT COALESCE(category, '${NONE}') AS category, COALESCE(length_range, '${NONE}') AS range, COUNT(*) AS n
     FROM instructions WHERE set_id = ? GROUP BY 1, 2`,
  );
  const langs = db.prepare<[number], { lang: string; n: number }>(
    "SELECT lang, COUNT(*) AS n FROM instructions WHERE set_id = ? GROUP BY lang",
  );

  const present = (row: SetRow): InstructionSet => ({
    id: row.id,
    name: row.name,
    description: row.description,
    source: row.source,
    is_demo: row.is_demo === 1,
    length_ranges: JSON.parse(row.length_ranges) as LengthRange[],
    instruction_count: row.instruction_count,
    created_by: row.created_by_name,
    created_at: row.created_at,
  });
  const maybe = (row: SetRow | undefined) => (row ? present(row) : undefined);

  return {
    list: () => all.all().map(present),
    /** A page of the ready sets, newest first (the order of `list`). */
    listPage: paged,
    get: (id: number) => maybe(byId.get(id)),
    findByName: (name: string) => maybe(byName.get(name)),
    create(set: NewInstructionSet, now: Date): number {
      return Number(insert.run(...columns(set, set.name, now)).lastInsertRowid);
    },
    /** The id of the user who imported the set (null: demo, CLI). */
    creatorId: (id: number) => byId.get(id)?.created_by ?? null,
    /** A set written in chunks: invisible under a placeholder name until `publish` gives it its own. */
    createImporting(set: NewInstructionSet, placeholder: string, writer: string, now: Date): number {
      return Number(insertImporting.run(...columns(set, placeholder, now), writer, now.toISOString()).lastInsertRowid);
    },
    /** The importer is alive: recorded with each chunk. */
    beat: (id: number, now: Date) => beat.run(now.toISOString(), id).changes > 0,
    /** Makes an imported set visible under its name (a UNIQUE violation when the name was taken meanwhile). */
    publish: (id: number, name: string) => publish.run(name, id).changes > 0,
    /** Hides a ready set at once and frees its name; its rows are removed afterwards in chunks. */
    markDeleting: (id: number) => markDeleting.run(id).changes > 0,
    setSource: (id: number, source: string) => setSource.run(source, id).changes > 0,
    /** Gives up an import: its importer's next chunk and its publish then fail, so no half set appears. */
    abandon: (id: number) => abandon.run(id).changes > 0,
    /** Removes at most `limit` instructions of a set; the number removed. */
    removeSomeInstructions: (id: number, limit: number) => removeSomeInstructions.run(id, limit).changes,
    /** Removes an (emptied) hidden set's row; a ready set is never removed here. */
    removeHidden: (id: number) => removeHidden.run(id).changes > 0,
    hidden: () => hidden.all(),
    /** Sampling jobs (and so outputs) that hang off the set: such a set is kept. */
    jobCount: (id: number) => jobCount.get(id)!.n,
    /** Length range × category counts, ranges in the set's order and "(none)" last when present. */
    counts(set: InstructionSet): InstructionCounts {
      const table: Record<string, Record<string, number>> = {};
      const seenRanges = new Set<string>();
      let total = 0;
      for (const { category, range, n } of cells.all(set.id)) {
        (table[category] ??= {})[range] = n;
        seenRanges.add(range);
        total += n;
      }
      const ranges = set.length_ranges.map((r) => r.label).filter((l) => l !== NONE);
      for (const r of seenRanges) if (!ranges.includes(r) && r !== NONE) ranges.push(r);
      if (seenRanges.has(NONE)) ranges.push(NONE);
      const by_lang = Object.fromEntries(langs.all(set.id).map((l) => [l.lang, l.n]));
      return { ranges, categories: Object.keys(table).sort(), cells: table, by_lang, total };
    },
  };
}

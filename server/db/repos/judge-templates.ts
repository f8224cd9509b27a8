import { createHash } from "node:crypto";
import type { JudgeTemplate, JudgeTemplateKind } from "../../../shared/schemas/judging";
import type { Db } from "../open";
import { pagedList } from "./paging";

/** The cache key of a template: judgments made with equal texts are the same judgments. */
const templateHash = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

interface TemplateRow extends Omit<JudgeTemplate, "builtin"> {
  builtin: number;
}

const present = (row: TemplateRow): JudgeTemplate => ({
  id: row.id,
  name: row.name,
  hash: row.hash,
  text: row.text,
  kind: row.kind,
  builtin: row.builtin === 1,
  created_at: row.created_at,
});

export function judgeTemplatesRepo(db: Db) {
  const all = db.prepare<[], TemplateRow>("SELECT * FROM judge_templates ORDER BY builtin DESC, name, id");
  const paged = pagedList(
    db,
    "SELECT * FROM judge_templates ORDER BY builtin DESC, name, id",
    "SELECT COUNT(*) AS n FROM judge_templates",
    (row: TemplateRow) => present(row),
  );
  const byId = db.prepare<[number], TemplateRow>("SELECT * FROM judge_templates WHERE id = ?");
  const byName = db.prepare<[string], TemplateRow>("SELECT * FROM judge_templates WHERE name = ?");
  const byHash = db.prepare<[string], TemplateRow>("SELECT * FROM judge_templates WHERE hash = ?");
  const builtinRow = db.prepare<[JudgeTemplateKind], TemplateRow>("SELECT * FROM judge_templates WHERE builtin = 1 AND kind = ?");
  const insert = db.prepare<{
    name: string;
    hash: string;
    text: string;
    kind: JudgeTemplateKind;
    builtin: number;
    created_by: number | null;
    now: string;
  }>(
    `INSERT INTO judge_templates (name, hash, text, kind, builtin, created_by, created_at)
     VALUES (@name, @hash, @text, @kind, @builtin, @created_by, @now) RETURNING id`,
  );
  const retire = db.prepare<{ id: number; name: string }>("UPDATE judge_templates SET builtin = 0, name = @name WHERE id = @id");
  const remove = db.prepare<[number]>("DELETE FROM judge_templates WHERE id = ? AND builtin = 0");
  const uses = db.prepare<{ id: number }, { n: number }>(
    `SELECT (SELECT COUNT(*) FROM judge_jobs WHERE template_id = @id) + (SELECT COUNT(*) FROM pair_runs WHERE template_id = @id)
       + (SELECT COUNT(*) FROM pair_judge_jobs WHERE template_id = @id) AS n`,
  );

  const create = (name: string, text: string, kind: JudgeTemplateKind, builtin: boolean, createdBy: number | null, now: Date) => {
    const info = insert.run({
      name,
      hash: templateHash(text),
      text,
      kind,
      builtin: builtin ? 1 : 0,
      created_by: createdBy,
      now: now.toISOString(),
    });
    return present(byId.get(Number(info.lastInsertRowid))!);
  };

  return {
    list: () => all.all().map(present),
    /** A page of the templates, the builtin one first, then by name (the order of `list`). */
    listPage: paged,
    get: (id: number) => {
      const row = byId.get(id);
      return row && present(row);
    },
    findByName: (name: string) => {
      const row = byName.get(name);
      return row && present(row);
    },
    byHash: (hash: string) => {
      const row = byHash.get(hash);
      return row && present(row);
    },
    create: (name: string, text: string, createdBy: number | null, now: Date, kind: JudgeTemplateKind = "single") =>
      create(name, text, kind, false, createdBy, now),
    /**
     * The project's default template of a kind (judging/template.ts, judging/pair-template.ts), stored on
     * first use. When a new version of longpref ships another text, the old one stays (renamed) so its
     * judgments keep their template.
     */
    builtin: (template: { name: string; text: string; kind?: JudgeTemplateKind }, now: Date): JudgeTemplate =>
      db.transaction(() => {
        const kind = template.kind ?? "single";
        const hash = templateHash(template.text);
        const current = builtinRow.get(kind);
        if (current?.hash === hash) return present(current);
        if (current) retire.run({ id: current.id, name: `${current.name} (${current.hash.slice(0, 8)})` });
        const same = byHash.get(hash);
        if (same) {
          db.prepare("UPDATE judge_templates SET builtin = 1 WHERE id = ?").run(same.id);
          return present(byId.get(same.id)!);
        }
        return create(template.name, template.text, kind, true, null, now);
      })(),
    hashOf: templateHash,
    uses: (id: number) => uses.get({ id })!.n,
    delete: (id: number) => remove.run(id).changes > 0,
  };
}

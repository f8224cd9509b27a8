import type { GenerationParams, Model } from "../../../shared/schemas/model";
import type { Db } from "../open";
import { pagedList } from "./paging";

interface ModelRow {
  id: number;
  name: string;
  base_urls: string;
  model: string;
  api_key_env: string | null;
  params: string;
  max_in_flight: number;
  timeout_ms: number;
  is_reference: number;
  resume_partial: number;
  n_per_request: number;
  source: Model["source"];
  created_by: number | null;
  created_by_name: string | null;
  created_at: string;
}

export interface ModelFields {
  name: string;
  base_urls: string[];
  model: string;
  api_key_env: string | null;
  params: GenerationParams;
  max_in_flight: number;
  timeout_ms: number;
  is_reference: boolean;
  resume_partial: boolean;
  /** Default 1 (a request per sample). */
  n_per_request?: number;
}

export type ModelsRepo = ReturnType<typeof modelsRepo>;

/** `keyPresent` says whether a key variable is one a model may use and is set (endpoint-policy.ts's keyPresence). */
export function modelsRepo(db: Db, keyPresent: (apiKeyEnv: string) => boolean) {
  const select = "SELECT m.*, u.username AS created_by_name FROM models m LEFT JOIN users u ON u.id = m.created_by";
  const all = db.prepare<[], ModelRow>(`${select} ORDER BY m.is_reference DESC, m.name, m.id`);
  const paged = pagedList(db, `${select} ORDER BY m.is_reference DESC, m.name, m.id`, "SELECT COUNT(*) AS n FROM models", (row: ModelRow) =>
    present(row),
  );
  const byId = db.prepare<[number], ModelRow>(`${select} WHERE m.id = ?`);
  const byName = db.prepare<[string], ModelRow>(`${select} WHERE m.name = ?`);
  const insert = db.prepare(
    `INSERT INTO models (name, base_urls, model, api_key_env, params, max_in_flight, timeout_ms, is_reference, resume_partial, n_per_request, source, created_by, created_at)
     VALUES (@name, @base_urls, @model, @api_key_env, @params, @max_in_flight, @timeout_ms, @is_reference, @resume_partial, @n_per_request, @source, @created_by, @created_at) RETURNING id`,
  );
  const update = db.prepare(
    `UPDATE models SET name = @name, base_urls = @base_urls, model = @model, api_key_env = @api_key_env, params = @params,
       max_in_flight = @max_in_flight, timeout_ms = @timeout_ms, is_reference = @is_reference, resume_partial = @resume_partial,
       n_per_request = @n_per_request
     WHERE id = @id`,
  );
  const remove = db.prepare<[number]>("DELETE FROM models WHERE id = ?");
  const sampleCount = db.prepare<[number], { n: number }>("SELECT COUNT(*) AS n FROM samples WHERE model_id = ?");

  // The one place a row becomes a Model; the key's value is never read here, only whether it is set, and
  // only for a name a model may use (else a probe of LONGPREF_ADMIN_PASSWORD would learn that it is set).
  const present = (row: ModelRow): Model => ({
    id: row.id,
    name: row.name,
    base_urls: JSON.parse(row.base_urls) as string[],
    model: row.model,
    api_key_env: row.api_key_env,
    api_key_present: row.api_key_env !== null && keyPresent(row.api_key_env),
    params: JSON.parse(row.params) as GenerationParams,
    max_in_flight: row.max_in_flight,
    timeout_ms: row.timeout_ms,
    is_reference: row.is_reference === 1,
    resume_partial: row.resume_partial === 1,
    n_per_request: row.n_per_request,
    source: row.source,
    created_by: row.created_by_name,
    created_at: row.created_at,
  });
  const toRow = (f: ModelFields) => ({
    name: f.name,
    base_urls: JSON.stringify(f.base_urls),
    model: f.model,
    api_key_env: f.api_key_env,
    params: JSON.stringify(f.params),
    max_in_flight: f.max_in_flight,
    timeout_ms: f.timeout_ms,
    is_reference: f.is_reference ? 1 : 0,
    resume_partial: f.resume_partial ? 1 : 0,
    n_per_request: f.n_per_request ?? 1,
  });

  return {
    list: () => all.all().map(present),
    /** A page of the models, reference models first, then by name (the order of `list`). */
    listPage: paged,
    get: (id: number) => {
      const row = byId.get(id);
      return row && present(row);
    },
    findByName: (name: string) => {
      const row = byName.get(name);
      return row && present(row);
    },
    /** The id of the user who created the model (null: config file, demo, CLI). */
    creatorId: (id: number) => byId.get(id)?.created_by ?? null,
    create(fields: ModelFields, source: Model["source"], now: Date, createdBy: number | null = null): Model {
      const info = insert.run({ ...toRow(fields), source, created_by: createdBy, created_at: now.toISOString() });
      return present(byId.get(Number(info.lastInsertRowid))!);
    },
    update(id: number, fields: ModelFields): Model {
      update.run({ ...toRow(fields), id });
      return present(byId.get(id)!);
    },
    delete: (id: number) => remove.run(id).changes > 0,
    sampleCount: (id: number) => sampleCount.get(id)!.n,
  };
}

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashPassword } from "../../server/auth/password";
import { createCampaign } from "../../server/campaigns/create";
import { createContext, type Context } from "../../server/context";
import { migrate } from "../../server/db/migrate";
import { openDatabase, type Db } from "../../server/db/open";
import { silentLogger } from "../../server/logger";
import { fieldsFromBody } from "../../server/sampling/model-fields";
import { seedSet } from "../helpers/sampling";
import { freshTestDatabase, testBackend } from "../helpers/test-db";

/**
 * A temp folder and the database the crashed processes share: a file in the folder, or, when the suites run
 * on PostgreSQL, a database of its own (dbPath is then its URL). remove() deletes both whatever happened.
 */
export function faultDir(name: string) {
  const dir = mkdtempSync(join(tmpdir(), `longpref-faults-${name}-`));
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  if (testBackend === "sqlite") return { dir, dbPath: join(dir, "faults.db"), remove: removeDir };
  const database = freshTestDatabase();
  return {
    dir,
    dbPath: database.location,
    remove: () => {
      removeDir();
      database.drop();
    },
  };
}

/** Opens and migrates the file as the server does, with a context over it. */
export function openMigrated(dbPath: string): { db: Db; ctx: Context } {
  const db = openDatabase(dbPath);
  migrate(db);
  return { db, ctx: createContext(db, () => new Date(), silentLogger) };
}

/** What the database says of itself after the crashes: "ok" and no dangling foreign key, else the problems. */
export function integrity(db: Db): string {
  // PostgreSQL checks its pages and foreign keys itself (a violation is refused at the write): a readable
  // database is its answer.
  if (testBackend === "postgres") return db.prepare("SELECT 'ok' AS ok").pluck().get() as string;
  const check = (db.pragma("integrity_check") as { integrity_check: string }[]).map((r) => r.integrity_check);
  const foreign = db.pragma("foreign_key_check") as unknown[];
  return check.join("; ") === "ok" && foreign.length === 0 ? "ok" : `${check.join("; ")}; ${foreign.length} foreign key violations`;
}

/** A model with n finished samples per instruction of the set, as imported outputs. */
export function seedOutputs(
  ctx: Context,
  setId: number,
  o: { name: string; text: (instructionId: number, index: number) => string; n?: number; isReference?: boolean },
) {
  const model = ctx.models.create(
    fieldsFromBody({ name: o.name, base_urls: [], model: o.name, is_reference: o.isReference ?? false }),
    "ui",
    new Date(),
  );
  const n = o.n ?? 1;
  const jobId = ctx.samplingJobs.create(
    {
      set_id: setId,
      model_id: model.id,
      n,
      strategy: "import",
      filter: {},
      params: { temperature: 0.5, top_p: null, max_tokens: 1000 },
      templates: null,
      status: "done",
      created_by: null,
    },
    new Date(),
  );
  ctx.db.transaction(() => {
    for (const instruction_id of ctx.instructions.ids({ set: setId })) {
      for (let sample_index = 0; sample_index < n; sample_index++) {
        const t = o.text(instruction_id, sample_index);
        const row = {
          job_id: jobId,
          instruction_id,
          model_id: model.id,
          sample_index,
          source: "imported" as const,
          text: t,
          word_count: t.split(/\s+/).length,
          finish_reason: "stop",
          flags: [],
        };
        ctx.samples.insertFinished([row], new Date());
      }
    }
  })();
  return model;
}

/**
 * A vs-reference campaign of `instructions` comparisons × k judgments, and `annotators` accounts sharing
 * one password (scrypt is slow on purpose: hashed once).
 */
export async function seedCampaign(ctx: Context, o: { instructions: number; k: number; annotators: number; password: string }) {
  const setId = seedSet(
    ctx,
    Array.from({ length: o.instructions }, (_, i) => `Write a short story number ${i + 1}.`),
    "faults",
  );
  const candidate = seedOutputs(ctx, setId, { name: "candidate", text: (id) => `Candidate story for instruction ${id}. `.repeat(20) });
  seedOutputs(ctx, setId, { name: "reference", text: (id) => `Reference story for instruction ${id}. `.repeat(20), isReference: true });
  const hash = await hashPassword(o.password);
  const usernames = Array.from({ length: o.annotators }, (_, i) => `annotator${String(i).padStart(2, "0")}`);
  ctx.db.transaction(() => usernames.forEach((u) => ctx.users.create(u, "annotator", hash, new Date())))();
  const settings = { judgments_per_comparison: o.k, guidelines: "Pick the better story." };
  const campaignId = createCampaign(
    ctx,
    { name: "faults", set_id: setId, source: { kind: "vs-reference", model_id: candidate.id }, annotators: "all", settings },
    null,
  );
  return { campaignId, usernames };
}

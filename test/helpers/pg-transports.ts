import { afterAll, beforeAll } from "vitest";
import { openDatabase, type Db } from "../../server/db/open";
import { libpqBinding } from "../../server/db/pg/libpq-client";
import type { PgTransport } from "../../server/db/pg/pg-connection";
import { emptyTestDatabase, testPg, type TestDatabase } from "./test-db";

/**
 * Both PostgreSQL clients, each with whether its suite runs: only in the PostgreSQL pass (LONGPREF_TEST_PG),
 * and libpq where its binding is built; CI builds it (.ci/run), so there its absence fails instead of skipping.
 */
const libpqRuns = libpqBinding() !== null || process.env.CI === "true";
export const pgTransports = (["libpq", "worker"] as PgTransport[]).map((transport) => ({
  transport,
  skip: !testPg || (transport === "libpq" && !libpqRuns),
}));

/** Connections opened from now on use `transport` (LONGPREF_PG_CLIENT); the returned call puts the setting back. */
export function chooseTransport(transport: PgTransport): () => void {
  const chosen = process.env.LONGPREF_PG_CLIENT;
  process.env.LONGPREF_PG_CLIENT = transport;
  return () => {
    if (chosen === undefined) delete process.env.LONGPREF_PG_CLIENT;
    else process.env.LONGPREF_PG_CLIENT = chosen;
  };
}

/**
 * For a suite through one transport: an empty database made by `ddl`, with the connection under test (`db`) and
 * a second one that sees only what was committed (`observer`); set before the suite's own beforeAll hooks run.
 */
export function transportDatabase(transport: PgTransport, ddl: string): { db: Db; observer: Db } {
  const connections = {} as { db: Db; observer: Db };
  let database: TestDatabase;
  let restore: () => void;
  beforeAll(() => {
    restore = chooseTransport(transport);
    database = emptyTestDatabase();
    connections.db = openDatabase(database.location);
    connections.observer = openDatabase(database.location);
    connections.db.exec(ddl);
  });
  afterAll(() => {
    restore();
    connections.db.close();
    connections.observer.close();
    database.drop();
  });
  return connections;
}

/** Calls that wait for PostgreSQL's answer (one round trip each), counted on the libpq binding while `on`. */
export function countWaits() {
  const Binding = libpqBinding() as unknown as { prototype: Record<string, (...a: unknown[]) => unknown> } | null;
  const names = ["exec", "execParams", "execPrepared", "prepare", "pipelineSync"];
  const originals = new Map(names.map((n) => [n, Binding?.prototype[n]]));
  const counter = { on: false, waits: 0 };
  for (const name of names) {
    const original = originals.get(name);
    if (!Binding || !original) continue;
    Binding.prototype[name] = function (this: unknown, ...args: unknown[]) {
      if (counter.on) counter.waits++;
      return original.apply(this, args);
    };
  }
  const restore = () => {
    for (const [name, original] of originals) if (Binding && original) Binding.prototype[name] = original;
  };
  return { counter, restore };
}
